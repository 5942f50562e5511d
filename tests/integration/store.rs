//! The core API the desktop app uses: intake, the filtered case list, the dashboard, in-memory
//! document bytes.

use std::sync::Arc;

use amparo::clock::FixedClock;
use amparo::domain::records::{CaseDetails, NewPerson};
use amparo::domain::{EventKind, Jurisdiction, Stage};
use amparo::store::CaseFilter;
use amparo::Error;
use chrono::{TimeZone, Utc};

use crate::util::create_in_process;

fn details(j: &str, title: &str) -> CaseDetails {
    CaseDetails { jurisdiction: j.into(), title: title.into(), ..Default::default() }
}

#[test]
fn intake_is_all_or_nothing() {
    let root = tempfile::tempdir().unwrap();
    let mut v = create_in_process(&root.path().join("v"));
    let person =
        NewPerson { name: "Zacarías Canario".into(), a_number: Some("12345678".into()), ..Default::default() };
    let (p, c) = v.intake(person.clone(), details("us-eoir", "Removal defence")).unwrap();
    assert_eq!(v.case(&c).unwrap().parties[0].person_id, p);
    // A bad case field rolls back the person too.
    let other = NewPerson { name: "Nadie".into(), ..Default::default() };
    assert!(matches!(v.intake(other, details("atlantis", "x")), Err(Error::Invalid { .. })));
    assert_eq!(v.status().unwrap().people, 1);
    assert_eq!(v.status().unwrap().cases, 1);
}

#[test]
fn case_list_filters_in_the_database_and_counts_all_matches() {
    let root = tempfile::tempdir().unwrap();
    let mut v = create_in_process(&root.path().join("v"));
    for i in 0..30 {
        let name = if i % 3 == 0 { format!("José Núñez {i}") } else { format!("Ana Pérez {i}") };
        let j = if i % 2 == 0 { "us-eoir" } else { "mx-comar" };
        let mut d = details(j, &format!("Case {i}"));
        d.lawyer = Some(if i < 10 { "R. Soto".into() } else { "L. Díaz".into() });
        v.intake(NewPerson { name, ..Default::default() }, d).unwrap();
    }
    let all = v.list_cases(&CaseFilter { limit: 5, ..Default::default() }).unwrap();
    assert_eq!((all.total, all.rows.len()), (30, 5));
    let nunez = v.list_cases(&CaseFilter { text: Some("nunez".into()), ..Default::default() }).unwrap();
    assert_eq!(nunez.total, 10);
    assert!(nunez.rows.iter().all(|r| r.client.as_deref().unwrap().starts_with("José Núñez")));
    let combined = v
        .list_cases(&CaseFilter {
            text: Some("nu".into()),
            jurisdiction: Some(Jurisdiction::UsEoir),
            lawyer: Some("R. Soto".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(combined.total, 2, "i in {{0, 6}}");
    let by_title = v.list_cases(&CaseFilter { text: Some("case 7".into()), ..Default::default() }).unwrap();
    assert_eq!(by_title.total, 1);
    let none = v.list_cases(&CaseFilter { stage: Some(Stage::Closed), ..Default::default() }).unwrap();
    assert_eq!(none.total, 0);
    let page2 = v.list_cases(&CaseFilter { limit: 20, offset: 20, ..Default::default() }).unwrap();
    assert_eq!(page2.rows.len(), 10);
    assert_eq!(v.lawyers().unwrap(), ["L. Díaz", "R. Soto"]);
}

#[test]
fn dashboard_sorts_deadlines_and_tasks_into_this_week_overdue_and_nothing_ahead() {
    let root = tempfile::tempdir().unwrap();
    let mut v = create_in_process(&root.path().join("v"));
    v.set_clock(Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 25, 15, 0, 0).unwrap())));
    let (_, a) = v.intake(NewPerson { name: "A".into(), ..Default::default() }, details("us-eoir", "Case A")).unwrap();
    let (_, b) = v.intake(NewPerson { name: "B".into(), ..Default::default() }, details("us-eoir", "Case B")).unwrap();
    let (_, c) = v.intake(NewPerson { name: "C".into(), ..Default::default() }, details("us-eoir", "Case C")).unwrap();
    v.add_manual_deadline(&a, "Exhibits to the court", "2026-11-27").unwrap();
    v.add_task(&a, "Call the client", Some("2026-11-27")).unwrap();
    v.add_task(&a, "Later", Some("2027-01-10")).unwrap();
    // A response was due 10 days after 5 Nov: Sun 15 Nov → Mon 16 Nov, overdue by the 25th.
    v.add_event(&b, EventKind::FilingReceived, "2026-11-05", None).unwrap();
    let done = v.add_task(&c, "Done already", Some("2026-11-26")).unwrap();
    v.complete_task(&done).unwrap();
    let d = v.dashboard().unwrap();
    assert_eq!(d.today, "2026-11-25");
    let week: Vec<_> = d.this_week.iter().map(|t| (t.source.as_str(), t.title.as_str())).collect();
    assert_eq!(week, [("deadline", "Exhibits to the court"), ("task", "Call the client")]);
    let overdue: Vec<_> = d.overdue.iter().map(|t| (t.title.as_str(), t.due.as_str())).collect();
    assert_eq!(overdue, [("Response to a filing", "2026-11-16")]);
    let mut without: Vec<_> = d.without_next_deadline.iter().map(|c| c.title.as_str()).collect();
    without.sort();
    assert_eq!(without, ["Case B", "Case C"], "tasks are not deadlines; an overdue deadline is not one ahead");
    assert_eq!(d.without_next_deadline_count, 2);
}

#[test]
fn document_bytes_come_from_memory_and_match() {
    let root = tempfile::tempdir().unwrap();
    let mut v = create_in_process(&root.path().join("v"));
    let (_, c) = v.intake(NewPerson { name: "A".into(), ..Default::default() }, details("co", "Caso")).unwrap();
    let src = root.path().join("scan.pdf");
    std::fs::write(&src, b"%PDF-1.7 fake").unwrap();
    let doc = v.add_document(&c, &src).unwrap();
    let (meta, bytes) = v.document_bytes(&doc.id).unwrap();
    assert_eq!(meta.name, "scan.pdf");
    assert_eq!(bytes, b"%PDF-1.7 fake");
}

#[test]
fn update_case_changes_details_and_reindexes() {
    let root = tempfile::tempdir().unwrap();
    let mut v = create_in_process(&root.path().join("v"));
    let (_, c) =
        v.intake(NewPerson { name: "A".into(), ..Default::default() }, details("us-eoir", "Old title")).unwrap();
    let mut d = details("us-uscis", "Affirmative filing");
    d.stage = Some("filed".into());
    d.relief = vec!["asylum".into()];
    d.lawyer = Some("R. Soto".into());
    v.update_case(&c, d).unwrap();
    let case = v.case(&c).unwrap();
    assert_eq!(
        (case.title.as_str(), case.stage, case.jurisdiction),
        ("Affirmative filing", Stage::Filed, Jurisdiction::UsUscis)
    );
    assert_eq!(v.search("affirmative", 10).unwrap().len(), 1);
    assert!(v.search("old title", 10).unwrap().is_empty(), "the old title is no longer indexed");
    let mut bad = details("us-eoir", "x");
    bad.stage = Some("sideways".into());
    assert!(v.update_case(&c, bad).is_err());
    assert_eq!(v.case(&c).unwrap().title, "Affirmative filing", "a rejected update changes nothing");
}

#[test]
fn documents_added_in_the_same_second_keep_their_order() {
    // Regression: ordering by (created, id) shuffled same-second documents by their random ids.
    let root = tempfile::tempdir().unwrap();
    let mut v = create_in_process(&root.path().join("v"));
    v.set_clock(Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 25, 15, 0, 0).unwrap())));
    let (_, c) = v.intake(NewPerson { name: "A".into(), ..Default::default() }, details("co", "Caso")).unwrap();
    let names: Vec<String> = (0..8).map(|i| format!("doc-{i}.txt")).collect();
    for n in &names {
        let p = root.path().join(n);
        std::fs::write(&p, n.as_bytes()).unwrap();
        v.add_document(&c, &p).unwrap();
        v.add_note(&c, n).unwrap();
    }
    let docs: Vec<String> = v.list_documents(&c).unwrap().into_iter().map(|d| d.name).collect();
    assert_eq!(docs, names);
    let notes: Vec<String> = v.case(&c).unwrap().notes.into_iter().map(|n| n.text).collect();
    assert_eq!(notes, names);
}

/// A bulk load commits once; a record refused inside it leaves nothing behind even when the
/// load skips it and goes on (review of issue 8: a client was left without their case).
#[test]
fn a_bulk_load_keeps_whole_records_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create_in_process(&dir.path().join("v"));
    let person = |name: &str| NewPerson { name: name.into(), ..Default::default() };
    let case =
        |jurisdiction: &str| CaseDetails { jurisdiction: jurisdiction.into(), title: "T".into(), ..Default::default() };

    // The second client's case is refused after the person was written: skipped, not half kept.
    let kept = v
        .bulk(|b| {
            let (_, first) = b.intake(&person("Ana Uno"), &case("us-eoir"))?;
            assert!(b.intake(&person("Beto Dos"), &case("atlantis")).is_err());
            b.add_note(&first, "nota")?;
            assert!(b.add_note(&first, "   ").is_err());
            Ok(first)
        })
        .unwrap();
    let s = v.status().unwrap();
    assert_eq!((s.people, s.cases, s.notes), (1, 1, 1));
    assert!(v.search("beto", 10).unwrap().is_empty());
    assert!(v.verify_audit().unwrap().ok);

    // A load that fails commits nothing at all.
    let failed = v.bulk(|b| {
        b.add_note(&kept, "otra nota")?;
        b.intake(&person("Carla Tres"), &case("atlantis"))
    });
    assert!(failed.is_err());
    assert_eq!(v.status().unwrap().notes, 1);

    // Ids: time-ordered for records, random for documents (whose id names a file on disk).
    let note = v.add_note(&kept, "later").unwrap();
    assert_eq!(uuid::Uuid::parse_str(&note).unwrap().get_version_num(), 7);
    let file = dir.path().join("scan.pdf");
    std::fs::write(&file, b"%PDF-1.4 test").unwrap();
    let doc = v.add_document(&kept, &file).unwrap().id;
    assert_eq!(uuid::Uuid::parse_str(&doc).unwrap().get_version_num(), 4);
}

/// Years of history can leave tens of thousands of items overdue; the dashboard lists the most
/// recently due hundred and counts them all (issue 8: it sent 40,000 to the window at unlock).
#[test]
fn the_dashboard_lists_the_latest_hundred_overdue_items_and_counts_them_all() {
    let root = tempfile::tempdir().unwrap();
    let mut v = create_in_process(&root.path().join("v"));
    v.set_clock(Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 25, 15, 0, 0).unwrap())));
    let (_, case) =
        v.intake(NewPerson { name: "A".into(), ..Default::default() }, details("us-eoir", "Case A")).unwrap();
    v.bulk(|b| {
        for day in 0..130 {
            let due = chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap() + chrono::Days::new(day);
            b.add_task(&case, &format!("Task {day}"), Some(&due.to_string()))?;
        }
        Ok(())
    })
    .unwrap();
    let d = v.dashboard().unwrap();
    assert_eq!(d.overdue_count, 130);
    assert_eq!(d.overdue.len(), 100);
    assert_eq!(d.overdue[0].due, "2026-11-07");
    assert_eq!(d.overdue[99].due, "2026-07-31");
}
