//! Intake and office commands: the conflict-of-interest check, the spreadsheet import and the
//! statistics report without personal data.

use std::path::PathBuf;

use clap::Args;
use serde_json::json;

use amparo::store::conflicts::ConflictQuery;
use amparo::store::sheet_import::{SheetMapping, SheetOptions};
use amparo::Error;

use super::commands::open;
use super::output::Out;
use super::Global;

#[derive(Args)]
pub struct ConflictsArgs {
    /// The name to look for (any order; accents, particles and common spellings are handled)
    #[arg(long)]
    name: String,
    /// Date of birth, YYYY-MM-DD
    #[arg(long, value_name = "YYYY-MM-DD")]
    dob: Option<String>,
    /// The date of birth is approximate (matches within a year)
    #[arg(long)]
    dob_approximate: bool,
    /// A-number, in any format (digits are what count)
    #[arg(long, value_name = "DIGITS")]
    a_number: Option<String>,
}

pub fn conflicts(g: &Global, a: ConflictsArgs, out: &Out) -> Result<(), Error> {
    let query = ConflictQuery {
        name: a.name,
        dob: a.dob,
        dob_approximate: a.dob_approximate,
        a_number: a.a_number,
        exclude: None,
    };
    let matches = open(g)?.check_conflicts(&query)?;
    out.print(&json!({ "matches": matches }), || {
        if matches.is_empty() {
            return "No possible conflicts found.".to_string();
        }
        let mut s = String::new();
        for m in &matches {
            let reasons: Vec<String> = m
                .reasons
                .iter()
                .map(|r| serde_json::to_value(r).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default())
                .collect();
            s += &format!("{:.2}  {}  {}  ({})\n", m.score, m.person_id, m.name, reasons.join(", "));
            for r in &m.roles {
                s += &format!("        {} on case {} {}\n", r.role.as_str(), r.case_id, r.case_title);
            }
        }
        s.trim_end().to_string()
    });
    Ok(())
}

#[derive(Args)]
pub struct ImportSheetArgs {
    /// A .csv, .xlsx or .ods file: one row per person (and their case)
    file: PathBuf,
    /// Check every row and show what would happen; change nothing
    #[arg(long)]
    dry_run: bool,
    /// A JSON file mapping column headers to fields ({"Nombre": "name", "Notas": null});
    /// without it, the mapping last used for these headers, or one guessed from them
    #[arg(long, value_name = "FILE")]
    mapping: Option<PathBuf>,
}

/// Prints the summary; exit status 1 when rows had errors (nothing was imported then).
pub fn import_sheet(g: &Global, a: ImportSheetArgs, out: &Out) -> Result<i32, Error> {
    let mapping = a
        .mapping
        .map(|path| {
            let bytes = std::fs::read(&path).map_err(Error::io("read the mapping file"))?;
            serde_json::from_slice::<SheetMapping>(&bytes)
                .map_err(|_| Error::invalid("mapping", "must be a JSON object of column header to field or null"))
        })
        .transpose()?;
    let summary = open(g)?.import_sheet(&a.file, &SheetOptions { dry_run: a.dry_run, mapping })?;
    if summary.mapping_problem.is_some() {
        return Err(Error::invalid(
            "mapping",
            "cannot be used: no column holds the name, or two columns hold the same field; give a --mapping file",
        ));
    }
    out.print(&summary, || {
        let mut s = format!(
            "{} rows: {} new people, {} updated, {} new cases, {} updated; {} with errors, {} with possible conflicts.",
            summary.rows,
            summary.new_people,
            summary.updated_people,
            summary.new_cases,
            summary.updated_cases,
            summary.errors.len(),
            summary.conflicts.len()
        );
        for e in &summary.errors {
            s += &format!("\nrow {}: {}", e.row, e.message);
        }
        for c in &summary.conflicts {
            s += &format!("\nrow {}: may already be here ({} possible matches)", c.row, c.matches.len());
        }
        s += if summary.committed {
            "\nImported."
        } else if a.dry_run {
            "\nDry run: nothing was changed."
        } else {
            "\nNothing was imported: correct the rows with errors and import again."
        };
        s
    });
    Ok(if summary.errors.is_empty() { 0 } else { 1 })
}

#[derive(Args)]
pub struct ReportArgs {
    /// First day (YYYY-MM-DD); from the beginning when not given
    #[arg(long, value_name = "YYYY-MM-DD")]
    from: Option<String>,
    /// Last day (YYYY-MM-DD); today when not given
    #[arg(long, value_name = "YYYY-MM-DD")]
    to: Option<String>,
    /// Also write the report as CSV to this new file
    #[arg(long, value_name = "FILE")]
    csv: Option<PathBuf>,
}

pub fn report(g: &Global, a: ReportArgs, out: &Out) -> Result<(), Error> {
    let report = open(g)?.report(a.from.as_deref(), a.to.as_deref())?;
    if let Some(path) = &a.csv {
        report.write_csv(path)?;
    }
    out.print(&report, || serde_json::to_string_pretty(&report).unwrap_or_default());
    Ok(())
}
