//! The error the UI receives: a stable code it translates, and the core's English message as a
//! secondary detail. Neither ever carries client data or a secret (the core guarantees that for
//! its messages; the shell adds only fixed texts).

use serde::Serialize;

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct IpcError {
    pub code: String,
    pub message: String,
    /// For `wrong-secret-tries-left`: how many wrong passphrases are left before the wipe.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub tries_left: Option<u16>,
}

impl IpcError {
    /// No vault is unlocked (locked on idle, or never opened).
    pub fn locked() -> IpcError {
        IpcError { code: "locked".into(), message: "the vault is locked".into(), tries_left: None }
    }

    /// A shell-side failure (a poisoned lock, a window that cannot open a dialog).
    pub fn internal(what: &'static str) -> IpcError {
        IpcError { code: "internal".into(), message: what.into(), tries_left: None }
    }
}

impl From<amparo::Error> for IpcError {
    fn from(e: amparo::Error) -> Self {
        let tries_left = match e {
            amparo::Error::WrongSecretTriesLeft(n) => Some(n),
            _ => None,
        };
        IpcError { code: e.code().into(), message: e.to_string(), tries_left }
    }
}

pub type IpcResult<T> = Result<T, IpcError>;
