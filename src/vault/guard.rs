//! The failed-unlock policy: wipe the vault after N wrong passphrases in a row (off by default).
//!
//! It protects against guessing at this machine (someone at the unlock screen, or running the
//! CLI against the folder). The policy and its counter live in the key-slot file
//! ([`keyslots::Guard`]): the policy is covered by the passphrase slot's seal, so editing it
//! locks the real passphrase out instead of allowing more guesses, and the counter is a hash
//! chain that editing can only run down. A copy of the policy is kept in the encrypted database:
//! a passphrase change seals that one, never what it finds in the file. Putting back bytes seen
//! earlier (the counter as it was after an unlock, or a whole older file) is beyond any local
//! policy, as is guessing on a copy; docs/panic.md says so.
//!
//! A try is counted before the passphrase is checked, so killing the program during the key
//! derivation does not win a free guess. Recovery-code tries are neither counted nor stopped:
//! the code has 125 random bits, and it must stay the way back when the file was tampered with.

use std::fs::File;
use std::path::Path;

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::keyslots::{guard_secret, Guard, KeySlotFile, OpenedSlot, SlotKind, GUARD_LIMIT_MAX};
use super::{rewrite_keyslots, wipe, Unlock, Vault};
use crate::error::{corrupt, Error, Result};

/// The policy as the settings show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct FailedUnlockPolicy {
    /// Wipe after this many wrong passphrases in a row; `None` = never (the default).
    pub wipe_after: Option<u16>,
    /// Say on the unlock screen how many tries are left.
    pub show_tries_left: bool,
}

impl FailedUnlockPolicy {
    /// A new guard (no tries used) for this policy.
    fn guard(self, master_key: &[u8; 32]) -> Result<Guard> {
        let limit = self.wipe_after.unwrap_or(0);
        Guard::new(limit, self.show_tries_left && limit > 0, &guard_secret(master_key))
    }
}

/// The guard, when the policy is on.
fn active(slots: &KeySlotFile) -> Option<&Guard> {
    slots.guard().filter(|g| g.limit > 0)
}

/// Before a passphrase try: wipe if no try is left (the last one was used and its wipe
/// interrupted, or the counter was edited), else count the try and write the count. Returns
/// the guard as it was, for a duress unlock that cannot clear the count to put back.
pub(super) fn before_try(dir: &Path, slots: &mut KeySlotFile, unlock: &Unlock<'_>) -> Result<Option<Guard>> {
    let Some(before) = active(slots).cloned().filter(|_| matches!(unlock, Unlock::Passphrase(_))) else {
        return Ok(None);
    };
    if before.tries_left() == 0 {
        return Err(wipe_now(dir));
    }
    if let Some(g) = slots.guard_mut() {
        g.count_try();
    }
    rewrite_keyslots(dir, slots)?;
    test_hook_abort_after_count();
    Ok(Some(before))
}

/// After a wrong secret: the error to give, having wiped the vault if that was the last try.
pub(super) fn after_wrong_secret(dir: &Path, slots: &KeySlotFile, unlock: &Unlock<'_>, lock: File) -> Error {
    let Some(g) = active(slots).filter(|_| matches!(unlock, Unlock::Passphrase(_))) else {
        return Error::WrongSecret;
    };
    match g.tries_left() {
        0 => {
            drop(lock);
            wipe_now(dir)
        }
        left if g.show_tries_left => Error::WrongSecretTriesLeft(left),
        _ => Error::WrongSecret,
    }
}

/// After the passphrase or recovery code opened the vault: clear the count, and give a version 1
/// file its guard (off) while the passphrase's key is at hand to re-seal its slot. Returns false
/// when the guard in the file is not one this vault made (only a recovery-code unlock can get
/// here with such a file: the passphrase slot's seal covers the guard); it is then left alone,
/// and the next passphrase change puts the vault's own policy back.
pub(super) fn after_unlock(
    dir: &Path,
    slots: &mut KeySlotFile,
    opened: &OpenedSlot,
    pass_key: Option<&[u8; 32]>,
) -> Result<bool> {
    let mut changed = false;
    let mut genuine = true;
    if let (None, SlotKind::Passphrase, Some(key)) = (slots.guard(), opened.kind, pass_key) {
        slots.set_guard(FailedUnlockPolicy::default().guard(&opened.master_key)?);
        slots.seal(opened.index, key, SlotKind::Passphrase, &opened.master_key);
        changed = true;
    }
    if let Some(g) = slots.guard_mut().filter(|g| g.limit > 0) {
        genuine = g.reset(&guard_secret(&opened.master_key));
        changed |= genuine;
    }
    if changed {
        rewrite_keyslots(dir, slots)?;
    }
    Ok(genuine)
}

/// After a duress unlock: the count is cleared as after a real unlock (the duress slot holds
/// the guard's secret for that), so the two cannot be told apart by it; should the chain not
/// be the vault's own, the count goes back to what it was before this try.
pub(super) fn after_duress(
    dir: &Path,
    slots: &mut KeySlotFile,
    before: Option<Guard>,
    secret: &[u8; 32],
) -> Result<()> {
    let Some(before) = before else {
        return Ok(());
    };
    let cleared = slots.guard_mut().is_some_and(|g| g.reset(secret));
    if !cleared {
        slots.set_guard(before);
    }
    rewrite_keyslots(dir, slots)
}

fn wipe_now(dir: &Path) -> Error {
    match wipe::wipe(dir) {
        Ok(_) => Error::WipedAfterFailedUnlocks,
        Err(e) => e,
    }
}

/// Debug builds only: `AMPARO_TEST_ABORT_AFTER_COUNT=1` kills the process once the try is counted
/// and written, before the passphrase is checked: the tests show a try killed there still counts.
fn test_hook_abort_after_count() {
    if cfg!(debug_assertions) && std::env::var_os("AMPARO_TEST_ABORT_AFTER_COUNT").is_some_and(|v| v == "1") {
        std::process::abort();
    }
}

impl Vault {
    /// The policy in force (the key-slot file's, which is what the unlock screen enforces).
    pub fn failed_unlock_policy(&self) -> FailedUnlockPolicy {
        match active(&self.slots) {
            Some(g) => FailedUnlockPolicy { wipe_after: Some(g.limit), show_tries_left: g.show_tries_left },
            None => FailedUnlockPolicy::default(),
        }
    }

    /// The policy as the lawyer last set it (the database's copy).
    pub(super) fn stored_failed_unlock_policy(&self) -> Result<FailedUnlockPolicy> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT value FROM vault_setting WHERE key = 'failed_unlock'", [], |r| r.get(0))
            .optional()?;
        json.map(|j| serde_json::from_str(&j).map_err(corrupt)).transpose().map(Option::unwrap_or_default)
    }

    /// A fresh guard for the stored policy (used when the passphrase slot is sealed again).
    pub(super) fn fresh_guard(&self) -> Result<Guard> {
        self.stored_failed_unlock_policy()?.guard(&self.master_key)
    }

    /// Change the policy. The passphrase slot is sealed again over the new policy, with the
    /// passphrase's key, so this needs a vault opened with its passphrase (after a recovery-code
    /// unlock, set a new passphrase first).
    pub fn set_failed_unlock_policy(&mut self, policy: FailedUnlockPolicy) -> Result<()> {
        let policy = match policy.wipe_after {
            None => FailedUnlockPolicy::default(),
            Some(n) if (1..=GUARD_LIMIT_MAX).contains(&n) => policy,
            Some(_) => return Err(Error::invalid("failed-unlock limit", "must be between 1 and 100, or off")),
        };
        let key: Zeroizing<[u8; 32]> = self
            .pass_key
            .clone()
            .ok_or(Error::invalid("passphrase", "unlock with the passphrase, not the recovery code, to change this"))?;
        let index = self.passphrase_slot()?;
        let mut slots = self.slots.clone();
        slots.set_guard(policy.guard(&self.master_key)?);
        slots.seal(index, &key, SlotKind::Passphrase, &self.master_key);
        let json = serde_json::to_string(&policy).map_err(|_| Error::invalid("settings", "cannot be written"))?;
        let dir = self.dir.clone();
        // The database's copy and the file change together: the file is written last, inside
        // the transaction, so a failed write leaves both as they were.
        self.write(|tx, now| {
            tx.execute(
                "INSERT INTO vault_setting (key, value) VALUES ('failed_unlock', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [&json],
            )?;
            crate::store::audit::append(
                tx,
                now,
                "vault.failed-unlock-policy",
                "vault",
                &policy.wipe_after.unwrap_or(0).to_string(),
            )?;
            rewrite_keyslots(&dir, &slots)
        })?;
        self.slots = slots;
        Ok(())
    }
}
