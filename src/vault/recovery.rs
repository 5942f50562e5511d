//! The recovery code: a second way in, shown once at `init`, for the day a passphrase is forgotten.
//!
//! It carries 125 random bits written as 25 Crockford base32 characters in groups of five
//! (no I, L, O or U to misread; case and dashes ignored when typed back). With that much entropy
//! a cheap HKDF is as strong as any KDF, so recovery unlock is instant.

use hkdf::Hkdf;
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CHARS: usize = 25;

/// Generate a new recovery code (display form, e.g. `7KQ2M-...`).
pub fn generate() -> SecretString {
    let mut raw = Zeroizing::new([0u8; CHARS]);
    rand::rngs::OsRng.fill_bytes(raw.as_mut());
    let mut s = String::with_capacity(CHARS + 4);
    for (i, b) in raw.iter().enumerate() {
        if i > 0 && i % 5 == 0 {
            s.push('-');
        }
        s.push(ALPHABET[(b & 31) as usize] as char);
    }
    SecretString::from(s)
}

/// Normalise what the user typed (case, dashes, spaces, Crockford look-alikes) to 25 symbols.
fn normalise(code: &SecretString) -> Result<Zeroizing<Vec<u8>>> {
    let mut out = Zeroizing::new(Vec::with_capacity(CHARS));
    for c in code.expose_secret().chars() {
        let c = match c.to_ascii_uppercase() {
            '-' | ' ' | '\t' | '\n' | '\r' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        match ALPHABET.iter().position(|&a| a as char == c) {
            Some(v) => out.push(v as u8),
            None => return Err(Error::WrongSecret),
        }
    }
    if out.len() != CHARS {
        return Err(Error::WrongSecret);
    }
    Ok(out)
}

/// The slot-wrapping key for a recovery code.
pub fn wrap_key(code: &SecretString, salt: &[u8; 16]) -> Result<Zeroizing<[u8; 32]>> {
    let symbols = normalise(code)?;
    let mut key = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(Some(salt), &symbols)
        .expand(b"amparo v1 recovery slot", key.as_mut())
        .map_err(|_| Error::WrongSecret)?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_back_sloppily_it_still_works() {
        let code = generate();
        let shown = code.expose_secret().to_string();
        assert_eq!(shown.len(), 29);
        let sloppy = SecretString::from(shown.to_lowercase().replace('-', " ").replace('0', "o"));
        assert_eq!(*wrap_key(&code, &[1; 16]).unwrap(), *wrap_key(&sloppy, &[1; 16]).unwrap());
    }

    #[test]
    fn wrong_length_or_symbols_are_wrong_secret() {
        for bad in ["", "ABCDE", "UUUUU-UUUUU-UUUUU-UUUUU-UUUUU", "!!!!!-00000-00000-00000-00000"] {
            assert!(matches!(wrap_key(&SecretString::from(bad), &[0; 16]), Err(Error::WrongSecret)));
        }
    }
}
