//! The key-slot file: the only thing standing between a seized laptop and the case files.
//!
//! Layout (all integers little-endian; see docs/vault-format.md for the byte table):
//!
//! ```text
//! header   40 B  magic "AMPAROKS" | version u16 | slot count u16 | m_kib u32 | t u32 | p u32 | salt 16 B
//! slots    8 × 104 B  nonce 24 B | XChaCha20-Poly1305(ciphertext 64 B + tag 16 B)
//! checksum 32 B  SHA-256 of everything above
//! ```
//!
//! One Argon2id salt and parameter set serves every passphrase slot, so an unlock costs one KDF run
//! however many slots exist; the derived key is then tried against every slot (trial decryption
//! is microseconds). Unused slots are random bytes of the same length, and a slot's kind lives
//! inside its ciphertext, so without a secret nobody can tell how many slots are real or what
//! they are for. The checksum only tells accidental damage apart from a wrong passphrase; the
//! AEAD tag, whose associated data is the whole header plus the slot index, is what catches
//! tampering.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use super::kdf::KdfParams;
use crate::error::{Error, Result};

pub const MAGIC: &[u8; 8] = b"AMPAROKS";
pub const FORMAT_VERSION: u16 = 1;
pub const SLOT_COUNT: usize = 8;
const HEADER_LEN: usize = 40;
const PLAIN_LEN: usize = 64;
const SLOT_LEN: usize = 24 + PLAIN_LEN + 16;
const CHECKSUM_LEN: usize = 32;
pub const FILE_LEN: usize = HEADER_LEN + SLOT_COUNT * SLOT_LEN + CHECKSUM_LEN;

/// What a slot unlocks as. Stored inside the ciphertext only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotKind {
    Passphrase = 1,
    RecoveryCode = 2,
}

impl SlotKind {
    fn from_byte(b: u8) -> Option<SlotKind> {
        match b {
            1 => Some(SlotKind::Passphrase),
            2 => Some(SlotKind::RecoveryCode),
            _ => None,
        }
    }
}

/// A decrypted slot: its kind and the master key it wraps.
pub struct OpenedSlot {
    pub index: usize,
    pub kind: SlotKind,
    pub master_key: Zeroizing<[u8; 32]>,
}

/// The parsed key-slot file.
#[derive(Clone)]
pub struct KeySlotFile {
    pub kdf: KdfParams,
    pub salt: [u8; 16],
    slots: [[u8; SLOT_LEN]; SLOT_COUNT],
}

impl KeySlotFile {
    /// A new file with fresh salt and every slot random.
    pub fn new(kdf: KdfParams) -> KeySlotFile {
        let mut rng = rand::rngs::OsRng;
        let mut salt = [0u8; 16];
        rng.fill_bytes(&mut salt);
        let mut slots = [[0u8; SLOT_LEN]; SLOT_COUNT];
        for s in &mut slots {
            rng.fill_bytes(s);
        }
        KeySlotFile { kdf, salt, slots }
    }

    fn header(&self) -> [u8; HEADER_LEN] {
        let mut h = [0u8; HEADER_LEN];
        h[0..8].copy_from_slice(MAGIC);
        h[8..10].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
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
        if version != FORMAT_VERSION || bytes.len() != FILE_LEN {
            return Err(Error::KeySlotsCorrupt);
        }
        let (body, sum) = bytes.split_at(FILE_LEN - CHECKSUM_LEN);
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
        let mut slots = [[0u8; SLOT_LEN]; SLOT_COUNT];
        for (i, s) in slots.iter_mut().enumerate() {
            let at = HEADER_LEN + i * SLOT_LEN;
            s.copy_from_slice(&bytes[at..at + SLOT_LEN]);
        }
        Ok(KeySlotFile { kdf, salt, slots })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(FILE_LEN);
        out.extend_from_slice(&self.header());
        for s in &self.slots {
            out.extend_from_slice(s);
        }
        let sum = Sha256::digest(&out);
        out.extend_from_slice(&sum);
        out
    }

    fn aad(&self, index: usize) -> Vec<u8> {
        let mut aad = self.header().to_vec();
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
        let aad = self.aad(index);
        // Encryption with a valid key and in-memory buffers cannot fail.
        let ct = cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plain.as_slice(), aad: &aad })
            .expect("XChaCha20-Poly1305 encryption of a fixed-size buffer");
        let slot = &mut self.slots[index];
        slot[..24].copy_from_slice(&nonce);
        slot[24..].copy_from_slice(&ct);
    }

    /// Try `wrap_key` against every slot; return the first that opens.
    pub fn open(&self, wrap_key: &[u8; 32]) -> Option<OpenedSlot> {
        let cipher = XChaCha20Poly1305::new(wrap_key.into());
        self.slots.iter().enumerate().find_map(|(index, slot)| {
            let aad = self.aad(index);
            let mut plain =
                cipher.decrypt(XNonce::from_slice(&slot[..24]), Payload { msg: &slot[24..], aad: &aad }).ok()?;
            let kind = SlotKind::from_byte(plain[0]);
            let mut master_key = Zeroizing::new([0u8; 32]);
            master_key.copy_from_slice(&plain[32..64]);
            plain.zeroize();
            Some(OpenedSlot { index, kind: kind?, master_key })
        })
    }

    /// Two distinct random slot indexes, so position reveals nothing about a slot's kind.
    pub fn random_free_indexes() -> (usize, usize) {
        let mut rng = rand::rngs::OsRng;
        let a = (rng.next_u32() as usize) % SLOT_COUNT;
        let b = (a + 1 + (rng.next_u32() as usize) % (SLOT_COUNT - 1)) % SLOT_COUNT;
        (a, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::kdf::FLOOR;

    fn sealed() -> (KeySlotFile, [u8; 32], [u8; 32]) {
        let mut f = KeySlotFile::new(FLOOR);
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
        newer[8] = 2;
        assert!(matches!(KeySlotFile::parse(&newer), Err(Error::VaultTooNew)));
    }

    #[test]
    fn slots_look_alike_used_or_not() {
        // Sanity: used and unused slots have the same length and no fixed bytes we could spot.
        let (f, _, _) = sealed();
        let bytes = f.to_bytes();
        let slot = |i: usize| &bytes[HEADER_LEN + i * SLOT_LEN..HEADER_LEN + (i + 1) * SLOT_LEN];
        assert_eq!(slot(3).len(), slot(4).len());
        assert_ne!(slot(3)[..24], slot(4)[..24]);
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
        let mut good = KeySlotFile::new(crate::vault::kdf::FLOOR);
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
