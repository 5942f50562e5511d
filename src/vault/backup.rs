//! Backups, restore and travel mode (docs/bundle-format.md §7, ADR 0006).
//!
//! A backup is an age file in the bundle container: a signed manifest, then the vault *as
//! stored* — a consistent snapshot of the encrypted database (`VACUUM INTO`, still encrypted
//! with the database key) and every attachment blob (still encrypted to its case key). So a
//! backup is encrypted twice over and restores the vault exactly: audit chain, identity,
//! contacts and settings included.
//!
//! Its age header has two recipients:
//! - the vault's own identity, so a running vault can read its backups back and check them;
//! - an `amparo-vault` stanza carrying a copy of the key-slot file and the age file key wrapped
//!   under a key derived from the vault's master key. Whoever has only the file and the
//!   passphrase *or* the recovery code can therefore restore it, on a new machine, with no
//!   other secret: the stanza's key slots give the master key, which unwraps the file key.
//!   The copy of the key slots exposes nothing the vault folder does not: they are sealed
//!   under the passphrase's Argon2id key and the recovery code.
//!
//! Optionally a contact is a third recipient (travel mode: a colleague keeps the file). They
//! can decrypt the outer layer but not the database or attachments inside.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use age_core::format::{FileKey, Stanza};
use age_core::secrecy::ExposeSecret as _;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use rand::RngCore;
use rusqlite::params;
use serde::Serialize;
use sha2::Sha256;
use zeroize::Zeroizing;

use super::keyslots::{self, KeySlotFile, SlotKind};
use super::{blobs, fsx, identity, open_slot, prepare_empty_dir, take_lock, write_keyslots, Unlock, Vault};
use super::{BLOBS, DATABASE};
use crate::digest::Hashing;
use crate::error::{BundleError, Error, Result};
use crate::exchange::bundle::{self, Manifest, Member, Sender, TarWriter};
use crate::exchange::minisign::PublicKey;
use crate::exchange::reader::{self, MemberKind, Profile, Visitor};
use crate::store::audit;

/// The age stanza type that carries the key slots.
const STANZA_TAG: &str = "amparo-vault";
const STANZA_VERSION: &str = "1";
const NONCE_LEN: usize = 24;
/// A 16-byte age file key sealed with XChaCha20-Poly1305.
const SEALED_LEN: usize = 16 + 16;
const BUF: usize = 256 * 1024;

/// What a backup holds, and whether reading it back checked out.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BackupSummary {
    pub cases: usize,
    pub people: usize,
    pub attachments: usize,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: u64,
    /// Read back after writing: decrypted, signature and every hash checked.
    pub verified: bool,
}

/// When the vault was last backed up and whether a reminder is due.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BackupStatus {
    pub last_backup: Option<String>,
    /// Remind after this many days without a backup; 0 = never.
    pub every_days: u32,
    pub due: bool,
}

/// What travel mode did: the backup it wrote, and that the vault is gone from this device.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct TravelSummary {
    pub backup: BackupSummary,
    pub removed: bool,
}

/// Default reminder interval.
const DEFAULT_EVERY_DAYS: u32 = 7;

/// HKDF(master key) → the key that wraps backup file keys.
fn file_key_wrap(master_key: &[u8; 32]) -> Zeroizing<[u8; 32]> {
    let mut key = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(None, master_key)
        .expand(b"amparo v1 backup file key", key.as_mut())
        .expect("32 bytes is a valid HKDF-SHA256 output length");
    key
}

/// The `amparo-vault` recipient: key slots plus the file key sealed under the master key.
struct VaultRecipient {
    keyslots: Vec<u8>,
    wrap: Zeroizing<[u8; 32]>,
}

impl age::Recipient for VaultRecipient {
    fn wrap_file_key(&self, file_key: &FileKey) -> Result<(Vec<Stanza>, HashSet<String>), age::EncryptError> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let sealed = XChaCha20Poly1305::new((&*self.wrap).into())
            .encrypt(XNonce::from_slice(&nonce), file_key.expose_secret().as_slice())
            .map_err(|_| age::EncryptError::Io(io::Error::other("seal the file key")))?;
        let mut body = self.keyslots.clone();
        body.extend_from_slice(&nonce);
        body.extend_from_slice(&sealed);
        Ok((vec![Stanza { tag: STANZA_TAG.into(), args: vec![STANZA_VERSION.into()], body }], HashSet::new()))
    }
}

/// Opens the `amparo-vault` stanza with a passphrase or recovery code; keeps the key slots and
/// master key it found, for the restored vault.
struct VaultUnlocker<'a> {
    unlock: &'a Unlock<'a>,
    /// Only the first `amparo-vault` stanza is tried: each try costs an Argon2 run, and a
    /// hostile file could carry thousands.
    saw_stanza: RefCell<bool>,
    wrong_secret: RefCell<bool>,
    opened: RefCell<Option<Opened>>,
}

/// What the stanza gave: the key slots, the master key and (for a passphrase) its wrapping key.
type Opened = (KeySlotFile, Zeroizing<[u8; 32]>, Option<Zeroizing<[u8; 32]>>);

impl age::Identity for VaultUnlocker<'_> {
    fn unwrap_stanza(&self, stanza: &Stanza) -> Option<std::result::Result<FileKey, age::DecryptError>> {
        if stanza.tag != STANZA_TAG || self.saw_stanza.replace(true) {
            return None;
        }
        let Some((slot_bytes, nonce, sealed)) = split_stanza(stanza) else {
            return Some(Err(age::DecryptError::InvalidHeader));
        };
        let Ok(slots) = KeySlotFile::parse(slot_bytes) else {
            return Some(Err(age::DecryptError::InvalidHeader));
        };
        // A duress slot holds no key to the vault: for a restore it is a wrong secret.
        let (opened, pass_key) = match open_slot(&slots, self.unlock) {
            Ok((o, key)) if matches!(o.kind, SlotKind::Passphrase | SlotKind::RecoveryCode) => (o, key),
            _ => {
                *self.wrong_secret.borrow_mut() = true;
                return None;
            }
        };
        let file_key = unseal(&opened.master_key, nonce, sealed);
        *self.opened.borrow_mut() = Some((slots, opened.master_key, pass_key));
        Some(file_key)
    }
}

/// The stanza's parts (key slots, nonce, sealed file key), if it has the expected shape.
fn split_stanza(stanza: &Stanza) -> Option<(&[u8], &[u8], &[u8])> {
    let slots_len = stanza.body.len().checked_sub(NONCE_LEN + SEALED_LEN)?;
    if stanza.args != [STANZA_VERSION] || ![keyslots::FILE_LEN_V1, keyslots::FILE_LEN].contains(&slots_len) {
        return None;
    }
    let (slots, rest) = stanza.body.split_at(slots_len);
    let (nonce, sealed) = rest.split_at(NONCE_LEN);
    Some((slots, nonce, sealed))
}

fn unseal(master_key: &[u8; 32], nonce: &[u8], sealed: &[u8]) -> std::result::Result<FileKey, age::DecryptError> {
    let wrap = file_key_wrap(master_key);
    let plain = Zeroizing::new(
        XChaCha20Poly1305::new((&*wrap).into())
            .decrypt(XNonce::from_slice(nonce), sealed)
            .map_err(|_| age::DecryptError::DecryptionFailed)?,
    );
    FileKey::try_init_with_mut(|k| {
        k.copy_from_slice(plain.get(..16).ok_or(age::DecryptError::DecryptionFailed)?);
        Ok(())
    })
}

/// Reads a fresh backup back the way a restore will: through the `amparo-vault` stanza, with
/// the master key, checking the stanza carries this vault's current key slots.
struct StanzaCheck<'a> {
    master_key: &'a [u8; 32],
    keyslots: Vec<u8>,
}

impl age::Identity for StanzaCheck<'_> {
    fn unwrap_stanza(&self, stanza: &Stanza) -> Option<std::result::Result<FileKey, age::DecryptError>> {
        if stanza.tag != STANZA_TAG {
            return None;
        }
        let Some((slots, nonce, sealed)) = split_stanza(stanza) else {
            return Some(Err(age::DecryptError::InvalidHeader));
        };
        if slots != self.keyslots.as_slice() {
            return Some(Err(age::DecryptError::InvalidHeader));
        }
        Some(unseal(self.master_key, nonce, sealed))
    }
}

/// The members of a backup, listed before they are written.
struct Snapshot {
    /// A temporary folder in the vault folder holding the database snapshot (still encrypted).
    folder: PathBuf,
    blobs: Vec<(String, PathBuf)>,
    members: Vec<Member>,
}

impl Snapshot {
    fn database(&self) -> PathBuf {
        self.folder.join(DATABASE)
    }
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.folder);
    }
}

fn hash_file(path: &Path) -> io::Result<(u64, String)> {
    let mut h = Hashing::new(io::sink());
    io::copy(&mut BufReader::with_capacity(BUF, File::open(path)?), &mut h)?;
    Ok((h.len, h.hex()))
}

/// Reads a backup back, checking everything; optionally writes the members into a folder.
struct BackupReader<'a> {
    expected_signer: Option<&'a str>,
    into: Option<&'a Path>,
    attachments: usize,
}

impl Visitor for BackupReader<'_> {
    fn signer(&mut self, manifest: &Manifest) -> Result<PublicKey> {
        match self.expected_signer {
            Some(key) if key != manifest.sender.minisign_public_key => Err(Error::Bundle(BundleError::BadSignature)),
            _ => PublicKey::from_base64(&manifest.sender.minisign_public_key)
                .map_err(|_| Error::Bundle(BundleError::BadSignature)),
        }
    }

    fn record(&mut self, _: &MemberKind, _: Vec<u8>) -> Result<()> {
        Err(Error::Bundle(BundleError::Mismatch))
    }

    fn stream(&mut self, kind: &MemberKind, _: &Member, data: &mut dyn Read) -> Result<()> {
        let name = match kind {
            MemberKind::VaultDatabase => PathBuf::from(DATABASE),
            MemberKind::VaultBlob(id) => {
                self.attachments += 1;
                Path::new(BLOBS).join(format!("{id}.age"))
            }
            _ => return Err(Error::Bundle(BundleError::Mismatch)),
        };
        let Some(dir) = self.into else { return Ok(()) };
        let written = (|| {
            let f = fsx::create_private(&dir.join(name))?;
            let mut out = BufWriter::with_capacity(BUF, f);
            io::copy(data, &mut out)?;
            out.into_inner().map_err(|e| e.into_error())?.sync_all()
        })();
        written.map_err(|e| match e.kind() {
            io::ErrorKind::InvalidData | io::ErrorKind::UnexpectedEof => Error::Bundle(BundleError::Damaged),
            _ => Error::io("write the restored vault")(e),
        })
    }
}

impl Vault {
    /// A consistent copy of the database (`VACUUM INTO`, encrypted with the same key), checked
    /// to open with the key and pass SQLite's integrity check, and the blobs' sizes and hashes.
    fn snapshot(&self) -> Result<Snapshot> {
        let folder = fsx::temp_sibling(&self.dir.join(DATABASE));
        fsx::create_private_dir(&folder).map_err(Error::io("back up the vault"))?;
        let mut snapshot = Snapshot { folder, blobs: Vec::new(), members: Vec::new() };
        let database = snapshot.database();
        let target = database.to_str().ok_or(Error::invalid("vault folder", "is not UTF-8"))?;
        self.conn.execute("VACUUM INTO ?1", [target])?;
        {
            let copy = super::open_database(&snapshot.folder, &self.master_key, false)?;
            let integrity: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
            if integrity != "ok" {
                return Err(Error::DatabaseCorrupt);
            }
        }
        let (size, sha256) = hash_file(&database).map_err(Error::io("back up the vault"))?;
        snapshot.members.push(Member { path: "vault/vault.db".into(), size, sha256 });
        let ids = crate::store::column::<String>(&self.conn, "SELECT id FROM document ORDER BY id", [])?;
        for id in ids {
            let path = blobs::blob_path(&self.blobs_dir(), &id);
            let (size, sha256) = hash_file(&path).map_err(|e| match e.kind() {
                io::ErrorKind::NotFound => Error::AttachmentCorrupt,
                _ => Error::io("back up the vault")(e),
            })?;
            snapshot.members.push(Member { path: format!("vault/blobs/{id}.age"), size, sha256 });
            snapshot.blobs.push((id, path));
        }
        Ok(snapshot)
    }

    /// Write an encrypted backup of the whole vault to `out_path` (which must not exist unless
    /// `replace`), optionally also readable by a contact, then read it back to check it.
    pub fn backup(&mut self, out_path: &Path, also_to_contact: Option<&str>, replace: bool) -> Result<BackupSummary> {
        if !replace && out_path.exists() {
            return Err(Error::invalid("output file", "already exists; choose another name"));
        }
        if self.contains_path(out_path) {
            return Err(Error::invalid("output file", "is inside the vault folder; save it elsewhere"));
        }
        let me = self.identity()?;
        let mut recipients: Vec<Box<dyn age::Recipient>> = vec![
            Box::new(me.age_recipient.parse::<age::x25519::Recipient>().map_err(crate::error::corrupt)?),
            Box::new(VaultRecipient { keyslots: self.slots.to_bytes(), wrap: file_key_wrap(&self.master_key) }),
        ];
        let mut recipient_list = vec![me.age_recipient.clone()];
        if let Some(contact) = also_to_contact {
            let r: String = self
                .conn
                .query_row("SELECT age_recipient FROM contact WHERE id = ?1", [contact], |r| r.get(0))
                .map_err(|_| Error::NotFound("contact"))?;
            recipients.push(Box::new(r.parse::<age::x25519::Recipient>().map_err(crate::error::corrupt)?));
            recipient_list.push(r);
        }
        let counts: (i64, i64) = self.conn.query_row(
            "SELECT (SELECT count(*) FROM legal_case), (SELECT count(*) FROM person)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;

        let snapshot = self.snapshot()?;
        let now = self.clock.now();
        let manifest = Manifest {
            format: bundle::BACKUP_FORMAT.into(),
            version: bundle::VERSION,
            created: crate::clock::stamp(now),
            sender: Sender {
                name: me.display_name.clone(),
                age_recipient: me.age_recipient.clone(),
                minisign_public_key: me.minisign_public_key.clone(),
                fingerprint: me.fingerprint.clone(),
            },
            recipients: recipient_list,
            sequence: 0,
            audit_head: audit::head(&self.conn)?,
            cases: Vec::new(),
            members: snapshot.members.clone(),
        };
        let manifest_bytes = serde_json::to_vec_pretty(&manifest).map_err(crate::error::corrupt)?;
        let signature = self.sign(&manifest_bytes, bundle::BACKUP_SIGNATURE_COMMENT)?;
        let encryptor = age::Encryptor::with_recipients(recipients.iter().map(|r| r.as_ref()))
            .map_err(|_| Error::invalid("recipients", "cannot be used to encrypt"))?;
        fsx::write_atomic(out_path, |f| {
            let mut age_out = encryptor.wrap_output(BufWriter::with_capacity(BUF, f))?;
            let mut tar = TarWriter::new(&mut age_out, now.timestamp().max(0) as u64);
            tar.append(bundle::MANIFEST, &manifest_bytes)?;
            tar.append(bundle::MANIFEST_SIG, signature.as_bytes())?;
            let database = snapshot.database();
            let files = std::iter::once(&database).chain(snapshot.blobs.iter().map(|(_, p)| p));
            for (member, path) in snapshot.members.iter().zip(files) {
                tar.append_streamed(&member.path, member.size, |w| {
                    io::copy(&mut BufReader::with_capacity(BUF, File::open(path)?), w)
                })?;
            }
            tar.finish()?;
            age_out.finish()?.flush()
        })
        .map_err(Error::io("write the backup"))?;
        drop(snapshot);

        // Read it back the way a restore will: through the key-slot stanza (which must carry
        // the current key slots), then the signature and every member's hash.
        let mut check = BackupReader { expected_signer: Some(&me.minisign_public_key), into: None, attachments: 0 };
        let file = File::open(out_path).map_err(Error::io("read the backup back"))?;
        let stanza = StanzaCheck { master_key: &self.master_key, keyslots: self.slots.to_bytes() };
        let plaintext = age::Decryptor::new(BufReader::with_capacity(BUF, file))
            .and_then(|d| d.decrypt(std::iter::once(&stanza as &dyn age::Identity)))
            .map_err(crate::exchange::age_error)?;
        reader::read(plaintext, Profile::Backup, &mut check)?;
        let bytes = fs::metadata(out_path).map_err(Error::io("read the backup back"))?.len();
        self.write(|tx, now| {
            tx.execute(
                "INSERT INTO vault_setting (key, value) VALUES ('last_backup', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = ?1",
                [now],
            )?;
            audit::append(tx, now, "vault.backup", "vault", also_to_contact.unwrap_or(""))
        })?;
        Ok(BackupSummary {
            cases: counts.0 as usize,
            people: counts.1 as usize,
            attachments: check.attachments,
            bytes,
            verified: true,
        })
    }

    /// When the last backup was made and whether a reminder is due (by the vault's clock).
    pub fn backup_status(&self) -> Result<BackupStatus> {
        let setting = |key: &str| -> Result<Option<String>> {
            Ok(crate::store::column::<String>(&self.conn, "SELECT value FROM vault_setting WHERE key = ?1", [key])?
                .into_iter()
                .next())
        };
        let last_backup = setting("last_backup")?;
        let every_days = match setting("backup_every_days")? {
            Some(v) => v.parse().map_err(crate::error::corrupt)?,
            None => DEFAULT_EVERY_DAYS,
        };
        let due = every_days > 0
            && match &last_backup {
                None => true,
                Some(at) => chrono::DateTime::parse_from_rfc3339(at)
                    .map(|at| self.clock.now().signed_duration_since(at).num_days() >= i64::from(every_days))
                    .unwrap_or(true),
            };
        Ok(BackupStatus { last_backup, every_days, due })
    }

    /// Remind to back up after `every_days` days without one (0 turns the reminder off).
    pub fn set_backup_reminder(&mut self, every_days: u32) -> Result<BackupStatus> {
        if every_days > 365 {
            return Err(Error::invalid("backup reminder", "must be between 0 (off) and 365 days"));
        }
        self.write(|tx, now| {
            tx.execute(
                "INSERT INTO vault_setting (key, value) VALUES ('backup_every_days', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = ?1",
                params![every_days.to_string()],
            )?;
            audit::append(tx, now, "settings.backup-reminder", "vault", "")
        })?;
        self.backup_status()
    }

    /// Travel mode, step one: back up everything to `out_path` (for this vault, and a contact
    /// if given) and check it by reading it back. Step two is [`Vault::destroy`]; the app keeps
    /// the vault open if this step fails.
    pub fn travel_backup(
        &mut self,
        out_path: &Path,
        also_to_contact: Option<&str>,
        replace: bool,
    ) -> Result<BackupSummary> {
        let backup = self.backup(out_path, also_to_contact, replace)?;
        self.audit("vault.travel", "vault", "")?;
        Ok(backup)
    }

    /// Travel mode: back up and check, then remove the vault from this device.
    pub fn travel_start(mut self, out_path: &Path, also_to_contact: Option<&str>) -> Result<TravelSummary> {
        let backup = self.travel_backup(out_path, also_to_contact, false)?;
        self.destroy()?;
        Ok(TravelSummary { backup, removed: true })
    }

    /// Whether `path` would land inside this vault's folder (where `destroy` and the leftover
    /// clean-up remove files).
    fn contains_path(&self, path: &Path) -> bool {
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        match (fs::canonicalize(parent), fs::canonicalize(&self.dir)) {
            (Ok(p), Ok(d)) => p.starts_with(d),
            _ => false,
        }
    }

    /// Lock this vault and wipe it from the disk ([`super::wipe`]): the key slots first, so
    /// from that instant nothing left can be decrypted.
    pub fn destroy(self) -> Result<()> {
        if self.scratch.is_some() {
            // A duress decoy: dropping it removes its folder, and the real vault is not its to wipe.
            return Ok(());
        }
        let dir = self.dir.clone();
        // Close the database, release the lock and zeroize the keys, then wipe.
        drop(self);
        super::wipe::wipe(&dir).map(|_| ())
    }

    /// Restore a backup (or travel file) into `dir`, which must not hold anything yet, with the
    /// vault's passphrase or recovery code. Everything is checked — decryption, signature,
    /// every hash, then the restored database's integrity, audit chain and identity — before
    /// the vault is handed back, unlocked. On any failure nothing is left at `dir`.
    pub fn restore(file: &Path, dir: &Path, unlock: Unlock<'_>) -> Result<Vault> {
        if dir.exists() && fs::read_dir(dir).map_err(Error::io("open the vault folder"))?.next().is_some() {
            return Err(Error::VaultExists);
        }
        let staging = fsx::temp_sibling(dir);
        if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(Error::io("create the vault folder"))?;
        }
        prepare_empty_dir(&staging)?;
        let result = restore_into(file, &staging, dir, &unlock);
        if result.is_err() {
            let _ = fs::remove_dir_all(&staging);
        }
        result
    }
}

fn restore_into(file: &Path, staging: &Path, dir: &Path, unlock: &Unlock<'_>) -> Result<Vault> {
    fsx::create_private_dir(&staging.join(BLOBS)).map_err(Error::io("create the vault folder"))?;
    let mut input = BufReader::with_capacity(BUF, File::open(file).map_err(Error::io("open the backup"))?);
    crate::exchange::expect_age(&mut input)?;
    let decryptor = age::Decryptor::new(input).map_err(crate::exchange::age_error)?;
    let unlocker = VaultUnlocker {
        unlock,
        saw_stanza: RefCell::new(false),
        wrong_secret: RefCell::new(false),
        opened: RefCell::new(None),
    };
    let plaintext = match decryptor.decrypt(std::iter::once(&unlocker as &dyn age::Identity)) {
        Ok(p) => p,
        Err(age::DecryptError::NoMatchingKeys) if *unlocker.wrong_secret.borrow() => return Err(Error::WrongSecret),
        Err(age::DecryptError::NoMatchingKeys) if !*unlocker.saw_stanza.borrow() => {
            return Err(Error::Bundle(BundleError::Unsupported))
        }
        Err(e) => return Err(crate::exchange::age_error(e)),
    };
    let mut visitor = BackupReader { expected_signer: None, into: Some(staging), attachments: 0 };
    let manifest = reader::read(plaintext, Profile::Backup, &mut visitor)?;
    let (slots, master_key, pass_key) = unlocker.opened.into_inner().ok_or(Error::Bundle(BundleError::Damaged))?;
    write_keyslots(staging, &slots)?;

    // Into place, then open and check before handing it over.
    match fs::remove_dir(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) if e.kind() == io::ErrorKind::DirectoryNotEmpty => return Err(Error::VaultExists),
        Err(e) => return Err(Error::io("open the vault folder")(e)),
    }
    fs::rename(staging, dir).map_err(Error::io("move the restored vault into place"))?;
    let opened = (|| {
        let lock = take_lock(dir)?;
        let mut vault = Vault::from_parts(dir, slots, lock, master_key, unlock.how())?;
        vault.pass_key = pass_key;
        check_restored(&vault, &manifest)?;
        vault.audit("vault.restore", "vault", "")?;
        Ok(vault)
    })();
    if opened.is_err() {
        let _ = fs::remove_dir_all(dir);
    }
    opened
}

/// The restored vault is the one that signed the backup, intact, with every attachment.
fn check_restored(vault: &Vault, manifest: &Manifest) -> Result<()> {
    let integrity: String = vault.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if integrity != "ok" || !vault.verify_audit()?.ok {
        return Err(Error::DatabaseCorrupt);
    }
    if identity::public_key_of(&vault.conn)? != manifest.sender.minisign_public_key {
        return Err(Error::Bundle(BundleError::BadSignature));
    }
    let blobs_dir = vault.blobs_dir();
    for id in crate::store::column::<String>(&vault.conn, "SELECT id FROM document", [])? {
        if !blobs::blob_path(&blobs_dir, &id).is_file() {
            return Err(Error::Bundle(BundleError::Mismatch));
        }
    }
    Ok(())
}
