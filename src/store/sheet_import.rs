//! Importing people and cases from an office's spreadsheet: map the columns, preview every row
//! (its errors and its possible conflicts) in a dry run, then commit all rows or none.
//!
//! Each row is one person (and, when a case title is given, their case). Rows are validated by
//! the same code as the forms ([`people::insert_person`], [`cases::insert_case`]), each inside
//! a savepoint so that one bad row is reported and the others still checked. A row with an
//! external id that an earlier import brought in updates that person and case instead of adding
//! them again. The mapping used is remembered for sheets with the same headers. The commit is
//! one transaction, audited.

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::conflicts::{self, ConflictMatch, TokenIndex};
use super::{audit, cases, people};
use crate::conflicts::names;
use crate::domain::records::{CaseDetails, NewPerson};
use crate::domain::vocabulary;
use crate::error::{corrupt, Error, Result};
use crate::sheet::{self, Table};
use crate::vault::Vault;

vocabulary!(
    /// What a spreadsheet column holds.
    SheetField, "sheet field" {
        ExternalId = "external-id",
        Name = "name",
        Aliases = "aliases",
        Dob = "dob",
        DobApproximate = "dob-approximate",
        ANumber = "a-number",
        Nationality = "nationality",
        Languages = "languages",
        Phone = "phone",
        Email = "email",
        CaseTitle = "case-title",
        Jurisdiction = "jurisdiction",
        Proceeding = "proceeding",
        Stage = "stage",
        Relief = "relief",
        Lawyer = "lawyer",
        Outcome = "outcome",
    }
);

/// Header words (folded: lower case, no accents, letters and digits only) each field is
/// recognised by, in English and Spanish. docs/sheet-import.md lists them.
const HEADER_WORDS: &[(SheetField, &[&str])] = &[
    (
        SheetField::ExternalId,
        &[
            "externalid",
            "id",
            "rowid",
            "idexterno",
            "expediente",
            "numeroexpediente",
            "fileno",
            "fileid",
            "referencia",
            "ref",
        ],
    ),
    (SheetField::Name, &["name", "fullname", "clientname", "client", "nombre", "nombrecompleto", "cliente"]),
    (SheetField::Aliases, &["aliases", "alias", "aka", "otrosnombres", "otrosnombresusados"]),
    (SheetField::Dob, &["dob", "dateofbirth", "birthdate", "fechadenacimiento", "fechanacimiento", "nacimiento"]),
    (
        SheetField::DobApproximate,
        &["dobapproximate", "approximatedob", "dobapprox", "fechaaproximada", "nacimientoaproximado"],
    ),
    (SheetField::ANumber, &["anumber", "aliennumber", "a", "numeroa", "numerodea", "numeroextranjero"]),
    (SheetField::Nationality, &["nationality", "citizenship", "nacionalidad", "pais", "country"]),
    (SheetField::Languages, &["languages", "language", "idiomas", "idioma", "lenguas", "lengua"]),
    (SheetField::Phone, &["phone", "telephone", "mobile", "telefono", "celular", "tel"]),
    (SheetField::Email, &["email", "mail", "correo", "correoelectronico"]),
    (SheetField::CaseTitle, &["casetitle", "case", "matter", "caso", "titulo", "asunto", "titulodelcaso"]),
    (SheetField::Jurisdiction, &["jurisdiction", "jurisdiccion", "court", "tribunal"]),
    (SheetField::Proceeding, &["proceeding", "procedimiento", "proceso"]),
    (SheetField::Stage, &["stage", "status", "etapa", "estado", "fase"]),
    (SheetField::Relief, &["relief", "reliefs", "relieftrack", "proteccion", "alivio", "beneficio"]),
    (SheetField::Lawyer, &["lawyer", "attorney", "abogado", "abogada", "responsable"]),
    (SheetField::Outcome, &["outcome", "result", "resultado", "decision", "desenlace"]),
];

/// Column header → field (`None`: the column is not imported).
pub type SheetMapping = BTreeMap<String, Option<SheetField>>;

/// Options for an import.
#[derive(Debug, Clone, Default)]
pub struct SheetOptions {
    /// Check everything, change nothing.
    pub dry_run: bool,
    /// The mapping to use; otherwise the one remembered for these headers, else a guess.
    pub mapping: Option<SheetMapping>,
}

/// What an import did, or would do.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SheetSummary {
    /// Whether the rows were written (never for a dry run, never with an error in any row).
    pub committed: bool,
    /// Data rows read (empty rows left out).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub rows: usize,
    /// How the file's text was read: `utf-8`, `windows-1252`, `xlsx` or `ods`.
    pub encoding: String,
    /// The sheet's column headers, in the sheet's order.
    pub headers: Vec<String>,
    pub mapping: SheetMapping,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub new_people: usize,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub updated_people: usize,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub new_cases: usize,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub updated_cases: usize,
    pub errors: Vec<RowError>,
    /// Rows whose person may already be in the vault (new people only).
    pub conflicts: Vec<RowConflicts>,
    /// The first rows, as they will be imported, for a preview table.
    pub preview: Vec<PreviewRow>,
    /// Why the mapping cannot be used (no name column, a field twice), in a dry run; no row was
    /// checked then.
    pub mapping_problem: Option<String>,
}

/// A row that cannot be imported, and why (the message never repeats the cell's content).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RowError {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub row: usize,
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RowConflicts {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub row: usize,
    pub matches: Vec<ConflictMatch>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PreviewRow {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub row: usize,
    pub name: String,
    pub case_title: String,
    /// `create`, `update` or `error`.
    pub action: String,
}

/// How many rows the preview shows.
const PREVIEW_ROWS: usize = 200;

/// The key mappings are remembered under: the sheet's folded headers, in order.
fn header_signature(headers: &[String]) -> String {
    headers.iter().map(|h| fold_header(h)).collect::<Vec<_>>().join("|")
}

fn fold_header(h: &str) -> String {
    names::fold(h).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The mapping guessed from the headers: each header recognised as a field (each field once).
pub fn guess_mapping(headers: &[String]) -> SheetMapping {
    let mut taken = Vec::new();
    headers
        .iter()
        .map(|h| {
            let folded = fold_header(h);
            let field = HEADER_WORDS
                .iter()
                .find(|(f, words)| !taken.contains(f) && words.contains(&folded.as_str()))
                .map(|(f, _)| *f);
            taken.extend(field);
            (h.clone(), field)
        })
        .collect()
}

/// A mapping checked against the headers: every key a header, no field twice, a name column.
fn check_mapping(mapping: &SheetMapping, headers: &[String]) -> Result<()> {
    if mapping.keys().any(|k| !headers.contains(k)) {
        return Err(Error::invalid("mapping", "names a column the sheet does not have"));
    }
    let mut fields: Vec<SheetField> = mapping.values().flatten().copied().collect();
    fields.sort_by_key(|f| f.as_str());
    if fields.windows(2).any(|w| w[0] == w[1]) {
        return Err(Error::invalid("mapping", "maps two columns to the same field"));
    }
    if !fields.contains(&SheetField::Name) {
        return Err(Error::invalid("mapping", "no column holds the name; map one to name"));
    }
    Ok(())
}

/// Text that a spreadsheet program would run as a formula if the vault's data were exported
/// to a sheet again (`=`, `@`, or `+`/`-` not followed by a digit): refused, not stored.
fn looks_like_formula(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some('=' | '@') => true,
        Some('+' | '-') => chars.next().is_some_and(|c| !c.is_ascii_digit() && c != ' '),
        _ => false,
    }
}

/// One row's values, by field, in column order.
struct RowValues<'a>(Vec<(SheetField, &'a str)>);

impl<'a> RowValues<'a> {
    fn get(&self, f: SheetField) -> Option<&'a str> {
        self.0.iter().find(|(g, _)| *g == f).map(|(_, v)| *v).filter(|v| !v.is_empty())
    }

    fn list(&self, f: SheetField) -> Vec<String> {
        self.get(f).map_or_else(Vec::new, |v| {
            v.split([';', ',', '|']).map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
        })
    }

    fn yes(&self, f: SheetField) -> Result<bool> {
        match self.get(f).map(|v| names::fold(v).trim().to_string()).as_deref() {
            None | Some("no" | "n" | "false" | "0" | "falso") => Ok(false),
            Some("yes" | "y" | "si" | "s" | "true" | "1" | "x" | "verdadero") => Ok(true),
            Some(_) => Err(Error::invalid("approximate date of birth", "must be yes or no")),
        }
    }

    fn person(&self) -> Result<NewPerson> {
        Ok(NewPerson {
            name: self.get(SheetField::Name).unwrap_or_default().to_string(),
            aliases: self.list(SheetField::Aliases),
            dob: self.get(SheetField::Dob).map(String::from),
            dob_approx: self.yes(SheetField::DobApproximate)?,
            a_number: self.get(SheetField::ANumber).map(String::from),
            nationality: self.get(SheetField::Nationality).map(String::from),
            languages: self.list(SheetField::Languages),
            phone: self.get(SheetField::Phone).map(String::from),
            email: self.get(SheetField::Email).map(String::from),
            ..Default::default()
        })
    }

    /// A person already in the vault with this row's values laid over it: a column the sheet
    /// does not map, or leaves empty, keeps what is recorded (and fields the template has no
    /// column for, like detention, are never touched).
    fn patch_person(&self, mut p: NewPerson) -> Result<NewPerson> {
        let set = |field: SheetField, to: &mut Option<String>| {
            if let Some(v) = self.get(field) {
                *to = Some(v.to_string());
            }
        };
        if let Some(name) = self.get(SheetField::Name) {
            p.name = name.to_string();
        }
        set(SheetField::Dob, &mut p.dob);
        set(SheetField::ANumber, &mut p.a_number);
        set(SheetField::Nationality, &mut p.nationality);
        set(SheetField::Phone, &mut p.phone);
        set(SheetField::Email, &mut p.email);
        if self.get(SheetField::DobApproximate).is_some() {
            p.dob_approx = self.yes(SheetField::DobApproximate)?;
        }
        if self.get(SheetField::Aliases).is_some() {
            p.aliases = self.list(SheetField::Aliases);
        }
        if self.get(SheetField::Languages).is_some() {
            p.languages = self.list(SheetField::Languages);
        }
        Ok(p)
    }

    /// The same for a case already in the vault.
    fn patch_case(&self, mut c: CaseDetails) -> CaseDetails {
        let set = |field: SheetField, to: &mut Option<String>| {
            if let Some(v) = self.get(field) {
                *to = Some(v.to_string());
            }
        };
        if let Some(title) = self.get(SheetField::CaseTitle) {
            c.title = title.to_string();
        }
        if let Some(j) = self.get(SheetField::Jurisdiction) {
            c.jurisdiction = j.to_string();
        }
        set(SheetField::Proceeding, &mut c.proceeding);
        set(SheetField::Stage, &mut c.stage);
        set(SheetField::Lawyer, &mut c.lawyer);
        set(SheetField::Outcome, &mut c.outcome);
        if self.get(SheetField::Relief).is_some() {
            c.relief = self.list(SheetField::Relief);
        }
        c
    }

    /// The case, if the row has a case title.
    fn case(&self) -> Option<CaseDetails> {
        let title = self.get(SheetField::CaseTitle)?;
        Some(CaseDetails {
            title: title.to_string(),
            jurisdiction: self.get(SheetField::Jurisdiction).unwrap_or_default().to_string(),
            proceeding: self.get(SheetField::Proceeding).map(String::from),
            relief: self.list(SheetField::Relief),
            stage: self.get(SheetField::Stage).map(String::from),
            lawyer: self.get(SheetField::Lawyer).map(String::from),
            outcome: self.get(SheetField::Outcome).map(String::from),
        })
    }
}

/// What one row did.
enum RowOutcome {
    Created { case: bool },
    Updated { case_created: bool, case_updated: bool },
}

impl Vault {
    /// Import a CSV, XLSX or ODS file. See the module documentation.
    pub fn import_sheet(&mut self, path: &Path, options: &SheetOptions) -> Result<SheetSummary> {
        let table = sheet::read(path)?;
        self.import_table(&table, options)
    }

    /// Import rows already read (the fuzz target and tests start here).
    pub fn import_table(&mut self, table: &Table, options: &SheetOptions) -> Result<SheetSummary> {
        let signature = header_signature(&table.headers);
        if table.headers.iter().enumerate().any(|(i, h)| !h.is_empty() && table.headers[..i].contains(h)) {
            return Err(Error::invalid("spreadsheet", "has two columns with the same header; rename one"));
        }
        let mapping = match &options.mapping {
            Some(m) => m.clone(),
            None => {
                self.remembered_mapping(&signature, &table.headers)?.unwrap_or_else(|| guess_mapping(&table.headers))
            }
        };
        let mapping_problem = check_mapping(&mapping, &table.headers).err();
        let columns: Vec<Option<SheetField>> =
            table.headers.iter().map(|h| mapping.get(h).copied().flatten()).collect();
        let today = self.clock.today();
        let now = crate::clock::stamp(self.clock.now());
        let mut summary = SheetSummary {
            committed: false,
            rows: table.rows.len(),
            encoding: table.encoding.to_string(),
            headers: table.headers.clone(),
            mapping: mapping.clone(),
            new_people: 0,
            updated_people: 0,
            new_cases: 0,
            updated_cases: 0,
            errors: Vec::new(),
            conflicts: Vec::new(),
            preview: Vec::new(),
            mapping_problem: None,
        };
        if let Some(problem) = mapping_problem {
            // A dry run still shows the sheet's columns, so the mapping can be corrected.
            if !options.dry_run {
                return Err(problem);
            }
            summary.mapping_problem = Some(problem.to_string());
            return Ok(summary);
        }
        let tx = self.conn.transaction()?;
        let mut index = TokenIndex::build(&tx)?;
        let mut seen_ids = std::collections::HashSet::new();
        for (number, cells) in &table.rows {
            let values = RowValues(columns.iter().zip(cells).filter_map(|(f, v)| f.map(|f| (f, v.as_str()))).collect());
            tx.execute_batch("SAVEPOINT sheet_row")?;
            let result = import_row(&tx, &mut index, &mut seen_ids, &values, *number, today, &now, &mut summary);
            let action = match result {
                Ok(RowOutcome::Created { case }) => {
                    summary.new_people += 1;
                    summary.new_cases += usize::from(case);
                    tx.execute_batch("RELEASE sheet_row")?;
                    "create"
                }
                Ok(RowOutcome::Updated { case_created, case_updated }) => {
                    summary.updated_people += 1;
                    summary.new_cases += usize::from(case_created);
                    summary.updated_cases += usize::from(case_updated);
                    tx.execute_batch("RELEASE sheet_row")?;
                    "update"
                }
                // A value the forms would refuse is this row's error; anything else (a full
                // disk, a damaged database) stops the import, with nothing written.
                Err(e @ (Error::Invalid { .. } | Error::NotFound(_))) => {
                    tx.execute_batch("ROLLBACK TO sheet_row; RELEASE sheet_row")?;
                    summary.errors.push(RowError { row: *number, code: e.code().to_string(), message: e.to_string() });
                    "error"
                }
                Err(e) => return Err(e),
            };
            if summary.preview.len() < PREVIEW_ROWS {
                summary.preview.push(PreviewRow {
                    row: *number,
                    name: values.get(SheetField::Name).unwrap_or_default().to_string(),
                    case_title: values.get(SheetField::CaseTitle).unwrap_or_default().to_string(),
                    action: action.to_string(),
                });
            }
        }
        if options.dry_run || !summary.errors.is_empty() {
            // Dropping the transaction rolls every row back.
            return Ok(summary);
        }
        // Remembered by column position for sheets whose headers fold the same.
        let by_position: Vec<Option<SheetField>> = columns.clone();
        let json = serde_json::to_string(&by_position).map_err(|_| Error::invalid("mapping", "cannot be saved"))?;
        tx.prepare_cached(
            "INSERT INTO vault_setting (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )?
        .execute(params![format!("sheet-mapping:{signature}"), json])?;
        let detail = format!(
            "rows={} new-people={} updated-people={} new-cases={} updated-cases={}",
            summary.rows, summary.new_people, summary.updated_people, summary.new_cases, summary.updated_cases
        );
        audit::append(&tx, &now, "sheet.import", "sheet", &detail)?;
        tx.commit()?;
        summary.committed = true;
        Ok(summary)
    }

    fn remembered_mapping(&self, signature: &str, headers: &[String]) -> Result<Option<SheetMapping>> {
        let json: Option<String> = self
            .conn
            .prepare_cached("SELECT value FROM vault_setting WHERE key = ?1")?
            .query_row([format!("sheet-mapping:{signature}")], |r| r.get(0))
            .optional()?;
        let Some(fields) =
            json.map(|j| serde_json::from_str::<Vec<Option<SheetField>>>(&j).map_err(corrupt)).transpose()?
        else {
            return Ok(None);
        };
        if fields.len() != headers.len() {
            return Ok(None);
        }
        Ok(Some(headers.iter().cloned().zip(fields).collect()))
    }
}

#[allow(clippy::too_many_arguments)]
fn import_row(
    tx: &rusqlite::Connection,
    index: &mut TokenIndex,
    seen_ids: &mut std::collections::HashSet<String>,
    values: &RowValues<'_>,
    number: usize,
    today: chrono::NaiveDate,
    now: &str,
    summary: &mut SheetSummary,
) -> Result<RowOutcome> {
    for (field, value) in &values.0 {
        if looks_like_formula(value) {
            return Err(Error::invalid(field_label(*field), "looks like a spreadsheet formula; type the value itself"));
        }
    }
    let person = values.person()?;
    let case = values.case();
    let external_id = values.get(SheetField::ExternalId);
    let known: Option<(String, Option<String>)> = match external_id {
        Some(id) => tx
            .prepare_cached("SELECT person_id, case_id FROM sheet_row WHERE external_id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?,
        None => None,
    };
    if let Some(ext) = external_id {
        if !seen_ids.insert(ext.to_string()) {
            return Err(Error::invalid("external id", "appears on an earlier row of this sheet too"));
        }
    }
    let outcome = match known {
        Some((person_id, case_id)) => {
            let recorded = people::current_person(tx, &person_id)?;
            let updated = values.patch_person(recorded.clone())?;
            // An id that now names somebody else is a mix-up (another sheet numbered the same
            // way), not an update.
            let same = names::name_similarity(&names::tokens(&recorded.name), &names::tokens(&updated.name))
                .is_some_and(|(score, _)| score >= crate::conflicts::SHOW_FROM);
            if !same {
                return Err(Error::invalid(
                    "external id",
                    "belongs to a person with another name in this vault; check the id column",
                ));
            }
            people::update_person(tx, &person_id, &updated, today, now)?;
            let (case_id, case_created, case_updated) = match (case, case_id) {
                (Some(_), Some(id)) => {
                    let details = values.patch_case(cases::current_details(tx, &id)?);
                    cases::update_case_in(tx, &id, &details, now)?;
                    (Some(id), false, true)
                }
                (Some(c), None) => (Some(cases::insert_case(tx, &person_id, &c, now)?), true, false),
                (None, id) => (id, false, false),
            };
            if let Some(ext) = external_id {
                tx.prepare_cached("UPDATE sheet_row SET case_id = ?2 WHERE external_id = ?1")?
                    .execute(params![ext, case_id])?;
            }
            RowOutcome::Updated { case_created, case_updated }
        }
        None => {
            // Who may already be here: checked before this row's person is added.
            let query = names::tokens(&person.name);
            let dob = person.dob.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            let a_number = person.a_number.as_deref().and_then(|a| crate::domain::anumber::normalise(a).ok());
            let matches =
                conflicts::find(tx, index, &query, dob.map(|d| (d, person.dob_approx)), a_number.as_deref(), None)?;
            let person_id = people::insert_person(tx, &person, today, now)?;
            for name in std::iter::once(&person.name).chain(&person.aliases) {
                index.add_name(name);
            }
            let case_id = case.as_ref().map(|c| cases::insert_case(tx, &person_id, c, now)).transpose()?;
            if let Some(ext) = external_id {
                tx.prepare_cached("INSERT INTO sheet_row (external_id, person_id, case_id) VALUES (?1, ?2, ?3)")?
                    .execute(params![ext, person_id, case_id])?;
            }
            if !matches.is_empty() {
                summary.conflicts.push(RowConflicts { row: number, matches });
            }
            RowOutcome::Created { case: case_id.is_some() }
        }
    };
    Ok(outcome)
}

/// The field's name in error messages.
fn field_label(f: SheetField) -> &'static str {
    match f {
        SheetField::ExternalId => "external id",
        SheetField::Name => "name",
        SheetField::Aliases => "alias",
        SheetField::Dob => "date of birth",
        SheetField::DobApproximate => "approximate date of birth",
        SheetField::ANumber => "A-number",
        SheetField::Nationality => "nationality",
        SheetField::Languages => "language",
        SheetField::Phone => "phone",
        SheetField::Email => "email",
        SheetField::CaseTitle => "case title",
        SheetField::Jurisdiction => "jurisdiction",
        SheetField::Proceeding => "proceeding",
        SheetField::Stage => "stage",
        SheetField::Relief => "relief track",
        SheetField::Lawyer => "lawyer",
        SheetField::Outcome => "outcome",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_english_and_spanish_are_recognised() {
        let headers: Vec<String> =
            ["Nº expediente", "Nombre completo", "Fecha de nacimiento", "A#", "Caso", "Jurisdicción", "Notas"]
                .iter()
                .map(|s| s.to_string())
                .collect();
        let m = guess_mapping(&headers);
        assert_eq!(m["Nombre completo"], Some(SheetField::Name));
        assert_eq!(m["Fecha de nacimiento"], Some(SheetField::Dob));
        assert_eq!(m["A#"], Some(SheetField::ANumber));
        assert_eq!(m["Caso"], Some(SheetField::CaseTitle));
        assert_eq!(m["Jurisdicción"], Some(SheetField::Jurisdiction));
        assert_eq!(m["Notas"], None);
    }

    #[test]
    fn formulas_are_spotted_and_phone_numbers_are_not() {
        for f in ["=HYPERLINK(\"x\")", "@SUM(A1)", "+cmd", "-2+3=x|"] {
            assert_eq!(looks_like_formula(f), !f.starts_with("-2"), "{f}");
        }
        for ok in ["+1 555 0100", "-5", "Ana", ""] {
            assert!(!looks_like_formula(ok), "{ok}");
        }
    }
}
