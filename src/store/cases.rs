//! Cases, the people on them and their key dates.

use rusqlite::{params, OptionalExtension};

use crate::domain::records::{Case, CaseDetails, CaseSummary, HitKind, Party};
use crate::domain::{self, EventKind, Jurisdiction, Outcome, Relief, Role, Stage};
use crate::error::{corrupt, Error, Result};
use crate::store::filter::Where;
use crate::store::{audit, column, deadlines, require, search};
use crate::vault::{blobs, Vault};

/// Filters for the case list; all optional, combined with AND.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(default)]
pub struct CaseFilter {
    /// Words matched (accent- and case-insensitively, as prefixes) against case titles and the
    /// names and aliases of the people on the case.
    pub text: Option<String>,
    pub jurisdiction: Option<Jurisdiction>,
    pub stage: Option<Stage>,
    pub lawyer: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

/// One page of the case list and how many cases match in all.
#[derive(Debug, Clone, serde::Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CasePage {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total: u64,
    pub rows: Vec<CaseSummary>,
}

/// The cases whose title, or one of whose people's names or aliases, match an FTS5 query `?`.
/// Looked up in the index of names alone (schema 7): the main index also holds every note.
const CASE_TEXT_SQL: &str = "c.id IN (SELECT id FROM name_index WHERE name_index MATCH ? AND kind = 'case'
                                     UNION SELECT r.case_id FROM case_role r WHERE r.person_id IN
                                       (SELECT id FROM name_index WHERE name_index MATCH ? AND kind = 'person'))";

/// Case details after validation.
struct ValidCase {
    jurisdiction: Jurisdiction,
    title: String,
    proceeding: Option<String>,
    relief: Vec<Relief>,
    stage: Stage,
    lawyer: Option<String>,
    /// `None`: leave as it is (a form or a sheet without the field); `Some(None)`: clear it.
    outcome: Option<Option<Outcome>>,
}

impl ValidCase {
    fn from(c: &CaseDetails) -> Result<ValidCase> {
        Ok(ValidCase {
            jurisdiction: Jurisdiction::parse(&c.jurisdiction)?,
            title: domain::required_text("title", &c.title, 300)?,
            proceeding: c.proceeding.as_deref().map(|p| domain::required_text("proceeding", p, 200)).transpose()?,
            relief: c.relief.iter().map(|r| Relief::parse(r)).collect::<Result<Vec<_>>>()?,
            stage: c.stage.as_deref().map(Stage::parse).transpose()?.unwrap_or(Stage::Intake),
            lawyer: c.lawyer.as_deref().map(|l| domain::required_text("lawyer", l, 200)).transpose()?,
            outcome: c
                .outcome
                .as_deref()
                .map(|o| if o.trim().is_empty() { Ok(None) } else { Outcome::parse(o).map(Some) })
                .transpose()?,
        })
    }

    /// The outcome, and the closing day: kept while the case stays closed, today when it is
    /// being closed, none when it is open.
    fn write_outcome_and_closed(&self, tx: &rusqlite::Connection, id: &str, now: &str) -> Result<()> {
        let today = now.get(..10).unwrap_or(now);
        tx.prepare_cached(
            "UPDATE legal_case SET closed = CASE WHEN ?2 THEN coalesce(closed, ?3) ELSE NULL END WHERE id = ?1",
        )?
        .execute(params![id, self.stage == Stage::Closed, today])?;
        if let Some(outcome) = self.outcome {
            tx.prepare_cached("UPDATE legal_case SET outcome = ?2 WHERE id = ?1")?
                .execute(params![id, outcome.map(|o| o.as_str())])?;
        }
        Ok(())
    }

    /// Replace the case's relief tracks and search entry (inside the caller's transaction).
    fn write_relief_and_index(&self, tx: &rusqlite::Connection, id: &str) -> Result<()> {
        tx.prepare_cached("DELETE FROM case_relief WHERE case_id = ?1")?.execute([id])?;
        for r in &self.relief {
            tx.prepare_cached("INSERT OR IGNORE INTO case_relief (case_id, relief) VALUES (?1, ?2)")?
                .execute(params![id, r.as_str()])?;
        }
        search::index(tx, HitKind::Case, id, Some(id), &case_search_body(&self.title, self.proceeding.as_deref()))
    }
}

/// Validate and insert a case with its client, inside the caller's transaction.
pub(crate) fn insert_case(tx: &rusqlite::Connection, client_id: &str, c: &CaseDetails, now: &str) -> Result<String> {
    let valid = ValidCase::from(c)?;
    let ValidCase { jurisdiction, title, proceeding, stage, lawyer, .. } = &valid;
    let id = domain::new_id();
    tx.prepare_cached(
        "INSERT INTO legal_case (id, title, jurisdiction, proceeding, stage, lawyer, created, updated)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
    )?
    .execute(params![id, title, jurisdiction.as_str(), proceeding, stage.as_str(), lawyer, now])?;
    tx.prepare_cached("INSERT INTO case_role (case_id, person_id, role) VALUES (?1, ?2, 'client')")?
        .execute(params![id, client_id])?;
    valid.write_relief_and_index(tx, &id)?;
    valid.write_outcome_and_closed(tx, &id, now)?;
    blobs::create_case_key(tx, &id)?;
    audit::append(tx, now, "case.create", "case", &id)?;
    Ok(id)
}

/// A case's details as [`CaseDetails`] (what a re-imported spreadsheet row changes only in
/// part; the outcome left out, which keeps it), inside the caller's transaction.
pub(crate) fn current_details(tx: &rusqlite::Connection, id: &str) -> Result<CaseDetails> {
    let mut c = tx
        .prepare_cached("SELECT jurisdiction, title, proceeding, stage, lawyer FROM legal_case WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(CaseDetails {
                jurisdiction: r.get(0)?,
                title: r.get(1)?,
                proceeding: r.get(2)?,
                stage: r.get(3)?,
                lawyer: r.get(4)?,
                ..Default::default()
            })
        })?;
    c.relief = column::<String>(tx, "SELECT relief FROM case_relief WHERE case_id = ?1 ORDER BY relief", [id])?;
    Ok(c)
}

/// Validate and write a case's details, inside the caller's transaction; its deadlines are
/// recomputed (jurisdiction and relief decide which rules apply).
pub(crate) fn update_case_in(tx: &rusqlite::Connection, id: &str, c: &CaseDetails, now: &str) -> Result<()> {
    let valid = ValidCase::from(c)?;
    let ValidCase { jurisdiction, title, proceeding, stage, lawyer, .. } = &valid;
    tx.prepare_cached(
        "UPDATE legal_case SET title = ?2, jurisdiction = ?3, proceeding = ?4, stage = ?5, lawyer = ?6, updated = ?7
         WHERE id = ?1",
    )?
    .execute(params![id, title, jurisdiction.as_str(), proceeding, stage.as_str(), lawyer, now])?;
    valid.write_relief_and_index(tx, id)?;
    valid.write_outcome_and_closed(tx, id, now)?;
    audit::append(tx, now, "case.update", "case", id)?;
    deadlines::recompute_case(tx, id, now)
}

pub(crate) fn case_search_body(title: &str, proceeding: Option<&str>) -> String {
    match proceeding {
        Some(p) => format!("{title}\n{p}"),
        None => title.to_string(),
    }
}

impl Vault {
    /// Open a case for a client. The case gets its own attachment key pair.
    pub fn add_case(&mut self, client_id: &str, c: CaseDetails) -> Result<String> {
        let client_id = domain::parse_id("client id", client_id)?;
        self.write(|tx, now| {
            require(tx, "person", "person", &client_id)?;
            insert_case(tx, &client_id, &c, now)
        })
    }

    /// Change a case's details (title, jurisdiction, proceeding, relief tracks, stage, lawyer).
    pub fn update_case(&mut self, id: &str, c: CaseDetails) -> Result<()> {
        self.write(|tx, now| {
            require(tx, "legal_case", "case", id)?;
            update_case_in(tx, id, &c, now)
        })
    }

    /// Put a person on a case in a role.
    pub fn add_party(&mut self, case_id: &str, person_id: &str, role: Role) -> Result<()> {
        self.write(|tx, now| {
            require(tx, "legal_case", "case", case_id)?;
            require(tx, "person", "person", person_id)?;
            tx.prepare_cached("INSERT OR IGNORE INTO case_role (case_id, person_id, role) VALUES (?1, ?2, ?3)")?
                .execute(params![case_id, person_id, role.as_str()])?;
            tx.prepare_cached("UPDATE legal_case SET updated = ?2 WHERE id = ?1")?.execute(params![case_id, now])?;
            audit::append(tx, now, "case.party.create", "case", case_id)?;
            // A detained client changes which deadlines apply.
            deadlines::recompute_case(tx, case_id, now)
        })
    }

    /// A case with its parties, events, deadlines, notes, tasks and documents.
    pub fn case(&self, id: &str) -> Result<Case> {
        let c = &self.conn;
        let row = c
            .prepare_cached(
                "SELECT id, title, jurisdiction, proceeding, stage, lawyer, receipt_number, created, updated,
                        outcome, closed
                 FROM legal_case WHERE id = ?1",
            )?
            .query_row([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, Option<String>>(9)?,
                    r.get::<_, Option<String>>(10)?,
                ))
            })
            .optional()?
            .ok_or(Error::NotFound("case"))?;
        let (id, title, jurisdiction, proceeding, stage, lawyer, receipt_number, created, updated, outcome, closed) =
            row;
        let relief = column::<String>(c, "SELECT relief FROM case_relief WHERE case_id = ?1 ORDER BY relief", [&id])?
            .iter()
            .map(|r| Relief::parse(r).map_err(corrupt))
            .collect::<Result<_>>()?;
        let mut stmt = c.prepare_cached(
            "SELECT r.person_id, p.name, r.role FROM case_role r JOIN person p ON p.id = r.person_id
             WHERE r.case_id = ?1 ORDER BY CASE r.role WHEN 'client' THEN 0 ELSE 1 END, p.name",
        )?;
        let parties = stmt
            .query_map([&id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .map(|(person_id, name, role)| Ok(Party { person_id, name, role: Role::parse(&role).map_err(corrupt)? }))
            .collect::<Result<_>>()?;
        let jurisdiction = Jurisdiction::parse(&jurisdiction).map_err(corrupt)?;
        Ok(Case {
            jurisdiction,
            stage: Stage::parse(&stage).map_err(corrupt)?,
            outcome: outcome.as_deref().map(Outcome::parse).transpose().map_err(corrupt)?,
            closed,
            relief,
            parties,
            events: self.events_of(&id)?,
            event_kinds: EventKind::for_jurisdiction(jurisdiction),
            rule_editions: self.rule_editions(&id)?,
            deadlines: self
                .deadlines(&deadlines::DeadlineFilter { case_id: Some(id.clone()), ..Default::default() })?,
            deadline_warnings: self.deadline_warnings(&id)?,
            notes: self.notes_of(&id)?,
            tasks: self.tasks_of(&id)?,
            documents: self.list_documents(&id)?,
            id,
            title,
            proceeding,
            lawyer,
            receipt_number,
            created,
            updated,
        })
    }

    /// A page of cases, newest first, filtered in the database (never the whole table).
    pub fn list_cases(&self, f: &CaseFilter) -> Result<CasePage> {
        let limit = if f.limit == 0 { 100 } else { f.limit.min(1000) };
        let text = match f.text.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(t) => match search::to_fts_query(t) {
                Some(q) => Some(q),
                None => return Ok(CasePage { total: 0, rows: Vec::new() }),
            },
        };
        let mut filter = Where::default();
        filter
            .when("c.jurisdiction = ?", f.jurisdiction.map(|j| j.as_str().to_string()))
            .when("c.stage = ?", f.stage.map(|s| s.as_str().to_string()))
            .when("c.lawyer = ?", f.lawyer.clone())
            .when(CASE_TEXT_SQL, text);
        let total: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM legal_case c{}", filter.sql()))?
            .query_row(filter.params(), |r| r.get(0))?;
        let (limit, offset) = (filter.bind(limit as i64), filter.bind(f.offset as i64));
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT c.id, c.title, c.jurisdiction, c.stage, c.lawyer,
                    (SELECT p.name FROM case_role r JOIN person p ON p.id = r.person_id
                     WHERE r.case_id = c.id AND r.role = 'client' ORDER BY p.name LIMIT 1)
             FROM legal_case c{}
             ORDER BY c.created DESC, c.rowid DESC LIMIT {limit} OFFSET {offset}",
            filter.sql()
        ))?;
        let rows = stmt.query_map(filter.params(), case_summary_row)?;
        let rows = rows.map(|r| r?.into_summary()).collect::<Result<Vec<_>>>()?;
        Ok(CasePage { total: total as u64, rows })
    }

    /// The distinct assigned lawyers, for the case list's filter.
    pub fn lawyers(&self) -> Result<Vec<String>> {
        column(&self.conn, "SELECT DISTINCT lawyer FROM legal_case WHERE lawyer IS NOT NULL ORDER BY lawyer", [])
    }
}

/// A case-list row as read, before its vocabulary is checked.
pub(crate) struct SummaryRow(String, String, String, String, Option<String>, Option<String>);

/// Reads columns id, title, jurisdiction, stage, lawyer, client name.
pub(crate) fn case_summary_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SummaryRow> {
    Ok(SummaryRow(r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
}

impl SummaryRow {
    pub(crate) fn into_summary(self) -> Result<CaseSummary> {
        let SummaryRow(id, title, jurisdiction, stage, lawyer, client) = self;
        Ok(CaseSummary {
            id,
            title,
            jurisdiction: Jurisdiction::parse(&jurisdiction).map_err(corrupt)?,
            stage: Stage::parse(&stage).map_err(corrupt)?,
            client,
            lawyer,
        })
    }
}
