//! SHA-256 and a byte count taken while data streams through, so a file is hashed in the same
//! pass that stores, exports or imports it instead of being read twice.

use std::io::{self, Read, Write};

use sha2::{Digest, Sha256};

/// Counts and hashes (SHA-256) the bytes read or written through it.
pub(crate) struct Hashing<T> {
    pub(crate) inner: T,
    pub(crate) hasher: Sha256,
    pub(crate) len: u64,
}

impl<T> Hashing<T> {
    pub(crate) fn new(inner: T) -> Self {
        Hashing { inner, hasher: Sha256::new(), len: 0 }
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<T> Hashing<T> {
    /// The hex digest of everything that passed.
    pub(crate) fn hex(self) -> String {
        hex::encode(self.hasher.finalize())
    }
}
