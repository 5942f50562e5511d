//! Removing a vault from the disk so that it is unreadable at once (docs/panic.md).
//!
//! Step one destroys the key-slot file: it is overwritten with random bytes, synced, unlinked,
//! and the folder synced. The master key exists nowhere else, so from the end of that step the
//! database and the attachments cannot be decrypted, whatever remains of their bytes on the
//! disk (a cryptographic erase, NIST SP 800-88). The later steps only reclaim space: the
//! database with its WAL and shared-memory files, the attachment blobs, the lock file and the
//! folder. Killed at any instant after step one, the vault is already unreadable; killed before
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
    // A vault has its key-slot file; one whose wipe was interrupted after step one still has
    // its encrypted database (never a plaintext SQLite file, which would be someone else's).
    let is_vault = fs::symlink_metadata(dir.join(KEYSLOTS)).is_ok()
        || (dir.join(DATABASE).is_file()
            && !super::file_starts_with(&dir.join(DATABASE), super::PLAINTEXT_SQLITE_MAGIC).unwrap_or(true));
    if !is_vault {
        return Err(Error::NotAVault);
    }
    let started = Instant::now();
    test_hook_abort_after(0);
    destroy_keyslots(dir).map_err(Error::io("destroy the vault's keys"))?;
    let keys_destroyed_ms = started.elapsed().as_millis() as u64;
    test_hook_abort_after(1);
    remove_rest(dir).map_err(Error::io("remove the vault"))?;
    Ok(WipeReport { keys_destroyed_ms, removed: true })
}

fn destroy_keyslots(dir: &Path) -> io::Result<()> {
    let keyslots = dir.join(KEYSLOTS);
    match fs::symlink_metadata(&keyslots) {
        // Never write through a link: the file overwritten must be the vault's own.
        Ok(m) if m.file_type().is_file() => {
            let mut noise = vec![0u8; keyslots::FILE_LEN];
            rand::rngs::OsRng.fill_bytes(&mut noise);
            let mut f = OpenOptions::new().write(true).open(&keyslots)?;
            f.write_all(&noise)?;
            f.sync_all()?;
            fs::remove_file(&keyslots)?;
        }
        Ok(_) => fs::remove_file(&keyslots)?,
        // Already gone (an interrupted wipe): step one is done.
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    fsx::sync_dir(dir)
}

fn remove_if_present(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

fn remove_rest(dir: &Path) -> io::Result<()> {
    for name in [DATABASE, "vault.db-wal", "vault.db-shm", "vault.db-journal"] {
        remove_if_present(&dir.join(name))?;
    }
    test_hook_abort_after(2);
    let blobs_dir = dir.join(BLOBS);
    match fs::symlink_metadata(&blobs_dir) {
        // Only the vault's own folder is emptied; a link is removed, not followed.
        Ok(m) if m.is_dir() => {
            for entry in fs::read_dir(&blobs_dir)? {
                let entry = entry?;
                if entry.file_type()?.is_dir() {
                    // An interrupted backup's staging folder, or anything put there.
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
    test_hook_abort_after(3);
    remove_if_present(&dir.join(LOCK))?;
    // Leftover temporary files and folders of ours; anything else the user put here stays.
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
    match fs::remove_dir(dir) {
        Err(e) if e.kind() != io::ErrorKind::DirectoryNotEmpty => Err(e),
        _ => fsx::sync_dir(dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))),
    }
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
