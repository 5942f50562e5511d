//! The conflict check against the people in the vault, and the index of name tokens it uses.
//!
//! Every person's name and aliases are kept as tokens (`person_name_token`, schema v6), written
//! by [`index_person`] whenever a name or an alias changes. A check compares the query's tokens
//! with the distinct tokens in the vault (a few thousand, even with 100,000 people), then scores
//! only the people who share a matching token, then loads those few. The matching itself is in
//! [`crate::conflicts`].

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{audit, column};
use crate::conflicts::names::{self, Likeness, Pair, Token};
use crate::conflicts::{self as matching, Reason, SHOW_FROM};
use crate::domain::{self, Role};
use crate::error::{Error, Result};
use crate::vault::Vault;

/// At most this many matches are returned, best first.
const MAX_MATCHES: usize = 50;

/// Who to look for.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(default)]
pub struct ConflictQuery {
    pub name: String,
    /// `YYYY-MM-DD`.
    pub dob: Option<String>,
    pub dob_approximate: bool,
    /// In any common format (`A012-345-678`, `012345678`).
    pub a_number: Option<String>,
    /// A person to leave out (the person whose role is being checked).
    pub exclude: Option<String>,
}

/// A person who may be the one looked for.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ConflictMatch {
    pub person_id: String,
    pub name: String,
    /// 0.0–1.0, two decimals.
    pub score: f64,
    pub reasons: Vec<Reason>,
    pub roles: Vec<ConflictRole>,
}

/// A role of a matched person on a case.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ConflictRole {
    pub case_id: String,
    pub case_title: String,
    pub role: Role,
}

/// Rewrite the name tokens of one person (after an insert, or a change of name or aliases).
pub(crate) fn index_person(conn: &Connection, person_id: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM person_name_token WHERE person_id = ?1")?.execute([person_id])?;
    let name: String =
        conn.prepare_cached("SELECT name FROM person WHERE id = ?1")?.query_row([person_id], |r| r.get(0))?;
    let aliases =
        column::<String>(conn, "SELECT alias FROM person_alias WHERE person_id = ?1 ORDER BY alias", [person_id])?;
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO person_name_token (person_id, variant, tokens, token, canon, phonetic)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut distinct =
        conn.prepare_cached("INSERT OR IGNORE INTO name_token (token, canon, phonetic) VALUES (?1, ?2, ?3)")?;
    for (variant, text) in std::iter::once(&name).chain(aliases.iter()).enumerate() {
        let mut tokens = names::tokens(text);
        tokens.sort_by(|a, b| a.folded.cmp(&b.folded));
        tokens.dedup_by(|a, b| a.folded == b.folded);
        for t in &tokens {
            insert.execute(params![person_id, variant as i64, tokens.len() as i64, t.folded, t.canon, t.phonetic])?;
            distinct.execute(params![t.folded, t.canon, t.phonetic])?;
        }
    }
    Ok(())
}

/// Index every person (a vault from before schema v6, at its first unlock).
pub(crate) fn index_all(conn: &Connection) -> Result<()> {
    for id in column::<String>(conn, "SELECT id FROM person", [])? {
        index_person(conn, &id)?;
    }
    Ok(())
}

impl Vault {
    /// Look for people who may be the one described: by name (accents, order, particles,
    /// transliterations, typos), date of birth and A-number. The check and the ids it found are
    /// written to the audit log (never the name looked for).
    pub fn check_conflicts(&mut self, q: &ConflictQuery) -> Result<Vec<ConflictMatch>> {
        let query_tokens = names::tokens(&domain::required_text("name", &q.name, 300)?);
        let dob = q
            .dob
            .as_deref()
            .filter(|d| !d.trim().is_empty())
            .map(|d| domain::parse_date("date of birth", d))
            .transpose()?;
        let a_number =
            q.a_number.as_deref().filter(|a| !a.trim().is_empty()).map(domain::anumber::normalise).transpose()?;
        let index = TokenIndex::build(&self.conn)?;
        let matches = find(
            &self.conn,
            &index,
            &query_tokens,
            dob.map(|d| (d, q.dob_approximate)),
            a_number.as_deref(),
            q.exclude.as_deref(),
        )?;
        let found = if matches.is_empty() {
            "none".to_string()
        } else {
            matches.iter().map(|m| m.person_id.as_str()).collect::<Vec<_>>().join(",")
        };
        self.write(|tx, now| audit::append(tx, now, "conflict.check", "person", &found))?;
        Ok(matches)
    }
}

/// The distinct name tokens in the vault, bucketed so that a query token is compared only with
/// tokens that could match it: the same variant group, the same phonetic key, or the same first
/// letter (or e/i, o/u swapped there: every other kind of match needs that).
pub(crate) struct TokenIndex {
    tokens: Vec<Token>,
    by_canon: HashMap<String, Vec<usize>>,
    by_phonetic: HashMap<String, Vec<usize>>,
    by_first: HashMap<char, Vec<usize>>,
}

impl TokenIndex {
    pub(crate) fn build(conn: &Connection) -> Result<TokenIndex> {
        let mut index = TokenIndex {
            tokens: Vec::new(),
            by_canon: HashMap::new(),
            by_phonetic: HashMap::new(),
            by_first: HashMap::new(),
        };
        let mut stmt = conn.prepare_cached("SELECT token, canon, phonetic FROM name_token")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            index.push(Token { folded: row.get(0)?, canon: row.get(1)?, phonetic: row.get(2)? });
        }
        Ok(index)
    }

    /// Add the tokens of a name written since the index was built (the rows of a sheet being
    /// imported, so that a person entered twice in one sheet is flagged too).
    pub(crate) fn add_name(&mut self, name: &str) {
        for t in names::tokens(name) {
            let known =
                self.by_canon.get(&t.canon).is_some_and(|b| b.iter().any(|&i| self.tokens[i].folded == t.folded));
            if !known {
                self.push(t);
            }
        }
    }

    fn push(&mut self, t: Token) {
        let i = self.tokens.len();
        self.by_canon.entry(t.canon.clone()).or_default().push(i);
        self.by_phonetic.entry(t.phonetic.clone()).or_default().push(i);
        if let Some(c) = t.folded.chars().next() {
            self.by_first.entry(c).or_default().push(i);
        }
        self.tokens.push(t);
    }

    /// Each vault token that matches a query token, with (query index, similarity, likeness).
    fn matches(&self, query: &[Token]) -> BTreeMap<String, Vec<(usize, f64, Likeness)>> {
        let mut matched: BTreeMap<String, Vec<(usize, f64, Likeness)>> = BTreeMap::new();
        for (i, q) in query.iter().enumerate() {
            let first = q.folded.chars().next();
            // One e/i or o/u swapped may be the first letter (Elias / Ilias).
            let swapped = first.and_then(|c| match c {
                'e' => Some('i'),
                'i' => Some('e'),
                'o' => Some('u'),
                'u' => Some('o'),
                _ => None,
            });
            let mut candidates: Vec<usize> = [
                self.by_canon.get(&q.canon),
                self.by_phonetic.get(&q.phonetic),
                first.and_then(|c| self.by_first.get(&c)),
                swapped.and_then(|c| self.by_first.get(&c)),
            ]
            .into_iter()
            .flatten()
            .flatten()
            .copied()
            .collect();
            candidates.sort_unstable();
            candidates.dedup();
            for j in candidates {
                let stored = &self.tokens[j];
                if let Some((sim, how)) = names::token_similarity(q, stored) {
                    matched.entry(stored.folded.clone()).or_default().push((i, sim, how));
                }
            }
        }
        matched
    }
}

/// The best name score of each person sharing a token with the query: (score, weakest
/// likeness, complete, via an alias).
fn score_names(
    conn: &Connection,
    index: &TokenIndex,
    query: &[Token],
) -> Result<HashMap<String, (f64, Likeness, bool, bool)>> {
    let matched = index.matches(query);
    if matched.is_empty() {
        return Ok(HashMap::new());
    }
    // The names holding at least as many of those tokens as a match needs (two, or one for a
    // one-word name), found by SQLite in one grouped pass: common tokens (María, García) are
    // held by thousands, but few names hold two of the query's.
    let needed = query.len().min(2) as i64;
    let tokens_json = serde_json::to_string(&matched.keys().collect::<Vec<_>>()).map_err(|_| Error::DatabaseCorrupt)?;
    let mut holders = conn.prepare_cached(
        "SELECT person_id, variant, tokens, group_concat(token, char(31)) FROM person_name_token
         WHERE token IN (SELECT value FROM json_each(?1))
         GROUP BY person_id, variant HAVING count(*) >= ?2",
    )?;
    let mut by_name: Vec<(String, i64, usize, Vec<Pair>)> = Vec::new();
    let mut rows = holders.query(params![tokens_json, needed])?;
    while let Some(row) = rows.next()? {
        let held: String = row.get(3)?;
        let mut pairs = Vec::new();
        for (j, token) in held.split('\u{1f}').enumerate() {
            if let Some(sims) = matched.get(token) {
                pairs.extend(sims.iter().map(|&(i, s, l)| (i, j, s, l)));
            }
        }
        let len = usize::try_from(row.get::<_, i64>(2)?).unwrap_or(0);
        by_name.push((row.get(0)?, row.get(1)?, len, pairs));
    }
    let mut best: HashMap<String, (f64, Likeness, bool, bool)> = HashMap::new();
    for (person, variant, len, pairs) in by_name {
        let pairs = names::pick_pairs(pairs);
        let Some((score, weakest)) = names::score_pairs(&pairs, query.len(), len) else {
            continue;
        };
        let complete = pairs.len() == query.len() && pairs.len() == len;
        let entry = (score, weakest, complete, variant > 0);
        if best.get(&person).is_none_or(|b| entry.0 > b.0) {
            best.insert(person, entry);
        }
    }
    Ok(best)
}

pub(crate) fn find(
    conn: &Connection,
    index: &TokenIndex,
    query: &[Token],
    dob: Option<(NaiveDate, bool)>,
    a_number: Option<&str>,
    exclude: Option<&str>,
) -> Result<Vec<ConflictMatch>> {
    let mut candidates: HashMap<String, (f64, Vec<Reason>)> = score_names(conn, index, query)?
        .into_iter()
        .filter(|(_, (score, ..))| *score >= SHOW_FROM * 0.75)
        .map(|(id, (score, weakest, complete, alias))| (id, (score, matching::name_reasons(weakest, complete, alias))))
        .collect();
    if let Some(a) = a_number {
        let same: Option<String> = conn
            .prepare_cached("SELECT id FROM person WHERE a_number = ?1")?
            .query_row([a], |r| r.get(0))
            .optional()?;
        if let Some(id) = same {
            let entry = candidates.entry(id).or_insert((0.0, Vec::new()));
            entry.0 = 1.0;
            entry.1.insert(0, Reason::ANumber);
        }
    }
    let mut person = conn.prepare_cached("SELECT name, dob, dob_approx FROM person WHERE id = ?1")?;
    let mut out = Vec::new();
    for (id, (score, mut reasons)) in candidates {
        if Some(id.as_str()) == exclude {
            continue;
        }
        let (name, their_dob, approx): (String, Option<String>, bool) =
            person.query_row([&id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        let their_dob = their_dob.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()).map(|d| (d, approx));
        let (mut score, dob_reason) = matching::adjust_for_dob(score, dob, their_dob);
        if reasons.first() == Some(&Reason::ANumber) {
            score = 1.0;
        }
        if score < SHOW_FROM {
            continue;
        }
        reasons.extend(dob_reason);
        out.push(ConflictMatch {
            person_id: id,
            name,
            score: (score * 100.0).round() / 100.0,
            reasons,
            roles: Vec::new(),
        });
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.name.cmp(&b.name)));
    out.truncate(MAX_MATCHES);
    let mut roles = conn.prepare_cached(
        "SELECT r.case_id, c.title, r.role FROM case_role r JOIN legal_case c ON c.id = r.case_id
         WHERE r.person_id = ?1 ORDER BY c.created, r.role",
    )?;
    for m in &mut out {
        let rows = roles.query_map([&m.person_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
        })?;
        for row in rows {
            let (case_id, case_title, role) = row?;
            let role = Role::parse(&role).map_err(|_| Error::DatabaseCorrupt)?;
            m.roles.push(ConflictRole { case_id, case_title, role });
        }
    }
    Ok(out)
}
