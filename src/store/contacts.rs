//! Contacts: other lawyers' public keys, from their contact cards, with a trust state. A contact
//! starts `unverified`; it becomes `verified` once the two lawyers have compared the fingerprint
//! words out of band (aloud, in person or on a call). Bundle import will only accept signers
//! that are contacts.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::domain;
use crate::error::{Error, Result};
use crate::exchange::card::Card;
use crate::store::{audit, require};
use crate::vault::Vault;

crate::domain::vocabulary!(
    /// Whether the fingerprint was compared with the contact.
    Trust, "trust" {
        Unverified = "unverified",
        Verified = "verified",
    }
);

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Contact {
    pub id: String,
    pub name: String,
    pub age_recipient: String,
    pub minisign_public_key: String,
    pub fingerprint: String,
    pub trust: Trust,
    pub created: String,
}

impl Vault {
    /// Add a contact from the text of their card. The card must be intact and signed by its own
    /// key; a card with the same signing key as an existing contact, or this vault's own card,
    /// is refused.
    pub fn add_contact(&mut self, card_text: &str, verified: bool) -> Result<String> {
        let card = Card::parse(card_text)?;
        let trust = if verified { Trust::Verified } else { Trust::Unverified };
        self.insert_contact(&card.name, &card.age_recipient, &card.minisign_public_key, &card.fingerprint, trust)
    }

    /// Store a contact whose keys have been checked (from a card, or a bundle's signed sender).
    pub(crate) fn insert_contact(
        &mut self,
        name: &str,
        age_recipient: &str,
        minisign_public_key: &str,
        fingerprint: &str,
        trust: Trust,
    ) -> Result<String> {
        if minisign_public_key == self.identity()?.minisign_public_key {
            return Err(Error::invalid("contact card", "is this vault's own card"));
        }
        self.write(|tx, now| {
            let existing: Option<String> = tx.prepare_cached("SELECT id FROM contact WHERE minisign_public_key = ?1")?.query_row([minisign_public_key], |r| r.get(0))
                .optional()?;
            if existing.is_some() {
                return Err(Error::invalid("contact card", "belongs to a contact you already have"));
            }
            let id = domain::new_id();
            tx.prepare_cached("INSERT INTO contact (id, name, age_recipient, minisign_public_key, fingerprint, trust, created, updated)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)")?.execute(params![id, name, age_recipient, minisign_public_key, fingerprint, trust.as_str(), now],
            )?;
            audit::append(tx, now, "contact.create", "contact", &id)?;
            Ok(id)
        })
    }

    /// Record that the fingerprint was compared with the contact.
    pub fn verify_contact(&mut self, id: &str) -> Result<()> {
        self.write(|tx, now| {
            require(tx, "contact", "contact", id)?;
            tx.prepare_cached("UPDATE contact SET trust = 'verified', updated = ?2 WHERE id = ?1")?
                .execute(params![id, now])?;
            audit::append(tx, now, "contact.verify", "contact", id)
        })
    }

    /// Contacts by name.
    pub fn contacts(&self) -> Result<Vec<Contact>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, age_recipient, minisign_public_key, fingerprint, trust, created
             FROM contact ORDER BY name, created",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                (r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?),
                (r.get::<_, String>(3)?, r.get::<_, String>(4)?, r.get::<_, String>(5)?, r.get::<_, String>(6)?),
            ))
        })?;
        rows.map(|r| {
            let ((id, name, age_recipient), (minisign_public_key, fingerprint, trust, created)) = r?;
            let trust = Trust::parse(&trust).map_err(|_| Error::DatabaseCorrupt)?;
            Ok(Contact { id, name, age_recipient, minisign_public_key, fingerprint, trust, created })
        })
        .collect()
    }
}
