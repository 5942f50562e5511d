//! Merging a co-counsel's records into this vault without losing anyone's work
//! (docs/bundle-format.md §6, ADR 0006).
//!
//! A case or person record is cut into *units* — the case's details, each party, event, note,
//! task, document, manual deadline, the done-mark of each computed deadline, the person's
//! details, each address — each with a stable key and a hash of its canonical JSON. Each vault
//! keeps, per unit, the *history* of versions it has sent, received or settled on, and a bundle
//! carries the sender's history of every unit it holds. Then, for an incoming unit:
//! - new here → added (unless we had exactly that version and deleted it since);
//! - the same as ours → unchanged;
//! - ours is in their history → theirs was made from ours → applied;
//! - theirs is in our history → ours was made from theirs → ours kept;
//! - neither → both changed it → a conflict: ours stays, theirs is kept aside for the lawyer.
//!
//! No clock is trusted and no edit is judged newer by time: two laptops' clocks disagree, and
//! "last writer wins" silently drops one lawyer's work. Deletions do not travel: a unit removed
//! here and changed there comes back, because losing their edit would be worse than a record
//! to delete again.

use std::collections::{BTreeMap, HashSet};

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::deadlines::trace::{self, Step};
use crate::deadlines::{RuleId, MANUAL};
use crate::domain::records::{Case, HitKind, Person};
use crate::domain::{self, anumber, EventKind, Jurisdiction, Relief, Role, Stage};
use crate::error::{corrupt, Error, Result};
use crate::settings::Language;
use crate::store::{cases, deadlines, people, search};

crate::domain::vocabulary!(
    /// What a mergeable unit is.
    UnitKind, "unit kind" {
        Case = "case",
        Party = "party",
        Event = "event",
        Note = "note",
        Task = "task",
        Document = "document",
        Deadline = "deadline",
        DeadlineDone = "deadline-done",
        Person = "person",
        Address = "address",
    }
);

/// One field that differs between our version of a unit and theirs, as display text.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct FieldDiff {
    pub field: String,
    pub mine: String,
    pub theirs: String,
}

/// The smallest piece of a record that merges as a whole. Field order is the canonical order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub(crate) enum Unit {
    Case {
        id: String,
        title: String,
        jurisdiction: Jurisdiction,
        proceeding: Option<String>,
        relief: Vec<Relief>,
        stage: Stage,
        lawyer: Option<String>,
        receipt_number: Option<String>,
        rule_editions: Vec<(RuleId, String)>,
        created: String,
    },
    Party {
        case_id: String,
        person_id: String,
        role: Role,
    },
    Event {
        id: String,
        case_id: String,
        event: EventKind,
        date: String,
        note: Option<String>,
    },
    Note {
        id: String,
        case_id: String,
        text: String,
        created: String,
    },
    Task {
        id: String,
        case_id: String,
        title: String,
        due: Option<String>,
        done: Option<String>,
        created: String,
    },
    Document {
        id: String,
        case_id: String,
        name: String,
        size: u64,
        sha256: String,
        metadata: String,
        metadata_removed: u32,
        created: String,
    },
    /// A deadline typed in by a lawyer.
    Deadline {
        id: String,
        case_id: String,
        title: String,
        due: String,
        done: bool,
    },
    /// Whether a computed deadline was marked done (its date comes from the events).
    DeadlineDone {
        case_id: String,
        rule: String,
        event_id: String,
        done: bool,
    },
    Person {
        id: String,
        name: String,
        aliases: Vec<String>,
        dob: Option<String>,
        dob_approx: bool,
        a_number: Option<String>,
        nationality: Option<String>,
        languages: Vec<String>,
        interpreter_needed: bool,
        detained: bool,
        facility: Option<String>,
        phone: Option<String>,
        email: Option<String>,
        created: String,
    },
    Address {
        id: String,
        person_id: String,
        address: String,
        since: String,
        reported_court: Option<String>,
        reported_uscis: Option<String>,
    },
}

/// Every unit of a case (its people's details come from their own records).
pub(crate) fn units_of_case(c: &Case) -> Vec<Unit> {
    let mut relief = c.relief.clone();
    relief.sort_by_key(|r| r.as_str());
    let mut rule_editions: Vec<(RuleId, String)> =
        c.rule_editions.iter().map(|e| (e.rule, e.edition.clone())).collect();
    rule_editions.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
    let mut units = vec![Unit::Case {
        id: c.id.clone(),
        title: c.title.clone(),
        jurisdiction: c.jurisdiction,
        proceeding: c.proceeding.clone(),
        relief,
        stage: c.stage,
        lawyer: c.lawyer.clone(),
        receipt_number: c.receipt_number.clone(),
        rule_editions,
        created: c.created.clone(),
    }];
    let case_id = || c.id.clone();
    units.extend(c.parties.iter().map(|p| Unit::Party {
        case_id: case_id(),
        person_id: p.person_id.clone(),
        role: p.role,
    }));
    units.extend(c.events.iter().map(|e| Unit::Event {
        id: e.id.clone(),
        case_id: case_id(),
        event: e.kind,
        date: e.date.clone(),
        note: e.note.clone(),
    }));
    units.extend(c.notes.iter().map(|n| Unit::Note {
        id: n.id.clone(),
        case_id: case_id(),
        text: n.text.clone(),
        created: n.created.clone(),
    }));
    units.extend(c.tasks.iter().map(|t| Unit::Task {
        id: t.id.clone(),
        case_id: case_id(),
        title: t.title.clone(),
        due: t.due.clone(),
        done: t.done.clone(),
        created: t.created.clone(),
    }));
    units.extend(c.documents.iter().map(|d| Unit::Document {
        id: d.id.clone(),
        case_id: case_id(),
        name: d.name.clone(),
        size: d.size,
        sha256: d.sha256.clone(),
        metadata: d.metadata.clone(),
        metadata_removed: d.metadata_removed,
        created: d.created.clone(),
    }));
    for d in &c.deadlines {
        let done = d.done_at.is_some();
        match &d.event_id {
            None => units.push(Unit::Deadline {
                id: d.id.clone(),
                case_id: case_id(),
                title: d.title.clone(),
                due: d.due.clone(),
                done,
            }),
            Some(event_id) => units.push(Unit::DeadlineDone {
                case_id: case_id(),
                rule: d.rule.clone(),
                event_id: event_id.clone(),
                done,
            }),
        }
    }
    units
}

/// The units of a person: their details and each address.
pub(crate) fn units_of_person(p: &Person) -> Vec<Unit> {
    let mut aliases = p.aliases.clone();
    aliases.sort();
    let mut languages = p.languages.clone();
    languages.sort();
    let mut units = vec![Unit::Person {
        id: p.id.clone(),
        name: p.name.clone(),
        aliases,
        dob: p.dob.clone(),
        dob_approx: p.dob_approx,
        a_number: p.a_number.clone(),
        nationality: p.nationality.clone(),
        languages,
        interpreter_needed: p.interpreter_needed,
        detained: p.detained,
        facility: p.facility.clone(),
        phone: p.phone.clone(),
        email: p.email.clone(),
        created: p.created.clone(),
    }];
    units.extend(p.addresses.iter().map(|a| Unit::Address {
        id: a.id.clone(),
        person_id: p.id.clone(),
        address: a.address.clone(),
        since: a.since.clone(),
        reported_court: a.reported_court.clone(),
        reported_uscis: a.reported_uscis.clone(),
    }));
    units
}

impl Unit {
    pub(crate) fn kind(&self) -> UnitKind {
        match self {
            Unit::Case { .. } => UnitKind::Case,
            Unit::Party { .. } => UnitKind::Party,
            Unit::Event { .. } => UnitKind::Event,
            Unit::Note { .. } => UnitKind::Note,
            Unit::Task { .. } => UnitKind::Task,
            Unit::Document { .. } => UnitKind::Document,
            Unit::Deadline { .. } => UnitKind::Deadline,
            Unit::DeadlineDone { .. } => UnitKind::DeadlineDone,
            Unit::Person { .. } => UnitKind::Person,
            Unit::Address { .. } => UnitKind::Address,
        }
    }

    /// The unit's identity across vaults.
    pub(crate) fn key(&self) -> String {
        let kind = self.kind().as_str();
        match self {
            Unit::Case { id, .. }
            | Unit::Event { id, .. }
            | Unit::Note { id, .. }
            | Unit::Task { id, .. }
            | Unit::Document { id, .. }
            | Unit::Deadline { id, .. }
            | Unit::Person { id, .. }
            | Unit::Address { id, .. } => format!("{kind}:{id}"),
            Unit::Party { case_id, person_id, role } => format!("{kind}:{case_id}:{person_id}:{}", role.as_str()),
            Unit::DeadlineDone { case_id, rule, event_id, .. } => format!("{kind}:{case_id}:{rule}:{event_id}"),
        }
    }

    pub(crate) fn case_id(&self) -> Option<&str> {
        match self {
            Unit::Case { id: case_id, .. }
            | Unit::Party { case_id, .. }
            | Unit::Event { case_id, .. }
            | Unit::Note { case_id, .. }
            | Unit::Task { case_id, .. }
            | Unit::Document { case_id, .. }
            | Unit::Deadline { case_id, .. }
            | Unit::DeadlineDone { case_id, .. } => Some(case_id),
            Unit::Person { .. } | Unit::Address { .. } => None,
        }
    }

    /// A short text naming the unit for the lawyer (shown in the app only), in `lang`.
    pub(crate) fn label(&self, lang: Language) -> String {
        match self {
            Unit::Case { title, .. } => title.clone(),
            Unit::Party { role, .. } => role.as_str().to_string(),
            Unit::Event { event, date, .. } => match chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d") {
                Ok(d) => format!("{}, {}", trace::event_name(*event, lang), trace::format_date(d, lang)),
                Err(_) => trace::event_name(*event, lang).to_string(),
            },
            Unit::Note { text, .. } => text.chars().take(60).collect(),
            Unit::Task { title, .. } | Unit::Deadline { title, .. } => title.clone(),
            Unit::Document { name, .. } => name.clone(),
            Unit::DeadlineDone { rule, .. } => match RuleId::parse(rule) {
                Ok(r) => trace::rule_title(r, lang).to_string(),
                Err(_) => rule.clone(),
            },
            Unit::Person { name, .. } => name.clone(),
            Unit::Address { address, .. } => address.clone(),
        }
    }

    /// Every id in the unit is a UUID as this program writes them.
    pub(crate) fn check_ids(&self) -> Result<()> {
        let ids: Vec<&String> = match self {
            Unit::Case { id, .. } | Unit::Person { id, .. } => vec![id],
            Unit::Party { case_id, person_id, .. } => vec![case_id, person_id],
            Unit::Event { id, case_id, .. }
            | Unit::Note { id, case_id, .. }
            | Unit::Task { id, case_id, .. }
            | Unit::Document { id, case_id, .. }
            | Unit::Deadline { id, case_id, .. } => vec![id, case_id],
            Unit::DeadlineDone { case_id, event_id, .. } => vec![case_id, event_id],
            Unit::Address { id, person_id, .. } => vec![id, person_id],
        };
        for id in ids {
            if domain::parse_id("record id", id)? != *id {
                return Err(Error::invalid("record id", "is not an id this program writes"));
            }
        }
        Ok(())
    }

    pub(crate) fn to_json(&self) -> Result<String> {
        serde_json::to_string(self).map_err(corrupt)
    }

    /// The version's name: SHA-256 of the canonical JSON, its first 128 bits in hex (ample
    /// against accidental collision; a contact who wanted to overwrite a unit could simply
    /// send the edit).
    pub(crate) fn hash(&self) -> Result<String> {
        Ok(hex::encode(&Sha256::digest(self.to_json()?.as_bytes())[..16]))
    }
}

/// Whether a record with this unit's id already exists here under a different owner (another
/// case or person, or a computed deadline): merging it would rewrite something it does not
/// belong to, so the bundle is refused.
pub(crate) fn owned_elsewhere(conn: &Connection, unit: &Unit) -> Result<bool> {
    let (sql, id, owner): (&str, &str, &str) = match unit {
        Unit::Event { id, case_id, .. } => ("SELECT case_id FROM case_event WHERE id = ?1", id, case_id),
        Unit::Note { id, case_id, .. } => ("SELECT case_id FROM note WHERE id = ?1", id, case_id),
        Unit::Task { id, case_id, .. } => ("SELECT case_id FROM task WHERE id = ?1", id, case_id),
        Unit::Document { id, case_id, .. } => ("SELECT case_id FROM document WHERE id = ?1", id, case_id),
        Unit::Deadline { id, case_id, .. } => {
            ("SELECT CASE WHEN rule IS NULL THEN case_id END FROM deadline WHERE id = ?1", id, case_id)
        }
        Unit::Address { id, person_id, .. } => ("SELECT person_id FROM person_address WHERE id = ?1", id, person_id),
        Unit::Case { .. } | Unit::Party { .. } | Unit::DeadlineDone { .. } | Unit::Person { .. } => return Ok(false),
    };
    let found: Option<Option<String>> =
        conn.prepare_cached(sql)?.query_row([id], |r| r.get::<_, Option<String>>(0)).optional()?;
    Ok(matches!(found, Some(o) if o.as_deref() != Some(owner)))
}

/// What happens to one incoming unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    Add,
    Unchanged,
    Apply,
    KeepLocal,
    Conflict,
}

/// A version hash as carried in a bundle: 32 lower-case hex digits.
pub(crate) fn is_version_hash(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The decision (see the module docs). `ours` is our current version's hash, if we have the
/// unit; `our_history` and `their_history` the versions each side has had.
pub(crate) fn decide(
    ours: Option<&str>,
    our_history: &HashSet<String>,
    theirs: &str,
    their_history: &HashSet<String>,
) -> Decision {
    match ours {
        None if our_history.contains(theirs) => Decision::KeepLocal,
        None => Decision::Add,
        Some(o) if o == theirs => Decision::Unchanged,
        Some(o) if their_history.contains(o) => Decision::Apply,
        Some(_) if our_history.contains(theirs) => Decision::KeepLocal,
        Some(_) => Decision::Conflict,
    }
}

/// The versions of a unit this vault has sent, received or settled on.
pub(crate) fn history(conn: &Connection, key: &str) -> Result<HashSet<String>> {
    Ok(crate::store::column::<String>(conn, "SELECT hash FROM unit_history WHERE unit = ?1", [key])?
        .into_iter()
        .collect())
}

/// Add versions to a unit's history.
pub(crate) fn remember<'a>(conn: &Connection, key: &str, hashes: impl IntoIterator<Item = &'a String>) -> Result<()> {
    let mut stmt = conn.prepare_cached("INSERT OR IGNORE INTO unit_history (unit, hash) VALUES (?1, ?2)")?;
    for h in hashes {
        stmt.execute(params![key, h])?;
    }
    Ok(())
}

/// The fields that differ between `mine` (None: we have no such unit) and `theirs`.
pub(crate) fn field_diffs(mine: Option<&Unit>, theirs: &Unit) -> Result<Vec<FieldDiff>> {
    let to_map = |u: &Unit| -> Result<BTreeMap<String, serde_json::Value>> {
        match serde_json::to_value(u).map_err(corrupt)? {
            serde_json::Value::Object(m) => Ok(m.into_iter().collect()),
            _ => Err(Error::DatabaseCorrupt),
        }
    };
    let theirs_map = to_map(theirs)?;
    let mine_map = mine.map(to_map).transpose()?.unwrap_or_default();
    let shown = |v: Option<&serde_json::Value>| match v {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Array(a)) => a
            .iter()
            .map(|x| x.as_str().map(str::to_string).unwrap_or_else(|| x.to_string()))
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => other.to_string(),
    };
    Ok(theirs_map
        .iter()
        .filter(|(field, _)| !matches!(field.as_str(), "kind" | "id" | "case_id" | "person_id"))
        .filter(|(field, v)| mine_map.get(*field) != Some(v))
        .map(|(field, v)| FieldDiff { field: field.clone(), mine: shown(mine_map.get(field)), theirs: shown(Some(v)) })
        .collect())
}

fn opt_text(field: &'static str, s: &Option<String>, max: usize) -> Result<Option<String>> {
    s.as_deref().filter(|t| !t.trim().is_empty()).map(|t| domain::required_text(field, t, max)).transpose()
}

fn opt_date(field: &'static str, s: &Option<String>) -> Result<Option<String>> {
    s.as_deref().map(|d| domain::parse_date(field, d).map(|d| d.to_string())).transpose()
}

/// Write one unit (new or replacing ours), inside the caller's transaction, validating it as
/// the forms do. Documents are inserted only (their bytes never change); the caller stores
/// their blobs, and the keys of new cases. Deadlines computed from events are the caller's to
/// recompute afterwards.
pub(crate) fn apply(tx: &Connection, unit: &Unit, now: &str) -> Result<()> {
    match unit {
        Unit::Case {
            id,
            title,
            jurisdiction,
            proceeding,
            relief,
            stage,
            lawyer,
            receipt_number,
            rule_editions,
            created,
        } => {
            let title = domain::required_text("title", title, 300)?;
            let proceeding = opt_text("proceeding", proceeding, 200)?;
            let lawyer = opt_text("lawyer", lawyer, 200)?;
            let receipt_number = opt_text("receipt number", receipt_number, 50)?;
            tx.prepare_cached("INSERT INTO legal_case (id, title, jurisdiction, proceeding, stage, lawyer, receipt_number, created, updated)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?9, ?8)
                 ON CONFLICT (id) DO UPDATE SET title = ?2, jurisdiction = ?3, proceeding = ?4, stage = ?5,
                     lawyer = ?6, receipt_number = ?7, updated = ?8")?.execute(params![id, title, jurisdiction.as_str(), proceeding, stage.as_str(), lawyer, receipt_number, now, created],
            )?;
            tx.prepare_cached("DELETE FROM case_relief WHERE case_id = ?1")?.execute([id])?;
            for r in relief {
                tx.prepare_cached("INSERT OR IGNORE INTO case_relief (case_id, relief) VALUES (?1, ?2)")?
                    .execute(params![id, r.as_str()])?;
            }
            tx.prepare_cached("DELETE FROM case_rule_edition WHERE case_id = ?1")?.execute([id])?;
            let mut seen = HashSet::new();
            for (rule, edition) in rule_editions {
                if !seen.insert(rule) || !crate::deadlines::rules::editions_of(*rule).iter().any(|e| e.id == edition) {
                    return Err(Error::invalid("edition", "this rule has no such edition, or it is listed twice"));
                }
                tx.prepare_cached("INSERT INTO case_rule_edition (case_id, rule, edition) VALUES (?1, ?2, ?3)")?
                    .execute(params![id, rule.as_str(), edition])?;
            }
            search::index(tx, HitKind::Case, id, Some(id), &cases::case_search_body(&title, proceeding.as_deref()))
        }
        Unit::Party { case_id, person_id, role } => {
            tx.prepare_cached("INSERT OR IGNORE INTO case_role (case_id, person_id, role) VALUES (?1, ?2, ?3)")?
                .execute(params![case_id, person_id, role.as_str()])?;
            Ok(())
        }
        Unit::Event { id, case_id, event, date, note } => {
            let date = domain::parse_event_date("date", date)?.to_string();
            let note = opt_text("note", note, 500)?;
            tx.prepare_cached("INSERT INTO case_event (id, case_id, kind, date, note, created, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
                 ON CONFLICT (id) DO UPDATE SET kind = ?3, date = ?4, note = ?5, updated = ?6")?.execute(params![id, case_id, event.as_str(), date, note, now],
            )?;
            Ok(())
        }
        Unit::Note { id, case_id, text, created } => {
            let text = domain::required_text("note", text, 1_000_000)?;
            tx.prepare_cached(
                "INSERT INTO note (id, case_id, body, created) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (id) DO UPDATE SET body = ?3",
            )?
            .execute(params![id, case_id, text, created])?;
            search::index(tx, HitKind::Note, id, Some(case_id), &text)
        }
        Unit::Task { id, case_id, title, due, done, created } => {
            let title = domain::required_text("task", title, 500)?;
            let due = opt_date("due date", due)?;
            tx.prepare_cached(
                "INSERT INTO task (id, case_id, title, due, done, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (id) DO UPDATE SET title = ?3, due = ?4, done = ?5",
            )?
            .execute(params![id, case_id, title, due, done, created])?;
            search::index(tx, HitKind::Task, id, Some(case_id), &title)
        }
        Unit::Document { id, case_id, name, size, sha256, metadata, metadata_removed, created } => {
            let name = domain::required_text("file name", name, 255)?;
            if sha256.len() != 64 || hex::decode(sha256).is_err() {
                return Err(Error::invalid("document", "has no valid SHA-256"));
            }
            tx.prepare_cached(
                "INSERT OR IGNORE INTO document (id, case_id, name, size, sha256, metadata, metadata_removed, created)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                id,
                case_id,
                name,
                *size as i64,
                sha256,
                metadata,
                metadata_removed,
                created
            ])?;
            search::index(tx, HitKind::Document, id, Some(case_id), &name)
        }
        Unit::Deadline { id, case_id, title, due, done } => {
            let title = domain::required_text("title", title, 300)?;
            let due_date = domain::parse_event_date("due date", due)?;
            let trace = serde_json::to_string(&[Step::Manual { date: due_date }]).map_err(corrupt)?;
            let done_at = done.then_some(now);
            tx.prepare_cached("INSERT INTO deadline (id, case_id, kind, title, due, file_by, trace, done, done_how, created, updated)
                 VALUES (?1, ?2, 'deadline', ?3, ?4, ?4, ?5, ?6, CASE WHEN ?6 IS NULL THEN NULL ELSE 'marked' END, ?7, ?7)
                 ON CONFLICT (id) DO UPDATE SET title = ?3, due = ?4, trace = ?5,
                     done = CASE WHEN ?6 IS NULL THEN NULL ELSE coalesce(done, ?6) END,
                     done_how = CASE WHEN ?6 IS NULL THEN NULL ELSE 'marked' END, updated = ?7
                 WHERE rule IS NULL")?.execute(params![id, case_id, title, due_date.to_string(), trace, done_at, now],
            )?;
            deadlines::refresh_manual_file_by(tx, case_id, now)
        }
        Unit::DeadlineDone { case_id, rule, event_id, done } => {
            if rule == MANUAL {
                return Err(Error::invalid("deadline", "a computed deadline needs a rule"));
            }
            // A deadline met by an event stays met; only the lawyer's own mark travels.
            if *done {
                tx.prepare_cached(
                    "UPDATE deadline SET done = ?4, done_how = 'marked', updated = ?4
                     WHERE case_id = ?1 AND rule = ?2 AND event_id = ?3 AND done IS NULL",
                )?
                .execute(params![case_id, rule, event_id, now])?;
            } else {
                tx.prepare_cached(
                    "UPDATE deadline SET done = NULL, done_how = NULL, updated = ?4
                     WHERE case_id = ?1 AND rule = ?2 AND event_id = ?3 AND done_how = 'marked'",
                )?
                .execute(params![case_id, rule, event_id, now])?;
            }
            Ok(())
        }
        Unit::Person {
            id,
            name,
            aliases,
            dob,
            dob_approx,
            a_number,
            nationality,
            languages,
            interpreter_needed,
            detained,
            facility,
            phone,
            email,
            created,
        } => {
            let name = domain::required_text("name", name, 300)?;
            let aliases = aliases.iter().map(|a| domain::required_text("alias", a, 300)).collect::<Result<Vec<_>>>()?;
            let dob = opt_date("date of birth", dob)?;
            let a_number = a_number.as_deref().map(anumber::normalise).transpose()?;
            let nationality = nationality.as_deref().map(domain::parse_country).transpose()?;
            let languages = languages.iter().map(|l| domain::parse_language(l)).collect::<Result<Vec<_>>>()?;
            if let Some(a) = &a_number {
                let other: Option<String> = tx
                    .prepare_cached("SELECT id FROM person WHERE a_number = ?1 AND id <> ?2")?
                    .query_row(params![a, id], |r| r.get(0))
                    .optional()?;
                if other.is_some() {
                    return Err(Error::invalid(
                        "A-number",
                        "a person in the bundle has the A-number of a different person in this vault; \
                         correct or merge them, then import again",
                    ));
                }
            }
            tx.prepare_cached(
                "INSERT INTO person (id, name, dob, dob_approx, a_number, nationality, interpreter_needed, detained,
                                     facility, phone, email, created, updated)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?13, ?12)
                 ON CONFLICT (id) DO UPDATE SET name = ?2, dob = ?3, dob_approx = ?4, a_number = ?5, nationality = ?6,
                     interpreter_needed = ?7, detained = ?8, facility = ?9, phone = ?10, email = ?11, updated = ?12",
            )?
            .execute(params![
                id,
                name,
                dob,
                dob_approx,
                a_number,
                nationality,
                interpreter_needed,
                detained,
                opt_text("facility", facility, 300)?,
                opt_text("phone", phone, 300)?,
                opt_text("email", email, 300)?,
                now,
                created
            ])?;
            tx.prepare_cached("DELETE FROM person_alias WHERE person_id = ?1")?.execute([id])?;
            for alias in &aliases {
                tx.prepare_cached("INSERT OR IGNORE INTO person_alias (person_id, alias) VALUES (?1, ?2)")?
                    .execute(params![id, alias])?;
            }
            tx.prepare_cached("DELETE FROM person_language WHERE person_id = ?1")?.execute([id])?;
            for lang in &languages {
                tx.prepare_cached("INSERT OR IGNORE INTO person_language (person_id, language) VALUES (?1, ?2)")?
                    .execute(params![id, lang])?;
            }
            people::touch_and_reindex(tx, id, now)
        }
        Unit::Address { id, person_id, address, since, reported_court, reported_uscis } => {
            let address = domain::required_text("address", address, 500)?;
            tx.prepare_cached(
                "INSERT INTO person_address (id, person_id, address, since, reported_court, reported_uscis)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (id) DO UPDATE SET address = ?3, since = ?4, reported_court = ?5, reported_uscis = ?6",
            )?
            .execute(params![
                id,
                person_id,
                address,
                domain::parse_date("since", since)?.to_string(),
                opt_date("reported to the court", reported_court)?,
                opt_date("reported to USCIS", reported_uscis)?
            ])?;
            Ok(())
        }
    }
}

/// Units are applied in this order, so a party finds its person and case, and a computed
/// deadline's done-mark finds the deadline its events produced.
pub(crate) fn apply_order(kind: UnitKind) -> u8 {
    match kind {
        UnitKind::Person => 0,
        UnitKind::Address => 1,
        UnitKind::Case => 2,
        UnitKind::Party => 3,
        UnitKind::Event => 4,
        UnitKind::Note | UnitKind::Task | UnitKind::Document | UnitKind::Deadline => 5,
        UnitKind::DeadlineDone => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_decision_keeps_every_edit() {
        use Decision::*;
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<HashSet<String>>();
        let none = h(&[]);
        assert_eq!(decide(None, &none, "a", &h(&["a"])), Add);
        assert_eq!(
            decide(None, &h(&["a"]), "a", &h(&["a"])),
            KeepLocal,
            "deleted here, unchanged there: stays deleted"
        );
        assert_eq!(decide(None, &h(&["a"]), "b", &h(&["a", "b"])), Add, "deleted here, edited there: comes back");
        assert_eq!(decide(Some("a"), &none, "a", &h(&["a"])), Unchanged);
        assert_eq!(decide(Some("a"), &h(&["a"]), "b", &h(&["a", "b"])), Apply, "theirs was made from ours");
        assert_eq!(decide(Some("b"), &h(&["a", "b"]), "a", &h(&["a"])), KeepLocal, "ours was made from theirs");
        assert_eq!(decide(Some("b"), &h(&["a"]), "c", &h(&["a", "c"])), Conflict, "both changed it");
        assert_eq!(decide(Some("a"), &none, "b", &h(&["b"])), Conflict, "never exchanged and different");
        // Crossing bundles: each side edited after the last exchange, and sent before receiving.
        assert_eq!(decide(Some("x"), &h(&["o", "x"]), "y", &h(&["o", "y"])), Conflict);
    }
}
