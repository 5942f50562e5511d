//! Intake at the scale of a large office: importing a 10,000-row sheet, and the conflict check
//! against 100,000 people, each beside its baseline in the same run.
//!
//! - Import: the dry run (read, validate, check conflicts, roll back) and the commit of the same
//!   10,000 rows, against the 10 s target.
//! - Conflict check: the median and p95 of 50 checks (names from the population, retyped
//!   without accents or with a typo) through the token index, beside the same checks scoring
//!   every person in the vault (the naive scan), against the 100 ms target.
//!
//! `cargo bench --bench intake` (AMPARO_BENCH_PEOPLE sets the population, default 100000).

#[path = "support/synth.rs"]
mod synth;

use std::time::{Duration, Instant};

use amparo::conflicts::names;
use amparo::store::conflicts::ConflictQuery;
use amparo::store::sheet_import::SheetOptions;
use amparo::vault::kdf::KdfChoice;
use amparo::Vault;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use secrecy::SecretString;

fn median(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (v[v.len() / 2], v[(v.len() * 95 / 100).min(v.len() - 1)])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Retyped as at a busy intake desk: accents dropped, and now and then a letter lost.
fn retyped(name: &str, rng: &mut StdRng) -> String {
    let plain = names::fold(name);
    if rng.gen_bool(0.3) {
        let mut chars: Vec<char> = plain.chars().collect();
        let at = rng.gen_range(1..chars.len().saturating_sub(1).max(2));
        if chars.get(at).is_some_and(|c| c.is_alphabetic()) {
            chars.remove(at);
        }
        return chars.into_iter().collect();
    }
    plain
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let people: usize = std::env::var("AMPARO_BENCH_PEOPLE").ok().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let pass = SecretString::from("benchmark passphrase, not a real vault");
    let mut v = Vault::create(&dir.path().join("vault"), &pass, KdfChoice::InsecureForTests).expect("vault").vault;

    // Import: 10,000 rows, dry run then commit.
    let sheet = dir.path().join("first.csv");
    std::fs::write(&sheet, synth::sheet(1, 10_000, "a")).expect("sheet");
    let t = Instant::now();
    let dry = v.import_sheet(&sheet, &SheetOptions { dry_run: true, mapping: None }).expect("dry run");
    let dry_time = t.elapsed();
    let t = Instant::now();
    let done = v.import_sheet(&sheet, &SheetOptions::default()).expect("import");
    let commit_time = t.elapsed();
    assert!(done.committed && dry.errors.is_empty(), "{:?}", dry.errors.first());
    println!("intake: import of a 10,000-row sheet (each row: person, case, conflict check)");
    println!(
        "  dry run {:>7.2} s   commit {:>7.2} s   target 10 s   commit/target {:.2}x   ({} possible conflicts flagged)",
        dry_time.as_secs_f64(),
        commit_time.as_secs_f64(),
        commit_time.as_secs_f64() / 10.0,
        dry.conflicts.len()
    );

    // Grow the vault to the population, in sheets of up to 100,000 rows.
    let mut have = 10_000;
    let mut seed = 2;
    while have < people {
        let rows = (people - have).min(100_000);
        std::fs::write(&sheet, synth::sheet(seed, rows, &format!("p{seed}"))).expect("sheet");
        let grown = v.import_sheet(&sheet, &SheetOptions::default()).expect("grow");
        assert!(grown.committed, "{:?}", grown.errors.first());
        have += rows;
        seed += 1;
    }

    // Conflict checks: names from the population, retyped.
    let mut rng = StdRng::seed_from_u64(7);
    let queries: Vec<String> = (0..50).map(|_| retyped(&synth::name(&mut rng), &mut rng)).collect();
    let mut indexed = Vec::new();
    let mut found = 0;
    for q in &queries {
        let t = Instant::now();
        let m = v.check_conflicts(&ConflictQuery { name: q.clone(), ..Default::default() }).expect("check");
        indexed.push(t.elapsed());
        found += usize::from(!m.is_empty());
    }
    // The naive scan: every person's name and aliases scored against the query.
    let everyone: Vec<Vec<names::Token>> = (0..)
        .map(|page| v.list_people(10_000, page * 10_000).expect("people"))
        .take_while(|p| !p.is_empty())
        .flatten()
        .map(|p| names::tokens(&p.name))
        .collect();
    let mut naive = Vec::new();
    for q in &queries {
        let t = Instant::now();
        let query = names::tokens(q);
        let hits = everyone.iter().filter(|c| names::name_similarity(&query, c).is_some_and(|(s, _)| s >= 0.7)).count();
        std::hint::black_box(hits);
        naive.push(t.elapsed());
    }
    let (med, p95) = median(indexed);
    let (naive_med, _) = median(naive);
    println!("intake: conflict check against {} people, 50 retyped names ({found} with a match)", everyone.len());
    println!(
        "  indexed median {:>7.2} ms  p95 {:>7.2} ms   naive in-memory scan median {:>7.2} ms   scan/indexed {:.1}x   target 100 ms   median/target {:.2}x",
        ms(med),
        ms(p95),
        ms(naive_med),
        naive_med.as_secs_f64() / med.as_secs_f64(),
        ms(med) / 100.0
    );
}
