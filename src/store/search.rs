//! Full-text search over people, aliases, cases, notes, tasks and document names.
//!
//! One FTS5 table inside the encrypted database, tokenised with `unicode61 remove_diacritics 2`,
//! so matching ignores case and accents ("gonzalez" finds "González", "jose" finds "JOSÉ").
//! User input never reaches FTS5's query syntax: each word becomes a quoted prefix term.

use rusqlite::{params, Connection, OptionalExtension};

use crate::domain::records::{HitKind, SearchHit};
use crate::error::Result;
use crate::vault::Vault;

/// The most hits one search returns; the UI pages through nothing bigger.
pub const MAX_HITS: usize = 200;

impl HitKind {
    pub fn as_str(self) -> &'static str {
        match self {
            HitKind::Person => "person",
            HitKind::Case => "case",
            HitKind::Note => "note",
            HitKind::Task => "task",
            HitKind::Document => "document",
        }
    }

    fn parse(s: &str) -> Option<HitKind> {
        Some(match s {
            "person" => HitKind::Person,
            "case" => HitKind::Case,
            "note" => HitKind::Note,
            "task" => HitKind::Task,
            "document" => HitKind::Document,
            _ => return None,
        })
    }
}

/// (Re)index one record, inside the caller's transaction.
pub(crate) fn index(conn: &Connection, kind: HitKind, id: &str, case_id: Option<&str>, body: &str) -> Result<()> {
    unindex(conn, kind, id)?;
    conn.prepare_cached("INSERT INTO search_index (kind, id, case_id, body) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![kind.as_str(), id, case_id, body])?;
    conn.prepare_cached("INSERT INTO search_key (kind, id, fts_rowid) VALUES (?1, ?2, ?3)")?.execute(params![
        kind.as_str(),
        id,
        conn.last_insert_rowid()
    ])?;
    Ok(())
}

/// Remove a record from the index (secure-delete overwrites it). The entry is found through
/// `search_key`: FTS5 does not index its `kind` and `id` columns, so a search on them would
/// read the whole index.
pub(crate) fn unindex(conn: &Connection, kind: HitKind, id: &str) -> Result<()> {
    let rowid: Option<i64> = conn
        .prepare_cached("DELETE FROM search_key WHERE kind = ?1 AND id = ?2 RETURNING fts_rowid")?
        .query_row(params![kind.as_str(), id], |r| r.get(0))
        .optional()?;
    if let Some(rowid) = rowid {
        conn.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?.execute([rowid])?;
    }
    Ok(())
}

/// Turn what a user typed into a safe FTS5 query: every word a quoted prefix term, all required.
/// Returns None when nothing searchable is left.
pub(crate) fn to_fts_query(input: &str) -> Option<String> {
    let terms: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(16)
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

fn label_for(kind: HitKind, body: &str) -> String {
    let first_line = body.lines().next().unwrap_or("");
    let limit = if kind == HitKind::Note { 80 } else { 160 };
    let mut label: String = first_line.chars().take(limit).collect();
    if first_line.chars().count() > limit || body.lines().nth(1).is_some() && kind == HitKind::Note {
        label.push('…');
    }
    label
}

impl Vault {
    /// Search everything indexed, best matches first.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let Some(fts) = to_fts_query(query) else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, id, case_id, body FROM search_index WHERE search_index MATCH ?1 ORDER BY rank LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![fts, limit.min(MAX_HITS) as i64], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?, r.get::<_, String>(3)?))
        })?;
        let mut hits = Vec::new();
        for row in rows {
            let (kind, id, case_id, body) = row?;
            if let Some(kind) = HitKind::parse(&kind) {
                hits.push(SearchHit { kind, id, case_id, label: label_for(kind, &body) });
            }
        }
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_input_cannot_inject_fts_syntax() {
        assert_eq!(to_fts_query("González  NEAR(\"x\")").unwrap(), "\"González\"* \"NEAR\"* \"x\"*");
        assert_eq!(to_fts_query("a-0123"), Some("\"a\"* \"0123\"*".into()));
        assert_eq!(to_fts_query("  *** \" ( ) "), None);
    }
}
