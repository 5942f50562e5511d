//! Bundle export throughput against the `age` CLI encrypting the same bytes, and the export's
//! peak memory, measured side by side in one run (the machine is shared and noisy: only the
//! ratio means much). Run with `cargo bench --bench exchange`; `AMPARO_BENCH_MIB` sets the
//! attachment size (default 1024 MiB, as in issue 5).
//!
//! Target (issue 5): export ≥ 0.9× the age CLI; peak memory flat in bundle size.

use std::fs;
use std::io::Write;
use std::process::Command;
use std::time::Instant;

use amparo::domain::records::{CaseDetails, NewPerson};
use amparo::vault::kdf::KdfChoice;
use amparo::Vault;
use rand::RngCore;
use secrecy::SecretString;

const ROUNDS: usize = 3;

/// Peak resident memory of this process since the last reset, in MiB.
fn peak_rss_mib() -> f64 {
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

/// Reset the peak (Linux: writing 5 to clear_refs resets VmHWM).
fn reset_peak() {
    let _ = fs::write("/proc/self/clear_refs", "5");
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return; // `cargo test --benches` asks benches to list themselves; there is nothing to list.
    }
    let mib: usize = std::env::var("AMPARO_BENCH_MIB").ok().and_then(|v| v.parse().ok()).unwrap_or(1024);
    if Command::new("age").arg("--version").output().is_err() {
        eprintln!("error: the age CLI is needed for the comparison (scripts/setup-system installs it)");
        std::process::exit(1);
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("evidence.bin");
    {
        let mut f = fs::File::create(&data).expect("data file");
        let mut rng = rand::thread_rng();
        let mut buf = vec![0u8; 1 << 20];
        for _ in 0..mib {
            rng.fill_bytes(&mut buf);
            f.write_all(&buf).expect("write data");
        }
    }
    let pass = SecretString::from("benchmark passphrase, not a real vault");
    let mut v = Vault::create(&dir.path().join("vault"), &pass, KdfChoice::InsecureForTests).expect("vault").vault;
    let details = CaseDetails { jurisdiction: "us-eoir".into(), title: "Benchmark".into(), ..Default::default() };
    let (_, case) = v.intake(NewPerson { name: "Bench".into(), ..Default::default() }, details).expect("case");
    v.add_document(&case, &data).expect("attachment");
    let recipient = age::x25519::Identity::generate().to_public().to_string();

    let (mut ours, mut theirs, mut peaks) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let out = dir.path().join(format!("bundle-{round}.age"));
        reset_peak();
        let before = peak_rss_mib();
        let t = Instant::now();
        v.export_bundle(std::slice::from_ref(&case), &[], std::slice::from_ref(&recipient), &out, false)
            .expect("export");
        ours.push(mib as f64 / t.elapsed().as_secs_f64());
        peaks.push(peak_rss_mib().max(before));
        fs::remove_file(&out).ok();

        let out = dir.path().join(format!("age-{round}.age"));
        let t = Instant::now();
        let status = Command::new("age").args(["-r", &recipient, "-o"]).arg(&out).arg(&data).status().expect("age");
        assert!(status.success(), "age CLI failed");
        theirs.push(mib as f64 / t.elapsed().as_secs_f64());
        fs::remove_file(&out).ok();
    }
    let (ours, theirs) = (median(ours), median(theirs));
    println!("bundle export of {mib} MiB of attachments, median of {ROUNDS} rounds, alternating:");
    println!("  amparo export   {ours:8.1} MiB/s");
    println!("  age CLI         {theirs:8.1} MiB/s   (age -r, the same bytes)");
    println!("  ratio           {:8.2}×       (target ≥ 0.90)", ours / theirs);
    println!("  peak RSS during export {:.0} MiB (median; target: flat in bundle size, < 200 MiB)", median(peaks));
}
