//! Working with co-counsel without a server: the public side of a vault's identity (minisign
//! keys and signatures, contact cards and their fingerprints). The secret keys stay in
//! [`crate::vault::identity`]; contacts are stored by `store::contacts`.
//!
//! Bundles (export, import, backup, travel mode) build on this; see docs/bundle-format.md.

pub mod bundle;
pub mod card;
pub mod minisign;
pub mod reader;

use std::io::BufRead;

use crate::error::{BundleError, Error};

/// Refuse a file that is not age at all (a zip, a text file, an empty file) as another
/// format, rather than as a damaged bundle.
pub(crate) fn expect_age<R: BufRead>(input: &mut R) -> Result<(), Error> {
    let head = input.fill_buf().map_err(Error::io("read the file"))?;
    if head.starts_with(b"age-encryption.org/") || head.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----") {
        Ok(())
    } else {
        Err(Error::Bundle(BundleError::Unsupported))
    }
}

/// What an age decryption failure means for a bundle or backup.
pub(crate) fn age_error(e: age::DecryptError) -> Error {
    Error::Bundle(match e {
        age::DecryptError::NoMatchingKeys => BundleError::NotForYou,
        age::DecryptError::UnknownFormat => BundleError::Unsupported,
        _ => BundleError::Damaged,
    })
}
