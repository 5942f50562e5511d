//! `amparo report`: counts without personal data, small cells hidden, CSV export.

use std::fs;

use serde_json::Value;

use crate::util::Env;

#[test]
fn counts_small_cells_and_csv_never_name_anyone() {
    let (env, _) = Env::with_vault();
    // 12 Salvadoran asylum cases in immigration court, 3 Haitian TPS cases at USCIS, 1 Colombian.
    let mut sheet = String::from("ID,Name,Nationality,Case,Jurisdiction,Relief\n");
    for i in 0..12 {
        sheet += &format!("sv-{i},Zyxwvut Canaryname {i},SV,Asylum {i},us-eoir,asylum\n");
    }
    for i in 0..3 {
        sheet += &format!("ht-{i},Canaryname Haiti {i},HT,TPS {i},us-uscis,tps\n");
    }
    sheet += "co-0,Canaryname Bogota,CO,Refugio,co,refugee-status\n";
    fs::write(env.path("s.csv"), sheet).unwrap();
    let out = env.cmd(&["import-sheet"]).arg(env.path("s.csv")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    // Close six cases: five granted, one denied.
    let cases = env.ok(&["case", "list"]);
    let ids: Vec<String> =
        cases["cases"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_string()).collect();
    for (n, id) in ids.iter().take(6).enumerate() {
        let outcome = if n == 0 { "denied" } else { "granted" };
        env.ok(&["case", "set", id, "--stage", "closed", "--outcome", outcome]);
    }

    let r = env.ok(&["report"]);
    assert_eq!(r["cases_opened"], 16);
    assert_eq!(r["cases_closed"], 6);
    let cell = |section: &str, key: &str| -> Value {
        r[section]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["key"] == key)
            .map(|b| b["count"].clone())
            .unwrap_or(Value::Null)
    };
    // 3 and 1 hidden would add up to 4, which the total (16) minus 12 gives away: 12 is hidden too.
    assert_eq!(cell("by_jurisdiction", "us-eoir"), "hidden");
    assert_eq!(cell("by_jurisdiction", "us-uscis"), "<5");
    assert_eq!(cell("by_jurisdiction", "co"), "<5");
    assert_eq!(cell("by_nationality", "SV"), "hidden");
    assert_eq!(cell("by_nationality", "HT"), "<5");
    assert_eq!(cell("by_relief", "asylum"), "hidden");
    // One denial alone would be hidden but recoverable from the total: the grants are hidden too.
    assert_eq!(cell("by_outcome", "denied"), "<5");
    assert_eq!(cell("by_outcome", "granted"), "hidden");
    let month = r["by_month"][0]["key"].as_str().unwrap().to_string();
    assert_eq!(month.len(), 7);

    let text = r.to_string();
    assert!(!text.contains("Canaryname") && !text.contains("sv-1"), "no names or ids in a report: {text}");

    let csv = env.path("report.csv");
    env.ok(&["report", "--csv", csv.to_str().unwrap()]);
    let body = fs::read_to_string(&csv).unwrap();
    assert!(body.starts_with("section,key,count\n"), "{body}");
    assert!(body.contains("jurisdiction,us-eoir,hidden\n") && body.contains("jurisdiction,co,<5\n"), "{body}");
    assert!(body.contains("cases,opened,16\n"), "{body}");
    assert!(!body.contains("Canaryname"));
    assert_eq!(env.err(&["report", "--csv", csv.to_str().unwrap()]), "invalid-input", "never overwrites");

    // A period before any case: all zero.
    let r = env.ok(&["report", "--from", "2001-01-01", "--to", "2001-12-31"]);
    assert_eq!((r["cases_opened"].as_u64(), r["by_jurisdiction"].as_array().unwrap().len()), (Some(0), 0));
    assert_eq!(env.err(&["report", "--from", "2026-02-30"]), "invalid-input");
    assert_eq!(env.err(&["report", "--from", "2026-03-01", "--to", "2026-02-01"]), "invalid-input");
}

#[test]
fn deadlines_met_and_missed_in_the_period() {
    use std::sync::Arc;

    use amparo::clock::FixedClock;
    use amparo::domain::records::{CaseDetails, NewPerson};

    let at = |day: &str| Arc::new(FixedClock(format!("{day}T12:00:00Z").parse().unwrap()));
    let dir = tempfile::tempdir().unwrap();
    let mut v = crate::util::create_in_process(&dir.path().join("v"));
    v.set_clock(at("2026-01-10"));
    let mut ids = Vec::new();
    for i in 0..6 {
        let details = CaseDetails { jurisdiction: "us-eoir".into(), title: format!("Case {i}"), ..Default::default() };
        let (_, case) =
            v.intake(NewPerson { name: format!("Person Number {i}"), ..Default::default() }, details).unwrap();
        ids.push(v.add_manual_deadline(&case, "Brief", "2026-02-01").unwrap());
    }
    // Marked done on the due day itself (a timestamp that day): met, not missed.
    v.set_clock(at("2026-02-01"));
    for id in &ids[..5] {
        v.complete_deadline(id).unwrap();
    }
    v.set_clock(at("2026-03-01"));
    let r = serde_json::to_value(v.report(Some("2026-01-01"), None).unwrap()).unwrap();
    assert_eq!(r["deadlines_met"], 5);
    assert_eq!(r["deadlines_missed"], "<5");
    assert_eq!(r["to"], "2026-03-01", "until today by default");
    let before = serde_json::to_value(v.report(None, Some("2026-01-31")).unwrap()).unwrap();
    assert_eq!((before["deadlines_met"].as_u64(), before["deadlines_missed"].as_u64()), (Some(0), Some(0)));
}
