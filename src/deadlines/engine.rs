//! Turns a case's events into its deadlines. Pure: the same facts always give the same
//! deadlines, so the store can recompute a case inside any write and get an idempotent result.
//!
//! Where the engine cannot compute a date safely (a stopped EAD clock, a detained client's
//! hearing filings, an event that does not belong to the case's jurisdiction) it computes
//! nothing and reports a [`Problem`] instead: a missing date with a warning is recoverable, a
//! silently wrong date is not.

use chrono::{Datelike, Days, Months, NaiveDate};

use super::calendar::{BusinessCalendar, Closed};
use super::rules::{DeadlineKind, Edition, Period, Roll, Rule, RuleId, RULES};
use super::trace::{Note, Problem, Step};
use crate::domain::{EventKind, Jurisdiction, Relief};

/// An event as the engine sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventFact {
    pub id: String,
    pub kind: EventKind,
    pub date: NaiveDate,
}

/// Everything about a case that deadlines depend on.
#[derive(Debug, Clone)]
pub struct CaseFacts {
    pub jurisdiction: Jurisdiction,
    pub relief: Vec<Relief>,
    /// A client on the case is detained (detained dockets follow the judge's orders).
    pub client_detained: bool,
    pub events: Vec<EventFact>,
    /// Editions the lawyer chose for this case, by rule.
    pub chosen_editions: Vec<(RuleId, String)>,
}

/// One computed deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Computed {
    pub rule: RuleId,
    pub edition: &'static str,
    pub event_id: String,
    pub kind: DeadlineKind,
    pub due: NaiveDate,
    pub file_by: NaiveDate,
    pub trace: Vec<Step>,
    /// Already satisfied by a later event (the I-589 received within the year).
    pub met: bool,
}

/// The result of computing one case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Computation {
    pub deadlines: Vec<Computed>,
    pub problems: Vec<Problem>,
}

/// Compute every deadline of a case. `file_by_days`: business days between the file-by target
/// and the legal deadline.
pub fn compute(facts: &CaseFacts, cal: &BusinessCalendar, file_by_days: u32) -> Computation {
    let mut out = Computation::default();
    let mut events = facts.events.clone();
    events.sort_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));

    for e in &events {
        if e.kind.jurisdictions().is_some_and(|js| !js.contains(&facts.jurisdiction)) {
            out.problems.push(Problem::EventNotForJurisdiction { kind: e.kind, date: e.date });
        }
    }
    let arrival = events.iter().rev().find(|e| e.kind.is_arrival() && applies(e.kind, facts.jurisdiction));
    if let Some(arrival) = arrival {
        for e in events.iter().filter(|e| !e.kind.is_arrival() && e.date < arrival.date) {
            out.problems.push(Problem::BeforeArrival { kind: e.kind, date: e.date, arrival: arrival.date });
        }
    }
    for kind in [EventKind::LastArrival, EventKind::I589Received] {
        if events.iter().filter(|e| e.kind == kind).count() > 1 {
            out.problems.push(Problem::SeveralEvents { kind });
        }
    }
    let latest = |kind: EventKind| events.iter().rev().find(|e| e.kind == kind);
    let pauses = latest(EventKind::I589Received).map(|receipt| ead_pauses(&events, receipt.date));
    if let Some(Err(p)) = &pauses {
        out.problems.push(p.clone());
    }

    for rule in RULES.iter().filter(|r| r.applies_to(facts.jurisdiction)) {
        let triggers: Vec<&EventFact> = match rule.trigger {
            EventKind::LastArrival | EventKind::I589Received => latest(rule.trigger).into_iter().collect(),
            kind => events.iter().filter(|e| e.kind == kind).collect(),
        };
        if triggers.is_empty() {
            continue;
        }
        let mut ead_pauses: &[Pause] = &[];
        match rule.id {
            RuleId::AsylumOneYear if !facts.relief.is_empty() && !facts.relief.contains(&Relief::Asylum) => {
                out.problems.push(Problem::OneYearNotApplied);
                continue;
            }
            RuleId::MchFilings | RuleId::IchFilings if facts.client_detained => {
                push_once(&mut out.problems, Problem::DetainedHearingFilings);
                continue;
            }
            RuleId::EadFileEarliest | RuleId::EadGrantEarliest => match &pauses {
                Some(Ok(p)) => ead_pauses = p,
                _ => continue,
            },
            _ => {}
        }
        let chosen = facts.chosen_editions.iter().find(|(r, _)| *r == rule.id).map(|(_, e)| e.as_str());
        for event in triggers {
            let edition = rule.edition(event.date, chosen);
            if chosen.is_some() && edition.id != rule.editions[rule.editions.len() - 1].id {
                push_once(&mut out.problems, Problem::OlderEdition { rule: rule.id, edition: edition.id });
            }
            let extra_days = match rule.editions.iter().find(|e| e.id == edition.id).map(|e| e.period) {
                Some(Period::Days(n)) if !ead_pauses.is_empty() => match ead_stopped_days(event.date, n, ead_pauses) {
                    Ok(days) => days,
                    Err(p) => {
                        push_once(&mut out.problems, p);
                        continue;
                    }
                },
                _ => 0,
            };
            let mut c = compute_one(rule, edition, event, cal, extra_days, file_by_days);
            if matches!(edition.period, Period::DaysBefore(_)) && c.due >= event.date {
                // Closures pushed the filing deadline to the hearing or past it.
                out.problems.push(Problem::FilingNotBeforeHearing { kind: event.kind, date: event.date });
                continue;
            }
            if let Some(closure) = closure_moved(&c.trace) {
                out.problems.push(Problem::ClosureMovedDeadline { rule: rule.id, closed: closure, due: c.due });
            }
            if rule.id == RuleId::AsylumOneYear {
                if let Some(receipt) = latest(EventKind::I589Received).filter(|r| r.date >= event.date) {
                    if receipt.date <= c.due {
                        c.met = true;
                        c.trace.push(Step::Met { kind: receipt.kind, date: receipt.date });
                    } else {
                        out.problems.push(Problem::ReceivedAfterOneYear { due: c.due });
                    }
                }
            }
            out.deadlines.push(c);
        }
    }
    out.deadlines.sort_by(|a, b| a.due.cmp(&b.due).then(a.rule.as_str().cmp(b.rule.as_str())));
    out
}

/// The first closure day a deadline was rolled over, if any: a closure entered for one court
/// applies to every case on that country's calendar, so the lawyer must see that it moved this one.
fn closure_moved(trace: &[Step]) -> Option<NaiveDate> {
    trace.iter().find_map(|s| match s {
        Step::Rolled { skipped, .. } => skipped.iter().find(|(_, why)| *why == Closed::Closure).map(|(d, _)| *d),
        _ => None,
    })
}

fn applies(kind: EventKind, j: Jurisdiction) -> bool {
    kind.jurisdictions().is_none_or(|js| js.contains(&j))
}

fn push_once(problems: &mut Vec<Problem>, p: Problem) {
    if !problems.contains(&p) {
        problems.push(p);
    }
}

/// One pause of the asylum EAD clock: stopped on the first date, restarted on the second (`None`:
/// still stopped).
pub type Pause = (NaiveDate, Option<NaiveDate>);

/// The EAD clock's pauses after the I-589 receipt, from its stop/start events. A ledger that does
/// not add up (a start without a stop, a stop while stopped, an entry before the receipt) is a
/// problem: no EAD date is computed from it.
pub fn ead_pauses(events: &[EventFact], receipt: NaiveDate) -> Result<Vec<Pause>, Problem> {
    let mut entries: Vec<&EventFact> =
        events.iter().filter(|e| matches!(e.kind, EventKind::EadClockStop | EventKind::EadClockStart)).collect();
    // On the same day a stop comes before a start (a one-day pause adds nothing).
    entries.sort_by_key(|e| (e.date, e.kind == EventKind::EadClockStart));
    let mut pauses: Vec<Pause> = Vec::new();
    for e in entries {
        if e.date < receipt {
            return Err(Problem::EadEntryBeforeReceipt { date: e.date });
        }
        let stopped = pauses.last().is_some_and(|p| p.1.is_none());
        match (e.kind, stopped) {
            (EventKind::EadClockStop, false) => pauses.push((e.date, None)),
            (EventKind::EadClockStop, true) => return Err(Problem::EadStopWhileStopped { date: e.date }),
            (_, true) => {
                if let Some(last) = pauses.last_mut() {
                    last.1 = Some(e.date);
                }
            }
            (_, false) => return Err(Problem::EadStartWithoutStop { date: e.date }),
        }
    }
    Ok(pauses)
}

/// The days a period of `n` days from `receipt` is pushed back by the clock's pauses: only pauses
/// that begin before the clock has run `n` days count. A clock stopped before then, and not
/// restarted, gives no date yet.
fn ead_stopped_days(receipt: NaiveDate, n: u32, pauses: &[Pause]) -> Result<u32, Problem> {
    let mut reached = receipt + Days::new(n.into());
    let mut added = 0u32;
    for &(stop, start) in pauses {
        if stop >= reached {
            break;
        }
        let Some(start) = start else { return Err(Problem::EadClockStopped { since: stop }) };
        let days = (start - stop).num_days() as u32;
        added += days;
        reached = reached + Days::new(days.into());
    }
    Ok(added)
}

/// Count a period from an event, with suspended days added for calendar-day periods.
fn count(period: Period, from: NaiveDate, cal: &BusinessCalendar, trace: &mut Vec<Step>) -> NaiveDate {
    let date = match period {
        Period::Days(n) => from + Days::new(n.into()),
        Period::DaysBefore(n) => from - Days::new(n.into()),
        Period::BusinessDays(n) => cal.add_business_days(from, n),
        Period::Months(n) => from.checked_add_months(Months::new(n)).unwrap_or(from),
    };
    trace.push(Step::Count { period, date });
    if let Period::Months(_) = period {
        if date.day() != from.day() {
            trace.push(Step::MonthEnd { day: from.day(), date });
        }
    }
    if matches!(period, Period::Days(_) | Period::Months(_)) {
        // Suspended days do not run: extend by them until no new ones fall inside the period.
        let mut end = date;
        loop {
            let stretched = date + Days::new(cal.suspended_days(from, end).into());
            if stretched == end {
                break;
            }
            end = stretched;
        }
        if end != date {
            trace.push(Step::Suspended { days: (end - date).num_days() as u32, date: end });
        }
        return end;
    }
    date
}

fn roll(rule: &Rule, date: NaiveDate, cal: &BusinessCalendar, trace: &mut Vec<Step>) -> NaiveDate {
    match rule.roll {
        Roll::Never => date,
        Roll::NextBusinessDay => {
            let (to, skipped) = cal.roll_forward(date);
            if !skipped.is_empty() {
                trace.push(Step::Rolled { skipped, to });
            }
            to
        }
        Roll::KeepEarlier => {
            if let Some(why) = cal.closed(date) {
                trace.push(Step::NotRolled { date, why });
            }
            date
        }
    }
}

fn compute_one(
    rule: &Rule,
    edition: &'static Edition,
    event: &EventFact,
    cal: &BusinessCalendar,
    ead_stopped_days: u32,
    file_by_days: u32,
) -> Computed {
    let mut trace = vec![Step::Event { kind: event.kind, date: event.date }];
    let mut due = count(edition.period, event.date, cal, &mut trace);
    if ead_stopped_days > 0 {
        due = due + Days::new(ead_stopped_days.into());
        trace.push(Step::EadStopped { days: ead_stopped_days, date: due });
    }
    due = roll(rule, due, cal, &mut trace);
    if let Some(other) = rule.other_reading {
        let mut scratch = Vec::new();
        let alt = roll(rule, count(other, event.date, cal, &mut scratch), cal, &mut scratch);
        trace.push(Step::OtherReading { period: other, date: alt, used: alt < due });
        due = due.min(alt);
    }
    trace.push(Step::Rule { rule: rule.id, edition: edition.id.to_string(), source: edition.source.to_string() });
    trace.extend(notes(rule.id, event.kind).into_iter().map(|note| Step::Note { note }));
    let file_by = match rule.kind {
        DeadlineKind::Deadline => {
            let f = cal.sub_business_days(due, file_by_days);
            trace.push(Step::FileBy { days: file_by_days, date: f });
            f
        }
        DeadlineKind::Earliest | DeadlineKind::Watch => due,
    };
    Computed {
        rule: rule.id,
        edition: edition.id,
        event_id: event.id.clone(),
        kind: rule.kind,
        due,
        file_by,
        trace,
        met: false,
    }
}

/// What the lawyer must know beside the date.
fn notes(rule: RuleId, trigger: EventKind) -> Vec<Note> {
    match rule {
        RuleId::AsylumOneYear => vec![Note::ExceptionsNotComputed, Note::CountsWhenReceived],
        RuleId::BiaAppeal => vec![Note::DecisionServiceDate, Note::CountsWhenReceived],
        RuleId::MotionReopen if trigger == EventKind::InAbsentiaOrder => vec![Note::LackOfNoticeAnyTime],
        RuleId::MchFilings | RuleId::IchFilings => vec![Note::JudgeMayOrderOtherwise, Note::CountsWhenReceived],
        RuleId::EadFileEarliest | RuleId::EadGrantEarliest => vec![Note::CompleteApplication],
        RuleId::MxComarFiling => vec![Note::LateFilingJustification],
        RuleId::MxComarDecision => vec![Note::ExtendableByAuthority],
        _ => Vec::new(),
    }
}
