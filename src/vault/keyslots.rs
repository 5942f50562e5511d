//! The key-slot file: the only thing standing between a seized laptop and the case files.
//!
//! Layout (all integers little-endian; see docs/vault-format.md for the byte table):
//!
//! ```text
//! header   40 B  magic "AMPAROKS" | version u16 | slot count u16 | m_kib u32 | t u32 | p u32 | salt 16 B
//! guard    88 B  (version 2 only) limit u16 | flags u8 | zero 5 B | nonce 16 B | anchor 32 B | token 32 B
//! slots    8 × 104 B  nonce 24 B | XChaCha20-Poly1305(ciphertext 64 B + tag 16 B)
//! checksum 32 B  SHA-256 of everything above
//! ```
//!
//! One Argon2id salt and parameter set serves every passphrase slot, so an unlock costs one KDF run
//! however many slots exist; the derived key is then tried against every slot (trial decryption
//! is microseconds). Unused slots are random bytes of the same length, and a slot's kind lives
//! inside its ciphertext, so without a secret nobody can tell how many slots are real or what
//! they are for (a duress slot looks like any other). The checksum only tells accidental damage
//! apart from a wrong passphrase; the AEAD tag, whose associated data is the header plus the slot
//! index, is what catches tampering.
//!
//! The guard is the failed-unlock policy ([`Guard`]). Its settings are part of the associated
//! data of the passphrase slot (not of the others, whose secrets we do not hold when the policy
//! changes), so switching the policy off in the file makes the real passphrase stop working
//! rather than buying an attacker more guesses. Its counter cannot be part of any seal (it
//! changes while the vault is locked), so it is a hash chain that only runs forward.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use rand::RngCore;
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use super::kdf::KdfParams;
use crate::error::{Error, Result};

pub const MAGIC: &[u8; 8] = b"AMPAROKS";
/// Version 1 files have no guard; version 2 adds it. Version 1 files stay version 1 until a
/// passphrase unlock or change rewrites them.
pub const FORMAT_VERSION: u16 = 2;
pub const SLOT_COUNT: usize = 8;
const HEADER_LEN: usize = 40;
const GUARD_LEN: usize = 88;
/// The part of the guard the passphrase slot's seal covers (everything but the token).
const GUARD_SEALED_LEN: usize = 56;
const PLAIN_LEN: usize = 64;
const SLOT_LEN: usize = 24 + PLAIN_LEN + 16;
const CHECKSUM_LEN: usize = 32;
/// Length of a version 1 file (no guard).
pub const FILE_LEN_V1: usize = HEADER_LEN + SLOT_COUNT * SLOT_LEN + CHECKSUM_LEN;
/// Length of a version 2 file; also the most a reader ever needs to read.
pub const FILE_LEN: usize = FILE_LEN_V1 + GUARD_LEN;
/// The most wrong passphrases a policy may allow before the wipe.
pub const GUARD_LIMIT_MAX: u16 = 100;

/// What a slot unlocks as. Stored inside the ciphertext only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotKind {
    Passphrase = 1,
    RecoveryCode = 2,
    /// The duress passphrase whose unlock wipes the vault, then shows an empty one.
    DuressWipe = 3,
    /// The duress passphrase whose unlock shows an empty vault and leaves the real one alone.
    DuressDecoy = 4,
}

impl SlotKind {
    fn from_byte(b: u8) -> Option<SlotKind> {
        match b {
            1 => Some(SlotKind::Passphrase),
            2 => Some(SlotKind::RecoveryCode),
            3 => Some(SlotKind::DuressWipe),
            4 => Some(SlotKind::DuressDecoy),
            _ => None,
        }
    }

    /// Only the passphrase slot's seal covers the guard.
    fn guarded(self) -> bool {
        self == SlotKind::Passphrase
    }
}

/// A decrypted slot: its kind and the key it wraps (the master key, or for a duress slot a
/// random key that opens nothing).
pub struct OpenedSlot {
    pub index: usize,
    pub kind: SlotKind,
    pub master_key: Zeroizing<[u8; 32]>,
}

/// The failed-unlock policy and its counter.
///
/// The counter is a hash chain: `seed` is derived from [`guard_secret`] and the guard's nonce,
/// `anchor = H^limit(seed)` is sealed with the policy, and `token = H^used(seed)` is stored in
/// the clear. Counting a wrong passphrase replaces the token by its hash, which anyone can do;
/// going back needs a preimage, which nobody can compute. So the number of tries left,
/// `limit - used`, can be read without a key, and editing can only lower it (a token that does
/// not lead to the anchor counts as no tries left). What editing cannot prevent is putting back
/// bytes seen earlier — the token as it was after the last unlock, or a whole older file:
/// docs/panic.md says so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Guard {
    /// Wipe after this many wrong passphrases in a row; 0 = off.
    pub limit: u16,
    /// Show how many tries are left on the unlock screen.
    pub show_tries_left: bool,
    nonce: [u8; 16],
    anchor: [u8; 32],
    token: [u8; 32],
}

impl Guard {
    /// A new policy with no tries used. `secret` is [`guard_secret`] of the master key.
    pub fn new(limit: u16, show_tries_left: bool, secret: &[u8; 32]) -> Result<Guard> {
        if limit > GUARD_LIMIT_MAX {
            return Err(Error::invalid("failed-unlock limit", "must be between 1 and 100, or off"));
        }
        let mut nonce = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let seed = guard_seed(secret, &nonce);
        let anchor = (0..limit).fold(*seed, |t, _| chain_step(&t));
        Ok(Guard { limit, show_tries_left, nonce, anchor, token: *seed })
    }

    /// Wrong passphrases counted since the last unlock; `limit` when the token does not lead to
    /// the anchor (edited, or every try used).
    pub fn used(&self) -> u16 {
        let mut t = self.token;
        for steps in 0..=self.limit {
            if t == self.anchor {
                return self.limit - steps;
            }
            t = chain_step(&t);
        }
        self.limit
    }

    pub fn tries_left(&self) -> u16 {
        self.limit - self.used()
    }

    /// Count one wrong passphrase (done before the passphrase is tried, so killing the program
    /// mid-try still counts it).
    pub fn count_try(&mut self) {
        self.token = chain_step(&self.token);
    }

    /// Back to no tries used, after a successful unlock. Only if the chain is the one made with
    /// `secret` (`H^limit(seed) == anchor`); returns false, changing nothing, for a guard someone
    /// edited (its anchor, nonce or limit), which a recovery-code unlock can meet.
    pub fn reset(&mut self, secret: &[u8; 32]) -> bool {
        let seed = guard_seed(secret, &self.nonce);
        if (0..self.limit).fold(*seed, |t, _| chain_step(&t)) != self.anchor {
            return false;
        }
        self.token = *seed;
        true
    }

    fn sealed_bytes(&self) -> [u8; GUARD_SEALED_LEN] {
        let mut b = [0u8; GUARD_SEALED_LEN];
        b[0..2].copy_from_slice(&self.limit.to_le_bytes());
        b[2] = u8::from(self.show_tries_left);
        b[8..24].copy_from_slice(&self.nonce);
        b[24..56].copy_from_slice(&self.anchor);
        b
    }

    fn parse(b: &[u8]) -> Result<Guard> {
        let limit = u16::from_le_bytes([b[0], b[1]]);
        if limit > GUARD_LIMIT_MAX || b[2] > 1 || b[3..8] != [0; 5] {
            return Err(Error::KeySlotsCorrupt);
        }
        let array = |r: std::ops::Range<usize>| -> [u8; 32] { b[r].try_into().unwrap_or([0; 32]) };
        let mut nonce = [0u8; 16];
        nonce.copy_from_slice(&b[8..24]);
        Ok(Guard { limit, show_tries_left: b[2] == 1, nonce, anchor: array(24..56), token: array(56..88) })
    }
}

/// The secret the guard's chains start from: derived from the master key, and also sealed in
/// a duress slot, so that a duress unlock clears the count exactly as a real one does.
pub fn guard_secret(master_key: &[u8; 32]) -> Zeroizing<[u8; 32]> {
    let mut secret = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(None, master_key)
        .expand(b"amparo v2 guard secret", secret.as_mut())
        .expect("32 bytes is a valid HKDF-SHA256 output length");
    secret
}

fn guard_seed(secret: &[u8; 32], nonce: &[u8; 16]) -> Zeroizing<[u8; 32]> {
    let mut seed = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(Some(nonce), secret)
        .expand(b"amparo v2 unlock guard", seed.as_mut())
        .expect("32 bytes is a valid HKDF-SHA256 output length");
    seed
}

fn chain_step(t: &[u8; 32]) -> [u8; 32] {
    Sha256::new().chain_update(b"amparo unlock guard step").chain_update(t).finalize().into()
}

/// The parsed key-slot file.
#[derive(Clone)]
pub struct KeySlotFile {
    pub kdf: KdfParams,
    pub salt: [u8; 16],
    /// `None` for a version 1 file, which is written back as version 1.
    guard: Option<Guard>,
    slots: [[u8; SLOT_LEN]; SLOT_COUNT],
}

impl KeySlotFile {
    /// A new file with fresh salt, every slot random and the guard off.
    pub fn new(kdf: KdfParams, master_key: &[u8; 32]) -> KeySlotFile {
        let mut rng = rand::rngs::OsRng;
        let mut salt = [0u8; 16];
        rng.fill_bytes(&mut salt);
        let mut slots = [[0u8; SLOT_LEN]; SLOT_COUNT];
        for s in &mut slots {
            rng.fill_bytes(s);
        }
        let guard = Guard::new(0, false, &guard_secret(master_key)).ok();
        KeySlotFile { kdf, salt, guard, slots }
    }

    /// 1 for a file without a guard, else 2.
    pub fn version(&self) -> u16 {
        if self.guard.is_some() {
            2
        } else {
            1
        }
    }

    pub fn guard(&self) -> Option<&Guard> {
        self.guard.as_ref()
    }

    pub fn guard_mut(&mut self) -> Option<&mut Guard> {
        self.guard.as_mut()
    }

    /// Replace the guard. The passphrase slot must be sealed again afterwards (its seal covers
    /// the guard), which the caller does with the passphrase's wrapping key.
    pub fn set_guard(&mut self, guard: Guard) {
        self.guard = Some(guard);
    }

    /// The header as the seals cover it. The version field always reads 1 here, so the seals of
    /// a version 1 file stay valid when it is rewritten as version 2.
    fn sealed_header(&self) -> [u8; HEADER_LEN] {
        let mut h = [0u8; HEADER_LEN];
        h[0..8].copy_from_slice(MAGIC);
        h[8..10].copy_from_slice(&1u16.to_le_bytes());
        h[10..12].copy_from_slice(&(SLOT_COUNT as u16).to_le_bytes());
        h[12..16].copy_from_slice(&self.kdf.m_kib.to_le_bytes());
        h[16..20].copy_from_slice(&self.kdf.t.to_le_bytes());
        h[20..24].copy_from_slice(&self.kdf.p.to_le_bytes());
        h[24..40].copy_from_slice(&self.salt);
        h
    }

    /// Parse and check the file. Does not check KDF parameters (the caller does, before any work).
    pub fn parse(bytes: &[u8]) -> Result<KeySlotFile> {
        if bytes.len() < 12 || &bytes[0..8] != MAGIC {
            return Err(Error::NotAVault);
        }
        let version = u16::from_le_bytes([bytes[8], bytes[9]]);
        if version > FORMAT_VERSION {
            return Err(Error::VaultTooNew);
        }
        let guard_len = match (version, bytes.len()) {
            (1, FILE_LEN_V1) => 0,
            (2, FILE_LEN) => GUARD_LEN,
            _ => return Err(Error::KeySlotsCorrupt),
        };
        let (body, sum) = bytes.split_at(bytes.len() - CHECKSUM_LEN);
        if Sha256::digest(body).as_slice() != sum {
            return Err(Error::KeySlotsCorrupt);
        }
        let u32_at = |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
        if usize::from(u16::from_le_bytes([bytes[10], bytes[11]])) != SLOT_COUNT {
            return Err(Error::KeySlotsCorrupt);
        }
        let kdf = KdfParams { m_kib: u32_at(12), t: u32_at(16), p: u32_at(20) };
        let mut salt = [0u8; 16];
        salt.copy_from_slice(&bytes[24..40]);
        let guard = match guard_len {
            0 => None,
            _ => Some(Guard::parse(&bytes[HEADER_LEN..HEADER_LEN + GUARD_LEN])?),
        };
        let mut slots = [[0u8; SLOT_LEN]; SLOT_COUNT];
        for (i, s) in slots.iter_mut().enumerate() {
            let at = HEADER_LEN + guard_len + i * SLOT_LEN;
            s.copy_from_slice(&bytes[at..at + SLOT_LEN]);
        }
        Ok(KeySlotFile { kdf, salt, guard, slots })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(FILE_LEN);
        out.extend_from_slice(&self.sealed_header());
        if let Some(g) = &self.guard {
            out[8..10].copy_from_slice(&2u16.to_le_bytes());
            out.extend_from_slice(&g.sealed_bytes());
            out.extend_from_slice(&g.token);
        }
        for s in &self.slots {
            out.extend_from_slice(s);
        }
        let sum = Sha256::digest(&out);
        out.extend_from_slice(&sum);
        out
    }

    fn aad(&self, index: usize, guarded: bool) -> Vec<u8> {
        let mut aad = self.sealed_header().to_vec();
        if let (true, Some(g)) = (guarded, &self.guard) {
            aad.extend_from_slice(&g.sealed_bytes());
        }
        aad.push(index as u8);
        aad
    }

    /// Seal `master_key` into slot `index` under `wrap_key`.
    pub fn seal(&mut self, index: usize, wrap_key: &[u8; 32], kind: SlotKind, master_key: &[u8; 32]) {
        let mut plain = Zeroizing::new([0u8; PLAIN_LEN]);
        plain[0] = kind as u8;
        plain[32..64].copy_from_slice(master_key);
        let mut nonce = [0u8; 24];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let cipher = XChaCha20Poly1305::new(wrap_key.into());
        let aad = self.aad(index, kind.guarded());
        // Encryption with a valid key and in-memory buffers cannot fail.
        let ct = cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plain.as_slice(), aad: &aad })
            .expect("XChaCha20-Poly1305 encryption of a fixed-size buffer");
        let slot = &mut self.slots[index];
        slot[..24].copy_from_slice(&nonce);
        slot[24..].copy_from_slice(&ct);
    }

    /// Make slot `index` random bytes again, like a slot never used.
    pub fn clear(&mut self, index: usize) {
        rand::rngs::OsRng.fill_bytes(&mut self.slots[index]);
    }

    /// Try `wrap_key` against every slot, with and without the guard in the associated data;
    /// return the slot that opens with the associated data its kind is sealed with. Every slot
    /// is tried whatever is found, so the time taken says nothing about which slot matched.
    pub fn open(&self, wrap_key: &[u8; 32]) -> Option<OpenedSlot> {
        let cipher = XChaCha20Poly1305::new(wrap_key.into());
        let mut found = None;
        for (index, slot) in self.slots.iter().enumerate() {
            for guarded in [true, false] {
                let aad = self.aad(index, guarded);
                let Ok(mut plain) =
                    cipher.decrypt(XNonce::from_slice(&slot[..24]), Payload { msg: &slot[24..], aad: &aad })
                else {
                    continue;
                };
                let kind = SlotKind::from_byte(plain[0]);
                let mut master_key = Zeroizing::new([0u8; 32]);
                master_key.copy_from_slice(&plain[32..64]);
                plain.zeroize();
                // Without a guard both associated data are the same, and any kind fits.
                let fits = |k: SlotKind| self.guard.is_none() || k.guarded() == guarded;
                if let (None, Some(kind)) = (&found, kind.filter(|&k| fits(k))) {
                    found = Some(OpenedSlot { index, kind, master_key });
                }
            }
        }
        found
    }

    /// Two distinct random slot indexes, so position reveals nothing about a slot's kind.
    pub fn random_free_indexes() -> (usize, usize) {
        let mut rng = rand::rngs::OsRng;
        let a = (rng.next_u32() as usize) % SLOT_COUNT;
        let b = (a + 1 + (rng.next_u32() as usize) % (SLOT_COUNT - 1)) % SLOT_COUNT;
        (a, b)
    }

    /// A random index among those not in `used`, if any is left.
    pub fn random_index_except(used: &[usize]) -> Option<usize> {
        let free: Vec<usize> = (0..SLOT_COUNT).filter(|i| !used.contains(i)).collect();
        (!free.is_empty()).then(|| free[(rand::rngs::OsRng.next_u32() as usize) % free.len()])
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::kdf::FLOOR;

    fn sealed() -> (KeySlotFile, [u8; 32], [u8; 32]) {
        let mut f = KeySlotFile::new(FLOOR, &[9u8; 32]);
        let wrap = [7u8; 32];
        let master = [9u8; 32];
        f.seal(3, &wrap, SlotKind::Passphrase, &master);
        (f, wrap, master)
    }

    #[test]
    fn round_trip_and_wrong_key() {
        let (f, wrap, master) = sealed();
        let parsed = KeySlotFile::parse(&f.to_bytes()).unwrap();
        let opened = parsed.open(&wrap).unwrap();
        assert_eq!((opened.index, opened.kind), (3, SlotKind::Passphrase));
        assert_eq!(*opened.master_key, master);
        assert!(parsed.open(&[8u8; 32]).is_none());
    }

    #[test]
    fn every_flipped_byte_is_caught() {
        let (f, _, _) = sealed();
        let good = f.to_bytes();
        for i in 0..good.len() {
            let mut bad = good.clone();
            bad[i] ^= 0x01;
            assert!(KeySlotFile::parse(&bad).is_err(), "flip at {i} went unnoticed");
        }
    }

    #[test]
    fn altered_header_with_recomputed_checksum_opens_nothing() {
        // An attacker can recompute the checksum; the AEAD associated data still binds the header.
        let (f, wrap, _) = sealed();
        let mut bytes = f.to_bytes();
        bytes[30] ^= 0xff; // salt byte
        let body_len = bytes.len() - CHECKSUM_LEN;
        let sum = Sha256::digest(&bytes[..body_len]);
        bytes[body_len..].copy_from_slice(&sum);
        let parsed = KeySlotFile::parse(&bytes).unwrap();
        assert!(parsed.open(&wrap).is_none());
    }

    #[test]
    fn truncated_and_foreign_files_are_rejected() {
        let (f, _, _) = sealed();
        let good = f.to_bytes();
        assert!(matches!(KeySlotFile::parse(&good[..good.len() - 1]), Err(Error::KeySlotsCorrupt)));
        assert!(matches!(KeySlotFile::parse(&good[..5]), Err(Error::NotAVault)));
        assert!(matches!(KeySlotFile::parse(b"SQLite format 3\0"), Err(Error::NotAVault)));
        let mut newer = good.clone();
        newer[8] = 3;
        assert!(matches!(KeySlotFile::parse(&newer), Err(Error::VaultTooNew)));
    }

    #[test]
    fn slots_look_alike_used_or_not() {
        // Sanity: used and unused slots have the same length and no fixed bytes we could spot.
        let (f, _, _) = sealed();
        let bytes = f.to_bytes();
        let at = |i: usize| HEADER_LEN + GUARD_LEN + i * SLOT_LEN;
        let slot = |i: usize| &bytes[at(i)..at(i + 1)];
        assert_eq!(slot(3).len(), slot(4).len());
        assert_ne!(slot(3)[..24], slot(4)[..24]);
    }

    /// The file as an attacker would leave it: `edit` applied, checksum recomputed.
    fn edited(f: &KeySlotFile, edit: impl FnOnce(&mut Vec<u8>)) -> KeySlotFile {
        let mut bytes = f.to_bytes();
        edit(&mut bytes);
        let body_len = bytes.len() - CHECKSUM_LEN;
        let sum = Sha256::digest(&bytes[..body_len]);
        bytes[body_len..].copy_from_slice(&sum);
        KeySlotFile::parse(&bytes).unwrap()
    }

    fn guarded(limit: u16) -> (KeySlotFile, [u8; 32], [u8; 32], [u8; 32]) {
        let master = [9u8; 32];
        let mut f = KeySlotFile::new(FLOOR, &master);
        f.set_guard(Guard::new(limit, true, &master).unwrap());
        let (pass, rec) = ([7u8; 32], [6u8; 32]);
        f.seal(2, &pass, SlotKind::Passphrase, &master);
        f.seal(5, &rec, SlotKind::RecoveryCode, &master);
        (KeySlotFile::parse(&f.to_bytes()).unwrap(), pass, rec, master)
    }

    #[test]
    fn guard_counts_forward_and_resets_with_the_master_key() {
        let (mut f, _, _, master) = guarded(3);
        let g = f.guard_mut().unwrap();
        assert_eq!((g.used(), g.tries_left()), (0, 3));
        g.count_try();
        g.count_try();
        assert_eq!(g.tries_left(), 1);
        let reread = KeySlotFile::parse(&f.to_bytes()).unwrap();
        assert_eq!(reread.guard().unwrap().tries_left(), 1, "the count survives a write and a read");
        let g = f.guard_mut().unwrap();
        g.count_try();
        assert_eq!(g.tries_left(), 0);
        g.count_try();
        assert_eq!(g.tries_left(), 0, "never below zero");
        assert!(!g.reset(&[1u8; 32]), "another secret's chain does not lead to the anchor");
        assert_eq!(g.tries_left(), 0, "and nothing changed");
        assert!(g.reset(&master));
        assert_eq!(g.tries_left(), 3);
    }

    #[test]
    fn an_edited_guard_is_never_reset() {
        let (f, _, _, master) = guarded(5);
        // Anchor, nonce or limit changed: the chain from the secret no longer reaches the anchor.
        for at in [30usize, 10, 0] {
            let mut e = edited(&f, |b| b[HEADER_LEN + at] ^= 1);
            let g = e.guard_mut().unwrap();
            assert!(!g.reset(&master), "guard byte {at}");
        }
    }

    #[test]
    fn editing_the_counter_never_gives_tries_back() {
        let (mut f, _, _, _) = guarded(5);
        for _ in 0..3 {
            f.guard_mut().unwrap().count_try();
        }
        let token_at = HEADER_LEN + GUARD_SEALED_LEN;
        for i in token_at..token_at + 32 {
            let e = edited(&f, |b| b[i] ^= 1);
            assert_eq!(e.guard().unwrap().tries_left(), 0, "edited token byte {i}");
        }
        // An older token from another guard (another nonce) does not fit either.
        let (other, _, _, _) = guarded(5);
        let theirs = other.to_bytes()[token_at..token_at + 32].to_vec();
        let e = edited(&f, |b| b[token_at..token_at + 32].copy_from_slice(&theirs));
        assert_eq!(e.guard().unwrap().tries_left(), 0);
    }

    #[test]
    fn switching_the_guard_off_in_the_file_locks_the_passphrase_out() {
        let (f, pass, rec, master) = guarded(5);
        assert_eq!(f.open(&pass).unwrap().kind, SlotKind::Passphrase);
        // Limit set to 0 (off), or to 100, or the show flag flipped: the passphrase slot no longer
        // opens, the recovery slot (not covered) still does.
        // Limit 5 → 0 (off) and 5 → 100, the show flag cleared, an anchor byte changed.
        let edits: [(usize, u8); 4] = [(0, 5), (0, 5 ^ 100), (2, 1), (30, 1)];
        for (at, mask) in edits {
            let e = edited(&f, |b| b[HEADER_LEN + at] ^= mask);
            assert!(e.open(&pass).is_none(), "guard byte {at} ^ {mask}");
            assert_eq!(*e.open(&rec).unwrap().master_key, master);
        }
        // Rewritten as version 1 without the guard: the same.
        let mut v1 = f.clone();
        v1.guard = None;
        let v1 = KeySlotFile::parse(&v1.to_bytes()).unwrap();
        assert!(v1.open(&pass).is_none());
        assert_eq!(v1.open(&rec).unwrap().kind, SlotKind::RecoveryCode);
    }

    #[test]
    fn version_1_files_open_and_keep_their_seals_when_a_guard_is_added() {
        let master = [9u8; 32];
        let mut f = KeySlotFile::new(FLOOR, &master);
        f.guard = None;
        f.seal(1, &[7u8; 32], SlotKind::Passphrase, &master);
        f.seal(4, &[6u8; 32], SlotKind::RecoveryCode, &master);
        let bytes = f.to_bytes();
        assert_eq!((bytes.len(), bytes[8]), (FILE_LEN_V1, 1));
        let mut v1 = KeySlotFile::parse(&bytes).unwrap();
        assert!(v1.guard().is_none());
        assert_eq!(v1.open(&[7u8; 32]).unwrap().kind, SlotKind::Passphrase);
        v1.set_guard(Guard::new(3, false, &master).unwrap());
        v1.seal(1, &[7u8; 32], SlotKind::Passphrase, &master);
        let v2 = KeySlotFile::parse(&v1.to_bytes()).unwrap();
        assert_eq!(v2.to_bytes().len(), FILE_LEN);
        assert_eq!(v2.open(&[7u8; 32]).unwrap().kind, SlotKind::Passphrase);
        assert_eq!(v2.open(&[6u8; 32]).unwrap().kind, SlotKind::RecoveryCode, "recovery seal still valid");
    }

    #[test]
    fn duress_slots_open_with_a_passphrase_key_and_clear_to_noise() {
        let (mut f, pass, _, _) = guarded(5);
        f.seal(7, &[5u8; 32], SlotKind::DuressDecoy, &[1u8; 32]);
        assert_eq!(f.open(&[5u8; 32]).unwrap().kind, SlotKind::DuressDecoy);
        // Changing the guard keeps the duress seal valid (we never hold its key to reseal).
        let master = [9u8; 32];
        f.set_guard(Guard::new(9, false, &master).unwrap());
        f.seal(2, &pass, SlotKind::Passphrase, &master);
        assert_eq!(f.open(&[5u8; 32]).unwrap().kind, SlotKind::DuressDecoy);
        f.clear(7);
        assert!(f.open(&[5u8; 32]).is_none());
        assert_eq!(f.open(&pass).unwrap().kind, SlotKind::Passphrase);
    }

    #[test]
    fn bad_guard_fields_are_damage() {
        let (f, ..) = guarded(5);
        let mut limit = f.to_bytes();
        limit[HEADER_LEN] = 101;
        let mut flag = f.to_bytes();
        flag[HEADER_LEN + 2] = 2;
        let mut zero = f.to_bytes();
        zero[HEADER_LEN + 5] = 1;
        for mut b in [limit, flag, zero] {
            let body_len = b.len() - CHECKSUM_LEN;
            let sum = Sha256::digest(&b[..body_len]);
            b[body_len..].copy_from_slice(&sum);
            assert!(matches!(KeySlotFile::parse(&b), Err(Error::KeySlotsCorrupt)));
        }
        assert!(Guard::new(GUARD_LIMIT_MAX + 1, false, &[0; 32]).is_err());
    }

    #[test]
    fn random_indexes_are_distinct() {
        for _ in 0..200 {
            let (a, b) = KeySlotFile::random_free_indexes();
            assert_ne!(a, b);
            assert!(a < SLOT_COUNT && b < SLOT_COUNT);
        }
    }
}

#[cfg(test)]
mod hostile {
    use super::*;
    use rand::{Rng, SeedableRng};

    /// Random and randomly mutated key-slot files: parse and trial-open must never panic and
    /// never open anything.
    #[test]
    fn random_and_mutated_files_never_panic_or_open() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(0x5eed);
        let mut good = KeySlotFile::new(crate::vault::kdf::FLOOR, &[4u8; 32]);
        good.seal(1, &[3u8; 32], SlotKind::Passphrase, &[4u8; 32]);
        let good = good.to_bytes();
        for round in 0..3000 {
            let bytes: Vec<u8> = if round % 2 == 0 {
                let len = rng.gen_range(0..FILE_LEN + 64);
                (0..len).map(|_| rng.gen()).collect()
            } else {
                let mut b = good.clone();
                for _ in 0..rng.gen_range(1..8) {
                    let i = rng.gen_range(0..b.len());
                    b[i] = rng.gen();
                }
                b
            };
            if let Ok(parsed) = KeySlotFile::parse(&bytes) {
                // Only reachable when the checksum still matches (the mutation hit nothing).
                assert_eq!(bytes, good);
                assert!(parsed.open(&[9u8; 32]).is_none());
            }
        }
    }
}
