//! The identity and contact commands.

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use serde_json::json;

use amparo::exchange::card::MAX_CARD_BYTES;
use amparo::Error;

use amparo::store::import::Keep;
use amparo::Vault;

use super::commands::{id, open, print_id};
use super::output::Out;
use super::secrets::UnlockSecret;
use super::{vault_dir, Global};

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

/// `import` flags.
#[derive(clap::Args)]
pub struct ImportArgs {
    /// The bundle file
    file: PathBuf,
    /// Verify the bundle and show what would change, the conflicts included; write nothing
    #[arg(long)]
    dry_run: bool,
}

pub fn import(g: &Global, a: ImportArgs, out: &Out) -> Result<(), Error> {
    let mut vault = open(g)?;
    if a.dry_run {
        let p = vault.preview_import(&a.file)?;
        out.print(&p, || {
            let words = "Compare the fingerprint words with the sender (aloud, in person or on a call)";
            let who = match &p.contact {
                Some(c) if c.trust.as_str() == "verified" => format!("{} (verified)", c.name),
                Some(c) => format!(
                    "{} (NOT VERIFIED)\n  fingerprint: {}\n  {words}, then `contact verify`.",
                    c.name, c.fingerprint
                ),
                None => format!(
                    "{} (NOT A CONTACT)\n  fingerprint: {}\n  {words}, then `contact add CARD --verified`.",
                    p.sender.name.as_deref().unwrap_or("?"),
                    p.sender.fingerprint
                ),
            };
            let t = &p.totals;
            let mut text = format!(
                "Bundle {} from {who}\n{} cases, {} people, {} attachments.\n\
                 Would add {}, update {}, keep {} of yours, leave {} unchanged; {} conflicts.",
                p.sequence,
                p.cases.len(),
                p.people,
                p.attachments,
                t.added,
                t.updated,
                t.kept_local,
                t.unchanged,
                t.conflicts
            );
            if p.replayed {
                text.push_str("\nALREADY IMPORTED: this bundle or a newer one from this sender was imported before.");
            }
            text
        });
        return Ok(());
    }
    let s = vault.import_bundle(&a.file, None)?;
    out.print(&s, || {
        let t = &s.totals;
        format!(
            "Bundle {} imported: {} cases, {} people, {} attachments.\nAdded {}, updated {}, kept {} of yours, {} \
             unchanged; {} conflicts (see `amparo merge-conflict list`).",
            s.sequence, s.cases, s.people, s.attachments, t.added, t.updated, t.kept_local, t.unchanged, t.conflicts
        )
    });
    Ok(())
}

#[derive(Subcommand)]
pub enum MergeConflictCmd {
    /// Conflicts waiting for you → {"conflicts": [{id, kind, label, case_id, fields: [{field, mine, theirs}]}]}
    List,
    /// Settle a conflict: keep your version, or take theirs
    Resolve {
        id: String,
        #[arg(long, value_parser = ["mine", "theirs"])]
        keep: String,
    },
}

pub fn merge_conflict(g: &Global, cmd: MergeConflictCmd, out: &Out) -> Result<(), Error> {
    match cmd {
        MergeConflictCmd::List => {
            let cs = open(g)?.conflicts()?;
            out.print(&json!({ "conflicts": cs }), || {
                cs.iter()
                    .map(|c| {
                        let fields = c
                            .fields
                            .iter()
                            .map(|f| format!("    {}: yours \"{}\" / theirs \"{}\"", f.field, f.mine, f.theirs))
                            .collect::<Vec<_>>()
                            .join("\n");
                        format!("{}  {} {}\n{fields}", c.id, c.kind.as_str(), c.label)
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        MergeConflictCmd::Resolve { id: cid, keep } => {
            let keep = if keep == "theirs" { Keep::Theirs } else { Keep::Mine };
            open(g)?.resolve_conflict(&id("conflict id", &cid)?, keep)?;
            out.print(&json!({ "ok": true }), String::new);
        }
    }
    Ok(())
}

/// `backup` flags.
#[derive(clap::Args)]
pub struct BackupArgs {
    /// The backup file to write (must not exist)
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

fn print_backup(out: &Out, s: &impl serde::Serialize, b: &amparo::vault::backup::BackupSummary, what: &str) {
    out.print(s, || {
        format!(
            "{what}: {} cases, {} people, {} attachments, {} bytes; read back and verified. It opens with this \
             vault's passphrase or its recovery code.",
            b.cases, b.people, b.attachments, b.bytes
        )
    });
}

pub fn backup(g: &Global, a: BackupArgs, out: &Out) -> Result<(), Error> {
    let b = open(g)?.backup(&a.out, None, false)?;
    print_backup(out, &b, &b, "Backup written");
    Ok(())
}

pub fn restore(g: &Global, file: &Path, out: &Out) -> Result<(), Error> {
    let dir = vault_dir(g)?;
    if dir.exists() && std::fs::read_dir(&dir).map_err(Error::io("open the vault folder"))?.next().is_some() {
        // Before asking for a secret: restoring never replaces anything.
        return Err(Error::VaultExists);
    }
    let secret = UnlockSecret::from_global(g)?;
    let v = Vault::restore(file, &dir, secret.as_unlock())?;
    let s = v.status()?;
    out.print(&json!({ "restored": true, "status": s }), || {
        format!("Vault restored and checked: {} cases, {} people, {} documents.", s.cases, s.people, s.documents)
    });
    Ok(())
}

#[derive(Subcommand)]
pub enum TravelCmd {
    /// Back up everything to FILE, read it back to check it, then remove the vault from this
    /// device → {"backup": {...}, "removed": true}
    Start {
        /// Also let this contact hold (decrypt the outer layer of) the travel file; the vault
        /// inside still needs your passphrase or recovery code
        #[arg(long = "to", value_name = "CONTACT_ID")]
        to: Option<String>,
        /// The travel file to write (keep it off this device)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Restore the vault from the travel file after the trip (same as `restore`)
    End {
        /// The travel file
        file: PathBuf,
    },
}

pub fn travel(g: &Global, cmd: TravelCmd, out: &Out) -> Result<(), Error> {
    match cmd {
        TravelCmd::Start { to, out: path } => {
            let to = to.map(|c| id("contact id", &c)).transpose()?;
            let t = open(g)?.travel_start(&path, to.as_deref())?;
            print_backup(out, &t, &t.backup, "Travel file written and the vault removed from this device");
            Ok(())
        }
        TravelCmd::End { file } => restore(g, &file, out),
    }
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
