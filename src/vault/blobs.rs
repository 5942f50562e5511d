//! Attachments at rest: one age file per document under `blobs/`, encrypted to the owning case's
//! own X25519 identity (kept inside the encrypted database). Deleting a case deletes its identity,
//! which crypto-shreds every attachment it had even where the file bytes linger on an SSD.
//!
//! Everything streams through fixed buffers, so a 2 GB video never sits in memory. A blob is
//! written under a temporary name, fsynced and renamed, so a crash leaves no half-written blob
//! under a real name.

use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use age::secrecy::ExposeSecret as _;
use rusqlite::{params, Connection, OptionalExtension};
use sha2::Digest;
use zeroize::Zeroizing;

use crate::attach::strip::{strip_metadata, StripOutcome};
use crate::digest::Hashing;
use crate::error::{Error, Result};
use crate::fsx;

const BUF: usize = 256 * 1024;

/// Create and store a fresh identity for a new case (inside the caller's transaction).
pub(crate) fn create_case_key(conn: &Connection, case_id: &str) -> Result<()> {
    insert_case_key(conn, case_id, &age::x25519::Identity::generate())
}

fn insert_case_key(conn: &Connection, case_id: &str, identity: &age::x25519::Identity) -> Result<()> {
    let secret = Zeroizing::new(identity.to_string().expose_secret().to_string());
    conn.prepare_cached("INSERT INTO case_key (case_id, identity) VALUES (?1, ?2)")?
        .execute(params![case_id, secret.as_str()])?;
    Ok(())
}

fn case_identity(conn: &Connection, case_id: &str) -> Result<age::x25519::Identity> {
    let secret: Option<Zeroizing<String>> = conn
        .prepare_cached("SELECT identity FROM case_key WHERE case_id = ?1")?
        .query_row([case_id], |r| r.get::<_, String>(0).map(Zeroizing::new))
        .optional()?;
    let secret = secret.ok_or(Error::NotFound("case key"))?;
    secret.parse().map_err(|_| Error::DatabaseCorrupt)
}

/// What storing an attachment produced.
pub struct StoredBlob {
    /// SHA-256 of the original file, before any metadata was removed (chain of custody).
    pub original_sha256: [u8; 32],
    /// Bytes of the original.
    pub original_len: u64,
    /// What happened to embedded metadata.
    pub metadata: MetadataHandling,
    /// SHA-256 and length of the bytes stored (after stripping): what an export sends.
    pub stored_sha256: [u8; 32],
    pub stored_len: u64,
}

/// The stripped-or-not fact kept on record with each document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetadataHandling {
    /// A JPEG or PNG; `removed` metadata segments were dropped before encryption.
    Stripped { removed: u32 },
    /// Not a format we strip; stored as is.
    NotApplicable,
    /// Looked like a JPEG or PNG but was malformed, so it was stored unchanged.
    KeptMalformed,
}

impl MetadataHandling {
    pub fn as_str(self) -> &'static str {
        match self {
            MetadataHandling::Stripped { .. } => "stripped",
            MetadataHandling::NotApplicable => "not-applicable",
            MetadataHandling::KeptMalformed => "kept-malformed",
        }
    }
}

pub(crate) fn blob_path(blobs_dir: &Path, doc_id: &str) -> PathBuf {
    blobs_dir.join(format!("{doc_id}.age"))
}

/// Encrypt `source` for `case_id` into `blobs/<doc_id>.age`, atomically. `wrap` wraps the output
/// file, so tests can inject a failing writer (disk full after N bytes) without filling a disk.
pub(crate) fn store(
    conn: &Connection,
    blobs_dir: &Path,
    case_id: &str,
    doc_id: &str,
    source: &Path,
    wrap: impl Fn(File) -> Box<dyn Write>,
) -> Result<StoredBlob> {
    let recipient = case_identity(conn, case_id)?.to_public();
    let target = blob_path(blobs_dir, doc_id);
    let attempt = |strip: bool| -> io::Result<(StoredBlob, PathBuf)> {
        let input = File::open(source)?;
        let mut hashing = Hashing::new(BufReader::with_capacity(BUF, input));
        let tmp = fsx::temp_sibling(&target);
        let result = (|| {
            let file = fsx::create_private(&tmp)?;
            let sync_handle = file.try_clone()?;
            let out = BufWriter::with_capacity(BUF, wrap(file));
            let encryptor = age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .map_err(|_| io::Error::other("age encryptor"))?;
            let mut enc = Hashing::new(encryptor.wrap_output(out)?);
            let metadata = if strip {
                match strip_metadata(&mut hashing, &mut enc)? {
                    StripOutcome::Stripped { removed, .. } => MetadataHandling::Stripped { removed },
                    StripOutcome::NotApplicable => MetadataHandling::NotApplicable,
                }
            } else {
                io::copy(&mut hashing, &mut enc)?;
                MetadataHandling::KeptMalformed
            };
            let stored = (enc.hasher.finalize().into(), enc.len);
            enc.inner.finish()?.flush()?;
            sync_handle.sync_all()?;
            Ok((metadata, stored))
        })();
        match result {
            Ok((metadata, (stored_sha256, stored_len))) => {
                let stored = StoredBlob {
                    original_sha256: hashing.hasher.finalize().into(),
                    original_len: hashing.len,
                    metadata,
                    stored_sha256,
                    stored_len,
                };
                Ok((stored, tmp))
            }
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                Err(e)
            }
        }
    };
    let (stored, tmp) = match attempt(true) {
        Err(e) if e.kind() == io::ErrorKind::InvalidData => attempt(false),
        other => other,
    }
    .map_err(Error::io("store the attachment"))?;
    let publish = fs::rename(&tmp, &target).and_then(|()| fsx::sync_dir(blobs_dir));
    if let Err(e) = publish {
        let _ = fs::remove_file(&tmp);
        return Err(Error::io("store the attachment")(e));
    }
    Ok(stored)
}

/// Attachments arriving in a bundle, encrypted to their case's key as they stream in (their
/// plaintext never touches the disk) and kept under temporary names until the import commits.
/// A case new to this vault gets its key here, in memory, until [`Staging::save_keys`] stores
/// it with the case. Dropping a `Staging` removes every file it wrote that was not committed.
pub(crate) struct Staging {
    dir: PathBuf,
    new_keys: std::collections::HashMap<String, age::x25519::Identity>,
    /// (temporary path, document id); emptied by `place`.
    pending: Vec<(PathBuf, String)>,
    /// Final paths placed but not yet confirmed by `commit`.
    placed: Vec<PathBuf>,
}

impl Staging {
    pub(crate) fn new(blobs_dir: PathBuf) -> Staging {
        Staging { dir: blobs_dir, new_keys: Default::default(), pending: Vec::new(), placed: Vec::new() }
    }

    /// Encrypt one attachment for `case_id` (existing here, or new) under a temporary name.
    pub(crate) fn add(&mut self, conn: &Connection, case_id: &str, doc_id: &str, data: &mut dyn Read) -> Result<()> {
        let recipient = match self.new_keys.get(case_id) {
            Some(identity) => identity.to_public(),
            None if crate::store::exists(conn, "legal_case", case_id)? => case_identity(conn, case_id)?.to_public(),
            None => {
                let identity = age::x25519::Identity::generate();
                let recipient = identity.to_public();
                self.new_keys.insert(case_id.to_string(), identity);
                recipient
            }
        };
        let tmp = fsx::temp_sibling(&blob_path(&self.dir, doc_id));
        self.pending.push((tmp.clone(), doc_id.to_string()));
        let written = (|| {
            let file = fsx::create_private(&tmp)?;
            let sync_handle = file.try_clone()?;
            let encryptor = age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .map_err(|_| io::Error::other("age encryptor"))?;
            let mut enc = encryptor.wrap_output(BufWriter::with_capacity(BUF, file))?;
            io::copy(data, &mut enc)?;
            enc.finish()?.flush()?;
            sync_handle.sync_all()
        })();
        written.map_err(|e| match e.kind() {
            // The bundle's stream failed mid-member: the reader reports it as damage.
            io::ErrorKind::InvalidData | io::ErrorKind::UnexpectedEof => {
                Error::Bundle(crate::error::BundleError::Damaged)
            }
            _ => Error::io("store the attachment")(e),
        })
    }

    /// Store the keys of new cases (after their rows exist); a new case that brought no
    /// attachment gets a fresh key.
    pub(crate) fn save_keys(&self, tx: &Connection, new_case_ids: &[String]) -> Result<()> {
        for case_id in new_case_ids {
            match self.new_keys.get(case_id) {
                Some(identity) => insert_case_key(tx, case_id, identity)?,
                None => create_case_key(tx, case_id)?,
            }
        }
        Ok(())
    }

    /// Move the staged files to their real names (before the database commit: a crash in
    /// between leaves blobs no row refers to, which the next unlock removes).
    pub(crate) fn place(&mut self) -> Result<()> {
        while let Some((tmp, doc_id)) = self.pending.last() {
            let target = blob_path(&self.dir, doc_id);
            // On failure the file stays in `pending`, so dropping the staging removes it.
            fs::rename(tmp, &target).map_err(Error::io("store the attachment"))?;
            self.pending.pop();
            self.placed.push(target);
        }
        fsx::sync_dir(&self.dir).map_err(Error::io("store the attachment"))
    }

    /// The import committed: keep what was placed.
    pub(crate) fn commit(mut self) {
        self.placed.clear();
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        for path in self.pending.iter().map(|(p, _)| p).chain(&self.placed) {
            let _ = fs::remove_file(path);
        }
    }
}

/// Stream-decrypt a blob into `out`. A truncated or altered blob fails with
/// [`Error::AttachmentCorrupt`]; callers must discard whatever was written before the failure.
pub(crate) fn read_into(
    conn: &Connection,
    blobs_dir: &Path,
    case_id: &str,
    doc_id: &str,
    out: &mut dyn Write,
) -> Result<u64> {
    let identity = case_identity(conn, case_id)?;
    let file = File::open(blob_path(blobs_dir, doc_id)).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => Error::AttachmentCorrupt,
        _ => Error::io("read the attachment")(e),
    })?;
    let decryptor = age::Decryptor::new(BufReader::with_capacity(BUF, file)).map_err(|_| Error::AttachmentCorrupt)?;
    let mut reader =
        decryptor.decrypt(std::iter::once(&identity as &dyn age::Identity)).map_err(|_| Error::AttachmentCorrupt)?;
    let mut buf = vec![0u8; BUF];
    let mut total = 0u64;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            // age reports authentication failures and truncation as read errors.
            Err(_) => return Err(Error::AttachmentCorrupt),
        };
        out.write_all(&buf[..n]).map_err(Error::io("write the attachment"))?;
        total += n as u64;
    }
    Ok(total)
}

/// Remove a blob file (after its row is gone).
pub(crate) fn remove(blobs_dir: &Path, doc_id: &str) -> Result<()> {
    match fs::remove_file(blob_path(blobs_dir, doc_id)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(Error::io("remove the attachment")(e)),
        _ => Ok(()),
    }
}
