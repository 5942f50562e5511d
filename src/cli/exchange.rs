//! The identity and contact commands.

use std::io::Read;
use std::path::PathBuf;

use clap::Subcommand;
use serde_json::json;

use amparo::exchange::card::MAX_CARD_BYTES;
use amparo::Error;

use super::commands::{id, open, print_id};
use super::output::Out;
use super::Global;

#[derive(Subcommand)]
pub enum IdentityCmd {
    /// This vault's public keys and fingerprint → {"age_recipient", "minisign_public_key", "fingerprint"}
    Show,
}

#[derive(Subcommand)]
pub enum ContactCmd {
    /// Write this vault's signed contact card to a new file, to give to a colleague
    Card {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// The name to show on the card (remembered; needed the first time)
        #[arg(long)]
        name: Option<String>,
    },
    /// Add a colleague from their contact card → {"id": "..."}
    Add {
        /// The card file
        file: PathBuf,
        /// You have compared the fingerprint words with them (aloud, in person or on a call)
        #[arg(long)]
        verified: bool,
    },
    /// Contacts, by name
    List,
    /// Record that you compared a contact's fingerprint words with them
    Verify { id: String },
}

/// `export` flags.
#[derive(clap::Args)]
pub struct ExportArgs {
    /// A case to export (repeatable)
    #[arg(long = "case", value_name = "ID", required = true)]
    cases: Vec<String>,
    /// A contact to encrypt to (repeatable)
    #[arg(long = "to", value_name = "CONTACT_ID", required_unless_present = "to_recipient")]
    to: Vec<String>,
    /// A raw age recipient to encrypt to, e.g. from `age-keygen` (repeatable)
    #[arg(long = "to-recipient", value_name = "AGE1…")]
    to_recipient: Vec<String>,
    /// The bundle file to write (must not exist)
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

pub fn export(g: &Global, a: ExportArgs, out: &Out) -> Result<(), Error> {
    let cases = a.cases.iter().map(|c| id("case id", c)).collect::<Result<Vec<_>, _>>()?;
    let contacts = a.to.iter().map(|c| id("contact id", c)).collect::<Result<Vec<_>, _>>()?;
    let s = open(g)?.export_bundle(&cases, &contacts, &a.to_recipient, &a.out, false)?;
    out.print(&s, || {
        format!(
            "Bundle {} written: {} cases, {} people, {} attachments. It is encrypted to the chosen recipients only.",
            s.sequence, s.cases, s.people, s.attachments
        )
    });
    Ok(())
}

pub fn identity(g: &Global, cmd: IdentityCmd, out: &Out) -> Result<(), Error> {
    let IdentityCmd::Show = cmd;
    let i = open(g)?.identity()?;
    out.print(
        &json!({
            "age_recipient": i.age_recipient,
            "minisign_public_key": i.minisign_public_key,
            "fingerprint": i.fingerprint,
        }),
        || {
            format!(
                "age recipient:       {}\nminisign public key: {}\nfingerprint:         {}",
                i.age_recipient, i.minisign_public_key, i.fingerprint
            )
        },
    );
    Ok(())
}

fn read_card(path: &PathBuf) -> Result<String, Error> {
    let mut text = String::new();
    std::fs::File::open(path)
        .map_err(Error::io("read the contact card"))?
        .take((MAX_CARD_BYTES * 4) as u64 + 1)
        .read_to_string(&mut text)
        .map_err(|_| Error::invalid("contact card", "is not a text file"))?;
    Ok(text)
}

pub fn contact(g: &Global, cmd: ContactCmd, out: &Out) -> Result<(), Error> {
    match cmd {
        ContactCmd::Card { out: path, name } => {
            open(g)?.save_contact_card(&path, name.as_deref())?;
            out.print(&json!({ "written": true }), || "Contact card written.".into());
        }
        ContactCmd::Add { file, verified } => {
            let text = read_card(&file)?;
            let new = open(g)?.add_contact(&text, verified)?;
            print_id(out, &new);
        }
        ContactCmd::List => {
            let cs = open(g)?.contacts()?;
            out.print(&json!({ "contacts": cs }), || {
                cs.iter()
                    .map(|c| format!("{}  {:<10} {}\n  {}", c.id, c.trust.as_str(), c.name, c.fingerprint))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        ContactCmd::Verify { id: cid } => {
            open(g)?.verify_contact(&id("contact id", &cid)?)?;
            out.print(&json!({ "ok": true }), String::new);
        }
    }
    Ok(())
}
