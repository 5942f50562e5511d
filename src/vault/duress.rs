//! The duress passphrase (opt-in): for the day someone forces the lawyer to unlock.
//!
//! Typed at the unlock screen it behaves like the real passphrase: the same key derivation, the
//! same screens, an ordinary-looking vault. Its action is chosen when it is set:
//! - `decoy`: the vault that opens is empty and lives in a private temporary folder for the
//!   session; the real vault is left untouched, and the real passphrase opens it afterwards;
//! - `wipe`: the real vault is wiped first ([`super::wipe`]), then the same empty vault opens.
//!
//! Its key slot is sealed like any other, with its kind inside the ciphertext, so the files do
//! not show that a duress passphrase exists. The slot wraps the failed-unlock guard's secret
//! (so a duress unlock clears the count of wrong tries as a real one does), never the master
//! key: nothing typed under duress can reach the real data. Which slot it is, and its action,
//! are recorded only inside the encrypted database, so the settings can show them.
//!
//! What the decoy cannot hide (docs/panic.md lists it, with the legal risk of misleading an
//! investigation): the size of the vault folder, which stays that of the real vault; its own
//! newness (a new identity, an activity log that starts today); a slightly longer unlock.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::guard::FailedUnlockPolicy;
use super::keyslots::{guard_secret, Guard, KeySlotFile, SlotKind};
use super::{check_passphrase, open_database, rewrite_keyslots, wipe, write_keyslots, Vault, BLOBS};
use crate::clock;
use crate::error::{Error, Result};
use crate::fsx;
use crate::settings::Language;
use crate::store::migrate;

/// What unlocking with the duress passphrase does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "lowercase")]
pub enum DuressAction {
    /// Wipe the vault, then show an empty one.
    Wipe,
    /// Show an empty vault; the real one stays as it is.
    Decoy,
}

impl DuressAction {
    fn kind(self) -> SlotKind {
        match self {
            DuressAction::Wipe => SlotKind::DuressWipe,
            DuressAction::Decoy => SlotKind::DuressDecoy,
        }
    }

    /// The name recorded in `keyslot_use`.
    fn recorded(self) -> &'static str {
        match self {
            DuressAction::Wipe => "duress-wipe",
            DuressAction::Decoy => "duress-decoy",
        }
    }

    pub fn parse(s: &str) -> Result<DuressAction> {
        match s {
            "wipe" => Ok(DuressAction::Wipe),
            "decoy" => Ok(DuressAction::Decoy),
            _ => Err(Error::invalid("duress action", "must be wipe or decoy")),
        }
    }
}

/// A decoy's private folder, removed with everything in it when dropped. It holds a lock while
/// in use, so a folder left by a crash (no lock held) can be told from one in use and removed.
pub(crate) struct ScratchDir {
    path: PathBuf,
    _lock: File,
}

const SCRATCH_PREFIX: &str = "amparo-";

impl ScratchDir {
    fn new() -> Result<ScratchDir> {
        let mut name = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut name);
        let path = std::env::temp_dir().join(format!("{SCRATCH_PREFIX}{}", hex::encode(name)));
        fsx::create_private_dir(&path).map_err(Error::io("open the vault"))?;
        let lock = super::take_lock(&path)?;
        Ok(ScratchDir { path, _lock: lock })
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

/// Remove decoy folders a crash left in the temporary folder (ours: the name, a `lock` file
/// nobody holds). Best effort: a folder that cannot be removed stays.
pub(super) fn remove_stale_scratch() {
    let Ok(entries) = fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let ours = name
            .to_str()
            .and_then(|n| n.strip_prefix(SCRATCH_PREFIX))
            .is_some_and(|hex| hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_hexdigit()));
        if ours && entry.file_type().is_ok_and(|t| t.is_dir()) && entry.path().join(super::LOCK).is_file() {
            // Not `take_lock`, which waits a moment: a decoy in use elsewhere is simply skipped.
            let free =
                File::options().write(true).open(entry.path().join(super::LOCK)).ok().filter(|f| f.try_lock().is_ok());
            if let Some(lock) = free {
                let _ = fs::remove_dir_all(entry.path());
                drop(lock);
            }
        }
    }
}

/// The unlock of a duress slot: wipe first if that is its action, then the empty vault.
pub(super) fn unlock(dir: &Path, kind: SlotKind, real: &KeySlotFile, lock: File) -> Result<Vault> {
    if kind == SlotKind::DuressWipe {
        // Whatever happens, the screen must look like an ordinary unlock: a failed wipe cannot
        // be reported here without telling whoever is watching.
        let _ = wipe::wipe(dir);
    }
    decoy(real, lock)
}

/// An empty vault that looks like a new one: its own random key, its own identity, its files
/// (encrypted) in a private temporary folder that goes when it is locked. It keeps the real
/// vault's lock (so the real vault cannot be opened beside it), KDF parameters and
/// failed-unlock policy (so its settings show what the unlock screen enforced).
fn decoy(real: &KeySlotFile, lock: File) -> Result<Vault> {
    let scratch = ScratchDir::new()?;
    let dir = scratch.path.clone();
    fsx::create_private_dir(&dir.join(BLOBS)).map_err(Error::io("open the vault"))?;
    let mut master_key = Zeroizing::new([0u8; 32]);
    rand::rngs::OsRng.fill_bytes(master_key.as_mut());
    let mut pass_key = Zeroizing::new([0u8; 32]);
    rand::rngs::OsRng.fill_bytes(pass_key.as_mut());
    let policy = real
        .guard()
        .filter(|g| g.limit > 0)
        .map(|g| FailedUnlockPolicy { wipe_after: Some(g.limit), show_tries_left: g.show_tries_left })
        .unwrap_or_default();
    let mut slots = KeySlotFile::new(real.kdf, &master_key);
    slots.set_guard(Guard::new(policy.wipe_after.unwrap_or(0), policy.show_tries_left, &guard_secret(&master_key))?);
    let (pass_index, recovery_index) = KeySlotFile::random_free_indexes();
    slots.seal(pass_index, &pass_key, SlotKind::Passphrase, &master_key);
    let conn = open_database(&dir, &master_key, true)?;
    migrate::run(&conn)?;
    super::record_slot_use(&conn, pass_index, "passphrase")?;
    super::record_slot_use(&conn, recovery_index, "recovery")?;
    let json = serde_json::to_string(&policy).map_err(|_| Error::invalid("settings", "cannot be written"))?;
    conn.execute("INSERT INTO vault_setting (key, value) VALUES ('failed_unlock', ?1)", [&json])?;
    write_keyslots(&dir, &slots)?;
    let mut vault = Vault {
        dir,
        conn,
        master_key,
        pass_key: Some(pass_key),
        slots,
        clock: clock::system(),
        language: Language::En,
        _lock: lock,
        scratch: Some(scratch),
    };
    vault.audit("vault.create", "vault", "")?;
    vault.audit("vault.unlock", "vault", "passphrase")?;
    vault.write(|tx, now| super::identity::ensure(tx, now))?;
    Ok(vault)
}

impl Vault {
    /// The duress passphrase's action, if one is set.
    pub fn duress_action(&self) -> Result<Option<DuressAction>> {
        Ok(self.duress_slot()?.map(|(_, action)| action))
    }

    fn duress_slot(&self) -> Result<Option<(usize, DuressAction)>> {
        let row: Option<(i64, String)> = self
            .conn
            .query_row("SELECT slot, kind FROM keyslot_use WHERE kind LIKE 'duress-%'", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .map(Some)
            .or_else(|e| if matches!(e, rusqlite::Error::QueryReturnedNoRows) { Ok(None) } else { Err(e) })?;
        row.map(|(slot, kind)| {
            let index = usize::try_from(slot).ok().filter(|&i| i < super::keyslots::SLOT_COUNT);
            let action = match kind.as_str() {
                "duress-wipe" => Some(DuressAction::Wipe),
                "duress-decoy" => Some(DuressAction::Decoy),
                _ => None,
            };
            index.zip(action).ok_or(Error::DatabaseCorrupt)
        })
        .transpose()
    }

    /// Set (or replace) the duress passphrase and its action. It must differ from the
    /// passphrase. Costs one key derivation.
    pub fn set_duress(&mut self, duress: &SecretString, action: DuressAction) -> Result<()> {
        check_passphrase(duress).map_err(|_| Error::invalid("duress passphrase", "must not be empty"))?;
        let recorded = self.duress_slot()?.map(|(index, _)| index);
        let key = self.slots.kdf.derive(duress.expose_secret().as_bytes(), &self.slots.salt)?;
        // A slot this passphrase already opens is replaced: the recorded duress slot, or one a
        // crash left sealed but unrecorded.
        let reuse = match self.slots.open(&key) {
            Some(o) if matches!(o.kind, SlotKind::DuressWipe | SlotKind::DuressDecoy) => Some(o.index),
            Some(_) => return Err(Error::invalid("duress passphrase", "must differ from the passphrase")),
            None => None,
        };
        let mut used = Vec::new();
        for slot in self.conn.prepare("SELECT slot FROM keyslot_use")?.query_map([], |r| r.get::<_, i64>(0))? {
            used.extend(usize::try_from(slot?).ok().filter(|&i| Some(i) != recorded));
        }
        let index = reuse
            .or(recorded)
            .or_else(|| KeySlotFile::random_index_except(&used))
            .ok_or(Error::invalid("duress passphrase", "no free key slot is left"))?;
        let mut slots = self.slots.clone();
        if let Some(old) = recorded.filter(|&old| old != index) {
            slots.clear(old);
        }
        // The slot holds the guard's secret, so a duress unlock clears the failed-unlock count
        // as a real one does (guard.rs); never the master key.
        slots.seal(index, &key, action.kind(), &guard_secret(&self.master_key));
        // Recorded first, then the file: after a crash between the two the settings show a
        // duress passphrase that does not work yet (set it again), never a working one they
        // do not know about.
        self.write(|tx, now| {
            tx.execute("DELETE FROM keyslot_use WHERE kind LIKE 'duress-%'", [])?;
            tx.execute(
                "INSERT INTO keyslot_use (slot, kind) VALUES (?1, ?2)",
                rusqlite::params![index as i64, action.recorded()],
            )?;
            crate::store::audit::append(tx, now, "vault.duress-set", "vault", action.recorded())
        })?;
        rewrite_keyslots(&self.dir, &slots)?;
        self.slots = slots;
        Ok(())
    }

    /// Remove the duress passphrase: its slot becomes random bytes like an unused one. Returns
    /// whether one was set.
    pub fn clear_duress(&mut self) -> Result<bool> {
        let Some((index, _)) = self.duress_slot()? else {
            return Ok(false);
        };
        let mut slots = self.slots.clone();
        slots.clear(index);
        // The file first: after a crash between the two, the settings still show the slot,
        // which no longer works, and removing it again finishes the job.
        rewrite_keyslots(&self.dir, &slots)?;
        self.slots = slots;
        self.write(|tx, now| {
            tx.execute("DELETE FROM keyslot_use WHERE kind LIKE 'duress-%'", [])?;
            crate::store::audit::append(tx, now, "vault.duress-clear", "vault", "")
        })?;
        Ok(true)
    }
}
