//! No plaintext client data may reach the disk: plant unique canaries everywhere client data goes,
//! then scan the raw bytes of every file in the vault folder, with the vault open and after close.

use std::fs;

use amparo::domain::records::{CaseDetails, NewPerson};
use amparo::Unlock;
use secrecy::SecretString;

use crate::util::{contains, create_in_process, files_under, Env, PASSPHRASE};

const CANARIES: &[&str] = &[
    "CANARY-NAME-Qx7Tz",
    "CANARY-ALIAS-Vb2Kp",
    "CANARY-NOTE-Lm9Ws",
    "CANARY-TASK-Hj4Rd",
    "CANARY-ATTACH-Pq8Yn",
    "CANARY-DOCNAME-Zc3Fe",
    "CANARY-FACILITY-Gt5Ua",
    "CANARY-CASE-Nd6Xo",
    "CANARY-ADDR-Wk1Bm",
];

fn scan(dir: &std::path::Path) {
    let files = files_under(dir);
    assert!(files.iter().any(|f| f.ends_with("vault.db")));
    for f in files {
        let bytes = fs::read(&f).unwrap();
        for canary in CANARIES {
            // Also the UTF-16 form, in case anything ever writes wide strings.
            let wide: Vec<u8> = canary.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
            assert!(!contains(&bytes, canary.as_bytes()), "{canary} in plaintext in {}", f.display());
            assert!(!contains(&bytes, &wide), "{canary} (UTF-16) in {}", f.display());
        }
        if f.ends_with("vault.db") {
            assert!(!bytes.starts_with(b"SQLite format 3"), "database is not encrypted");
        }
    }
}

#[test]
fn no_canary_reaches_the_disk_in_plaintext() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("vault");
    let mut v = create_in_process(&dir);
    let p = v
        .add_person(NewPerson {
            name: CANARIES[0].into(),
            aliases: vec![CANARIES[1].into()],
            detained: true,
            facility: Some(CANARIES[6].into()),
            ..Default::default()
        })
        .unwrap();
    v.add_address(&p, CANARIES[8], "2025-01-01").unwrap();
    let c = v
        .add_case(
            &p,
            CaseDetails {
                jurisdiction: "us-eoir".into(),
                title: CANARIES[7].into(),
                relief: vec![],
                ..Default::default()
            },
        )
        .unwrap();
    v.add_note(&c, &format!("The client said {} at intake", CANARIES[2])).unwrap();
    v.add_task(&c, CANARIES[3], None).unwrap();
    // A large attachment so the canary lands in the middle of an age STREAM chunk, plus one
    // whose file name is a canary.
    let mut body = vec![b'x'; 300_000];
    body[150_000..150_000 + CANARIES[4].len()].copy_from_slice(CANARIES[4].as_bytes());
    let src = root.path().join(format!("{}.txt", CANARIES[5]));
    fs::write(&src, &body).unwrap();
    v.add_document(&c, &src).unwrap();
    fs::remove_file(&src).unwrap();

    // While open: the WAL holds the recent pages.
    scan(&dir);
    drop(v);
    // After close (checkpointed).
    scan(&dir);
    // After another unlock and a search (FTS index pages rewritten).
    let v = amparo::Vault::open(&dir, Unlock::Passphrase(&SecretString::from(PASSPHRASE))).unwrap();
    assert_eq!(v.search("canary name", 10).unwrap().len(), 1);
    drop(v);
    scan(&dir);
}

#[test]
fn the_database_cannot_be_read_with_a_wrong_key_or_none() {
    let (env, _) = Env::with_vault();
    env.client_with_case("Ana");
    let db = env.vault().join("vault.db");
    let head = fs::read(&db).unwrap();
    assert!(!head.starts_with(b"SQLite format 3"));

    let plain = rusqlite::Connection::open(&db).unwrap();
    assert!(plain.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)).is_err());
    let wrong = rusqlite::Connection::open(&db).unwrap();
    wrong.execute_batch(&format!("PRAGMA key = \"x'{}'\";", "ab".repeat(32))).unwrap();
    assert!(wrong.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)).is_err());
    let passphrase_as_key = rusqlite::Connection::open(&db).unwrap();
    passphrase_as_key.pragma_update(None, "key", crate::util::PASSPHRASE).unwrap();
    assert!(passphrase_as_key.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)).is_err());
}

#[test]
fn vault_files_are_private_to_the_owner() {
    use std::os::unix::fs::PermissionsExt;
    let (env, _) = Env::with_vault();
    for f in files_under(&env.vault()) {
        let mode = fs::metadata(&f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & 0o077, 0, "{} is readable by others ({mode:o})", f.display());
    }
    let mode = fs::metadata(env.vault()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
}
