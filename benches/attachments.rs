//! Attachments in and out of the vault against the `age` CLI on the same files, and peak memory,
//! measured side by side in one run (the machine is shared and noisy: only the ratios mean much).
//!
//! The files are a legal-aid office's evidence at realistic sizes: phone photos (JPEG-shaped,
//! with an EXIF segment to strip), scanned PDFs, recorded interviews and a few videos, of random
//! bytes (incompressible, as such files are). Adding one reads it once, strips a photo's
//! metadata, hashes it, encrypts it to its case's key and flushes it to the disk before its
//! record is committed; getting one decrypts it, checking every chunk. The `age` CLI, run once
//! per file as a user would, does the encryption alone, without stripping, hashing or flushing.
//!
//! `cargo bench --bench attachments`; `AMPARO_BENCH_ATTACH_MIB` sets the total (default 1024
//! MiB; issue 8's office scale is 10 GiB, sized to the disk).
//!
//! Target (issue 8): add and get ≥ 0.9× the age CLI; peak memory flat in file size.

#[path = "support/measure.rs"]
mod measure;

use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::PathBuf;
use std::time::Instant;

use amparo::domain::records::{CaseDetails, NewPerson};
use amparo::vault::kdf::KdfChoice;
use amparo::Vault;
use measure::{age, median, peak_rss_mib, reset_peak};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use secrecy::{ExposeSecret, SecretString};

const ROUNDS: usize = 3;

/// Files of realistic sizes adding up to about `total` bytes: (name, size).
fn evidence(total: u64) -> Vec<(String, u64)> {
    const MIB: u64 = 1 << 20;
    let mut rng = StdRng::seed_from_u64(5);
    let mut files = Vec::new();
    let mut sum = 0;
    while sum < total {
        let (kind, size) = match rng.gen_range(0..100) {
            0..=59 => ("photo.jpg", rng.gen_range(2 * MIB..6 * MIB)),
            60..=89 => ("scan.pdf", rng.gen_range(MIB / 5..8 * MIB)),
            90..=97 => ("interview.m4a", rng.gen_range(10 * MIB..60 * MIB)),
            _ => ("video.mp4", rng.gen_range(100 * MIB..400 * MIB)),
        };
        let size = size.min(total - sum).max(1);
        files.push((format!("{}-{kind}", files.len()), size));
        sum += size;
    }
    files
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let total_mib: u64 = std::env::var("AMPARO_BENCH_ATTACH_MIB").ok().and_then(|v| v.parse().ok()).unwrap_or(1024);
    measure::require_age_cli();
    let dir = tempfile::tempdir().expect("temp dir");
    let files: Vec<(PathBuf, u64)> = evidence(total_mib << 20)
        .into_iter()
        .map(|(name, size)| {
            let path = dir.path().join(&name);
            if name.ends_with(".jpg") {
                measure::random_jpeg(&path, size);
            } else {
                measure::random_file(&path, size);
            }
            (path, size)
        })
        .collect();
    let largest = files.iter().map(|(_, s)| *s).max().unwrap_or(0);
    let pass = SecretString::from("benchmark passphrase, not a real vault");
    let key = age::x25519::Identity::generate();
    let recipient = key.to_public().to_string();
    let key_file = dir.path().join("key.txt");
    fs::write(&key_file, format!("{}\n", key.to_string().expose_secret())).expect("key file");
    let out = dir.path().join("out.age");

    let (mut add, mut get, mut age_enc, mut age_dec, mut peak_add, mut peak_get) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut age_enc_sync = Vec::new();
    for round in 0..ROUNDS {
        // A fresh vault each round, so every round adds the same files to an empty case.
        let vault_dir = dir.path().join(format!("vault-{round}"));
        let mut v = Vault::create(&vault_dir, &pass, KdfChoice::InsecureForTests).expect("vault").vault;
        let details = CaseDetails { jurisdiction: "us-eoir".into(), title: "Evidence".into(), ..Default::default() };
        let (_, case) = v.intake(NewPerson { name: "Bench".into(), ..Default::default() }, details).expect("case");

        reset_peak();
        let before = peak_rss_mib();
        let t = Instant::now();
        let docs: Vec<String> = files.iter().map(|(path, _)| v.add_document(&case, path).expect("add").id).collect();
        add.push(total_mib as f64 / t.elapsed().as_secs_f64());
        peak_add.push(peak_rss_mib().max(before));
        let photos = files.iter().filter(|(p, _)| p.extension().is_some_and(|e| e == "jpg")).count();
        let stripped = docs.iter().filter(|id| v.document(id).expect("document").metadata == "stripped").count();
        assert_eq!(stripped, photos, "every photo's EXIF segment is stripped on the way in");

        reset_peak();
        let before = peak_rss_mib();
        let t = Instant::now();
        for id in &docs {
            v.read_document(id, &mut io::sink()).expect("get");
        }
        get.push(total_mib as f64 / t.elapsed().as_secs_f64());
        peak_get.push(peak_rss_mib().max(before));
        drop(v);
        fs::remove_dir_all(&vault_dir).ok();

        // The age CLI on the same files: encrypt each, then decrypt it again.
        let (mut enc_secs, mut sync_secs, mut dec_secs) = (0.0, 0.0, 0.0);
        for (path, _) in &files {
            let t = Instant::now();
            age(&[OsStr::new("-r"), OsStr::new(&recipient), OsStr::new("-o"), out.as_os_str(), path.as_os_str()]);
            enc_secs += t.elapsed().as_secs_f64();
            // What amparo also does before it records a file: flush it to the disk.
            let t = Instant::now();
            let synced = std::process::Command::new("sync").arg(&out).status().expect("sync");
            assert!(synced.success(), "sync failed");
            sync_secs += t.elapsed().as_secs_f64();
            // Into nothing, as amparo's get above writes into a sink.
            let t = Instant::now();
            age(&[
                OsStr::new("-d"),
                OsStr::new("-i"),
                key_file.as_os_str(),
                OsStr::new("-o"),
                OsStr::new("/dev/null"),
                out.as_os_str(),
            ]);
            dec_secs += t.elapsed().as_secs_f64();
        }
        age_enc.push(total_mib as f64 / enc_secs);
        age_enc_sync.push(total_mib as f64 / (enc_secs + sync_secs));
        age_dec.push(total_mib as f64 / dec_secs);
    }
    let (add, get, age_enc, age_dec) = (median(add), median(get), median(age_enc), median(age_dec));
    println!(
        "attachments: {} files, {total_mib} MiB in all (largest {} MiB), median of {ROUNDS} rounds",
        files.len(),
        largest >> 20
    );
    let age_enc_sync = median(age_enc_sync);
    println!(
        "  add  amparo {add:8.1} MiB/s   age -r {age_enc:8.1} MiB/s   ratio {:.2}x   (target >= 0.90x)",
        add / age_enc
    );
    println!(
        "       amparo {add:8.1} MiB/s   age -r, then sync of its output {age_enc_sync:8.1} MiB/s   ratio {:.2}x",
        add / age_enc_sync
    );
    println!(
        "  get  amparo {get:8.1} MiB/s   age -d {age_dec:8.1} MiB/s   ratio {:.2}x   (target >= 0.90x)",
        get / age_dec
    );
    println!(
        "  peak RSS while adding {:.0} MiB, while getting {:.0} MiB (medians; target: flat in file size)",
        median(peak_add),
        median(peak_get)
    );
}
