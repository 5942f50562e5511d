//! Export: cases, with their people and attachments, into a signed bundle encrypted to the
//! chosen recipients (docs/bundle-format.md §4). Streamed end to end: attachments go from their
//! encrypted blob, through the archive, into the age stream, a buffer at a time; their sizes and
//! hashes for the manifest were recorded when they were added. The output is
//! written to a temporary file and renamed, so a failed export leaves nothing behind.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::path::Path;

use rusqlite::OptionalExtension;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::digest::Hashing;
use crate::domain;
use crate::error::{Error, Result};
use crate::exchange::bundle::{self, Manifest, Member, Sender, TarWriter};
use crate::exchange::reader;
use crate::fsx;
use crate::store::{audit, merge};
use crate::vault::{blobs, Vault};

/// Bundles this size or more in case count are refused (an office-wide export is a backup).
const MAX_CASES: usize = 10_000;

/// What an export wrote.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ExportSummary {
    pub cases: usize,
    pub people: usize,
    pub attachments: usize,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub sequence: u64,
}

fn member(path: String, data: &[u8]) -> Member {
    Member { path, size: data.len() as u64, sha256: hex::encode(Sha256::digest(data)) }
}

fn to_json<T: Serialize>(v: &T) -> Result<Vec<u8>> {
    serde_json::to_vec_pretty(v).map_err(|_| Error::DatabaseCorrupt)
}

fn parse_recipient(s: &str) -> Result<age::x25519::Recipient> {
    s.trim().parse().map_err(|_| Error::invalid("recipient", "is not an age X25519 recipient (age1…)"))
}

impl Vault {
    /// Export `case_ids` to a bundle for the contacts `to_contacts` and the raw age recipients
    /// `to_recipients`, written to `out_path` (which must not exist unless `replace`).
    pub fn export_bundle(
        &mut self,
        case_ids: &[String],
        to_contacts: &[String],
        to_recipients: &[String],
        out_path: &Path,
        replace: bool,
    ) -> Result<ExportSummary> {
        if case_ids.is_empty() || case_ids.len() > MAX_CASES {
            return Err(Error::invalid("cases", "choose between 1 and 10,000 cases"));
        }
        if !replace && out_path.exists() {
            return Err(Error::invalid("output file", "already exists; choose another name"));
        }
        let mut recipients: Vec<String> = Vec::new();
        for id in to_contacts {
            let r: String = self
                .conn
                .prepare_cached("SELECT age_recipient FROM contact WHERE id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?
                .ok_or(Error::NotFound("contact"))?;
            recipients.push(r);
        }
        for r in to_recipients {
            recipients.push(parse_recipient(r)?.to_string());
        }
        recipients.sort();
        recipients.dedup();
        if recipients.is_empty() {
            return Err(Error::invalid("recipients", "choose at least one contact or recipient"));
        }

        // Records, in memory (text, small next to attachments), and the attachments' sizes and
        // hashes, read once from their blobs so the manifest can list them before they follow.
        let mut cases = Vec::new();
        let mut people_ids = BTreeSet::new();
        let exported: BTreeSet<&str> = case_ids.iter().map(String::as_str).collect();
        for id in case_ids {
            let c = self.case(&domain::parse_id("case id", id)?)?;
            people_ids.extend(c.parties.iter().map(|p| p.person_id.clone()));
            cases.push(c);
        }
        let mut records: Vec<(String, Vec<u8>)> = Vec::new();
        // Every unit sent goes with its history, so the receiver can tell whose version came
        // from whose (store::merge); what is sent joins our history when the export succeeds.
        let mut sent_units = Vec::new();
        for c in &cases {
            records.push((format!("records/cases/{}.json", c.id), to_json(c)?));
            sent_units.extend(merge::units_of_case(c));
        }
        for pid in &people_ids {
            let mut p = self.person(pid)?;
            // Only the exported cases: a person's other cases stay in this vault.
            p.cases.retain(|r| exported.contains(r.case_id.as_str()));
            records.push((format!("records/people/{pid}.json"), to_json(&p)?));
            sent_units.extend(merge::units_of_person(&p));
        }
        let mut history: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut sent_versions = Vec::with_capacity(sent_units.len());
        for unit in &sent_units {
            let key = unit.key();
            let current = unit.hash()?;
            let mut versions: Vec<String> = merge::history(&self.conn, &key)?.into_iter().collect();
            if !versions.contains(&current) {
                versions.push(current.clone());
            }
            versions.sort();
            sent_versions.push((key.clone(), current));
            history.insert(key, versions);
        }
        records.push((reader::HISTORY.to_string(), to_json(&history)?));
        let blobs_dir = self.blobs_dir();
        let mut attachments = Vec::new();
        for c in &cases {
            for d in &c.documents {
                let recorded: (Option<i64>, Option<String>) = self
                    .conn
                    .prepare_cached("SELECT stored_size, stored_sha256 FROM document WHERE id = ?1")?
                    .query_row([&d.id], |r| Ok((r.get(0)?, r.get(1)?)))?;
                let (size, sha256) = match recorded {
                    (Some(size), Some(sha)) => (u64::try_from(size).map_err(|_| Error::DatabaseCorrupt)?, sha),
                    // Added before schema v3: hash the stored bytes now.
                    _ => {
                        let mut sink = Hashing::new(io::sink());
                        blobs::read_into(&self.conn, &blobs_dir, &c.id, &d.id, &mut sink)?;
                        (sink.len, sink.hex())
                    }
                };
                let m = Member { path: format!("attachments/{}", d.id), size, sha256 };
                attachments.push((c.id.clone(), d.id.clone(), m));
            }
        }

        let identity = self.identity()?;
        let sequence: i64 = self
            .conn
            .prepare_cached("SELECT export_seq + 1 FROM identity WHERE id = 1")?
            .query_row([], |r| r.get(0))?;
        let sequence = u64::try_from(sequence).map_err(|_| Error::DatabaseCorrupt)?;
        let now = self.clock.now();
        let manifest = Manifest {
            format: bundle::FORMAT.into(),
            version: bundle::VERSION,
            created: crate::clock::stamp(now),
            sender: Sender {
                name: identity.display_name.clone(),
                age_recipient: identity.age_recipient.clone(),
                minisign_public_key: identity.minisign_public_key.clone(),
                fingerprint: identity.fingerprint.clone(),
            },
            recipients: recipients.clone(),
            sequence,
            audit_head: audit::head(&self.conn)?,
            cases: case_ids.to_vec(),
            members: records
                .iter()
                .map(|(path, data)| member(path.clone(), data))
                .chain(attachments.iter().map(|(_, _, m)| m.clone()))
                .collect(),
        };
        let manifest_bytes = serde_json::to_vec_pretty(&manifest).map_err(|_| Error::DatabaseCorrupt)?;
        let signature = self.sign(&manifest_bytes, bundle::SIGNATURE_COMMENT)?;

        let parsed: Vec<Box<dyn age::Recipient + Send>> = recipients
            .iter()
            .map(|r| parse_recipient(r).map(|r| Box::new(r) as Box<dyn age::Recipient + Send>))
            .collect::<Result<_>>()?;
        let encryptor = age::Encryptor::with_recipients(parsed.iter().map(|r| r.as_ref() as &dyn age::Recipient))
            .map_err(|_| Error::invalid("recipients", "cannot be used to encrypt"))?;
        let mut failure = None;
        let written = fsx::write_atomic(out_path, |f| {
            let mut age_out = encryptor.wrap_output(io::BufWriter::new(f))?;
            let mut tar = TarWriter::new(&mut age_out, now.timestamp().max(0) as u64);
            tar.append(bundle::MANIFEST, &manifest_bytes)?;
            tar.append(bundle::MANIFEST_SIG, signature.as_bytes())?;
            for (path, data) in &records {
                tar.append(path, data)?;
            }
            for (case_id, doc_id, m) in &attachments {
                tar.append_streamed(&m.path, m.size, |w| {
                    blobs::read_into(&self.conn, &blobs_dir, case_id, doc_id, w).map_err(|e| {
                        failure = Some(e);
                        io::Error::other("aborted")
                    })
                })?;
            }
            tar.finish()?;
            age_out.finish()?.flush()
        });
        if let Some(e) = failure {
            return Err(e);
        }
        written.map_err(Error::io("write the bundle"))?;
        self.write(|tx, now| {
            tx.prepare_cached("UPDATE identity SET export_seq = ?1 WHERE id = 1")?.execute([sequence as i64])?;
            for (key, version) in &sent_versions {
                merge::remember(tx, key, std::iter::once(version))?;
            }
            audit::append(tx, now, "bundle.export", "bundle", &sequence.to_string())
        })?;
        Ok(ExportSummary { cases: cases.len(), people: people_ids.len(), attachments: attachments.len(), sequence })
    }
}
