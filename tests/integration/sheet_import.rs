//! `amparo import-sheet`: CSV, XLSX and ODS; the dry run and the all-or-nothing commit;
//! per-row errors; conflict hits; re-import by external id; the remembered mapping; and hostile
//! sheets (formulas, wrong encoding, a million rows, a zip bomb dressed as XLSX, huge files).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{expect_error, parse_one_json, Env};

const SHEET: &str = "Expediente,Nombre,Fecha de nacimiento,A#,Nacionalidad,Caso,Jurisdicción,Etapa\n\
    X-1,María José Pérez López,1990-03-04,A012-345-678,SV,Asilo defensivo,us-eoir,intake\n\
    X-2,Jean-Baptiste Pierre,,,HT,,,\n\
    X-3,Mohammed Al-Hassan,1985-01-01,,,Solicitud afirmativa,us-uscis,filed\n";

/// Run `import-sheet` on `file`; returns (exit code, summary).
fn import(env: &Env, file: &Path, extra: &[&str]) -> (i32, Value) {
    let mut cmd = env.cmd(&["import-sheet"]);
    cmd.arg(file).args(extra);
    let out = cmd.output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).is_empty() || !out.status.success(), "{out:?}");
    (out.status.code().unwrap(), parse_one_json(&out.stdout))
}

fn write(env: &Env, name: &str, bytes: &[u8]) -> PathBuf {
    let p = env.path(name);
    fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn a_csv_is_previewed_then_imported_and_a_second_import_updates_instead_of_duplicating() {
    let (env, _) = Env::with_vault();
    let file = write(&env, "clients.csv", SHEET.as_bytes());
    let (code, dry) = import(&env, &file, &["--dry-run"]);
    assert_eq!(code, 0);
    assert_eq!(dry["committed"], false);
    assert_eq!(
        (dry["rows"].as_u64(), dry["new_people"].as_u64(), dry["new_cases"].as_u64()),
        (Some(3), Some(3), Some(2))
    );
    assert_eq!(dry["mapping"]["Nombre"], "name");
    assert_eq!(dry["preview"][0]["row"], 2);
    assert_eq!(dry["preview"][0]["action"], "create");
    assert_eq!(env.ok(&["status"])["people"], 0, "a dry run changes nothing");

    let (code, done) = import(&env, &file, &[]);
    assert_eq!((code, &done["committed"]), (0, &Value::Bool(true)));
    let s = env.ok(&["status"]);
    assert_eq!((s["people"].as_u64(), s["cases"].as_u64()), (Some(3), Some(2)));
    let hits = env.ok(&["search", "perez"]);
    assert_eq!(hits["results"][0]["label"], "María José Pérez López");

    // The office corrects a name and adds a case to row X-2: same people, updated.
    let changed = SHEET.replace("Jean-Baptiste Pierre,,,HT,,,", "Jean-Baptiste Pierre Louis,,,HT,TPS,us-uscis,filed");
    let file2 = write(&env, "clients-v2.csv", changed.as_bytes());
    let (code, again) = import(&env, &file2, &[]);
    assert_eq!(code, 0);
    assert_eq!((again["new_people"].as_u64(), again["updated_people"].as_u64()), (Some(0), Some(3)));
    assert_eq!((again["new_cases"].as_u64(), again["updated_cases"].as_u64()), (Some(1), Some(2)));
    assert_eq!(again["conflicts"].as_array().unwrap().len(), 0, "updating a row is not a conflict");
    let s = env.ok(&["status"]);
    assert_eq!((s["people"].as_u64(), s["cases"].as_u64()), (Some(3), Some(3)));
    assert_eq!(env.ok(&["search", "louis"])["results"].as_array().unwrap().len(), 1);

    // A later sheet with fewer columns changes only what it has: nationality and the stage set
    // in the app since stay as they were.
    let rosa = env.ok(&["search", "maria jose"])["results"][0]["id"].as_str().unwrap().to_string();
    let her_case = env.ok(&["person", "show", &rosa])["cases"][0]["case_id"].as_str().unwrap().to_string();
    env.ok(&["case", "set", &her_case, "--stage", "filed"]);
    let slim = write(
        &env,
        "slim.csv",
        "Expediente,Nombre,Caso\nX-1,María José Pérez López,Asilo defensivo (corregido)\n".as_bytes(),
    );
    let (code, r) = import(&env, &slim, &[]);
    assert_eq!((code, r["updated_people"].as_u64(), r["updated_cases"].as_u64()), (0, Some(1), Some(1)), "{r}");
    let person = env.ok(&["person", "show", &rosa]);
    assert_eq!((person["nationality"].as_str(), person["a_number"].as_str()), (Some("SV"), Some("012345678")));
    let case = env.ok(&["case", "show", &her_case]);
    assert_eq!((case["stage"].as_str(), case["title"].as_str()), (Some("filed"), Some("Asilo defensivo (corregido)")));

    // An id repeated in one sheet, or an id that now names someone else: row errors, nothing written.
    let mixed = write(
        &env,
        "mixed.csv",
        "Expediente,Nombre\nX-9,Ana Nueva\nX-9,Ana Nueva\nX-3,Pedro Otro Distinto\n".as_bytes(),
    );
    let (code, r) = import(&env, &mixed, &[]);
    let rows: Vec<u64> = r["errors"].as_array().unwrap().iter().map(|e| e["row"].as_u64().unwrap()).collect();
    assert_eq!((code, rows), (1, vec![3, 4]), "{r}");
    assert_eq!(env.ok(&["status"])["people"], 3);
}

#[test]
fn rows_with_errors_are_all_reported_and_nothing_is_imported() {
    let (env, _) = Env::with_vault();
    let sheet = "Nombre,Fecha de nacimiento,A#,Caso,Jurisdicción\n\
        Ana Gómez,1990-13-45,,,\n\
        Luis Ortiz,,12,,\n\
        Rosa Díaz,,,Asilo,narnia\n\
        =HYPERLINK(\"http://x\"),,,,\n\
        Bien Escrito,1991-01-01,,,\n\
        ,1990-01-01,,,\n";
    let file = write(&env, "bad.csv", sheet.as_bytes());
    let (code, r) = import(&env, &file, &[]);
    assert_eq!(code, 1);
    assert_eq!(r["committed"], false);
    let errors: Vec<(u64, String)> = r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_u64().unwrap(), e["message"].as_str().unwrap().to_string()))
        .collect();
    let rows: Vec<u64> = errors.iter().map(|e| e.0).collect();
    assert_eq!(rows, [2, 3, 4, 5, 7], "{errors:?}");
    assert!(errors[0].1.contains("date"), "{errors:?}");
    assert!(errors[1].1.contains("A-number"), "{errors:?}");
    assert!(errors[2].1.contains("jurisdiction"), "{errors:?}");
    assert!(errors[3].1.contains("formula"), "{errors:?}");
    assert!(errors[4].1.contains("name"), "{errors:?}");
    assert!(
        !r.to_string().contains("HYPERLINK") || r["preview"].to_string().contains("HYPERLINK"),
        "errors never echo a cell"
    );
    for (_, message) in &errors {
        assert!(!message.contains("narnia") && !message.contains("1990-13-45"), "{message}");
    }
    assert_eq!(env.ok(&["status"])["people"], 0, "all or nothing");
}

#[test]
fn possible_conflicts_are_shown_per_row() {
    let (env, _) = Env::with_vault();
    env.client_with_case("José Pérez");
    let file = write(&env, "c.csv", "Name\nJose Perez\nAna Nueva\n".as_bytes());
    let (_, r) = import(&env, &file, &["--dry-run"]);
    let c = r["conflicts"].as_array().unwrap();
    assert_eq!(c.len(), 1);
    assert_eq!(c[0]["row"], 2);
    assert_eq!(c[0]["matches"][0]["name"], "José Pérez");
    assert_eq!(c[0]["matches"][0]["roles"][0]["role"], "client");
}

#[test]
fn a_mapping_file_is_used_and_remembered_for_the_same_headers() {
    let (env, _) = Env::with_vault();
    let file = write(&env, "odd.csv", "Cliente X;Nac;Ignorar\nAna Gómez;SV;foo\n".as_bytes());
    // Headers it cannot guess: no name column, so it asks for a mapping.
    let out = env.cmd(&["import-sheet", "--dry-run"]).arg(&file).output().unwrap();
    assert_eq!(expect_error(out), "invalid-input");
    let mapping = write(&env, "map.json", br#"{"Cliente X": "name", "Nac": "nationality", "Ignorar": null}"#);
    let (code, r) = import(&env, &file, &["--mapping", mapping.to_str().unwrap()]);
    assert_eq!((code, &r["committed"]), (0, &Value::Bool(true)));
    // Next time, without the file (and with the headers typed in capitals): the same mapping.
    let file2 = write(&env, "odd2.csv", "CLIENTE X;NAC;Ignorar\nLuis Ortiz;HT;bar\n".as_bytes());
    let (_, r) = import(&env, &file2, &["--dry-run"]);
    assert_eq!(r["mapping"]["NAC"], "nationality");
    assert_eq!(r["mapping"]["Ignorar"], Value::Null);
    // Two columns with the same header cannot be told apart: refused.
    let twice = write(&env, "twice.csv", "Nombre,Nombre\nAna,Ana\n".as_bytes());
    assert_eq!(expect_error(env.cmd(&["import-sheet", "--dry-run"]).arg(&twice).output().unwrap()), "invalid-input");
    let bad = write(&env, "bad-map.json", br#"{"Nope": "name"}"#);
    assert_eq!(
        expect_error(env.cmd(&["import-sheet", "--mapping", bad.to_str().unwrap()]).arg(&file).output().unwrap()),
        "invalid-input"
    );
    let bad = write(&env, "bad-map2.json", br#"{"Cliente X": "shoe-size"}"#);
    assert_eq!(
        expect_error(env.cmd(&["import-sheet", "--mapping", bad.to_str().unwrap()]).arg(&file).output().unwrap()),
        "invalid-input"
    );
}

/// A minimal XLSX: shared strings, one sheet, a date cell (serial 32874 = 1990-01-01).
fn xlsx(rows: &[&[&str]]) -> Vec<u8> {
    let mut strings = Vec::new();
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (r, row) in rows.iter().enumerate() {
        sheet += &format!(r#"<row r="{}">"#, r + 1);
        for (c, cell) in row.iter().enumerate() {
            let col = (b'A' + c as u8) as char;
            if let Some(serial) = cell.strip_prefix("#date:") {
                sheet += &format!(r#"<c r="{col}{}" s="1"><v>{serial}</v></c>"#, r + 1);
            } else {
                sheet += &format!(r#"<c r="{col}{}" t="s"><v>{}</v></c>"#, r + 1, strings.len());
                strings.push(cell.replace('&', "&amp;").replace('<', "&lt;"));
            }
        }
        sheet += "</row>";
    }
    sheet += "</sheetData></worksheet>";
    let shared = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{n}" uniqueCount="{n}">{}</sst>"#,
        strings.iter().map(|s| format!("<si><t>{s}</t></si>")).collect::<String>(),
        n = strings.len()
    );
    let files: &[(&str, String)] = &[
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#.into()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.into()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Clientes" sheetId="1" r:id="rId1"/></sheets></workbook>"#.into()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#.into()),
        ("xl/styles.xml", r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>"#.into()),
        ("xl/sharedStrings.xml", shared),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    zipped(files)
}

/// A minimal ODS with one table.
fn ods(rows: &[&[&str]]) -> Vec<u8> {
    let mut body = String::new();
    for row in rows {
        body += "<table:table-row>";
        for cell in row.iter() {
            body +=
                &format!(r#"<table:table-cell office:value-type="string"><text:p>{cell}</text:p></table:table-cell>"#);
        }
        body += "</table:table-row>";
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Clientes">{body}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let files: &[(&str, String)] = &[
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet".into()),
        ("META-INF/manifest.xml", r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#.into()),
        ("content.xml", content),
    ];
    zipped(files)
}

fn zipped(files: &[(&str, String)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in files {
        w.start_file(*name, opts).unwrap();
        w.write_all(body.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn xlsx_and_ods_files_import_like_csv() {
    let (env, _) = Env::with_vault();
    let rows: &[&[&str]] = &[&["Name", "Date of birth", "Nationality"], &["Wisly Saint-Fleur", "#date:32874", "HT"]];
    let file = write(&env, "clients.xlsx", &xlsx(rows));
    let (code, r) = import(&env, &file, &[]);
    assert_eq!((code, &r["committed"], &r["encoding"]), (0, &Value::Bool(true), &Value::from("xlsx")), "{r}");
    let person = env.ok(&["search", "wisly"])["results"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(env.ok(&["person", "show", &person])["dob"], "1990-01-01", "an Excel date cell");

    let rows: &[&[&str]] = &[&["Nombre", "Nacionalidad"], &["Tz'ul Ajpop", "GT"]];
    let file = write(&env, "clientes.ods", &ods(rows));
    let (code, r) = import(&env, &file, &[]);
    assert_eq!((code, &r["committed"], &r["encoding"]), (0, &Value::Bool(true), &Value::from("ods")), "{r}");
    assert_eq!(env.ok(&["status"])["people"], 2);
}

#[test]
fn hostile_sheets_get_clear_errors_and_change_nothing() {
    let (env, _) = Env::with_vault();
    // A zip bomb dressed as XLSX: 140 MB of zeros in one member, a few hundred KB on disk.
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
    w.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..140 {
        w.write_all(&zeros).unwrap();
    }
    let bomb = w.finish().unwrap().into_inner();
    assert!(bomb.len() < 2 << 20);
    let file = write(&env, "bomb.xlsx", &bomb);
    let out = env.cmd(&["import-sheet"]).arg(&file).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("unpacks to more than"), "refused by its size");
    assert_eq!(expect_error(out), "invalid-input");
    // A tiny XLSX with one cell at the sheet's last row and column (the parser would allocate
    // the whole grid), and an ODS cell repeated across 16,384 columns.
    let file = write(&env, "far.xlsx", &xlsx_with_far_cell());
    let out = env.cmd(&["import-sheet"]).arg(&file).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("beyond row"), "{}", String::from_utf8_lossy(&out.stderr));
    let file = write(&env, "wide.ods", &ods_with_repeated_cell());
    let out = env.cmd(&["import-sheet"]).arg(&file).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("beyond row"), "{}", String::from_utf8_lossy(&out.stderr));

    // Not a spreadsheet at all, under each name.
    for name in ["junk.xlsx", "junk.ods", "junk.pdf"] {
        let file = write(&env, name, b"PK\x03\x04 this is not a zip");
        assert_eq!(expect_error(env.cmd(&["import-sheet"]).arg(&file).output().unwrap()), "invalid-input", "{name}");
    }
    // A million rows: refused, quickly and without holding them all.
    let mut big = b"Name\n".to_vec();
    for i in 0..1_000_000 {
        big.extend_from_slice(format!("P{i}\n").as_bytes());
    }
    let file = write(&env, "million.csv", &big);
    assert_eq!(expect_error(env.cmd(&["import-sheet"]).arg(&file).output().unwrap()), "invalid-input");
    // A file over the size limit.
    let file = env.path("huge.csv");
    let f = fs::File::create(&file).unwrap();
    f.set_len(33 * 1024 * 1024).unwrap();
    assert_eq!(expect_error(env.cmd(&["import-sheet"]).arg(&file).output().unwrap()), "invalid-input");
    // A huge cell: reported on its row.
    let file = write(&env, "cell.csv", format!("Name\n{}\n", "x".repeat(20_000)).as_bytes());
    let (code, r) = import(&env, &file, &[]);
    assert_eq!((code, r["errors"][0]["row"].as_u64()), (1, Some(2)));
    // Windows-1252 (as Excel saves CSV in Spanish): read, not refused.
    let file = write(&env, "latin.csv", b"Nombre\nJos\xe9 Nu\xf1ez\n");
    let (code, r) = import(&env, &file, &[]);
    assert_eq!((code, &r["encoding"]), (0, &Value::from("windows-1252")));
    assert_eq!(env.ok(&["search", "nunez"])["results"][0]["label"], "José Nuñez");
    assert_eq!(env.ok(&["status"])["people"], 1, "only the good sheet was imported");
}

/// A zipped sheet with one member's text changed by `edit`.
fn rezip(good: Vec<u8>, member: &str, edit: impl Fn(String) -> String) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(good)).unwrap();
    let mut files = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut body = String::new();
        std::io::Read::read_to_string(&mut f, &mut body).unwrap();
        files.push((name.clone(), if name == member { edit(body) } else { body }));
    }
    let files: Vec<(&str, String)> = files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    zipped(&files)
}

fn xlsx_with_far_cell() -> Vec<u8> {
    rezip(xlsx(&[&["Name"], &["Ana"]]), "xl/worksheets/sheet1.xml", |body| {
        body.replace("</sheetData>", r#"<row r="1048576"><c r="XFD1048576" t="s"><v>0</v></c></row></sheetData>"#)
    })
}

fn ods_with_repeated_cell() -> Vec<u8> {
    let long = "x".repeat(1000);
    rezip(ods(&[&["Nombre"], &["Ana"]]), "content.xml", |body| {
        body.replace(
            "</table:table-row></table:table>",
            &format!(r#"<table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>{long}</text:p></table:table-cell></table:table-row></table:table>"#),
        )
    })
}
