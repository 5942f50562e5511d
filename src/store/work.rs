//! Notes and tasks: the day-to-day work on a case.

use chrono::NaiveDate;
use rusqlite::{params, Connection};

use crate::domain::records::{HitKind, Note, Task};
use crate::domain::{self};
use crate::error::Result;
use crate::store::{audit, require, search};
use crate::vault::Vault;

/// A note may be long (a declaration draft), but not unbounded.
const NOTE_MAX_CHARS: usize = 1_000_000;

/// A note's text, checked; notes pasted from Windows programs carry CRLF line ends.
pub(crate) fn valid_note(text: &str) -> Result<String> {
    domain::required_text("note", &text.replace("\r\n", "\n"), NOTE_MAX_CHARS)
}

/// Insert a checked note, inside the caller's transaction.
pub(crate) fn insert_note(tx: &Connection, now: &str, case_id: &str, text: &str) -> Result<String> {
    require(tx, "legal_case", "case", case_id)?;
    let id = domain::new_id();
    tx.prepare_cached("INSERT INTO note (id, case_id, body, created) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![id, case_id, text, now])?;
    search::index(tx, HitKind::Note, &id, Some(case_id), text)?;
    audit::append(tx, now, "note.create", "note", &id)?;
    Ok(id)
}

/// A task's title and due date, checked.
pub(crate) fn valid_task(title: &str, due: Option<&str>) -> Result<(String, Option<NaiveDate>)> {
    let title = domain::required_text("task", title, 500)?;
    let due = due.map(|d| domain::parse_date("due date", d)).transpose()?;
    Ok((title, due))
}

/// Insert a checked task, inside the caller's transaction.
pub(crate) fn insert_task(
    tx: &Connection,
    now: &str,
    case_id: &str,
    title: &str,
    due: Option<NaiveDate>,
) -> Result<String> {
    require(tx, "legal_case", "case", case_id)?;
    let id = domain::new_id();
    tx.prepare_cached("INSERT INTO task (id, case_id, title, due, created) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![id, case_id, title, due.map(|d| d.to_string()), now])?;
    search::index(tx, HitKind::Task, &id, Some(case_id), title)?;
    audit::append(tx, now, "task.create", "task", &id)?;
    Ok(id)
}

impl Vault {
    /// Add a note to a case.
    pub fn add_note(&mut self, case_id: &str, text: &str) -> Result<String> {
        let text = valid_note(text)?;
        self.write(|tx, now| insert_note(tx, now, case_id, &text))
    }

    /// Add a task, optionally with a due date.
    pub fn add_task(&mut self, case_id: &str, title: &str, due: Option<&str>) -> Result<String> {
        let (title, due) = valid_task(title, due)?;
        self.write(|tx, now| insert_task(tx, now, case_id, &title, due))
    }

    /// Mark a task done (idempotent: completing a done task keeps its first completion time).
    pub fn complete_task(&mut self, id: &str) -> Result<()> {
        self.write(|tx, now| {
            require(tx, "task", "task", id)?;
            tx.prepare_cached("UPDATE task SET done = ?2 WHERE id = ?1 AND done IS NULL")?.execute(params![id, now])?;
            audit::append(tx, now, "task.done", "task", id)
        })
    }

    pub(crate) fn notes_of(&self, case_id: &str) -> Result<Vec<Note>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, case_id, body, created FROM note WHERE case_id = ?1 ORDER BY created, rowid")?;
        let rows = stmt.query_map([case_id], |r| {
            Ok(Note { id: r.get(0)?, case_id: r.get(1)?, text: r.get(2)?, created: r.get(3)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub(crate) fn tasks_of(&self, case_id: &str) -> Result<Vec<Task>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, case_id, title, due, done, created FROM task WHERE case_id = ?1
             ORDER BY done IS NOT NULL, due IS NULL, due, created, rowid",
        )?;
        let rows = stmt.query_map([case_id], |r| {
            Ok(Task {
                id: r.get(0)?,
                case_id: r.get(1)?,
                title: r.get(2)?,
                due: r.get(3)?,
                done: r.get(4)?,
                created: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
