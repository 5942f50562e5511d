//! The morning view: what is due this week, what is overdue, and which open cases have nothing
//! dated ahead of them (the cases most likely to slip). Until the deadline engine lands, dated
//! items are the cases' tasks with due dates.

use chrono::Days;
use rusqlite::params;
use serde::Serialize;

use crate::domain::records::CaseSummary;
use crate::error::Result;
use crate::store::cases::case_summary_row;
use crate::vault::Vault;

/// How many cases without a next date the dashboard lists (the count covers them all).
const WITHOUT_NEXT_LIMIT: i64 = 50;

/// Something due on a case.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct DueItem {
    pub task_id: String,
    pub case_id: String,
    pub case_title: String,
    pub title: String,
    pub due: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Dashboard {
    /// The date the view was computed for (the user's local today).
    pub today: String,
    pub this_week: Vec<DueItem>,
    pub overdue: Vec<DueItem>,
    pub without_next_date: Vec<CaseSummary>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub without_next_date_count: u64,
}

impl Vault {
    pub fn dashboard(&self) -> Result<Dashboard> {
        let today = self.clock.today();
        let week_end = today.checked_add_days(Days::new(7)).unwrap_or(today);
        let (today_s, week_s) = (today.to_string(), week_end.to_string());
        let due = |sql: &str, params: &[&dyn rusqlite::ToSql]| -> Result<Vec<DueItem>> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let rows = stmt.query_map(params, |r| {
                Ok(DueItem {
                    task_id: r.get(0)?,
                    case_id: r.get(1)?,
                    case_title: r.get(2)?,
                    title: r.get(3)?,
                    due: r.get(4)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let this_week = due(
            "SELECT t.id, t.case_id, c.title, t.title, t.due FROM task t JOIN legal_case c ON c.id = t.case_id
             WHERE t.done IS NULL AND t.due >= ?1 AND t.due < ?2 ORDER BY t.due, c.title",
            &[&today_s, &week_s],
        )?;
        let overdue = due(
            "SELECT t.id, t.case_id, c.title, t.title, t.due FROM task t JOIN legal_case c ON c.id = t.case_id
             WHERE t.done IS NULL AND t.due < ?1 ORDER BY t.due, c.title",
            &[&today_s],
        )?;
        let open_without_next = "FROM legal_case c WHERE c.stage != 'closed' AND NOT EXISTS
             (SELECT 1 FROM task t WHERE t.case_id = c.id AND t.done IS NULL AND t.due >= ?1)";
        let without_next_date_count: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) {open_without_next}"))?
            .query_row([&today_s], |r| r.get(0))?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT c.id, c.title, c.jurisdiction, c.stage, c.lawyer,
                    (SELECT p.name FROM case_role r JOIN person p ON p.id = r.person_id
                     WHERE r.case_id = c.id AND r.role = 'client' ORDER BY p.name LIMIT 1)
             {open_without_next} ORDER BY c.created LIMIT ?2"
        ))?;
        let without_next_date = stmt
            .query_map(params![today_s, WITHOUT_NEXT_LIMIT], case_summary_row)?
            .map(|r| r?.into_summary())
            .collect::<Result<Vec<_>>>()?;
        Ok(Dashboard {
            today: today_s,
            this_week,
            overdue,
            without_next_date,
            without_next_date_count: without_next_date_count as u64,
        })
    }
}
