//! Notes and tasks: the day-to-day work on a case.

use rusqlite::params;

use crate::domain::records::{HitKind, Note, Task};
use crate::domain::{self};
use crate::error::Result;
use crate::store::{audit, require, search};
use crate::vault::Vault;

/// A note may be long (a declaration draft), but not unbounded.
const NOTE_MAX_CHARS: usize = 1_000_000;

impl Vault {
    /// Add a note to a case.
    pub fn add_note(&mut self, case_id: &str, text: &str) -> Result<String> {
        // Notes pasted from Windows programs carry CRLF line ends.
        let text = domain::required_text("note", &text.replace("\r\n", "\n"), NOTE_MAX_CHARS)?;
        self.write(|tx, now| {
            require(tx, "legal_case", "case", case_id)?;
            let id = domain::new_id();
            tx.execute(
                "INSERT INTO note (id, case_id, body, created) VALUES (?1, ?2, ?3, ?4)",
                params![id, case_id, text, now],
            )?;
            search::index(tx, HitKind::Note, &id, Some(case_id), &text)?;
            audit::append(tx, now, "note.create", "note", &id)?;
            Ok(id)
        })
    }

    /// Add a task, optionally with a due date.
    pub fn add_task(&mut self, case_id: &str, title: &str, due: Option<&str>) -> Result<String> {
        let title = domain::required_text("task", title, 500)?;
        let due = due.map(|d| domain::parse_date("due date", d)).transpose()?;
        self.write(|tx, now| {
            require(tx, "legal_case", "case", case_id)?;
            let id = domain::new_id();
            tx.execute(
                "INSERT INTO task (id, case_id, title, due, created) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, case_id, title, due.map(|d| d.to_string()), now],
            )?;
            search::index(tx, HitKind::Task, &id, Some(case_id), &title)?;
            audit::append(tx, now, "task.create", "task", &id)?;
            Ok(id)
        })
    }

    /// Mark a task done (idempotent: completing a done task keeps its first completion time).
    pub fn complete_task(&mut self, id: &str) -> Result<()> {
        self.write(|tx, now| {
            require(tx, "task", "task", id)?;
            tx.execute("UPDATE task SET done = ?2 WHERE id = ?1 AND done IS NULL", params![id, now])?;
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
