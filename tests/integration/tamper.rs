//! The tamper matrix: flipped bytes in the key slots, the database and the blobs, truncations and
//! hostile parameters. Authenticated encryption must catch every one: an error, never altered data.

use std::fs;
use std::path::Path;

use amparo::domain::records::{CaseDetails, NewPerson};
use amparo::store::CaseFilter;
use amparo::{Error, Unlock, Vault};
use secrecy::SecretString;
use sha2::Digest;

use crate::util::{create_in_process, PASSPHRASE};

fn open(dir: &Path) -> Result<Vault, Error> {
    Vault::open(dir, Unlock::Passphrase(&SecretString::from(PASSPHRASE)))
}

/// A small vault with a bit of everything; returns (root tempdir, vault dir, case id, doc ids).
fn sample() -> (tempfile::TempDir, std::path::PathBuf, String, Vec<String>) {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("vault");
    let mut v = create_in_process(&dir);
    let p = v
        .add_person(NewPerson {
            name: "Rosa Elvira Cac".into(),
            aliases: vec!["Rosa Cac".into()],
            ..Default::default()
        })
        .unwrap();
    let c = v
        .add_case(
            &p,
            CaseDetails {
                jurisdiction: "us-uscis".into(),
                title: "Affirmative asylum".into(),
                relief: vec!["asylum".into()],
                ..Default::default()
            },
        )
        .unwrap();
    for i in 0..30 {
        v.add_note(&c, &format!("note {i}: {}", "testimony ".repeat(40))).unwrap();
    }
    let small = root.path().join("small.txt");
    fs::write(&small, b"short evidence").unwrap();
    let big = root.path().join("big.bin");
    fs::write(&big, (0..200_000u32).map(|i| (i % 251) as u8).collect::<Vec<_>>()).unwrap();
    let docs = vec![v.add_document(&c, &small).unwrap().id, v.add_document(&c, &big).unwrap().id];
    (root, dir, c, docs)
}

/// Everything a user could read, as one comparable string. Errors propagate.
fn read_everything(v: &Vault, case_id: &str) -> Result<String, Error> {
    let mut all = String::new();
    let s = v.status()?;
    all += &format!("{} {} {} {}", s.people, s.cases, s.notes, s.documents);
    all += &format!("{:?}", v.list_people(1000, 0)?);
    all += &format!("{:?}", v.list_cases(&CaseFilter::default())?.rows);
    all += &format!("{:?}", v.case(case_id)?);
    all += &format!("{:?}", v.search("testimony", 200)?);
    all += &format!("{}", v.verify_audit()?.ok);
    for d in v.list_documents(case_id)? {
        let mut bytes = Vec::new();
        v.read_document(&d.id, &mut bytes)?;
        all += &hex::encode(sha2::Sha256::digest(&bytes));
    }
    Ok(all)
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to.join("blobs")).unwrap();
    for f in crate::util::files_under(from) {
        let rel = f.strip_prefix(from).unwrap();
        fs::copy(&f, to.join(rel)).unwrap();
    }
}

#[test]
fn every_flipped_key_slot_byte_is_refused() {
    let (_root, dir, _, _) = sample();
    let path = dir.join("keyslots");
    let good = fs::read(&path).unwrap();
    for i in 0..good.len() {
        let mut bad = good.clone();
        bad[i] ^= 0x04;
        fs::write(&path, &bad).unwrap();
        let err = open(&dir).err().unwrap_or_else(|| panic!("flip at byte {i} still opened"));
        assert!(
            matches!(err, Error::KeySlotsCorrupt | Error::VaultTooNew | Error::WrongSecret | Error::KdfParamsRejected),
            "byte {i}: {err:?}"
        );
    }
    fs::write(&path, &good).unwrap();
    open(&dir).expect("intact again");
}

#[test]
fn truncated_missing_or_oversized_key_slot_files_are_refused() {
    let (_root, dir, _, _) = sample();
    let path = dir.join("keyslots");
    let good = fs::read(&path).unwrap();
    for len in [0, 1, 11, 40, good.len() / 2, good.len() - 1] {
        fs::write(&path, &good[..len]).unwrap();
        assert!(matches!(open(&dir), Err(Error::KeySlotsCorrupt)), "len {len}");
    }
    let mut long = good.clone();
    long.extend_from_slice(&[0u8; 10_000]);
    fs::write(&path, &long).unwrap();
    assert!(matches!(open(&dir), Err(Error::KeySlotsCorrupt)));
    fs::remove_file(&path).unwrap();
    assert!(matches!(open(&dir), Err(Error::KeySlotsCorrupt)), "database without key slots is a damaged vault");
}

#[test]
fn hostile_kdf_parameters_are_refused_before_any_work() {
    let (_root, dir, _, _) = sample();
    let path = dir.join("keyslots");
    let good = fs::read(&path).unwrap();
    // m = 4 TiB, t = 2^32-1, p = 2^32-1, each with a valid checksum so only the ceiling stops it.
    for (offset, value) in [(12usize, u32::MAX), (16, u32::MAX), (20, u32::MAX), (20, 0), (12, 8)] {
        let mut bad = good.clone();
        bad[offset..offset + 4].copy_from_slice(&value.to_le_bytes());
        let body = bad.len() - 32;
        let sum = sha2::Sha256::digest(&bad[..body]);
        bad[body..].copy_from_slice(&sum);
        fs::write(&path, &bad).unwrap();
        assert!(matches!(open(&dir), Err(Error::KdfParamsRejected)), "offset {offset} value {value}");
    }
}

#[test]
fn a_flipped_byte_in_any_database_page_never_yields_altered_data() {
    let (root, dir, case_id, _) = sample();
    let baseline = read_everything(&open(&dir).unwrap(), &case_id).unwrap();
    let pristine = root.path().join("pristine");
    copy_dir(&dir, &pristine);
    let db_len = fs::metadata(pristine.join("vault.db")).unwrap().len() as usize;
    let page = 4096;
    assert!(db_len >= 10 * page, "sample database too small to be meaningful: {db_len}");
    let mut caught = 0;
    for page_start in (0..db_len).step_by(page) {
        // One byte in the page body and one in its authentication tag area.
        for offset in [page_start + 40, page_start + page - 20] {
            let trial = root.path().join(format!("t{offset}"));
            copy_dir(&pristine, &trial);
            let db = trial.join("vault.db");
            let mut bytes = fs::read(&db).unwrap();
            bytes[offset] ^= 0x01;
            fs::write(&db, &bytes).unwrap();
            match open(&trial).and_then(|v| read_everything(&v, &case_id)) {
                Err(Error::DatabaseCorrupt) => caught += 1,
                Err(e) => panic!("offset {offset}: unexpected error kind {e:?}"),
                Ok(seen) => assert_eq!(seen, baseline, "offset {offset}: altered data was returned"),
            }
            fs::remove_dir_all(&trial).unwrap();
        }
    }
    assert!(caught > 0, "no tampering detected at all");
}

#[test]
fn a_truncated_or_missing_database_is_refused() {
    let (_root, dir, case_id, _) = sample();
    let db = dir.join("vault.db");
    let good = fs::read(&db).unwrap();
    fs::write(&db, &good[..good.len() / 2]).unwrap();
    assert!(matches!(open(&dir).and_then(|v| read_everything(&v, &case_id)), Err(Error::DatabaseCorrupt)));
    fs::remove_file(&db).unwrap();
    assert!(matches!(open(&dir), Err(Error::DatabaseCorrupt)));
}

#[test]
fn a_plaintext_database_swapped_in_is_refused() {
    let (_root, dir, _, _) = sample();
    let db = dir.join("vault.db");
    fs::remove_file(&db).unwrap();
    rusqlite::Connection::open(&db).unwrap().execute_batch("CREATE TABLE person(id TEXT);").unwrap();
    assert!(matches!(open(&dir), Err(Error::DatabaseCorrupt)));
}

#[test]
fn every_flipped_blob_byte_is_caught_and_nothing_is_exported() {
    let (root, dir, _, docs) = sample();
    for doc in &docs {
        let path = dir.join("blobs").join(format!("{doc}.age"));
        let good = fs::read(&path).unwrap();
        // Every byte of the small blob; the big one at a stride plus its header and tail.
        let offsets: Vec<usize> = if good.len() < 2000 {
            (0..good.len()).collect()
        } else {
            (0..300).chain((300..good.len()).step_by(997)).chain(good.len() - 40..good.len()).collect()
        };
        let mut v = open(&dir).unwrap();
        for &i in &offsets {
            let mut bad = good.clone();
            bad[i] ^= 0x80;
            fs::write(&path, &bad).unwrap();
            let mut sink = Vec::new();
            assert!(
                matches!(v.read_document(doc, &mut sink), Err(Error::AttachmentCorrupt)),
                "byte {i} of {}",
                good.len()
            );
            let out = root.path().join("exported");
            assert!(matches!(v.export_document(doc, &out, false), Err(Error::AttachmentCorrupt)), "byte {i}");
            assert!(!out.exists(), "byte {i}: a partial plaintext file was left behind");
        }
        for len in [0, 10, good.len() / 2, good.len() - 1] {
            fs::write(&path, &good[..len]).unwrap();
            assert!(matches!(v.read_document(doc, &mut Vec::new()), Err(Error::AttachmentCorrupt)), "len {len}");
        }
        fs::remove_file(&path).unwrap();
        assert!(matches!(v.read_document(doc, &mut Vec::new()), Err(Error::AttachmentCorrupt)));
        fs::write(&path, &good).unwrap();
        v.read_document(doc, &mut Vec::new()).expect("intact again");
    }
}

#[test]
fn a_blob_moved_to_another_case_does_not_decrypt() {
    // Each case has its own key: swapping blob files between cases must fail, not leak.
    let (root, dir, _, docs) = sample();
    let mut v = open(&dir).unwrap();
    let p = v.add_person(NewPerson { name: "Other".into(), ..Default::default() }).unwrap();
    let c2 = v
        .add_case(
            &p,
            CaseDetails { jurisdiction: "co".into(), title: "Other".into(), relief: vec![], ..Default::default() },
        )
        .unwrap();
    let src = root.path().join("other.txt");
    fs::write(&src, b"other case evidence").unwrap();
    let other = v.add_document(&c2, &src).unwrap().id;
    fs::copy(dir.join("blobs").join(format!("{}.age", docs[0])), dir.join("blobs").join(format!("{other}.age")))
        .unwrap();
    assert!(matches!(v.read_document(&other, &mut Vec::new()), Err(Error::AttachmentCorrupt)));
}
