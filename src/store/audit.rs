//! The hash-chained audit log.
//!
//! Every create, update, delete, unlock, export and import appends an entry whose hash covers the
//! previous entry's hash, so editing, deleting or reordering any entry breaks every hash after it.
//! Entries say what happened to which record id, never the record's content or any secret.

use rusqlite::{params, Connection};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::Result;
use crate::vault::Vault;

const GENESIS: [u8; 32] = [0u8; 32];

fn entry_hash(prev: &[u8], seq: i64, at: &str, action: &str, entity: &str, entity_id: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(prev);
    // Unit separators keep field boundaries unambiguous.
    h.update(format!("{seq}\u{1f}{at}\u{1f}{action}\u{1f}{entity}\u{1f}{entity_id}").as_bytes());
    h.finalize().into()
}

/// The hash of the newest entry (hex), or zeros for an empty log.
pub(crate) fn head(conn: &Connection) -> Result<String> {
    let hash: Option<Vec<u8>> = conn
        .prepare_cached("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })?;
    Ok(hex::encode(hash.unwrap_or_else(|| GENESIS.to_vec())))
}

/// Append an entry (inside the caller's transaction).
pub(crate) fn append(conn: &Connection, at: &str, action: &str, entity: &str, entity_id: &str) -> Result<()> {
    let (seq, prev): (i64, Vec<u8>) = conn
        .prepare_cached("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok((0, GENESIS.to_vec())),
            e => Err(e),
        })?;
    let seq = seq + 1;
    let hash = entry_hash(&prev, seq, at, action, entity, entity_id);
    conn.prepare_cached(
        "INSERT INTO audit (seq, at, action, entity, entity_id, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![seq, at, action, entity, entity_id, prev, hash.as_slice()])?;
    Ok(())
}

/// The result of recomputing the chain.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AuditReport {
    pub ok: bool,
    pub entries: u64,
    /// Sequence number of the first entry that does not verify.
    pub first_bad: Option<i64>,
    /// Hash of the last entry (hex): what a bundle records as the sender's audit head.
    pub head: Option<String>,
}

/// Recompute the whole chain.
pub(crate) fn verify(conn: &Connection) -> Result<AuditReport> {
    let mut stmt =
        conn.prepare("SELECT seq, at, action, entity, entity_id, prev_hash, hash FROM audit ORDER BY seq")?;
    let mut rows = stmt.query([])?;
    let mut prev = GENESIS.to_vec();
    let mut expected_seq = 1i64;
    let mut entries = 0u64;
    let mut first_bad = None;
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let stored_prev: Vec<u8> = r.get(5)?;
        let stored: Vec<u8> = r.get(6)?;
        let computed = entry_hash(
            &prev,
            seq,
            &r.get::<_, String>(1)?,
            &r.get::<_, String>(2)?,
            &r.get::<_, String>(3)?,
            &r.get::<_, String>(4)?,
        );
        if first_bad.is_none() && (seq != expected_seq || stored_prev != prev || stored != computed) {
            first_bad = Some(seq);
        }
        prev = stored;
        expected_seq = seq + 1;
        entries += 1;
    }
    Ok(AuditReport { ok: first_bad.is_none(), entries, first_bad, head: (entries > 0).then(|| hex::encode(&prev)) })
}

impl Vault {
    /// Append one audit entry in its own transaction (for events that change no record).
    pub(crate) fn audit(&mut self, action: &str, entity: &str, entity_id: &str) -> Result<()> {
        self.write(|tx, now| append(tx, now, action, entity, entity_id))
    }

    /// Recompute the audit chain.
    pub fn verify_audit(&self) -> Result<AuditReport> {
        verify(&self.conn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, action TEXT NOT NULL, entity TEXT NOT NULL,
             entity_id TEXT NOT NULL, prev_hash BLOB NOT NULL, hash BLOB NOT NULL) STRICT;",
        )
        .unwrap();
        for i in 0..5 {
            append(&conn, "2026-11-29T10:00:00Z", "person.create", "person", &format!("id-{i}")).unwrap();
        }
        conn
    }

    #[test]
    fn intact_chain_verifies() {
        let r = verify(&log()).unwrap();
        assert!(r.ok);
        assert_eq!(r.entries, 5);
    }

    #[test]
    fn edited_entry_is_detected() {
        let conn = log();
        conn.execute("UPDATE audit SET entity_id = 'id-x' WHERE seq = 3", []).unwrap();
        let r = verify(&conn).unwrap();
        assert!(!r.ok);
        assert_eq!(r.first_bad, Some(3));
    }

    #[test]
    fn deleted_entry_is_detected() {
        let conn = log();
        conn.execute("DELETE FROM audit WHERE seq = 2", []).unwrap();
        assert_eq!(verify(&conn).unwrap().first_bad, Some(3));
    }

    #[test]
    fn rewritten_tail_with_recomputed_hash_is_detected_by_the_next_link() {
        let conn = log();
        // Recompute entry 3's own hash after editing it: entry 4's prev_hash no longer matches.
        let prev: Vec<u8> = conn.query_row("SELECT hash FROM audit WHERE seq = 2", [], |r| r.get(0)).unwrap();
        let forged = entry_hash(&prev, 3, "2026-11-29T10:00:00Z", "person.delete", "person", "id-2");
        conn.execute("UPDATE audit SET action = 'person.delete', hash = ?1 WHERE seq = 3", [forged.as_slice()])
            .unwrap();
        assert_eq!(verify(&conn).unwrap().first_bad, Some(4));
    }
}
