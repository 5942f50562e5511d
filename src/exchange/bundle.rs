//! Bundle format v1 (docs/bundle-format.md §4): an age file whose plaintext is a ustar archive
//! with `manifest.json`, `manifest.json.minisig`, `records/…` and `attachments/…`. The manifest
//! lists every other member with its size and SHA-256, and is signed by the sender; so reading
//! the manifest and checking its signature vouches for everything else in the archive.
//!
//! The archive is written member by member straight into the age stream, so an attachment is
//! never held in memory whatever its size.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "amparo-bundle";
pub const VERSION: u32 = 1;
pub const MANIFEST: &str = "manifest.json";
pub const MANIFEST_SIG: &str = "manifest.json.minisig";
/// The trusted comment of a manifest signature.
pub const SIGNATURE_COMMENT: &str = "amparo bundle v1";
/// A backup uses the same container with its own format name and comment, so one can never be
/// imported as the other.
pub const BACKUP_FORMAT: &str = "amparo-backup";
pub const BACKUP_SIGNATURE_COMMENT: &str = "amparo backup v1";

/// Who made the bundle: the sender's public keys as on their contact card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "BundleSender"))]
pub struct Sender {
    pub name: Option<String>,
    pub age_recipient: String,
    pub minisign_public_key: String,
    pub fingerprint: String,
}

/// One archive member other than the manifest and its signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub created: String,
    pub sender: Sender,
    /// The age recipients the bundle is encrypted to.
    pub recipients: Vec<String>,
    /// Counts up with every export from the sender's vault: an older or repeated number from
    /// the same sender is a replay.
    pub sequence: u64,
    /// The sender's audit-log head hash (hex) when the bundle was made.
    pub audit_head: String,
    pub cases: Vec<String>,
    pub members: Vec<Member>,
}

/// Writes a ustar archive member by member.
pub struct TarWriter<W: Write> {
    out: W,
    mtime: u64,
}

impl<W: Write> TarWriter<W> {
    /// `mtime`: the timestamp every member gets (the bundle's creation time), so archives carry
    /// no file-system times of the sender's machine.
    pub fn new(out: W, mtime: u64) -> Self {
        TarWriter { out, mtime }
    }

    fn header(&mut self, path: &str, size: u64) -> io::Result<()> {
        let mut h = tar::Header::new_ustar();
        h.set_path(path)?;
        h.set_size(size);
        h.set_mode(0o600);
        h.set_mtime(self.mtime);
        h.set_entry_type(tar::EntryType::Regular);
        h.set_cksum();
        self.out.write_all(h.as_bytes())
    }

    fn pad(&mut self, size: u64) -> io::Result<()> {
        let rest = (512 - size % 512) % 512;
        self.out.write_all(&[0u8; 512][..rest as usize])
    }

    /// A member from bytes in memory.
    pub fn append(&mut self, path: &str, data: &[u8]) -> io::Result<()> {
        self.header(path, data.len() as u64)?;
        self.out.write_all(data)?;
        self.pad(data.len() as u64)
    }

    /// A member of known size, written by `fill`, which must write exactly `size` bytes.
    pub fn append_streamed(
        &mut self,
        path: &str,
        size: u64,
        fill: impl FnOnce(&mut dyn Write) -> io::Result<u64>,
    ) -> io::Result<()> {
        self.header(path, size)?;
        let written = fill(&mut self.out)?;
        if written != size {
            return Err(io::Error::other("a member changed size while it was being written"));
        }
        self.pad(size)
    }

    /// End the archive (two zero blocks) and hand back the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.write_all(&[0u8; 1024])?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn the_archive_reads_back_with_a_standard_tar_reader() {
        let mut t = TarWriter::new(Vec::new(), 1_795_000_000);
        t.append("records/a.json", b"{}").unwrap();
        t.append_streamed("attachments/x", 600, |w| w.write_all(&[7u8; 600]).map(|()| 600)).unwrap();
        assert!(t.append_streamed("attachments/y", 10, |w| w.write_all(b"short").map(|()| 5)).is_err());
        let bytes = TarWriter::new(Vec::new(), 0).finish().unwrap();
        assert_eq!(bytes.len(), 1024);

        let mut t = TarWriter::new(Vec::new(), 1_795_000_000);
        t.append("records/a.json", b"{}").unwrap();
        t.append_streamed("attachments/x", 600, |w| w.write_all(&[7u8; 600]).map(|()| 600)).unwrap();
        let bytes = t.finish().unwrap();
        let mut archive = tar::Archive::new(&bytes[..]);
        let mut seen = Vec::new();
        for e in archive.entries().unwrap() {
            let mut e = e.unwrap();
            let mut data = Vec::new();
            e.read_to_end(&mut data).unwrap();
            seen.push((e.path().unwrap().to_string_lossy().to_string(), data.len(), e.header().mode().unwrap()));
        }
        assert_eq!(seen, [("records/a.json".into(), 2, 0o600), ("attachments/x".into(), 600, 0o600)]);
    }
}
