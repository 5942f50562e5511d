//! The deadline commands: case events, deadlines, closures and suspensions, and the calendar
//! export.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::json;

use amparo::deadlines::{Deadline, DeadlineStatus, RuleId, Warning};
use amparo::domain::{CalendarId, EventKind};
use amparo::store::deadlines::DeadlineFilter;
use amparo::Error;

use super::commands::{id, open, print_id};
use super::output::Out;
use super::Global;

#[derive(Subcommand)]
pub enum EventCmd {
    /// Record an event; the case's deadlines are recomputed → {"id": "...", "warnings": [...]}
    Add {
        #[arg(long = "case", value_name = "ID")]
        case_id: String,
        /// last-arrival, ij-decision, final-order, i589-received, ead-clock-stop, ead-clock-start,
        /// mch-hearing, ich-hearing, address-change, mx-entry, co-entry, co-denial-notified, ...
        #[arg(long)]
        kind: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// Change an event's date (and note); the deadlines follow
    Edit {
        id: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// Delete an event and the deadlines computed from it
    Delete { id: String },
    /// A case's events, oldest first
    List {
        #[arg(long = "case", value_name = "ID")]
        case_id: String,
    },
}

#[derive(Subcommand)]
pub enum DeadlineCmd {
    /// Deadlines, earliest first → {"deadlines": [...]}
    List {
        #[arg(long = "case", value_name = "ID")]
        case_id: Option<String>,
        /// First due date to include
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        /// Last due date to include
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
        /// Only cases of this lawyer
        #[arg(long)]
        lawyer: Option<String>,
        /// open | done
        #[arg(long)]
        status: Option<String>,
    },
    /// Add a deadline by hand (marked manual) → {"id": "..."}
    Add {
        #[arg(long = "case", value_name = "ID")]
        case_id: String,
        #[arg(long)]
        title: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        due: String,
    },
    /// Mark a deadline done
    Done { id: String },
    /// Open a done deadline again
    Reopen { id: String },
    /// Delete a manual deadline (computed ones go with their event)
    Delete { id: String },
    /// Choose a rule's edition for a case (`current` = by each event's date)
    Edition {
        #[arg(long = "case", value_name = "ID")]
        case_id: String,
        #[arg(long)]
        rule: String,
        #[arg(long)]
        edition: String,
    },
}

#[derive(Subcommand)]
pub enum ClosureCmd {
    /// A day (or days, with --to) the courts or offices are closed → {"id": "..."}
    Add {
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        /// Last closed day, for a closure of several days
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
        /// us | mx | co (default: every calendar)
        #[arg(long)]
        jurisdiction: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// A period during which deadlines do not run → {"id": "..."}
    Suspend {
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: String,
        /// us | mx | co (default: every calendar)
        #[arg(long)]
        jurisdiction: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Closures and suspensions
    List,
    /// Remove a closure or suspension
    Delete { id: String },
}

#[derive(Subcommand)]
pub enum CalendarCmd {
    /// Write open deadlines and hearings to an .ics file (it leaves the vault unencrypted)
    Export {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
        /// Put case titles (often client names) in the file instead of short case references
        #[arg(long)]
        with_case_titles: bool,
    },
}

fn calendar_arg(s: Option<&str>) -> Result<Option<CalendarId>, Error> {
    s.map(CalendarId::parse).transpose()
}

fn print_warnings(out: &Out, new_id: &str, warnings: &[Warning]) {
    out.print(&json!({ "id": new_id, "warnings": warnings }), || {
        let mut s = new_id.to_string();
        for w in warnings {
            s += &format!("\nwarning: {}", w.message);
        }
        s
    });
}

fn deadline_lines(ds: &[Deadline]) -> String {
    ds.iter()
        .map(|d| {
            let mut s = format!(
                "{} {}  file by {}  [{}] {} · {}\n  id {} · rule {}",
                if d.status == DeadlineStatus::Done { "✓" } else { "•" },
                d.due,
                d.file_by,
                d.kind.as_str(),
                d.title,
                d.case_title,
                d.id,
                d.rule
            );
            for t in &d.trace {
                s += &format!("\n    {t}");
            }
            s
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn event(g: &Global, cmd: EventCmd, out: &Out) -> Result<(), Error> {
    match cmd {
        EventCmd::Add { case_id, kind, date, note } => {
            let (case_id, kind) = (id("case id", &case_id)?, EventKind::parse(&kind)?);
            let mut v = open(g)?;
            let new = v.add_event(&case_id, kind, &date, note.as_deref())?;
            print_warnings(out, &new, &v.deadline_warnings(&case_id)?);
        }
        EventCmd::Edit { id: eid, date, note } => {
            let eid = id("event id", &eid)?;
            open(g)?.update_event(&eid, &date, note.as_deref())?;
            out.print(&json!({ "ok": true }), String::new);
        }
        EventCmd::Delete { id: eid } => {
            open(g)?.delete_event(&id("event id", &eid)?)?;
            out.print(&json!({ "ok": true }), String::new);
        }
        EventCmd::List { case_id } => {
            let events = open(g)?.events_of(&id("case id", &case_id)?)?;
            out.print(&json!({ "events": events }), || {
                events
                    .iter()
                    .map(|e| format!("{}  {:<20} {}", e.date, e.kind.as_str(), e.id))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
    }
    Ok(())
}

pub fn deadline(g: &Global, cmd: DeadlineCmd, out: &Out) -> Result<(), Error> {
    match cmd {
        DeadlineCmd::List { case_id, from, to, lawyer, status } => {
            let filter = DeadlineFilter {
                case_id: case_id.as_deref().map(|c| id("case id", c)).transpose()?,
                from,
                to,
                lawyer,
                status: status.as_deref().map(DeadlineStatus::parse).transpose()?,
            };
            let ds = open(g)?.deadlines(&filter)?;
            out.print(&json!({ "deadlines": ds }), || deadline_lines(&ds));
        }
        DeadlineCmd::Add { case_id, title, due } => {
            let new = open(g)?.add_manual_deadline(&id("case id", &case_id)?, &title, &due)?;
            print_id(out, &new);
        }
        DeadlineCmd::Done { id: did } => {
            let did = id("deadline id", &did)?;
            open(g)?.complete_deadline(&did)?;
            out.print(&json!({ "id": did, "status": "done" }), || "Deadline done.".into());
        }
        DeadlineCmd::Reopen { id: did } => {
            let did = id("deadline id", &did)?;
            open(g)?.reopen_deadline(&did)?;
            out.print(&json!({ "id": did, "status": "open" }), || "Deadline open again.".into());
        }
        DeadlineCmd::Delete { id: did } => {
            open(g)?.delete_deadline(&id("deadline id", &did)?)?;
            out.print(&json!({ "ok": true }), String::new);
        }
        DeadlineCmd::Edition { case_id, rule, edition } => {
            let rule = RuleId::parse(&rule)?;
            let edition = Some(edition.as_str()).filter(|e| *e != "current");
            open(g)?.set_rule_edition(&id("case id", &case_id)?, rule, edition)?;
            out.print(&json!({ "ok": true }), String::new);
        }
    }
    Ok(())
}

pub fn closure(g: &Global, cmd: ClosureCmd, out: &Out) -> Result<(), Error> {
    match cmd {
        ClosureCmd::Add { date, to, jurisdiction, note } => {
            let cal = calendar_arg(jurisdiction.as_deref())?;
            let new = open(g)?.add_closure(&date, to.as_deref(), cal, note.as_deref())?;
            print_id(out, &new);
        }
        ClosureCmd::Suspend { from, to, jurisdiction, note } => {
            let cal = calendar_arg(jurisdiction.as_deref())?;
            let new = open(g)?.add_suspension(&from, &to, cal, note.as_deref())?;
            print_id(out, &new);
        }
        ClosureCmd::List => {
            let cs = open(g)?.closures()?;
            out.print(&json!({ "closures": cs }), || {
                cs.iter()
                    .map(|c| {
                        let span = if c.first_day == c.last_day {
                            c.first_day.clone()
                        } else {
                            format!("{}..{}", c.first_day, c.last_day)
                        };
                        let cal = c.calendar.map_or("all", CalendarId::as_str);
                        let what = if c.suspension { "suspension" } else { "closure" };
                        format!("{span}  {what} ({cal})  {}", c.id)
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        ClosureCmd::Delete { id: cid } => {
            open(g)?.delete_closure(&id("closure id", &cid)?)?;
            out.print(&json!({ "ok": true }), String::new);
        }
    }
    Ok(())
}

pub fn calendar(g: &Global, cmd: CalendarCmd, out: &Out) -> Result<(), Error> {
    let CalendarCmd::Export { out: path, from, to, with_case_titles } = cmd;
    let count = open(g)?.export_ics(&path, false, from.as_deref(), to.as_deref(), with_case_titles)?;
    let warning = if with_case_titles {
        "This file is not encrypted and names the cases; keep it off shared and cloud calendars."
    } else {
        "This file is not encrypted; it names only short case references, never clients."
    };
    out.print(&json!({ "events": count, "warning": warning }), || {
        format!("{count} calendar entries written.\n{warning}")
    });
    Ok(())
}
