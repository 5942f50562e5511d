//! The deadline engine: the reason Amparo exists. A missed asylum deadline (the one-year bar, the
//! 30-day appeal window) loses a case for good, so every date here is computed by a rule from a
//! recorded event, shows how it was computed, and is never silently wrong: where the engine
//! cannot be sure it says so instead of guessing.
//!
//! - [`calendar`] — business days: holidays of each country, closures, suspensions.
//! - [`rules`] — the rules as versioned data, with their sources.
//! - [`engine`] — events in, deadlines and problems out; pure.
//! - [`trace`] — the words: traces, warnings and titles in English and Spanish.
//! - [`ics`] — the opt-in calendar export.
//!
//! The store (`store::deadlines`) keeps the computed deadlines in the vault and recomputes a
//! case's deadlines in the same transaction as any change to its events.

pub mod calendar;
pub mod engine;
#[cfg(test)]
mod engine_tests;
pub mod ics;
pub mod rules;
pub mod trace;

use serde::Serialize;

pub use rules::{DeadlineKind, RuleId};
pub use trace::Warning;

use crate::error::{Error, Result};

crate::domain::vocabulary!(
    /// Whether a deadline still needs doing.
    DeadlineStatus, "status" {
        Open = "open",
        Done = "done",
    }
);

/// A deadline as shown: computed by a rule, or typed in by the lawyer (`rule` = `manual`).
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Deadline {
    pub id: String,
    pub case_id: String,
    pub case_title: String,
    /// A rule id from `domain/deadlines.md`, or `manual`.
    pub rule: String,
    pub kind: DeadlineKind,
    pub edition: Option<String>,
    /// The event it was computed from (none for manual deadlines).
    pub event_id: Option<String>,
    pub title: String,
    /// The legal deadline.
    pub due: String,
    /// The target date to file by, some business days before `due`.
    pub file_by: String,
    /// How the date was computed, one step per line, in the vault's language.
    pub trace: Vec<String>,
    pub status: DeadlineStatus,
    /// When it was marked done (or met by an event).
    pub done_at: Option<String>,
}

/// The edition of a rule chosen for one case.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RuleEdition {
    pub rule: RuleId,
    pub edition: String,
}

/// The rule id shown for a deadline typed in by hand.
pub const MANUAL: &str = "manual";
