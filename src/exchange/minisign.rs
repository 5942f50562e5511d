//! The minisign formats (public keys and signatures), so a co-counsel without Amparo can check a
//! bundle's signature with the standard `minisign` tool. Only the public side lives here:
//! signing needs the vault's secret key and is done in `vault::identity`.
//!
//! Public key: base64 of `"Ed" ‖ key id (8 bytes) ‖ Ed25519 public key (32 bytes)`.
//! Signature file: an untrusted comment line, base64 of `"ED" ‖ key id ‖ Ed25519 signature of
//! BLAKE2b-512(data)`, a `trusted comment:` line, and base64 of the Ed25519 signature of
//! `signature ‖ trusted comment` (which makes the trusted comment tamper-evident).

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use blake2::{Blake2b512, Digest};
use ed25519_dalek::{Signature, Verifier, VerifyingKey};

use crate::error::{Error, Result};

/// A minisign public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    pub key_id: [u8; 8],
    pub key: VerifyingKey,
}

impl PublicKey {
    /// Parse the base64 form (the second line of a `.pub` file).
    pub fn from_base64(s: &str) -> Result<PublicKey> {
        let bad = || Error::invalid("minisign public key", "is not a minisign Ed25519 public key");
        let bytes = STANDARD.decode(s.trim()).map_err(|_| bad())?;
        if bytes.len() != 42 || &bytes[..2] != b"Ed" {
            return Err(bad());
        }
        let mut key_id = [0u8; 8];
        key_id.copy_from_slice(&bytes[2..10]);
        let key = VerifyingKey::try_from(&bytes[10..42]).map_err(|_| bad())?;
        Ok(PublicKey { key_id, key })
    }

    pub fn to_base64(&self) -> String {
        let mut bytes = Vec::with_capacity(42);
        bytes.extend_from_slice(b"Ed");
        bytes.extend_from_slice(&self.key_id);
        bytes.extend_from_slice(self.key.as_bytes());
        STANDARD.encode(bytes)
    }
}

/// BLAKE2b-512 of `data`, the message a prehashed minisign signature signs.
pub fn prehash(data: &[u8]) -> [u8; 64] {
    Blake2b512::digest(data).into()
}

/// Assemble a signature file from its two Ed25519 signatures (made by the vault's key).
pub fn signature_file(key_id: &[u8; 8], signature: &Signature, trusted_comment: &str, global: &Signature) -> String {
    let mut sig = Vec::with_capacity(74);
    sig.extend_from_slice(b"ED");
    sig.extend_from_slice(key_id);
    sig.extend_from_slice(&signature.to_bytes());
    format!(
        "untrusted comment: signature from an Amparo vault\n{}\ntrusted comment: {trusted_comment}\n{}\n",
        STANDARD.encode(sig),
        STANDARD.encode(global.to_bytes())
    )
}

/// Check a minisign signature file over `data` against `key`. Returns the trusted comment.
pub fn verify(key: &PublicKey, data: &[u8], signature_file: &str) -> Result<String> {
    let bad = |reason: &'static str| Error::invalid("signature", reason);
    if signature_file.len() > 4096 {
        return Err(bad("is too long to be a minisign signature"));
    }
    let lines: Vec<&str> = signature_file.lines().collect();
    let [untrusted, sig_b64, trusted, global_b64] = lines[..] else {
        return Err(bad("is not a minisign signature file"));
    };
    if !untrusted.starts_with("untrusted comment:") {
        return Err(bad("is not a minisign signature file"));
    }
    let trusted = trusted.strip_prefix("trusted comment: ").ok_or(bad("has no trusted comment"))?;
    let sig = STANDARD.decode(sig_b64.trim()).map_err(|_| bad("is not valid base64"))?;
    if sig.len() != 74 {
        return Err(bad("has the wrong length"));
    }
    if &sig[..2] != b"ED" {
        return Err(bad("is not a prehashed (ED) minisign signature"));
    }
    if sig[2..10] != key.key_id {
        return Err(bad("was made by another key"));
    }
    let signature = Signature::from_slice(&sig[10..74]).map_err(|_| bad("has the wrong length"))?;
    key.key.verify(&prehash(data), &signature).map_err(|_| bad("does not match the data"))?;
    let global = STANDARD.decode(global_b64.trim()).map_err(|_| bad("is not valid base64"))?;
    let global = Signature::from_slice(&global).map_err(|_| bad("has the wrong length"))?;
    let mut signed = signature.to_bytes().to_vec();
    signed.extend_from_slice(trusted.as_bytes());
    key.key.verify(&signed, &global).map_err(|_| bad("has an altered trusted comment"))?;
    Ok(trusted.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Made by Debian's `minisign` 0.11: `minisign -G -W`, then `minisign -S -m msg.txt -t
    /// "amparo test"` (tests/vectors/minisign/).
    const PUB: &str = include_str!("../../tests/vectors/minisign/ref.pub");
    const MSG: &[u8] = include_bytes!("../../tests/vectors/minisign/msg.txt");
    const SIG: &str = include_str!("../../tests/vectors/minisign/msg.txt.minisig");

    fn reference_key() -> PublicKey {
        PublicKey::from_base64(PUB.lines().nth(1).unwrap()).unwrap()
    }

    #[test]
    fn reads_the_reference_tool_s_keys_and_signatures() {
        let pk = reference_key();
        // The same encoding and key id as minisign's own .pub file.
        assert_eq!(pk.to_base64(), PUB.lines().nth(1).unwrap());
        assert!(
            PUB.starts_with(&format!("untrusted comment: minisign public key {:016X}", u64::from_le_bytes(pk.key_id)))
        );
        assert_eq!(verify(&pk, MSG, SIG).unwrap(), "amparo test");
    }

    /// Mostly negative vectors: each alteration must be refused.
    #[test]
    fn refuses_altered_data_signatures_comments_and_keys() {
        let pk = reference_key();
        assert!(verify(&pk, b"amparo reference message!\n", SIG).is_err(), "other data");
        let lines: Vec<&str> = SIG.lines().collect();
        let with = |i: usize, l: &str| {
            let mut v = lines.clone();
            v[i] = l;
            v.join("\n") + "\n"
        };
        assert!(verify(&pk, MSG, &with(3, "trusted comment: amparo TEST")).is_err(), "trusted comment edited");
        let mut sig = STANDARD.decode(lines[1]).unwrap();
        sig[20] ^= 1;
        assert!(verify(&pk, MSG, &with(1, &STANDARD.encode(&sig))).is_err(), "signature bit flipped");
        sig[20] ^= 1;
        sig[1] = b'd';
        assert!(verify(&pk, MSG, &with(1, &STANDARD.encode(&sig))).is_err(), "legacy / unknown algorithm");
        let mut other = pk.clone();
        other.key_id[0] ^= 1;
        assert!(verify(&other, MSG, SIG).is_err(), "another key id");
        assert!(verify(&pk, MSG, &lines[..3].join("\n")).is_err(), "truncated");
        assert!(verify(&pk, MSG, &"x".repeat(5000)).is_err(), "oversized");
        for bad in ["", "RWQ", "not base64!", &STANDARD.encode([0u8; 42])] {
            assert!(PublicKey::from_base64(bad).is_err(), "{bad}");
        }
    }
}
