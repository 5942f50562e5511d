//! The error the UI receives: a stable code it translates, and the core's English message as a
//! secondary detail. Neither ever carries client data or a secret (the core guarantees that for
//! its messages; the shell adds only fixed texts).

use serde::Serialize;

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct IpcError {
    pub code: String,
    pub message: String,
}

impl IpcError {
    /// No vault is unlocked (locked on idle, or never opened).
    pub fn locked() -> IpcError {
        IpcError { code: "locked".into(), message: "the vault is locked".into() }
    }

    /// A shell-side failure (a poisoned lock, a window that cannot open a dialog).
    pub fn internal(what: &'static str) -> IpcError {
        IpcError { code: "internal".into(), message: what.into() }
    }
}

impl From<amparo::Error> for IpcError {
    fn from(e: amparo::Error) -> Self {
        IpcError { code: e.code().into(), message: e.to_string() }
    }
}

pub type IpcResult<T> = Result<T, IpcError>;
