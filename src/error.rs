//! The one error type of the core.
//!
//! Every variant has a stable machine-readable [`Error::code`] that the CLI prints and the desktop
//! app maps to a translated message. Messages never contain secrets, client data or file paths
//! (a path can hold a client's name), so an error can be shown, logged or reported safely.

use std::io;

/// Errors from the Amparo core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The passphrase or recovery code does not open any key slot.
    #[error("wrong passphrase or recovery code")]
    WrongSecret,
    /// A wrong passphrase, with the failed-unlock policy on and set to say how many tries are left.
    #[error("wrong passphrase (tries left before the vault is erased: {0})")]
    WrongSecretTriesLeft(u16),
    /// The failed-unlock policy erased the vault: too many wrong passphrases in a row.
    #[error("too many wrong passphrases: the vault has been erased")]
    WipedAfterFailedUnlocks,
    /// The directory has no Amparo vault in it (no key-slot file).
    #[error("this folder is not an Amparo vault")]
    NotAVault,
    /// `init` on a directory that already holds a vault or other files.
    #[error("a vault or other files already exist in this folder")]
    VaultExists,
    /// Another process holds the vault's lock.
    #[error("the vault is already open in another program")]
    VaultInUse,
    /// The key-slot file is truncated, has a bad header or has been altered.
    #[error("the key-slot file is damaged")]
    KeySlotsCorrupt,
    /// The key-slot file asks for KDF parameters outside the accepted range.
    #[error("the key-slot file asks for unacceptable key-derivation parameters")]
    KdfParamsRejected,
    /// The vault was written by a newer version of Amparo.
    #[error("this vault was created by a newer version of Amparo")]
    VaultTooNew,
    /// The encrypted database failed authentication or is not a database.
    #[error("the vault database is damaged or has been altered")]
    DatabaseCorrupt,
    /// An attachment failed authentication, is truncated or missing.
    #[error("an attachment is damaged, missing or has been altered")]
    AttachmentCorrupt,
    /// No record with that id.
    #[error("no {0} with that id")]
    NotFound(&'static str),
    /// A value given by the user is not acceptable; the message says why without echoing it.
    #[error("invalid {field}: {reason}")]
    Invalid {
        /// Which field, in plain words (e.g. "A-number").
        field: &'static str,
        /// Why, in plain words.
        reason: &'static str,
    },
    /// The disk is full; the write in flight was abandoned and the vault is unchanged.
    #[error("the disk is full; nothing was changed")]
    DiskFull,
    /// Any other I/O failure; `doing` says what we were doing.
    #[error("could not {doing}: {kind}")]
    Io {
        /// What the operation was, in plain words.
        doing: &'static str,
        /// The OS error kind (never the path).
        kind: io::ErrorKind,
    },
    /// An unexpected database error (the message is SQLite's, which carries no data values).
    #[error("database error: {0}")]
    Database(String),
    /// A bundle, backup or travel file was refused; nothing was written.
    #[error("{0}")]
    Bundle(#[from] BundleError),
}

/// Why a bundle (or backup) was refused. Each has its own code so the app can say what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BundleError {
    /// None of the file's age recipients is this vault (or the secret given does not open it).
    #[error("this file is not addressed to this vault")]
    NotForYou,
    /// Truncated, bit-flipped or not an archive: decryption or the archive structure failed.
    #[error("the file is damaged or incomplete")]
    Damaged,
    /// The manifest signature is missing, malformed or does not verify.
    #[error("the signature does not match the contents")]
    BadSignature,
    /// The signature is valid but the signer is not one of this vault's contacts.
    #[error("the file is signed by someone who is not in your contacts")]
    UnknownSigner,
    /// The signer is a contact whose fingerprint words have not been compared yet.
    #[error("the file is signed by a contact whose fingerprint you have not compared yet")]
    UnverifiedSigner,
    /// The file is not the one that was previewed (it was replaced or changed since).
    #[error("the file changed since it was checked; check it again")]
    Changed,
    /// A member is missing, unlisted, out of order, repeated, or its size or hash differs.
    #[error("the contents do not match the signed list of contents")]
    Mismatch,
    /// The sequence number is not newer than the last one imported from this sender.
    #[error("this bundle, or a newer one from the same sender, was already imported")]
    Replayed,
    /// A member or the whole record set exceeds the importer's limits.
    #[error("a part of the file is larger than Amparo accepts")]
    TooLarge,
    /// Another format or a newer version.
    #[error("not an Amparo bundle this version can read")]
    Unsupported,
}

impl BundleError {
    pub fn code(self) -> &'static str {
        match self {
            BundleError::NotForYou => "bundle-not-for-you",
            BundleError::Damaged => "bundle-damaged",
            BundleError::BadSignature => "bundle-bad-signature",
            BundleError::UnknownSigner => "bundle-unknown-signer",
            BundleError::UnverifiedSigner => "bundle-unverified-signer",
            BundleError::Changed => "bundle-changed",
            BundleError::Mismatch => "bundle-mismatch",
            BundleError::Replayed => "bundle-replayed",
            BundleError::TooLarge => "bundle-too-large",
            BundleError::Unsupported => "bundle-unsupported",
        }
    }
}

/// For `map_err` on values read back from the vault that fail to parse: the stored data is not
/// what this code wrote, so the database is treated as damaged (the detail is dropped, it may
/// hold client data).
pub(crate) fn corrupt<E>(_: E) -> Error {
    Error::DatabaseCorrupt
}

/// Result alias for the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Stable code for scripts and for the UI's translation table.
    pub fn code(&self) -> &'static str {
        match self {
            Error::WrongSecret => "wrong-secret",
            Error::WrongSecretTriesLeft(_) => "wrong-secret-tries-left",
            Error::WipedAfterFailedUnlocks => "wiped-after-failed-unlocks",
            Error::NotAVault => "not-a-vault",
            Error::VaultExists => "vault-exists",
            Error::VaultInUse => "vault-in-use",
            Error::KeySlotsCorrupt => "keyslots-corrupt",
            Error::KdfParamsRejected => "kdf-params-rejected",
            Error::VaultTooNew => "vault-too-new",
            Error::DatabaseCorrupt => "database-corrupt",
            Error::AttachmentCorrupt => "attachment-corrupt",
            Error::NotFound(_) => "not-found",
            Error::Invalid { .. } => "invalid-input",
            Error::DiskFull => "disk-full",
            Error::Io { .. } => "io",
            Error::Database(_) => "database",
            Error::Bundle(b) => b.code(),
        }
    }

    /// Wrap an I/O error, keeping only its kind (the OS message may contain a path).
    /// Disk-full becomes [`Error::DiskFull`].
    pub fn io(doing: &'static str) -> impl FnOnce(io::Error) -> Error {
        move |e| match e.kind() {
            io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => Error::DiskFull,
            kind => Error::Io { doing, kind },
        }
    }

    /// A rejected input value; the message never echoes the value.
    pub fn invalid(field: &'static str, reason: &'static str) -> Error {
        Error::Invalid { field, reason }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode;
        match &e {
            rusqlite::Error::SqliteFailure(f, _) => match f.code {
                ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt => Error::DatabaseCorrupt,
                ErrorCode::DiskFull => Error::DiskFull,
                ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => Error::VaultInUse,
                // SQLite's own message names the constraint or statement, never bound values.
                _ => Error::Database(e.to_string()),
            },
            rusqlite::Error::QueryReturnedNoRows => Error::NotFound("record"),
            _ => Error::Database(e.to_string()),
        }
    }
}
