//! The morning view: what is due this week, what is overdue, and which open cases have no
//! deadline ahead of them (the cases most likely to slip: nothing will remind anyone of them).
//! Deadlines come first; tasks with due dates are listed beside them.

use chrono::Days;
use rusqlite::params;
use serde::Serialize;

use crate::deadlines::trace;
use crate::deadlines::RuleId;
use crate::domain::records::CaseSummary;
use crate::error::{Error, Result};
use crate::store::cases::case_summary_row;
use crate::vault::Vault;

/// How many cases without a next deadline the dashboard lists (the count covers them all).
const WITHOUT_NEXT_LIMIT: i64 = 50;
/// How many overdue items the dashboard lists, the most recently due first (the count covers
/// them all). Years of history can leave tens of thousands open: sending them all to the window
/// made the dashboard the slowest part of unlocking a large office's vault.
const OVERDUE_LIMIT: i64 = 100;

/// Something due on a case: a deadline or a task.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct DueItem {
    /// `deadline` or `task`.
    pub source: String,
    pub id: String,
    pub case_id: String,
    pub case_title: String,
    pub title: String,
    pub due: String,
    /// Deadlines: the file-by target.
    pub file_by: Option<String>,
    /// Deadlines: `deadline`, `earliest` or `watch`.
    pub kind: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Dashboard {
    /// The date the view was computed for (the user's local today).
    pub today: String,
    /// Open deadlines due, or to be filed, in the next seven days; tasks due in them.
    pub this_week: Vec<DueItem>,
    /// Open deadlines (not earliest dates) and tasks past their date, the most recently due
    /// first, at most [`OVERDUE_LIMIT`] of them.
    pub overdue: Vec<DueItem>,
    /// How many items are overdue in all.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub overdue_count: u64,
    pub without_next_deadline: Vec<CaseSummary>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub without_next_deadline_count: u64,
}

/// Columns: source, id, case id, case title, rule, manual title, due, file_by, kind.
const DUE_UNION: &str = "
    SELECT 'deadline', d.id, d.case_id, c.title, d.rule, d.title, d.due, d.file_by, d.kind
      FROM deadline d JOIN legal_case c ON c.id = d.case_id WHERE d.done IS NULL AND {deadline}
    UNION ALL
    SELECT 'task', t.id, t.case_id, c.title, NULL, t.title, t.due, NULL, NULL
      FROM task t JOIN legal_case c ON c.id = t.case_id WHERE t.done IS NULL AND {task}
    ORDER BY {order}";

impl Vault {
    pub fn dashboard(&self) -> Result<Dashboard> {
        let today = self.clock.today();
        let week_end = today.checked_add_days(Days::new(7)).unwrap_or(today);
        let (today_s, week_s) = (today.to_string(), week_end.to_string());
        let lang = self.language;
        let due = |deadline: &str, task: &str, order: &str, params: &[&dyn rusqlite::ToSql]| -> Result<Vec<DueItem>> {
            let sql = DUE_UNION.replace("{deadline}", deadline).replace("{task}", task).replace("{order}", order);
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params, |r| {
                Ok((
                    (r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?),
                    (r.get::<_, Option<String>>(4)?, r.get::<_, Option<String>>(5)?, r.get::<_, String>(6)?),
                    (r.get::<_, Option<String>>(7)?, r.get::<_, Option<String>>(8)?),
                ))
            })?;
            rows.map(|r| {
                let ((source, id, case_id, case_title), (rule, title, due), (file_by, kind)) = r?;
                let title = match (rule, title) {
                    (Some(rule), _) => {
                        trace::rule_title(RuleId::parse(&rule).map_err(|_| Error::DatabaseCorrupt)?, lang).to_string()
                    }
                    (None, Some(t)) => t,
                    (None, None) => return Err(Error::DatabaseCorrupt),
                };
                Ok(DueItem { source, id, case_id, case_title, title, due, file_by, kind })
            })
            .collect()
        };
        let this_week = due(
            "d.due >= ?1 AND (d.due < ?2 OR d.file_by < ?2)",
            "t.due >= ?1 AND t.due < ?2",
            "7, 4, 1, 6",
            &[&today_s, &week_s],
        )?;
        let (late_deadline, late_task) = ("d.due < ?1 AND d.kind = 'deadline'", "t.due < ?1");
        let overdue = due(late_deadline, late_task, &format!("7 DESC, 4, 1, 6 LIMIT {OVERDUE_LIMIT}"), &[&today_s])?;
        let overdue_count: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT (SELECT count(*) FROM deadline d WHERE d.done IS NULL AND {late_deadline})
                      + (SELECT count(*) FROM task t WHERE t.done IS NULL AND {late_task})"
            ))?
            .query_row([&today_s], |r| r.get(0))?;
        let open_without_next = "FROM legal_case c WHERE c.stage != 'closed' AND NOT EXISTS
             (SELECT 1 FROM deadline d WHERE d.case_id = c.id AND d.done IS NULL AND d.kind = 'deadline'
                                         AND d.due >= ?1)";
        let without_next_deadline_count: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) {open_without_next}"))?
            .query_row([&today_s], |r| r.get(0))?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT c.id, c.title, c.jurisdiction, c.stage, c.lawyer,
                    (SELECT p.name FROM case_role r JOIN person p ON p.id = r.person_id
                     WHERE r.case_id = c.id AND r.role = 'client' ORDER BY p.name LIMIT 1)
             {open_without_next} ORDER BY c.created LIMIT ?2"
        ))?;
        let without_next_deadline = stmt
            .query_map(params![today_s, WITHOUT_NEXT_LIMIT], case_summary_row)?
            .map(|r| r?.into_summary())
            .collect::<Result<Vec<_>>>()?;
        Ok(Dashboard {
            today: today_s,
            this_week,
            overdue,
            overdue_count: overdue_count as u64,
            without_next_deadline,
            without_next_deadline_count: without_next_deadline_count as u64,
        })
    }
}
