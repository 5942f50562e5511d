//! Import: a co-counsel's bundle into this vault (docs/bundle-format.md §5–6).
//!
//! Everything is checked before anything is written: the file is decrypted with this vault's
//! identity, the manifest's signature is checked against a *contact's* key, and every member
//! against the manifest as it streams past ([`crate::exchange::reader`]). Records are held in
//! memory; attachments are encrypted to their case's key under temporary names as they arrive
//! (never written in plaintext). Only when the whole file has been read and verified does one
//! transaction merge the records ([`super::merge`]) and the attachments take their real names.
//! Any failure before that removes what was staged and leaves the vault as it was.
//!
//! A preview runs the same reading and planning without staging or writing, so the lawyer sees
//! what would change, and the conflicts, before saying yes.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::domain::records::{Case, Person};
use crate::error::{corrupt, BundleError, Error, Result};
use crate::exchange::bundle::{Manifest, Member, Sender};
use crate::exchange::card;
use crate::exchange::minisign::PublicKey;
use crate::exchange::reader::{self, MemberKind, Profile, Visitor};
use crate::store::contacts::{Contact, Trust};
use crate::store::merge::{self, Decision, FieldDiff, Unit, UnitKind};
use crate::store::{audit, deadlines};
use crate::vault::{blobs, Vault};

/// How many units an import adds, updates, leaves, keeps ours of, or sets aside as conflicts.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct MergeCounts {
    /// New to this vault.
    pub added: usize,
    /// Changed only by the sender since the last exchange: their version applied.
    pub updated: usize,
    pub unchanged: usize,
    /// Changed only here since the last exchange: ours kept.
    pub kept_local: usize,
    /// Changed on both sides: ours kept, theirs set aside for the lawyer.
    pub conflicts: usize,
}

impl MergeCounts {
    fn count(&mut self, d: Decision) {
        match d {
            Decision::Add => self.added += 1,
            Decision::Apply => self.updated += 1,
            Decision::Unchanged => self.unchanged += 1,
            Decision::KeepLocal => self.kept_local += 1,
            Decision::Conflict => self.conflicts += 1,
        }
    }
}

/// What an import would do to one case.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CaseChange {
    pub id: String,
    pub title: String,
    pub is_new: bool,
    pub counts: MergeCounts,
}

/// A conflict an import would set aside.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ConflictPreview {
    pub kind: UnitKind,
    pub label: String,
    pub case_id: Option<String>,
    pub fields: Vec<FieldDiff>,
}

/// Everything the lawyer needs to decide on an import; computed without writing anything.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ImportPreview {
    pub sender: Sender,
    /// The contact who signed it; None if the signer is not a contact. Import is refused until
    /// they are a contact whose fingerprint words were compared (trust `verified`).
    pub contact: Option<Contact>,
    /// SHA-256 of the signed manifest: pass it back to import exactly the file previewed.
    pub manifest_sha256: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub sequence: u64,
    pub created: String,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub last_sequence: Option<u64>,
    /// Not newer than the last bundle imported from this sender: import would be refused.
    pub replayed: bool,
    pub cases: Vec<CaseChange>,
    pub people: usize,
    pub attachments: usize,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub attachment_bytes: u64,
    pub totals: MergeCounts,
    pub conflicts: Vec<ConflictPreview>,
}

/// What an import did.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ImportSummary {
    pub contact_id: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub sequence: u64,
    pub cases: usize,
    pub people: usize,
    pub attachments: usize,
    pub totals: MergeCounts,
}

/// A unit changed on both sides, waiting for the lawyer.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Conflict {
    pub id: String,
    pub kind: UnitKind,
    pub label: String,
    pub case_id: Option<String>,
    pub contact_name: Option<String>,
    pub received: String,
    pub fields: Vec<FieldDiff>,
}

/// How the lawyer settles a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "lowercase")]
pub enum Keep {
    Mine,
    Theirs,
}

const READ_BUFFER: usize = 256 * 1024;

/// The bundle as read: verified records in memory, attachments staged (on import).
struct Received {
    manifest: Manifest,
    /// SHA-256 (hex) of the manifest as signed: what the lawyer approved in the preview.
    manifest_sha256: String,
    contact: Option<Contact>,
    /// The sender's history of each unit (empty for a bundle that carries none).
    history: HashMap<String, HashSet<String>>,
    cases: Vec<Case>,
    people: Vec<Person>,
    attachments: usize,
    attachment_bytes: u64,
    staging: Option<blobs::Staging>,
}

/// The reader's visitor: checks the signer, parses records, stages attachments.
struct Reading<'a> {
    vault: &'a Vault,
    /// Import (stage attachments, require a known signer) or preview.
    importing: bool,
    contact: Option<Contact>,
    manifest_sha256: String,
    cases: Vec<Case>,
    people: Vec<Person>,
    history: HashMap<String, HashSet<String>>,
    /// Document id → case id, from the case records (which precede the attachments).
    doc_case: HashMap<String, String>,
    attachments: usize,
    attachment_bytes: u64,
    staging: Option<blobs::Staging>,
}

fn unsupported<E>(_: E) -> Error {
    Error::Bundle(BundleError::Unsupported)
}

impl Visitor for Reading<'_> {
    fn signer(&mut self, manifest: &Manifest) -> Result<PublicKey> {
        self.contact = self.vault.contact_by_key(&manifest.sender.minisign_public_key)?;
        match &self.contact {
            Some(c) if self.importing && c.trust != Trust::Verified => {
                Err(Error::Bundle(BundleError::UnverifiedSigner))
            }
            Some(c) => PublicKey::from_base64(&c.minisign_public_key),
            // A preview still checks the file is signed by the key it names, to show who it is.
            None if !self.importing => PublicKey::from_base64(&manifest.sender.minisign_public_key)
                .map_err(|_| Error::Bundle(BundleError::BadSignature)),
            None => Err(Error::Bundle(BundleError::UnknownSigner)),
        }
    }

    fn verified(&mut self, manifest: &Manifest, manifest_sha256: &str) -> Result<()> {
        self.manifest_sha256 = manifest_sha256.to_string();
        // A replay is refused before gigabytes of attachments are decrypted and staged.
        match &self.contact {
            Some(c) if self.importing && manifest.sequence <= self.vault.last_sequence(&c.id)? => {
                Err(Error::Bundle(BundleError::Replayed))
            }
            _ => Ok(()),
        }
    }

    fn record(&mut self, kind: &MemberKind, data: Vec<u8>) -> Result<()> {
        match kind {
            MemberKind::CaseRecord(id) => {
                let case: Case = serde_json::from_slice(&data).map_err(unsupported)?;
                if &case.id != id {
                    return Err(Error::Bundle(BundleError::Mismatch));
                }
                for d in &case.documents {
                    // One document in two cases would be stored for one and listed in the other.
                    if self.doc_case.insert(d.id.clone(), case.id.clone()).is_some() {
                        return Err(Error::Bundle(BundleError::Mismatch));
                    }
                }
                self.cases.push(case);
            }
            MemberKind::PersonRecord(id) => {
                let person: Person = serde_json::from_slice(&data).map_err(unsupported)?;
                if &person.id != id {
                    return Err(Error::Bundle(BundleError::Mismatch));
                }
                self.people.push(person);
            }
            MemberKind::History => {
                let history: HashMap<String, Vec<String>> = serde_json::from_slice(&data).map_err(unsupported)?;
                for (key, hashes) in history {
                    if !hashes.iter().all(|h| merge::is_version_hash(h)) {
                        return Err(Error::Bundle(BundleError::Unsupported));
                    }
                    self.history.insert(key, hashes.into_iter().collect());
                }
            }
            _ => return Err(Error::Bundle(BundleError::Mismatch)),
        }
        Ok(())
    }

    fn stream(&mut self, kind: &MemberKind, member: &Member, data: &mut dyn Read) -> Result<()> {
        let MemberKind::Attachment(doc_id) = kind else {
            return Err(Error::Bundle(BundleError::Mismatch));
        };
        let case_id = self.doc_case.get(doc_id).ok_or(Error::Bundle(BundleError::Mismatch))?;
        self.attachments += 1;
        self.attachment_bytes += member.size;
        // An attachment we already have is identical by id (documents never change); the
        // reader still hashes it.
        if let Some(staging) = &mut self.staging {
            if !crate::store::exists(&self.vault.conn, "document", doc_id)? {
                staging.add(&self.vault.conn, case_id, doc_id, data)?;
            }
        }
        Ok(())
    }
}

/// One incoming unit: its decision, our version, and the history it came with (itself
/// included).
struct Item {
    theirs: Unit,
    decision: Decision,
    mine: Option<Unit>,
    their_history: HashSet<String>,
}

/// The merge worked out.
struct Plan {
    items: Vec<Item>,
    new_cases: Vec<String>,
    cases: Vec<CaseChange>,
    totals: MergeCounts,
}

impl Vault {
    fn contact_by_key(&self, minisign_public_key: &str) -> Result<Option<Contact>> {
        Ok(self.contacts()?.into_iter().find(|c| c.minisign_public_key == minisign_public_key))
    }

    fn last_sequence(&self, contact_id: &str) -> Result<u64> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT last_sequence FROM contact WHERE id = ?1")?
            .query_row([contact_id], |r| r.get(0))?;
        u64::try_from(n).map_err(corrupt)
    }

    fn open_bundle(&self, path: &Path) -> Result<age::stream::StreamReader<BufReader<File>>> {
        let file = File::open(path).map_err(Error::io("open the bundle"))?;
        let mut input = BufReader::with_capacity(READ_BUFFER, file);
        crate::exchange::expect_age(&mut input)?;
        self.decrypt(input)
    }

    fn receive(&self, path: &Path, importing: bool) -> Result<Received> {
        let plaintext = self.open_bundle(path)?;
        let mut reading = Reading {
            vault: self,
            importing,
            contact: None,
            manifest_sha256: String::new(),
            cases: Vec::new(),
            people: Vec::new(),
            history: HashMap::new(),
            doc_case: HashMap::new(),
            attachments: 0,
            attachment_bytes: 0,
            staging: importing.then(|| blobs::Staging::new(self.blobs_dir())),
        };
        let manifest = reader::read(plaintext, Profile::Bundle, &mut reading)?;
        Ok(Received {
            manifest,
            manifest_sha256: reading.manifest_sha256,
            contact: reading.contact,
            history: reading.history,
            cases: reading.cases,
            people: reading.people,
            attachments: reading.attachments,
            attachment_bytes: reading.attachment_bytes,
            staging: reading.staging,
        })
    }

    /// Our version of the unit with this key, if we have it.
    fn local_unit(&self, unit: &Unit) -> Result<Option<Unit>> {
        let key = unit.key();
        let units = match (unit.case_id(), unit) {
            (Some(case_id), _) => match self.case(case_id) {
                Ok(c) => merge::units_of_case(&c),
                Err(Error::NotFound(_)) => return Ok(None),
                Err(e) => return Err(e),
            },
            (None, Unit::Person { id: person_id, .. } | Unit::Address { person_id, .. }) => {
                match self.person(person_id) {
                    Ok(p) => merge::units_of_person(&p),
                    Err(Error::NotFound(_)) => return Ok(None),
                    Err(e) => return Err(e),
                }
            }
            _ => return Ok(None),
        };
        Ok(units.into_iter().find(|u| u.key() == key))
    }

    fn plan(&self, received: &Received) -> Result<Plan> {
        let bundle_people: HashSet<&str> = received.people.iter().map(|p| p.id.as_str()).collect();
        // Every document a record lists must arrive with its bytes.
        let attached: HashSet<&str> =
            received.manifest.members.iter().filter_map(|m| m.path.strip_prefix("attachments/")).collect();
        if received.cases.iter().flat_map(|c| &c.documents).any(|d| !attached.contains(d.id.as_str())) {
            return Err(Error::Bundle(BundleError::Mismatch));
        }
        let mut items = Vec::new();
        let mut new_cases = Vec::new();
        let mut cases = Vec::new();
        let mut totals = MergeCounts::default();
        let mut seen = HashSet::new();
        let mut decide = |theirs: Unit, ours: &BTreeMap<String, Unit>, counts: &mut MergeCounts| -> Result<()> {
            let key = theirs.key();
            // A unit twice in one bundle, or an id that belongs to another case or person here,
            // would rewrite something it is not part of.
            if !seen.insert(key.clone()) || merge::owned_elsewhere(&self.conn, &theirs)? {
                return Err(Error::Bundle(BundleError::Mismatch));
            }
            theirs.check_ids()?;
            let mine = ours.get(&key).cloned();
            let theirs_hash = theirs.hash()?;
            let mut their_history = received.history.get(&key).cloned().unwrap_or_default();
            their_history.insert(theirs_hash.clone());
            let decision = match (&theirs, &mine) {
                // Documents never change once added: same id, same document.
                (Unit::Document { .. }, Some(_)) => Decision::Unchanged,
                _ => merge::decide(
                    mine.as_ref().map(Unit::hash).transpose()?.as_deref(),
                    &merge::history(&self.conn, &key)?,
                    &theirs_hash,
                    &their_history,
                ),
            };
            counts.count(decision);
            totals.count(decision);
            items.push(Item { theirs, decision, mine, their_history });
            Ok(())
        };
        for p in &received.people {
            let ours = match self.person(&p.id) {
                Ok(local) => merge::units_of_person(&local).into_iter().map(|u| (u.key(), u)).collect(),
                Err(Error::NotFound(_)) => BTreeMap::new(),
                Err(e) => return Err(e),
            };
            let mut counts = MergeCounts::default();
            for u in merge::units_of_person(p) {
                decide(u, &ours, &mut counts)?;
            }
        }
        for c in &received.cases {
            let (is_new, ours) = match self.case(&c.id) {
                Ok(local) => (false, merge::units_of_case(&local).into_iter().map(|u| (u.key(), u)).collect()),
                Err(Error::NotFound(_)) => (true, BTreeMap::new()),
                Err(e) => return Err(e),
            };
            for p in &c.parties {
                if !bundle_people.contains(p.person_id.as_str())
                    && !crate::store::exists(&self.conn, "person", &p.person_id)?
                {
                    return Err(Error::Bundle(BundleError::Mismatch));
                }
            }
            let mut counts = MergeCounts::default();
            for u in merge::units_of_case(c) {
                decide(u, &ours, &mut counts)?;
            }
            if is_new {
                new_cases.push(c.id.clone());
            }
            cases.push(CaseChange { id: c.id.clone(), title: c.title.clone(), is_new, counts });
        }
        items.sort_by_key(|i| merge::apply_order(i.theirs.kind()));
        Ok(Plan { items, new_cases, cases, totals })
    }

    /// Check a bundle completely and say what importing it would change. Writes nothing.
    pub fn preview_import(&self, path: &Path) -> Result<ImportPreview> {
        let received = self.receive(path, false)?;
        let plan = self.plan(&received)?;
        // Merge for real and roll back, so whatever the import would refuse (a value the forms
        // would not accept, an A-number clash) is refused here too.
        {
            let tx = self.conn.unchecked_transaction()?;
            let attachments = attachments_of(&received.manifest);
            merge_plan(&tx, &plan, &attachments, None, None, &crate::clock::stamp(self.clock.now()))?;
            tx.rollback()?;
        }
        let last_sequence = received.contact.as_ref().map(|c| self.last_sequence(&c.id)).transpose()?;
        let conflicts = plan
            .items
            .iter()
            .filter(|i| i.decision == Decision::Conflict)
            .map(|Item { theirs, mine, .. }| {
                Ok(ConflictPreview {
                    kind: theirs.kind(),
                    label: mine.as_ref().unwrap_or(theirs).label(self.language),
                    case_id: theirs.case_id().map(str::to_string),
                    fields: merge::field_diffs(mine.as_ref(), theirs)?,
                })
            })
            .collect::<Result<_>>()?;
        let m = &received.manifest;
        Ok(ImportPreview {
            sender: m.sender.clone(),
            manifest_sha256: received.manifest_sha256.clone(),
            replayed: last_sequence.is_some_and(|last| m.sequence <= last),
            contact: received.contact,
            sequence: m.sequence,
            created: m.created.clone(),
            last_sequence,
            cases: plan.cases,
            people: received.people.len(),
            attachments: received.attachments,
            attachment_bytes: received.attachment_bytes,
            totals: plan.totals,
            conflicts,
        })
    }

    /// Import a bundle from a verified contact: verify everything, then merge in one
    /// transaction. With `expect_manifest` (the preview's `manifest_sha256`), only the very file
    /// that was previewed is imported.
    pub fn import_bundle(&mut self, path: &Path, expect_manifest: Option<&str>) -> Result<ImportSummary> {
        let mut received = self.receive(path, true)?;
        if expect_manifest.is_some_and(|e| e != received.manifest_sha256) {
            return Err(Error::Bundle(BundleError::Changed));
        }
        let contact = received.contact.clone().ok_or(Error::Bundle(BundleError::UnknownSigner))?;
        let sequence = received.manifest.sequence;
        let plan = self.plan(&received)?;
        let mut staging = received.staging.take().ok_or(Error::DatabaseCorrupt)?;
        staging.place()?;
        self.write(|tx, now| {
            merge_plan(tx, &plan, &attachments_of(&received.manifest), Some(&contact.id), Some(&staging), now)?;
            tx.prepare_cached("UPDATE contact SET last_sequence = ?2 WHERE id = ?1")?
                .execute(params![contact.id, sequence as i64])?;
            audit::append(tx, now, "bundle.import", "contact", &contact.id)
        })?;
        staging.commit();
        Ok(ImportSummary {
            contact_id: contact.id,
            sequence,
            cases: received.cases.len(),
            people: received.people.len(),
            attachments: received.attachments,
            totals: plan.totals,
        })
    }

    /// Add the signer of a bundle as a contact (unverified unless the lawyer says the
    /// fingerprint words were compared). Reads only the signed manifest; with `expect_manifest`
    /// it must be the one previewed.
    pub fn add_contact_from_bundle(
        &mut self,
        path: &Path,
        verified: bool,
        expect_manifest: Option<&str>,
    ) -> Result<String> {
        let (manifest, sha) = reader::read_manifest(self.open_bundle(path)?, Profile::Bundle)?;
        if expect_manifest.is_some_and(|e| e != sha) {
            return Err(Error::Bundle(BundleError::Changed));
        }
        let s = &manifest.sender;
        let key = PublicKey::from_base64(&s.minisign_public_key)?;
        let recipient: age::x25519::Recipient = s
            .age_recipient
            .parse()
            .map_err(|_| Error::invalid("recipient", "is not an age X25519 recipient (age1…)"))?;
        let name = s.name.as_deref().filter(|n| !n.trim().is_empty()).unwrap_or("?");
        // The fingerprint is recomputed from the keys, never taken from the file.
        let fingerprint = card::fingerprint(&recipient.to_string(), &key);
        let trust = if verified { Trust::Verified } else { Trust::Unverified };
        self.insert_contact(name, &recipient.to_string(), &key.to_base64(), &fingerprint, trust)
    }

    /// Conflicts waiting for the lawyer, oldest first.
    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.id, m.theirs, m.received, c.name FROM merge_conflict m LEFT JOIN contact c ON c.id = m.contact_id
             ORDER BY m.received, m.rowid",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, theirs, received, contact_name)| {
                let theirs: Unit = serde_json::from_str(&theirs).map_err(corrupt)?;
                let mine = self.local_unit(&theirs)?;
                Ok(Conflict {
                    id,
                    kind: theirs.kind(),
                    label: mine.as_ref().unwrap_or(&theirs).label(self.language),
                    case_id: theirs.case_id().map(str::to_string),
                    contact_name,
                    received,
                    fields: merge::field_diffs(mine.as_ref(), &theirs)?,
                })
            })
            .collect()
    }

    /// Settle a conflict: keep ours, or take theirs. Either way their version and its history
    /// join ours, so the same edit does not conflict again.
    pub fn resolve_conflict(&mut self, id: &str, keep: Keep) -> Result<()> {
        let (theirs, history): (String, String) = self
            .conn
            .prepare_cached("SELECT theirs, theirs_history FROM merge_conflict WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or(Error::NotFound("conflict"))?;
        let theirs: Unit = serde_json::from_str(&theirs).map_err(corrupt)?;
        let history: Vec<String> = serde_json::from_str(&history).map_err(corrupt)?;
        self.write(|tx, now| {
            if keep == Keep::Theirs {
                merge::apply(tx, &theirs, now)?;
                if let Some(case_id) = theirs.case_id() {
                    deadlines::recompute_case(tx, case_id, now)?;
                }
            }
            // Settled: their version (and its past) is now part of ours, so the next bundle that
            // carries ours on top of it applies cleanly on their side.
            merge::remember(tx, &theirs.key(), &history)?;
            tx.prepare_cached("DELETE FROM merge_conflict WHERE id = ?1")?.execute([id])?;
            let action = if keep == Keep::Theirs { "conflict.take-theirs" } else { "conflict.keep-mine" };
            audit::append(tx, now, action, "conflict", id)
        })
    }
}

/// Apply a plan inside the caller's transaction. `staging` holds the new cases' keys (None in
/// a preview, whose transaction is rolled back: new cases get throw-away keys).
fn merge_plan(
    tx: &rusqlite::Connection,
    plan: &Plan,
    attachments: &HashMap<&str, &Member>,
    contact_id: Option<&str>,
    staging: Option<&blobs::Staging>,
    now: &str,
) -> Result<()> {
    let save_keys = |tx: &rusqlite::Connection| match staging {
        Some(s) => s.save_keys(tx, &plan.new_cases),
        None => plan.new_cases.iter().try_for_each(|c| blobs::create_case_key(tx, c)),
    };
    let mut touched_cases: HashSet<String> = HashSet::new();
    let mut keys_saved = false;
    for Item { theirs, decision, their_history, .. } in &plan.items {
        if !keys_saved && merge::apply_order(theirs.kind()) > merge::apply_order(UnitKind::Case) {
            save_keys(tx)?;
            keys_saved = true;
        }
        if theirs.kind() == UnitKind::DeadlineDone && !touched_cases.is_empty() {
            // Done-marks refer to deadlines the events produce: compute those first.
            for case_id in touched_cases.drain() {
                deadlines::recompute_case(tx, &case_id, now)?;
            }
        }
        match decision {
            Decision::Add | Decision::Apply => {
                merge::apply(tx, theirs, now)?;
                if let Unit::Document { id, .. } = theirs {
                    // What arrived is what is stored: its size and hash are the manifest's.
                    if let Some(m) = attachments.get(id.as_str()) {
                        tx.prepare_cached("UPDATE document SET stored_size = ?2, stored_sha256 = ?3 WHERE id = ?1")?
                            .execute(params![id, m.size as i64, m.sha256])?;
                    }
                }
                merge::remember(tx, &theirs.key(), their_history)?;
                if let Some(case_id) = theirs.case_id() {
                    touched_cases.insert(case_id.to_string());
                }
            }
            Decision::Unchanged | Decision::KeepLocal => merge::remember(tx, &theirs.key(), their_history)?,
            Decision::Conflict => record_conflict(tx, theirs, their_history, contact_id, now)?,
        }
    }
    if !keys_saved {
        save_keys(tx)?;
    }
    for case_id in touched_cases {
        deadlines::recompute_case(tx, &case_id, now)?;
    }
    Ok(())
}

fn record_conflict(
    tx: &rusqlite::Connection,
    theirs: &Unit,
    their_history: &HashSet<String>,
    contact_id: Option<&str>,
    now: &str,
) -> Result<()> {
    let mut history: Vec<&String> = their_history.iter().collect();
    history.sort();
    let history = serde_json::to_string(&history).map_err(corrupt)?;
    // One open conflict per unit: a newer version from the other side replaces the older one.
    tx.prepare_cached(
        "INSERT INTO merge_conflict (id, unit, case_id, contact_id, theirs, theirs_history, received)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (unit) DO UPDATE SET contact_id = ?4, theirs = ?5, theirs_history = ?6, received = ?7",
    )?
    .execute(params![
        crate::domain::new_id(),
        theirs.key(),
        theirs.case_id(),
        contact_id,
        theirs.to_json()?,
        history,
        now
    ])?;
    Ok(())
}

/// The attachments a manifest lists, by document id.
fn attachments_of(manifest: &Manifest) -> HashMap<&str, &Member> {
    manifest.members.iter().filter_map(|m| Some((m.path.strip_prefix("attachments/")?, m))).collect()
}
