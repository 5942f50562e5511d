//! Removing a vault from the disk so that it is unreadable at once (docs/panic.md).
//!
//! Step one destroys the key-slot file (and any copy a crash left under a temporary name): it is
//! overwritten with random bytes, synced, unlinked, and the folder synced. The master key exists nowhere else, so from the end of that step the
//! database and the attachments cannot be decrypted, whatever remains of their bytes on the
//! disk (a cryptographic erase, NIST SP 800-88). The later steps only reclaim space: the
//! attachment blobs, the lock file and leftovers, then the database with its WAL and
//! shared-memory files, and the folder. Killed at any instant after step one, the vault is already unreadable; killed before
//! it, the vault is intact.
//!
//! No passphrase is needed (in a panic nobody can type one), the vault may be open in another
//! program, and links are removed, never followed, so nothing outside the folder is touched.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::Path;
use std::time::Instant;

use rand::RngCore;
use serde::Serialize;

use super::{keyslots, BLOBS, DATABASE, KEYSLOTS, LOCK};
use crate::error::{Error, Result};
use crate::fsx;

/// What a wipe did.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct WipeReport {
    /// Time from the start until the key slots were destroyed (step one), in milliseconds.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub keys_destroyed_ms: u64,
    /// Whether every file of the vault is gone (the folder too, unless other files were in it).
    pub removed: bool,
}

/// Wipe the vault in `dir`. Refuses a folder that holds no vault (`not-a-vault`), so a wrong
/// path never deletes anything.
pub fn wipe(dir: &Path) -> Result<WipeReport> {
    if !is_vault(dir) {
        return Err(Error::NotAVault);
    }
    let started = Instant::now();
    test_hook_abort_after(0);
    destroy_keys(dir).map_err(Error::io("destroy the vault's keys"))?;
    let keys_destroyed_ms = started.elapsed().as_millis() as u64;
    test_hook_abort_after(1);
    remove_rest(dir).map_err(Error::io("remove the vault"))?;
    Ok(WipeReport { keys_destroyed_ms, removed: true })
}

/// A vault has its key-slot file (a regular file). One whose wipe was interrupted after step
/// one still has its encrypted database (never a plaintext SQLite file, which would be someone
/// else's), which the wipe removes last for that reason.
fn is_vault(dir: &Path) -> bool {
    let regular = |name: &str| fs::symlink_metadata(dir.join(name)).is_ok_and(|m| m.file_type().is_file());
    regular(KEYSLOTS)
        || (regular(DATABASE)
            && super::file_starts_with(&dir.join(DATABASE), super::PLAINTEXT_SQLITE_MAGIC).is_ok_and(|plain| !plain))
}

/// Step one: the key-slot file, and any copy of it a crash left under a temporary name (a
/// passphrase change writes the new file beside the old one first).
fn destroy_keys(dir: &Path) -> io::Result<()> {
    overwrite_and_unlink(&dir.join(KEYSLOTS))?;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with(".tmp-") && entry.file_type()?.is_file() {
            overwrite_and_unlink(&entry.path())?;
        }
    }
    fsx::sync_dir(dir)
}

/// Overwrite a small file with random bytes, sync it and unlink it. Only a regular file with one
/// name is written to (a link, or a file swapped in meanwhile, is only unlinked).
fn overwrite_and_unlink(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let before = match fs::symlink_metadata(path) {
        Ok(m) => m,
        // Already gone (an interrupted wipe): nothing to destroy.
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    if before.file_type().is_file() && before.nlink() == 1 && before.len() <= 1 << 20 {
        let mut f = OpenOptions::new().write(true).open(path)?;
        let now = f.metadata()?;
        if (now.dev(), now.ino()) == (before.dev(), before.ino()) {
            let mut noise = vec![0u8; (before.len() as usize).max(keyslots::FILE_LEN)];
            rand::rngs::OsRng.fill_bytes(&mut noise);
            f.write_all(&noise)?;
            f.sync_all()?;
        }
    }
    fs::remove_file(path)
}

fn remove_if_present(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// The rest, in an order that keeps an interrupted wipe recognisable: the encrypted database
/// goes last, just before the folder.
fn remove_rest(dir: &Path) -> io::Result<()> {
    let blobs_dir = dir.join(BLOBS);
    match fs::symlink_metadata(&blobs_dir) {
        // Only the vault's own folder is emptied; a link is removed, not followed.
        Ok(m) if m.is_dir() => {
            for entry in fs::read_dir(&blobs_dir)? {
                let entry = entry?;
                if entry.file_type()?.is_dir() {
                    fs::remove_dir_all(entry.path())?;
                } else {
                    fs::remove_file(entry.path())?;
                }
            }
            fs::remove_dir(&blobs_dir)?;
        }
        Ok(_) => fs::remove_file(&blobs_dir)?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    test_hook_abort_after(2);
    remove_if_present(&dir.join(LOCK))?;
    // Leftover temporary folders of ours (an interrupted backup's snapshot); anything else the
    // user put here stays.
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with(".tmp-") {
            if entry.file_type()?.is_dir() {
                fs::remove_dir_all(entry.path())?;
            } else {
                fs::remove_file(entry.path())?;
            }
        }
    }
    test_hook_abort_after(3);
    for name in ["vault.db-wal", "vault.db-shm", "vault.db-journal", DATABASE] {
        remove_if_present(&dir.join(name))?;
    }
    let removed = match fs::remove_dir(dir) {
        // The vault folder was a link to a folder elsewhere (emptied above): remove the link.
        Err(e) if e.kind() == io::ErrorKind::NotADirectory => fs::remove_file(dir),
        Err(e) if e.kind() != io::ErrorKind::DirectoryNotEmpty => Err(e),
        _ => Ok(()),
    };
    removed.and_then(|()| fsx::sync_dir(dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))))
}

/// Debug builds only: `AMPARO_TEST_WIPE_ABORT_AFTER=k` kills the process (no destructors, like
/// `kill -9`) right after step `k` (0 = before step one), so tests can check what an
/// interrupted wipe leaves. Release builds compile this out.
fn test_hook_abort_after(step: u32) {
    if cfg!(debug_assertions)
        && std::env::var("AMPARO_TEST_WIPE_ABORT_AFTER").ok().and_then(|v| v.parse::<u32>().ok()) == Some(step)
    {
        std::process::abort();
    }
}
