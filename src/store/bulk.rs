//! Many records in one transaction: loading a caseload from another system, and the synthetic
//! office-scale vaults the benchmarks build (`benches/support/synth.rs`).
//!
//! Each single-record operation on [`Vault`] is its own transaction, and with
//! `synchronous = FULL` its own disk flush: right for a lawyer typing, ruinous for a million
//! notes. A [`Bulk`] runs the very same checks and writes (the same functions: search index,
//! name index, audit chain, deadline recomputation) and commits once. Nothing is committed if
//! the load fails; a record refused inside it leaves nothing behind, even if the load goes on
//! past it (each record is written under its own savepoint).

use chrono::NaiveDate;
use rusqlite::Transaction;

use crate::domain::records::{CaseDetails, NewPerson};
use crate::domain::{self, EventKind};
use crate::error::Result;
use crate::settings::defaults::{BULK_PAGE_CACHE_KIB, PAGE_CACHE_KIB};
use crate::store::{events, people, work};
use crate::vault::Vault;

/// Writes inside one open transaction; see [`Vault::bulk`].
pub struct Bulk<'t> {
    tx: &'t Transaction<'t>,
    now: &'t str,
    today: NaiveDate,
}

impl Vault {
    /// Run `load` with a [`Bulk`] writer and commit everything it wrote at once, or nothing if it
    /// fails.
    ///
    /// The page cache is raised to [`BULK_PAGE_CACHE_KIB`] meanwhile: a load inserts into
    /// indexes all over the database (a note goes into its case's place in `note_by_case`), and
    /// with the everyday cache each page came back from the disk to be decrypted again and again.
    pub fn bulk<T>(&mut self, load: impl FnOnce(&mut Bulk<'_>) -> Result<T>) -> Result<T> {
        let today = self.clock.today();
        self.conn.execute_batch(&format!("PRAGMA cache_size = -{BULK_PAGE_CACHE_KIB}"))?;
        let result = self.write(|tx, now| load(&mut Bulk { tx, now, today }));
        // The outcome stands whatever happens here: a failure only leaves the larger cache.
        let _ = self.conn.execute_batch(&format!("PRAGMA cache_size = -{PAGE_CACHE_KIB}"));
        result
    }
}

impl Bulk<'_> {
    /// Write one record under a savepoint: all of it, or (if refused) none of it.
    fn record<T>(&mut self, write: impl FnOnce(&Transaction<'_>, &str, NaiveDate) -> Result<T>) -> Result<T> {
        let run = |sql: &str| self.tx.prepare_cached(sql)?.execute([]).map(drop);
        run("SAVEPOINT bulk_record")?;
        match write(self.tx, self.now, self.today) {
            Ok(v) => {
                run("RELEASE bulk_record")?;
                Ok(v)
            }
            Err(e) => {
                run("ROLLBACK TO bulk_record")?;
                run("RELEASE bulk_record")?;
                Err(e)
            }
        }
    }

    /// [`Vault::intake`]: a new client and their first case.
    pub fn intake(&mut self, person: &NewPerson, case: &CaseDetails) -> Result<(String, String)> {
        self.record(|tx, now, today| people::insert_intake(tx, person, case, today, now))
    }

    /// [`Vault::add_note`].
    pub fn add_note(&mut self, case_id: &str, text: &str) -> Result<String> {
        let text = work::valid_note(text)?;
        self.record(|tx, now, _| work::insert_note(tx, now, case_id, &text))
    }

    /// [`Vault::add_task`].
    pub fn add_task(&mut self, case_id: &str, title: &str, due: Option<&str>) -> Result<String> {
        let (title, due) = work::valid_task(title, due)?;
        self.record(|tx, now, _| work::insert_task(tx, now, case_id, &title, due))
    }

    /// [`Vault::add_event`], recomputing the case's deadlines.
    pub fn add_event(&mut self, case_id: &str, kind: EventKind, date: &str, note: Option<&str>) -> Result<String> {
        let date = domain::parse_event_date("date", date)?;
        let note = events::valid_note(note)?;
        self.record(|tx, now, _| events::insert_event(tx, now, case_id, kind, date, note.as_deref()))
    }
}
