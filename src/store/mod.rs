//! The case store: the domain's tables inside the opened vault's encrypted database.
//!
//! Each public operation is one SQLite transaction that also appends to the audit chain and keeps
//! the full-text index in step, so a crash leaves either all of an operation or none of it.
//! Operations are methods on [`Vault`](crate::vault::Vault), split by concern into the modules
//! below.

pub mod audit;
pub mod bulk;
mod cases;
pub mod conflicts;
pub mod contacts;
mod dashboard;
pub mod deadlines;
mod documents;
mod events;
pub mod export;
mod filter;
pub mod import;
pub mod merge;
pub(crate) mod migrate;
mod people;
pub mod report;
pub mod search;
pub mod sheet_import;
mod status;
mod work;

pub use audit::AuditReport;
pub use cases::{CaseFilter, CasePage};
pub use dashboard::{Dashboard, DueItem};
pub use status::Status;

/// The schema version this build writes (migrations bring older vaults up to it).
pub const SCHEMA_VERSION: i64 = migrate::LATEST;

use rusqlite::types::FromSql;
use rusqlite::{Connection, Params, Transaction};

use crate::clock;
use crate::error::{Error, Result};
use crate::vault::Vault;

/// Collect a one-column query into a Vec.
pub(crate) fn column<T: FromSql>(conn: &Connection, sql: &str, params: impl Params) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params, |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<T>>>()?)
}

/// Does a row with this id exist in `table`? (`table` is always a literal from this crate.)
pub(crate) fn exists(conn: &Connection, table: &'static str, id: &str) -> Result<bool> {
    let sql = format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)");
    Ok(conn.prepare_cached(&sql)?.query_row([id], |r| r.get(0))?)
}

/// Fail with [`Error::NotFound`] unless a row with this id exists in `table`.
pub(crate) fn require(conn: &Connection, table: &'static str, what: &'static str, id: &str) -> Result<()> {
    if exists(conn, table, id)? {
        Ok(())
    } else {
        Err(Error::NotFound(what))
    }
}

impl Vault {
    /// Run `f` in one transaction, handing it the timestamp of this write; commit only if `f`
    /// succeeds. Every store operation that changes data goes through here.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>, &str) -> Result<T>) -> Result<T> {
        let now = clock::stamp(self.clock.now());
        let tx = self.conn.transaction()?;
        let out = f(&tx, &now)?;
        tx.commit()?;
        Ok(out)
    }
}
