//! Bundle export and import throughput against the `age` CLI encrypting and decrypting the same
//! bytes, and peak memory, measured side by side in one run (the machine is shared and noisy:
//! only the ratios mean much). Run with `cargo bench --bench exchange`; `AMPARO_BENCH_MIB` sets
//! the attachment size (default 1024 MiB, as in issue 5).
//!
//! Target (issue 5): export and import ≥ 0.9× the age CLI; peak memory flat in bundle size.

use std::fs;
use std::process::Command;
use std::time::Instant;

use amparo::domain::records::{CaseDetails, NewPerson};
use amparo::vault::kdf::KdfChoice;
use amparo::Vault;
use secrecy::{ExposeSecret, SecretString};

const ROUNDS: usize = 3;

#[path = "support/measure.rs"]
mod measure;
use measure::{median, peak_rss_mib, reset_peak};

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return; // `cargo test --benches` asks benches to list themselves; there is nothing to list.
    }
    let mib: usize = std::env::var("AMPARO_BENCH_MIB").ok().and_then(|v| v.parse().ok()).unwrap_or(1024);
    measure::require_age_cli();
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("evidence.bin");
    measure::random_file(&data, (mib as u64) << 20);
    let pass = SecretString::from("benchmark passphrase, not a real vault");
    let mut v = Vault::create(&dir.path().join("vault"), &pass, KdfChoice::InsecureForTests).expect("vault").vault;
    let details = CaseDetails { jurisdiction: "us-eoir".into(), title: "Benchmark".into(), ..Default::default() };
    let (_, case) = v.intake(NewPerson { name: "Bench".into(), ..Default::default() }, details).expect("case");
    v.add_document(&case, &data).expect("attachment");
    let raw_key = age::x25519::Identity::generate();
    let recipient = raw_key.to_public().to_string();
    let key_file = dir.path().join("key.txt");
    fs::write(&key_file, format!("{}\n", raw_key.to_string().expose_secret())).expect("key file");
    let card = v.contact_card(Some("Sender")).expect("card");

    let (mut ours, mut theirs, mut peaks) = (Vec::new(), Vec::new(), Vec::new());
    let (mut ours_in, mut theirs_in, mut peaks_in) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let out = dir.path().join(format!("bundle-{round}.age"));
        reset_peak();
        let before = peak_rss_mib();
        let t = Instant::now();
        v.export_bundle(std::slice::from_ref(&case), &[], std::slice::from_ref(&recipient), &out, false)
            .expect("export");
        ours.push(mib as f64 / t.elapsed().as_secs_f64());
        peaks.push(peak_rss_mib().max(before));

        // Import into a fresh receiving vault (so every attachment is new to it), and decrypt
        // the same bundle with the age CLI.
        let receiver_dir = dir.path().join(format!("receiver-{round}"));
        let mut receiver = Vault::create(&receiver_dir, &pass, KdfChoice::InsecureForTests).expect("receiver").vault;
        receiver.add_contact(&card, true).expect("contact");
        let me = receiver.identity().expect("identity").age_recipient;
        fs::remove_file(&out).ok();
        v.export_bundle(std::slice::from_ref(&case), &[], &[me, recipient.clone()], &out, false).expect("export");
        reset_peak();
        let before = peak_rss_mib();
        let t = Instant::now();
        receiver.import_bundle(&out, None).expect("import");
        ours_in.push(mib as f64 / t.elapsed().as_secs_f64());
        peaks_in.push(peak_rss_mib().max(before));
        drop(receiver);
        fs::remove_dir_all(&receiver_dir).ok();
        let plain = dir.path().join(format!("plain-{round}.tar"));
        let t = Instant::now();
        let status = Command::new("age")
            .args(["-d", "-i"])
            .arg(&key_file)
            .arg("-o")
            .arg(&plain)
            .arg(&out)
            .status()
            .expect("age");
        assert!(status.success(), "age CLI failed");
        theirs_in.push(mib as f64 / t.elapsed().as_secs_f64());
        fs::remove_file(&plain).ok();
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
    let (ours_in, theirs_in) = (median(ours_in), median(theirs_in));
    println!("bundle import of the same, into a fresh vault each round:");
    println!("  amparo import   {ours_in:8.1} MiB/s   (decrypt, verify, re-encrypt to the case key, merge)");
    println!("  age CLI         {theirs_in:8.1} MiB/s   (age -d, the same bundle)");
    println!("  ratio           {:8.2}×       (target ≥ 0.90)", ours_in / theirs_in);
    println!("  peak RSS during import {:.0} MiB (median; target: flat in bundle size, < 200 MiB)", median(peaks_in));
}
