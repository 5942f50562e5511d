//! Contact cards: what two lawyers exchange (a small file, or the text pasted in a message) so
//! each can send bundles to the other and check who signed one. A card is public: a display
//! name, the age recipient (to encrypt to), the minisign public key (to check signatures) and a
//! fingerprint of both keys as words, which the two compare aloud before trusting the card.

use sha2::{Digest, Sha256};

use super::minisign::PublicKey;
use crate::domain;
use crate::error::{Error, Result};

const BEGIN: &str = "-----BEGIN AMPARO CONTACT CARD-----";
const END: &str = "-----END AMPARO CONTACT CARD-----";
/// Cards are a few hundred bytes; anything much larger is not one.
pub const MAX_CARD_BYTES: usize = 4096;
/// 8 words of 11 bits: 88 bits, read aloud in well under a minute.
const FINGERPRINT_WORDS: usize = 8;

/// A parsed, validated contact card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub name: String,
    pub age_recipient: String,
    pub minisign_public_key: String,
    pub fingerprint: String,
}

/// The words two people compare: SHA-256 over both public keys, 11 bits per word of the BIP-39
/// English list (chosen so no two words share their first four letters).
pub fn fingerprint(age_recipient: &str, minisign_public_key: &PublicKey) -> String {
    let mut h = Sha256::new();
    h.update(b"amparo fingerprint v1\0");
    h.update(age_recipient.as_bytes());
    h.update(b"\0");
    h.update(minisign_public_key.to_base64().as_bytes());
    let digest = h.finalize();
    let words = bip39::Language::English.word_list();
    let mut bits: u128 = 0;
    for b in &digest[..12] {
        bits = (bits << 8) | u128::from(*b);
    }
    (0..FINGERPRINT_WORDS)
        .map(|i| words[((bits >> (96 - 11 * (i + 1))) & 0x7ff) as usize])
        .collect::<Vec<_>>()
        .join(" ")
}

fn parse_recipient(s: &str) -> Result<String> {
    let s = s.trim();
    s.parse::<age::x25519::Recipient>()
        .map(|r| r.to_string())
        .map_err(|_| Error::invalid("age recipient", "is not an age X25519 recipient (age1…)"))
}

impl Card {
    /// A card for these keys.
    pub fn new(name: &str, age_recipient: &str, minisign_public_key: &PublicKey) -> Result<Card> {
        Ok(Card {
            name: domain::required_text("name", name, 100)?,
            age_recipient: parse_recipient(age_recipient)?,
            minisign_public_key: minisign_public_key.to_base64(),
            fingerprint: fingerprint(age_recipient, minisign_public_key),
        })
    }

    /// The signed part of the card, from the BEGIN line to the END line inclusive.
    pub fn body(&self) -> String {
        format!(
            "{BEGIN}\nname: {}\nage-recipient: {}\nminisign-public-key: {}\nfingerprint: {}\n{END}\n",
            self.name, self.age_recipient, self.minisign_public_key, self.fingerprint
        )
    }

    /// The card as shared: its body followed by a minisign signature of the body (made by the
    /// vault that owns the keys).
    pub fn signed_text(&self, signature_file: &str) -> String {
        format!("{}{signature_file}", self.body())
    }

    /// Parse a signed card: every field checked, the fingerprint matching the keys, and the
    /// signature made by the card's own key. Text around the card (a message it was pasted in)
    /// is ignored.
    pub fn parse(text: &str) -> Result<Card> {
        let bad = |reason: &'static str| Error::invalid("contact card", reason);
        if text.len() > MAX_CARD_BYTES * 4 {
            return Err(bad("is too large"));
        }
        // Pasted text may have picked up Windows line ends.
        let text = text.replace("\r\n", "\n");
        let start = text.find(BEGIN).ok_or(bad("has no BEGIN AMPARO CONTACT CARD line"))?;
        let after_begin = &text[start + BEGIN.len()..];
        let end = after_begin.find(END).ok_or(bad("has no END AMPARO CONTACT CARD line"))?;
        let body = &after_begin[..end];
        let rest = after_begin[end + END.len()..].strip_prefix('\n').unwrap_or("");
        let signature: String = rest.lines().take(4).map(|l| format!("{l}\n")).collect();
        if body.len() > MAX_CARD_BYTES {
            return Err(bad("is too large"));
        }
        let (mut name, mut recipient, mut key, mut words) = (None, None, None, None);
        for line in body.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let (field, value) = line.split_once(':').ok_or(bad("has a line that is not `field: value`"))?;
            let slot = match field.trim() {
                "name" => &mut name,
                "age-recipient" => &mut recipient,
                "minisign-public-key" => &mut key,
                "fingerprint" => &mut words,
                _ => return Err(bad("has an unknown field")),
            };
            if slot.replace(value.trim().to_string()).is_some() {
                return Err(bad("repeats a field"));
            }
        }
        let (Some(name), Some(recipient), Some(key), Some(words)) = (name, recipient, key, words) else {
            return Err(bad("is missing a field"));
        };
        let key = PublicKey::from_base64(&key)?;
        let card = Card::new(&name, &recipient, &key)?;
        let given = words.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        if given != card.fingerprint {
            return Err(bad("has a fingerprint that does not match its keys (altered or damaged)"));
        }
        if signature.is_empty() {
            return Err(bad("is not signed"));
        }
        super::minisign::verify(&key, card.body().as_bytes(), &signature)
            .map_err(|_| bad("has a signature that does not match (altered or damaged)"))?;
        Ok(card)
    }
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::{Signer, SigningKey};

    use super::super::minisign::{prehash, signature_file};
    use super::*;

    /// Made by Debian's `age-keygen` 1.1.1.
    const RECIPIENT: &str = "age1d0jslxwu6svts9wcelpdcfqvgst3l2pz8xlqdf9wncsqsszrjursf5fme3";

    fn signing() -> (SigningKey, PublicKey) {
        let sk = SigningKey::from_bytes(&[7; 32]);
        let pk = PublicKey { key_id: [3; 8], key: sk.verifying_key() };
        (sk, pk)
    }

    fn sign(sk: &SigningKey, key_id: &[u8; 8], body: &str) -> String {
        let sig = sk.sign(&prehash(body.as_bytes()));
        let mut global = sig.to_bytes().to_vec();
        global.extend_from_slice(b"amparo contact card");
        signature_file(key_id, &sig, "amparo contact card", &sk.sign(&global))
    }

    fn signed_card() -> (Card, String) {
        let (sk, pk) = signing();
        let card = Card::new("Lic. Ana Ruiz", RECIPIENT, &pk).unwrap();
        let text = card.signed_text(&sign(&sk, &pk.key_id, &card.body()));
        (card, text)
    }

    #[test]
    fn a_signed_card_round_trips_even_pasted_in_a_message() {
        let (card, text) = signed_card();
        assert_eq!(card.fingerprint.split(' ').count(), 8);
        assert_eq!(Card::parse(&format!("Hola, mi tarjeta:\n\n{text}\nSaludos")).unwrap(), card);
        assert_eq!(Card::parse(&text.replace('\n', "\r\n")).unwrap(), card, "CRLF from a mail client");
        let other = PublicKey { key_id: [1; 8], key: SigningKey::from_bytes(&[8; 32]).verifying_key() };
        assert_ne!(fingerprint(RECIPIENT, &other), card.fingerprint, "another signing key, other words");
    }

    /// Mostly negative: each alteration is refused.
    #[test]
    fn altered_incomplete_unsigned_or_hostile_cards_are_refused() {
        let (card, text) = signed_card();
        let (sk, pk) = signing();
        // A card whose name was changed and re-fingerprinted, but not re-signed by the key.
        let renamed = Card { name: "Someone Else".into(), ..card.clone() };
        let renamed_text = renamed.signed_text(&sign(&sk, &pk.key_id, &card.body()));
        let cases = [
            ("".to_string(), "no card"),
            (card.body(), "unsigned"),
            (text.replace("-----END AMPARO CONTACT CARD-----", ""), "no end"),
            (text.replace("name: Lic. Ana Ruiz\n", ""), "no name"),
            (text.replace("name:", "name: x\nname:"), "repeated field"),
            (text.replace("name:", "nickname: x\nname:"), "unknown field"),
            (text.replace(RECIPIENT, "age1notarecipient"), "bad recipient"),
            (text.replacen("fingerprint: ", "fingerprint: zoo ", 1), "fingerprint altered"),
            (renamed_text, "name changed after signing"),
            (text.replace("name: Lic. Ana Ruiz", &format!("name: {}", "x".repeat(5000))), "oversized"),
        ];
        for (t, what) in cases {
            assert!(matches!(Card::parse(&t), Err(Error::Invalid { .. })), "{what}");
        }
    }
}
