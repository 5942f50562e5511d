//! The deadline rules, as data. Sources and counting conventions: `domain/deadlines.md` of the
//! product brief, cited on every rule so the trace can show them.
//!
//! A rule has one or more **editions**, each with the date it took effect. The edition applied to
//! an event is the newest one in effect on the event's date (or the one the lawyer chose for the
//! case), and it is stored with the deadline: when a rule changes in a later release of Amparo,
//! deadlines already computed under the old edition keep their edition and dates.

use chrono::NaiveDate;

use crate::domain::{EventKind, Jurisdiction};
use crate::error::{Error, Result};

crate::domain::vocabulary!(
    /// Stable rule ids, shared by the CLI, the app and exported calendars.
    RuleId, "rule" {
        AsylumOneYear = "asylum-one-year",
        BiaAppeal = "bia-appeal",
        MotionReconsider = "motion-reconsider",
        MotionReopen = "motion-reopen",
        MchFilings = "mch-filings",
        IchFilings = "ich-filings",
        FilingResponse = "filing-response",
        EadFileEarliest = "ead-file-earliest",
        EadGrantEarliest = "ead-grant-earliest",
        AddressChangeEoir = "address-change-eoir",
        AddressChangeUscis = "address-change-uscis",
        MxComarFiling = "mx-comar-filing",
        MxComarDecision = "mx-comar-decision",
        CoFiling = "co-filing",
        CoAppeal = "co-appeal",
    }
);

crate::domain::vocabulary!(
    /// What a computed date means for the lawyer: a `deadline` must be met (received) by the
    /// date; an `earliest` date is the first day something may be done (the EAD clock), it can
    /// only be waited for; a `watch` date binds someone else (COMAR's time to decide).
    DeadlineKind, "deadline kind" {
        Deadline = "deadline",
        Earliest = "earliest",
        Watch = "watch",
    }
);

/// How far from the event the date lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "unit", content = "n", rename_all = "kebab-case")]
pub enum Period {
    /// Calendar days after the event (the event is day 0).
    Days(u32),
    /// Calendar days before the event (a hearing: the day before it is day 1).
    DaysBefore(u32),
    /// Business days after the event on the jurisdiction's calendar.
    BusinessDays(u32),
    /// Calendar months after the event (same day of the month, or the month's last day).
    Months(u32),
}

/// What happens when the last day is not a business day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Roll {
    /// Moves to the next business day (8 CFR 1.2 and the rules that cite it).
    NextBusinessDay,
    /// The date stands as computed (earliest dates and dates to watch).
    Never,
    /// The law may move it, but it is not settled: the engine keeps the earlier date and says so.
    KeepEarlier,
}

/// A version of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edition {
    pub id: &'static str,
    /// First day this edition applies to (by the date of the triggering event).
    pub effective: (i32, u32, u32),
    pub period: Period,
    /// Where the edition's text is.
    pub source: &'static str,
}

impl Edition {
    pub fn effective_date(&self) -> NaiveDate {
        let (y, m, d) = self.effective;
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
    }
}

/// One rule: which event starts it, in which jurisdictions, and how it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub id: RuleId,
    pub trigger: EventKind,
    pub kind: DeadlineKind,
    pub jurisdictions: &'static [Jurisdiction],
    pub roll: Roll,
    /// Oldest first.
    pub editions: &'static [Edition],
    /// A second reading of the rule that the sources support; the engine computes both and uses
    /// the earlier date.
    pub other_reading: Option<Period>,
}

/// Amparo's first rule set; "always" for rules that have not changed in the period we cover.
const SINCE_1980: (i32, u32, u32) = (1980, 1, 1);

const US: &[Jurisdiction] = &[Jurisdiction::UsEoir, Jurisdiction::UsUscis];
const COURT: &[Jurisdiction] = &[Jurisdiction::UsEoir];

macro_rules! single {
    ($period:expr, $source:literal) => {
        &[Edition { id: "2026", effective: SINCE_1980, period: $period, source: $source }]
    };
}

/// Every rule. Several entries may share a rule id when different events start it.
pub const RULES: &[Rule] = &[
    Rule {
        id: RuleId::AsylumOneYear,
        trigger: EventKind::LastArrival,
        kind: DeadlineKind::Deadline,
        jurisdictions: US,
        roll: Roll::NextBusinessDay,
        editions: single!(Period::Months(12), "INA 208(a)(2)(B); 8 CFR 208.4(a)(2), 1208.4(a)(2)"),
        other_reading: None,
    },
    Rule {
        id: RuleId::BiaAppeal,
        trigger: EventKind::IjDecision,
        kind: DeadlineKind::Deadline,
        jurisdictions: COURT,
        roll: Roll::NextBusinessDay,
        editions: single!(Period::Days(30), "8 CFR 1003.38(b); BIA Practice Manual ch. 4.5"),
        other_reading: None,
    },
    Rule {
        id: RuleId::MotionReconsider,
        trigger: EventKind::FinalOrder,
        kind: DeadlineKind::Deadline,
        jurisdictions: COURT,
        roll: Roll::NextBusinessDay,
        editions: single!(Period::Days(30), "8 CFR 1003.23(b)(1), 1003.2(b)(2)"),
        other_reading: None,
    },
    Rule {
        id: RuleId::MotionReopen,
        trigger: EventKind::FinalOrder,
        kind: DeadlineKind::Deadline,
        jurisdictions: COURT,
        roll: Roll::NextBusinessDay,
        editions: single!(Period::Days(90), "8 CFR 1003.23(b)(1)"),
        other_reading: None,
    },
    Rule {
        id: RuleId::MotionReconsider,
        trigger: EventKind::InAbsentiaOrder,
        kind: DeadlineKind::Deadline,
        jurisdictions: COURT,
        roll: Roll::NextBusinessDay,
        editions: single!(Period::Days(30), "8 CFR 1003.23(b)(1), 1003.2(b)(2)"),
        other_reading: None,
    },
    Rule {
        id: RuleId::MotionReopen,
        trigger: EventKind::InAbsentiaOrder,
        kind: DeadlineKind::Deadline,
        jurisdictions: COURT,
        roll: Roll::NextBusinessDay,
        editions: single!(Period::Days(180), "8 CFR 1003.23(b)(4)(ii)"),
        other_reading: None,
    },
    Rule {
        id: RuleId::MchFilings,
        trigger: EventKind::MasterHearing,
        kind: DeadlineKind::Deadline,
        jurisdictions: COURT,
        roll: Roll::NextBusinessDay,
        editions: single!(Period::DaysBefore(15), "EOIR Policy Manual Part II 3.1(b)(1); Appendix C"),
        other_reading: None,
    },
    Rule {
        id: RuleId::IchFilings,
        trigger: EventKind::IndividualHearing,
        kind: DeadlineKind::Deadline,
        jurisdictions: COURT,
        roll: Roll::NextBusinessDay,
        // The Practice Manual took effect on 1 July 2008 with 15 days. The 2021 edition says 30
        // days; we date it from 1 January 2021, no later than any publication we know of, so
        // every hearing from 2021 gets the longer (safer) window.
        editions: &[
            Edition {
                id: "2008",
                effective: (2008, 7, 1),
                period: Period::DaysBefore(15),
                source: "Immigration Court Practice Manual ch. 3.1(b) (2008)",
            },
            Edition {
                id: "2021",
                effective: (2021, 1, 1),
                period: Period::DaysBefore(30),
                source: "EOIR Policy Manual Part II 3.1(b)(2); Appendix C",
            },
        ],
        other_reading: None,
    },
    Rule {
        id: RuleId::FilingResponse,
        trigger: EventKind::FilingReceived,
        kind: DeadlineKind::Deadline,
        jurisdictions: COURT,
        roll: Roll::NextBusinessDay,
        editions: single!(Period::Days(10), "EOIR Policy Manual Appendix C"),
        other_reading: None,
    },
    Rule {
        id: RuleId::EadFileEarliest,
        trigger: EventKind::I589Received,
        kind: DeadlineKind::Earliest,
        jurisdictions: US,
        roll: Roll::Never,
        editions: single!(Period::Days(150), "8 CFR 208.7(a); AsylumWorks v. Mayorkas (D.D.C. 2022)"),
        other_reading: None,
    },
    Rule {
        id: RuleId::EadGrantEarliest,
        trigger: EventKind::I589Received,
        kind: DeadlineKind::Earliest,
        jurisdictions: US,
        roll: Roll::Never,
        editions: single!(Period::Days(180), "8 CFR 208.7(a)(1)"),
        other_reading: None,
    },
    Rule {
        id: RuleId::AddressChangeEoir,
        trigger: EventKind::AddressChange,
        kind: DeadlineKind::Deadline,
        jurisdictions: COURT,
        roll: Roll::NextBusinessDay,
        editions: single!(Period::Days(5), "8 CFR 1003.15(d)(2); EOIR Policy Manual Part II 2.2(c); form EOIR-33"),
        other_reading: Some(Period::BusinessDays(5)),
    },
    Rule {
        id: RuleId::AddressChangeUscis,
        trigger: EventKind::AddressChange,
        kind: DeadlineKind::Deadline,
        jurisdictions: US,
        roll: Roll::NextBusinessDay,
        editions: single!(Period::Days(10), "INA 265(a); 8 CFR 265.1"),
        other_reading: None,
    },
    Rule {
        id: RuleId::MxComarFiling,
        trigger: EventKind::MxEntry,
        kind: DeadlineKind::Deadline,
        jurisdictions: &[Jurisdiction::MxComar],
        roll: Roll::NextBusinessDay,
        editions: single!(
            Period::BusinessDays(30),
            "Ley sobre Refugiados, Protección Complementaria y Asilo Político art. 18; Reglamento art. 19"
        ),
        other_reading: None,
    },
    Rule {
        id: RuleId::MxComarDecision,
        trigger: EventKind::MxComarAdmission,
        kind: DeadlineKind::Watch,
        jurisdictions: &[Jurisdiction::MxComar],
        roll: Roll::NextBusinessDay,
        editions: single!(
            Period::BusinessDays(45),
            "Ley sobre Refugiados, Protección Complementaria y Asilo Político art. 24"
        ),
        other_reading: None,
    },
    Rule {
        id: RuleId::CoFiling,
        trigger: EventKind::CoEntry,
        kind: DeadlineKind::Deadline,
        jurisdictions: &[Jurisdiction::Co],
        roll: Roll::KeepEarlier,
        editions: single!(Period::Months(2), "Decreto 1067 de 2015, art. 2.2.3.1.6.1"),
        other_reading: None,
    },
    Rule {
        id: RuleId::CoAppeal,
        trigger: EventKind::CoDenialNotified,
        kind: DeadlineKind::Deadline,
        jurisdictions: &[Jurisdiction::Co],
        roll: Roll::NextBusinessDay,
        editions: single!(Period::BusinessDays(10), "Decreto 1067 de 2015; CPACA art. 76"),
        other_reading: None,
    },
];

impl Rule {
    /// The edition for an event on `date`: the one chosen for the case if it exists, else the
    /// newest in effect on that date (or the oldest, for events before every edition).
    pub fn edition(&self, date: NaiveDate, chosen: Option<&str>) -> &'static Edition {
        if let Some(e) = chosen.and_then(|c| self.editions.iter().find(|e| e.id == c)) {
            return e;
        }
        self.editions.iter().rev().find(|e| e.effective_date() <= date).unwrap_or(&self.editions[0])
    }

    pub fn applies_to(&self, j: Jurisdiction) -> bool {
        self.jurisdictions.contains(&j)
    }
}

/// The editions a rule has, for choosing one on a case.
pub fn editions_of(id: RuleId) -> &'static [Edition] {
    RULES.iter().find(|r| r.id == id).map(|r| r.editions).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_id_has_a_rule_and_every_rule_an_edition() {
        for id in RuleId::ALL {
            assert!(RULES.iter().any(|r| r.id == *id), "{}", id.as_str());
        }
        for r in RULES {
            assert!(!r.editions.is_empty());
            assert!(r.editions.windows(2).all(|w| w[0].effective_date() < w[1].effective_date()), "oldest first");
            assert!(
                r.jurisdictions.iter().all(|j| r.trigger.jurisdictions().is_none_or(|k| k.contains(j))),
                "{}: its event must exist where the rule applies",
                r.id.as_str()
            );
        }
    }

    #[test]
    fn edition_follows_the_event_date_unless_chosen() {
        let ich = RULES.iter().find(|r| r.id == RuleId::IchFilings).unwrap();
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(ich.edition(d("2020-12-31"), None).id, "2008");
        assert_eq!(ich.edition(d("2021-01-01"), None).id, "2021");
        assert_eq!(ich.edition(d("2026-03-01"), Some("2008")).id, "2008");
        assert_eq!(ich.edition(d("2026-03-01"), Some("1999")).id, "2021", "unknown choice is ignored");
        assert_eq!(ich.edition(d("2001-01-01"), None).id, "2008");
    }
}
