//! The conflict check: a table of name pairs that must match and pairs that must not, across
//! Spanish, Portuguese, Haitian Creole/French, Arabic-transliterated and Central American
//! indigenous names. It prints precision and recall and holds them above a floor, so a change
//! to the matching that loses either shows here. Also: A-number, dates of birth, aliases, roles,
//! the audit entry and the CLI contract.

use amparo::conflicts::Reason;
use amparo::domain::records::NewPerson;
use amparo::domain::Role;
use amparo::store::conflicts::ConflictQuery;
use amparo::Vault;

use crate::util::{create_in_process, Env};

fn person(name: &str) -> NewPerson {
    NewPerson { name: name.to_string(), ..Default::default() }
}

/// (stored name, name typed at intake): the same person.
const SAME: &[(&str, &str)] = &[
    // Spanish: accents, order, particles, a missing second surname, spelling, typos.
    ("José González", "Jose Gonzalez"),
    ("José González", "JOSÉ GONZÁLES"),
    ("María José Pérez López", "Maria Perez"),
    ("María José Pérez López", "Pérez López, María José"),
    ("María José Pérez López", "Maria Jose Lopez"),
    ("Juan Carlos de la Cruz", "Juan Carlos Cruz"),
    ("Ana María del Carmen Rodríguez", "Ana Maria Rodriguez"),
    ("Guillermo Hernández Ayala", "Guillermo Hernadez"),
    ("Yesenia Vásquez", "Yesenia Vasques"),
    ("Lissette Chávez Orellana", "Lisette Chavez"),
    ("Jhonatan Ramírez", "Jonathan Ramirez"),
    ("Katherine Quintanilla", "Catherine Quintanilla"),
    ("Wilmer Gutiérrez", "Wilmer Gutierres"),
    ("Dulce María Ayala y Ayala", "Dulce Maria Ayala"),
    // Portuguese.
    ("João da Silva Gonçalves", "Joao Silva Goncalves"),
    ("Luiz Fernando Souza", "Luis Fernando Sousa"),
    ("Thiago Conceição", "Tiago Conceicao"),
    ("Antônio Carlos dos Santos", "Antonio Santos"),
    ("Felipe Araújo Lima", "Filipe Araujo"),
    // Haitian Creole and French.
    ("Jean-Baptiste Pierre", "Jean Baptiste Pierre"),
    ("Jean-Baptiste Pierre", "Jn Baptiste Pierre"),
    ("Marie Claire Joseph", "Mari Claire Jozef"),
    ("Wisly Saint-Fleur", "Wisly St Fleur"),
    ("Nadège Exantus", "Nadege Exantus"),
    ("Rose-Marie Dieujuste", "Rosemarie Dieujuste"),
    // Arabic transliterations.
    ("Mohammed Al-Hassan", "Muhammad Hasan"),
    ("Ahmed Hussein", "Ahmad Husain"),
    ("Youssef Abdel Rahman", "Yusuf Abdul Rahman"),
    ("Omar Khaled Mustafa", "Umar Khalid Mostafa"),
    ("Abdullah Osman", "Abdallah Othman"),
    ("Aisha Ibrahim", "Aicha Ebrahim"),
    ("Ilias Haddad", "Elias Haddad"),
    ("Fatima Zahra Benali", "Fatma Zahra Ben Ali"),
    // Mayan names from Guatemala: glottal stops dropped, c/k and x/sh spellings.
    ("Tz'ul Ajpop", "Tzul Ajpop"),
    ("Ixchel Tuyuc", "Ixchel Tuyuk"),
    ("Santos Cux Batz", "Santos Kux Batz"),
    ("Juana Xoc Choc", "Juana Shoc Choc"),
    ("Rigoberta Menchú Tum", "Rigoberta Menchu"),
    ("Q'anil Coc", "Qanil Cok"),
];

/// (stored name, name typed at intake): different people, who must not be flagged.
const DIFFERENT: &[(&str, &str)] = &[
    ("María Pérez", "María López"),
    ("José García", "Josefina García"),
    ("Mohammed Ali", "Mahmoud Ali"),
    ("Ana Martínez", "Ana Ramírez"),
    ("Luis Hernández", "Luisa Fernández"),
    ("Rosa Gómez", "Rosario Gómez"),
    ("Pedro Sánchez", "Pablo Sánchez"),
    ("Jean Pierre Louis", "Jean Paul Louis"),
    ("Fatima Zahra", "Fatima Ali"),
    ("Maria Jose Garcia", "Maria Jose Lopez"),
    ("Ixchel Tuyuc", "Ixchel Tuy"),
    ("Elena Torres", "Elena Flores"),
    ("Samuel Osorio", "Manuel Osorio"),
    ("Juan Pablo Castillo", "Juan Carlos Castillo"),
    ("Hassan Ahmed", "Hussein Ahmed"),
    ("Carmen Silva", "Carmen"),
    ("Wilner Jean-Louis", "Wilner Jean-Charles"),
    ("Tomás Cux", "Tomasa Cux"),
    ("Ricardo Alvarado", "Ricardo Alvarenga"),
    ("Karla Menjívar", "Karla Menéndez"),
];

fn flagged(v: &mut Vault, stored_id: &str, typed: &str) -> bool {
    let q = ConflictQuery { name: typed.to_string(), ..Default::default() };
    v.check_conflicts(&q).unwrap().iter().any(|m| m.person_id == stored_id)
}

#[test]
fn name_table_precision_and_recall() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create_in_process(&dir.path().join("v"));
    let mut same = Vec::new();
    for (stored, typed) in SAME {
        same.push((v.add_person(person(stored)).unwrap(), *stored, *typed));
    }
    let mut different = Vec::new();
    for (stored, typed) in DIFFERENT {
        different.push((v.add_person(person(stored)).unwrap(), *stored, *typed));
    }
    let mut missed = Vec::new();
    for (id, stored, typed) in &same {
        if !flagged(&mut v, id, typed) {
            missed.push(format!("{stored} / {typed}"));
        }
    }
    let mut false_alarms = Vec::new();
    for (id, stored, typed) in &different {
        if flagged(&mut v, id, typed) {
            false_alarms.push(format!("{stored} / {typed}"));
        }
    }
    let tp = (same.len() - missed.len()) as f64;
    let recall = tp / same.len() as f64;
    let precision = tp / (tp + false_alarms.len() as f64);
    println!(
        "conflict check: recall {recall:.3} ({} of {} same-person pairs found), precision {precision:.3} ({} false alarms in {} different-person pairs)",
        tp,
        same.len(),
        false_alarms.len(),
        different.len()
    );
    println!("missed: {missed:?}\nfalse alarms: {false_alarms:?}");
    assert!(recall >= 0.9, "recall {recall:.3}; missed {missed:?}");
    assert!(precision >= 0.9, "precision {precision:.3}; false alarms {false_alarms:?}");
}

#[test]
fn a_number_dates_of_birth_aliases_and_roles() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create_in_process(&dir.path().join("v"));
    let client = v
        .add_person(NewPerson {
            name: "Brenda Lizeth Orellana".into(),
            aliases: vec!["Brenda Orellana de Mejía".into()],
            a_number: Some("A012-345-678".into()),
            dob: Some("1990-06-01".into()),
            dob_approx: true,
            ..Default::default()
        })
        .unwrap();
    let case = v
        .add_case(
            &client,
            amparo::domain::records::CaseDetails {
                title: "Asylum".into(),
                jurisdiction: "us-eoir".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let adverse = v.add_person(person("Brenda Mejía")).unwrap();
    v.add_party(&case, &adverse, Role::Adverse).unwrap();

    // The A-number, written another way, finds her whatever the name.
    let by_a = v
        .check_conflicts(&ConflictQuery {
            name: "Someone Else".into(),
            a_number: Some("012345678".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(by_a.len(), 1);
    assert_eq!((by_a[0].person_id.as_str(), by_a[0].score), (client.as_str(), 1.0));
    assert_eq!(by_a[0].reasons[0], Reason::ANumber);
    assert_eq!(by_a[0].roles[0].role, Role::Client);
    assert_eq!(by_a[0].roles[0].case_id, case);

    // Through her alias, with a date of birth within a year of her approximate one.
    let m = v
        .check_conflicts(&ConflictQuery {
            name: "Brenda Mejia".into(),
            dob: Some("1991-02-01".into()),
            ..Default::default()
        })
        .unwrap();
    let her = m.iter().find(|m| m.person_id == client).expect("found through the alias");
    assert!(her.reasons.contains(&Reason::Alias) && her.reasons.contains(&Reason::DobApproximate), "{:?}", her.reasons);
    let them = m.iter().find(|m| m.person_id == adverse).expect("the adverse party of the same name");
    assert_eq!(them.roles[0].role, Role::Adverse);
    assert!(m[0].score >= m[1].score, "best first");

    // An exact date of birth raises the score, a different one lowers it.
    let mut exact = |dob: &str| {
        let q = ConflictQuery { name: "Brenda Lizeth Orellana".into(), dob: Some(dob.into()), ..Default::default() };
        v.check_conflicts(&q).unwrap().into_iter().find(|m| m.person_id == client).map(|m| m.score)
    };
    assert_eq!(exact("1990-06-01"), Some(1.0));
    assert_eq!(exact("1970-01-01"), Some(0.75), "same name, another birth date: shown, lower");

    // Excluding the person being checked (a role change) leaves only the others.
    let q = ConflictQuery { name: "Brenda Mejía".into(), exclude: Some(adverse.clone()), ..Default::default() };
    assert!(v.check_conflicts(&q).unwrap().iter().all(|m| m.person_id != adverse));

    // Bad input is refused with the field named, nothing else.
    let bad = v.check_conflicts(&ConflictQuery { name: " ".into(), ..Default::default() });
    assert_eq!(bad.unwrap_err().code(), "invalid-input");
    let bad =
        v.check_conflicts(&ConflictQuery { name: "Ana".into(), a_number: Some("12".into()), ..Default::default() });
    assert_eq!(bad.unwrap_err().code(), "invalid-input");
}

#[test]
fn the_cli_prints_matches_and_each_check_is_audited() {
    let (env, _) = Env::with_vault();
    let (person_id, case_id) = env.client_with_case("Zyxwvut Canaryname Pérez");
    let r = env.ok(&["conflicts", "--name", "Zyxwvut Canaryname Perez", "--a-number", "A-999-999-999"]);
    let m = &r["matches"][0];
    assert_eq!(m["person_id"], person_id.as_str());
    assert_eq!(m["score"], 1.0);
    assert_eq!(m["reasons"][0], "name");
    assert_eq!(m["roles"][0]["case_id"], case_id.as_str());
    assert_eq!(m["roles"][0]["role"], "client");
    assert_eq!(env.ok(&["conflicts", "--name", "Nobody Known"])["matches"].as_array().unwrap().len(), 0);
    assert_eq!(env.err(&["conflicts", "--name", "Ana", "--dob", "yesterday"]), "invalid-input");
    // Each check is one audit entry (its ids, never the name looked for: store/conflicts.rs).
    let before = env.ok(&["audit", "verify"])["entries"].as_u64().unwrap();
    env.ok(&["conflicts", "--name", "Someone"]);
    let after = env.ok(&["audit", "verify"]);
    assert_eq!(after["ok"], true);
    // The check's own unlock, the check, and the second `audit verify`'s unlock.
    assert_eq!(after["entries"].as_u64().unwrap(), before + 3);
}
