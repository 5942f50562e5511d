//! Statistics for funders and the office, without personal data.
//!
//! Counts only: cases by jurisdiction, stage, relief track, outcome, nationality and month;
//! cases opened and closed; deadlines met and missed. No name, id, date of birth or free text
//! ever enters a report. A count from 1 to 4 is shown as `<5`, so that a report cannot single
//! out a client ("the one Haitian case denied in March"); and more cells of a breakdown are
//! hidden until the hidden ones cannot be worked out from the total. Reports over periods that
//! differ by a few days could still be compared to isolate one case: docs/cli.md says so.

use std::io::Write;
use std::path::Path;

use rusqlite::params;
use serde::{Serialize, Serializer};

use crate::domain;
use crate::error::{Error, Result};
use crate::vault::Vault;

/// Counts below this (and above zero) are not shown.
pub const SMALL_CELL: u32 = 5;

/// A count as a report shows it: the number, `<5`, or `hidden` (a larger number hidden so
/// that the small ones beside it cannot be worked out from the total).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    Shown(u32),
    Small,
    Hidden,
}

impl Count {
    fn of(n: u32) -> Count {
        if n > 0 && n < SMALL_CELL {
            Count::Small
        } else {
            Count::Shown(n)
        }
    }

    fn text(self) -> String {
        match self {
            Count::Shown(n) => n.to_string(),
            Count::Small => format!("<{SMALL_CELL}"),
            Count::Hidden => "hidden".to_string(),
        }
    }
}

impl Serialize for Count {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Count::Shown(n) => s.serialize_u32(*n),
            Count::Small => s.serialize_str("<5"),
            Count::Hidden => s.serialize_str("hidden"),
        }
    }
}

#[cfg(feature = "ts")]
impl ts_rs::TS for Count {
    type WithoutGenerics = Count;
    type OptionInnerType = Count;
    fn name(_: &ts_rs::Config) -> String {
        "number | \"<5\" | \"hidden\"".to_string()
    }
    fn inline(c: &ts_rs::Config) -> String {
        Self::name(c)
    }
}

/// One cell of a breakdown.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Bucket {
    /// A code (`us-eoir`, `asylum`, `SV`, `2026-03`), or `unknown`.
    pub key: String,
    pub count: Count,
}

/// The report. Breakdowns by jurisdiction, stage, relief, nationality and month count the cases
/// opened in the period; by outcome, the cases closed in it; deadlines, those due in it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Report {
    pub from: Option<String>,
    pub to: String,
    pub cases_opened: Count,
    pub cases_closed: Count,
    pub by_jurisdiction: Vec<Bucket>,
    pub by_stage: Vec<Bucket>,
    pub by_relief: Vec<Bucket>,
    pub by_nationality: Vec<Bucket>,
    pub by_month: Vec<Bucket>,
    pub by_outcome: Vec<Bucket>,
    pub deadlines_met: Count,
    pub deadlines_missed: Count,
}

impl Vault {
    /// The report for cases opened (and closed, and deadlines due) from `from` to `to`
    /// inclusive (`YYYY-MM-DD`; from the beginning, and until today, when not given).
    pub fn report(&self, from: Option<&str>, to: Option<&str>) -> Result<Report> {
        let from = from.filter(|d| !d.trim().is_empty()).map(|d| domain::parse_date("from", d)).transpose()?;
        let to = to
            .filter(|d| !d.trim().is_empty())
            .map(|d| domain::parse_date("to", d))
            .transpose()?
            .unwrap_or_else(|| self.clock.today());
        if from.is_some_and(|f| f > to) {
            return Err(Error::invalid("from", "must not be after to"));
        }
        let lo = from.map_or_else(|| "0000-01-01".to_string(), |d| d.to_string());
        let hi = to.to_string();
        let today = self.clock.today().to_string();
        let breakdown = |sql: &str| -> Result<Vec<Bucket>> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let rows = stmt.query_map(params![lo, hi], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))?;
            Ok(suppress(rows.collect::<rusqlite::Result<Vec<_>>>()?))
        };
        // Cases opened in the period: their creation day.
        const OPENED: &str = "substr(c.created, 1, 10) BETWEEN ?1 AND ?2";
        let count =
            |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<u32> { Ok(self.conn.query_row(sql, p, |r| r.get(0))?) };
        Ok(Report {
            from: from.map(|d| d.to_string()),
            to: hi.clone(),
            cases_opened: Count::of(count(&format!("SELECT count(*) FROM legal_case c WHERE {OPENED}"), &[&lo, &hi])?),
            cases_closed: Count::of(count(
                "SELECT count(*) FROM legal_case WHERE closed BETWEEN ?1 AND ?2",
                &[&lo, &hi],
            )?),
            by_jurisdiction: breakdown(&format!(
                "SELECT c.jurisdiction, count(*) FROM legal_case c WHERE {OPENED} GROUP BY 1 ORDER BY 1"
            ))?,
            by_stage: breakdown(&format!(
                "SELECT c.stage, count(*) FROM legal_case c WHERE {OPENED} GROUP BY 1 ORDER BY 1"
            ))?,
            by_relief: breakdown(&format!(
                "SELECT coalesce(r.relief, 'unknown'), count(*) FROM legal_case c
                 LEFT JOIN case_relief r ON r.case_id = c.id WHERE {OPENED} GROUP BY 1 ORDER BY 1"
            ))?,
            by_nationality: breakdown(&format!(
                "SELECT coalesce((SELECT p.nationality FROM case_role cr JOIN person p ON p.id = cr.person_id
                                  WHERE cr.case_id = c.id AND cr.role = 'client' ORDER BY p.created, p.id LIMIT 1),
                                 'unknown'),
                        count(*)
                 FROM legal_case c WHERE {OPENED} GROUP BY 1 ORDER BY 1"
            ))?,
            by_month: breakdown(&format!(
                "SELECT substr(c.created, 1, 7), count(*) FROM legal_case c WHERE {OPENED} GROUP BY 1 ORDER BY 1"
            ))?,
            by_outcome: breakdown(
                "SELECT coalesce(outcome, 'unknown'), count(*) FROM legal_case WHERE closed BETWEEN ?1 AND ?2
                 GROUP BY 1 ORDER BY 1",
            )?,
            // Met: a later event met it (a filing), or the lawyer marked it done by its day
            // (`done` is a timestamp, `due` a day: compared as days).
            deadlines_met: Count::of(count(
                "SELECT count(*) FROM deadline WHERE kind = 'deadline' AND due BETWEEN ?1 AND ?2
                     AND (done_how = 'met' OR (done_how = 'marked' AND substr(done, 1, 10) <= due))",
                &[&lo, &hi],
            )?),
            deadlines_missed: Count::of(count(
                "SELECT count(*) FROM deadline WHERE kind = 'deadline' AND due BETWEEN ?1 AND ?2
                     AND ((done IS NULL AND due < ?3) OR (done_how = 'marked' AND substr(done, 1, 10) > due))",
                &[&lo, &hi, &today],
            )?),
        })
    }
}

/// Hide counts of 1–4; then, since a breakdown's total is shown elsewhere, hide the next
/// smallest cells too until the hidden ones add up to at least 5 and are at least two (so
/// subtraction from the total gives neither a single cell nor a sum that pins them down).
fn suppress(cells: Vec<(String, u32)>) -> Vec<Bucket> {
    let mut hidden: Vec<bool> = cells.iter().map(|(_, n)| *n > 0 && *n < SMALL_CELL).collect();
    loop {
        let (count, sum) =
            cells.iter().zip(&hidden).filter(|(_, h)| **h).fold((0, 0), |(c, s), ((_, n), _)| (c + 1, s + n));
        if count == 0 || (count >= 2 && sum >= SMALL_CELL) {
            break;
        }
        let next = cells.iter().enumerate().filter(|(i, (_, n))| !hidden[*i] && *n > 0).min_by_key(|(_, (_, n))| *n);
        match next {
            Some((i, _)) => hidden[i] = true,
            None => break,
        }
    }
    cells
        .into_iter()
        .zip(hidden)
        .map(|((key, n), h)| Bucket {
            key,
            count: match (h, n < SMALL_CELL) {
                (false, _) => Count::Shown(n),
                (true, true) => Count::Small,
                (true, false) => Count::Hidden,
            },
        })
        .collect()
}

impl Report {
    /// The report as CSV (`section,key,count`), for a spreadsheet. It holds no personal data,
    /// and every key is a code, so no cell can be read as a formula.
    pub fn write_csv(&self, path: &Path) -> Result<()> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let io = |_| Error::invalid("report", "could not be written as CSV");
        w.write_record(["section", "key", "count"]).map_err(io)?;
        let period = format!("{}..{}", self.from.as_deref().unwrap_or(""), self.to);
        w.write_record(["period", "", &period]).map_err(io)?;
        w.write_record(["cases", "opened", &self.cases_opened.text()]).map_err(io)?;
        w.write_record(["cases", "closed", &self.cases_closed.text()]).map_err(io)?;
        w.write_record(["deadlines", "met", &self.deadlines_met.text()]).map_err(io)?;
        w.write_record(["deadlines", "missed", &self.deadlines_missed.text()]).map_err(io)?;
        for (section, buckets) in [
            ("jurisdiction", &self.by_jurisdiction),
            ("stage", &self.by_stage),
            ("relief", &self.by_relief),
            ("nationality", &self.by_nationality),
            ("month", &self.by_month),
            ("outcome", &self.by_outcome),
        ] {
            for b in buckets {
                w.write_record([section, &b.key, &b.count.text()]).map_err(io)?;
            }
        }
        let bytes = w.into_inner().map_err(|_| Error::invalid("report", "could not be written as CSV"))?;
        let mut file =
            std::fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => {
                    Error::invalid("output file", "already exists; choose another name")
                }
                _ => Error::io("write the report")(e),
            })?;
        file.write_all(&bytes).and_then(|()| file.sync_all()).map_err(Error::io("write the report"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_cells_are_hidden_with_one_more_when_alone() {
        let b = suppress(vec![("a".into(), 12), ("b".into(), 3), ("c".into(), 7), ("d".into(), 0)]);
        let counts: Vec<Count> = b.iter().map(|b| b.count).collect();
        assert_eq!(counts, [Count::Shown(12), Count::Small, Count::Hidden, Count::Shown(0)]);
        // Two hidden cells of 1 each would be pinned down by the total: one more is hidden.
        let b = suppress(vec![("a".into(), 1), ("b".into(), 1), ("c".into(), 9), ("d".into(), 30)]);
        let counts: Vec<Count> = b.iter().map(|b| b.count).collect();
        assert_eq!(counts, [Count::Small, Count::Small, Count::Hidden, Count::Shown(30)]);
        let b = suppress(vec![("a".into(), 2), ("b".into(), 3), ("c".into(), 9)]);
        let counts: Vec<Count> = b.iter().map(|b| b.count).collect();
        assert_eq!(counts, [Count::Small, Count::Small, Count::Shown(9)], "two hidden, adding up to 5");
        assert_eq!(serde_json::to_string(&Count::Small).unwrap(), "\"<5\"");
        assert_eq!(serde_json::to_string(&Count::of(5)).unwrap(), "5");
    }
}
