//! Backups, restore and travel mode: backup → remove → restore gives back the same vault, with
//! the passphrase or the recovery code and nothing else; damaged or foreign files are refused
//! and leave nothing behind.

use std::fs;
use std::io::Read;

use amparo::{Unlock, Vault};
use secrecy::SecretString;

use crate::import::full_case;
use crate::util::{create_in_process, Env, PASSPHRASE};

fn everything(v: &Vault) -> serde_json::Value {
    let cases = v.list_cases(&Default::default()).unwrap();
    let mut out = Vec::new();
    for row in &cases.rows {
        let c = v.case(&row.id).unwrap();
        let docs: Vec<Vec<u8>> = c.documents.iter().map(|d| v.document_bytes(&d.id).unwrap().1).collect();
        out.push(serde_json::json!({ "case": c, "docs": docs }));
    }
    serde_json::json!({
        "cases": out,
        "people": v.list_people(1000, 0).unwrap(),
        "contacts": v.contacts().unwrap(),
        "identity": v.identity().unwrap(),
        "closures": v.closures().unwrap(),
        "settings": v.deadline_settings().unwrap(),
    })
}

#[test]
fn backup_then_remove_then_restore_gives_back_the_same_vault() {
    let dir = tempfile::tempdir().unwrap();
    let vault_dir = dir.path().join("v");
    let mut v =
        Vault::create(&vault_dir, &SecretString::from(PASSPHRASE), amparo::vault::kdf::KdfChoice::InsecureForTests)
            .unwrap();
    let code = v.recovery_code;
    let (_, case) = full_case(&mut v.vault, dir.path());
    v.vault.add_closure("2026-12-24", None, None, Some("Office closed")).unwrap();
    let mut v = v.vault;
    let status = v.backup_status().unwrap();
    assert!(status.due && status.last_backup.is_none(), "never backed up: due");
    let before = everything(&v);
    let audit_before = v.verify_audit().unwrap().entries;

    let file = dir.path().join("backup.age");
    let s = v.backup(&file, None, false).unwrap();
    assert!(s.verified);
    assert_eq!((s.cases, s.people, s.attachments), (1, 1, 2));
    assert!(!v.backup_status().unwrap().due, "just backed up");
    let in_days =
        |d: i64| std::sync::Arc::new(amparo::clock::FixedClock(chrono::Utc::now() + chrono::Duration::days(d)));
    v.set_clock(in_days(6));
    assert!(!v.backup_status().unwrap().due, "six days later, with the default weekly reminder");
    v.set_clock(in_days(8));
    assert!(v.backup_status().unwrap().due, "eight days later: due");
    assert!(!v.set_backup_reminder(30).unwrap().due, "a monthly reminder is not due yet");
    assert!(!v.set_backup_reminder(0).unwrap().due, "off");
    assert_eq!(v.set_backup_reminder(400).unwrap_err().code(), "invalid-input");
    assert_eq!(v.backup(&file, None, false).unwrap_err().code(), "invalid-input", "never overwrites");
    let leftovers = fs::read_dir(&vault_dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp-"))
        .count();
    assert_eq!(leftovers, 0, "the database snapshot is removed");
    let raw = fs::read(&file).unwrap();
    assert!(!crate::util::contains(&raw, "Pérez".as_bytes()) && !crate::util::contains(&raw, b"threats"));

    v.destroy().unwrap();
    assert!(!vault_dir.exists(), "the vault folder is gone");

    // Restore with the recovery code: everything is back, the audit chain continues.
    let r = Vault::restore(&file, &vault_dir, Unlock::RecoveryCode(&code)).unwrap();
    assert_eq!(everything(&r), before);
    let report = r.verify_audit().unwrap();
    assert!(report.ok && report.entries > audit_before);
    assert!(r.case(&case).unwrap().deadlines.iter().any(|d| d.rule == "bia-appeal"));
    drop(r);
    // And the passphrase still opens it.
    let r = Vault::open(&vault_dir, Unlock::Passphrase(&SecretString::from(PASSPHRASE))).unwrap();
    assert_eq!(everything(&r), before);
    drop(r);

    // Restoring over a vault is refused before anything is read.
    let again = Vault::restore(&file, &vault_dir, Unlock::RecoveryCode(&code));
    assert_eq!(again.err().unwrap().code(), "vault-exists");
}

#[test]
fn a_restore_that_fails_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create_in_process(&dir.path().join("v"));
    full_case(&mut v, dir.path());
    let file = dir.path().join("backup.age");
    v.backup(&file, None, false).unwrap();
    let pass = SecretString::from(PASSPHRASE);
    let target = dir.path().join("restored");
    let bundle = dir.path().join("bundle.age");
    let case = v.list_cases(&Default::default()).unwrap().rows[0].id.clone();
    let me = v.identity().unwrap().age_recipient;
    v.export_bundle(&[case], &[], &[me], &bundle, false).unwrap();

    let wrong = SecretString::from("not the passphrase");
    assert_eq!(Vault::restore(&file, &target, Unlock::Passphrase(&wrong)).err().unwrap().code(), "wrong-secret");
    let bytes = fs::read(&file).unwrap();
    let damaged = dir.path().join("damaged.age");
    fs::write(&damaged, &bytes[..bytes.len() - 100]).unwrap();
    assert_eq!(Vault::restore(&damaged, &target, Unlock::Passphrase(&pass)).err().unwrap().code(), "bundle-damaged");
    let mut flipped = bytes.clone();
    let at = bytes.len() * 2 / 3;
    flipped[at] ^= 1;
    fs::write(&damaged, &flipped).unwrap();
    assert_eq!(Vault::restore(&damaged, &target, Unlock::Passphrase(&pass)).err().unwrap().code(), "bundle-damaged");
    assert_eq!(
        Vault::restore(&bundle, &target, Unlock::Passphrase(&pass)).err().unwrap().code(),
        "bundle-unsupported",
        "a co-counsel bundle is not a backup"
    );
    fs::write(&damaged, b"not age at all").unwrap();
    assert_eq!(
        Vault::restore(&damaged, &target, Unlock::Passphrase(&pass)).err().unwrap().code(),
        "bundle-unsupported"
    );
    assert!(!target.exists(), "nothing left at the target");
    let stray: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp-"))
        .collect();
    assert!(stray.is_empty(), "no staging folder left");
}

/// The backup stanza is ignored by the reference `age` tool: the vault's own identity is an
/// ordinary X25519 recipient of the same file.
#[test]
fn a_backup_is_a_standard_age_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create_in_process(&dir.path().join("v"));
    let file = dir.path().join("backup.age");
    v.backup(&file, None, false).unwrap();
    let mut head = Vec::new();
    fs::File::open(&file).unwrap().take(4096).read_to_end(&mut head).unwrap();
    let text = String::from_utf8_lossy(&head);
    assert!(text.starts_with("age-encryption.org/v1\n-> X25519 ") || text.contains("\n-> X25519 "));
    assert!(text.contains("\n-> amparo-vault 1\n"));
    // A key made by age-keygen cannot open it.
    let stranger = age::x25519::Identity::generate();
    let d = age::Decryptor::new(fs::File::open(&file).unwrap()).unwrap();
    assert!(d.decrypt(std::iter::once(&stranger as &dyn age::Identity)).is_err());
}

#[test]
fn the_cli_backs_up_travels_and_restores() {
    let (env, code) = Env::with_vault();
    let (_, case) = env.client_with_case("Zyxwvut Canaryname");
    env.ok(&["note", "add", "--case", &case, "--text", "Interview notes"]);
    let backup = env.path("backup.age");
    let s = env.ok(&["backup", "--out", backup.to_str().unwrap()]);
    assert_eq!((s["cases"].as_u64(), s["verified"].as_bool()), (Some(1), Some(true)));

    let travel = env.path("travel.age");
    let t = env.ok(&["travel", "start", "--out", travel.to_str().unwrap()]);
    assert_eq!((t["removed"].as_bool(), t["backup"]["verified"].as_bool()), (Some(true), Some(true)));
    assert!(!env.vault().exists());
    assert_eq!(env.err(&["status"]), "not-a-vault");

    fs::write(env.path("code"), format!("{code}\n")).unwrap();
    let out = env.recovery_cmd(&["travel", "end", travel.to_str().unwrap()]).output().unwrap();
    crate::util::assert_success(&out, &["travel", "end"]);
    let r = crate::util::parse_one_json(&out.stdout);
    assert_eq!(r["status"]["cases"], 1);
    assert_eq!(env.ok(&["search", "Interview"])["results"].as_array().unwrap().len(), 1);
    assert_eq!(env.err(&["restore", backup.to_str().unwrap()]), "vault-exists", "never over a vault");
}

/// Removing a vault never reaches outside it: a link in place of `blobs/` or the key-slot file
/// is removed, not followed, and a backup is never written where removal would take it.
#[test]
fn removing_a_vault_does_not_follow_links_out_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let vault_dir = dir.path().join("v");
    let mut v = create_in_process(&vault_dir);
    assert_eq!(
        v.backup(&vault_dir.join("inside.age"), None, false).unwrap_err().code(),
        "invalid-input",
        "a backup inside the vault folder would be deleted with it"
    );
    drop(v);
    let outside = dir.path().join("someone-elses-files");
    fs::create_dir(&outside).unwrap();
    fs::write(outside.join("keep.txt"), b"not the vault's").unwrap();
    let blobs = vault_dir.join("blobs");
    fs::remove_dir(&blobs).unwrap();
    std::os::unix::fs::symlink(&outside, &blobs).unwrap();
    let v = Vault::open(&vault_dir, Unlock::Passphrase(&SecretString::from(PASSPHRASE))).unwrap();
    v.destroy().unwrap();
    assert!(!vault_dir.exists());
    assert_eq!(fs::read(outside.join("keep.txt")).unwrap(), b"not the vault's");
}
