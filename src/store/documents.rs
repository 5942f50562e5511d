//! Documents: the record of each attachment. The bytes live in `blobs/`, encrypted by
//! [`crate::vault::blobs`]; this module keeps the row, the index entry and the audit trail in step.
//!
//! Order of writes: the encrypted blob is published first, then its row is committed. A crash in
//! between leaves an unreferenced blob (removed at the next unlock), never a row without bytes.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use rusqlite::{params, OptionalExtension};

use crate::domain::records::{Document, HitKind};
use crate::domain::{self};
use crate::error::{Error, Result};
use crate::fsx;
use crate::settings::defaults::VIEWER_MAX_BYTES;
use crate::store::{audit, require, search};
use crate::vault::blobs::{self, StoredBlob};
use crate::vault::Vault;

fn document_name(path: &Path) -> Result<String> {
    let name =
        path.file_name().map(|n| n.to_string_lossy().into_owned()).ok_or(Error::invalid("file", "is not a file"))?;
    domain::required_text("file name", &name, 255)
}

impl Vault {
    /// Encrypt a file into the case. The original's SHA-256 is recorded; JPEG/PNG metadata
    /// (EXIF, GPS, XMP, comments) is removed before encryption, and that fact is recorded too.
    pub fn add_document(&mut self, case_id: &str, source: &Path) -> Result<Document> {
        self.add_document_via(case_id, source, |f| Box::new(f))
    }

    fn add_document_via(
        &mut self,
        case_id: &str,
        source: &Path,
        wrap: impl Fn(fs::File) -> Box<dyn Write>,
    ) -> Result<Document> {
        let name = document_name(source)?;
        let meta = fs::metadata(source).map_err(Error::io("read the file to attach"))?;
        if !meta.is_file() {
            return Err(Error::invalid("file", "is not a regular file"));
        }
        require(&self.conn, "legal_case", "case", case_id)?;
        let id = domain::new_random_id();
        let blobs_dir = self.blobs_dir();
        let StoredBlob { original_sha256, original_len, metadata, stored_sha256, stored_len } =
            blobs::store(&self.conn, &blobs_dir, case_id, &id, source, wrap)?;
        let removed = match metadata {
            blobs::MetadataHandling::Stripped { removed } => removed,
            _ => 0,
        };
        let sha = hex::encode(original_sha256);
        let commit = self.write(|tx, now| {
            tx.prepare_cached(
                "INSERT INTO document (id, case_id, name, size, sha256, metadata, metadata_removed, created,
                                       stored_size, stored_sha256)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                id,
                case_id,
                name,
                original_len as i64,
                sha,
                metadata.as_str(),
                removed,
                now,
                stored_len as i64,
                hex::encode(stored_sha256)
            ])?;
            search::index(tx, HitKind::Document, &id, Some(case_id), &name)?;
            audit::append(tx, now, "document.create", "document", &id)
        });
        if let Err(e) = commit {
            let _ = blobs::remove(&blobs_dir, &id);
            return Err(e);
        }
        self.document(&id)
    }

    /// One document's record.
    pub fn document(&self, id: &str) -> Result<Document> {
        self.conn.prepare_cached("SELECT id, case_id, name, size, sha256, metadata, metadata_removed, created FROM document WHERE id = ?1")?.query_row([id],
                |r| {
                    Ok(Document {
                        id: r.get(0)?,
                        case_id: r.get(1)?,
                        name: r.get(2)?,
                        size: r.get::<_, i64>(3)? as u64,
                        sha256: r.get(4)?,
                        metadata: r.get(5)?,
                        metadata_removed: r.get(6)?,
                        created: r.get(7)?,
                    })
                },
            )
            .optional()?
            .ok_or(Error::NotFound("document"))
    }

    /// The documents of a case, oldest first.
    pub fn list_documents(&self, case_id: &str) -> Result<Vec<Document>> {
        let ids: Vec<String> = crate::store::column(
            &self.conn,
            "SELECT id FROM document WHERE case_id = ?1 ORDER BY created, rowid",
            [case_id],
        )?;
        ids.iter().map(|id| self.document(id)).collect()
    }

    /// Stream a document's (stripped) bytes into `out`. On [`Error::AttachmentCorrupt`] the
    /// caller must discard what was written.
    pub fn read_document(&self, id: &str, out: &mut dyn Write) -> Result<u64> {
        let doc = self.document(id)?;
        blobs::read_into(&self.conn, &self.blobs_dir(), &doc.case_id, &doc.id, out)
    }

    /// A document decrypted into memory, for viewing inside the app (never a temp file).
    /// Documents above [`VIEWER_MAX_BYTES`] must be exported instead.
    pub fn document_bytes(&self, id: &str) -> Result<(Document, Vec<u8>)> {
        let doc = self.document(id)?;
        // The bytes stored can be larger than the recorded original (an imported record says
        // what its sender claimed; the stored size was checked on arrival).
        let stored: Option<i64> = self
            .conn
            .prepare_cached("SELECT stored_size FROM document WHERE id = ?1")?
            .query_row([id], |r| r.get(0))?;
        let size = doc.size.max(stored.and_then(|s| u64::try_from(s).ok()).unwrap_or(0));
        if size > VIEWER_MAX_BYTES {
            return Err(Error::invalid("document", "is too large to show inside the app; save a copy instead"));
        }
        let mut bytes = Vec::with_capacity(size as usize);
        blobs::read_into(&self.conn, &self.blobs_dir(), &doc.case_id, &doc.id, &mut bytes)?;
        Ok((doc, bytes))
    }

    /// Decrypt a document to a file outside the vault. The file appears only once fully
    /// decrypted and authenticated; on any failure nothing is left behind. An existing file is
    /// replaced only when `replace` is true (the app's save dialog has already asked the user).
    pub fn export_document(&mut self, id: &str, out_path: &Path, replace: bool) -> Result<()> {
        if !replace && out_path.exists() {
            return Err(Error::invalid("output file", "already exists; choose another name"));
        }
        let doc = self.document(id)?;
        let blobs_dir = self.blobs_dir();
        let mut failure = None;
        let written = fsx::write_atomic(out_path, |f| {
            let mut w = io::BufWriter::new(f);
            match blobs::read_into(&self.conn, &blobs_dir, &doc.case_id, &doc.id, &mut w) {
                Ok(_) => w.flush(),
                Err(e) => {
                    failure = Some(e);
                    Err(io::Error::other("aborted"))
                }
            }
        });
        if let Some(e) = failure {
            return Err(e);
        }
        written.map_err(Error::io("write the output file"))?;
        self.audit("document.export", "document", id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::records::{CaseDetails, NewPerson};
    use crate::vault::kdf::KdfChoice;
    use secrecy::SecretString;

    /// A writer that fails with "disk full" after `limit` bytes.
    struct FullAfter {
        inner: fs::File,
        left: usize,
    }

    impl Write for FullAfter {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.left == 0 {
                return Err(io::Error::from(io::ErrorKind::StorageFull));
            }
            let n = buf.len().min(self.left);
            self.left -= n;
            self.inner.write(&buf[..n])
        }
        fn flush(&mut self) -> io::Result<()> {
            self.inner.flush()
        }
    }

    #[test]
    fn disk_full_while_writing_an_attachment_leaves_the_vault_consistent() {
        let dir = tempfile::tempdir().unwrap();
        let vdir = dir.path().join("v");
        let pass = SecretString::from("correct horse");
        let mut v = Vault::create(&vdir, &pass, KdfChoice::InsecureForTests).unwrap().vault;
        let p = v.add_person(NewPerson { name: "Ana".into(), ..Default::default() }).unwrap();
        let c = v
            .add_case(&p, CaseDetails { jurisdiction: "us-eoir".into(), title: "t".into(), ..Default::default() })
            .unwrap();
        let src = dir.path().join("evidence.bin");
        fs::write(&src, vec![7u8; 3 * 1024 * 1024]).unwrap();
        for limit in [0usize, 100, 70_000, 2 * 1024 * 1024] {
            let err = v.add_document_via(&c, &src, |f| Box::new(FullAfter { inner: f, left: limit })).unwrap_err();
            assert!(matches!(err, Error::DiskFull), "limit {limit}: {err:?}");
            assert!(v.list_documents(&c).unwrap().is_empty());
            let leftovers: Vec<_> = fs::read_dir(v.blobs_dir()).unwrap().collect();
            assert!(leftovers.is_empty(), "limit {limit}: temp blob left behind");
        }
        // And the vault still works.
        let doc = v.add_document(&c, &src).unwrap();
        let mut back = Vec::new();
        v.read_document(&doc.id, &mut back).unwrap();
        assert_eq!(back.len(), 3 * 1024 * 1024);
        assert!(v.verify_audit().unwrap().ok);
    }
}
