//! The records the core hands out and takes in. Plain data with serde, so the CLI prints them as
//! JSON and the desktop shell passes them over IPC unchanged.

use serde::{Deserialize, Serialize};

use super::{EventKind, Jurisdiction, Outcome, Relief, Role, Stage};
use crate::deadlines::{Deadline, RuleEdition, Warning};

/// Input for a new person. Unvalidated strings: the store validates them.
#[derive(Debug, Default, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(default)]
pub struct NewPerson {
    pub name: String,
    pub aliases: Vec<String>,
    pub dob: Option<String>,
    pub dob_approx: bool,
    pub a_number: Option<String>,
    pub nationality: Option<String>,
    pub languages: Vec<String>,
    pub interpreter_needed: bool,
    pub detained: bool,
    pub facility: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// A person as stored.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Person {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub dob: Option<String>,
    pub dob_approx: bool,
    pub a_number: Option<String>,
    pub nationality: Option<String>,
    pub languages: Vec<String>,
    pub interpreter_needed: bool,
    pub detained: bool,
    pub facility: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub addresses: Vec<Address>,
    pub cases: Vec<CaseRole>,
    pub created: String,
    pub updated: String,
}

/// One entry of a person's address history.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Address {
    pub id: String,
    pub address: String,
    pub since: String,
    pub reported_court: Option<String>,
    pub reported_uscis: Option<String>,
}

/// A person's part in a case.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CaseRole {
    pub case_id: String,
    pub case_title: String,
    pub role: Role,
}

/// One line of a person list.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PersonSummary {
    pub id: String,
    pub name: String,
    pub a_number: Option<String>,
    pub nationality: Option<String>,
}

/// Input for a new case (the client is given separately).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(default)]
pub struct CaseDetails {
    pub jurisdiction: String,
    pub title: String,
    pub proceeding: Option<String>,
    pub relief: Vec<String>,
    pub stage: Option<String>,
    pub lawyer: Option<String>,
    /// How the case ended: granted, denied, withdrawn, dismissed or other; an empty text
    /// clears it; left out (null), an update keeps the one recorded.
    #[cfg_attr(feature = "ts", ts(optional))]
    pub outcome: Option<String>,
}

/// A case with everything on it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Case {
    pub id: String,
    pub title: String,
    pub jurisdiction: Jurisdiction,
    pub proceeding: Option<String>,
    pub relief: Vec<Relief>,
    pub stage: Stage,
    pub lawyer: Option<String>,
    pub receipt_number: Option<String>,
    /// How the case ended. Kept in this vault only (bundles do not carry it yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub outcome: Option<Outcome>,
    /// The day the case was moved to the closed stage. Kept in this vault only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub closed: Option<String>,
    pub parties: Vec<Party>,
    /// Events, oldest first.
    pub events: Vec<CaseEvent>,
    /// The event kinds that mean something in this case's jurisdiction, in display order.
    pub event_kinds: Vec<EventKind>,
    /// Rule editions chosen for this case (the others follow each event's date).
    pub rule_editions: Vec<RuleEdition>,
    /// Deadlines (computed and manual), earliest due first.
    pub deadlines: Vec<Deadline>,
    /// What the deadline engine could not compute or wants the lawyer to check.
    pub deadline_warnings: Vec<Warning>,
    pub notes: Vec<Note>,
    pub tasks: Vec<Task>,
    pub documents: Vec<Document>,
    pub created: String,
    pub updated: String,
}

/// A person on a case.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Party {
    pub person_id: String,
    pub name: String,
    pub role: Role,
}

/// Something that happened (or is scheduled) on a case, on a date.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CaseEvent {
    pub id: String,
    pub kind: EventKind,
    pub date: String,
    pub note: Option<String>,
}

/// One line of a case list.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CaseSummary {
    pub id: String,
    pub title: String,
    pub jurisdiction: Jurisdiction,
    pub stage: Stage,
    pub client: Option<String>,
    pub lawyer: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Note {
    pub id: String,
    pub case_id: String,
    pub text: String,
    pub created: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Task {
    pub id: String,
    pub case_id: String,
    pub title: String,
    pub due: Option<String>,
    pub done: Option<String>,
    pub created: String,
}

/// An attachment's record (the bytes live encrypted under `blobs/`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Document {
    pub id: String,
    pub case_id: String,
    pub name: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
    /// SHA-256 of the original file as added (before metadata stripping).
    pub sha256: String,
    /// `stripped`, `not-applicable` or `kept-malformed`.
    pub metadata: String,
    pub metadata_removed: u32,
    pub created: String,
}

/// What `search` finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "lowercase")]
pub enum HitKind {
    Person,
    Case,
    Note,
    Task,
    Document,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SearchHit {
    pub kind: HitKind,
    pub id: String,
    pub case_id: Option<String>,
    /// A short label to show (name, title, file name, or the start of a note).
    pub label: String,
}
