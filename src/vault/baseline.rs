//! The benchmarks' baseline: the same vault with a plain SQLite database, so that the cost of
//! encryption is measured as a ratio of the very same code, schema, statements and page cache.
//!
//! Compiled only with the `bench-baseline` feature, which nothing but `cargo bench` enables: the
//! app and the CLI cannot make or open such a vault, and [`Vault::open`] refuses a plaintext
//! database whatever built it.

use std::path::Path;

use rand::RngCore;
use rusqlite::Connection;
use zeroize::Zeroizing;

use super::kdf::{KdfChoice, KdfParams};
use super::keyslots::KeySlotFile;
use super::{configure_database, identity, prepare_empty_dir, take_lock, Vault, BLOBS, DATABASE};
use crate::clock;
use crate::error::{Error, Result};
use crate::settings::Language;
use crate::store::migrate;

impl Vault {
    /// A new vault in `dir` whose database is NOT encrypted (attachments still are). For
    /// side-by-side benchmarks only; it has no key slots, and only
    /// [`Vault::open_unencrypted_baseline`] opens it again.
    pub fn create_unencrypted_baseline(dir: &Path) -> Result<Vault> {
        prepare_empty_dir(dir)?;
        let lock = take_lock(dir)?;
        std::fs::create_dir(dir.join(BLOBS)).map_err(Error::io("create the vault folder"))?;
        let mut vault = Vault::unencrypted(dir, lock)?;
        vault.audit("vault.create", "vault", "")?;
        vault.write(|tx, now| identity::ensure(tx, now))?;
        Ok(vault)
    }

    /// Open a baseline vault made by [`Vault::create_unencrypted_baseline`] again, so a
    /// benchmark can measure reads without building its data twice.
    pub fn open_unencrypted_baseline(dir: &Path) -> Result<Vault> {
        if !dir.join(DATABASE).is_file() {
            return Err(Error::NotAVault);
        }
        let lock = take_lock(dir)?;
        Vault::unencrypted(dir, lock)
    }

    fn unencrypted(dir: &Path, lock: std::fs::File) -> Result<Vault> {
        let mut master_key = Zeroizing::new([0u8; 32]);
        rand::rngs::OsRng.fill_bytes(master_key.as_mut());
        let conn = Connection::open(dir.join(DATABASE))?;
        configure_database(&conn)?;
        migrate::run(&conn)?;
        Ok(Vault {
            dir: dir.to_path_buf(),
            conn,
            slots: KeySlotFile::new(KdfParams::choose(KdfChoice::InsecureForTests), &master_key),
            master_key,
            pass_key: None,
            clock: clock::system(),
            language: Language::En,
            _lock: lock,
            scratch: None,
        })
    }
}
