//! Search is accent- and case-insensitive and covers every indexed kind.

use std::fs;

use crate::util::Env;

fn kinds(hits: &serde_json::Value) -> Vec<String> {
    let mut k: Vec<String> =
        hits["results"].as_array().unwrap().iter().map(|h| h["kind"].as_str().unwrap().to_string()).collect();
    k.sort();
    k
}

#[test]
fn gonzalez_finds_gonzalez_with_accent() {
    let (env, _) = Env::with_vault();
    env.id(&["person", "add", "--name", "José Luis González"]);
    for q in ["Gonzalez", "gonzalez", "GONZÁLEZ", "gonz", "jose gonzalez"] {
        assert_eq!(kinds(&env.ok(&["search", q])), ["person"], "{q}");
    }
    assert_eq!(kinds(&env.ok(&["search", "Rodriguez"])), Vec::<String>::new());
}

#[test]
fn every_kind_is_found_and_accents_fold_in_notes_too() {
    let (env, _) = Env::with_vault();
    let p = env.id(&["person", "add", "--name", "Ana Ñandú", "--alias", "Anita Quiché"]);
    let c = env.id(&["case", "add", "--client", &p, "--jurisdiction", "mx-comar", "--title", "Solicitud Quiché COMAR"]);
    env.id(&["note", "add", "--case", &c, "--text", "Entrevista en Tapachula: habló quiché"]);
    env.id(&["task", "add", "--case", &c, "--title", "Traducir constancia quiche"]);
    let f = env.path("acta-quiche.pdf");
    fs::write(&f, b"%PDF-1.4 test").unwrap();
    env.ok(&["doc", "add", "--case", &c, f.to_str().unwrap()]);
    assert_eq!(kinds(&env.ok(&["search", "QUICHE"])), ["case", "document", "note", "person", "task"]);
    assert_eq!(kinds(&env.ok(&["search", "nandu"])), ["person"]);
}

#[test]
fn an_alias_added_later_is_searchable() {
    let (env, _) = Env::with_vault();
    let p = env.id(&["person", "add", "--name", "Mohammed Al-Hassan"]);
    env.ok(&["person", "alias", &p, "--alias", "Muhammad Alhasan"]);
    assert_eq!(kinds(&env.ok(&["search", "muhammad"])), ["person"]);
    assert_eq!(env.ok(&["person", "show", &p])["aliases"], serde_json::json!(["Muhammad Alhasan"]));
}

#[test]
fn search_by_a_number_digits() {
    let (env, _) = Env::with_vault();
    env.id(&["person", "add", "--name", "Ana", "--a-number", "A-212-345-678"]);
    assert_eq!(kinds(&env.ok(&["search", "212345678"])), ["person"]);
}

#[test]
fn hostile_query_syntax_is_just_text() {
    let (env, _) = Env::with_vault();
    env.id(&["person", "add", "--name", "Ana"]);
    for q in ["\"", "NEAR(", "*", "ana OR", "body:ana", "^ana", "(((", "-"] {
        env.ok(&["search", q]);
    }
}

/// At office scale ranking every match took hundreds of milliseconds: people, cases, tasks and
/// documents are ranked in their own index and come first, then notes stream newest first up to
/// the limit. Regression (review of issue 8): a document was buried under newer notes.
#[test]
fn names_titles_and_documents_come_first_then_the_newest_notes_up_to_the_limit() {
    use amparo::domain::records::{CaseDetails, HitKind, NewPerson};

    let dir = tempfile::tempdir().unwrap();
    let mut v = crate::util::create_in_process(&dir.path().join("v"));
    let details = CaseDetails { jurisdiction: "us-eoir".into(), title: "Asilo Tapachula".into(), ..Default::default() };
    let (person, case) = v.intake(NewPerson { name: "Marta Tapachula".into(), ..Default::default() }, details).unwrap();
    let file = dir.path().join("Declaración Tapachula.pdf");
    fs::write(&file, b"%PDF-1.4 test").unwrap();
    let document = v.add_document(&case, &file).unwrap().id;
    let task = v.add_task(&case, "Pedir constancia de Tapachula", None).unwrap();
    let notes: Vec<String> =
        (0..30).map(|i| v.add_note(&case, &format!("Llamada {i} desde Tapachula")).unwrap()).collect();

    let hits = v.search("tapachula", 10).unwrap();
    assert_eq!(hits.len(), 10);
    let first: Vec<(HitKind, &str)> = hits[..4].iter().map(|h| (h.kind, h.id.as_str())).collect();
    for (kind, id) in
        [(HitKind::Person, &person), (HitKind::Case, &case), (HitKind::Document, &document), (HitKind::Task, &task)]
    {
        assert!(first.contains(&(kind, id.as_str())), "{kind:?} {id} not in {first:?}");
    }
    assert_eq!(hits.iter().find(|h| h.kind == HitKind::Person).unwrap().case_id, None);
    assert!(hits.iter().filter(|h| h.kind != HitKind::Person).all(|h| h.case_id.as_deref() == Some(case.as_str())));
    let got: Vec<&str> = hits[4..].iter().map(|h| h.id.as_str()).collect();
    let newest: Vec<&str> = notes.iter().rev().take(6).map(String::as_str).collect();
    assert_eq!(got, newest);
    assert!(hits[4..].iter().all(|h| h.kind == HitKind::Note));
}
