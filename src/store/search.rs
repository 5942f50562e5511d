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
    let rowid = conn.last_insert_rowid();
    conn.prepare_cached("INSERT INTO search_key (kind, id, fts_rowid) VALUES (?1, ?2, ?3)")?.execute(params![
        kind.as_str(),
        id,
        rowid
    ])?;
    if kind != HitKind::Note {
        conn.prepare_cached("INSERT INTO name_index (rowid, kind, id, case_id, body) VALUES (?1, ?2, ?3, ?4, ?5)")?
            .execute(params![rowid, kind.as_str(), id, case_id, body])?;
    }
    Ok(())
}

/// Remove a record from the indexes (secure-delete overwrites it). The entry is found through
/// `search_key`: FTS5 does not index its `kind` and `id` columns, so a search on them would
/// read the whole index.
pub(crate) fn unindex(conn: &Connection, kind: HitKind, id: &str) -> Result<()> {
    let rowid: Option<i64> = conn
        .prepare_cached("DELETE FROM search_key WHERE kind = ?1 AND id = ?2 RETURNING fts_rowid")?
        .query_row(params![kind.as_str(), id], |r| r.get(0))
        .optional()?;
    if let Some(rowid) = rowid {
        conn.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?.execute([rowid])?;
        if kind != HitKind::Note {
            conn.prepare_cached("DELETE FROM name_index WHERE rowid = ?1")?.execute([rowid])?;
        }
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

type HitRow = (String, String, Option<String>, String);

fn collect_hits(rows: impl Iterator<Item = rusqlite::Result<HitRow>>, hits: &mut Vec<SearchHit>) -> Result<()> {
    for row in rows {
        let (kind, id, case_id, body) = row?;
        if let Some(kind) = HitKind::parse(&kind) {
            hits.push(SearchHit { kind, id, case_id, label: label_for(kind, &body) });
        }
    }
    Ok(())
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
    /// Search everything indexed: the people, cases, tasks and documents that match, best match
    /// first, then the notes that match, newest first.
    ///
    /// Ranking every match would not scale: a common surname or word matches a hundred
    /// thousand notes in a large office's vault, and ranking them all took hundreds of
    /// milliseconds (docs/performance.md). The short entries are ranked in their own index
    /// (`name_index`); notes stream from the main index newest first, and the search stops at
    /// `limit`.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let Some(fts) = to_fts_query(query) else {
            return Ok(Vec::new());
        };
        let limit = limit.min(MAX_HITS);
        let mut hits = Vec::new();
        let mut names = self.conn.prepare_cached(
            "SELECT kind, id, case_id, body FROM name_index WHERE name_index MATCH ?1 ORDER BY rank LIMIT ?2",
        )?;
        let rows = names.query_map(params![fts, limit as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        collect_hits(rows, &mut hits)?;
        let rest = limit - hits.len();
        if rest > 0 {
            let mut notes = self.conn.prepare_cached(
                "SELECT kind, id, case_id, body FROM search_index
                 WHERE search_index MATCH ?1 AND kind = 'note'
                 ORDER BY rowid DESC LIMIT ?2",
            )?;
            let rows =
                notes.query_map(params![fts, rest as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
            collect_hits(rows, &mut hits)?;
        }
        Ok(hits)
    }

    /// The benchmarks' baseline for [`Vault::search`]: what an app without a full-text index
    /// would do, a `LIKE` scan of every name, case title, note and task (each word must appear),
    /// newest first. Returns the ids found, up to `limit`.
    #[cfg(feature = "bench-baseline")]
    pub fn search_by_scan(&self, query: &str, limit: usize) -> Result<Vec<String>> {
        let words: Vec<String> = query
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(16)
            .map(|w| format!("%{}%", w.replace(['%', '_'], "")))
            .collect();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let all =
            |column: &str| (1..=words.len()).map(|i| format!("{column} LIKE ?{i}")).collect::<Vec<_>>().join(" AND ");
        let sql = format!(
            "SELECT id FROM (
                SELECT id, updated AS at FROM person WHERE {}
                UNION ALL SELECT id, created FROM legal_case WHERE {}
                UNION ALL SELECT id, created FROM note WHERE {}
                UNION ALL SELECT id, created FROM task WHERE {})
             ORDER BY at DESC LIMIT {}",
            all("name"),
            all("title"),
            all("body"),
            all("title"),
            limit.min(MAX_HITS)
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let ids = stmt.query_map(rusqlite::params_from_iter(&words), |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<Vec<String>>>()?)
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
