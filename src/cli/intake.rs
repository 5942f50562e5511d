//! Intake commands: the conflict-of-interest check.

use clap::Args;
use serde_json::json;

use amparo::store::conflicts::ConflictQuery;
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
