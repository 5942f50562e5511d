//! Crash safety: kill -9 the CLI at many instants during a passphrase change and during an
//! attachment write. Afterwards the vault must open, with either the old or the new state whole.

use std::fs;
use std::process::Stdio;
use std::thread::sleep;
use std::time::{Duration, Instant};

use amparo::{Unlock, Vault};
use secrecy::SecretString;

use crate::util::{sha256_hex, Env};

/// Start `args`, kill it after `delay` (if still running), reap it.
fn run_and_kill(env: &Env, args: &[&str], delay: Duration) {
    let mut child = env.cmd(args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let start = Instant::now();
    while start.elapsed() < delay {
        if child.try_wait().unwrap().is_some() {
            return;
        }
        sleep(Duration::from_micros(200));
    }
    let _ = child.kill(); // SIGKILL on Unix
    let _ = child.wait();
}

/// How long a full run of `args` takes, to spread kill instants across it.
fn duration_of(env: &Env, args: &[&str]) -> Duration {
    let start = Instant::now();
    let out = env.cmd(args).output().unwrap();
    crate::util::assert_success(&out, args);
    start.elapsed()
}

fn opens_with(env: &Env, passphrase: &str) -> bool {
    Vault::open(&env.vault(), Unlock::Passphrase(&SecretString::from(passphrase))).is_ok()
}

#[test]
fn kill_during_passphrase_change_leaves_old_or_new_never_neither() {
    let (env, _) = Env::with_vault();
    env.client_with_case("Ana");
    let phrases = ["first passphrase here", "second passphrase here"];
    fs::write(env.path("pass"), phrases[0]).unwrap();
    // The vault's passphrase starts as util::PASSPHRASE; move it to phrases[0] first.
    fs::write(env.path("pass"), crate::util::PASSPHRASE).unwrap();
    fs::write(env.path("new"), phrases[0]).unwrap();
    env.ok(&["passwd", "--new-passphrase-file", env.path("new").to_str().unwrap()]);
    let mut current = 0usize;
    fs::write(env.path("pass"), phrases[0]).unwrap();
    let full = duration_of(&env, &["status"]) * 2;
    let steps = 40u32;
    let mut changed = 0;
    for i in 0..steps {
        let next = 1 - current;
        fs::write(env.path("pass"), phrases[current]).unwrap();
        fs::write(env.path("new"), phrases[next]).unwrap();
        run_and_kill(&env, &["passwd", "--new-passphrase-file", env.path("new").to_str().unwrap()], full * i / steps);
        let old_ok = opens_with(&env, phrases[current]);
        let new_ok = opens_with(&env, phrases[next]);
        assert!(old_ok ^ new_ok, "step {i}: old opens {old_ok}, new opens {new_ok}");
        if new_ok {
            current = next;
            changed += 1;
        }
    }
    assert!(changed > 0 && changed < steps, "kills never landed mid-way ({changed} of {steps} completed)");
    fs::write(env.path("pass"), phrases[current]).unwrap();
    assert_eq!(env.ok(&["status"])["cases"], 1);
    assert_eq!(env.ok(&["audit", "verify"])["ok"], true);
}

#[test]
fn kill_during_attachment_write_loses_at_most_that_attachment() {
    let (env, _) = Env::with_vault();
    let (_, case) = env.client_with_case("Ana");
    let src = env.path("video.bin");
    let body: Vec<u8> = (0..24 * 1024 * 1024u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    fs::write(&src, &body).unwrap();
    let want = sha256_hex(&body);
    let args = ["doc", "add", "--case", &case, src.to_str().unwrap()];
    let full = duration_of(&env, &args);
    let mut expected = 1;
    let steps = 12u32;
    for i in 0..steps {
        run_and_kill(&env, &args, full * i / steps);
        let v = env.open();
        let docs = v.list_documents(&case).unwrap();
        assert!(docs.len() == expected || docs.len() == expected + 1, "step {i}: {} documents", docs.len());
        expected = docs.len();
        for d in &docs {
            assert_eq!(d.sha256, want);
            let mut back = Vec::new();
            v.read_document(&d.id, &mut back).expect("every recorded document decrypts");
            assert_eq!(sha256_hex(&back), want);
        }
        // The unlock above removed any temporary or unreferenced blob.
        let blobs: Vec<_> = fs::read_dir(env.vault().join("blobs")).unwrap().flatten().collect();
        assert_eq!(blobs.len(), docs.len(), "step {i}: leftover blob files");
        assert!(v.verify_audit().unwrap().ok);
    }
}
