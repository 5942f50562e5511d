//! What happens to an attachment before it is encrypted.

pub mod strip;
