//! The engine against dates worked out by hand (weekday, holiday and count checked on paper for
//! each row), then sweeps over every event date in a range for the properties that must hold for
//! all of them.

use chrono::NaiveDate;

use super::calendar::{BusinessCalendar, Closed};
use super::engine::{compute, CaseFacts, Computation, Computed, EventFact};
use super::rules::{DeadlineKind, Roll, RuleId, RULES};
use super::trace::{Problem, Step};
use crate::domain::{EventKind, Jurisdiction, Relief};
use crate::settings::Language;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn facts(j: Jurisdiction, events: &[(EventKind, &str)]) -> CaseFacts {
    CaseFacts {
        jurisdiction: j,
        relief: vec![Relief::Asylum],
        client_detained: false,
        events: events
            .iter()
            .enumerate()
            .map(|(i, (kind, date))| EventFact { id: format!("e{i}"), kind: *kind, date: d(date) })
            .collect(),
        chosen_editions: Vec::new(),
    }
}

fn cal(j: Jurisdiction) -> BusinessCalendar {
    BusinessCalendar::new(j.calendar())
}

fn run(j: Jurisdiction, events: &[(EventKind, &str)]) -> Computation {
    compute(&facts(j, events), &cal(j), 3)
}

fn only(c: &Computation, rule: RuleId) -> &Computed {
    let found: Vec<_> = c.deadlines.iter().filter(|x| x.rule == rule).collect();
    assert_eq!(found.len(), 1, "{}: {:?}", rule.as_str(), c.deadlines);
    found[0]
}

use EventKind as E;
use Jurisdiction::{Co, MxComar, UsEoir};

/// (rule, jurisdiction, event, event date, legal due date, file-by target).
const WORKED: &[(RuleId, Jurisdiction, EventKind, &str, &str, &str)] = &[
    // Fri 25 Dec (Christmas), Sat, Sun → Mon 28 Dec; file-by: Thu 24, Wed 23, Tue 22.
    (RuleId::BiaAppeal, UsEoir, E::IjDecision, "2026-11-25", "2026-12-28", "2026-12-22"),
    // Mon 2 Mar + 30 = Wed 1 Apr, a business day; file-by Tue 31, Mon 30, Fri 27 Mar.
    (RuleId::BiaAppeal, UsEoir, E::IjDecision, "2026-03-02", "2026-04-01", "2026-03-27"),
    // Year boundary: 2 Dec 2021 + 30 = Sat 1 Jan 2022 → Mon 3 Jan (New Year observed on Fri 31
    // Dec 2021, which the file-by count skips: Thu 30, Wed 29, Tue 28).
    (RuleId::BiaAppeal, UsEoir, E::IjDecision, "2021-12-02", "2022-01-03", "2021-12-28"),
    // Leap day + 1 year = Fri 28 Feb 2025 (the month's last day, the safer reading).
    (RuleId::AsylumOneYear, UsEoir, E::LastArrival, "2024-02-29", "2025-02-28", "2025-02-25"),
    (RuleId::AsylumOneYear, UsEoir, E::LastArrival, "2028-02-29", "2029-02-28", "2029-02-23"),
    // Sun 4 Jul 2027, Mon 5 Jul (Independence Day observed) → Tue 6 Jul.
    (RuleId::AsylumOneYear, UsEoir, E::LastArrival, "2026-07-04", "2027-07-06", "2027-06-30"),
    // Wed 3 Jun + 30 = Fri 3 Jul 2026, Independence Day observed on the Friday → Mon 6 Jul.
    (RuleId::MotionReconsider, UsEoir, E::FinalOrder, "2026-06-03", "2026-07-06", "2026-06-30"),
    // Wed 25 Nov 2026 + 90 = Tue 23 Feb 2027; file-by Thu 18 (Mon 15 is Washington's Birthday
    // but lies before it).
    (RuleId::MotionReopen, UsEoir, E::FinalOrder, "2026-11-25", "2027-02-23", "2027-02-18"),
    // In absentia: Mon 5 Jan 2026 + 180 = Sat 4 Jul → Sun → Mon 6 Jul.
    (RuleId::MotionReopen, UsEoir, E::InAbsentiaOrder, "2026-01-05", "2026-07-06", "2026-06-30"),
    // Hearing Mon 11 Jan 2027 − 15 = Sun 27 Dec → Mon 28 Dec; file-by skips Christmas.
    (RuleId::MchFilings, UsEoir, E::MasterHearing, "2027-01-11", "2026-12-28", "2026-12-22"),
    // Hearing Mon 14 Jun 2027 − 30 (2021 edition) = Sat 15 May → Mon 17 May.
    (RuleId::IchFilings, UsEoir, E::IndividualHearing, "2027-06-14", "2027-05-17", "2027-05-12"),
    // A 2020 hearing gets the 2008 edition (15 days): Mon 15 Jun 2020 − 15 = Sun 31 May → Mon 1 Jun.
    (RuleId::IchFilings, UsEoir, E::IndividualHearing, "2020-06-15", "2020-06-01", "2020-05-27"),
    // Sun 1 Nov + 10 = Wed 11 Nov, Veterans Day → Thu 12 Nov.
    // File-by: Wed 11 Nov is the holiday, so Tue 10, Mon 9, Fri 6.
    (RuleId::FilingResponse, UsEoir, E::FilingReceived, "2026-11-01", "2026-11-12", "2026-11-06"),
    // Tue 1 Dec 2026 + 150 = Fri 30 Apr 2027; + 180 = Sun 30 May 2027 (earliest dates never roll).
    (RuleId::EadFileEarliest, UsEoir, E::I589Received, "2026-12-01", "2027-04-30", "2027-04-30"),
    (RuleId::EadGrantEarliest, UsEoir, E::I589Received, "2026-12-01", "2027-05-30", "2027-05-30"),
    // Wed 30 Dec + 5 = Mon 4 Jan 2027 (5 working days would be Thu 7 Jan, later).
    (RuleId::AddressChangeEoir, UsEoir, E::AddressChange, "2026-12-30", "2027-01-04", "2026-12-29"),
    // Wed 30 Dec + 10 = Sat 9 Jan → Mon 11 Jan.
    (RuleId::AddressChangeUscis, UsEoir, E::AddressChange, "2026-12-30", "2027-01-11", "2027-01-06"),
    // Thu 29 Jan 2026 + 30 Mexican business days (Mon 2 Feb is Constitution Day) = Fri 13 Mar.
    (RuleId::MxComarFiling, MxComar, E::MxEntry, "2026-01-29", "2026-03-13", "2026-03-10"),
    // Mon 2 Nov 2026 + 45 business days (16 Nov, 25 Dec, 1 Jan off) = Thu 7 Jan 2027.
    (RuleId::MxComarDecision, MxComar, E::MxComarAdmission, "2026-11-02", "2027-01-07", "2027-01-07"),
    // Mon 8 Jun 2026 + 2 months = Sat 8 Aug: kept (the earlier date); file-by skips Fri 7 Aug
    // (Battle of Boyacá): Thu 6, Wed 5, Tue 4.
    (RuleId::CoFiling, Co, E::CoEntry, "2026-06-08", "2026-08-08", "2026-08-04"),
    // Thu 31 Dec 2026 + 2 months = Sun 28 Feb 2027 (no 31 Feb), kept.
    (RuleId::CoFiling, Co, E::CoEntry, "2026-12-31", "2027-02-28", "2027-02-24"),
    // Wed 1 Apr 2026 + 10 Colombian business days (Holy Thursday, Good Friday off) = Fri 17 Apr.
    (RuleId::CoAppeal, Co, E::CoDenialNotified, "2026-04-01", "2026-04-17", "2026-04-14"),
];

#[test]
fn every_rule_against_dates_worked_by_hand() {
    for &(rule, j, kind, event, due, file_by) in WORKED {
        let c = run(j, &[(kind, event)]);
        let got = only(&c, rule);
        assert_eq!(
            (got.due.to_string(), got.file_by.to_string()),
            (due.to_string(), file_by.to_string()),
            "{} from {event}",
            rule.as_str()
        );
    }
    for id in RuleId::ALL {
        assert!(WORKED.iter().any(|w| w.0 == *id), "no worked example for {}", id.as_str());
    }
}

#[test]
fn trace_reads_like_the_lawyer_would_check_it() {
    let c = run(UsEoir, &[(E::IjDecision, "2026-11-25")]);
    let lines: Vec<String> = only(&c, RuleId::BiaAppeal).trace.iter().map(|s| s.render(Language::En)).collect();
    assert_eq!(lines[0], "Immigration judge's decision: Wed 25 Nov 2026");
    assert_eq!(lines[1], "+ 30 calendar days = Fri 25 Dec 2026");
    assert_eq!(
        lines[2],
        "Not business days: Fri 25 Dec 2026 (Christmas Day), Sat 26 Dec 2026 (Saturday), Sun 27 Dec 2026 (Sunday) \
         → next business day: Mon 28 Dec 2026"
    );
    assert_eq!(lines[3], "Rule bia-appeal (edition 2026): 8 CFR 1003.38(b); BIA Practice Manual ch. 4.5");
    assert_eq!(lines.last().unwrap(), "File-by target: 3 business days earlier = Tue 22 Dec 2026");
    let es: Vec<String> = only(&c, RuleId::BiaAppeal).trace.iter().map(|s| s.render(Language::Es)).collect();
    assert_eq!(es[1], "+ 30 días naturales = vie 25 dic 2026");
    assert!(es[2].contains("(Navidad)"), "{}", es[2]);
}

#[test]
fn leap_day_trace_says_the_month_end_was_used() {
    let c = run(UsEoir, &[(E::LastArrival, "2024-02-29")]);
    let t = &only(&c, RuleId::AsylumOneYear).trace;
    assert!(t.contains(&Step::MonthEnd { day: 29, date: d("2025-02-28") }), "{t:?}");
}

#[test]
fn closures_move_deadlines_and_are_named() {
    let f = facts(UsEoir, &[(E::IjDecision, "2026-11-25")]);
    let closed = cal(UsEoir).with_closures([d("2026-12-28")]);
    let c = compute(&f, &closed, 3);
    let got = only(&c, RuleId::BiaAppeal);
    assert_eq!(got.due, d("2026-12-29"));
    assert!(got
        .trace
        .iter()
        .any(|s| matches!(s, Step::Rolled { skipped, .. } if skipped.contains(&(d("2026-12-28"), Closed::Closure)))));
    assert_eq!(got.file_by, d("2026-12-22"));
}

#[test]
fn suspensions_stop_business_and_calendar_day_counts() {
    let f = facts(MxComar, &[(E::MxEntry, "2026-01-29")]);
    let halted = cal(MxComar).with_suspensions([(d("2026-02-03"), d("2026-02-06"))]);
    // Four business days suspended; Mon 16 Mar is Juárez's birthday: Tue 17 … Fri 20 Mar.
    assert_eq!(only(&compute(&f, &halted, 3), RuleId::MxComarFiling).due, d("2026-03-20"));
    // Calendar days: Wed 25 Nov + 30 = Fri 25 Dec; the 3 suspended days inside the period add 3
    // days → Mon 28 Dec, a business day.
    let us = cal(UsEoir).with_suspensions([(d("2026-12-01"), d("2026-12-03"))]);
    let c = compute(&facts(UsEoir, &[(E::IjDecision, "2026-11-25")]), &us, 3);
    let got = only(&c, RuleId::BiaAppeal);
    assert_eq!(got.due, d("2026-12-28"));
    assert!(got.trace.contains(&Step::Suspended { days: 3, date: d("2026-12-28") }));
}

#[test]
fn ead_clock_stops_push_the_earliest_dates() {
    let c = run(
        UsEoir,
        &[(E::I589Received, "2026-12-01"), (E::EadClockStop, "2027-01-04"), (E::EadClockStart, "2027-01-18")],
    );
    assert_eq!(only(&c, RuleId::EadFileEarliest).due, d("2027-05-14"));
    assert_eq!(only(&c, RuleId::EadGrantEarliest).due, d("2027-06-13"));
    assert!(only(&c, RuleId::EadFileEarliest).trace.contains(&Step::EadStopped { days: 14, date: d("2027-05-14") }));
    assert!(c.problems.is_empty(), "{:?}", c.problems);
}

/// Regression: a pause that begins after the clock has run its 150 days does not move the
/// earliest filing date (it still moves the 180-day grant date if it begins before that).
#[test]
fn ead_pauses_after_a_period_has_run_do_not_move_it() {
    let c = run(
        UsEoir,
        &[(E::I589Received, "2026-12-01"), (E::EadClockStop, "2027-05-10"), (E::EadClockStart, "2027-06-09")],
    );
    assert_eq!(only(&c, RuleId::EadFileEarliest).due, d("2027-04-30"));
    assert_eq!(only(&c, RuleId::EadGrantEarliest).due, d("2027-06-29"), "Sun 30 May + 30 stopped days");
    // Stopped now, after day 150 and before day 180: the filing date stands, the grant date waits.
    let c = run(UsEoir, &[(E::I589Received, "2026-12-01"), (E::EadClockStop, "2027-05-10")]);
    assert_eq!(only(&c, RuleId::EadFileEarliest).due, d("2027-04-30"));
    assert!(!c.deadlines.iter().any(|x| x.rule == RuleId::EadGrantEarliest));
    assert_eq!(c.problems, [Problem::EadClockStopped { since: d("2027-05-10") }]);
}

/// Regression: a long closure could roll a pre-hearing filing deadline past the hearing.
#[test]
fn a_filing_deadline_pushed_to_the_hearing_is_not_computed() {
    let f = facts(UsEoir, &[(E::MasterHearing, "2026-06-22")]);
    let closed: Vec<NaiveDate> = d("2026-06-08").iter_days().take(16).collect();
    let c = compute(&f, &cal(UsEoir).with_closures(closed), 3);
    assert!(c.deadlines.is_empty());
    assert_eq!(c.problems, [Problem::FilingNotBeforeHearing { kind: E::MasterHearing, date: d("2026-06-22") }]);
}

/// Automatic editions raise no warning, even the older one for an old hearing.
#[test]
fn only_a_chosen_older_edition_warns() {
    let c = run(UsEoir, &[(E::IndividualHearing, "2020-06-15")]);
    assert_eq!(only(&c, RuleId::IchFilings).edition, "2008");
    assert!(c.problems.is_empty());
}

#[test]
fn a_broken_or_running_ead_ledger_gives_a_warning_and_no_date() {
    let cases: &[(&[(EventKind, &str)], Problem)] = &[
        (
            &[(E::I589Received, "2026-12-01"), (E::EadClockStop, "2027-01-04")],
            Problem::EadClockStopped { since: d("2027-01-04") },
        ),
        (
            &[(E::I589Received, "2026-12-01"), (E::EadClockStart, "2027-01-04")],
            Problem::EadStartWithoutStop { date: d("2027-01-04") },
        ),
        (
            &[(E::I589Received, "2026-12-01"), (E::EadClockStop, "2027-01-04"), (E::EadClockStop, "2027-01-09")],
            Problem::EadStopWhileStopped { date: d("2027-01-09") },
        ),
        (
            &[(E::EadClockStop, "2026-11-04"), (E::I589Received, "2026-12-01")],
            Problem::EadEntryBeforeReceipt { date: d("2026-11-04") },
        ),
    ];
    for (events, problem) in cases {
        let c = run(UsEoir, events);
        assert!(c.problems.contains(problem), "{:?}", c.problems);
        assert!(
            !c.deadlines.iter().any(|x| matches!(x.rule, RuleId::EadFileEarliest | RuleId::EadGrantEarliest)),
            "never a silently wrong EAD date"
        );
    }
}

#[test]
fn one_year_is_met_by_a_timely_i589_and_flagged_when_late() {
    let c = run(UsEoir, &[(E::LastArrival, "2026-03-02"), (E::I589Received, "2026-12-01")]);
    assert!(only(&c, RuleId::AsylumOneYear).met);
    let late = run(UsEoir, &[(E::LastArrival, "2025-03-02"), (E::I589Received, "2026-12-01")]);
    assert!(!only(&late, RuleId::AsylumOneYear).met);
    assert!(late.problems.contains(&Problem::ReceivedAfterOneYear { due: d("2026-03-02") }));
}

#[test]
fn rules_that_do_not_apply_compute_nothing_and_say_why() {
    // No asylum track: withholding and CAT have no one-year bar.
    let mut f = facts(UsEoir, &[(E::LastArrival, "2026-03-02")]);
    f.relief = vec![Relief::Withholding, Relief::Cat];
    let c = compute(&f, &cal(UsEoir), 3);
    assert!(c.deadlines.is_empty());
    assert_eq!(c.problems, [Problem::OneYearNotApplied]);
    // Detained: hearing filings are set by the judge.
    let mut f = facts(UsEoir, &[(E::MasterHearing, "2027-01-11"), (E::IndividualHearing, "2027-06-14")]);
    f.client_detained = true;
    let c = compute(&f, &cal(UsEoir), 3);
    assert!(c.deadlines.is_empty());
    assert_eq!(c.problems, [Problem::DetainedHearingFilings]);
    // A court event on an affirmative (USCIS) case, a Mexican entry on a US case.
    let c = run(Jurisdiction::UsUscis, &[(E::IjDecision, "2026-11-25"), (E::MxEntry, "2026-01-29")]);
    assert!(c.deadlines.is_empty());
    assert_eq!(c.problems.len(), 2);
    assert!(matches!(c.problems[0], Problem::EventNotForJurisdiction { .. }));
}

#[test]
fn events_before_the_arrival_and_duplicate_arrivals_are_flagged() {
    let c =
        run(UsEoir, &[(E::LastArrival, "2026-03-02"), (E::LastArrival, "2025-01-10"), (E::IjDecision, "2026-01-05")]);
    assert!(c.problems.contains(&Problem::SeveralEvents { kind: E::LastArrival }));
    assert!(c.problems.contains(&Problem::BeforeArrival {
        kind: E::IjDecision,
        date: d("2026-01-05"),
        arrival: d("2026-03-02")
    }));
    // Only the latest arrival counts.
    assert_eq!(only(&c, RuleId::AsylumOneYear).due, d("2027-03-02"));
}

#[test]
fn a_chosen_older_edition_is_used_and_flagged() {
    let mut f = facts(UsEoir, &[(E::IndividualHearing, "2027-06-14")]);
    f.chosen_editions = vec![(RuleId::IchFilings, "2008".into())];
    let c = compute(&f, &cal(UsEoir), 3);
    // − 15 = Sun 30 May 2027, Mon 31 May is Memorial Day → Tue 1 Jun.
    let got = only(&c, RuleId::IchFilings);
    assert_eq!((got.due, got.edition), (d("2027-06-01"), "2008"));
    assert_eq!(c.problems, [Problem::OlderEdition { rule: RuleId::IchFilings, edition: "2008" }]);
}

#[test]
fn a_defensive_asylum_case_gets_every_us_court_deadline() {
    let c = run(
        UsEoir,
        &[
            (E::LastArrival, "2026-03-02"),
            (E::MasterHearing, "2027-01-11"),
            (E::IndividualHearing, "2027-06-14"),
            (E::FilingReceived, "2027-01-20"),
            (E::I589Received, "2026-12-01"),
            (E::AddressChange, "2026-12-30"),
            (E::IjDecision, "2027-06-14"),
            (E::FinalOrder, "2027-06-14"),
        ],
    );
    let mut rules: Vec<&str> = c.deadlines.iter().map(|x| x.rule.as_str()).collect();
    rules.sort();
    rules.dedup();
    let mut expected: Vec<&str> = RULES
        .iter()
        .filter(|r| r.applies_to(UsEoir) && r.trigger != E::InAbsentiaOrder)
        .map(|r| r.id.as_str())
        .collect();
    expected.sort();
    expected.dedup();
    assert_eq!(rules, expected);
    assert!(c.problems.is_empty(), "{:?}", c.problems);
}

/// Every event date from 2020 to 2031, every rule: rolled dates are business days, never
/// earlier than the unrolled count; file-by targets are business days no later than the
/// deadline; dates before a hearing stay before it; computing twice gives the same result.
#[test]
fn sweep_every_date_for_every_rule() {
    let mut day = d("2020-01-01");
    let end = d("2031-12-31");
    let mut checked = 0;
    while day <= end {
        for rule in RULES {
            let j = rule.jurisdictions[0];
            let date = day.to_string();
            let mut events = vec![(rule.trigger, date.as_str())];
            if matches!(rule.id, RuleId::EadFileEarliest | RuleId::EadGrantEarliest) {
                events = vec![(E::I589Received, date.as_str())];
            }
            let f = facts(j, &events);
            let calendar = cal(j);
            let first = compute(&f, &calendar, 3);
            assert_eq!(first, compute(&f, &calendar, 3), "idempotent");
            for c in first.deadlines.iter().filter(|c| c.rule == rule.id && c.event_id == "e0") {
                if rule.roll == Roll::NextBusinessDay {
                    assert!(calendar.is_business_day(c.due), "{} from {date}: {} is closed", rule.id.as_str(), c.due);
                }
                if c.kind == DeadlineKind::Deadline {
                    assert!(
                        calendar.is_business_day(c.file_by),
                        "{} from {date}: file-by {}",
                        rule.id.as_str(),
                        c.file_by
                    );
                    assert!(c.file_by < c.due);
                }
                if rule.trigger.is_appointment() {
                    assert!(c.due < day, "{} stays before the hearing", rule.id.as_str());
                } else {
                    assert!(c.due > day);
                }
                checked += 1;
            }
        }
        day = day.succ_opt().unwrap();
    }
    assert!(checked > 4000 * 15, "{checked}");
}
