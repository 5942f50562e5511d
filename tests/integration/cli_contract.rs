//! The CLI contract of issue #2, driven as a paralegal's intake script would drive it.

use std::fs;
use std::io::Write;
use std::process::Stdio;

use crate::util::{expect_error, parse_one_json, sha256_hex, Env};

#[test]
fn intake_script_end_to_end() {
    let (env, code) = Env::with_vault();
    assert_eq!(code.len(), 29, "recovery code is 5 groups of 5");

    let person = env.id(&[
        "person",
        "add",
        "--name",
        "María José Pérez López",
        "--alias",
        "Maria Perez",
        "--alias",
        "Majo",
        "--dob",
        "1991-03-04",
        "--dob-approx",
        "--a-number",
        "A 12-345-678",
        "--nationality",
        "hn",
        "--language",
        "es",
        "--language",
        "mam",
    ]);
    let shown = env.ok(&["person", "show", &person]);
    assert_eq!(shown["a_number"], "012345678");
    assert_eq!(shown["nationality"], "HN");
    assert_eq!(shown["dob_approx"], true);
    assert_eq!(shown["aliases"].as_array().unwrap().len(), 2);
    assert_eq!(shown["languages"], serde_json::json!(["es", "mam"]));

    let case = env.id(&[
        "case",
        "add",
        "--client",
        &person,
        "--jurisdiction",
        "us-eoir",
        "--title",
        "Removal defence",
        "--relief",
        "asylum",
        "--relief",
        "withholding",
        "--relief",
        "cat",
        "--lawyer",
        "R. Soto",
    ]);
    let note = env.id(&["note", "add", "--case", &case, "--text", "Fled after threats in 2023"]);
    let task = env.id(&["task", "add", "--case", &case, "--title", "File I-589", "--due", "2026-12-20"]);
    let done = env.ok(&["task", "done", &task]);
    assert_eq!(done["done"], true);

    let evidence = env.path("declaration.txt");
    fs::write(&evidence, b"Declaration of the respondent").unwrap();
    let doc = env.ok(&["doc", "add", "--case", &case, evidence.to_str().unwrap()]);
    assert_eq!(doc["sha256"], sha256_hex(b"Declaration of the respondent"));
    let doc_id = doc["id"].as_str().unwrap();

    let shown = env.ok(&["case", "show", &case]);
    assert_eq!(shown["jurisdiction"], "us-eoir");
    assert_eq!(shown["relief"].as_array().unwrap().len(), 3);
    assert_eq!(shown["parties"][0]["role"], "client");
    assert_eq!(shown["notes"][0]["id"], note.as_str());
    assert!(shown["tasks"][0]["done"].is_string());
    assert_eq!(shown["documents"][0]["id"], doc_id);

    let listed = env.ok(&["doc", "list", "--case", &case]);
    assert_eq!(listed["documents"].as_array().unwrap().len(), 1);
    let out = env.path("copy.txt");
    env.ok(&["doc", "get", doc_id, "--out", out.to_str().unwrap()]);
    assert_eq!(fs::read(&out).unwrap(), b"Declaration of the respondent");
    assert_eq!(env.err(&["doc", "get", doc_id, "--out", out.to_str().unwrap()]), "invalid-input", "no overwrite");

    let people = env.ok(&["person", "list"]);
    assert_eq!(people["people"].as_array().unwrap().len(), 1);
    let cases = env.ok(&["case", "list", "--jurisdiction", "us-eoir"]);
    assert_eq!(cases["cases"][0]["client"], "María José Pérez López");
    assert_eq!(env.ok(&["case", "list", "--jurisdiction", "co"])["cases"].as_array().unwrap().len(), 0);

    let status = env.ok(&["status"]);
    assert_eq!(status["people"], 1);
    assert_eq!(status["cases"], 1);
    assert_eq!(status["kdf"]["algorithm"], "argon2id");
    assert!(status["kdf"]["memory_kib"].as_u64().unwrap() > 0);

    let hits = env.ok(&["search", "perez"]);
    let kinds: Vec<_> = hits["results"].as_array().unwrap().iter().map(|h| h["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["person"]);
    assert_eq!(hits["results"][0]["case_id"], serde_json::Value::Null);
    let hits = env.ok(&["search", "threats"]);
    assert_eq!(hits["results"][0]["kind"], "note");
    assert_eq!(hits["results"][0]["case_id"], case.as_str());

    let audit = env.ok(&["audit", "verify"]);
    assert_eq!(audit["ok"], true);
    assert!(audit["entries"].as_u64().unwrap() >= 8);
}

#[test]
fn global_flags_work_before_or_after_the_subcommand() {
    let (env, _) = Env::with_vault();
    let vault = env.vault();
    let pass = env.path("pass");
    let after = env
        .bare_cmd()
        .args(["status", "--json", "--vault"])
        .arg(&vault)
        .arg("--passphrase-file")
        .arg(&pass)
        .output()
        .unwrap();
    assert!(after.status.success());
    assert_eq!(parse_one_json(&after.stdout)["people"], 0);
    let env_vars = env
        .bare_cmd()
        .args(["status", "--json"])
        .env("AMPARO_VAULT", &vault)
        .env("AMPARO_PASSPHRASE_FILE", &pass)
        .output()
        .unwrap();
    assert!(env_vars.status.success());
}

#[test]
fn default_vault_folder_is_the_platform_data_dir() {
    let env = Env::new();
    let out = env.bare_cmd().args(["init", "--json", "--passphrase-file"]).arg(env.path("pass")).output().unwrap();
    assert!(out.status.success());
    assert!(env.path("xdg-data/amparo/vault/keyslots").is_file());
}

#[test]
fn note_from_stdin_keeps_text_out_of_argv() {
    let (env, _) = Env::with_vault();
    let (_, case) = env.client_with_case("Ana");
    let mut child = env
        .cmd(&["note", "add", "--case", &case, "--stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all("Declaración: llegó en 2024\r\nsegunda línea".as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let shown = env.ok(&["case", "show", &case]);
    assert_eq!(shown["notes"][0]["text"], "Declaración: llegó en 2024\nsegunda línea");
}

#[test]
fn bad_input_gets_one_clear_line_and_changes_nothing() {
    let (env, _) = Env::with_vault();
    let (person, case) = env.client_with_case("Ana");
    let before = env.ok(&["status"]);
    for (args, code) in [
        (vec!["person", "add", "--name", "X", "--a-number", "1234567"], "invalid-input"),
        (vec!["person", "add", "--name", "X", "--a-number", "A12B45678"], "invalid-input"),
        (vec!["person", "add", "--name", "X", "--dob", "2023-02-29"], "invalid-input"),
        (vec!["person", "add", "--name", "X", "--dob", "2990-01-01"], "invalid-input"),
        (vec!["person", "add", "--name", "  "], "invalid-input"),
        (vec!["person", "add", "--name", "X", "--nationality", "Honduras"], "invalid-input"),
        (vec!["person", "show", "not-an-id"], "invalid-input"),
        (vec!["person", "show", "00000000-0000-4000-8000-000000000000"], "not-found"),
        (vec!["case", "add", "--client", &person, "--jurisdiction", "mars", "--title", "t"], "invalid-input"),
        (
            vec![
                "case",
                "add",
                "--client",
                "00000000-0000-4000-8000-000000000000",
                "--jurisdiction",
                "co",
                "--title",
                "t",
            ],
            "not-found",
        ),
        (vec!["task", "add", "--case", &case, "--title", "t", "--due", "2026-13-01"], "invalid-input"),
        (vec!["task", "done", "00000000-0000-4000-8000-000000000000"], "not-found"),
        (vec!["doc", "add", "--case", &case, "/definitely/not/here.pdf"], "io"),
        (vec!["case", "party", "--case", &case, "--person", &person, "--role", "boss"], "invalid-input"),
    ] {
        assert_eq!(env.err(&args), code, "{args:?}");
    }
    // The A-number is not echoed back into the error.
    let out = env.cmd(&["person", "add", "--name", "X", "--a-number", "98765"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("98765"));
    let after = env.ok(&["status"]);
    assert_eq!(before["people"], after["people"]);
    assert_eq!(before["cases"], after["cases"]);
    assert_eq!(before["tasks_open"], after["tasks_open"]);
}

#[test]
fn duplicate_a_number_is_refused() {
    let (env, _) = Env::with_vault();
    env.id(&["person", "add", "--name", "A", "--a-number", "012345678"]);
    assert_eq!(env.err(&["person", "add", "--name", "B", "--a-number", "A12345678"]), "invalid-input");
}

#[test]
fn usage_errors_exit_2_without_touching_anything() {
    let env = Env::new();
    let out = env.bare_cmd().args(["person", "add"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!env.vault().exists());
}

#[test]
fn init_refuses_an_existing_vault_or_a_non_empty_folder() {
    let (env, _) = Env::with_vault();
    assert_eq!(env.err(&["init"]), "vault-exists");
    let other = Env::new();
    fs::create_dir(other.vault()).unwrap();
    fs::write(other.vault().join("taxes.xlsx"), b"not ours").unwrap();
    assert_eq!(other.err(&["init"]), "vault-exists");
    assert_eq!(fs::read(other.vault().join("taxes.xlsx")).unwrap(), b"not ours");
}

#[test]
fn a_folder_that_is_not_a_vault_is_named_as_such() {
    let env = Env::new();
    fs::create_dir(env.vault()).unwrap();
    assert_eq!(env.err(&["status"]), "not-a-vault");
    let missing = Env::new();
    assert_eq!(missing.err(&["status"]), "not-a-vault");
}

#[test]
fn a_second_process_cannot_open_an_open_vault() {
    let (env, _) = Env::with_vault();
    let held = env.open();
    assert_eq!(env.err(&["status"]), "vault-in-use");
    assert_eq!(env.err(&["person", "add", "--name", "X"]), "vault-in-use");
    drop(held);
    env.ok(&["status"]);
}

#[test]
fn missing_passphrase_without_a_terminal_is_a_clear_error() {
    let (env, _) = Env::with_vault();
    let out = env.bare_cmd().arg("--json").arg("--vault").arg(env.vault()).arg("status").output().unwrap();
    assert_eq!(expect_error(out), "invalid-input");
}

/// A JPEG segment: marker, big-endian length, payload.
fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut s = vec![0xFF, marker];
    s.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    s.extend_from_slice(payload);
    s
}

#[test]
fn photo_location_metadata_is_stripped_and_the_original_hash_kept() {
    let (env, _) = Env::with_vault();
    let (_, case) = env.client_with_case("Ana");
    let mut jpeg = vec![0xFF, 0xD8];
    jpeg.extend(segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"));
    jpeg.extend(segment(0xE1, b"Exif\0\0MM\0*GPS-LAT-14.0818-CANARY"));
    jpeg.extend(segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>AUTHOR-CANARY</x:xmpmeta>"));
    jpeg.extend(segment(0xFE, b"COMMENT-CANARY"));
    jpeg.extend(segment(0xDB, &[0u8; 65]));
    jpeg.extend(segment(0xC0, &[8, 0, 1, 0, 1, 1, 1, 0x11, 0]));
    jpeg.extend(segment(0xC4, &[0u8; 17]));
    jpeg.extend(segment(0xDA, &[1, 1, 0, 0, 63, 0]));
    jpeg.extend([0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD9]);
    let photo = env.path("IMG_0001.jpg");
    fs::write(&photo, &jpeg).unwrap();

    let added = env.ok(&["doc", "add", "--case", &case, photo.to_str().unwrap()]);
    assert_eq!(added["sha256"], sha256_hex(&jpeg), "chain of custody: hash of the original");
    assert_eq!(added["metadata"], "stripped");
    let doc = env.ok(&["doc", "list", "--case", &case])["documents"][0].clone();
    assert_eq!(doc["metadata_removed"], 3, "EXIF, XMP and the comment");

    let out = env.path("out.jpg");
    env.ok(&["doc", "get", doc["id"].as_str().unwrap(), "--out", out.to_str().unwrap()]);
    let back = fs::read(&out).unwrap();
    for canary in ["GPS-LAT-14.0818-CANARY", "AUTHOR-CANARY", "COMMENT-CANARY"] {
        assert!(!crate::util::contains(&back, canary.as_bytes()), "{canary} survived");
    }
    assert!(back.starts_with(&[0xFF, 0xD8, 0xFF, 0xE0]), "JFIF header kept");
    assert!(back.ends_with(&[0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD9]), "image data kept");
}
