//! Migration from the golden v1 vault checked into `tests/golden_v1/` (made by
//! `tests/golden_v1/make.sh` with the format-1, schema-1 code). Every later version must open it
//! and find exactly this content. It uses the test-only KDF parameters, so a release build must
//! refuse it instead.

use std::fs;
use std::path::Path;

use amparo::{Error, Unlock, Vault};
use secrecy::SecretString;

const PASSPHRASE: &str = "golden fixture passphrase v1";
const RECOVERY: &str = include_str!("../golden_v1/recovery-code.txt");

fn fresh_copy() -> tempfile::TempDir {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden_v1/vault");
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir_all(tmp.path().join("vault/blobs")).unwrap();
    for f in crate::util::files_under(&src) {
        let rel = f.strip_prefix(&src).unwrap();
        fs::copy(&f, tmp.path().join("vault").join(rel)).unwrap();
    }
    tmp
}

/// A fresh copy of the golden vault, unlocked (the copy's folder must outlive the vault). `None`
/// in release builds, which refuse the fixture's test KDF (checked by the test below).
pub fn open_copy() -> Option<(tempfile::TempDir, Vault)> {
    if !cfg!(debug_assertions) {
        return None;
    }
    let tmp = fresh_copy();
    let v = Vault::open(&tmp.path().join("vault"), Unlock::Passphrase(&SecretString::from(PASSPHRASE)))
        .expect("the golden vault opens in debug builds");
    Some((tmp, v))
}

#[test]
fn golden_v1_vault_opens_and_migrates_with_its_content_intact() {
    let tmp = fresh_copy();
    let dir = tmp.path().join("vault");
    let opened = Vault::open(&dir, Unlock::Passphrase(&SecretString::from(PASSPHRASE)));
    if !cfg!(debug_assertions) {
        assert!(matches!(opened, Err(Error::KdfParamsRejected)), "release builds must refuse test parameters");
        return;
    }
    let v = opened.expect("golden vault opens");
    let s = v.status().unwrap();
    assert_eq!(s.schema_version, amparo::store::SCHEMA_VERSION);
    assert_eq!((s.people, s.cases, s.notes, s.documents), (2, 1, 1, 1));
    let hits = v.search("gonzalez", 10).unwrap();
    assert_eq!(hits.len(), 1);
    let person = v.person(&hits[0].id).unwrap();
    assert_eq!(person.name, "María González");
    assert_eq!(person.a_number.as_deref(), Some("012345678"));
    assert_eq!(person.aliases, ["Maria Gonzales"]);
    let case = v.case(&person.cases[0].case_id).unwrap();
    assert_eq!(case.title, "Golden defensive asylum");
    assert_eq!(case.notes[0].text, "Golden note: fled in 2024.");
    assert_eq!(case.parties.len(), 2);
    let doc = &case.documents[0];
    let mut bytes = Vec::new();
    v.read_document(&doc.id, &mut bytes).unwrap();
    assert_eq!(bytes, b"golden attachment bytes\n");
    assert_eq!(doc.sha256, crate::util::sha256_hex(b"golden attachment bytes\n"));
    assert!(v.verify_audit().unwrap().ok);
    // Schema v6 indexed the people already there for the conflict check.
    let mut v = v;
    let q = amparo::store::conflicts::ConflictQuery { name: "Maria Gonzales".into(), ..Default::default() };
    assert_eq!(v.check_conflicts(&q).unwrap()[0].person_id, hits[0].id);
    drop(v);
    // The passphrase unlock rewrote the key-slot file as format 2 (with the failed-unlock guard,
    // off) and the recovery slot's seal is still valid.
    let slots = fs::read(dir.join("keyslots")).unwrap();
    assert_eq!((slots.len(), slots[8]), (amparo::vault::keyslots::FILE_LEN, 2));
    Vault::open(&dir, Unlock::RecoveryCode(&SecretString::from(RECOVERY.trim())))
        .expect("recovery code still opens it");
    Vault::open(&dir, Unlock::Passphrase(&SecretString::from(PASSPHRASE))).expect("and the passphrase");
}

#[test]
fn golden_v1_vault_opened_with_the_recovery_code_keeps_format_1_until_a_passphrase_is_set() {
    if !cfg!(debug_assertions) {
        return;
    }
    let tmp = fresh_copy();
    let dir = tmp.path().join("vault");
    let before = fs::read(dir.join("keyslots")).unwrap();
    let mut v = Vault::open(&dir, Unlock::RecoveryCode(&SecretString::from(RECOVERY.trim()))).unwrap();
    assert_eq!(fs::read(dir.join("keyslots")).unwrap(), before);
    v.change_passphrase(&SecretString::from("a new passphrase for the golden vault")).unwrap();
    drop(v);
    assert_eq!(fs::read(dir.join("keyslots")).unwrap().len(), amparo::vault::keyslots::FILE_LEN);
    Vault::open(&dir, Unlock::Passphrase(&SecretString::from("a new passphrase for the golden vault"))).unwrap();
    Vault::open(&dir, Unlock::RecoveryCode(&SecretString::from(RECOVERY.trim()))).unwrap();
}

/// Schema 7 gave the case list's name filter an index of its own: migrating fills it from the
/// main index, so cases entered before it are still found by their client's name.
#[test]
fn migrated_golden_vault_finds_its_case_by_client_name_in_the_case_list() {
    let Some((_tmp, v)) = open_copy() else { return };
    let filter = |text: &str| amparo::store::CaseFilter { text: Some(text.into()), ..Default::default() };
    let by_name = v.list_cases(&filter("gonzalez")).unwrap();
    assert_eq!(by_name.total, 1);
    assert_eq!(by_name.rows[0].title, "Golden defensive asylum");
    assert_eq!(v.list_cases(&filter("golden defensive")).unwrap().total, 1);
    // A word only in the note must not put the case in the list.
    assert_eq!(v.list_cases(&filter("fled")).unwrap().total, 0);
}
