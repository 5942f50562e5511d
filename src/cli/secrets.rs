//! Getting secrets in: from a file or the terminal, never from argv. Buffers are zeroized.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use amparo::{Error, Unlock};

use super::Global;

/// The first line of a secret file (a trailing newline is not part of the secret).
pub fn from_file(path: &Path, what: &'static str) -> Result<SecretString, Error> {
    let mut buf = Zeroizing::new(Vec::new());
    File::open(path).and_then(|f| f.take(64 * 1024).read_to_end(&mut buf)).map_err(Error::io(match what {
        "recovery code" => "read the recovery-code file",
        _ => "read the passphrase file",
    }))?;
    let text = std::str::from_utf8(&buf).map_err(|_| Error::invalid(what, "the file is not UTF-8 text"))?;
    let line = text.split('\n').next().unwrap_or("").trim_end_matches('\r');
    if line.is_empty() {
        return Err(Error::invalid(what, "the file is empty"));
    }
    Ok(SecretString::from(line.to_string()))
}

/// Ask on the terminal without echo.
pub fn prompt(label: &str) -> Result<SecretString, Error> {
    rpassword::prompt_password(label).map(SecretString::from).map_err(|_| {
        Error::invalid("passphrase", "no terminal to ask on; use --passphrase-file or AMPARO_PASSPHRASE_FILE")
    })
}

/// Ask twice for a new passphrase.
pub fn prompt_new(label: &str) -> Result<SecretString, Error> {
    let first = prompt(label)?;
    let again = prompt("Type it again: ")?;
    if first.expose_secret() != again.expose_secret() {
        return Err(Error::invalid("passphrase", "the two entries differ"));
    }
    Ok(first)
}

/// The secret that unlocks an existing vault.
pub enum UnlockSecret {
    Passphrase(SecretString),
    RecoveryCode(SecretString),
}

impl UnlockSecret {
    pub fn from_global(g: &Global) -> Result<UnlockSecret, Error> {
        if let Some(path) = &g.recovery_code_file {
            return Ok(UnlockSecret::RecoveryCode(from_file(path, "recovery code")?));
        }
        match &g.passphrase_file {
            Some(path) => Ok(UnlockSecret::Passphrase(from_file(path, "passphrase")?)),
            None => Ok(UnlockSecret::Passphrase(prompt("Vault passphrase: ")?)),
        }
    }

    pub fn as_unlock(&self) -> Unlock<'_> {
        match self {
            UnlockSecret::Passphrase(p) => Unlock::Passphrase(p),
            UnlockSecret::RecoveryCode(c) => Unlock::RecoveryCode(c),
        }
    }
}
