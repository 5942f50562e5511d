//! The vault's settings (deadline lead times, the failed-unlock policy) and the duress
//! passphrase. The policy settings live in the key-slot file, the others in the database; the
//! core keeps that apart, this prints them as one list.

use std::path::PathBuf;

use clap::Subcommand;
use serde::Serialize;
use serde_json::json;

use amparo::store::deadlines::DeadlineSettings;
use amparo::vault::duress::DuressAction;
use amparo::vault::guard::FailedUnlockPolicy;
use amparo::{Error, Vault};

use super::commands::open;
use super::output::Out;
use super::{secrets, Global};

#[derive(Subcommand)]
pub enum SettingsCmd {
    /// Show the vault's settings
    Show,
    /// Change a setting: file-by-days N | reminder-days N,N,... | failed-unlock-wipe N|off |
    /// failed-unlock-show-tries on|off
    Set { name: String, value: String },
}

#[derive(Subcommand)]
pub enum DuressCmd {
    /// Set (or replace) the duress passphrase: unlocking with it looks like a normal unlock and
    /// either wipes the vault and shows an empty one, or only shows an empty one. Read
    /// docs/panic.md first: using it against an investigation can be a crime.
    Set {
        /// Read the duress passphrase from this file (first line); asked for when not given
        #[arg(long, value_name = "FILE")]
        duress_passphrase_file: Option<PathBuf>,
        /// wipe | decoy
        #[arg(long)]
        action: String,
    },
    /// Remove the duress passphrase
    Clear,
}

/// All of a vault's settings, as `settings show` prints them.
#[derive(Serialize)]
struct AllSettings {
    #[serde(flatten)]
    deadlines: DeadlineSettings,
    /// Wrong passphrases in a row before the vault is wiped; null = never.
    failed_unlock_wipe: Option<u16>,
    failed_unlock_show_tries: bool,
    /// The duress passphrase's action, null when none is set.
    duress: Option<DuressAction>,
}

pub fn settings(g: &Global, cmd: SettingsCmd, out: &Out) -> Result<(), Error> {
    let mut v = open(g)?;
    if let SettingsCmd::Set { name, value } = cmd {
        set(&mut v, &name, &value)?;
    }
    let policy = v.failed_unlock_policy();
    let s = AllSettings {
        deadlines: v.deadline_settings()?,
        failed_unlock_wipe: policy.wipe_after,
        failed_unlock_show_tries: policy.show_tries_left,
        duress: v.duress_action()?,
    };
    out.print(&s, || {
        let days = s.deadlines.reminder_days.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
        let or_off = |v: Option<String>| v.unwrap_or_else(|| "off".into());
        format!(
            "file-by-days: {}\nreminder-days: {days}\nfailed-unlock-wipe: {}\nfailed-unlock-show-tries: {}\nduress: {}",
            s.deadlines.file_by_days,
            or_off(s.failed_unlock_wipe.map(|n| n.to_string())),
            if s.failed_unlock_show_tries { "on" } else { "off" },
            or_off(s.duress.map(|a| format!("{a:?}").to_lowercase())),
        )
    });
    Ok(())
}

fn set(v: &mut Vault, name: &str, value: &str) -> Result<(), Error> {
    let number =
        |t: &str| t.trim().parse::<u32>().map_err(|_| Error::invalid("setting value", "must be a whole number"));
    let on_off = |t: &str| match t.trim() {
        "on" => Ok(true),
        "off" => Ok(false),
        _ => Err(Error::invalid("setting value", "must be on or off")),
    };
    let mut deadlines = v.deadline_settings()?;
    let policy = v.failed_unlock_policy();
    match name {
        "file-by-days" => deadlines.file_by_days = number(value)?,
        "reminder-days" => {
            deadlines.reminder_days =
                value.split(',').filter(|t| !t.trim().is_empty()).map(number).collect::<Result<_, _>>()?
        }
        "failed-unlock-wipe" => {
            let wipe_after = match value.trim() {
                "off" => None,
                n => Some(
                    u16::try_from(number(n)?)
                        .map_err(|_| Error::invalid("failed-unlock limit", "must be between 1 and 100, or off"))?,
                ),
            };
            return v.set_failed_unlock_policy(FailedUnlockPolicy { wipe_after, ..policy });
        }
        "failed-unlock-show-tries" => {
            if policy.wipe_after.is_none() {
                return Err(Error::invalid("setting", "turn failed-unlock-wipe on first"));
            }
            return v.set_failed_unlock_policy(FailedUnlockPolicy { show_tries_left: on_off(value)?, ..policy });
        }
        _ => {
            return Err(Error::invalid(
                "setting",
                "must be one of: file-by-days reminder-days failed-unlock-wipe failed-unlock-show-tries",
            ))
        }
    }
    v.set_deadline_settings(deadlines)
}

pub fn duress(g: &Global, cmd: DuressCmd, out: &Out) -> Result<(), Error> {
    match cmd {
        DuressCmd::Set { duress_passphrase_file, action } => {
            let action = DuressAction::parse(&action)?;
            let secret = match duress_passphrase_file {
                Some(path) => secrets::from_file(&path, "duress passphrase")?,
                None => secrets::prompt_new("Duress passphrase: ")?,
            };
            open(g)?.set_duress(&secret, action)?;
            out.print(&json!({ "duress": action }), || {
                format!("Duress passphrase set ({}).", format!("{action:?}").to_lowercase())
            });
        }
        DuressCmd::Clear => {
            let cleared = open(g)?.clear_duress()?;
            out.print(&json!({ "cleared": cleared }), || {
                if cleared { "Duress passphrase removed." } else { "No duress passphrase was set." }.to_string()
            });
        }
    }
    Ok(())
}
