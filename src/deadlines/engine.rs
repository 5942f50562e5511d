//! Turns a case's events into its deadlines. Pure: the same facts always give the same
//! deadlines, so the store can recompute a case inside any write and get an idempotent result.
//!
//! Where the engine cannot compute a date safely (a stopped EAD clock, a detained client's
//! hearing filings, an event that does not belong to the case's jurisdiction) it computes
//! nothing and reports a [`Problem`] instead: a missing date with a warning is recoverable, a
//! silently wrong date is not.

use chrono::{Datelike, Days, Months, NaiveDate};

use super::calendar::BusinessCalendar;
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
    let ledger = latest(EventKind::I589Received).map(|receipt| ead_ledger(&events, receipt));
    if let Some(Err(p)) = &ledger {
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
        let mut extra_days = 0;
        match rule.id {
            RuleId::AsylumOneYear if !facts.relief.is_empty() && !facts.relief.contains(&Relief::Asylum) => {
                out.problems.push(Problem::OneYearNotApplied);
                continue;
            }
            RuleId::MchFilings | RuleId::IchFilings if facts.client_detained => {
                push_once(&mut out.problems, Problem::DetainedHearingFilings);
                continue;
            }
            RuleId::EadFileEarliest | RuleId::EadGrantEarliest => match &ledger {
                Some(Ok(stopped)) => extra_days = *stopped,
                _ => continue,
            },
            _ => {}
        }
        let chosen = facts.chosen_editions.iter().find(|(r, _)| *r == rule.id).map(|(_, e)| e.as_str());
        for event in triggers {
            let edition = rule.edition(event.date, chosen);
            if edition.id != rule.editions[rule.editions.len() - 1].id {
                push_once(&mut out.problems, Problem::OlderEdition { rule: rule.id, edition: edition.id });
            }
            let mut c = compute_one(rule, edition, event, cal, extra_days, file_by_days);
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

fn applies(kind: EventKind, j: Jurisdiction) -> bool {
    kind.jurisdictions().is_none_or(|js| js.contains(&j))
}

fn push_once(problems: &mut Vec<Problem>, p: Problem) {
    if !problems.contains(&p) {
        problems.push(p);
    }
}

/// Days the asylum EAD clock stood stopped after the I-589 receipt, from its stop/start ledger.
/// A ledger that does not add up (a start without a stop, a stop while stopped, an entry before
/// the receipt, a clock still stopped) gives a problem and no EAD dates.
fn ead_ledger(events: &[EventFact], receipt: &EventFact) -> Result<u32, Problem> {
    let mut stopped_since: Option<NaiveDate> = None;
    let mut total = 0u32;
    for e in events.iter().filter(|e| matches!(e.kind, EventKind::EadClockStop | EventKind::EadClockStart)) {
        if e.date < receipt.date {
            return Err(Problem::EadEntryBeforeReceipt { date: e.date });
        }
        match (e.kind, stopped_since) {
            (EventKind::EadClockStop, None) => stopped_since = Some(e.date),
            (EventKind::EadClockStop, Some(_)) => return Err(Problem::EadStopWhileStopped { date: e.date }),
            (_, Some(since)) => {
                total += (e.date - since).num_days() as u32;
                stopped_since = None;
            }
            (_, None) => return Err(Problem::EadStartWithoutStop { date: e.date }),
        }
    }
    match stopped_since {
        Some(since) => Err(Problem::EadClockStopped { since }),
        None => Ok(total),
    }
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
