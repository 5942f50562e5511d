//! The failed-unlock policy: wipe the vault after N wrong passphrases in a row (off by default).
//!
//! It protects against guessing at this machine (someone at the unlock screen, or running the
//! CLI against the folder). The policy and its counter live in the key-slot file
//! ([`keyslots::Guard`]): the policy is covered by the passphrase slot's seal, so editing it
//! locks the real passphrase out instead of allowing more guesses, and the counter is a hash
//! chain that editing can only run down. A copy of the vault files taken beforehand is beyond
//! any local policy; it is protected by the passphrase and the KDF alone (docs/panic.md).
//!
//! A try is counted before the passphrase is checked, so killing the program during the key
//! derivation does not win a free guess. Recovery-code tries are not counted: the code has 125
//! random bits, and a lawyer typing a long code should not lose the vault to typos.

use std::fs::File;
use std::path::Path;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::keyslots::{Guard, KeySlotFile, OpenedSlot, SlotKind, GUARD_LIMIT_MAX};
use super::{wipe, write_keyslots, Unlock, Vault};
use crate::error::{Error, Result};

/// The policy as the settings show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct FailedUnlockPolicy {
    /// Wipe after this many wrong passphrases in a row; `None` = never (the default).
    pub wipe_after: Option<u16>,
    /// Say on the unlock screen how many tries are left.
    pub show_tries_left: bool,
}

/// The guard, when the policy is on.
fn active(slots: &KeySlotFile) -> Option<&Guard> {
    slots.guard().filter(|g| g.limit > 0)
}

/// Before a try: wipe if no try is left (the last one was used and its wipe interrupted, or the
/// counter was edited), else count a passphrase try and write the count. Returns the guard as
/// it was, for a duress unlock to put back.
pub(super) fn before_try(dir: &Path, slots: &mut KeySlotFile, unlock: &Unlock<'_>) -> Result<Option<Guard>> {
    let Some(before) = active(slots).cloned() else {
        return Ok(None);
    };
    if before.tries_left() == 0 {
        return Err(wipe_now(dir));
    }
    if let (Unlock::Passphrase(_), Some(g)) = (unlock, slots.guard_mut()) {
        g.count_try();
        write_keyslots(dir, slots)?;
    }
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
/// file its guard (off) while the passphrase's key is at hand to re-seal its slot.
pub(super) fn after_unlock(
    dir: &Path,
    slots: &mut KeySlotFile,
    opened: &OpenedSlot,
    pass_key: Option<&[u8; 32]>,
) -> Result<()> {
    let mut changed = false;
    if let (None, SlotKind::Passphrase, Some(key)) = (slots.guard(), opened.kind, pass_key) {
        slots.set_guard(Guard::new(0, false, &opened.master_key)?);
        slots.seal(opened.index, key, SlotKind::Passphrase, &opened.master_key);
        changed = true;
    }
    if let Some(g) = slots.guard_mut().filter(|g| g.limit > 0 && g.used() > 0) {
        g.reset(&opened.master_key);
        changed = true;
    }
    if changed {
        write_keyslots(dir, slots)?;
    }
    Ok(())
}

/// After a duress unlock: the count goes back to what it was before this try (a duress slot
/// holds no master key, so it cannot clear the count as the real passphrase does).
pub(super) fn after_duress(dir: &Path, slots: &mut KeySlotFile, before: Option<Guard>) -> Result<()> {
    match before {
        Some(b) if slots.guard() != Some(&b) => {
            slots.set_guard(b);
            write_keyslots(dir, slots)
        }
        _ => Ok(()),
    }
}

fn wipe_now(dir: &Path) -> Error {
    match wipe::wipe(dir) {
        Ok(_) => Error::WipedAfterFailedUnlocks,
        Err(e) => e,
    }
}

impl Vault {
    pub fn failed_unlock_policy(&self) -> FailedUnlockPolicy {
        match active(&self.slots) {
            Some(g) => FailedUnlockPolicy { wipe_after: Some(g.limit), show_tries_left: g.show_tries_left },
            None => FailedUnlockPolicy { wipe_after: None, show_tries_left: false },
        }
    }

    /// Change the policy. The passphrase slot is sealed again over the new policy, with the
    /// passphrase's key, so this needs a vault opened with its passphrase (after a recovery-code
    /// unlock, set a new passphrase first).
    pub fn set_failed_unlock_policy(&mut self, policy: FailedUnlockPolicy) -> Result<()> {
        let limit = match policy.wipe_after {
            None => 0,
            Some(n) if (1..=GUARD_LIMIT_MAX).contains(&n) => n,
            Some(_) => return Err(Error::invalid("failed-unlock limit", "must be between 1 and 100, or off")),
        };
        let key: Zeroizing<[u8; 32]> = self
            .pass_key
            .clone()
            .ok_or(Error::invalid("passphrase", "unlock with the passphrase, not the recovery code, to change this"))?;
        let index = self.passphrase_slot()?;
        let mut slots = self.slots.clone();
        slots.set_guard(Guard::new(limit, policy.show_tries_left && limit > 0, &self.master_key)?);
        slots.seal(index, &key, SlotKind::Passphrase, &self.master_key);
        write_keyslots(&self.dir, &slots)?;
        self.slots = slots;
        self.audit("vault.failed-unlock-policy", "vault", &limit.to_string())
    }
}
