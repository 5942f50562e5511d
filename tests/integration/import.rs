//! Importing co-counsel bundles: the round trip between two vaults, edits travelling back,
//! conflicts, replays, and the hostile matrix — every refused file leaves the receiving vault
//! as it was, with a code that names what is wrong.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use amparo::domain::records::{Case, CaseDetails, NewPerson, Person};
use amparo::domain::EventKind;
use amparo::exchange::minisign::{self, PublicKey};
use amparo::store::import::Keep;
use amparo::Vault;
use ed25519_dalek::{Signer, SigningKey};
use serde_json::{json, Value};

use crate::util::{create_in_process, sha256_hex};

/// Two vaults that have exchanged (verified) contact cards.
pub struct Pair {
    pub dir: tempfile::TempDir,
    pub a: Vault,
    pub b: Vault,
    /// A as a contact in B.
    pub a_on_b: String,
    /// B as a contact in A.
    pub b_on_a: String,
}

pub fn pair() -> Pair {
    let dir = tempfile::tempdir().unwrap();
    let mut a = create_in_process(&dir.path().join("a"));
    let mut b = create_in_process(&dir.path().join("b"));
    let a_card = a.contact_card(Some("Lic. Ana Ruiz")).unwrap();
    let b_card = b.contact_card(Some("Luis Gómez, Esq.")).unwrap();
    let a_on_b = b.add_contact(&a_card, true).unwrap();
    let b_on_a = a.add_contact(&b_card, true).unwrap();
    Pair { dir, a, b, a_on_b, b_on_a }
}

impl Pair {
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Export cases from A to B into a new file.
    pub fn a_to_b(&mut self, cases: &[String], name: &str) -> PathBuf {
        let out = self.path(name);
        self.a.export_bundle(cases, std::slice::from_ref(&self.b_on_a), &[], &out, false).unwrap();
        out
    }

    pub fn b_to_a(&mut self, cases: &[String], name: &str) -> PathBuf {
        let out = self.path(name);
        self.b.export_bundle(cases, std::slice::from_ref(&self.a_on_b), &[], &out, false).unwrap();
        out
    }
}

/// A client with a full case: events, note, task, manual deadline, address, two attachments.
pub fn full_case(v: &mut Vault, scratch: &Path) -> (String, String) {
    let (person, case) = v
        .intake(
            NewPerson {
                name: "María José Pérez López".into(),
                aliases: vec!["Maria Perez".into()],
                dob: Some("1990-04-02".into()),
                a_number: Some("A-201-555-019".into()),
                nationality: Some("HN".into()),
                languages: vec!["es".into()],
                ..Default::default()
            },
            CaseDetails {
                jurisdiction: "us-eoir".into(),
                title: "Pérez López — defensive asylum".into(),
                relief: vec!["asylum".into(), "withholding".into()],
                lawyer: Some("Ana Ruiz".into()),
                ..Default::default()
            },
        )
        .unwrap();
    v.add_event(&case, EventKind::parse("ij-decision").unwrap(), "2026-11-25", Some("Denied; appeal")).unwrap();
    v.add_note(&case, "Interview: fled in March 2024 after threats.\nSecond line.").unwrap();
    v.add_task(&case, "Request the I-213", Some("2026-12-10")).unwrap();
    v.add_manual_deadline(&case, "Brief to co-counsel", "2026-12-15").unwrap();
    v.add_address(&person, "12 Calle Uno, Houston TX", "2026-01-05").unwrap();
    let big: Vec<u8> = (0..600_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    for (name, bytes) in [("declaration.pdf", big.as_slice()), ("notes.txt", b"hello\n".as_slice())] {
        let f = scratch.join(name);
        fs::write(&f, bytes).unwrap();
        v.add_document(&case, &f).unwrap();
    }
    (person, case)
}

/// A case as compared across vaults: what the importer does not copy — modification times and
/// the ids of computed deadlines, which each vault computes itself — is set aside.
fn comparable(mut c: Case) -> Case {
    c.updated.clear();
    for d in &mut c.deadlines {
        if d.event_id.is_some() {
            d.id.clear();
        }
    }
    c
}

fn comparable_person(mut p: Person) -> Person {
    p.updated.clear();
    p
}

/// What must not change when an import is refused.
fn state(v: &Vault, blobs: &Path) -> (Value, u64, Vec<String>, usize) {
    let mut files: Vec<String> =
        fs::read_dir(blobs).unwrap().flatten().map(|e| e.file_name().to_string_lossy().to_string()).collect();
    files.sort();
    (
        serde_json::to_value(v.status().unwrap()).unwrap(),
        v.verify_audit().unwrap().entries,
        files,
        v.contacts().unwrap().len(),
    )
}

#[test]
fn a_round_trip_between_two_vaults_carries_everything_and_attachments_byte_for_byte() {
    let mut p = pair();
    let scratch = p.path("");
    let (person, case) = full_case(&mut p.a, &scratch);
    let bundle = p.a_to_b(std::slice::from_ref(&case), "a1.age");

    let preview = p.b.preview_import(&bundle).unwrap();
    assert_eq!(preview.contact.as_ref().map(|c| c.id.as_str()), Some(p.a_on_b.as_str()));
    assert!(!preview.replayed && preview.cases[0].is_new && preview.conflicts.is_empty());
    assert_eq!((preview.attachments, preview.people), (2, 1));
    assert_eq!(p.b.status().unwrap().cases, 0, "a preview writes nothing");

    let s = p.b.import_bundle(&bundle, None).unwrap();
    assert_eq!((s.cases, s.people, s.attachments, s.sequence), (1, 1, 2, 1));
    assert_eq!(s.totals.conflicts, 0);
    assert_eq!(s.totals.added, preview.totals.added);

    assert_eq!(comparable(p.b.case(&case).unwrap()), comparable(p.a.case(&case).unwrap()));
    assert_eq!(comparable_person(p.b.person(&person).unwrap()), comparable_person(p.a.person(&person).unwrap()));
    for d in p.a.case(&case).unwrap().documents {
        assert_eq!(p.b.document_bytes(&d.id).unwrap().1, p.a.document_bytes(&d.id).unwrap().1, "{}", d.name);
    }
    let hits = p.b.search("threats", 10).unwrap();
    assert_eq!(hits.len(), 1, "imported notes are searchable");
    assert!(p.b.verify_audit().unwrap().ok);

    // The same bundle again is a replay: reported, not applied.
    let before = state(&p.b, &p.path("b/blobs"));
    assert!(p.b.preview_import(&bundle).unwrap().replayed);
    assert!(matches!(
        p.b.import_bundle(&bundle, None),
        Err(amparo::Error::Bundle(amparo::error::BundleError::Replayed))
    ));
    assert_eq!(state(&p.b, &p.path("b/blobs")), before);
}

#[test]
fn edits_travel_back_and_edits_on_both_sides_become_conflicts_to_settle() {
    let mut p = pair();
    let scratch = p.path("");
    let (_, case) = full_case(&mut p.a, &scratch);
    let first = p.a_to_b(std::slice::from_ref(&case), "a1.age");
    p.b.import_bundle(&first, None).unwrap();

    // B changes the title and completes the task; A changes nothing: the edits apply.
    let details = |title: &str| CaseDetails {
        jurisdiction: "us-eoir".into(),
        title: title.into(),
        relief: vec!["asylum".into(), "withholding".into()],
        lawyer: Some("Ana Ruiz".into()),
        ..Default::default()
    };
    p.b.update_case(&case, details("Pérez López — BIA appeal")).unwrap();
    let task = p.b.case(&case).unwrap().tasks[0].id.clone();
    p.b.complete_task(&task).unwrap();
    let back = p.b_to_a(std::slice::from_ref(&case), "b1.age");
    let s = p.a.import_bundle(&back, None).unwrap();
    assert_eq!((s.totals.updated, s.totals.conflicts), (2, 0), "{s:?}");
    let a_case = p.a.case(&case).unwrap();
    assert_eq!(a_case.title, "Pérez López — BIA appeal");
    assert!(a_case.tasks[0].done.is_some());

    // Both change the decision date (and the title): conflicts; A's versions stay in place.
    let event = a_case.events[0].id.clone();
    p.a.update_event(&event, "2026-11-20", Some("Denied; appeal")).unwrap();
    p.a.update_case(&case, details("Title from A")).unwrap();
    p.b.update_event(&event, "2026-11-27", Some("Denied; appeal")).unwrap();
    p.b.update_case(&case, details("Title from B")).unwrap();
    let b2 = p.b_to_a(std::slice::from_ref(&case), "b2.age");
    let preview = p.a.preview_import(&b2).unwrap();
    assert_eq!(preview.totals.conflicts, 2, "{preview:?}");
    let date_diff = preview.conflicts.iter().flat_map(|c| &c.fields).find(|f| f.field == "date").unwrap();
    assert_eq!((date_diff.mine.as_str(), date_diff.theirs.as_str()), ("2026-11-20", "2026-11-27"));
    p.a.import_bundle(&b2, None).unwrap();
    let a_case = p.a.case(&case).unwrap();
    assert_eq!((a_case.title.as_str(), a_case.events[0].date.as_str()), ("Title from A", "2026-11-20"));
    let bia_due = |c: &Case| c.deadlines.iter().find(|d| d.rule == "bia-appeal").unwrap().due.clone();
    assert_eq!(bia_due(&a_case), "2026-12-21", "30 days from 20 Nov, the 20th being a Sunday");

    let conflicts = p.a.conflicts().unwrap();
    assert_eq!(conflicts.len(), 2);
    assert!(conflicts.iter().all(|c| c.contact_name.as_deref() == Some("Luis Gómez, Esq.")));
    let on_event = conflicts.iter().find(|c| c.kind.as_str() == "event").unwrap();
    let on_case = conflicts.iter().find(|c| c.kind.as_str() == "case").unwrap();
    p.a.resolve_conflict(&on_event.id, Keep::Theirs).unwrap();
    p.a.resolve_conflict(&on_case.id, Keep::Mine).unwrap();
    assert!(p.a.conflicts().unwrap().is_empty());
    let a_case = p.a.case(&case).unwrap();
    assert_eq!(a_case.events[0].date, "2026-11-27", "theirs taken");
    assert_eq!(bia_due(&a_case), "2026-12-28", "deadlines recomputed from their date (27 Dec is a Sunday)");
    assert_eq!(a_case.title, "Title from A", "mine kept");
    assert!(matches!(p.a.resolve_conflict(&on_case.id, Keep::Mine), Err(amparo::Error::NotFound(_))));

    // B sends again without new edits: nothing conflicts any more.
    let b3 = p.b_to_a(std::slice::from_ref(&case), "b3.age");
    let s = p.a.import_bundle(&b3, None).unwrap();
    assert_eq!(s.totals.conflicts, 0, "{s:?}");
    assert_eq!(p.a.case(&case).unwrap().title, "Title from A");
    // An older bundle from B, arriving late, is a replay.
    assert!(matches!(p.a.import_bundle(&b2, None), Err(amparo::Error::Bundle(amparo::error::BundleError::Replayed))));
}

#[test]
fn a_signer_who_is_not_a_contact_is_shown_and_never_imported_silently() {
    let mut p = pair();
    let scratch = p.path("");
    let dir = p.path("c");
    let mut c = create_in_process(&dir);
    c.contact_card(Some("Stranger")).unwrap();
    let (_, case) = full_case(&mut c, &scratch);
    let b_recipient = p.b.identity().unwrap().age_recipient;
    let out = p.path("c1.age");
    c.export_bundle(std::slice::from_ref(&case), &[], &[b_recipient], &out, false).unwrap();

    let before = state(&p.b, &p.path("b/blobs"));
    let preview = p.b.preview_import(&out).unwrap();
    assert!(preview.contact.is_none());
    assert_eq!(preview.sender.fingerprint, c.identity().unwrap().fingerprint);
    assert_eq!(code(p.b.import_bundle(&out, None)), "bundle-unknown-signer");
    assert_eq!(state(&p.b, &p.path("b/blobs")), before);

    let id = p.b.add_contact_from_bundle(&out, false, None).unwrap();
    let added = p.b.contacts().unwrap().into_iter().find(|x| x.id == id).unwrap();
    assert_eq!((added.name.as_str(), added.trust.as_str()), ("Stranger", "unverified"));
    assert_eq!(added.fingerprint, c.identity().unwrap().fingerprint, "recomputed from the keys");
    assert_eq!(code(p.b.import_bundle(&out, None)), "bundle-unverified-signer", "words not compared yet");
    assert_eq!(p.b.status().unwrap().cases, 0, "still nothing imported");
    p.b.verify_contact(&id).unwrap();
    assert_eq!(p.b.import_bundle(&out, None).unwrap().cases, 1);
}

fn code<T: std::fmt::Debug>(r: amparo::Result<T>) -> &'static str {
    r.expect_err("must be refused").code()
}

// ---- the hostile matrix ------------------------------------------------------------------------

/// A co-counsel key pair held by the test, to sign whatever it likes.
struct Forger {
    signing: SigningKey,
    key_id: [u8; 8],
    age: age::x25519::Identity,
}

impl Forger {
    fn new() -> Forger {
        Forger {
            signing: SigningKey::from_bytes(&[7u8; 32]),
            key_id: *b"forger01",
            age: age::x25519::Identity::generate(),
        }
    }

    fn public_key(&self) -> PublicKey {
        PublicKey { key_id: self.key_id, key: self.signing.verifying_key() }
    }

    fn sign(&self, data: &[u8], comment: &str) -> String {
        let signature = self.signing.sign(&minisign::prehash(data));
        let mut global = signature.to_bytes().to_vec();
        global.extend_from_slice(comment.as_bytes());
        minisign::signature_file(&self.key_id, &signature, comment, &self.signing.sign(&global))
    }

    fn card(&self) -> String {
        let card =
            amparo::exchange::card::Card::new("Forger", &self.age.to_public().to_string(), &self.public_key()).unwrap();
        card.signed_text(&self.sign(card.body().as_bytes(), "amparo contact card"))
    }

    fn manifest(&self, sequence: u64, members: &[(String, Vec<u8>)]) -> Value {
        let recipient = self.age.to_public().to_string();
        json!({
            "format": "amparo-bundle",
            "version": 1,
            "created": "2026-11-29T12:00:00Z",
            "sender": {
                "name": "Forger",
                "age_recipient": recipient,
                "minisign_public_key": self.public_key().to_base64(),
                "fingerprint": amparo::exchange::card::fingerprint(&recipient, &self.public_key()),
            },
            "recipients": [],
            "sequence": sequence,
            "audit_head": "",
            "cases": [],
            "members": members.iter().map(|(path, data)| json!({
                "path": path, "size": data.len(), "sha256": sha256_hex(data),
            })).collect::<Vec<_>>(),
        })
    }
}

/// One raw tar member: any name (written into the header as bytes), type and content.
struct Raw {
    name: Vec<u8>,
    kind: tar::EntryType,
    data: Vec<u8>,
}

fn raw(name: &str, data: &[u8]) -> Raw {
    Raw { name: name.as_bytes().to_vec(), kind: tar::EntryType::Regular, data: data.to_vec() }
}

fn tar_of(members: &[Raw]) -> Vec<u8> {
    let mut out = Vec::new();
    for m in members {
        let mut h = tar::Header::new_ustar();
        let name = &mut h.as_old_mut().name;
        name[..m.name.len()].copy_from_slice(&m.name);
        h.set_size(m.data.len() as u64);
        h.set_mode(0o600);
        h.set_entry_type(m.kind);
        h.set_cksum();
        out.extend_from_slice(h.as_bytes());
        out.extend_from_slice(&m.data);
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.extend_from_slice(&[0u8; 1024]);
    out
}

fn encrypt_to(recipient: &str, plaintext: &[u8]) -> Vec<u8> {
    let r: age::x25519::Recipient = recipient.parse().unwrap();
    let e = age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient)).unwrap();
    let mut out = Vec::new();
    let mut w = e.wrap_output(&mut out).unwrap();
    w.write_all(plaintext).unwrap();
    w.finish().unwrap();
    out
}

/// A forged bundle: the manifest (as bytes), its signature, then `members`.
fn forged(manifest: &[u8], signature: &str, members: Vec<Raw>) -> Vec<u8> {
    let mut all = vec![raw("manifest.json", manifest), raw("manifest.json.minisig", signature.as_bytes())];
    all.extend(members);
    tar_of(&all)
}

const CASE: &str = "0b7d5e3c-8f1a-4c2e-9d3b-1a2b3c4d5e6f";
const DOC: &str = "1c8e6f4d-9a2b-4d3f-8e4c-2b3c4d5e6f70";

/// A valid case record (as A would export it) with one document.
fn case_record(title: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "id": CASE, "title": title, "jurisdiction": "us-uscis", "proceeding": null, "relief": ["asylum"],
        "stage": "intake", "lawyer": null, "receipt_number": null, "parties": [], "events": [],
        "event_kinds": [], "rule_editions": [], "deadlines": [], "deadline_warnings": [], "notes": [
            {"id": "2d9f7a5e-0b3c-4e4a-9f5d-3c4d5e6f7081", "case_id": CASE, "text": "forged note", "created": "2026-11-01T00:00:00Z"}
        ], "tasks": [],
        "documents": [{"id": DOC, "case_id": CASE, "name": "x.txt", "size": 5, "sha256": sha256_hex(b"hello"),
                        "metadata": "not-applicable", "metadata_removed": 0, "created": "2026-11-01T00:00:00Z"}],
        "created": "2026-11-01T00:00:00Z", "updated": "2026-11-01T00:00:00Z"
    }))
    .unwrap()
}

fn good_members() -> Vec<(String, Vec<u8>)> {
    vec![
        (format!("records/cases/{CASE}.json"), case_record("Forged case")),
        (format!("attachments/{DOC}"), b"hello".to_vec()),
    ]
}

#[test]
fn every_hostile_bundle_is_refused_with_its_reason_and_the_vault_is_unchanged() {
    let mut p = pair();
    let f = Forger::new();
    p.b.add_contact(&f.card(), true).unwrap();
    let me = p.b.identity().unwrap().age_recipient;
    let sign = |m: &Value| {
        let bytes = serde_json::to_vec_pretty(m).unwrap();
        let sig = f.sign(&bytes, "amparo bundle v1");
        (bytes, sig)
    };
    let members = good_members();
    let as_raw = |ms: &[(String, Vec<u8>)]| ms.iter().map(|(p, d)| raw(p, d)).collect::<Vec<_>>();
    let (manifest, sig) = sign(&f.manifest(5, &members));
    let valid_tar = forged(&manifest, &sig, as_raw(&members));
    let valid = encrypt_to(&me, &valid_tar);

    let mut cases: Vec<(&str, Vec<u8>, &str)> = Vec::new();
    cases.push((
        "not addressed to this vault",
        encrypt_to(&age::x25519::Identity::generate().to_public().to_string(), &valid_tar),
        "bundle-not-for-you",
    ));
    cases.push(("truncated", valid[..valid.len() - 40].to_vec(), "bundle-damaged"));
    let mut flipped = valid.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x20;
    cases.push(("bit flipped", flipped, "bundle-damaged"));
    cases.push(("not an age file", b"PK\x03\x04 a zip, or anything else".to_vec(), "bundle-unsupported"));
    cases.push((
        "age, but not a tar",
        encrypt_to(&me, &[0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
        "bundle-damaged",
    ));

    let no_sig = tar_of(&std::iter::once(raw("manifest.json", &manifest)).chain(as_raw(&members)).collect::<Vec<_>>());
    cases.push(("signature missing", encrypt_to(&me, &no_sig), "bundle-bad-signature"));
    let other = Forger { signing: SigningKey::from_bytes(&[9u8; 32]), ..Forger::new() };
    let wrong_sig = other.sign(&manifest, "amparo bundle v1");
    cases.push((
        "signed by another key",
        encrypt_to(&me, &forged(&manifest, &wrong_sig, as_raw(&members))),
        "bundle-bad-signature",
    ));
    let mut altered = f.manifest(5, &members);
    altered["sequence"] = json!(6);
    let altered = serde_json::to_vec_pretty(&altered).unwrap();
    cases.push((
        "manifest altered after signing",
        encrypt_to(&me, &forged(&altered, &sig, as_raw(&members))),
        "bundle-bad-signature",
    ));
    let backup_comment = f.sign(&manifest, "amparo backup v1");
    cases.push((
        "a signature made for something else",
        encrypt_to(&me, &forged(&manifest, &backup_comment, as_raw(&members))),
        "bundle-bad-signature",
    ));
    let stranger = Forger { signing: SigningKey::from_bytes(&[11u8; 32]), key_id: *b"stranger", ..Forger::new() };
    let (s_manifest, s_sig) = {
        let bytes = serde_json::to_vec_pretty(&stranger.manifest(1, &members)).unwrap();
        let sig = stranger.sign(&bytes, "amparo bundle v1");
        (bytes, sig)
    };
    cases.push((
        "signer not a contact",
        encrypt_to(&me, &forged(&s_manifest, &s_sig, as_raw(&members))),
        "bundle-unknown-signer",
    ));

    cases.push((
        "a listed member missing",
        encrypt_to(&me, &forged(&manifest, &sig, as_raw(&members[..1]))),
        "bundle-mismatch",
    ));
    let mut extra = as_raw(&members);
    extra.push(raw("records/people/3e0a8b6f-1c4d-4f5b-a06e-4d5e6f708192.json", b"{}"));
    cases.push(("an unlisted member", encrypt_to(&me, &forged(&manifest, &sig, extra)), "bundle-mismatch"));
    let mut changed = as_raw(&members);
    changed[1].data = b"HELLO".to_vec();
    cases.push(("a member's content changed", encrypt_to(&me, &forged(&manifest, &sig, changed)), "bundle-mismatch"));
    let mut longer = as_raw(&members);
    longer[1].data = b"hello!".to_vec();
    cases.push(("a member's size changed", encrypt_to(&me, &forged(&manifest, &sig, longer)), "bundle-mismatch"));
    let mut swapped = as_raw(&members);
    swapped.swap(0, 1);
    cases.push((
        "members out of the listed order",
        encrypt_to(&me, &forged(&manifest, &sig, swapped)),
        "bundle-mismatch",
    ));
    let mut absolute = as_raw(&members);
    absolute[1].name = b"/etc/passwd".to_vec();
    cases.push(("an absolute path", encrypt_to(&me, &forged(&manifest, &sig, absolute)), "bundle-mismatch"));
    let mut link = as_raw(&members);
    link[1].kind = tar::EntryType::Symlink;
    cases.push(("a symlink", encrypt_to(&me, &forged(&manifest, &sig, link)), "bundle-mismatch"));
    let mut dup = members.clone();
    dup.push(members[1].clone());
    let (m, s) = sign(&f.manifest(5, &dup));
    cases.push(("a member listed twice", encrypt_to(&me, &forged(&m, &s, as_raw(&dup))), "bundle-mismatch"));
    let traversal = vec![(format!("records/cases/../../{CASE}.json"), case_record("x"))];
    let (m, s) = sign(&f.manifest(5, &traversal));
    cases.push(("path traversal", encrypt_to(&me, &forged(&m, &s, as_raw(&traversal))), "bundle-mismatch"));
    let orphan = vec![(format!("attachments/{DOC}"), b"hello".to_vec())];
    let (m, s) = sign(&f.manifest(5, &orphan));
    cases.push(("an attachment no record lists", encrypt_to(&me, &forged(&m, &s, as_raw(&orphan))), "bundle-mismatch"));

    let record_only = vec![members[0].clone()];
    let (m, s) = sign(&f.manifest(5, &record_only));
    cases.push((
        "a document listed without its attachment",
        encrypt_to(&me, &forged(&m, &s, as_raw(&record_only))),
        "bundle-mismatch",
    ));
    let mut nested = String::new();
    for _ in 0..5_000 {
        nested.push('[');
    }
    let deep = vec![(format!("records/cases/{CASE}.json"), nested.into_bytes())];
    let (m, s) = sign(&f.manifest(5, &deep));
    cases.push(("deeply nested JSON", encrypt_to(&me, &forged(&m, &s, as_raw(&deep))), "bundle-unsupported"));
    let mut huge_claim = f.manifest(5, &members);
    huge_claim["members"][0]["size"] = json!(100u64 << 20);
    let (m, s) = sign(&huge_claim);
    cases.push(("an oversized record", encrypt_to(&me, &forged(&m, &s, as_raw(&members))), "bundle-too-large"));
    let mut bomb = f.manifest(5, &members);
    bomb["members"][1]["size"] = json!(1u64 << 40);
    let (m, s) = sign(&bomb);
    cases.push((
        "a 1 TiB attachment claimed, 5 bytes sent",
        encrypt_to(&me, &forged(&m, &s, as_raw(&members))),
        "bundle-mismatch",
    ));
    let big_manifest = vec![b' '; 17 << 20];
    cases.push(("an oversized manifest", encrypt_to(&me, &forged(&big_manifest, &sig, vec![])), "bundle-too-large"));
    let mut backup_format = f.manifest(5, &members);
    backup_format["format"] = json!("amparo-backup");
    let (m, s) = sign(&backup_format);
    cases.push((
        "a backup offered as a bundle",
        encrypt_to(&me, &forged(&m, &s, as_raw(&members))),
        "bundle-unsupported",
    ));
    let mut bad_record = members.clone();
    bad_record[0].1 = case_record("");
    let (m, s) = sign(&f.manifest(5, &bad_record));
    cases.push((
        "a record with an empty title",
        encrypt_to(&me, &forged(&m, &s, as_raw(&bad_record))),
        "invalid-input",
    ));

    let mut forged_words = f.manifest(5, &members);
    forged_words["sender"]["fingerprint"] = json!("abandon ability able about above absent absorb abstract");
    let (m, s) = sign(&forged_words);
    cases.push((
        "a sender block showing someone else's fingerprint words",
        encrypt_to(&me, &forged(&m, &s, as_raw(&members))),
        "bundle-bad-signature",
    ));
    let mut huge_sequence = f.manifest(5, &members);
    huge_sequence["sequence"] = json!(u64::MAX);
    let (m, s) = sign(&huge_sequence);
    cases.push((
        "a sequence number beyond what is stored",
        encrypt_to(&me, &forged(&m, &s, as_raw(&members))),
        "bundle-unsupported",
    ));
    let long_name =
        Raw { name: b"././@LongLink".to_vec(), kind: tar::EntryType::GNULongName, data: vec![b'a'; 1 << 20] };
    let mut with_long_name = vec![long_name];
    with_long_name.extend(std::iter::once(raw("manifest.json", &manifest)));
    cases.push((
        "a GNU long-name header before the manifest",
        encrypt_to(&me, &tar_of(&with_long_name)),
        "bundle-mismatch",
    ));
    let second_case = "5b3d1f9e-7a2c-4e8b-9d10-3a4b5c6d7e8f";
    let mut two_cases = members.clone();
    let copy = String::from_utf8(case_record("Second")).unwrap().replace(CASE, second_case).into_bytes();
    two_cases.insert(1, (format!("records/cases/{second_case}.json"), copy));
    let (m, s) = sign(&f.manifest(5, &two_cases));
    cases.push(("one document in two cases", encrypt_to(&me, &forged(&m, &s, as_raw(&two_cases))), "bundle-mismatch"));

    // A record that reuses the id of a note B holds in another case must not rewrite that note.
    let scratch = p.path("");
    let (_, local_case) = full_case(&mut p.b, &scratch);
    let local_note = p.b.case(&local_case).unwrap().notes[0].id.clone();
    let mut hijack = members.clone();
    hijack[0].1 = String::from_utf8(case_record("Hijack"))
        .unwrap()
        .replace("2d9f7a5e-0b3c-4e4a-9f5d-3c4d5e6f7081", &local_note)
        .into_bytes();
    let (m, s) = sign(&f.manifest(5, &hijack));
    cases.push((
        "an id that belongs to another case here",
        encrypt_to(&me, &forged(&m, &s, as_raw(&hijack))),
        "bundle-mismatch",
    ));

    let blobs = p.path("b/blobs");
    let before = state(&p.b, &blobs);
    let local_before = p.b.case(&local_case).unwrap();
    for (what, bytes, expected) in &cases {
        let file = p.path("hostile.age");
        fs::write(&file, bytes).unwrap();
        if *expected == "bundle-unknown-signer" {
            // A preview shows who signed, so the lawyer can compare words and add them.
            assert!(p.b.preview_import(&file).unwrap().contact.is_none(), "preview: {what}");
        } else {
            assert_eq!(code(p.b.preview_import(&file)), *expected, "preview: {what}");
        }
        assert_eq!(code(p.b.import_bundle(&file, None)), *expected, "import: {what}");
        assert_eq!(state(&p.b, &blobs), before, "vault unchanged after: {what}");
    }
    assert_eq!(p.b.case(&local_case).unwrap(), local_before, "the local case is untouched");

    // The valid one imports; a replay of it, and an older one, are refused.
    let file = p.path("valid.age");
    fs::write(&file, &valid).unwrap();
    assert_eq!(p.b.import_bundle(&file, None).unwrap().cases, 1);
    let after = state(&p.b, &blobs);
    assert_eq!(code(p.b.import_bundle(&file, None)), "bundle-replayed");
    let (m, s) = sign(&f.manifest(4, &members));
    fs::write(&file, encrypt_to(&me, &forged(&m, &s, as_raw(&members)))).unwrap();
    assert_eq!(code(p.b.import_bundle(&file, None)), "bundle-replayed", "an older sequence number");
    assert_eq!(state(&p.b, &blobs), after);
}

/// Interop the other way: a bundle made with the standard `age` CLI (encrypting our tar to
/// the vault's recipient) imports.
#[test]
fn a_bundle_encrypted_by_the_age_cli_imports() {
    use std::process::Command;
    let mut p = pair();
    let f = Forger::new();
    p.b.add_contact(&f.card(), true).unwrap();
    let members = good_members();
    let manifest = serde_json::to_vec_pretty(&f.manifest(1, &members)).unwrap();
    let sig = f.sign(&manifest, "amparo bundle v1");
    let tar = forged(&manifest, &sig, members.iter().map(|(p, d)| raw(p, d)).collect());
    let plain = p.path("bundle.tar");
    fs::write(&plain, tar).unwrap();
    let out = p.path("bundle.age");
    let me = p.b.identity().unwrap().age_recipient;
    let status = Command::new("age").args(["-r", &me, "-o"]).arg(&out).arg(&plain).status().expect("age is installed");
    assert!(status.success());
    let s = p.b.import_bundle(&out, None).unwrap();
    assert_eq!((s.cases, s.attachments), (1, 1));
    let case = p.b.case(CASE).unwrap();
    assert_eq!(p.b.document_bytes(&case.documents[0].id).unwrap().1, b"hello");
}

/// No plaintext of an imported attachment or record ever lands on disk: canaries in both are
/// absent from every file under the vault after the import (and after a failed one).
#[test]
fn imports_write_no_plaintext_to_disk() {
    let mut p = pair();
    let f = Forger::new();
    p.b.add_contact(&f.card(), true).unwrap();
    let canary_doc = b"CANARYATTACHMENTBYTES-91f3".repeat(2000);
    let mut members = good_members();
    members[0].1 = String::from_utf8(case_record("CANARYTITLE-77ab"))
        .unwrap()
        .replace("\"size\":5", &format!("\"size\":{}", canary_doc.len()))
        .replace(&sha256_hex(b"hello"), &sha256_hex(&canary_doc))
        .into_bytes();
    members[1].1 = canary_doc.clone();
    let manifest = serde_json::to_vec_pretty(&f.manifest(1, &members)).unwrap();
    let sig = f.sign(&manifest, "amparo bundle v1");
    let me = p.b.identity().unwrap().age_recipient;
    let mut raws: Vec<Raw> = members.iter().map(|(p, d)| raw(p, d)).collect();
    // First a copy whose attachment is cut short, so the import fails after staging began.
    raws[1].data.truncate(canary_doc.len() - 10);
    let broken = p.path("broken.age");
    fs::write(&broken, encrypt_to(&me, &forged(&manifest, &sig, raws))).unwrap();
    assert_eq!(code(p.b.import_bundle(&broken, None)), "bundle-mismatch");
    let good = p.path("good.age");
    fs::write(&good, encrypt_to(&me, &forged(&manifest, &sig, members.iter().map(|(p, d)| raw(p, d)).collect())))
        .unwrap();
    p.b.import_bundle(&good, None).unwrap();
    drop(p.b);
    for file in crate::util::files_under(&p.dir.path().join("b")) {
        let mut bytes = Vec::new();
        fs::File::open(&file).unwrap().read_to_end(&mut bytes).unwrap();
        assert!(!crate::util::contains(&bytes, b"CANARYATTACHMENTBYTES"), "attachment plaintext in {file:?}");
        assert!(!crate::util::contains(&bytes, b"CANARYTITLE"), "record plaintext in {file:?}");
    }
}

/// The CLI contract: `import FILE [--dry-run]` and `merge-conflict list|resolve`.
#[test]
fn the_cli_imports_with_a_dry_run_first_and_lists_conflicts() {
    use crate::util::Env;
    let (ana, _) = Env::with_vault();
    let (luis, _) = Env::with_vault();
    let card = |env: &Env, name: &str| {
        let f = env.path("my.card");
        env.ok(&["contact", "card", "--out", f.to_str().unwrap(), "--name", name]);
        f
    };
    let ana_card = card(&ana, "Ana");
    let luis_card = card(&luis, "Luis");
    let luis_on_ana = ana.id(&["contact", "add", luis_card.to_str().unwrap(), "--verified"]);
    let (_, case) = ana.client_with_case("Zyxwvut Canaryname");
    let bundle = ana.path("b.age");
    ana.ok(&["export", "--case", &case, "--to", &luis_on_ana, "--out", bundle.to_str().unwrap()]);
    let b = bundle.to_str().unwrap();

    assert_eq!(luis.err(&["import", b]), "bundle-unknown-signer", "Ana is not Luis's contact yet");
    let preview = luis.ok(&["import", b, "--dry-run"]);
    assert_eq!(preview["contact"], Value::Null);
    assert_eq!(preview["sender"]["name"], "Ana");
    let ana_on_luis = luis.id(&["contact", "add", ana_card.to_str().unwrap()]);
    assert_eq!(luis.err(&["import", b]), "bundle-unverified-signer", "the words were not compared yet");
    luis.ok(&["contact", "verify", &ana_on_luis]);
    let preview = luis.ok(&["import", b, "--dry-run"]);
    assert_eq!((preview["replayed"].as_bool(), preview["cases"][0]["is_new"].as_bool()), (Some(false), Some(true)));
    assert_eq!(luis.ok(&["status"])["cases"], 0, "the dry run wrote nothing");
    let s = luis.ok(&["import", b]);
    assert_eq!(
        (s["cases"].as_u64(), s["sequence"].as_u64(), s["totals"]["conflicts"].as_u64()),
        (Some(1), Some(1), Some(0))
    );
    assert_eq!(luis.ok(&["status"])["cases"], 1);
    assert_eq!(luis.err(&["import", b]), "bundle-replayed");
    assert_eq!(luis.ok(&["merge-conflict", "list"])["conflicts"], json!([]));
    let nobody = "00000000-0000-4000-8000-000000000000";
    assert_eq!(luis.err(&["merge-conflict", "resolve", nobody, "--keep", "mine"]), "not-found");
    assert_eq!(luis.err(&["import", ana.path("missing.age").to_str().unwrap()]), "io");
}

/// Bundles that cross (each lawyer edits, then sends before receiving the other's) must not
/// swap the edits silently: both sides see a conflict.
#[test]
fn crossing_bundles_become_conflicts_on_both_sides() {
    let mut p = pair();
    let scratch = p.path("");
    let (_, case) = full_case(&mut p.a, &scratch);
    let first = p.a_to_b(std::slice::from_ref(&case), "a1.age");
    p.b.import_bundle(&first, None).unwrap();
    let event = p.a.case(&case).unwrap().events[0].id.clone();
    p.a.update_event(&event, "2026-11-20", None).unwrap();
    p.b.update_event(&event, "2026-11-27", None).unwrap();
    let from_a = p.a_to_b(std::slice::from_ref(&case), "a2.age");
    let from_b = p.b_to_a(std::slice::from_ref(&case), "b1.age");
    assert_eq!(p.b.import_bundle(&from_a, None).unwrap().totals.conflicts, 1);
    assert_eq!(p.a.import_bundle(&from_b, None).unwrap().totals.conflicts, 1);
    assert_eq!(p.a.case(&case).unwrap().events[0].date, "2026-11-20", "A keeps its date");
    assert_eq!(p.b.case(&case).unwrap().events[0].date, "2026-11-27", "B keeps its date");

    // A settles for B's date and sends again: B has nothing left to decide about it.
    let on_a = p.a.conflicts().unwrap().remove(0);
    p.a.resolve_conflict(&on_a.id, Keep::Theirs).unwrap();
    let a3 = p.a_to_b(std::slice::from_ref(&case), "a3.age");
    p.b.import_bundle(&a3, None).unwrap();
    assert_eq!(p.b.case(&case).unwrap().events[0].date, "2026-11-27");
    let on_b = p.b.conflicts().unwrap();
    assert_eq!(on_b.len(), 1, "B's own conflict from A's first bundle is still B's to settle");
    p.b.resolve_conflict(&on_b[0].id, Keep::Mine).unwrap();
    let b2 = p.b_to_a(std::slice::from_ref(&case), "b2.age");
    assert_eq!(p.a.import_bundle(&b2, None).unwrap().totals.conflicts, 0);
    assert_eq!(p.a.case(&case).unwrap().events[0].date, "2026-11-27");
}

/// Sending the same case to other people, or a bundle that never arrives, neither loses an edit
/// nor invents a conflict: the next bundle carries the history that links the versions.
#[test]
fn edits_arrive_after_a_lost_bundle_and_after_sending_to_someone_else() {
    let mut p = pair();
    let scratch = p.path("");
    let (_, case) = full_case(&mut p.a, &scratch);
    let first = p.a_to_b(std::slice::from_ref(&case), "a1.age");
    p.b.import_bundle(&first, None).unwrap();
    let event = p.a.case(&case).unwrap().events[0].id.clone();

    // Edited and sent to a third colleague only.
    p.a.update_event(&event, "2026-11-20", None).unwrap();
    let other = age::x25519::Identity::generate().to_public().to_string();
    p.a.export_bundle(std::slice::from_ref(&case), &[], &[other], &p.path("to-c.age"), false).unwrap();
    // Edited again and sent to B, but the file is lost.
    p.a.update_event(&event, "2026-11-23", None).unwrap();
    let _lost = p.a_to_b(std::slice::from_ref(&case), "lost.age");
    // Edited once more and sent to B.
    p.a.update_event(&event, "2026-11-24", None).unwrap();
    let last = p.a_to_b(std::slice::from_ref(&case), "a-last.age");
    let s = p.b.import_bundle(&last, None).unwrap();
    assert_eq!((s.totals.updated, s.totals.conflicts), (1, 0), "{s:?}");
    assert_eq!(p.b.case(&case).unwrap().events[0].date, "2026-11-24");

    // The lost bundle turns up late: it is older, so it is refused and changes nothing.
    assert_eq!(code(p.b.import_bundle(&p.path("lost.age"), None)), "bundle-replayed");
    assert_eq!(p.b.case(&case).unwrap().events[0].date, "2026-11-24");
}

/// The app imports exactly the file the lawyer previewed.
#[test]
fn a_file_changed_after_its_preview_is_refused() {
    let mut p = pair();
    let scratch = p.path("");
    let (_, one) = full_case(&mut p.a, &scratch);
    let first = p.a_to_b(std::slice::from_ref(&one), "a1.age");
    let preview = p.b.preview_import(&first).unwrap();
    let second = p.a_to_b(std::slice::from_ref(&one), "a2.age");
    fs::copy(&second, &first).unwrap();
    assert_eq!(code(p.b.import_bundle(&first, Some(&preview.manifest_sha256))), "bundle-changed");
    assert_eq!(code(p.b.add_contact_from_bundle(&first, true, Some(&preview.manifest_sha256))), "bundle-changed");
    assert_eq!(p.b.status().unwrap().cases, 0);
    let again = p.b.preview_import(&first).unwrap();
    assert_eq!(p.b.import_bundle(&first, Some(&again.manifest_sha256)).unwrap().cases, 1);
}
