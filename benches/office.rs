//! The case store at the scale of a large legal-aid office, encrypted against plain SQLite, in
//! one run (the machine is shared and noisy: only same-run ratios mean much).
//!
//! Two vaults receive the same synthetic caseload (`support/synth.rs`): the real one, whose
//! database is SQLCipher, and the baseline, the same code and schema on plain SQLite
//! (`src/vault/baseline.rs`). Every workload alternates between them:
//!
//! - bulk insert of cases (client, case, events with their deadlines, tasks) and of notes;
//! - opening a case with everything on it;
//! - a page of the case list under the filters the case list offers;
//! - full-text search, and the same searches as a `LIKE` scan (what an app without the index
//!   would do);
//! - unlocking: the key derivation alone against its 1 s calibration target, and unlock to the
//!   dashboard against the key derivation.
//!
//! `cargo bench --features bench-baseline --bench office`; `AMPARO_BENCH_SCALE=office` for
//! 50,000 cases and a million notes (default `small`: 1,000 cases, 20,000 notes);
//! `AMPARO_BENCH_KEEP=DIR` keeps the encrypted vault in DIR (passphrase below) for the desktop
//! benchmark (`scripts/bench-desktop`).

#[path = "support/synth.rs"]
mod synth;

use std::path::Path;
use std::time::{Duration, Instant};

use amparo::domain::{Jurisdiction, Stage};
use amparo::store::CaseFilter;
use amparo::vault::kdf::{KdfChoice, TARGET};
use amparo::{Unlock, Vault};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use secrecy::{ExposeSecret, SecretString};

const PASSPHRASE: &str = "benchmark passphrase, not a real vault";
const SEED: u64 = 8;
const CASES_PER_TRANSACTION: usize = 1_000;
const NOTES_PER_TRANSACTION: usize = 10_000;

/// Samples of one workload on both vaults.
#[derive(Default)]
struct Pair {
    encrypted: Vec<Duration>,
    plain: Vec<Duration>,
}

impl Pair {
    /// Run `f` on both vaults, the first one alternating between rounds.
    fn time<T>(&mut self, round: usize, enc: &mut Vault, plain: &mut Vault, mut f: impl FnMut(&mut Vault, bool) -> T) {
        let mut one = |v: &mut Vault, encrypted: bool| {
            let t = Instant::now();
            std::hint::black_box(f(v, encrypted));
            let took = t.elapsed();
            if encrypted { &mut self.encrypted } else { &mut self.plain }.push(took);
        };
        if round.is_multiple_of(2) {
            one(enc, true);
            one(plain, false);
        } else {
            one(plain, false);
            one(enc, true);
        }
    }

    fn total(v: &[Duration]) -> Duration {
        v.iter().sum()
    }

    fn print_throughput(&self, what: &str, items: usize, unit: &str) {
        let (e, p) = (Pair::total(&self.encrypted).as_secs_f64(), Pair::total(&self.plain).as_secs_f64());
        println!(
            "  {what:<34} encrypted {:>9.0} {unit}/s   plain {:>9.0} {unit}/s   encrypted/plain {:.2}x   (target >= 0.85x)",
            items as f64 / e,
            items as f64 / p,
            p / e
        );
    }

    fn print_latency(&self, what: &str, target: &str) {
        let (em, ep) = quantiles(&self.encrypted);
        let (pm, pp) = quantiles(&self.plain);
        println!(
            "  {what:<34} encrypted median {:>7.2} ms p95 {:>7.2} ms   plain median {:>7.2} ms p95 {:>7.2} ms   throughput encrypted/plain {:.2}x{target}",
            ms(em),
            ms(ep),
            ms(pm),
            ms(pp),
            pm.as_secs_f64() / em.as_secs_f64()
        );
    }
}

fn quantiles(v: &[Duration]) -> (Duration, Duration) {
    let mut v = v.to_vec();
    v.sort();
    (v[v.len() / 2], v[(v.len() * 95 / 100).min(v.len() - 1)])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn file_size(path: &Path) -> u64 {
    ["vault.db", "vault.db-wal"].iter().filter_map(|f| std::fs::metadata(path.join(f)).ok()).map(|m| m.len()).sum()
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0
}

/// Which case a note is on: skewed, as in an office (the busiest cases gather a few hundred
/// notes, most a dozen or two).
fn note_case(rng: &mut StdRng, cases: usize) -> usize {
    let u: f64 = rng.gen();
    (u.powf(1.3) * cases as f64) as usize % cases
}

/// The kinds of [`search_queries`], in the order they take turns.
const QUERY_KINDS: [&str; 5] = ["a surname", "given name and surname", "a place", "words of the notes", "an A-number"];

/// What lawyers type into search: surnames, full names, places, words of the notes in both
/// languages, A-numbers. Half are drawn from a bigger pool of common and rare words.
fn search_queries(rng: &mut StdRng, cases: usize) -> Vec<String> {
    let words = [
        "interpreter",
        "declaración",
        "biometrics",
        "pesadillas",
        "cartel",
        "venue",
        "police report",
        "renta",
        "psychological",
        "testigo",
        "detained",
        "acta de nacimiento",
        "clinic",
        "colectivos",
        "permiso de trabajo",
        "hermano",
        "stepfather",
        "exhibit",
        "amenazas",
        "funeral",
    ];
    let places = ["Choloma", "Tapachula", "Gonaïves", "Cúcuta", "Herat", "Boa Vista", "San Pedro Sula", "Idlib"];
    (0..200)
        .map(|i| match i % 5 {
            0 => synth::name(rng).split(' ').next_back().unwrap_or_default().to_string(),
            1 => {
                let n = synth::name(rng);
                let parts: Vec<&str> = n.split(' ').collect();
                format!("{} {}", parts[0], parts[parts.len() - 1])
            }
            2 => places[rng.gen_range(0..places.len())].to_string(),
            3 => words[rng.gen_range(0..words.len())].to_string(),
            // An A-number from the caseload (60 % of clients have one).
            _ => format!("{}{:08}", SEED % 9 + 1, rng.gen_range(0..cases)),
        })
        .collect()
}

/// Every case id, oldest first (the order they were made in).
fn case_ids(v: &Vault) -> Vec<String> {
    let mut ids = Vec::new();
    loop {
        let page = v.list_cases(&CaseFilter { limit: 1000, offset: ids.len(), ..Default::default() }).expect("list");
        if page.rows.is_empty() {
            break;
        }
        ids.extend(page.rows.into_iter().map(|r| r.id));
    }
    ids.reverse();
    ids
}

/// Make both vaults and fill them with the same caseload, timing the bulk inserts side by side.
/// Returns the vaults and their case ids, oldest first.
fn build(
    scale: synth::Scale,
    enc_dir: &Path,
    plain_dir: &Path,
    pass: &SecretString,
) -> (Vault, Vault, [Vec<String>; 2]) {
    let t = Instant::now();
    let mut enc = Vault::create(enc_dir, pass, KdfChoice::Calibrate).expect("vault").vault;
    println!("  vault created with a calibrated key derivation in {:.2} s", t.elapsed().as_secs_f64());
    let mut plain = Vault::create_unencrypted_baseline(plain_dir).expect("baseline vault");

    // Bulk insert of cases: client, case, events (deadlines recomputed), tasks.
    let mut ids: [Vec<String>; 2] = [Vec::new(), Vec::new()];
    let mut cases = Pair::default();
    let mut records = 0;
    for (round, start) in (0..scale.cases).step_by(CASES_PER_TRANSACTION).enumerate() {
        let chunk: Vec<synth::CaseRecord> =
            (start..(start + CASES_PER_TRANSACTION).min(scale.cases)).map(|n| synth::case_record(SEED, n)).collect();
        records += chunk.iter().map(|r| 2 + r.events.len() + r.tasks.len()).sum::<usize>();
        cases.time(round, &mut enc, &mut plain, |v, encrypted| {
            let made = v
                .bulk(|b| {
                    let mut made = Vec::with_capacity(chunk.len());
                    for r in &chunk {
                        let (_, case) = b.intake(&r.person, &r.case)?;
                        for (kind, date) in &r.events {
                            b.add_event(&case, *kind, date, None)?;
                        }
                        for (title, due) in &r.tasks {
                            b.add_task(&case, title, due.as_deref())?;
                        }
                        made.push(case);
                    }
                    Ok(made)
                })
                .expect("bulk cases");
            ids[usize::from(!encrypted)].extend(made);
        });
    }
    println!("bulk insert, {CASES_PER_TRANSACTION} cases or {NOTES_PER_TRANSACTION} notes per transaction:");
    cases.print_throughput(&format!("cases ({records} records)"), records, "rec");

    // Bulk insert of notes.
    let total_notes = scale.cases * scale.notes_per_case;
    let mut notes = Pair::default();
    let mut note_bytes = 0;
    let mut rng = StdRng::seed_from_u64(SEED);
    for (round, start) in (0..total_notes).step_by(NOTES_PER_TRANSACTION).enumerate() {
        let chunk: Vec<(usize, String)> = (start..(start + NOTES_PER_TRANSACTION).min(total_notes))
            .map(|_| (note_case(&mut rng, scale.cases), synth::note(&mut rng)))
            .collect();
        note_bytes += chunk.iter().map(|(_, n)| n.len()).sum::<usize>();
        notes.time(round, &mut enc, &mut plain, |v, encrypted| {
            let ids = &ids[usize::from(!encrypted)];
            v.bulk(|b| chunk.iter().try_for_each(|(case, text)| b.add_note(&ids[*case], text).map(drop)))
                .expect("bulk notes")
        });
    }
    notes.print_throughput(&format!("notes ({} MiB of text)", note_bytes >> 20), total_notes, "notes");
    println!(
        "  database on disk: encrypted {:.0} MiB, plain {:.0} MiB",
        mib(file_size(enc_dir)),
        mib(file_size(plain_dir))
    );

    (enc, plain, ids)
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let scale_name = std::env::var("AMPARO_BENCH_SCALE").unwrap_or_else(|_| "small".into());
    let Some(scale) = synth::Scale::named(&scale_name) else {
        eprintln!("error: AMPARO_BENCH_SCALE must be small or office");
        std::process::exit(2);
    };
    let tmp = tempfile::tempdir().expect("temp dir");
    let keep = std::env::var_os("AMPARO_BENCH_KEEP").map(std::path::PathBuf::from);
    let base = keep.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    let (enc_dir, plain_dir) = (base.join("encrypted"), base.join("plain"));
    let pass = SecretString::from(PASSPHRASE);
    println!("office: {scale_name} scale, {} cases, {} notes", scale.cases, scale.cases * scale.notes_per_case);
    let (mut enc, mut plain, ids) = if keep.is_some() && enc_dir.join("keyslots").exists() {
        println!("  reusing the vaults kept in {} (delete them to build new ones)", base.display());
        let enc = Vault::open(&enc_dir, Unlock::Passphrase(&pass)).expect("kept vault");
        let plain = Vault::open_unencrypted_baseline(&plain_dir).expect("kept baseline vault");
        let ids = [case_ids(&enc), case_ids(&plain)];
        (enc, plain, ids)
    } else {
        build(scale, &enc_dir, &plain_dir, &pass)
    };
    if ids.iter().any(|i| i.len() != scale.cases) {
        eprintln!("error: the kept vaults do not hold {} cases; delete them to build new ones", scale.cases);
        std::process::exit(2);
    }

    // Open a case with everything on it (the busiest cases are among the first).
    let mut open = Pair::default();
    let mut rng = StdRng::seed_from_u64(SEED + 1);
    for round in 0..200 {
        let n = note_case(&mut rng, scale.cases);
        open.time(round, &mut enc, &mut plain, |v, encrypted| v.case(&ids[usize::from(!encrypted)][n]).expect("case"));
    }
    println!("reads:");
    open.print_latency("open a case with everything", "");
    let busiest = enc.case(&ids[0][0]).expect("case");
    let t = Instant::now();
    std::hint::black_box(enc.case(&ids[0][0]).expect("case"));
    println!("  the busiest case ({} notes) opens in {:.2} ms (encrypted)", busiest.notes.len(), ms(t.elapsed()));

    // A page of the case list under each filter the list offers.
    let filters: Vec<(&str, CaseFilter)> = vec![
        ("first page", CaseFilter { limit: 50, ..Default::default() }),
        ("a page in the middle", CaseFilter { limit: 50, offset: scale.cases / 2, ..Default::default() }),
        ("jurisdiction", CaseFilter { limit: 50, jurisdiction: Some(Jurisdiction::UsEoir), ..Default::default() }),
        (
            "stage and lawyer",
            CaseFilter {
                limit: 50,
                stage: Some(Stage::Hearing),
                lawyer: Some("C. Duarte".into()),
                ..Default::default()
            },
        ),
        ("a surname", CaseFilter { limit: 50, text: Some("Hernández".into()), ..Default::default() }),
        (
            "name prefixes and jurisdiction",
            CaseFilter {
                limit: 50,
                text: Some("maria gonz".into()),
                jurisdiction: Some(Jurisdiction::UsEoir),
                ..Default::default()
            },
        ),
    ];
    println!("  a page (50) of the case list:");
    for (what, f) in &filters {
        let mut list = Pair::default();
        for round in 0..20 {
            list.time(round, &mut enc, &mut plain, |v, _| v.list_cases(f).expect("list"));
        }
        list.print_latency(&format!("  {what}"), "");
    }

    // Full-text search, and the LIKE scan an app without the index would run.
    let mut rng = StdRng::seed_from_u64(SEED + 2);
    let queries = search_queries(&mut rng, scale.cases);
    let mut search = Pair::default();
    let mut by_kind: [Pair; 5] = Default::default();
    let mut hits = 0;
    for (round, q) in queries.iter().enumerate() {
        let mut one = Pair::default();
        one.time(round, &mut enc, &mut plain, |v, _| {
            let found = v.search(q, 50).expect("search");
            hits += found.len();
        });
        for pair in [&mut search, &mut by_kind[round % 5]] {
            pair.encrypted.extend(&one.encrypted);
            pair.plain.extend(&one.plain);
        }
    }
    search.print_latency(&format!("full-text search ({} queries)", queries.len()), "   target p95 <= 50 ms");
    for (what, pair) in QUERY_KINDS.iter().zip(&by_kind) {
        pair.print_latency(&format!("  {what}"), "");
    }
    // The same queries both ways: every seventh takes each kind of query in turn.
    let (mut scans, mut indexed) = (Vec::new(), Vec::new());
    for q in queries.iter().step_by(7) {
        let t = Instant::now();
        std::hint::black_box(enc.search_by_scan(q, 50).expect("scan"));
        scans.push(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(enc.search(q, 50).expect("search"));
        indexed.push(t.elapsed());
    }
    let ((scan_median, scan_p95), (fts_median, _)) = (quantiles(&scans), quantiles(&indexed));
    println!(
        "  LIKE scan instead (encrypted, {} of the queries) median {:>9.2} ms p95 {:>9.2} ms   full-text on the same {:.2} ms   scan/full-text {:.0}x   (target >= 50x)",
        scans.len(),
        ms(scan_median),
        ms(scan_p95),
        ms(fts_median),
        scan_median.as_secs_f64() / fts_median.as_secs_f64()
    );
    println!("  ({} hits in all)", hits / 2);
    println!("  peak memory of this process so far {:.0} MiB (two vaults open)", peak_rss_mib());

    // Unlock: the key derivation alone, then unlock to the dashboard.
    let params = enc.kdf_params();
    drop(enc);
    drop(plain);
    let (mut kdf, mut unlock, mut dashboard) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..3 {
        let t = Instant::now();
        std::hint::black_box(params.derive(pass.expose_secret().as_bytes(), &[7; 16]).expect("derive"));
        kdf.push(t.elapsed());
        let t = Instant::now();
        let v = Vault::open(&enc_dir, Unlock::Passphrase(&pass)).expect("unlock");
        let opened = t.elapsed();
        std::hint::black_box(v.dashboard().expect("dashboard"));
        unlock.push(t.elapsed());
        dashboard.push(t.elapsed() - opened);
    }
    let (kdf, _) = quantiles(&kdf);
    let (unlock, _) = quantiles(&unlock);
    let (dashboard, _) = quantiles(&dashboard);
    println!("unlock ({params:?}), median of 3:");
    println!(
        "  key derivation {:>7.0} ms   calibration target {:.0} ms   derivation/target {:.2}x   (target 0.8-1.2x)",
        ms(kdf),
        ms(TARGET),
        kdf.as_secs_f64() / TARGET.as_secs_f64()
    );
    println!(
        "  unlock to dashboard {:>7.0} ms (of which the dashboard's queries {:.0} ms)   unlock/derivation {:.2}x   (target <= 1.2x)",
        ms(unlock),
        ms(dashboard),
        unlock.as_secs_f64() / kdf.as_secs_f64()
    );
}
