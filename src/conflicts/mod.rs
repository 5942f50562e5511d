//! The conflict-of-interest check's name matching, pure and without storage.
//!
//! Before taking a client, an office must know whether it already represents, or acts against,
//! the same person. Names of migrants defeat exact comparison: accents come and go between
//! forms (`González`, `Gonzalez`), double surnames appear in either order or with one missing
//! (`María José Pérez López`, `Maria Perez`), particles are dropped (`de la`, `al-`), Arabic
//! names are transliterated many ways (`Mohammed`, `Muhammad`, `Mohamed`), Haitian Creole and
//! French spellings differ (`Jozèf`, `Joseph`), Mayan names lose their glottal stops (`Tz'ul`,
//! `Tzul`), and intake forms have typos. So a name is cut into folded tokens ([`names`]), each
//! pair of tokens is compared at several levels, and a name's score is how well the shorter
//! name is covered by the longer one. The check errs toward showing a possible match: a lawyer
//! dismisses a false alarm in seconds, while a missed conflict can sink a case.
//!
//! The store keeps every person's tokens indexed (`store/conflicts.rs`), so a check against
//! 100,000 people compares the query's few tokens with the distinct tokens only, then scores
//! the people who share one.

pub mod names;

use chrono::NaiveDate;
use serde::Serialize;

/// Below this a possible match is not shown.
pub const SHOW_FROM: f64 = 0.7;

/// Why a person may be the same one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// The same A-number, however it was written.
    ANumber,
    /// The same name, token for token (accents, case, order and particles aside).
    Name,
    /// The same name with some tokens missing on one side (e.g. one of two surnames).
    PartialName,
    /// A known transliteration or abbreviation (Mohammed / Muhammad, Jn / Jean).
    NameVariant,
    /// A different spelling of the same sound, or a typo.
    SimilarSpelling,
    /// Matched through one of the person's aliases.
    Alias,
    /// The same date of birth.
    Dob,
    /// Dates of birth within a year of each other, one of them approximate.
    DobApproximate,
}

/// The reasons a name score stands for.
pub fn name_reasons(weakest: names::Likeness, complete: bool, alias: bool) -> Vec<Reason> {
    let mut r = vec![match weakest {
        names::Likeness::Exact if complete => Reason::Name,
        names::Likeness::Exact => Reason::PartialName,
        names::Likeness::Variant => Reason::NameVariant,
        names::Likeness::Spelling => Reason::SimilarSpelling,
    }];
    if alias {
        r.push(Reason::Alias);
    }
    r
}

/// Dates of birth move the score: the same date raises it, dates within a year (one of them
/// approximate) leave it, different dates lower it below the line for all but the closest
/// names. Unknown on either side leaves it too.
pub fn adjust_for_dob(
    score: f64,
    query: Option<(NaiveDate, bool)>,
    person: Option<(NaiveDate, bool)>,
) -> (f64, Option<Reason>) {
    let (Some((q, q_approx)), Some((p, p_approx))) = (query, person) else {
        return (score, None);
    };
    if q == p {
        return ((score + 0.05).min(1.0), Some(Reason::Dob));
    }
    if (q_approx || p_approx) && (q - p).num_days().abs() <= 366 {
        return (score, Some(Reason::DobApproximate));
    }
    (score * 0.75, None)
}
