//! `amparo wipe --yes`: the keys first, then every file; no passphrase; interrupted at any step
//! the vault is either intact (before the keys went) or unreadable (after), never half-readable.

use std::fs;
use std::os::unix::process::ExitStatusExt;

use crate::util::{files_under, Env};

/// A vault with a client, notes and many attachments.
fn busy_vault() -> (Env, String) {
    let (env, code) = Env::with_vault();
    let (_, case) = env.client_with_case("Zyxwvut Canaryname");
    env.ok(&["note", "add", "--case", &case, "--text", "Interview notes"]);
    for i in 0..40 {
        let f = env.path(&format!("evidence-{i}.txt"));
        fs::write(&f, format!("evidence {i}\n").repeat(100)).unwrap();
        env.ok(&["doc", "add", "--case", &case, f.to_str().unwrap()]);
    }
    (env, code)
}

#[test]
fn wipe_removes_every_key_slot_and_file_and_unlock_then_fails_clearly() {
    let (env, code) = busy_vault();
    assert_eq!(env.err(&["wipe"]), "invalid-input", "never without --yes");
    assert_eq!(env.ok(&["status"])["documents"], 40, "still intact");

    let r = env.ok(&["wipe", "--yes"]);
    assert_eq!(r["removed"], true);
    assert!(r["keys_destroyed_ms"].as_u64().is_some());
    assert!(!env.vault().exists(), "the vault folder is gone");
    assert_eq!(env.err(&["status"]), "not-a-vault");
    fs::write(env.path("code"), format!("{code}\n")).unwrap();
    assert_eq!(crate::util::expect_error(env.recovery_cmd(&["status"]).output().unwrap()), "not-a-vault");
    assert_eq!(env.err(&["wipe", "--yes"]), "not-a-vault", "nothing left to wipe");
}

#[test]
fn wipe_refuses_a_folder_that_is_not_a_vault() {
    let env = Env::new();
    fs::create_dir_all(env.vault()).unwrap();
    fs::write(env.vault().join("thesis.odt"), b"someone's work").unwrap();
    assert_eq!(env.err(&["wipe", "--yes"]), "not-a-vault");
    // Another program's (plaintext) SQLite database named like ours is not a vault either.
    let mut db = b"SQLite format 3\0".to_vec();
    db.resize(4096, 0);
    fs::write(env.vault().join("vault.db"), &db).unwrap();
    fs::create_dir(env.vault().join("blobs")).unwrap();
    fs::write(env.vault().join("blobs").join("photo.jpg"), b"jpeg").unwrap();
    assert_eq!(env.err(&["wipe", "--yes"]), "not-a-vault");
    assert_eq!(fs::read(env.vault().join("thesis.odt")).unwrap(), b"someone's work");
    assert_eq!(fs::read(env.vault().join("blobs").join("photo.jpg")).unwrap(), b"jpeg");
}

/// Wiping works while the vault is open in another program (the app), without its passphrase.
#[test]
fn wipe_works_while_the_vault_is_open_elsewhere() {
    let (env, _) = busy_vault();
    let open = env.open();
    let mut cmd = env.bare_cmd();
    cmd.args(["--json", "--vault"]).arg(env.vault()).args(["wipe", "--yes"]);
    let out = cmd.output().unwrap();
    crate::util::assert_success(&out, &["wipe", "--yes"]);
    drop(open);
    assert!(!env.vault().join("keyslots").exists());
}

/// A kill at each step (a debug-build hook aborts the process right after step k): before step
/// one the vault opens with all its data; from step one on there is no key slot left anywhere,
/// so nothing can open it, with the passphrase or the recovery code.
#[test]
fn a_wipe_killed_at_any_step_leaves_the_vault_intact_or_unreadable() {
    for step in 0..=3 {
        let (env, code) = busy_vault();
        fs::write(env.path("code"), format!("{code}\n")).unwrap();
        // A copy of the key slots a crashed passphrase change would leave under a temporary name.
        fs::copy(env.vault().join("keyslots"), env.vault().join(".tmp-0123456789abcdef")).unwrap();
        let mut cmd = env.bare_cmd();
        cmd.args(["--json", "--vault"]).arg(env.vault()).args(["wipe", "--yes"]);
        cmd.env("AMPARO_TEST_WIPE_ABORT_AFTER", step.to_string());
        let out = cmd.output().unwrap();
        assert_eq!(out.status.signal(), Some(6), "step {step}: killed by the hook (SIGABRT)");
        if step == 0 {
            assert_eq!(env.ok(&["status"])["documents"], 40, "killed before step one: intact");
            assert_eq!(env.ok(&["search", "Interview"])["results"].as_array().unwrap().len(), 1);
            continue;
        }
        let left = if env.vault().exists() { files_under(&env.vault()) } else { Vec::new() };
        assert!(
            left.iter().all(|p| {
                let name = p.file_name().unwrap().to_string_lossy();
                name != "keyslots" && !name.starts_with(".tmp-")
            }),
            "step {step}: no key slot file of any name is left: {left:?}"
        );
        let by_passphrase = env.err(&["status"]);
        let by_code = crate::util::expect_error(env.recovery_cmd(&["status"]).output().unwrap());
        for c in [by_passphrase, by_code] {
            assert!(c == "keyslots-corrupt" || c == "not-a-vault", "step {step}: unreadable, got {c}");
        }
        // The folder is still recognisably a vault, so wiping again finishes the job.
        env.ok(&["wipe", "--yes"]);
        assert!(!env.vault().exists(), "step {step}: the second wipe removed everything");
    }
}

/// A vault folder that is a link (to an encrypted drive, say) is wiped through it, and the link
/// goes too; the wipe reports success.
#[test]
fn a_vault_folder_that_is_a_link_is_wiped_and_the_link_removed() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("on-the-usb-drive");
    drop(crate::util::create_in_process(&real));
    let link = dir.path().join("vault");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let report = amparo::vault::wipe::wipe(&link).unwrap();
    assert!(report.removed);
    assert!(fs::symlink_metadata(&link).is_err(), "the link is gone");
    assert!(files_under(&real).is_empty(), "nothing of the vault is left behind the link");
}
