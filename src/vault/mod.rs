//! The vault: the one module tree that touches keys.
//!
//! Opening a vault turns a passphrase (or recovery code) into the master key through the key-slot
//! file, derives the database key from it, opens the SQLCipher database and holds the vault's
//! advisory lock. Nothing outside this tree sees a key byte: the rest of the crate works through
//! the opened [`Vault`] handle. Dropping the handle (locking) closes the database, releases the
//! lock and zeroizes the keys.

pub mod kdf;
pub mod keyslots;
pub mod recovery;

pub mod backup;
#[cfg(feature = "bench-baseline")]
mod baseline;
pub(crate) mod blobs;
pub mod duress;
pub mod guard;
pub mod identity;
pub mod wipe;

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use hkdf::Hkdf;
use rand::RngCore;
use rusqlite::Connection;
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::clock::{self, Clock};
use crate::error::{Error, Result};
use crate::fsx;
use crate::settings::Language;
use crate::store::migrate;
use kdf::{KdfChoice, KdfParams};
use keyslots::{KeySlotFile, SlotKind};

pub(crate) const KEYSLOTS: &str = "keyslots";
pub(crate) const DATABASE: &str = "vault.db";
pub(crate) const BLOBS: &str = "blobs";
pub(crate) const LOCK: &str = "lock";

/// Where a vault lives when no folder is given: the platform data dir (on Linux
/// `$XDG_DATA_HOME/amparo/vault`, by default `~/.local/share/amparo/vault`). The CLI and the app
/// share this default.
pub fn default_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("amparo").join("vault"))
}

/// How to unlock.
pub enum Unlock<'a> {
    Passphrase(&'a SecretString),
    RecoveryCode(&'a SecretString),
}

/// An unlocked vault. Drop it to lock.
pub struct Vault {
    dir: PathBuf,
    pub(crate) conn: Connection,
    master_key: Zeroizing<[u8; 32]>,
    /// The passphrase's wrapping key, when the vault was opened or created with the passphrase:
    /// changing the failed-unlock policy re-seals the passphrase slot with it.
    pass_key: Option<Zeroizing<[u8; 32]>>,
    slots: KeySlotFile,
    pub(crate) clock: Arc<dyn Clock>,
    /// The language computed texts (deadline traces, warnings) are rendered in.
    pub(crate) language: Language,
    /// Held for the vault's lifetime; released (and the OS lock with it) on drop.
    _lock: File,
    /// A decoy's private folder, removed when the decoy is locked (declared last: it goes after
    /// the database is closed).
    scratch: Option<duress::ScratchDir>,
}

/// A newly created vault and its recovery code, to be shown to the user exactly once.
pub struct Created {
    pub vault: Vault,
    pub recovery_code: SecretString,
}

impl Vault {
    /// Create a new vault in `dir` (which must not exist, or be empty).
    pub fn create(dir: &Path, passphrase: &SecretString, kdf: KdfChoice) -> Result<Created> {
        check_passphrase(passphrase)?;
        prepare_empty_dir(dir)?;
        let lock = take_lock(dir)?;
        fsx::create_private_dir(&dir.join(BLOBS)).map_err(Error::io("create the vault folder"))?;

        let mut master_key = Zeroizing::new([0u8; 32]);
        rand::rngs::OsRng.fill_bytes(master_key.as_mut());
        let mut slots = KeySlotFile::new(KdfParams::choose(kdf), &master_key);
        let recovery_code = recovery::generate();
        let (pass_index, recovery_index) = KeySlotFile::random_free_indexes();
        let pass_key = slots.kdf.derive(passphrase.expose_secret().as_bytes(), &slots.salt)?;
        slots.seal(pass_index, &pass_key, SlotKind::Passphrase, &master_key);
        let rec_key = recovery::wrap_key(&recovery_code, &slots.salt)?;
        slots.seal(recovery_index, &rec_key, SlotKind::RecoveryCode, &master_key);

        let conn = open_database(dir, &master_key, true)?;
        migrate::run(&conn)?;
        record_slot_use(&conn, pass_index, "passphrase")?;
        record_slot_use(&conn, recovery_index, "recovery")?;
        // The key slots are written last: until they exist the folder is not a vault.
        write_keyslots(dir, &slots)?;
        let mut vault = Vault {
            dir: dir.to_path_buf(),
            conn,
            master_key,
            pass_key: Some(pass_key),
            slots,
            clock: clock::system(),
            language: Language::En,
            _lock: lock,
            scratch: None,
        };
        vault.audit("vault.create", "vault", "")?;
        vault.write(|tx, now| identity::ensure(tx, now))?;
        Ok(Created { vault, recovery_code })
    }

    /// Unlock an existing vault.
    ///
    /// With the failed-unlock policy on ([`guard`]), a passphrase try is counted before it is
    /// made and the count is cleared by a successful unlock; the try that uses up the last
    /// chance wipes the vault. The duress passphrase ([`duress`]) unlocks like the real one and
    /// gives an empty vault, after wiping the real one if that is its action.
    pub fn open(dir: &Path, unlock: Unlock<'_>) -> Result<Vault> {
        // Read once to be sure this is a vault before a lock file is made in the folder, and
        // again under the lock, so the count of wrong tries is never one read before another
        // process wrote its own.
        read_keyslots(dir)?;
        let lock = take_lock(dir)?;
        let mut slots = read_keyslots(dir)?;
        slots.kdf.check_acceptable()?;
        duress::remove_stale_scratch();
        let before = guard::before_try(dir, &mut slots, &unlock)?;
        let (opened, wrap_key) = match open_slot(&slots, &unlock) {
            Ok(found) => found,
            Err(Error::WrongSecret) => return Err(guard::after_wrong_secret(dir, &slots, &unlock, lock)),
            Err(e) => return Err(e),
        };
        match opened.kind {
            SlotKind::DuressWipe | SlotKind::DuressDecoy => {
                guard::after_duress(dir, &mut slots, before, &opened.master_key)?;
                duress::unlock(dir, opened.kind, &slots, lock)
            }
            SlotKind::Passphrase | SlotKind::RecoveryCode => {
                let genuine = guard::after_unlock(dir, &mut slots, &opened, wrap_key.as_deref())?;
                let mut vault = Vault::from_parts(dir, slots, lock, opened.master_key, unlock.how())?;
                vault.pass_key = wrap_key.filter(|_| opened.kind == SlotKind::Passphrase);
                if !genuine {
                    // Someone edited the failed-unlock policy in the file; a passphrase change
                    // seals the vault's own again.
                    vault.audit("vault.failed-unlock-policy-altered", "vault", "")?;
                }
                Ok(vault)
            }
        }
    }

    /// An unlocked vault from its checked parts: the database opens with the master key.
    fn from_parts(
        dir: &Path,
        slots: KeySlotFile,
        lock: File,
        master_key: Zeroizing<[u8; 32]>,
        how: &str,
    ) -> Result<Vault> {
        let conn = open_database(dir, &master_key, false)?;
        let schema_before = migrate::run(&conn)?;
        let mut vault = Vault {
            dir: dir.to_path_buf(),
            conn,
            master_key,
            pass_key: None,
            slots,
            clock: clock::system(),
            language: Language::En,
            _lock: lock,
            scratch: None,
        };
        vault.audit("vault.unlock", "vault", how)?;
        vault.remove_leftovers()?;
        // Vaults from before schema v3 get their identity now.
        vault.write(|tx, now| identity::ensure(tx, now))?;
        if schema_before < 6 {
            // The conflict check's name index arrived with schema v6.
            vault.write(|tx, _| crate::store::conflicts::index_all(tx))?;
        }
        if schema_before < 2 {
            // Key dates recorded before the deadline engine existed become events: compute them.
            vault.write(|tx, now| crate::store::deadlines::recompute_all(tx, now))?;
        }
        Ok(vault)
    }

    /// Re-wrap the master key under a new passphrase: one small file rewritten atomically, O(1)
    /// in the size of the vault. Works after a recovery-code unlock too (the forgotten-passphrase
    /// path). The KDF salt and parameters stay, so other slots remain valid.
    pub fn change_passphrase(&mut self, new: &SecretString) -> Result<()> {
        check_passphrase(new)?;
        let index = self.passphrase_slot()?;
        let mut slots = self.slots.clone();
        // The policy the lawyer set (the database's copy), never whatever is in the file; a
        // version 1 file becomes version 2 here.
        slots.set_guard(self.fresh_guard()?);
        let key = slots.kdf.derive(new.expose_secret().as_bytes(), &slots.salt)?;
        if slots.open(&key).is_some_and(|o| o.index != index) {
            return Err(Error::invalid("passphrase", "must differ from the duress passphrase"));
        }
        slots.seal(index, &key, SlotKind::Passphrase, &self.master_key);
        rewrite_keyslots(&self.dir, &slots)?;
        self.slots = slots;
        self.pass_key = Some(key);
        self.audit("vault.passwd", "vault", "")
    }

    /// The index of the passphrase slot, as recorded in the database.
    fn passphrase_slot(&self) -> Result<usize> {
        let index: i64 =
            self.conn.query_row("SELECT slot FROM keyslot_use WHERE kind = 'passphrase'", [], |r| r.get(0))?;
        usize::try_from(index).ok().filter(|&i| i < keyslots::SLOT_COUNT).ok_or(Error::DatabaseCorrupt)
    }

    /// Replace the clock (tests, and the deadline engine's "as of" views).
    pub fn set_clock(&mut self, clock: Arc<dyn Clock>) {
        self.clock = clock;
    }

    /// The language for texts the core writes for people (deadline traces and warnings).
    pub fn set_language(&mut self, language: Language) {
        self.language = language;
    }

    /// The format of this vault's key-slot file (1 until its first passphrase unlock or change).
    pub fn keyslots_version(&self) -> u16 {
        self.slots.version()
    }

    /// The KDF parameters of this vault's passphrase slots.
    pub fn kdf_params(&self) -> KdfParams {
        self.slots.kdf
    }

    pub(crate) fn blobs_dir(&self) -> PathBuf {
        self.dir.join(BLOBS)
    }

    /// Remove what a crash may have left behind: temporary blob files and blobs no document
    /// refers to (written just before a crash, before their row was committed). Both are
    /// ciphertext; this only reclaims space.
    fn remove_leftovers(&self) -> Result<()> {
        // An interrupted key-slot write leaves a temporary file beside the real one, an
        // interrupted backup its snapshot folder (both encrypted).
        if let Ok(entries) = fs::read_dir(&self.dir) {
            for entry in entries.flatten() {
                if entry.file_name().to_string_lossy().starts_with(".tmp-") {
                    let _ = match entry.file_type() {
                        Ok(t) if t.is_dir() => fs::remove_dir_all(entry.path()),
                        _ => fs::remove_file(entry.path()),
                    };
                }
            }
        }
        let entries = match fs::read_dir(self.blobs_dir()) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(Error::io("read the vault folder")(e)),
        };
        let mut known = self.conn.prepare("SELECT 1 FROM document WHERE id = ?1")?;
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let orphan = match name.strip_suffix(".age") {
                Some(id) => !known.exists([id])?,
                None => name.starts_with(".tmp-"),
            };
            if orphan {
                let _ = fs::remove_file(entry.path());
            }
        }
        Ok(())
    }
}

impl Unlock<'_> {
    /// How the vault was unlocked, as the audit log records it.
    fn how(&self) -> &'static str {
        match self {
            Unlock::Passphrase(_) => "passphrase",
            Unlock::RecoveryCode(_) => "recovery-code",
        }
    }
}

/// Find the slot the secret opens, of a kind the secret may open: a passphrase opens the
/// passphrase slot or a duress slot, a recovery code only the recovery slot. Also returns the
/// wrapping key a passphrase gave (the recovery code's is of no further use).
fn open_slot(slots: &KeySlotFile, unlock: &Unlock<'_>) -> Result<(keyslots::OpenedSlot, Option<Zeroizing<[u8; 32]>>)> {
    slots.kdf.check_acceptable()?;
    match unlock {
        Unlock::Passphrase(p) => {
            let key = slots.kdf.derive(p.expose_secret().as_bytes(), &slots.salt)?;
            let opened = slots.open(&key).filter(|o| o.kind != SlotKind::RecoveryCode).ok_or(Error::WrongSecret)?;
            Ok((opened, Some(key)))
        }
        Unlock::RecoveryCode(c) => {
            let key = recovery::wrap_key(c, &slots.salt)?;
            let opened = slots.open(&key).filter(|o| o.kind == SlotKind::RecoveryCode).ok_or(Error::WrongSecret)?;
            Ok((opened, None))
        }
    }
}

/// Passphrases must not be empty; length and strength advice is the UI's job.
fn check_passphrase(p: &SecretString) -> Result<()> {
    if p.expose_secret().trim().is_empty() {
        return Err(Error::invalid("passphrase", "must not be empty"));
    }
    Ok(())
}

fn prepare_empty_dir(dir: &Path) -> Result<()> {
    match fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(Error::VaultExists);
            }
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
                fs::create_dir_all(parent).map_err(Error::io("create the vault folder"))?;
            }
            fsx::create_private_dir(dir).map_err(Error::io("create the vault folder"))
        }
        Err(e) => Err(Error::io("open the vault folder")(e)),
    }
}

fn take_lock(dir: &Path) -> Result<File> {
    let mut opts = OpenOptions::new();
    opts.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let file = opts.open(dir.join(LOCK)).map_err(Error::io("lock the vault"))?;
    // A lock held for a moment more is let go of: a program that is exiting (the app being
    // restarted), or a process forked elsewhere that has not yet replaced itself and still
    // shares the descriptor. A vault really open elsewhere is still refused, within 250 ms.
    let mut waited = 0;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(fs::TryLockError::WouldBlock) if waited < 250 => {
                std::thread::sleep(std::time::Duration::from_millis(25));
                waited += 25;
            }
            Err(fs::TryLockError::WouldBlock) => return Err(Error::VaultInUse),
            Err(fs::TryLockError::Error(e)) => return Err(Error::io("lock the vault")(e)),
        }
    }
}

fn read_keyslots(dir: &Path) -> Result<KeySlotFile> {
    let mut bytes = Vec::new();
    let file = File::open(dir.join(KEYSLOTS)).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound if dir.join(DATABASE).exists() => Error::KeySlotsCorrupt,
        io::ErrorKind::NotFound => Error::NotAVault,
        _ => Error::io("read the key-slot file")(e),
    })?;
    // Never read more than a key-slot file can be: a hostile huge file is rejected cheaply.
    file.take(keyslots::FILE_LEN as u64 + 1).read_to_end(&mut bytes).map_err(Error::io("read the key-slot file"))?;
    KeySlotFile::parse(&bytes).map_err(|e| match e {
        // Beside a database, an unrecognisable key-slot file is a damaged vault, not a stranger's folder.
        Error::NotAVault if dir.join(DATABASE).exists() => Error::KeySlotsCorrupt,
        e => e,
    })
}

/// Write a new key-slot file (a vault being created or restored).
fn write_keyslots(dir: &Path, slots: &KeySlotFile) -> Result<()> {
    let bytes = slots.to_bytes();
    fsx::write_atomic(&dir.join(KEYSLOTS), |f| f.write_all(&bytes)).map_err(Error::io("write the key-slot file"))
}

/// Replace the key-slot file of an existing vault; never recreates one a wipe removed meanwhile
/// (`not-a-vault` then).
fn rewrite_keyslots(dir: &Path, slots: &KeySlotFile) -> Result<()> {
    let bytes = slots.to_bytes();
    fsx::rewrite_atomic(&dir.join(KEYSLOTS), |f| f.write_all(&bytes)).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => Error::NotAVault,
        _ => Error::io("write the key-slot file")(e),
    })
}

fn record_slot_use(conn: &Connection, index: usize, kind: &str) -> Result<()> {
    conn.execute("INSERT INTO keyslot_use (slot, kind) VALUES (?1, ?2)", rusqlite::params![index as i64, kind])?;
    Ok(())
}

/// The SQLCipher key: HKDF-SHA256(master key, "db"), applied as a raw key (no second PBKDF2).
fn database_key(master_key: &[u8; 32]) -> Zeroizing<[u8; 32]> {
    let mut key = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(None, master_key)
        .expand(b"amparo v1 db", key.as_mut())
        .expect("32 bytes is a valid HKDF-SHA256 output length");
    key
}

const PLAINTEXT_SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

fn open_database(dir: &Path, master_key: &[u8; 32], create: bool) -> Result<Connection> {
    let path = dir.join(DATABASE);
    if !create && !path.exists() {
        return Err(Error::DatabaseCorrupt);
    }
    if !create && file_starts_with(&path, PLAINTEXT_SQLITE_MAGIC)? {
        // A plaintext database swapped in for ours: never read it as if it were the vault.
        return Err(Error::DatabaseCorrupt);
    }
    if create {
        // Owner-only from the first byte; SQLite gives its -wal and -shm files the same mode.
        fsx::create_private(&path).map_err(Error::io("create the vault database"))?;
    }
    let conn = Connection::open(&path)?;
    // SQLCipher logs decryption failures to stderr by default; our errors are reported once, by us.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    let key = database_key(master_key);
    let mut pragma = Zeroizing::new(String::with_capacity(80));
    pragma.push_str("PRAGMA key = \"x'");
    pragma.push_str(&hex::encode(&key[..]));
    pragma.push_str("'\";");
    conn.execute_batch(&pragma)?;
    drop(pragma);
    // The first real read authenticates the key and the first page.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))
        .map_err(|_| Error::DatabaseCorrupt)?;
    configure_database(&conn)?;
    if create {
        // Force the header to disk, then prove it is not a plaintext SQLite file.
        conn.execute_batch("CREATE TABLE IF NOT EXISTS _probe(x); DROP TABLE _probe;")?;
        if file_starts_with(&path, PLAINTEXT_SQLITE_MAGIC)? {
            return Err(Error::Database("database was not encrypted".into()));
        }
    }
    Ok(conn)
}

/// The connection's settings, once it is keyed.
fn configure_database(conn: &Connection) -> Result<()> {
    // The page cache holds decrypted pages: every page read from the disk costs an AES
    // decryption and an HMAC-SHA512 check, which dominated imports and conflict checks with
    // SQLite's default 2 MB cache (docs/performance.md). It lives in this process's memory only,
    // like everything else of an unlocked vault.
    conn.execute_batch(&format!(
        "PRAGMA secure_delete = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA foreign_keys = ON;
         PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA cache_size = -{};",
        crate::settings::defaults::PAGE_CACHE_KIB
    ))?;
    // Opening a case runs about twenty distinct statements, the dashboard and lists more: a
    // cache smaller than the working set re-parses them on every screen.
    conn.set_prepared_statement_cache_capacity(crate::settings::defaults::STATEMENT_CACHE);
    Ok(())
}

fn file_starts_with(path: &Path, magic: &[u8]) -> Result<bool> {
    let mut head = vec![0u8; magic.len()];
    let mut f = File::open(path).map_err(Error::io("open the vault database"))?;
    match f.read_exact(&mut head) {
        Ok(()) => Ok(head == magic),
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(false),
        Err(e) => Err(Error::io("open the vault database")(e)),
    }
}
