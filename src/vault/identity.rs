//! The vault's own identity: an age X25519 key pair (co-counsel encrypt bundles to its
//! recipient) and an Ed25519 signing key in minisign format (bundles are signed with it). The
//! secret halves live only in the encrypted database and in memory here, in types that zeroize
//! on drop; everything else sees the public side.

use age::secrecy::ExposeSecret;
use ed25519_dalek::{Signer, SigningKey};
use rand::RngCore;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use zeroize::Zeroizing;

use crate::error::{corrupt, Error, Result};
use crate::exchange::card::{self, Card};
use crate::exchange::minisign::{self, PublicKey};
use crate::store::audit;
use crate::vault::Vault;

/// The public side of the vault's identity, as `identity show` prints it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PublicIdentity {
    pub age_recipient: String,
    /// Base64, as on the second line of a minisign `.pub` file.
    pub minisign_public_key: String,
    pub fingerprint: String,
    pub display_name: Option<String>,
}

/// The secret keys, loaded for one operation and dropped (zeroized) after it.
struct Secrets {
    age: age::x25519::Identity,
    signing: SigningKey,
    key_id: [u8; 8],
}

impl Secrets {
    fn public_key(&self) -> PublicKey {
        PublicKey { key_id: self.key_id, key: self.signing.verifying_key() }
    }
}

/// Create the identity if the vault has none (a new vault, or one from before schema v3).
pub(crate) fn ensure(conn: &Connection, now: &str) -> Result<()> {
    let exists: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM identity)", [], |r| r.get(0))?;
    if exists {
        return Ok(());
    }
    let age = age::x25519::Identity::generate();
    let mut seed = Zeroizing::new([0u8; 32]);
    rand::rngs::OsRng.fill_bytes(seed.as_mut());
    let mut key_id = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut key_id);
    conn.execute(
        "INSERT INTO identity (id, age_identity, sign_seed, sign_key_id, created) VALUES (1, ?1, ?2, ?3, ?4)",
        params![age.to_string().expose_secret(), seed.as_slice(), key_id.as_slice(), now],
    )?;
    audit::append(conn, now, "identity.create", "identity", "")
}

fn load(conn: &Connection) -> Result<Secrets> {
    let (age, seed, key_id): (Zeroizing<String>, Zeroizing<Vec<u8>>, Vec<u8>) = conn
        .query_row("SELECT age_identity, sign_seed, sign_key_id FROM identity WHERE id = 1", [], |r| {
            Ok((Zeroizing::new(r.get(0)?), Zeroizing::new(r.get(1)?), r.get(2)?))
        })
        .optional()?
        .ok_or(Error::DatabaseCorrupt)?;
    let age = age.parse::<age::x25519::Identity>().map_err(corrupt)?;
    let seed: &[u8; 32] = seed.as_slice().try_into().map_err(corrupt)?;
    Ok(Secrets { age, signing: SigningKey::from_bytes(seed), key_id: key_id.try_into().map_err(corrupt)? })
}

/// The minisign public key (base64) of the identity stored in `conn`.
pub(crate) fn public_key_of(conn: &Connection) -> Result<String> {
    Ok(load(conn)?.public_key().to_base64())
}

impl Vault {
    /// The vault's public keys and fingerprint.
    pub fn identity(&self) -> Result<PublicIdentity> {
        let secrets = load(&self.conn)?;
        let display_name: Option<String> =
            self.conn.query_row("SELECT display_name FROM identity WHERE id = 1", [], |r| r.get(0))?;
        let recipient = secrets.age.to_public().to_string();
        let key = secrets.public_key();
        Ok(PublicIdentity {
            fingerprint: card::fingerprint(&recipient, &key),
            age_recipient: recipient,
            minisign_public_key: key.to_base64(),
            display_name,
        })
    }

    /// This vault's signed contact card (text to share), under `name` (remembered), or the name
    /// given before.
    pub fn contact_card(&mut self, name: Option<&str>) -> Result<String> {
        let id = self.identity()?;
        let name = match (name, id.display_name.as_deref()) {
            (Some(n), _) => n.to_string(),
            (None, Some(n)) => n.to_string(),
            (None, None) => return Err(Error::invalid("name", "give the name to show on your card")),
        };
        let card = Card::new(&name, &id.age_recipient, &PublicKey::from_base64(&id.minisign_public_key)?)?;
        if id.display_name.as_deref() != Some(card.name.as_str()) {
            self.write(|tx, now| {
                tx.execute("UPDATE identity SET display_name = ?1 WHERE id = 1", [&card.name])?;
                audit::append(tx, now, "identity.name", "identity", "")
            })?;
        }
        Ok(card.signed_text(&self.sign(card.body().as_bytes(), "amparo contact card")?))
    }

    /// Write the signed contact card to a new file (it holds no secret: a name and public keys).
    pub fn save_contact_card(&mut self, out_path: &std::path::Path, name: Option<&str>) -> Result<()> {
        use std::io::Write;
        if out_path.exists() {
            return Err(Error::invalid("output file", "already exists; choose another name"));
        }
        let text = self.contact_card(name)?;
        crate::fsx::write_atomic(out_path, |f| f.write_all(text.as_bytes()))
            .map_err(Error::io("write the contact card"))
    }

    /// Start decrypting an age file addressed to this vault's identity. The secret key is used
    /// for the header only and dropped (zeroized) before this returns.
    pub(crate) fn decrypt<R: std::io::Read>(&self, input: R) -> Result<age::stream::StreamReader<R>> {
        let secrets = load(&self.conn)?;
        let decryptor = age::Decryptor::new(input).map_err(crate::exchange::age_error)?;
        decryptor.decrypt(std::iter::once(&secrets.age as &dyn age::Identity)).map_err(crate::exchange::age_error)
    }

    /// A minisign signature file over `data`, made with the vault's key.
    pub(crate) fn sign(&self, data: &[u8], trusted_comment: &str) -> Result<String> {
        let secrets = load(&self.conn)?;
        let signature = secrets.signing.sign(&minisign::prehash(data));
        let mut global_message = signature.to_bytes().to_vec();
        global_message.extend_from_slice(trusted_comment.as_bytes());
        let global = secrets.signing.sign(&global_message);
        Ok(minisign::signature_file(&secrets.key_id, &signature, trusted_comment, &global))
    }
}

#[cfg(test)]
mod tests {
    use secrecy::SecretString;

    use super::*;
    use crate::vault::kdf::KdfChoice;

    #[test]
    fn a_new_vault_has_an_identity_that_signs_verifiably_and_keeps_it() {
        let dir = tempfile::tempdir().unwrap();
        let pass = SecretString::from("identity test passphrase");
        let mut v = Vault::create(&dir.path().join("v"), &pass, KdfChoice::InsecureForTests).unwrap().vault;
        let id = v.identity().unwrap();
        assert!(id.age_recipient.starts_with("age1"));
        let sig = v.sign(b"manifest bytes", "amparo bundle").unwrap();
        let pk = PublicKey::from_base64(&id.minisign_public_key).unwrap();
        assert_eq!(minisign::verify(&pk, b"manifest bytes", &sig).unwrap(), "amparo bundle");
        assert!(minisign::verify(&pk, b"other bytes", &sig).is_err());
        assert!(matches!(v.contact_card(None), Err(Error::Invalid { .. })), "no name yet");
        let card = Card::parse(&v.contact_card(Some("Lic. Ana Ruiz")).unwrap()).unwrap();
        assert_eq!((card.name.as_str(), card.fingerprint.as_str()), ("Lic. Ana Ruiz", id.fingerprint.as_str()));
        assert_eq!(Card::parse(&v.contact_card(None).unwrap()).unwrap(), card, "the name is remembered");
        drop(v);
        let v = Vault::open(&dir.path().join("v"), crate::Unlock::Passphrase(&pass)).unwrap();
        assert_eq!(v.identity().unwrap().age_recipient, id.age_recipient, "the same identity after reopening");
    }
}
