//! Reading a bundle's archive defensively (docs/bundle-format.md §5). Everything here works on the
//! *decrypted* stream and knows nothing of vaults, so the fuzz harness can drive it directly.
//!
//! The archive is trusted only as far as the signed manifest vouches for it:
//! - the first member must be `manifest.json` (at most 16 MiB) and the second its signature
//!   (at most 4 KiB); the signature is checked before any other member is looked at;
//! - every other member must be listed in the manifest under exactly its name, once, in the
//!   manifest's order (records before attachments), with the listed size and SHA-256;
//! - names are matched exactly against a closed set of patterns (`records/cases/<uuid>.json`,
//!   …), so `../`, absolute paths and links never match anything;
//! - only regular files are accepted, and nothing is ever decompressed;
//! - after the archive's end the rest of the stream is read to its end, so a truncated age
//!   stream (whose last chunk authenticates the whole file) is detected.
//!
//! Members are handed to the caller as they pass; a caller that writes anything must treat it
//! as provisional until [`read`] returns `Ok`.

use std::collections::HashSet;
use std::io::{self, Read};

use sha2::Digest as _;

use crate::digest::Hashing;
use crate::error::{BundleError, Error, Result};
use crate::exchange::bundle::{self, Manifest, Member};
use crate::exchange::card;
use crate::exchange::minisign::{self, PublicKey};

/// The manifest is text; 16 MiB lists about 100,000 members.
pub const MAX_MANIFEST: u64 = 16 << 20;
/// A minisign signature file is about 300 bytes.
pub const MAX_SIGNATURE: u64 = 4 << 10;
/// One case or person record (notes included) is text; 64 MiB is far beyond any real one.
pub const MAX_RECORD: u64 = 64 << 20;
/// All records together are held in memory until they are merged.
pub const MAX_RECORDS_TOTAL: u64 = 512 << 20;
/// Members in one bundle.
pub const MAX_MEMBERS: usize = 200_000;
/// The member holding the sender's unit histories.
pub const HISTORY: &str = "records/history.json";
/// Bytes tolerated after the archive's end (the end-of-archive blocks and age padding).
const MAX_TRAILER: u64 = 64 << 10;

/// What a member is, from its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberKind {
    /// `records/cases/<uuid>.json`
    CaseRecord(String),
    /// `records/people/<uuid>.json`
    PersonRecord(String),
    /// `attachments/<uuid>`
    Attachment(String),
    /// `records/history.json`: the sender's history of each unit (for the merge).
    History,
    /// `vault/vault.db` (backups only): a snapshot of the encrypted database.
    VaultDatabase,
    /// `vault/blobs/<uuid>.age` (backups only): an encrypted attachment as stored.
    VaultBlob(String),
}

impl MemberKind {
    /// Classify a member name; `None` for anything outside the closed set.
    pub fn of(path: &str) -> Option<MemberKind> {
        let uuid = |s: &str| {
            (s.len() == 36 && uuid::Uuid::try_parse(s).is_ok_and(|u| u.hyphenated().to_string() == s))
                .then(|| s.to_string())
        };
        if path == HISTORY {
            return Some(MemberKind::History);
        }
        if let Some(rest) = path.strip_prefix("records/cases/").and_then(|r| r.strip_suffix(".json")) {
            return uuid(rest).map(MemberKind::CaseRecord);
        }
        if let Some(rest) = path.strip_prefix("records/people/").and_then(|r| r.strip_suffix(".json")) {
            return uuid(rest).map(MemberKind::PersonRecord);
        }
        if let Some(rest) = path.strip_prefix("attachments/") {
            return uuid(rest).map(MemberKind::Attachment);
        }
        if path == "vault/vault.db" {
            return Some(MemberKind::VaultDatabase);
        }
        if let Some(rest) = path.strip_prefix("vault/blobs/").and_then(|r| r.strip_suffix(".age")) {
            return uuid(rest).map(MemberKind::VaultBlob);
        }
        None
    }

    /// Records are read into memory; everything else is streamed.
    pub fn is_record(&self) -> bool {
        matches!(self, MemberKind::CaseRecord(_) | MemberKind::PersonRecord(_) | MemberKind::History)
    }
}

/// Which kind of file is expected: a co-counsel bundle or a backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Bundle,
    Backup,
}

impl Profile {
    fn format(self) -> &'static str {
        match self {
            Profile::Bundle => bundle::FORMAT,
            Profile::Backup => bundle::BACKUP_FORMAT,
        }
    }

    fn signature_comment(self) -> &'static str {
        match self {
            Profile::Bundle => bundle::SIGNATURE_COMMENT,
            Profile::Backup => bundle::BACKUP_SIGNATURE_COMMENT,
        }
    }

    fn allows(self, kind: &MemberKind) -> bool {
        match self {
            Profile::Bundle => {
                matches!(
                    kind,
                    MemberKind::CaseRecord(_)
                        | MemberKind::PersonRecord(_)
                        | MemberKind::History
                        | MemberKind::Attachment(_)
                )
            }
            Profile::Backup => matches!(kind, MemberKind::VaultDatabase | MemberKind::VaultBlob(_)),
        }
    }
}

/// What the caller receives for each member after the manifest.
pub trait Visitor {
    /// The key to check the manifest's signature with, or an error (e.g. the signer is not a
    /// contact). Called once, after the manifest is parsed and before anything else is read.
    fn signer(&mut self, manifest: &Manifest) -> Result<PublicKey>;
    /// The manifest's signature checked out (`manifest_sha256`: of its bytes as signed); a
    /// last chance to refuse before the members.
    fn verified(&mut self, _manifest: &Manifest, _manifest_sha256: &str) -> Result<()> {
        Ok(())
    }
    /// A record member, whole, already checked against its size and hash.
    fn record(&mut self, kind: &MemberKind, data: Vec<u8>) -> Result<()>;
    /// A streamed member. `data` yields exactly the member's bytes; they are hashed on the way
    /// and checked when this returns, so anything written from them is provisional. Whatever
    /// the visitor leaves unread is read (and hashed) afterwards.
    fn stream(&mut self, kind: &MemberKind, member: &Member, data: &mut dyn Read) -> Result<()>;
}

fn damaged<E>(_: E) -> Error {
    Error::Bundle(BundleError::Damaged)
}

fn mismatch() -> Error {
    Error::Bundle(BundleError::Mismatch)
}

/// Parse and check the manifest's own shape (not yet its signature).
pub fn parse_manifest(bytes: &[u8], profile: Profile) -> Result<Manifest> {
    // serde_json refuses nesting deeper than 128 levels; the manifest has fixed, shallow types.
    let manifest: Manifest = serde_json::from_slice(bytes).map_err(|_| {
        // A manifest of another shape is another format; anything else is damage.
        match serde_json::from_slice::<serde_json::Value>(bytes) {
            Ok(_) => Error::Bundle(BundleError::Unsupported),
            Err(_) => Error::Bundle(BundleError::Damaged),
        }
    })?;
    // Sequence numbers are stored as SQLite integers.
    if manifest.format != profile.format() || manifest.version != bundle::VERSION || manifest.sequence > i64::MAX as u64
    {
        return Err(Error::Bundle(BundleError::Unsupported));
    }
    if manifest.members.len() > MAX_MEMBERS {
        return Err(Error::Bundle(BundleError::TooLarge));
    }
    let mut seen = HashSet::with_capacity(manifest.members.len());
    let mut records_total = 0u64;
    let mut streamed_seen = false;
    for m in &manifest.members {
        let kind = MemberKind::of(&m.path).filter(|k| profile.allows(k)).ok_or_else(mismatch)?;
        if !seen.insert(m.path.as_str()) || m.sha256.len() != 64 || hex::decode(&m.sha256).is_err() {
            return Err(mismatch());
        }
        if kind.is_record() {
            if streamed_seen {
                return Err(mismatch());
            }
            if m.size > MAX_RECORD {
                return Err(Error::Bundle(BundleError::TooLarge));
            }
            records_total += m.size;
        } else {
            streamed_seen = true;
        }
    }
    if records_total > MAX_RECORDS_TOTAL {
        return Err(Error::Bundle(BundleError::TooLarge));
    }
    for case in &manifest.cases {
        let path = format!("records/cases/{case}.json");
        if profile == Profile::Bundle && !seen.contains(path.as_str()) {
            return Err(mismatch());
        }
    }
    Ok(manifest)
}

/// Read only the manifest and check that it is signed by the key it names as its sender (a
/// self-consistent file from someone, not yet someone trusted). Returns it with the SHA-256
/// (hex) of its bytes.
pub fn read_manifest<R: Read>(plaintext: R, profile: Profile) -> Result<(Manifest, String)> {
    let mut archive = tar::Archive::new(plaintext);
    let mut entries = raw_entries(&mut archive)?;
    head(&mut entries, profile, &mut |m| PublicKey::from_base64(&m.sender.minisign_public_key))
}

/// The manifest and its signature: the first two members.
fn head<R: Read>(
    entries: &mut tar::Entries<'_, R>,
    profile: Profile,
    key_for: &mut dyn FnMut(&Manifest) -> Result<PublicKey>,
) -> Result<(Manifest, String)> {
    let manifest_bytes = next_small(entries, bundle::MANIFEST, MAX_MANIFEST)?;
    let manifest = parse_manifest(&manifest_bytes, profile)?;
    // No signature where it belongs is a missing signature, whatever is there instead.
    let signature = next_small(entries, bundle::MANIFEST_SIG, MAX_SIGNATURE).map_err(|e| match e {
        Error::Bundle(BundleError::Mismatch | BundleError::TooLarge) => Error::Bundle(BundleError::BadSignature),
        e => e,
    })?;
    let signature = String::from_utf8(signature).map_err(|_| Error::Bundle(BundleError::BadSignature))?;
    let key = key_for(&manifest)?;
    let comment =
        minisign::verify(&key, &manifest_bytes, &signature).map_err(|_| Error::Bundle(BundleError::BadSignature))?;
    if comment != profile.signature_comment() {
        return Err(Error::Bundle(BundleError::BadSignature));
    }
    // The words a lawyer compares are computed from the keys, never taken from the file: a
    // manifest naming someone else's words is refused.
    let recipient = manifest
        .sender
        .age_recipient
        .parse::<age::x25519::Recipient>()
        .map_err(|_| Error::Bundle(BundleError::BadSignature))?;
    if card::fingerprint(&recipient.to_string(), &key) != manifest.sender.fingerprint
        || key.to_base64() != manifest.sender.minisign_public_key
    {
        return Err(Error::Bundle(BundleError::BadSignature));
    }
    let sha = hex::encode(sha2::Sha256::digest(&manifest_bytes));
    Ok((manifest, sha))
}

/// Read a whole decrypted bundle, checking everything listed above; returns the manifest.
pub fn read<R: Read>(plaintext: R, profile: Profile, visitor: &mut dyn Visitor) -> Result<Manifest> {
    let mut archive = tar::Archive::new(plaintext);
    let manifest = {
        let mut entries = raw_entries(&mut archive)?;
        let (manifest, manifest_sha256) = head(&mut entries, profile, &mut |m| visitor.signer(m))?;
        visitor.verified(&manifest, &manifest_sha256)?;
        for expected in &manifest.members {
            let mut entry = entries.next().ok_or_else(mismatch)?.map_err(damaged)?;
            check_header(&entry, &expected.path, expected.size)?;
            let kind = MemberKind::of(&expected.path).ok_or_else(mismatch)?;
            let mut hashing = Hashing::new((&mut entry).take(expected.size));
            if kind.is_record() {
                let mut data = Vec::with_capacity(expected.size as usize);
                hashing.read_to_end(&mut data).map_err(damaged)?;
                verify_digest(hashing, expected)?;
                visitor.record(&kind, data)?;
            } else {
                visitor.stream(&kind, expected, &mut hashing)?;
                io::copy(&mut hashing, &mut io::sink()).map_err(damaged)?;
                verify_digest(hashing, expected)?;
            }
        }
        if let Some(extra) = entries.next() {
            // Any further member is unlisted; a damaged header after the last member is damage.
            extra.map_err(damaged)?;
            return Err(mismatch());
        }
        manifest
    };
    // Read the rest of the age stream: its final chunk authenticates the whole file.
    let mut rest = archive.into_inner();
    let mut trailer = [0u8; 8192];
    let mut total = 0u64;
    loop {
        let n = rest.read(&mut trailer).map_err(damaged)?;
        if n == 0 {
            break;
        }
        total += n as u64;
        if total > MAX_TRAILER || trailer[..n].iter().any(|&b| b != 0) {
            return Err(mismatch());
        }
    }
    Ok(manifest)
}

/// The archive's entries as they are: GNU long-name and PAX extension headers come out as
/// entries of their own (and are refused as not regular files) instead of being read whole into
/// memory to rename the next member.
fn raw_entries<R: Read>(archive: &mut tar::Archive<R>) -> Result<tar::Entries<'_, R>> {
    Ok(archive.entries().map_err(damaged)?.raw(true))
}

/// The next member, which must be `name` and at most `limit` bytes, read whole.
fn next_small<R: Read>(entries: &mut tar::Entries<'_, R>, name: &str, limit: u64) -> Result<Vec<u8>> {
    let mut entry = entries.next().ok_or(Error::Bundle(BundleError::Damaged))?.map_err(damaged)?;
    let size = entry.header().entry_size().map_err(damaged)?;
    if size > limit {
        return Err(Error::Bundle(BundleError::TooLarge));
    }
    check_header(&entry, name, size)?;
    let mut data = Vec::with_capacity(size as usize);
    (&mut entry).take(limit).read_to_end(&mut data).map_err(damaged)?;
    if data.len() as u64 != size {
        return Err(Error::Bundle(BundleError::Damaged));
    }
    Ok(data)
}

fn check_header<R: Read>(entry: &tar::Entry<'_, R>, name: &str, size: u64) -> Result<()> {
    if entry.header().entry_type() != tar::EntryType::Regular || entry.path_bytes().as_ref() != name.as_bytes() {
        return Err(mismatch());
    }
    if entry.size() != size {
        return Err(mismatch());
    }
    Ok(())
}

fn verify_digest<R>(h: Hashing<R>, expected: &Member) -> Result<()> {
    if h.len != expected.size || h.hex() != expected.sha256.to_ascii_lowercase() {
        return Err(mismatch());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_names_outside_the_closed_set_are_nothing() {
        let id = "0b7d5e3c-8f1a-4c2e-9d3b-1a2b3c4d5e6f";
        assert_eq!(MemberKind::of(&format!("records/cases/{id}.json")), Some(MemberKind::CaseRecord(id.into())));
        assert_eq!(MemberKind::of(&format!("attachments/{id}")), Some(MemberKind::Attachment(id.into())));
        for hostile in [
            format!("records/cases/../{id}.json"),
            format!("/records/cases/{id}.json"),
            format!("records/cases/{id}.json/"),
            format!("attachments/{}", id.to_uppercase()),
            format!("attachments/{}", id.replace('-', "")),
            format!("attachments/../../{id}"),
            format!("attachments/{id}/x"),
            "records/cases/.json".into(),
            "manifest.json".into(),
            "vault/vault.db/".into(),
        ] {
            assert_eq!(MemberKind::of(&hostile), None, "{hostile}");
        }
    }
}
