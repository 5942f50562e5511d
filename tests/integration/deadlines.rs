//! Deadlines in the vault: events drive them in the same transaction, bad input changes nothing,
//! done deadlines are history, reminders come back until seen, the calendar export keeps names
//! out, and the CLI speaks the documented JSON.

use std::sync::Arc;

use amparo::clock::FixedClock;
use amparo::deadlines::{DeadlineStatus, RuleId};
use amparo::domain::records::{CaseDetails, NewPerson};
use amparo::domain::{CalendarId, EventKind};
use amparo::store::deadlines::{DeadlineFilter, DeadlineSettings};
use amparo::{Error, Vault};
use chrono::{TimeZone, Utc};
use serde_json::Value;

use crate::util::{create_in_process, Env};

fn at(y: i32, m: u32, d: u32) -> Arc<FixedClock> {
    Arc::new(FixedClock(Utc.with_ymd_and_hms(y, m, d, 14, 0, 0).unwrap()))
}

fn case(v: &mut Vault, client: NewPerson, jurisdiction: &str) -> String {
    let details = CaseDetails {
        jurisdiction: jurisdiction.into(),
        title: "Defensive asylum".into(),
        relief: vec!["asylum".into()],
        ..Default::default()
    };
    v.intake(client, details).unwrap().1
}

fn new_vault(root: &tempfile::TempDir) -> (Vault, String) {
    let mut v = create_in_process(&root.path().join("v"));
    v.set_clock(at(2026, 11, 29));
    let c = case(&mut v, NewPerson { name: "Ana".into(), ..Default::default() }, "us-eoir");
    (v, c)
}

fn of_case(v: &Vault, case_id: &str) -> Vec<amparo::deadlines::Deadline> {
    v.deadlines(&DeadlineFilter { case_id: Some(case_id.into()), ..Default::default() }).unwrap()
}

fn due_of(v: &Vault, case_id: &str, rule: RuleId) -> Option<String> {
    of_case(v, case_id).into_iter().find(|d| d.rule == rule.as_str()).map(|d| d.due)
}

fn audit_len(v: &Vault) -> u64 {
    v.verify_audit().unwrap().entries
}

#[test]
fn events_drive_deadlines_and_every_change_recomputes() {
    let root = tempfile::tempdir().unwrap();
    let (mut v, c) = new_vault(&root);
    let e = v.add_event(&c, EventKind::IjDecision, "2026-11-25", Some("oral decision")).unwrap();
    assert_eq!(due_of(&v, &c, RuleId::BiaAppeal).as_deref(), Some("2026-12-28"));
    let d = of_case(&v, &c).remove(0);
    assert_eq!(
        (d.file_by.as_str(), d.status, d.event_id.as_deref()),
        ("2026-12-22", DeadlineStatus::Open, Some(e.as_str()))
    );
    assert!(d.trace.iter().any(|l| l.contains("Christmas Day")), "{:?}", d.trace);

    v.update_event(&e, "2026-12-02", None).unwrap();
    assert_eq!(due_of(&v, &c, RuleId::BiaAppeal).as_deref(), Some("2027-01-04"), "Fri 1 Jan 2027 → Mon 4 Jan");
    v.delete_event(&e).unwrap();
    assert!(of_case(&v, &c).is_empty());
    assert!(v.verify_audit().unwrap().ok);

    let case = v.case(&c).unwrap();
    assert!(case.events.is_empty() && case.deadlines.is_empty());
}

#[test]
fn recomputing_twice_changes_nothing() {
    let root = tempfile::tempdir().unwrap();
    let (mut v, c) = new_vault(&root);
    for (kind, date) in [
        (EventKind::LastArrival, "2026-03-02"),
        (EventKind::MasterHearing, "2027-01-11"),
        (EventKind::IndividualHearing, "2027-06-14"),
        (EventKind::I589Received, "2026-12-01"),
    ] {
        v.add_event(&c, kind, date, None).unwrap();
    }
    let before = serde_json::to_value(of_case(&v, &c)).unwrap();
    v.set_clock(at(2026, 12, 5));
    assert!(v.case(&c).unwrap().rule_editions.is_empty());
    v.set_rule_edition(&c, RuleId::IchFilings, Some("2008")).unwrap();
    let chosen = v.case(&c).unwrap().rule_editions;
    assert_eq!((chosen[0].rule, chosen[0].edition.as_str()), (RuleId::IchFilings, "2008"));
    assert_eq!(due_of(&v, &c, RuleId::IchFilings).as_deref(), Some("2027-06-01"), "15 days: Memorial Day → Tue 1 Jun");
    assert!(matches!(v.set_rule_edition(&c, RuleId::IchFilings, Some("1999")), Err(Error::Invalid { .. })));
    // Choosing "by event date" again is a no-op change that recomputes the case.
    v.set_rule_edition(&c, RuleId::IchFilings, None).unwrap();
    v.set_deadline_settings(DeadlineSettings::default()).unwrap();
    assert_eq!(serde_json::to_value(of_case(&v, &c)).unwrap(), before, "same ids, dates, traces and status");
}

#[test]
fn a_deadline_marked_done_is_history_and_reopening_recomputes_it() {
    let root = tempfile::tempdir().unwrap();
    let (mut v, c) = new_vault(&root);
    let e = v.add_event(&c, EventKind::IjDecision, "2026-11-25", None).unwrap();
    let id = of_case(&v, &c)[0].id.clone();
    v.complete_deadline(&id).unwrap();
    v.update_event(&e, "2026-12-02", None).unwrap();
    let d = &of_case(&v, &c)[0];
    assert_eq!((d.id.as_str(), d.status, d.due.as_str()), (id.as_str(), DeadlineStatus::Done, "2026-12-28"));
    v.reopen_deadline(&id).unwrap();
    let d = &of_case(&v, &c)[0];
    assert_eq!((d.status, d.due.as_str()), (DeadlineStatus::Open, "2027-01-04"));
}

#[test]
fn the_one_year_bar_is_met_by_the_receipt_and_reopens_if_the_receipt_goes() {
    let root = tempfile::tempdir().unwrap();
    let (mut v, c) = new_vault(&root);
    v.add_event(&c, EventKind::LastArrival, "2026-03-02", None).unwrap();
    let receipt = v.add_event(&c, EventKind::I589Received, "2026-12-01", None).unwrap();
    let one_year = |v: &Vault| of_case(v, &c).into_iter().find(|d| d.rule == "asylum-one-year").unwrap();
    assert_eq!(one_year(&v).status, DeadlineStatus::Done);
    assert!(one_year(&v).trace.last().unwrap().starts_with("Met: I-589 received"));
    v.delete_event(&receipt).unwrap();
    assert_eq!(one_year(&v).status, DeadlineStatus::Open);
}

/// Each bad input: a clear error, and the vault exactly as before (no event, no deadline, no
/// audit entry).
#[test]
fn bad_events_are_refused_and_change_nothing() {
    let root = tempfile::tempdir().unwrap();
    let (mut v, c) = new_vault(&root);
    v.add_event(&c, EventKind::LastArrival, "2026-03-02", None).unwrap();
    v.add_event(&c, EventKind::I589Received, "2026-12-01", None).unwrap();
    let snapshot = |v: &Vault| (serde_json::to_value(v.case(&c).unwrap()).unwrap(), audit_len(v));
    let before = snapshot(&v);
    let attempts: Vec<(&str, Result<String, Error>)> = vec![
        ("impossible date", v.add_event(&c, EventKind::IjDecision, "2026-02-30", None)),
        ("out of range", v.add_event(&c, EventKind::IjDecision, "2301-01-01", None)),
        ("before arrival", v.add_event(&c, EventKind::IjDecision, "2026-01-05", None)),
        ("wrong jurisdiction", v.add_event(&c, EventKind::MxEntry, "2026-05-01", None)),
        ("start without stop", v.add_event(&c, EventKind::EadClockStart, "2027-01-04", None)),
        ("stop before receipt", v.add_event(&c, EventKind::EadClockStop, "2026-11-04", None)),
        ("manual without title", v.add_manual_deadline(&c, "  ", "2027-01-04")),
        ("manual bad date", v.add_manual_deadline(&c, "Brief", "2027-13-01")),
    ];
    for (what, r) in attempts {
        assert!(matches!(r, Err(Error::Invalid { .. })), "{what}: {r:?}");
    }
    assert!(matches!(v.add_event("not-a-case", EventKind::IjDecision, "2026-11-25", None), Err(Error::NotFound(_))));
    // A computed deadline cannot be deleted (it would come back); its event can.
    let computed = of_case(&v, &c)[0].id.clone();
    assert!(matches!(v.delete_deadline(&computed), Err(Error::Invalid { .. })));
    assert_eq!(snapshot(&v), before);
    // A second stop while the clock is stopped.
    v.add_event(&c, EventKind::EadClockStop, "2027-01-04", None).unwrap();
    assert!(matches!(v.add_event(&c, EventKind::EadClockStop, "2027-01-09", None), Err(Error::Invalid { .. })));
}

#[test]
fn manual_deadlines_are_marked_and_deletable() {
    let root = tempfile::tempdir().unwrap();
    let (mut v, c) = new_vault(&root);
    let id = v.add_manual_deadline(&c, "Brief ordered by the judge", "2027-01-04").unwrap();
    let d = &of_case(&v, &c)[0];
    assert_eq!(
        (d.rule.as_str(), d.title.as_str(), d.file_by.as_str()),
        ("manual", "Brief ordered by the judge", "2026-12-29")
    );
    assert!(d.trace[0].starts_with("Entered by hand"));
    v.delete_deadline(&id).unwrap();
    assert!(of_case(&v, &c).is_empty());
}

#[test]
fn closures_suspensions_and_settings_recompute_every_affected_case() {
    let root = tempfile::tempdir().unwrap();
    let (mut v, c) = new_vault(&root);
    let co = case(&mut v, NewPerson { name: "Luis".into(), ..Default::default() }, "co");
    v.add_event(&c, EventKind::IjDecision, "2026-11-25", None).unwrap();
    v.add_event(&co, EventKind::CoDenialNotified, "2026-04-01", None).unwrap();
    let manual = v.add_manual_deadline(&c, "Brief", "2027-01-04").unwrap();

    let closure = v.add_closure("2026-12-28", None, Some(CalendarId::Us), Some("e-filing outage")).unwrap();
    assert_eq!(due_of(&v, &c, RuleId::BiaAppeal).as_deref(), Some("2026-12-29"));
    v.delete_closure(&closure).unwrap();
    // A three-day weather closure, Mon 28 to Wed 30 Dec → Thu 31 Dec.
    let closure = v.add_closure("2026-12-28", Some("2026-12-30"), None, Some("snow")).unwrap();
    assert_eq!(due_of(&v, &c, RuleId::BiaAppeal).as_deref(), Some("2026-12-31"));
    assert_eq!(due_of(&v, &co, RuleId::CoAppeal).as_deref(), Some("2026-04-17"), "a US closure leaves Colombia alone");
    v.delete_closure(&closure).unwrap();
    assert_eq!(due_of(&v, &c, RuleId::BiaAppeal).as_deref(), Some("2026-12-28"));

    let s = v.add_suspension("2026-04-06", "2026-04-07", Some(CalendarId::Co), None).unwrap();
    assert_eq!(due_of(&v, &co, RuleId::CoAppeal).as_deref(), Some("2026-04-21"));
    assert_eq!(v.closures().unwrap().len(), 1);
    v.delete_closure(&s).unwrap();
    assert!(matches!(v.add_suspension("2026-04-07", "2026-04-06", None, None), Err(Error::Invalid { .. })));
    assert!(matches!(v.add_closure("2026-04-07", Some("2027-06-01"), None, None), Err(Error::Invalid { .. })));

    v.set_deadline_settings(DeadlineSettings { file_by_days: 5, reminder_days: vec![0, 3] }).unwrap();
    let ds = of_case(&v, &c);
    let bia = ds.iter().find(|d| d.rule == "bia-appeal").unwrap();
    assert_eq!(bia.file_by, "2026-12-18", "5 business days before Mon 28 Dec, skipping Christmas");
    assert_eq!(ds.iter().find(|d| d.id == manual).unwrap().file_by, "2026-12-24");
    assert_eq!(v.deadline_settings().unwrap().reminder_days, [3, 0]);
    assert!(v.set_deadline_settings(DeadlineSettings { file_by_days: 31, reminder_days: vec![] }).is_err());
}

#[test]
fn changing_the_case_or_its_client_changes_which_rules_apply() {
    let root = tempfile::tempdir().unwrap();
    let mut v = create_in_process(&root.path().join("v"));
    v.set_clock(at(2026, 11, 29));
    let detained = NewPerson { name: "Rosa".into(), detained: true, ..Default::default() };
    let c = case(&mut v, detained, "us-eoir");
    v.add_event(&c, EventKind::MasterHearing, "2027-01-11", None).unwrap();
    v.add_event(&c, EventKind::LastArrival, "2026-03-02", None).unwrap();
    assert_eq!(due_of(&v, &c, RuleId::MchFilings), None);
    assert_eq!(v.deadline_warnings(&c).unwrap()[0].code, "detained-hearing-filings");

    let affirmative = CaseDetails {
        jurisdiction: "us-uscis".into(),
        title: "Affirmative".into(),
        relief: vec!["asylum".into()],
        ..Default::default()
    };
    v.update_case(&c, affirmative).unwrap();
    let kinds = v.case(&c).unwrap().event_kinds;
    assert!(kinds.contains(&EventKind::LastArrival) && !kinds.contains(&EventKind::MasterHearing));
    let codes: Vec<String> = v.deadline_warnings(&c).unwrap().into_iter().map(|w| w.code).collect();
    assert_eq!(codes, ["event-not-for-jurisdiction"], "the hearing no longer belongs to the case");
    assert_eq!(due_of(&v, &c, RuleId::AsylumOneYear).as_deref(), Some("2027-03-02"));
    let withholding = CaseDetails {
        jurisdiction: "us-uscis".into(),
        title: "Affirmative".into(),
        relief: vec!["withholding".into()],
        ..Default::default()
    };
    v.update_case(&c, withholding).unwrap();
    assert_eq!(due_of(&v, &c, RuleId::AsylumOneYear), None);
    v.set_language(amparo::settings::Language::Es);
    assert!(v.deadline_warnings(&c).unwrap().iter().any(|w| w.message.contains("plazo de un año")));
}

#[test]
fn reminders_come_due_at_each_lead_time_and_survive_a_restart() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("v");
    let (mut v, c) = new_vault(&root);
    // Due Mon 28 Dec, file by Tue 22 Dec; reminders 7, 1 and 0 days before the file-by date.
    v.add_event(&c, EventKind::IjDecision, "2026-11-25", None).unwrap();
    v.add_event(&c, EventKind::I589Received, "2026-11-01", None).unwrap();
    v.set_clock(at(2026, 12, 14));
    assert!(v.due_reminders().unwrap().is_empty(), "8 days ahead: nothing yet (earliest dates never remind)");
    v.set_clock(at(2026, 12, 15));
    let due = v.due_reminders().unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!((due[0].deadline.rule.as_str(), due[0].lead_days), ("bia-appeal", 7));
    v.mark_reminders_seen(&[(due[0].deadline.id.clone(), 7)]).unwrap();
    assert!(v.due_reminders().unwrap().is_empty());
    drop(v);

    // Closed over the weekend, opened again after the next lead time passed: it is back.
    let mut v =
        Vault::open(&dir, amparo::Unlock::Passphrase(&secrecy::SecretString::from(crate::util::PASSPHRASE))).unwrap();
    v.set_clock(at(2026, 12, 23));
    let due = v.due_reminders().unwrap();
    assert_eq!(due.iter().map(|r| r.lead_days).collect::<Vec<_>>(), [0], "missed ones come back at the shortest lead");
    v.complete_deadline(&due[0].deadline.id).unwrap();
    assert!(v.due_reminders().unwrap().is_empty(), "done deadlines do not remind");
}

/// Regression: a deadline that moved (the hearing was continued) stayed silent because its
/// old reminders counted as seen.
/// A missed deadline is announced for a month after its file-by date, then left to the
/// dashboard's overdue list (issue 8: years of unmarked history were announced every minute).
#[test]
fn a_deadline_missed_long_ago_is_no_longer_a_reminder() {
    let root = tempfile::tempdir().unwrap();
    let (mut v, c) = new_vault(&root);
    // Due Mon 28 Dec, file by Tue 22 Dec.
    v.add_event(&c, EventKind::IjDecision, "2026-11-25", None).unwrap();
    v.set_clock(at(2027, 1, 21));
    assert_eq!(v.due_reminders().unwrap().len(), 1, "30 days after the file-by date: still announced");
    v.set_clock(at(2027, 1, 22));
    assert!(v.due_reminders().unwrap().is_empty(), "31 days after: the dashboard's, not a reminder");
    assert_eq!(v.dashboard().unwrap().overdue_count, 1);
}

#[test]
fn a_moved_deadline_reminds_again() {
    let root = tempfile::tempdir().unwrap();
    let (mut v, c) = new_vault(&root);
    let hearing = v.add_event(&c, EventKind::MasterHearing, "2027-01-11", None).unwrap();
    v.set_clock(at(2026, 12, 22));
    let due = v.due_reminders().unwrap();
    assert_eq!(due[0].lead_days, 0);
    v.mark_reminders_seen(&[(due[0].deadline.id.clone(), 0)]).unwrap();
    assert!(v.due_reminders().unwrap().is_empty());
    v.update_event(&hearing, "2027-01-08", None).unwrap();
    let again = v.due_reminders().unwrap();
    assert_eq!(again.len(), 1, "moved earlier (file by Mon 21 Dec): overdue now, reminded again");
    assert_eq!(again[0].deadline.file_by, "2026-12-21");
}

/// Regression: a deadline the lawyer marked done vanished when its rule stopped applying.
#[test]
fn marked_deadlines_stay_as_history_when_their_rule_stops_applying() {
    let root = tempfile::tempdir().unwrap();
    let (mut v, c) = new_vault(&root);
    v.add_event(&c, EventKind::LastArrival, "2026-03-02", None).unwrap();
    let id = of_case(&v, &c)[0].id.clone();
    v.complete_deadline(&id).unwrap();
    let withholding = CaseDetails {
        jurisdiction: "us-eoir".into(),
        title: "Defensive".into(),
        relief: vec!["withholding".into()],
        ..Default::default()
    };
    v.update_case(&c, withholding).unwrap();
    let ds = of_case(&v, &c);
    assert_eq!((ds.len(), ds[0].id.as_str(), ds[0].status), (1, id.as_str(), DeadlineStatus::Done));
}

#[test]
fn a_deadline_met_by_an_event_cannot_be_reopened_by_hand() {
    let root = tempfile::tempdir().unwrap();
    let (mut v, c) = new_vault(&root);
    v.add_event(&c, EventKind::LastArrival, "2026-03-02", None).unwrap();
    v.add_event(&c, EventKind::I589Received, "2026-12-01", None).unwrap();
    let met = of_case(&v, &c).into_iter().find(|d| d.rule == "asylum-one-year").unwrap();
    assert!(matches!(v.reopen_deadline(&met.id), Err(Error::Invalid { .. })));
}

#[test]
fn an_ead_stop_inserted_before_an_earlier_pause_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let (mut v, c) = new_vault(&root);
    v.add_event(&c, EventKind::I589Received, "2026-12-01", None).unwrap();
    v.add_event(&c, EventKind::EadClockStop, "2027-03-01", None).unwrap();
    v.add_event(&c, EventKind::EadClockStart, "2027-03-10", None).unwrap();
    let r = v.add_event(&c, EventKind::EadClockStop, "2027-02-01", None);
    assert!(matches!(r, Err(Error::Invalid { .. })), "{r:?}");
    v.add_event(&c, EventKind::EadClockStop, "2027-04-01", None).unwrap();
    v.add_event(&c, EventKind::EadClockStart, "2027-04-02", None).unwrap();
    assert!(v.deadline_warnings(&c).unwrap().is_empty());
}

#[test]
fn calendar_export_names_only_case_references_unless_asked() {
    let root = tempfile::tempdir().unwrap();
    let mut v = create_in_process(&root.path().join("v"));
    v.set_clock(at(2026, 11, 29));
    let canary = "Zyxwvut Canaryname";
    let details =
        CaseDetails { jurisdiction: "us-eoir".into(), title: format!("{canary} asylum"), ..Default::default() };
    let c = v.intake(NewPerson { name: canary.into(), ..Default::default() }, details).unwrap().1;
    v.add_event(&c, EventKind::IjDecision, "2026-11-25", None).unwrap();
    v.add_event(&c, EventKind::IndividualHearing, "2027-06-14", None).unwrap();
    v.add_manual_deadline(&c, "Zyxwvut's birth certificate", "2027-02-01").unwrap();
    let plain = root.path().join("plain.ics");
    let count = v.export_ics(&plain, false, None, None, false).unwrap();
    assert_eq!(count, 4, "BIA appeal, the manual deadline, the hearing and its filing deadline");
    let text = std::fs::read_to_string(&plain).unwrap();
    assert!(!text.contains("Zyxwvut"), "no client name, not even in a manual deadline's title");
    assert!(text.contains("SUMMARY:Deadline entered by hand (case "));
    assert!(text.contains(&format!("(case {})", &c[..8])), "{text}");
    assert!(text.contains("SUMMARY:Appeal to the BIA (EOIR-26) must be received"));
    assert!(
        matches!(v.export_ics(&plain, false, None, None, false), Err(Error::Invalid { .. })),
        "no silent overwrite"
    );
    let titled = root.path().join("titled.ics");
    v.export_ics(&titled, false, Some("2026-12-01"), Some("2026-12-31"), true).unwrap();
    let text = std::fs::read_to_string(&titled).unwrap();
    assert!(text.contains("Zyxwvut"), "asked for titles");
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 1, "only December");
    let cal = v.calendar("2027-06-01", "2027-06-30").unwrap();
    assert_eq!(cal.iter().map(|i| i.kind.as_str()).collect::<Vec<_>>(), ["appointment"]);
}

#[test]
fn migrated_golden_vault_computes_deadlines() {
    let Some((_tmp, mut v)) = crate::golden::open_copy() else { return };
    let c = v.search("golden", 10).unwrap().into_iter().find(|h| h.case_id.is_some()).unwrap().case_id.unwrap();
    v.add_event(&c, EventKind::IjDecision, "2026-11-25", None).unwrap();
    assert_eq!(due_of(&v, &c, RuleId::BiaAppeal).as_deref(), Some("2026-12-28"));
}

#[test]
fn cli_events_deadlines_closures_settings_and_calendar() {
    let (env, _) = Env::with_vault();
    let (_, c) = env.client_with_case("Ana");
    let added = env.ok(&["case", "event", "add", "--case", &c, "--kind", "ij-decision", "--date", "2026-11-25"]);
    assert!(added["id"].is_string() && added["warnings"].as_array().unwrap().is_empty());
    for kind in ["last-arrival", "final-order", "i589-received", "mch-hearing", "ich-hearing", "address-change"] {
        env.ok(&["case", "event", "add", "--case", &c, "--kind", kind, "--date", "2026-11-25"]);
    }
    let list = env.ok(&["deadline", "list", "--case", &c, "--from", "2026-12-01", "--to", "2026-12-31"]);
    let ds = list["deadlines"].as_array().unwrap();
    let bia = ds.iter().find(|d| d["rule"] == "bia-appeal").expect("bia appeal listed");
    for key in ["id", "case_id", "rule", "due", "file_by", "trace", "status"] {
        assert!(!bia[key].is_null(), "{key}");
    }
    assert_eq!(
        (bia["due"].as_str(), bia["file_by"].as_str(), bia["status"].as_str()),
        (Some("2026-12-28"), Some("2026-12-22"), Some("open"))
    );
    assert!(bia["trace"].as_array().unwrap().iter().all(Value::is_string));
    assert!(ds
        .iter()
        .all(|d| d["due"].as_str().unwrap() >= "2026-12-01" && d["due"].as_str().unwrap() <= "2026-12-31"));

    let m = env.id(&["deadline", "add", "--case", &c, "--title", "Brief", "--due", "2027-02-01"]);
    env.ok(&["deadline", "done", &m]);
    let done = env.ok(&["deadline", "list", "--status", "done"]);
    assert_eq!(done["deadlines"][0]["rule"], "manual");

    env.id(&["closure", "add", "--date", "2026-12-28", "--jurisdiction", "us"]);
    let after = env.ok(&["deadline", "list", "--case", &c]);
    let bia = after["deadlines"].as_array().unwrap().iter().find(|d| d["rule"] == "bia-appeal").unwrap().clone();
    assert_eq!(bia["due"], "2026-12-29");
    assert_eq!(env.err(&["closure", "add", "--date", "2026-12-28", "--jurisdiction", "xx"]), "invalid-input");
    assert_eq!(
        env.err(&["case", "event", "add", "--case", &c, "--kind", "birthday", "--date", "2026-11-25"]),
        "invalid-input"
    );
    assert_eq!(
        env.err(&["case", "event", "add", "--case", &c, "--kind", "co-entry", "--date", "2026-11-25"]),
        "invalid-input"
    );

    let s = env.ok(&["settings", "set", "file-by-days", "2"]);
    assert_eq!(s["file_by_days"], 2);
    assert_eq!(env.err(&["settings", "set", "reminder-days", "7,x"]), "invalid-input");

    let out = env.path("cal.ics");
    let r = env.ok(&["calendar", "export", "--out", out.to_str().unwrap()]);
    assert!(r["events"].as_u64().unwrap() >= 3);
    assert!(r["warning"].as_str().unwrap().contains("not encrypted"));
    assert!(!std::fs::read_to_string(&out).unwrap().contains("Ana"));
}
