//! Working with co-counsel without a server: the public side of a vault's identity (minisign
//! keys and signatures, contact cards and their fingerprints). The secret keys stay in
//! [`crate::vault::identity`]; contacts are stored by `store::contacts`.
//!
//! Bundles (export, import, backup, travel mode) build on this; see docs/bundle-format.md.

pub mod bundle;
pub mod card;
pub mod minisign;
