//! A case's events: the dated facts deadlines are computed from. Adding, editing or deleting one
//! recomputes the case's deadlines in the same transaction, so no reader ever sees an event
//! without its deadlines.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use crate::deadlines::engine::{self, EventFact};
use crate::deadlines::trace::Problem;
use crate::domain::records::CaseEvent;
use crate::domain::{self, EventKind, Jurisdiction};
use crate::error::{corrupt, Error, Result};
use crate::store::{audit, deadlines, require};
use crate::vault::Vault;

const NOTE_MAX_CHARS: usize = 500;

/// The events of a case as the engine sees them.
pub(crate) fn facts(conn: &Connection, case_id: &str) -> Result<Vec<EventFact>> {
    let mut stmt = conn.prepare_cached("SELECT id, kind, date FROM case_event WHERE case_id = ?1")?;
    let rows =
        stmt.query_map([case_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
    rows.map(|r| {
        let (id, kind, date) = r?;
        Ok(EventFact {
            id,
            kind: EventKind::parse(&kind).map_err(corrupt)?,
            date: NaiveDate::parse_from_str(&date, "%Y-%m-%d").map_err(corrupt)?,
        })
    })
    .collect()
}

/// Refuse an event that cannot be right, with the case's other events (`except` the one being
/// edited) as context: the wrong jurisdiction, a date before the arrival, or an EAD clock entry
/// that does not follow the clock's state.
fn check(conn: &Connection, case_id: &str, kind: EventKind, date: NaiveDate, except: Option<&str>) -> Result<()> {
    let jurisdiction: String =
        conn.prepare_cached("SELECT jurisdiction FROM legal_case WHERE id = ?1")?.query_row([case_id], |r| r.get(0))?;
    let jurisdiction = Jurisdiction::parse(&jurisdiction).map_err(corrupt)?;
    if kind.jurisdictions().is_some_and(|js| !js.contains(&jurisdiction)) {
        return Err(Error::invalid("event kind", "does not apply to this case's jurisdiction"));
    }
    let others: Vec<EventFact> = facts(conn, case_id)?.into_iter().filter(|e| Some(e.id.as_str()) != except).collect();
    if !kind.is_arrival() {
        if let Some(arrival) = others.iter().filter(|e| e.kind.is_arrival()).map(|e| e.date).max() {
            if date < arrival {
                return Err(Error::invalid("date", "is before the case's arrival date"));
            }
        }
    }
    if matches!(kind, EventKind::EadClockStop | EventKind::EadClockStart) {
        let receipt = others.iter().filter(|e| e.kind == EventKind::I589Received).map(|e| e.date).max();
        let Some(receipt) = receipt.filter(|r| date >= *r) else {
            return Err(Error::invalid("date", "the EAD clock only runs after the I-589 is received"));
        };
        // The whole ledger with this entry must add up, wherever the entry falls in it.
        let mut ledger = others.clone();
        ledger.push(EventFact { id: String::new(), kind, date });
        match engine::ead_pauses(&ledger, receipt) {
            Ok(_) => {}
            Err(Problem::EadStartWithoutStop { .. }) => {
                return Err(Error::invalid("event kind", "the EAD clock is not stopped on that date"))
            }
            Err(Problem::EadStopWhileStopped { .. }) => {
                return Err(Error::invalid("event kind", "the EAD clock is already stopped on that date"))
            }
            Err(_) => return Err(Error::invalid("date", "the EAD clock only runs after the I-589 is received")),
        }
    }
    Ok(())
}

pub(crate) fn valid_note(note: Option<&str>) -> Result<Option<String>> {
    note.map(str::trim).filter(|n| !n.is_empty()).map(|n| domain::required_text("note", n, NOTE_MAX_CHARS)).transpose()
}

/// Insert an event whose date and note are checked, and recompute the case's deadlines, inside
/// the caller's transaction.
pub(crate) fn insert_event(
    tx: &Connection,
    now: &str,
    case_id: &str,
    kind: EventKind,
    date: NaiveDate,
    note: Option<&str>,
) -> Result<String> {
    require(tx, "legal_case", "case", case_id)?;
    check(tx, case_id, kind, date, None)?;
    let id = domain::new_id();
    tx.prepare_cached(
        "INSERT INTO case_event (id, case_id, kind, date, note, created, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
    )?
    .execute(params![id, case_id, kind.as_str(), date.to_string(), note, now])?;
    audit::append(tx, now, "event.create", "event", &id)?;
    deadlines::recompute_case(tx, case_id, now)?;
    Ok(id)
}

impl Vault {
    /// Record an event on a case and recompute the case's deadlines.
    pub fn add_event(&mut self, case_id: &str, kind: EventKind, date: &str, note: Option<&str>) -> Result<String> {
        let date = domain::parse_event_date("date", date)?;
        let note = valid_note(note)?;
        self.write(|tx, now| insert_event(tx, now, case_id, kind, date, note.as_deref()))
    }

    /// Change an event's date or note and recompute its case's deadlines.
    pub fn update_event(&mut self, id: &str, date: &str, note: Option<&str>) -> Result<()> {
        let date = domain::parse_event_date("date", date)?;
        let note = valid_note(note)?;
        self.write(|tx, now| {
            let (case_id, kind) = event_case(tx, id)?;
            check(tx, &case_id, kind, date, Some(id))?;
            tx.prepare_cached("UPDATE case_event SET date = ?2, note = ?3, updated = ?4 WHERE id = ?1")?
                .execute(params![id, date.to_string(), note, now])?;
            audit::append(tx, now, "event.update", "event", id)?;
            deadlines::recompute_case(tx, &case_id, now)
        })
    }

    /// Delete an event; the deadlines computed from it go with it.
    pub fn delete_event(&mut self, id: &str) -> Result<()> {
        self.write(|tx, now| {
            let (case_id, _) = event_case(tx, id)?;
            tx.prepare_cached("DELETE FROM case_event WHERE id = ?1")?.execute([id])?;
            audit::append(tx, now, "event.delete", "event", id)?;
            deadlines::recompute_case(tx, &case_id, now)
        })
    }

    /// A case's events, oldest first.
    pub fn events_of(&self, case_id: &str) -> Result<Vec<CaseEvent>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, kind, date, note FROM case_event WHERE case_id = ?1 ORDER BY date, created, rowid",
        )?;
        let rows = stmt.query_map([case_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, Option<String>>(3)?))
        })?;
        rows.map(|r| {
            let (id, kind, date, note) = r?;
            Ok(CaseEvent { id, kind: EventKind::parse(&kind).map_err(corrupt)?, date, note })
        })
        .collect()
    }
}

fn event_case(conn: &Connection, id: &str) -> Result<(String, EventKind)> {
    let (case_id, kind): (String, String) = conn
        .prepare_cached("SELECT case_id, kind FROM case_event WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or(Error::NotFound("event"))?;
    Ok((case_id, EventKind::parse(&kind).map_err(corrupt)?))
}
