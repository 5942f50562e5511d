//! The failed-unlock policy (`settings set failed-unlock-wipe N`) and the duress passphrase
//! (`duress set|clear`): what each try does to the vault, that the counter survives restarts
//! (every CLI run is a new process) and edits of the files, and what the real passphrase does
//! after a duress unlock.

use std::fs;
use std::path::Path;
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::util::{expect_error, files_under, parse_one_json, Env, PASSPHRASE};

const DURESS: &str = "the weather is lovely today";
const WRONG: &str = "not the passphrase at all";

/// The binary unlocking with `secret` (written to a file of its own), temporary files under
/// the env's `tmp/` so a test can see what a decoy leaves.
fn with_secret(env: &Env, secret: &str, args: &[&str]) -> Command {
    let file = env.path(&format!("secret-{}", hex::encode(&Sha256::digest(secret)[..4])));
    fs::write(&file, format!("{secret}\n")).unwrap();
    fs::create_dir_all(env.path("tmp")).unwrap();
    let mut c = env.bare_cmd();
    c.env("TMPDIR", env.path("tmp"));
    c.args(["--json", "--vault"]).arg(env.vault()).arg("--passphrase-file").arg(file).args(args);
    c
}

fn err_with(env: &Env, secret: &str, args: &[&str]) -> (String, String) {
    let out = with_secret(env, secret, args).output().unwrap();
    let message = String::from_utf8_lossy(&out.stderr).to_string();
    (expect_error(out), message)
}

fn ok_with(env: &Env, secret: &str, args: &[&str]) -> serde_json::Value {
    let out = with_secret(env, secret, args).output().unwrap();
    crate::util::assert_success(&out, args);
    parse_one_json(&out.stdout)
}

/// The key-slot file with `edit` applied and its checksum recomputed, as a careful attacker
/// would leave it.
fn edit_keyslots(vault: &Path, edit: impl FnOnce(&mut Vec<u8>)) {
    let path = vault.join("keyslots");
    let mut bytes = fs::read(&path).unwrap();
    edit(&mut bytes);
    let body = bytes.len() - 32;
    let sum = Sha256::digest(&bytes[..body]);
    bytes[body..].copy_from_slice(&sum);
    fs::write(&path, bytes).unwrap();
}

/// Offsets in a version 2 key-slot file (docs/vault-format.md §2).
const GUARD_AT: usize = 40;
const TOKEN_AT: usize = GUARD_AT + 56;
const SLOTS_AT: usize = GUARD_AT + 88;
const SLOT_LEN: usize = 104;

fn vault_with_client() -> (Env, String) {
    let (env, code) = Env::with_vault();
    env.client_with_case("Zyxwvut Canaryname");
    fs::write(env.path("code"), format!("{code}\n")).unwrap();
    (env, code)
}

#[test]
fn the_last_wrong_passphrase_wipes_the_vault_and_tries_left_are_shown() {
    let (env, _) = vault_with_client();
    assert_eq!(env.ok(&["settings", "show"])["failed_unlock_wipe"], serde_json::Value::Null, "off by default");
    env.ok(&["settings", "set", "failed-unlock-wipe", "3"]);
    assert_eq!(err_with(&env, WRONG, &["status"]).0, "wrong-secret", "tries left not shown unless chosen");
    env.ok(&["settings", "set", "failed-unlock-show-tries", "on"]);
    let s = env.ok(&["settings", "show"]);
    assert_eq!((s["failed_unlock_wipe"].as_u64(), s["failed_unlock_show_tries"].as_bool()), (Some(3), Some(true)));

    // A right passphrase in between starts the count again (the `settings show` above did).
    let (code, message) = err_with(&env, WRONG, &["status"]);
    assert_eq!(code, "wrong-secret-tries-left");
    assert!(message.contains("erased: 2)"), "{message}");
    assert!(err_with(&env, WRONG, &["status"]).1.contains("erased: 1)"));
    assert_eq!(env.ok(&["status"])["people"], 1, "the right passphrase still opens, and clears the count");
    assert!(err_with(&env, WRONG, &["status"]).1.contains("erased: 2)"));
    assert!(err_with(&env, WRONG, &["status"]).1.contains("erased: 1)"));
    assert_eq!(err_with(&env, WRONG, &["status"]).0, "wiped-after-failed-unlocks");
    assert!(!env.vault().join("keyslots").exists() && !env.vault().exists(), "the vault is gone");
    assert_eq!(env.err(&["status"]), "not-a-vault", "the right passphrase finds nothing");
    assert_eq!(expect_error(env.recovery_cmd(&["status"]).output().unwrap()), "not-a-vault");
}

#[test]
fn the_count_cannot_be_reset_by_editing_files() {
    let (env, _) = vault_with_client();
    env.ok(&["settings", "set", "failed-unlock-wipe", "5"]);
    env.ok(&["settings", "set", "failed-unlock-show-tries", "on"]);
    for _ in 0..2 {
        err_with(&env, WRONG, &["status"]);
    }
    assert!(err_with(&env, WRONG, &["status"]).1.contains("erased: 2)"), "the count survives each run");

    // Turning the policy off in the key-slot file locks the real passphrase out instead of
    // allowing more guesses.
    let original = fs::read(env.vault().join("keyslots")).unwrap();
    edit_keyslots(&env.vault(), |b| b[GUARD_AT] = 0);
    assert_eq!(env.err(&["status"]), "wrong-secret", "limit edited to off");
    // Raising the limit locks it out too, and gives no more tries: what is left is the number of
    // steps from the counter to the sealed anchor, which the limit does not change.
    fs::write(env.vault().join("keyslots"), &original).unwrap();
    edit_keyslots(&env.vault(), |b| b[GUARD_AT] = 100);
    let (code, message) = err_with(&env, PASSPHRASE, &["status"]);
    assert_eq!(code, "wrong-secret-tries-left", "even the right passphrase fails");
    assert!(message.contains("erased: 1)"), "{message}");
    fs::write(env.vault().join("keyslots"), &original).unwrap();
    // Editing the counter itself can only use up the tries: the next try wipes.
    edit_keyslots(&env.vault(), |b| b[TOKEN_AT] ^= 1);
    assert_eq!(env.err(&["status"]), "wiped-after-failed-unlocks", "even the right passphrase");
    assert!(!env.vault().exists());
}

/// The key-slot file rewritten as format 1 (no guard), checksum recomputed.
fn downgrade_to_format_1(vault: &Path) {
    let path = vault.join("keyslots");
    let bytes = fs::read(&path).unwrap();
    let mut v1 = bytes[..GUARD_AT].to_vec();
    v1[8] = 1;
    v1.extend_from_slice(&bytes[SLOTS_AT..SLOTS_AT + 8 * SLOT_LEN]);
    let sum = Sha256::digest(&v1);
    v1.extend_from_slice(&sum);
    fs::write(&path, v1).unwrap();
}

#[test]
fn an_edited_policy_locks_the_passphrase_out_but_the_recovery_code_still_opens_and_repairs_it() {
    type Edit = fn(&Path);
    // What each edit does to the passphrase: locked out (the seal no longer fits), or no try
    // left (the counter no longer reaches the anchor), which wipes like the last wrong guess.
    let edits: [(&str, Edit, &str); 5] = [
        ("limit off", |v| edit_keyslots(v, |b| b[GUARD_AT] = 0), "wrong-secret"),
        ("limit lowered", |v| edit_keyslots(v, |b| b[GUARD_AT] = 4), "wrong-secret-tries-left"),
        ("nonce", |v| edit_keyslots(v, |b| b[GUARD_AT + 10] ^= 1), "wrong-secret-tries-left"),
        ("anchor", |v| edit_keyslots(v, |b| b[GUARD_AT + 30] ^= 1), "wiped-after-failed-unlocks"),
        ("format 1", downgrade_to_format_1, "wrong-secret"),
    ];
    for (what, edit, expected) in edits {
        let (env, _) = vault_with_client();
        env.ok(&["settings", "set", "failed-unlock-wipe", "5"]);
        env.ok(&["settings", "set", "failed-unlock-show-tries", "on"]);
        err_with(&env, WRONG, &["status"]);
        edit(&env.vault());
        assert_eq!(env.err(&["status"]), expected, "{what}: the right passphrase");
        if expected == "wiped-after-failed-unlocks" {
            assert!(!env.vault().exists(), "{what}");
            continue;
        }
        for _ in 0..2 {
            let out = env.recovery_cmd(&["status"]).output().unwrap();
            crate::util::assert_success(&out, &["status", what]);
        }
        let out = env.recovery_cmd(&["passwd", "--new-passphrase-file"]).arg(env.path("pass")).output().unwrap();
        crate::util::assert_success(&out, &["passwd", what]);
        let s = env.ok(&["settings", "show"]);
        assert_eq!(s["failed_unlock_wipe"], 5, "{what}: the vault's own policy is sealed again");
        assert!(err_with(&env, WRONG, &["status"]).1.contains("erased: 4)"), "{what}");
        assert_eq!(env.ok(&["status"])["people"], 1, "{what}");
    }
}

#[test]
fn a_try_killed_during_the_check_still_counts() {
    let (env, _) = vault_with_client();
    env.ok(&["settings", "set", "failed-unlock-wipe", "3"]);
    env.ok(&["settings", "set", "failed-unlock-show-tries", "on"]);
    let out = with_secret(&env, WRONG, &["status"]).env("AMPARO_TEST_ABORT_AFTER_COUNT", "1").output().unwrap();
    assert!(!out.status.success(), "the hook killed it");
    assert!(err_with(&env, WRONG, &["status"]).1.contains("erased: 1)"));
}

#[test]
fn a_duress_unlock_clears_the_count_as_a_real_one_does() {
    let count_after = |unlock_with: &str| {
        let (env, _) = vault_with_client();
        env.ok(&["settings", "set", "failed-unlock-wipe", "5"]);
        env.ok(&["settings", "set", "failed-unlock-show-tries", "on"]);
        set_duress(&env, "decoy");
        err_with(&env, WRONG, &["status"]);
        err_with(&env, WRONG, &["status"]);
        ok_with(&env, unlock_with, &["status"]);
        err_with(&env, WRONG, &["status"]).1
    };
    let after_real = count_after(PASSPHRASE);
    assert!(after_real.contains("erased: 4)"), "{after_real}");
    assert_eq!(count_after(DURESS), after_real);
}

#[test]
fn travel_mode_in_the_decoy_looks_like_it_worked_and_leaves_the_real_vault() {
    let (env, _) = vault_with_client();
    set_duress(&env, "decoy");
    let travel = env.path("travel.age");
    let r = ok_with(&env, DURESS, &["travel", "start", "--out", travel.to_str().unwrap()]);
    assert!(r.is_object());
    assert!(travel.exists());
    assert_eq!(env.ok(&["status"])["people"], 1, "the real vault is still here");
}

fn set_duress(env: &Env, action: &str) {
    fs::write(env.path("duress"), format!("{DURESS}\n")).unwrap();
    let out = env
        .cmd(&["duress", "set", "--action", action, "--duress-passphrase-file"])
        .arg(env.path("duress"))
        .output()
        .unwrap();
    crate::util::assert_success(&out, &["duress", "set"]);
}

#[test]
fn recovery_code_tries_are_not_counted_and_cannot_change_the_policy() {
    let (env, _) = vault_with_client();
    env.ok(&["settings", "set", "failed-unlock-wipe", "2"]);
    fs::write(env.path("code"), "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA\n").unwrap();
    for _ in 0..4 {
        assert_eq!(expect_error(env.recovery_cmd(&["status"]).output().unwrap()), "wrong-secret");
    }
    assert_eq!(env.ok(&["status"])["people"], 1);
    // After a recovery-code unlock the passphrase slot cannot be re-sealed: set a passphrase first.
    let (env2, code2) = vault_with_client();
    fs::write(env2.path("code"), format!("{code2}\n")).unwrap();
    let out = env2.recovery_cmd(&["settings", "set", "failed-unlock-wipe", "3"]).output().unwrap();
    assert_eq!(expect_error(out), "invalid-input");
    assert_eq!(env.err(&["settings", "set", "failed-unlock-wipe", "0"]), "invalid-input");
    assert_eq!(env.err(&["settings", "set", "failed-unlock-wipe", "101"]), "invalid-input");
    env.ok(&["settings", "set", "failed-unlock-wipe", "off"]);
    for _ in 0..3 {
        assert_eq!(err_with(&env, WRONG, &["status"]).0, "wrong-secret");
    }
    assert_eq!(env.ok(&["status"])["people"], 1, "off means never");
}

#[test]
fn decoy_duress_opens_an_empty_vault_and_leaves_the_real_one_untouched() {
    let (env, _) = vault_with_client();
    let duress_file = env.path("duress");
    fs::write(&duress_file, format!("{DURESS}\n")).unwrap();
    assert_eq!(
        expect_error(
            env.cmd(&["duress", "set", "--action", "decoy", "--duress-passphrase-file"])
                .arg(env.path("pass"))
                .output()
                .unwrap()
        ),
        "invalid-input",
        "the duress passphrase must differ from the passphrase"
    );
    let before = fs::read(env.vault().join("keyslots")).unwrap();
    let out = env
        .cmd(&["duress", "set", "--action", "decoy", "--duress-passphrase-file"])
        .arg(&duress_file)
        .output()
        .unwrap();
    crate::util::assert_success(&out, &["duress", "set"]);
    assert_eq!(parse_one_json(&out.stdout)["duress"], "decoy");
    assert_eq!(env.ok(&["settings", "show"])["duress"], "decoy");

    // In the file, only one slot changed (it was random bytes, it is random-looking bytes).
    let after = fs::read(env.vault().join("keyslots")).unwrap();
    assert_eq!(before.len(), after.len());
    let changed: Vec<usize> = (0..8)
        .filter(|i| before[SLOTS_AT + i * SLOT_LEN..][..SLOT_LEN] != after[SLOTS_AT + i * SLOT_LEN..][..SLOT_LEN])
        .collect();
    assert_eq!(changed.len(), 1);
    assert_eq!(before[..SLOTS_AT], after[..SLOTS_AT], "header and guard unchanged");

    let real_kdf = env.ok(&["status"])["kdf"].clone();
    let fingerprint = |p: &Path| crate::util::sha256_hex(&fs::read(p).unwrap());
    let real_files: Vec<_> = files_under(&env.vault()).into_iter().map(|p| (fingerprint(&p), p)).collect();
    let status = ok_with(&env, DURESS, &["status"]);
    assert_eq!((status["people"].as_u64(), status["cases"].as_u64()), (Some(0), Some(0)), "an empty vault");
    assert_eq!(status["kdf"], real_kdf, "with the real vault's key-derivation settings");
    ok_with(&env, DURESS, &["person", "add", "--name", "Someone New"]);
    assert_eq!(ok_with(&env, DURESS, &["status"])["people"], 0, "nothing typed under duress is kept");
    assert_eq!(fs::read_dir(env.path("tmp")).unwrap().count(), 0, "the decoy's folder is gone");
    for (hash, path) in &real_files {
        assert_eq!(&fingerprint(path), hash, "{path:?} changed");
    }
    assert_eq!(env.ok(&["status"])["people"], 1, "the real passphrase opens the real vault");

    env.ok(&["duress", "clear"]);
    assert_eq!(env.ok(&["settings", "show"])["duress"], serde_json::Value::Null);
    assert_eq!(err_with(&env, DURESS, &["status"]).0, "wrong-secret", "cleared");
    assert_eq!(env.ok(&["duress", "clear"])["cleared"], false);
}

#[test]
fn wipe_duress_wipes_then_looks_like_a_normal_unlock() {
    let (env, _) = vault_with_client();
    env.ok(&["settings", "set", "failed-unlock-wipe", "3"]);
    set_duress(&env, "wipe");
    assert_eq!(env.ok(&["settings", "show"])["duress"], "wipe");
    let status = ok_with(&env, DURESS, &["status"]);
    assert_eq!(status["people"], 0, "an empty vault, as after any unlock");
    assert!(!env.vault().exists(), "the real vault is gone");
    assert_eq!(env.err(&["status"]), "not-a-vault");
    assert_eq!(fs::read_dir(env.path("tmp")).unwrap().count(), 0);
}

#[test]
fn duress_unlocks_do_not_use_up_tries_and_the_passphrase_cannot_become_the_duress_one() {
    let (env, _) = vault_with_client();
    env.ok(&["settings", "set", "failed-unlock-wipe", "2"]);
    set_duress(&env, "decoy");
    for _ in 0..4 {
        assert_eq!(ok_with(&env, DURESS, &["status"])["people"], 0);
    }
    assert_eq!(env.ok(&["status"])["people"], 1);
    let out = env.cmd(&["passwd", "--new-passphrase-file"]).arg(env.path("duress")).output().unwrap();
    assert_eq!(expect_error(out), "invalid-input");
    // A backup cannot be restored with the duress passphrase.
    env.ok(&["backup", "--out", env.path("b.amparo").to_str().unwrap()]);
    let mut restore = env.bare_cmd();
    restore.args(["--json", "--vault"]).arg(env.path("restored")).arg("--passphrase-file").arg(env.path("duress"));
    restore.arg("restore").arg(env.path("b.amparo"));
    assert_eq!(expect_error(restore.output().unwrap()), "wrong-secret");
}
