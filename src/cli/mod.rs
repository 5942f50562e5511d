//! Argument parsing and dispatch. Every command opens the vault through the core, calls one core
//! operation and prints its result: human-readable by default, exactly one JSON document on
//! stdout with `--json`. Errors are one line on stderr (and a JSON error document with
//! `--json`), exit status 1; usage errors exit 2. Nothing here knows SQL or keys.

mod commands;
mod deadlines;
mod exchange;
mod intake;
mod output;
mod secrets;
mod settings;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use amparo::Error;
use output::Out;

#[derive(Parser)]
#[command(
    name = "amparo",
    version,
    about = "Encrypted case manager for legal-aid immigration lawyers",
    long_about = "Encrypted case manager for legal-aid immigration lawyers.\n\n\
        Passphrases are read from a file (--passphrase-file / AMPARO_PASSPHRASE_FILE) or asked for \
        on the terminal; never give one on the command line.",
    after_help = "Exit status: 0 success, 1 error (one line on stderr), 2 usage error."
)]
pub struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
pub struct Global {
    /// Vault folder [default: the platform data dir, e.g. ~/.local/share/amparo/vault]
    #[arg(long, global = true, env = "AMPARO_VAULT", value_name = "DIR")]
    vault: Option<PathBuf>,
    /// Read the passphrase from this file (first line)
    #[arg(long, global = true, env = "AMPARO_PASSPHRASE_FILE", value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
    /// Unlock with the recovery code in this file instead of the passphrase (takes precedence)
    #[arg(long, global = true, value_name = "FILE")]
    recovery_code_file: Option<PathBuf>,
    /// Print exactly one JSON document on stdout
    #[arg(long, global = true)]
    json: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new vault and print its recovery code (shown once: write it down)
    Init,
    /// Show counts and the vault's key-derivation parameters
    Status,
    /// Change the passphrase (unlock with the old one or the recovery code)
    Passwd {
        /// Read the new passphrase from this file
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
    /// People: clients, family members, witnesses, adverse parties
    #[command(subcommand)]
    Person(commands::PersonCmd),
    /// Cases
    #[command(subcommand)]
    Case(commands::CaseCmd),
    /// Notes on a case
    #[command(subcommand)]
    Note(commands::NoteCmd),
    /// Tasks on a case
    #[command(subcommand)]
    Task(commands::TaskCmd),
    /// Documents (attachments), stored encrypted
    #[command(subcommand)]
    Doc(commands::DocCmd),
    /// Deadlines: computed from case events, or added by hand
    #[command(subcommand)]
    Deadline(deadlines::DeadlineCmd),
    /// Court and office closures, and suspensions of deadlines
    #[command(subcommand)]
    Closure(deadlines::ClosureCmd),
    /// The vault's settings (deadline lead times, wipe after failed unlocks)
    #[command(subcommand)]
    Settings(settings::SettingsCmd),
    /// The duress passphrase: unlocking with it wipes the vault or shows an empty one
    #[command(subcommand)]
    Duress(settings::DuressCmd),
    /// Calendar export (.ics)
    #[command(subcommand)]
    Calendar(deadlines::CalendarCmd),
    /// This vault's identity (the keys co-counsel encrypt to and check signatures with)
    #[command(subcommand)]
    Identity(exchange::IdentityCmd),
    /// Colleagues' contact cards
    #[command(subcommand)]
    Contact(exchange::ContactCmd),
    /// Export cases to a signed bundle encrypted to co-counsel → {"cases", "people", "attachments", "sequence"}
    Export(exchange::ExportArgs),
    /// Import a co-counsel's bundle: verify everything, then merge → JSON summary. Conflicts are
    /// kept aside (see `merge-conflict list`); a replayed bundle is refused.
    Import(exchange::ImportArgs),
    /// Edits made on both sides by an import, waiting for you to decide
    #[command(subcommand)]
    MergeConflict(exchange::MergeConflictCmd),
    /// Write an encrypted backup of the whole vault, then read it back to check it
    Backup(exchange::BackupArgs),
    /// Restore a backup or travel file into the --vault folder, which must not exist yet
    /// (unlock with the vault's passphrase or --recovery-code-file)
    Restore {
        /// The backup file
        file: PathBuf,
    },
    /// Travel mode: move the vault off this device before a trip, and bring it back after
    #[command(subcommand)]
    Travel(exchange::TravelCmd),
    /// Destroy the vault at once, without its passphrase: the keys first (unreadable from then
    /// on), then every file → {"keys_destroyed_ms": N, "removed": true}. Needs --yes.
    Wipe {
        /// Yes, destroy the vault (there is no undo; a backup elsewhere is the only way back)
        #[arg(long)]
        yes: bool,
    },
    /// Conflict-of-interest check: people in the vault who may be this person, with their roles
    /// → {"matches": [{"person_id", "name", "score", "reasons", "roles"}]}
    Conflicts(intake::ConflictsArgs),
    /// Import people and cases from a spreadsheet (CSV, XLSX, ODS): all rows or none; rows with
    /// an external id seen before update instead of duplicating → JSON summary with per-row
    /// errors and possible conflicts (exit status 1 when a row has an error)
    ImportSheet(intake::ImportSheetArgs),
    /// Statistics without personal data (counts of 1-4 shown as "<5") → JSON; --csv also writes
    /// them as CSV
    Report(intake::ReportArgs),
    /// Search people, aliases, cases, notes, tasks and document names (accents and case ignored)
    Search {
        /// Words to look for (prefixes match)
        query: String,
    },
    /// The hash-chained audit log
    #[command(subcommand)]
    Audit(commands::AuditCmd),
}

/// Parse, run, print; returns the exit status.
pub fn run() -> i32 {
    amparo::hardening::install_quiet_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let out = Out::new(cli.global.json);
    match commands::dispatch(&cli.global, cli.command, &out) {
        Ok(status) => status,
        Err(e) => {
            out.error(&e);
            1
        }
    }
}

/// Where the vault is, or a clear error when there is no default.
pub(crate) fn vault_dir(g: &Global) -> Result<PathBuf, Error> {
    g.vault
        .clone()
        .or_else(amparo::vault::default_dir)
        .ok_or(Error::invalid("vault folder", "no default folder on this system; use --vault"))
}
