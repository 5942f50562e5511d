//! What the file benchmarks share: peak memory, medians, random payloads and the `age` CLI they
//! compare against.

// Each benchmark uses the part of this file it needs.
#![allow(dead_code)]

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::Command;

use rand::RngCore;

/// Peak resident memory of this process since the last [`reset_peak`], in MiB.
pub fn peak_rss_mib() -> f64 {
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

/// Reset the peak (Linux: writing 5 to clear_refs resets VmHWM).
pub fn reset_peak() {
    let _ = fs::write("/proc/self/clear_refs", "5");
}

pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// A file of `bytes` random (incompressible, like photos and recordings) bytes.
pub fn random_file(path: &Path, bytes: u64) {
    let mut f = fs::File::create(path).expect("data file");
    let mut rng = rand::thread_rng();
    let mut buf = vec![0u8; 1 << 20];
    let mut left = bytes;
    while left > 0 {
        let n = left.min(buf.len() as u64) as usize;
        rng.fill_bytes(&mut buf[..n]);
        f.write_all(&buf[..n]).expect("write data");
        left -= n as u64;
    }
}

/// A JPEG-shaped file of about `bytes`: an EXIF segment (which adding it to the vault strips)
/// and one scan of random, byte-stuffed data, so the metadata stripper does its whole job.
pub fn random_jpeg(path: &Path, bytes: u64) {
    let mut f = std::io::BufWriter::new(fs::File::create(path).expect("data file"));
    let mut rng = rand::thread_rng();
    let mut exif = vec![0u8; 4096];
    rng.fill_bytes(&mut exif);
    f.write_all(&[0xFF, 0xD8, 0xFF, 0xE1]).expect("write data");
    f.write_all(&((exif.len() + 8) as u16).to_be_bytes()).expect("write data");
    f.write_all(b"Exif\0\0").expect("write data");
    f.write_all(&exif).expect("write data");
    f.write_all(&[0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 63, 0]).expect("write data");
    let mut buf = vec![0u8; 1 << 20];
    let mut written = exif.len() as u64;
    while written < bytes {
        rng.fill_bytes(&mut buf);
        for chunk in buf.split_inclusive(|&b| b == 0xFF) {
            f.write_all(chunk).expect("write data");
            if chunk.last() == Some(&0xFF) {
                f.write_all(&[0x00]).expect("write data");
            }
        }
        written += buf.len() as u64;
    }
    f.write_all(&[0xFF, 0xD9]).expect("write data");
}

/// Stop with a clear message unless the `age` CLI is installed.
pub fn require_age_cli() {
    if Command::new("age").arg("--version").output().is_err() {
        eprintln!("error: the age CLI is needed for the comparison (scripts/setup-system installs it)");
        std::process::exit(1);
    }
}

/// Run the `age` CLI with these arguments; it must succeed.
pub fn age(args: &[&std::ffi::OsStr]) {
    let status = Command::new("age").args(args).status().expect("age");
    assert!(status.success(), "age CLI failed");
}
