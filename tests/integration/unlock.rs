//! Passphrases, the recovery code and passphrase change.

use std::fs;

use crate::util::Env;

#[test]
fn wrong_passphrase_is_refused_with_a_clear_code() {
    let (env, _) = Env::with_vault();
    fs::write(env.path("pass"), "correct horse battery stapl\n").unwrap();
    assert_eq!(env.err(&["status"]), "wrong-secret");
}

#[test]
fn recovery_code_unlocks_and_sets_a_new_passphrase() {
    let (env, code) = Env::with_vault();
    env.client_with_case("Ana");
    // Typed back sloppily: lower case, spaces instead of dashes.
    fs::write(env.path("code"), code.to_lowercase().replace('-', " ")).unwrap();
    fs::write(env.path("new"), "a brand new passphrase\n").unwrap();
    let out = env.recovery_cmd(&["passwd", "--new-passphrase-file"]).arg(env.path("new")).output().unwrap();
    crate::util::assert_success(&out, &["passwd"]);
    assert_eq!(env.err(&["status"]), "wrong-secret", "old passphrase no longer works");
    fs::copy(env.path("new"), env.path("pass")).unwrap();
    assert_eq!(env.ok(&["status"])["people"], 1);
    // The recovery code still works after the change.
    let out = env.recovery_cmd(&["status"]).output().unwrap();
    crate::util::assert_success(&out, &["status"]);
}

#[test]
fn a_wrong_recovery_code_is_refused() {
    let (env, code) = Env::with_vault();
    let mut wrong: Vec<char> = code.chars().collect();
    wrong[0] = if wrong[0] == 'A' { 'B' } else { 'A' };
    fs::write(env.path("code"), wrong.iter().collect::<String>()).unwrap();
    let out = env.recovery_cmd(&["status"]).output().unwrap();
    assert_eq!(crate::util::expect_error(out), "wrong-secret");
}

#[test]
fn passwd_changes_the_passphrase_and_keeps_the_data() {
    let (env, _) = Env::with_vault();
    env.client_with_case("Ana");
    fs::write(env.path("new"), "another passphrase entirely\n").unwrap();
    env.ok(&["passwd", "--new-passphrase-file", env.path("new").to_str().unwrap()]);
    assert_eq!(env.err(&["status"]), "wrong-secret");
    fs::copy(env.path("new"), env.path("pass")).unwrap();
    assert_eq!(env.ok(&["status"])["cases"], 1);
    assert_eq!(env.ok(&["audit", "verify"])["ok"], true);
}

#[test]
fn an_empty_passphrase_is_refused_at_init() {
    let env = Env::new();
    fs::write(env.path("pass"), "\n").unwrap();
    assert_eq!(env.err(&["init"]), "invalid-input");
    assert!(!env.vault().join("keyslots").exists());
}

#[test]
fn recovery_code_file_wins_over_a_passphrase_file_from_the_environment() {
    let (env, code) = Env::with_vault();
    fs::write(env.path("code"), &code).unwrap();
    fs::write(env.path("pass"), "not the passphrase").unwrap();
    let out = env.recovery_cmd(&["status"]).env("AMPARO_PASSPHRASE_FILE", env.path("pass")).output().unwrap();
    crate::util::assert_success(&out, &["status"]);
}
