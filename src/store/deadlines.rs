//! Deadlines in the vault: the engine's results kept per case, manual deadlines, closures,
//! suspensions, the deadline settings, reminders and the calendar views.
//!
//! Computed deadlines are rewritten by [`recompute_case`] inside the transaction of whatever
//! changed their inputs (an event, the case's jurisdiction or parties, a closure, a setting), so
//! they are never stale. A deadline the lawyer marked done is history: recomputation leaves it
//! as it was.

use std::io::Write;
use std::path::Path;

use chrono::{Days, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::deadlines::calendar::BusinessCalendar;
use crate::deadlines::engine::{self, CaseFacts, Computation};
use crate::deadlines::ics;
use crate::deadlines::trace::{self, Step};
use crate::deadlines::{rules, Deadline, DeadlineKind, DeadlineStatus, RuleEdition, RuleId, Warning, MANUAL};
use crate::domain::{self, CalendarId, EventKind, Jurisdiction, Relief};
use crate::error::{corrupt, Error, Result};
use crate::fsx;
use crate::settings::Language;
use crate::store::filter::Where;
use crate::store::{audit, column, events, require};
use crate::vault::Vault;

/// How far back a missed deadline is still announced as a reminder (at unlock, after a
/// holiday); older ones stay on the dashboard's overdue list.
pub const REMINDER_LOOKBACK_DAYS: u64 = 30;

/// Vault-wide deadline settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct DeadlineSettings {
    /// Business days between the file-by target and the legal deadline.
    pub file_by_days: u32,
    /// Remind this many days before each file-by target (0 = on the day).
    pub reminder_days: Vec<u32>,
}

impl Default for DeadlineSettings {
    fn default() -> Self {
        DeadlineSettings { file_by_days: 3, reminder_days: vec![7, 1, 0] }
    }
}

impl DeadlineSettings {
    fn validated(mut self) -> Result<Self> {
        if self.file_by_days > 30 {
            return Err(Error::invalid("file-by days", "must be between 0 and 30"));
        }
        if self.reminder_days.len() > 10 || self.reminder_days.iter().any(|&d| d > 90) {
            return Err(Error::invalid("reminder days", "use up to 10 values between 0 and 90"));
        }
        self.reminder_days.sort_unstable_by(|a, b| b.cmp(a));
        self.reminder_days.dedup();
        Ok(self)
    }
}

/// Filters for deadline lists; all optional, combined with AND.
#[derive(Debug, Default, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(default)]
pub struct DeadlineFilter {
    pub case_id: Option<String>,
    /// First and last due date, inclusive (`YYYY-MM-DD`).
    pub from: Option<String>,
    pub to: Option<String>,
    pub lawyer: Option<String>,
    pub status: Option<DeadlineStatus>,
}

/// A closure day or a suspension period.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Closure {
    pub id: String,
    pub first_day: String,
    pub last_day: String,
    /// `None`: every calendar.
    pub calendar: Option<CalendarId>,
    pub note: Option<String>,
    /// A suspension (deadlines stop running) rather than a closed day.
    pub suspension: bool,
}

/// A reminder the lawyer has not seen yet.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Reminder {
    pub deadline: Deadline,
    /// The reminder lead time reached (days before the file-by target).
    pub lead_days: u32,
}

/// Something on the calendar: a deadline or an appointment (hearing, interview, biometrics).
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CalendarItem {
    pub date: String,
    pub case_id: String,
    pub case_title: String,
    pub title: String,
    /// `deadline`, `earliest`, `watch` or `appointment`.
    pub kind: String,
    /// The deadline's id, or the event's for appointments.
    pub id: String,
    /// Deadlines: the rule id, or `manual`.
    pub rule: Option<String>,
    pub done: bool,
}

/// Load everything the engine needs about one case and compute it.
fn compute_case(conn: &Connection, case_id: &str) -> Result<Computation> {
    let jurisdiction: String = conn
        .prepare_cached("SELECT jurisdiction FROM legal_case WHERE id = ?1")?
        .query_row([case_id], |r| r.get(0))
        .optional()?
        .ok_or(Error::NotFound("case"))?;
    let jurisdiction = Jurisdiction::parse(&jurisdiction).map_err(corrupt)?;
    let relief = column::<String>(conn, "SELECT relief FROM case_relief WHERE case_id = ?1", [case_id])?
        .iter()
        .map(|r| Relief::parse(r).map_err(corrupt))
        .collect::<Result<Vec<_>>>()?;
    let client_detained: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM case_role r JOIN person p ON p.id = r.person_id
                        WHERE r.case_id = ?1 AND r.role = 'client' AND p.detained = 1)",
        )?
        .query_row([case_id], |r| r.get(0))?;
    let mut stmt = conn.prepare_cached("SELECT rule, edition FROM case_rule_edition WHERE case_id = ?1")?;
    let chosen_editions = stmt
        .query_map([case_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .map(|r| {
            let (rule, edition) = r?;
            Ok((RuleId::parse(&rule).map_err(corrupt)?, edition))
        })
        .collect::<Result<Vec<_>>>()?;
    let facts =
        CaseFacts { jurisdiction, relief, client_detained, events: events::facts(conn, case_id)?, chosen_editions };
    let cal = business_calendar(conn, jurisdiction.calendar())?;
    Ok(engine::compute(&facts, &cal, settings(conn)?.file_by_days))
}

/// A country's calendar with the closures and suspensions that apply to it.
fn business_calendar(conn: &Connection, country: Option<CalendarId>) -> Result<BusinessCalendar> {
    let date = |s: String| NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(corrupt);
    let mut stmt = conn.prepare_cached(
        "SELECT kind, first_day, last_day FROM calendar_exception WHERE calendar IS NULL OR calendar = ?1",
    )?;
    let rows = stmt.query_map([country.map(CalendarId::as_str)], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
    })?;
    let (mut closed, mut suspended) = (Vec::new(), Vec::new());
    for r in rows {
        let (kind, first, last) = r?;
        let (first, last) = (date(first)?, date(last)?);
        if kind == "closure" {
            closed.extend(first.iter_days().take_while(|d| *d <= last));
        } else {
            suspended.push((first, last));
        }
    }
    Ok(BusinessCalendar::new(country).with_closures(closed).with_suspensions(suspended))
}

/// Recompute one case's deadlines (inside the caller's transaction). Idempotent.
pub(crate) fn recompute_case(tx: &Connection, case_id: &str, now: &str) -> Result<()> {
    let computed = compute_case(tx, case_id)?;
    let mut keep: Vec<String> = Vec::new();
    for c in &computed.deadlines {
        let trace = serde_json::to_string(&c.trace).map_err(corrupt)?;
        let existing: Option<(String, Option<String>)> = tx
            .prepare_cached("SELECT id, done_how FROM deadline WHERE case_id = ?1 AND rule = ?2 AND event_id = ?3")?
            .query_row(params![case_id, c.rule.as_str(), c.event_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let (due, file_by) = (c.due.to_string(), c.file_by.to_string());
        match existing {
            // Marked done by the lawyer: history, left as it was.
            Some((id, Some(how))) if how == "marked" => keep.push(id),
            Some((id, _)) => {
                // A moved deadline reminds again, at every lead time.
                tx.prepare_cached(
                    "DELETE FROM reminder_seen WHERE deadline_id = ?1
                       AND EXISTS (SELECT 1 FROM deadline WHERE id = ?1 AND (due != ?2 OR file_by != ?3))",
                )?
                .execute(params![id, due, file_by])?;
                tx.prepare_cached(
                    "UPDATE deadline SET edition = ?2, kind = ?3, due = ?4, file_by = ?5, trace = ?6,
                        done = CASE WHEN ?7 THEN coalesce(done, ?8) END,
                        done_how = CASE WHEN ?7 THEN 'met' END,
                        updated = CASE WHEN due = ?4 AND file_by = ?5 AND trace = ?6
                                        AND (done_how IS 'met') = ?7 THEN updated ELSE ?8 END
                     WHERE id = ?1",
                )?
                .execute(params![id, c.edition, c.kind.as_str(), due, file_by, trace, c.met, now])?;
                keep.push(id);
            }
            None => {
                let id = domain::new_id();
                tx.prepare_cached(
                    "INSERT INTO deadline (id, case_id, rule, edition, event_id, kind, due, file_by, trace, done, done_how,
                                           created, updated)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, CASE WHEN ?10 THEN ?11 END, CASE WHEN ?10 THEN 'met' END,
                             ?11, ?11)",
                )?
                .execute(params![
                    id,
                    case_id,
                    c.rule.as_str(),
                    c.edition,
                    c.event_id,
                    c.kind.as_str(),
                    due,
                    file_by,
                    trace,
                    c.met,
                    now
                ])?;
                keep.push(id);
            }
        }
    }
    // Computed deadlines whose rule no longer applies (jurisdiction, relief or detention changed),
    // except those the lawyer marked done: they are history (they go only with their event).
    let stale = column::<String>(
        tx,
        "SELECT id FROM deadline WHERE case_id = ?1 AND rule IS NOT NULL AND done_how IS NOT 'marked'",
        [case_id],
    )?;
    for id in stale.iter().filter(|id| !keep.contains(id)) {
        tx.prepare_cached("DELETE FROM deadline WHERE id = ?1")?.execute([id])?;
    }
    refresh_manual_file_by(tx, case_id, now)
}

/// Manual deadlines keep their due date; their file-by target follows the settings and calendar.
pub(crate) fn refresh_manual_file_by(tx: &Connection, case_id: &str, now: &str) -> Result<()> {
    let jurisdiction: String =
        tx.prepare_cached("SELECT jurisdiction FROM legal_case WHERE id = ?1")?.query_row([case_id], |r| r.get(0))?;
    let cal = business_calendar(tx, Jurisdiction::parse(&jurisdiction).map_err(corrupt)?.calendar())?;
    let days = settings(tx)?.file_by_days;
    let mut stmt =
        tx.prepare_cached("SELECT id, due FROM deadline WHERE case_id = ?1 AND rule IS NULL AND done IS NULL")?;
    let rows = stmt.query_map([case_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for r in rows.collect::<rusqlite::Result<Vec<_>>>()? {
        let due = NaiveDate::parse_from_str(&r.1, "%Y-%m-%d").map_err(corrupt)?;
        let file_by = cal.sub_business_days(due, days).to_string();
        tx.prepare_cached("UPDATE deadline SET file_by = ?2, updated = ?3 WHERE id = ?1 AND file_by != ?2")?
            .execute(params![r.0, file_by, now])?;
    }
    Ok(())
}

/// Recompute every case that has events or deadlines (after an upgrade from schema v1).
pub(crate) fn recompute_all(tx: &Connection, now: &str) -> Result<()> {
    recompute_cases_on(tx, None, now)
}

/// Recompute every case with events or deadlines whose jurisdiction counts on `calendar`
/// (`None`: every such case).
fn recompute_cases_on(tx: &Connection, calendar: Option<CalendarId>, now: &str) -> Result<()> {
    let jurisdictions: Vec<&str> = Jurisdiction::ALL
        .iter()
        .filter(|j| calendar.is_none() || j.calendar() == calendar)
        .map(|j| j.as_str())
        .collect();
    let cases = column::<String>(
        tx,
        "SELECT id FROM legal_case c
         WHERE c.jurisdiction IN (SELECT value FROM json_each(?1))
           AND (EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id)
                OR EXISTS (SELECT 1 FROM deadline d WHERE d.case_id = c.id))",
        [serde_json::to_string(&jurisdictions).map_err(corrupt)?],
    )?;
    for id in cases {
        recompute_case(tx, &id, now)?;
    }
    Ok(())
}

fn settings(conn: &Connection) -> Result<DeadlineSettings> {
    let raw: Option<String> = conn
        .prepare_cached("SELECT value FROM vault_setting WHERE key = 'deadlines'")?
        .query_row([], |r| r.get(0))
        .optional()?;
    match raw {
        None => Ok(DeadlineSettings::default()),
        Some(json) => serde_json::from_str(&json).map_err(corrupt),
    }
}

const DEADLINE_COLUMNS: &str =
    "d.id, d.case_id, c.title, d.rule, d.kind, d.edition, d.event_id, d.title, d.due, d.file_by,
                                d.trace, d.done";

/// Read deadlines: `sql_tail` follows `FROM deadline d JOIN legal_case c ...`.
fn read_deadlines(
    conn: &Connection,
    sql_tail: &str,
    params: impl rusqlite::Params,
    lang: Language,
) -> Result<Vec<Deadline>> {
    let sql = format!("SELECT {DEADLINE_COLUMNS} FROM deadline d JOIN legal_case c ON c.id = d.case_id {sql_tail}");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params, |r| {
        Ok((
            (r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, Option<String>>(3)?),
            (r.get::<_, String>(4)?, r.get::<_, Option<String>>(5)?, r.get::<_, Option<String>>(6)?),
            (r.get::<_, Option<String>>(7)?, r.get::<_, String>(8)?, r.get::<_, String>(9)?),
            (r.get::<_, String>(10)?, r.get::<_, Option<String>>(11)?),
        ))
    })?;
    rows.map(|r| {
        let ((id, case_id, case_title, rule), (kind, edition, event_id), (title, due, file_by), (trace, done)) = r?;
        let rule = rule.map(|r| RuleId::parse(&r).map_err(corrupt)).transpose()?;
        let steps: Vec<Step> = serde_json::from_str(&trace).map_err(corrupt)?;
        Ok(Deadline {
            id,
            case_id,
            case_title,
            rule: rule.map_or(MANUAL, RuleId::as_str).to_string(),
            kind: DeadlineKind::parse(&kind).map_err(corrupt)?,
            edition,
            event_id,
            title: match (rule, title) {
                (Some(rule), _) => trace::rule_title(rule, lang).to_string(),
                (None, Some(t)) => t,
                (None, None) => return Err(Error::DatabaseCorrupt),
            },
            due,
            file_by,
            trace: steps.iter().map(|s| s.render(lang)).collect(),
            status: if done.is_some() { DeadlineStatus::Done } else { DeadlineStatus::Open },
            done_at: done,
        })
    })
    .collect()
}

fn opt_date(field: &'static str, s: &Option<String>) -> Result<Option<String>> {
    s.as_deref().map(|d| domain::parse_date(field, d).map(|d| d.to_string())).transpose()
}

impl Vault {
    /// Deadlines matching the filter, earliest due first.
    pub fn deadlines(&self, f: &DeadlineFilter) -> Result<Vec<Deadline>> {
        let case_id = f.case_id.as_deref().map(|c| domain::parse_id("case id", c)).transpose()?;
        let (from, to) = (opt_date("from", &f.from)?, opt_date("to", &f.to)?);
        let mut filter = Where::default();
        filter
            .when("d.case_id = ?", case_id)
            .when("d.due >= ?", from)
            .when("d.due <= ?", to)
            .when("c.lawyer = ?", f.lawyer.clone());
        match f.status {
            Some(DeadlineStatus::Done) => filter.always("d.done IS NOT NULL"),
            Some(DeadlineStatus::Open) => filter.always("d.done IS NULL"),
            None => &mut filter,
        };
        read_deadlines(
            &self.conn,
            &format!("{} ORDER BY d.due, d.file_by, c.title, d.rowid", filter.sql()),
            filter.params(),
            self.language,
        )
    }

    /// What the engine could not compute for a case, or wants the lawyer to check.
    pub fn deadline_warnings(&self, case_id: &str) -> Result<Vec<Warning>> {
        Ok(compute_case(&self.conn, case_id)?.problems.iter().map(|p| p.to_warning(self.language)).collect())
    }

    /// A deadline typed in by the lawyer (not computed by a rule), marked as manual.
    pub fn add_manual_deadline(&mut self, case_id: &str, title: &str, due: &str) -> Result<String> {
        let title = domain::required_text("title", title, 300)?;
        let due = domain::parse_event_date("due date", due)?;
        self.write(|tx, now| {
            require(tx, "legal_case", "case", case_id)?;
            let id = domain::new_id();
            let trace = serde_json::to_string(&[Step::Manual { date: due }]).map_err(corrupt)?;
            tx.prepare_cached(
                "INSERT INTO deadline (id, case_id, kind, title, due, file_by, trace, created, updated)
                 VALUES (?1, ?2, 'deadline', ?3, ?4, ?4, ?5, ?6, ?6)",
            )?
            .execute(params![id, case_id, title, due.to_string(), trace, now])?;
            refresh_manual_file_by(tx, case_id, now)?;
            audit::append(tx, now, "deadline.create", "deadline", &id)?;
            Ok(id)
        })
    }

    /// Mark a deadline done. Completing a done one keeps its first completion time.
    pub fn complete_deadline(&mut self, id: &str) -> Result<()> {
        self.write(|tx, now| {
            require(tx, "deadline", "deadline", id)?;
            tx.prepare_cached(
                "UPDATE deadline SET done = ?2, done_how = 'marked', updated = ?2 WHERE id = ?1 AND done IS NULL",
            )?
            .execute(params![id, now])?;
            audit::append(tx, now, "deadline.done", "deadline", id)
        })
    }

    /// Open a done deadline again (a completion made by mistake).
    pub fn reopen_deadline(&mut self, id: &str) -> Result<()> {
        self.write(|tx, now| {
            let (case_id, how): (String, Option<String>) = tx
                .prepare_cached("SELECT case_id, done_how FROM deadline WHERE id = ?1")?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
                .ok_or(Error::NotFound("deadline"))?;
            if how.as_deref() == Some("met") {
                return Err(Error::invalid("deadline", "is met by a later event; change or delete that event instead"));
            }
            tx.prepare_cached("UPDATE deadline SET done = NULL, done_how = NULL, updated = ?2 WHERE id = ?1")?
                .execute(params![id, now])?;
            // Reopened: it reminds again from the start.
            tx.prepare_cached("DELETE FROM reminder_seen WHERE deadline_id = ?1")?.execute([id])?;
            audit::append(tx, now, "deadline.reopen", "deadline", id)?;
            recompute_case(tx, &case_id, now)
        })
    }

    /// Delete a manual deadline. A computed one cannot be deleted: it would come back with the
    /// next recomputation; change or delete the event it comes from instead.
    pub fn delete_deadline(&mut self, id: &str) -> Result<()> {
        self.write(|tx, now| {
            let rule: Option<String> = tx
                .prepare_cached("SELECT rule FROM deadline WHERE id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?
                .ok_or(Error::NotFound("deadline"))?;
            if rule.is_some() {
                return Err(Error::invalid(
                    "deadline",
                    "is computed from an event; change or delete the event instead",
                ));
            }
            tx.prepare_cached("DELETE FROM deadline WHERE id = ?1")?.execute([id])?;
            audit::append(tx, now, "deadline.delete", "deadline", id)
        })
    }

    /// Choose which edition of a rule a case uses (`None`: the edition in effect on each event's
    /// date).
    pub fn set_rule_edition(&mut self, case_id: &str, rule: RuleId, edition: Option<&str>) -> Result<()> {
        if let Some(e) = edition {
            if !rules::editions_of(rule).iter().any(|x| x.id == e) {
                return Err(Error::invalid("edition", "this rule has no such edition"));
            }
        }
        self.write(|tx, now| {
            require(tx, "legal_case", "case", case_id)?;
            match edition {
                Some(e) => tx
                    .prepare_cached(
                        "INSERT INTO case_rule_edition (case_id, rule, edition) VALUES (?1, ?2, ?3)
                     ON CONFLICT (case_id, rule) DO UPDATE SET edition = excluded.edition",
                    )?
                    .execute(params![case_id, rule.as_str(), e])?,
                None => tx
                    .prepare_cached("DELETE FROM case_rule_edition WHERE case_id = ?1 AND rule = ?2")?
                    .execute(params![case_id, rule.as_str()])?,
            };
            audit::append(tx, now, "case.rule-edition", "case", case_id)?;
            recompute_case(tx, case_id, now)
        })
    }

    /// The rule editions chosen for a case.
    pub fn rule_editions(&self, case_id: &str) -> Result<Vec<RuleEdition>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT rule, edition FROM case_rule_edition WHERE case_id = ?1 ORDER BY rule")?;
        let rows = stmt.query_map([case_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        rows.map(|r| {
            let (rule, edition) = r?;
            Ok(RuleEdition { rule: RuleId::parse(&rule).map_err(corrupt)?, edition })
        })
        .collect()
    }

    /// Days the courts or offices are closed, `first` to `last` inclusive (`last: None`: one day;
    /// `calendar: None`: every calendar). Recomputes the affected deadlines.
    pub fn add_closure(
        &mut self,
        first: &str,
        last: Option<&str>,
        calendar: Option<CalendarId>,
        note: Option<&str>,
    ) -> Result<String> {
        self.add_exception("closure", first, last.unwrap_or(first), calendar, note)
    }

    /// A suspension: deadlines of `calendar` do not run from `first` to `last`, inclusive.
    pub fn add_suspension(
        &mut self,
        first: &str,
        last: &str,
        calendar: Option<CalendarId>,
        note: Option<&str>,
    ) -> Result<String> {
        self.add_exception("suspension", first, last, calendar, note)
    }

    fn add_exception(
        &mut self,
        kind: &'static str,
        first: &str,
        last: &str,
        calendar: Option<CalendarId>,
        note: Option<&str>,
    ) -> Result<String> {
        let first = domain::parse_event_date("from", first)?;
        let last = domain::parse_event_date("to", last)?;
        if last < first {
            return Err(Error::invalid("to", "is before the first day"));
        }
        if (last - first).num_days() > 366 {
            return Err(Error::invalid("to", "a closure or suspension may last at most a year"));
        }
        let note =
            note.map(str::trim).filter(|n| !n.is_empty()).map(|n| domain::required_text("note", n, 300)).transpose()?;
        self.write(|tx, now| {
            let id = domain::new_id();
            tx.prepare_cached(
                "INSERT INTO calendar_exception (id, kind, first_day, last_day, calendar, note, created)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                id,
                kind,
                first.to_string(),
                last.to_string(),
                calendar.map(CalendarId::as_str),
                note,
                now
            ])?;
            audit::append(tx, now, &format!("{kind}.create"), kind, &id)?;
            recompute_cases_on(tx, calendar, now)?;
            Ok(id)
        })
    }

    /// Remove a closure or a suspension, and recompute.
    pub fn delete_closure(&mut self, id: &str) -> Result<()> {
        self.write(|tx, now| {
            let (kind, calendar): (String, Option<String>) = tx
                .prepare_cached("SELECT kind, calendar FROM calendar_exception WHERE id = ?1")?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
                .ok_or(Error::NotFound("closure"))?;
            tx.prepare_cached("DELETE FROM calendar_exception WHERE id = ?1")?.execute([id])?;
            audit::append(tx, now, &format!("{kind}.delete"), &kind, id)?;
            let calendar = calendar.map(|c| CalendarId::parse(&c).map_err(corrupt)).transpose()?;
            recompute_cases_on(tx, calendar, now)
        })
    }

    /// Closure days and suspensions, by first day.
    pub fn closures(&self) -> Result<Vec<Closure>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, first_day, last_day, calendar, note, kind = 'suspension' FROM calendar_exception
             ORDER BY first_day, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get::<_, Option<String>>(3)?, r.get(4)?, r.get(5)?))
        })?;
        rows.map(|r| {
            let (id, first_day, last_day, calendar, note, suspension) = r?;
            Ok(Closure {
                id,
                first_day,
                last_day,
                calendar: calendar.map(|c| CalendarId::parse(&c).map_err(corrupt)).transpose()?,
                note,
                suspension,
            })
        })
        .collect()
    }

    pub fn deadline_settings(&self) -> Result<DeadlineSettings> {
        settings(&self.conn)
    }

    /// Change the deadline settings; every case's file-by targets are recomputed.
    pub fn set_deadline_settings(&mut self, s: DeadlineSettings) -> Result<()> {
        let s = s.validated()?;
        let json = serde_json::to_string(&s).map_err(corrupt)?;
        self.write(|tx, now| {
            tx.prepare_cached(
                "INSERT INTO vault_setting (key, value) VALUES ('deadlines', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute([json])?;
            audit::append(tx, now, "settings.update", "settings", "deadlines")?;
            recompute_cases_on(tx, None, now)
        })
    }

    /// Open deadlines whose reminder time has come and that the lawyer has not seen at that lead
    /// time. A reminder missed while the app was closed or locked is still here at the next
    /// unlock. One entry per deadline, at the shortest lead time reached.
    pub fn due_reminders(&self) -> Result<Vec<Reminder>> {
        let today = self.clock.today();
        let leads = settings(&self.conn)?.reminder_days;
        let Some(&longest) = leads.iter().max() else { return Ok(Vec::new()) };
        let horizon = today.checked_add_days(Days::new(longest.into())).unwrap_or(today).to_string();
        // Deadlines missed long ago are the dashboard's (it lists and counts every overdue one);
        // without this bound, years of unmarked history were all re-announced every minute.
        let since = today.checked_sub_days(Days::new(REMINDER_LOOKBACK_DAYS)).unwrap_or(today).to_string();
        let candidates = read_deadlines(
            &self.conn,
            "WHERE d.done IS NULL AND d.kind = 'deadline' AND d.file_by <= ?1 AND d.file_by >= ?2
             ORDER BY d.file_by, d.due, d.rowid",
            [&horizon, &since],
            self.language,
        )?;
        let mut out = Vec::new();
        for d in candidates {
            let file_by = NaiveDate::parse_from_str(&d.file_by, "%Y-%m-%d").map_err(corrupt)?;
            let days_left = (file_by - today).num_days();
            let Some(lead) = leads.iter().copied().filter(|&l| i64::from(l) >= days_left).min() else { continue };
            let seen: bool = self
                .conn
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM reminder_seen WHERE deadline_id = ?1 AND lead_days <= ?2)",
                )?
                .query_row(params![d.id, lead], |r| r.get(0))?;
            if !seen {
                out.push(Reminder { deadline: d, lead_days: lead });
            }
        }
        Ok(out)
    }

    /// The lawyer has seen these reminders: they do not come back until the next lead time.
    pub fn mark_reminders_seen(&mut self, seen: &[(String, u32)]) -> Result<()> {
        self.write(|tx, now| {
            for (id, lead) in seen {
                require(tx, "deadline", "deadline", id)?;
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO reminder_seen (deadline_id, lead_days, seen) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![id, lead, now])?;
            }
            Ok(())
        })
    }

    /// Deadlines and appointments between two dates, inclusive, by date.
    pub fn calendar(&self, from: &str, to: &str) -> Result<Vec<CalendarItem>> {
        let from = domain::parse_date("from", from)?;
        let to = domain::parse_date("to", to)?;
        if to < from || (to - from).num_days() > 400 {
            return Err(Error::invalid("to", "must be after the first day and within about a year of it"));
        }
        let (from, to) = (from.to_string(), to.to_string());
        let mut items: Vec<CalendarItem> = self
            .deadlines(&DeadlineFilter { from: Some(from.clone()), to: Some(to.clone()), ..Default::default() })?
            .into_iter()
            .map(|d| CalendarItem {
                date: d.due,
                case_id: d.case_id,
                case_title: d.case_title,
                title: d.title,
                kind: d.kind.as_str().to_string(),
                id: d.id,
                rule: Some(d.rule),
                done: d.status == DeadlineStatus::Done,
            })
            .collect();
        let appointments: Vec<&str> =
            EventKind::ALL.iter().filter(|k| k.is_appointment()).map(|k| k.as_str()).collect();
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.id, e.date, e.kind, e.case_id, c.title FROM case_event e JOIN legal_case c ON c.id = e.case_id
             WHERE e.date >= ?1 AND e.date <= ?2 AND e.kind IN (SELECT value FROM json_each(?3))",
        )?;
        let json = serde_json::to_string(&appointments).map_err(corrupt)?;
        let rows = stmt.query_map(params![from, to, json], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get(4)?,
            ))
        })?;
        for r in rows {
            let (id, date, kind, case_id, case_title) = r?;
            let kind = EventKind::parse(&kind).map_err(corrupt)?;
            items.push(CalendarItem {
                date,
                case_id,
                case_title,
                title: trace::event_name(kind, self.language).to_string(),
                kind: "appointment".into(),
                id,
                rule: None,
                done: false,
            });
        }
        items.sort_by(|a, b| a.date.cmp(&b.date).then(a.case_title.cmp(&b.case_title)));
        Ok(items)
    }

    /// Write an `.ics` calendar of open deadlines and appointments from `from` (default: today)
    /// to `to` (default: a year on) to `out_path`, atomically. Entries name a short case
    /// reference, not the case, unless `with_case_titles` (which puts client data in a plaintext
    /// file). Returns the number of entries. Audited.
    pub fn export_ics(
        &mut self,
        out_path: &Path,
        replace: bool,
        from: Option<&str>,
        to: Option<&str>,
        with_case_titles: bool,
    ) -> Result<usize> {
        if !replace && out_path.exists() {
            return Err(Error::invalid("output file", "already exists; choose another name"));
        }
        let today = self.clock.today();
        let from = from.map(|f| domain::parse_date("from", f)).transpose()?.unwrap_or(today);
        let to = to
            .map(|t| domain::parse_date("to", t))
            .transpose()?
            .unwrap_or_else(|| from.checked_add_days(Days::new(365)).unwrap_or(from));
        let lang = self.language;
        let entries: Vec<ics::Entry> = self
            .calendar(&from.to_string(), &to.to_string())?
            .into_iter()
            .filter(|i| !i.done)
            .map(|i| {
                let case = if with_case_titles { i.case_title.clone() } else { ics::case_reference(&i.case_id) };
                let (label, manual) = match lang {
                    Language::En => ("case", "Deadline entered by hand"),
                    Language::Es => ("caso", "Plazo ingresado a mano"),
                };
                // A manual deadline's title is the lawyer's free text, which may name the client.
                let title = if !with_case_titles && i.rule.as_deref() == Some(MANUAL) { manual } else { &i.title };
                ics::Entry {
                    uid: format!("{}@amparo", i.id),
                    date: NaiveDate::parse_from_str(&i.date, "%Y-%m-%d").unwrap_or(from),
                    summary: format!("{title} ({label} {case})"),
                    description: format!("Amparo {label} {}", ics::case_reference(&i.case_id)),
                }
            })
            .collect();
        let count = entries.len();
        let text = ics::render(&entries, self.clock.now());
        fsx::write_atomic(out_path, |f| f.write_all(text.as_bytes())).map_err(Error::io("write the calendar file"))?;
        let how = if with_case_titles { "titles" } else { "references" };
        self.write(|tx, now| audit::append(tx, now, "calendar.export", "calendar", how))?;
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use secrecy::SecretString;

    use crate::domain::records::{CaseDetails, NewPerson};
    use crate::domain::EventKind;
    use crate::store::deadlines::DeadlineFilter;
    use crate::vault::kdf::KdfChoice;
    use crate::{Unlock, Vault};

    /// Regression: a vault upgraded from schema v1 had its key dates turned into events but no
    /// deadlines until someone edited each case.
    #[test]
    fn upgrading_from_schema_v1_computes_the_deadlines_of_existing_key_dates() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v");
        let pass = SecretString::from("upgrade test passphrase");
        let mut v = Vault::create(&path, &pass, KdfChoice::InsecureForTests).unwrap().vault;
        let details = CaseDetails { jurisdiction: "us-eoir".into(), title: "T".into(), ..Default::default() };
        let (_, case_id) = v.intake(NewPerson { name: "A".into(), ..Default::default() }, details).unwrap();
        // Turn the database back into exactly what schema v1 left, with one key date in it.
        v.conn
            .execute_batch(
                "DROP TABLE name_index; DROP INDEX legal_case_by_created; DROP INDEX legal_case_by_lawyer;
                 DROP INDEX legal_case_by_jurisdiction; DROP INDEX legal_case_by_stage; DROP INDEX task_open_by_due;
                 ALTER TABLE legal_case DROP COLUMN outcome; ALTER TABLE legal_case DROP COLUMN closed;
                 DROP TABLE search_key; DROP TABLE sheet_row; DROP TABLE name_token; DROP TABLE person_name_token; DROP TABLE merge_conflict; DROP TABLE unit_history; DROP TABLE identity; DROP TABLE contact;
                 ALTER TABLE document DROP COLUMN stored_size; ALTER TABLE document DROP COLUMN stored_sha256;
                 DROP TABLE reminder_seen; DROP TABLE deadline; DROP TABLE case_rule_edition;
                 DROP TABLE calendar_exception; DROP TABLE vault_setting;
                 DROP INDEX case_event_by_case; DROP INDEX case_event_by_date;
                 ALTER TABLE case_event DROP COLUMN note; ALTER TABLE case_event DROP COLUMN updated;
                 ALTER TABLE case_event RENAME TO case_date;
                 CREATE INDEX case_date_by_case ON case_date(case_id, date);
                 PRAGMA user_version = 1;",
            )
            .unwrap();
        v.conn
            .execute(
                "INSERT INTO case_date (id, case_id, kind, date, created) VALUES ('d1', ?1, 'mch-hearing', '2027-01-11', 'x')",
                [&case_id],
            )
            .unwrap();
        drop(v);
        let v = Vault::open(&path, Unlock::Passphrase(&pass)).unwrap();
        let ds = v.deadlines(&DeadlineFilter { case_id: Some(case_id.clone()), ..Default::default() }).unwrap();
        assert_eq!(
            ds.iter().map(|d| (d.rule.as_str(), d.due.as_str())).collect::<Vec<_>>(),
            [("mch-filings", "2026-12-28")]
        );
        assert_eq!(v.events_of(&case_id).unwrap()[0].kind, EventKind::MasterHearing);
        assert!(v.verify_audit().unwrap().ok);
    }
}
