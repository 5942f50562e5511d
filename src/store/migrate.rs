//! Versioned schema migrations, tracked in SQLite's `user_version`.
//!
//! Migration N takes a vault at schema N-1 to N inside one transaction. Released migrations are
//! never edited; `tests/golden_v1` holds a real v1 vault that every later version must open.

use rusqlite::Connection;

use crate::error::{Error, Result};

const MIGRATIONS: &[&str] = &[
    include_str!("schema_v1.sql"),
    include_str!("schema_v2.sql"),
    include_str!("schema_v3.sql"),
    include_str!("schema_v4.sql"),
    include_str!("schema_v5.sql"),
    include_str!("schema_v6.sql"),
    include_str!("schema_v7.sql"),
];

/// The schema version this build writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// Bring the database up to [`LATEST`], or refuse one from a newer Amparo. Returns the version
/// the database had before.
pub(crate) fn run(conn: &Connection) -> Result<i64> {
    let current: i64 = conn.prepare_cached("PRAGMA user_version")?.query_row([], |r| r.get(0))?;
    if current > LATEST {
        return Err(Error::VaultTooNew);
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let version = index as i64 + 1;
        conn.execute_batch(&format!("BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;"))
            .inspect_err(|_| {
                let _ = conn.execute_batch("ROLLBACK");
            })?;
    }
    Ok(current)
}

/// The schema version of an open database.
pub(crate) fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.prepare_cached("PRAGMA user_version")?.query_row([], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_database_reaches_latest_and_rerun_is_a_no_op() {
        let conn = Connection::open_in_memory().unwrap();
        run(&conn).unwrap();
        assert_eq!(version(&conn).unwrap(), LATEST);
        run(&conn).unwrap();
        assert_eq!(version(&conn).unwrap(), LATEST);
    }

    /// v1 kept key dates in `case_date`; v2 turns them into events without losing one.
    #[test]
    fn v2_turns_key_dates_into_events() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(&format!("BEGIN; {} PRAGMA user_version = 1; COMMIT;", MIGRATIONS[0])).unwrap();
        conn.execute_batch(
            "INSERT INTO legal_case (id, title, jurisdiction, created, updated) VALUES ('c', 'T', 'us-eoir', 'x', 'x');
             INSERT INTO case_date (id, case_id, kind, date, created) VALUES ('d', 'c', 'mch-hearing', '2027-01-11', 'x');",
        )
        .unwrap();
        run(&conn).unwrap();
        let row: (String, String, Option<String>, String) = conn
            .query_row("SELECT kind, date, note, updated FROM case_event WHERE id = 'd'", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .unwrap();
        assert_eq!(row, ("mch-hearing".into(), "2027-01-11".into(), None, "x".into()));
    }

    #[test]
    fn database_from_a_newer_amparo_is_refused() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(&format!("PRAGMA user_version = {};", LATEST + 1)).unwrap();
        assert!(matches!(run(&conn), Err(Error::VaultTooNew)));
    }
}
