//! Amparo's core: the encrypted vault, the case store and everything a lawyer's data goes through.
//!
//! The core knows no screen. The `amparo` CLI (in `src/cli/`) and the desktop shell
//! (`src-tauri/`) are two thin faces over the API here; a use case is written once, in this crate.
//!
//! - [`vault`] — the only module tree that touches keys: key slots, KDF, SQLCipher keying,
//!   per-case attachment keys.
//! - [`store`] — the case store over the opened vault: people, cases, notes, tasks, documents,
//!   search and the hash-chained audit log.
//! - [`domain`] — validated vocabulary and the records handed out.
//! - [`deadlines`] — the deadline engine: holiday calendars, rules as data, traces.
//! - [`attach`] — attachment processing before encryption (metadata stripping).

#![forbid(unsafe_code)]

pub mod attach;
pub mod clock;
pub mod conflicts;
pub mod deadlines;
mod digest;
pub mod domain;
pub mod error;
pub mod exchange;
mod fsx;
pub mod hardening;
pub mod settings;
pub mod sheet;
pub mod store;
pub mod vault;

pub use error::{Error, Result};
pub use vault::{Unlock, Vault};
