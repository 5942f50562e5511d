//! One function per command: parse its flags, call the core, print.

use std::io::Read;
use std::path::PathBuf;

use clap::Subcommand;
use secrecy::ExposeSecret;
use serde_json::json;

use amparo::domain::records::{CaseDetails, NewPerson};
use amparo::domain::{self, anumber, Jurisdiction, Role, Stage};
use amparo::store::CaseFilter;
use amparo::vault::kdf::KdfChoice;
use amparo::{Error, Vault};

use super::output::Out;
use super::secrets::{self, UnlockSecret};
use super::{vault_dir, Command, Global};

#[derive(Subcommand)]
pub enum PersonCmd {
    /// Add a person → {"id": "..."}
    Add {
        /// Legal name as on the charging document
        #[arg(long)]
        name: String,
        /// Another name or transliteration (repeatable)
        #[arg(long = "alias", value_name = "NAME")]
        aliases: Vec<String>,
        /// Date of birth, YYYY-MM-DD
        #[arg(long, value_name = "YYYY-MM-DD")]
        dob: Option<String>,
        /// The date of birth is approximate
        #[arg(long, requires = "dob")]
        dob_approx: bool,
        /// A-number (8 or 9 digits, any formatting)
        #[arg(long, value_name = "DIGITS")]
        a_number: Option<String>,
        /// Nationality, two-letter country code
        #[arg(long, value_name = "CC")]
        nationality: Option<String>,
        /// Language spoken, ISO 639 code (repeatable)
        #[arg(long = "language", value_name = "CODE")]
        languages: Vec<String>,
        /// Needs an interpreter
        #[arg(long)]
        interpreter: bool,
        /// Currently detained
        #[arg(long)]
        detained: bool,
        /// Detention facility
        #[arg(long, requires = "detained")]
        facility: Option<String>,
    },
    /// Show a person with aliases, addresses and cases
    Show { id: String },
    /// List people by name
    List {
        #[arg(long, default_value_t = 100)]
        limit: usize,
        #[arg(long, default_value_t = 0)]
        offset: usize,
    },
    /// Add another name or transliteration to a person
    Alias {
        /// Person id
        id: String,
        #[arg(long)]
        alias: String,
    },
    /// Record a move (address history)
    Address {
        /// Person id
        id: String,
        #[arg(long)]
        address: String,
        /// Date of the move, YYYY-MM-DD
        #[arg(long, value_name = "YYYY-MM-DD")]
        since: String,
    },
}

#[derive(Subcommand)]
pub enum CaseCmd {
    /// Open a case for a client → {"id": "..."}
    Add {
        /// The client's person id
        #[arg(long, value_name = "PERSON_ID")]
        client: String,
        /// us-eoir | us-uscis | mx-comar | co | unhcr
        #[arg(long)]
        jurisdiction: String,
        #[arg(long)]
        title: String,
        /// Proceeding type, e.g. "removal (240)", "affirmative"
        #[arg(long)]
        proceeding: Option<String>,
        /// Relief track (repeatable): asylum, withholding, cat, sijs, u-visa, ...
        #[arg(long = "relief", value_name = "TRACK")]
        relief: Vec<String>,
        /// intake | preparing | filed | hearing | decided | appeal | closed
        #[arg(long)]
        stage: Option<String>,
        /// Assigned lawyer
        #[arg(long)]
        lawyer: Option<String>,
        /// granted | denied | withdrawn | dismissed | other
        #[arg(long)]
        outcome: Option<String>,
    },
    /// Change a case's stage or outcome (closing it records the day) → {"ok": true}
    Set {
        id: String,
        /// intake | preparing | filed | hearing | decided | appeal | closed
        #[arg(long)]
        stage: Option<String>,
        /// granted | denied | withdrawn | dismissed | other
        #[arg(long)]
        outcome: Option<String>,
    },
    /// Show a case with parties, events, deadlines, notes, tasks and documents
    Show { id: String },
    /// List cases, newest first
    List {
        /// Words to match in case titles and the names of the people on the case
        #[arg(long)]
        text: Option<String>,
        #[arg(long)]
        jurisdiction: Option<String>,
        #[arg(long)]
        stage: Option<String>,
        #[arg(long)]
        lawyer: Option<String>,
        #[arg(long, default_value_t = 100)]
        limit: usize,
        #[arg(long, default_value_t = 0)]
        offset: usize,
    },
    /// Put a person on a case: client | derivative | witness | adverse | other
    Party {
        #[arg(long = "case", value_name = "ID")]
        case_id: String,
        #[arg(long, value_name = "PERSON_ID")]
        person: String,
        #[arg(long)]
        role: String,
    },
    /// Events on a case (arrival, hearings, decisions, ...); they drive the deadlines
    #[command(subcommand)]
    Event(super::deadlines::EventCmd),
}

#[derive(Subcommand)]
pub enum NoteCmd {
    /// Add a note → {"id": "..."}
    Add {
        #[arg(long = "case", value_name = "ID")]
        case_id: String,
        /// The note (or use --stdin to keep it out of the process list)
        #[arg(long, required_unless_present = "stdin", conflicts_with = "stdin")]
        text: Option<String>,
        /// Read the note from standard input
        #[arg(long)]
        stdin: bool,
    },
}

#[derive(Subcommand)]
pub enum TaskCmd {
    /// Add a task → {"id": "..."}
    Add {
        #[arg(long = "case", value_name = "ID")]
        case_id: String,
        #[arg(long)]
        title: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        due: Option<String>,
    },
    /// Mark a task done
    Done { id: String },
}

#[derive(Subcommand)]
pub enum DocCmd {
    /// Encrypt a file into a case → {"id": "...", "sha256": "..."}
    Add {
        #[arg(long = "case", value_name = "ID")]
        case_id: String,
        path: PathBuf,
    },
    /// Decrypt a document to a new file (the copy leaves the vault's protection)
    Get {
        id: String,
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
    },
    /// List a case's documents
    List {
        #[arg(long = "case", value_name = "ID")]
        case_id: String,
    },
}

#[derive(Subcommand)]
pub enum AuditCmd {
    /// Recompute the hash chain → {"ok": true|false, "entries": N}
    Verify,
}

pub(super) fn open(g: &Global) -> Result<Vault, Error> {
    let dir = vault_dir(g)?;
    let secret = UnlockSecret::from_global(g)?;
    Vault::open(&dir, secret.as_unlock())
}

pub(super) fn id(field: &'static str, s: &str) -> Result<String, Error> {
    domain::parse_id(field, s)
}

/// Run one command; returns the exit status (non-zero only for a failed check, e.g. a broken audit chain).
pub fn dispatch(g: &Global, command: Command, out: &Out) -> Result<i32, Error> {
    match command {
        Command::Init => init(g, out).map(|()| 0),
        Command::Status => {
            let s = open(g)?.status()?;
            out.print(&s, || {
                format!(
                    "people: {}\ncases: {}\nnotes: {}\nopen tasks: {}\ndocuments: {}\naudit entries: {}\n\
                     key derivation: argon2id m={} KiB t={} p={}\nformat v{}, schema v{}",
                    s.people,
                    s.cases,
                    s.notes,
                    s.tasks_open,
                    s.documents,
                    s.audit_entries,
                    s.kdf.memory_kib,
                    s.kdf.iterations,
                    s.kdf.parallelism,
                    s.format_version,
                    s.schema_version
                )
            });
            Ok(0)
        }
        Command::Passwd { new_passphrase_file } => {
            let mut vault = open(g)?;
            let new = match new_passphrase_file {
                Some(p) => secrets::from_file(&p, "new passphrase")?,
                None => secrets::prompt_new("New passphrase: ")?,
            };
            vault.change_passphrase(&new)?;
            out.print(&json!({ "ok": true }), || "Passphrase changed.".into());
            Ok(0)
        }
        Command::Person(cmd) => person(g, cmd, out).map(|()| 0),
        Command::Case(cmd) => case(g, cmd, out).map(|()| 0),
        Command::Note(NoteCmd::Add { case_id, text, stdin }) => {
            let case_id = id("case id", &case_id)?;
            let text = match (text, stdin) {
                (Some(t), _) => t,
                (None, _) => {
                    let mut s = String::new();
                    std::io::stdin()
                        .take(4 * 1024 * 1024)
                        .read_to_string(&mut s)
                        .map_err(Error::io("read the note from standard input"))?;
                    s
                }
            };
            let new = open(g)?.add_note(&case_id, &text)?;
            print_id(out, &new);
            Ok(0)
        }
        Command::Task(TaskCmd::Add { case_id, title, due }) => {
            let new = open(g)?.add_task(&id("case id", &case_id)?, &title, due.as_deref())?;
            print_id(out, &new);
            Ok(0)
        }
        Command::Task(TaskCmd::Done { id: task }) => {
            let task = id("task id", &task)?;
            open(g)?.complete_task(&task)?;
            out.print(&json!({ "id": task, "done": true }), || "Task done.".into());
            Ok(0)
        }
        Command::Doc(cmd) => doc(g, cmd, out).map(|()| 0),
        Command::Deadline(cmd) => super::deadlines::deadline(g, cmd, out).map(|()| 0),
        Command::Closure(cmd) => super::deadlines::closure(g, cmd, out).map(|()| 0),
        Command::Settings(cmd) => super::settings::settings(g, cmd, out).map(|()| 0),
        Command::Duress(cmd) => super::settings::duress(g, cmd, out).map(|()| 0),
        Command::Conflicts(a) => super::intake::conflicts(g, a, out).map(|()| 0),
        Command::ImportSheet(a) => super::intake::import_sheet(g, a, out),
        Command::Report(a) => super::intake::report(g, a, out).map(|()| 0),
        Command::Calendar(cmd) => super::deadlines::calendar(g, cmd, out).map(|()| 0),
        Command::Identity(cmd) => super::exchange::identity(g, cmd, out).map(|()| 0),
        Command::Contact(cmd) => super::exchange::contact(g, cmd, out).map(|()| 0),
        Command::Export(args) => super::exchange::export(g, args, out).map(|()| 0),
        Command::Import(args) => super::exchange::import(g, args, out).map(|()| 0),
        Command::MergeConflict(cmd) => super::exchange::merge_conflict(g, cmd, out).map(|()| 0),
        Command::Backup(args) => super::exchange::backup(g, args, out).map(|()| 0),
        Command::Restore { file } => super::exchange::restore(g, &file, out).map(|()| 0),
        Command::Travel(cmd) => super::exchange::travel(g, cmd, out).map(|()| 0),
        Command::Wipe { yes } => {
            if !yes {
                return Err(Error::invalid("wipe", "destroys the vault for good; add --yes to confirm"));
            }
            let r = amparo::vault::wipe::wipe(&vault_dir(g)?)?;
            out.print(&r, || format!("Vault destroyed: keys gone after {} ms, files removed.", r.keys_destroyed_ms));
            Ok(0)
        }
        Command::Search { query } => {
            let hits = open(g)?.search(&query, amparo::store::search::MAX_HITS)?;
            out.print(&json!({ "results": hits }), || {
                hits.iter()
                    .map(|h| format!("{:<8} {}  {}", h.kind.as_str(), h.id, h.label))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
            Ok(0)
        }
        Command::Audit(AuditCmd::Verify) => {
            let r = open(g)?.verify_audit()?;
            out.print(&r, || match r.first_bad {
                None => format!("audit log intact: {} entries", r.entries),
                Some(seq) => format!("AUDIT LOG BROKEN at entry {seq} of {}", r.entries),
            });
            if !r.ok {
                // The report above is the one JSON document; the reason goes to stderr.
                eprintln!("error: the audit log has been altered (entry {})", r.first_bad.unwrap_or(0));
            }
            Ok(if r.ok { 0 } else { 1 })
        }
    }
}

pub(super) fn print_id(out: &Out, id: &str) {
    out.print(&json!({ "id": id }), || id.to_string());
}

fn init(g: &Global, out: &Out) -> Result<(), Error> {
    let dir = vault_dir(g)?;
    let passphrase = match &g.passphrase_file {
        Some(p) => secrets::from_file(p, "passphrase")?,
        None => secrets::prompt_new("New vault passphrase: ")?,
    };
    let created = Vault::create(&dir, &passphrase, KdfChoice::from_env())?;
    let code = created.recovery_code.expose_secret();
    out.print(&json!({ "recovery_code": code }), || {
        format!(
            "Vault created.\n\nRecovery code (shown only now; write it on paper and keep it somewhere safe):\n\n    {code}\n\n\
             Anyone with this code can open the vault. Without it, a forgotten passphrase means the data is gone."
        )
    });
    Ok(())
}

fn person(g: &Global, cmd: PersonCmd, out: &Out) -> Result<(), Error> {
    match cmd {
        PersonCmd::Add {
            name,
            aliases,
            dob,
            dob_approx,
            a_number,
            nationality,
            languages,
            interpreter,
            detained,
            facility,
        } => {
            let new = NewPerson {
                name,
                aliases,
                dob,
                dob_approx,
                a_number,
                nationality,
                languages,
                interpreter_needed: interpreter,
                detained,
                facility,
                ..Default::default()
            };
            // Validate what needs no vault before asking for the passphrase.
            if let Some(a) = &new.a_number {
                anumber::normalise(a)?;
            }
            let id = open(g)?.add_person(new)?;
            print_id(out, &id);
        }
        PersonCmd::Show { id: pid } => {
            let p = open(g)?.person(&id("person id", &pid)?)?;
            out.print(&p, || {
                let mut s = format!("{}\n  id: {}", p.name, p.id);
                if !p.aliases.is_empty() {
                    s += &format!("\n  also known as: {}", p.aliases.join("; "));
                }
                if let Some(d) = &p.dob {
                    s += &format!("\n  born: {d}{}", if p.dob_approx { " (approximate)" } else { "" });
                }
                if let Some(a) = &p.a_number {
                    s += &format!("\n  A-number: {}", anumber::display(a));
                }
                if let Some(n) = &p.nationality {
                    s += &format!("\n  nationality: {n}");
                }
                if !p.languages.is_empty() {
                    s += &format!(
                        "\n  languages: {}{}",
                        p.languages.join(", "),
                        if p.interpreter_needed { " (needs interpreter)" } else { "" }
                    );
                }
                if p.detained {
                    s +=
                        &format!("\n  DETAINED{}", p.facility.as_deref().map(|f| format!(": {f}")).unwrap_or_default());
                }
                for a in &p.addresses {
                    s += &format!("\n  address since {}: {}", a.since, a.address);
                }
                for c in &p.cases {
                    s += &format!("\n  {} on case {} ({})", c.role.as_str(), c.case_title, c.case_id);
                }
                s
            });
        }
        PersonCmd::List { limit, offset } => {
            let people = open(g)?.list_people(limit, offset)?;
            out.print(&json!({ "people": people }), || {
                people.iter().map(|p| format!("{}  {}", p.id, p.name)).collect::<Vec<_>>().join("\n")
            });
        }
        PersonCmd::Alias { id: pid, alias } => {
            open(g)?.add_alias(&id("person id", &pid)?, &alias)?;
            out.print(&json!({ "ok": true }), String::new);
        }
        PersonCmd::Address { id: pid, address, since } => {
            let new = open(g)?.add_address(&id("person id", &pid)?, &address, &since)?;
            print_id(out, &new);
        }
    }
    Ok(())
}

fn case(g: &Global, cmd: CaseCmd, out: &Out) -> Result<(), Error> {
    match cmd {
        CaseCmd::Add { client, jurisdiction, title, proceeding, relief, stage, lawyer, outcome } => {
            Jurisdiction::parse(&jurisdiction)?;
            let details = CaseDetails { jurisdiction, title, proceeding, relief, stage, lawyer, outcome };
            let id = open(g)?.add_case(&client, details)?;
            print_id(out, &id);
        }
        CaseCmd::Set { id: cid, stage, outcome } => {
            let cid = id("case id", &cid)?;
            let mut v = open(g)?;
            let c = v.case(&cid)?;
            let details = CaseDetails {
                jurisdiction: c.jurisdiction.as_str().to_string(),
                title: c.title,
                proceeding: c.proceeding,
                relief: c.relief.iter().map(|r| r.as_str().to_string()).collect(),
                stage: Some(stage.unwrap_or_else(|| c.stage.as_str().to_string())),
                lawyer: c.lawyer,
                outcome: outcome.or_else(|| c.outcome.map(|o| o.as_str().to_string())),
            };
            v.update_case(&cid, details)?;
            out.print(&json!({ "ok": true }), String::new);
        }
        CaseCmd::Show { id: cid } => {
            let c = open(g)?.case(&id("case id", &cid)?)?;
            out.print(&c, || {
                let mut s =
                    format!("{}\n  id: {}\n  {} · stage {}", c.title, c.id, c.jurisdiction.as_str(), c.stage.as_str());
                for p in &c.parties {
                    s += &format!("\n  {}: {} ({})", p.role.as_str(), p.name, p.person_id);
                }
                for e in &c.events {
                    s += &format!("\n  {} {}", e.date, e.kind.as_str());
                }
                for d in &c.deadlines {
                    s += &format!("\n  {} due {} (file by {}): {}", d.status.as_str(), d.due, d.file_by, d.title);
                }
                for w in &c.deadline_warnings {
                    s += &format!("\n  warning: {}", w.message);
                }
                for t in &c.tasks {
                    s += &format!(
                        "\n  [{}] {}{}",
                        if t.done.is_some() { "x" } else { " " },
                        t.title,
                        t.due.as_deref().map(|d| format!(" (due {d})")).unwrap_or_default()
                    );
                }
                for n in &c.notes {
                    s += &format!("\n  note {}: {}", n.created, n.text);
                }
                for d in &c.documents {
                    s += &format!("\n  document {} ({} bytes) {}", d.name, d.size, d.id);
                }
                s
            });
        }
        CaseCmd::List { text, jurisdiction, stage, lawyer, limit, offset } => {
            let filter = CaseFilter {
                text,
                jurisdiction: jurisdiction.as_deref().map(Jurisdiction::parse).transpose()?,
                stage: stage.as_deref().map(Stage::parse).transpose()?,
                lawyer,
                limit,
                offset,
            };
            let page = open(g)?.list_cases(&filter)?;
            let cases = &page.rows;
            out.print(&json!({ "cases": cases, "total": page.total }), || {
                cases
                    .iter()
                    .map(|c| format!("{}  {:<9} {:<9} {}", c.id, c.jurisdiction.as_str(), c.stage.as_str(), c.title))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        CaseCmd::Party { case_id, person, role } => {
            let role = Role::parse(&role)?;
            open(g)?.add_party(&id("case id", &case_id)?, &id("person id", &person)?, role)?;
            out.print(&json!({ "ok": true }), String::new);
        }
        CaseCmd::Event(cmd) => super::deadlines::event(g, cmd, out)?,
    }
    Ok(())
}

fn doc(g: &Global, cmd: DocCmd, out: &Out) -> Result<(), Error> {
    match cmd {
        DocCmd::Add { case_id, path } => {
            let d = open(g)?.add_document(&id("case id", &case_id)?, &path)?;
            out.print(&json!({ "id": d.id, "sha256": d.sha256, "metadata": d.metadata }), || {
                format!("{}\nsha256 {}\nmetadata: {}", d.id, d.sha256, d.metadata)
            });
        }
        DocCmd::Get { id: did, out: path } => {
            let did = id("document id", &did)?;
            open(g)?.export_document(&did, &path, false)?;
            out.print(&json!({ "id": did, "written": true }), || {
                "Written. This copy is outside the vault and no longer encrypted.".into()
            });
        }
        DocCmd::List { case_id } => {
            let docs = open(g)?.list_documents(&id("case id", &case_id)?)?;
            out.print(&json!({ "documents": docs }), || {
                docs.iter().map(|d| format!("{}  {}  {} bytes", d.id, d.name, d.size)).collect::<Vec<_>>().join("\n")
            });
        }
    }
    Ok(())
}
