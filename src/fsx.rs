//! Crash-safe file writes: write to a temporary name in the same directory, fsync, rename over the
//! target, fsync the directory. A kill at any instant leaves either the old file or the new one.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A new file readable and writable by its owner only.
pub fn create_private(path: &Path) -> io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
}

/// A directory for the owner only.
pub fn create_private_dir(path: &Path) -> io::Result<()> {
    let mut b = fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(path)
}

/// fsync a directory so a rename or unlink in it is durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// A temporary sibling name for `target`, unique per call.
pub fn temp_sibling(target: &Path) -> PathBuf {
    let name = format!(".tmp-{}", uuid::Uuid::new_v4().simple());
    target.with_file_name(name)
}

/// Atomically replace `target` with a file produced by `fill`. On any error the temporary file is
/// removed and `target` is untouched.
pub fn write_atomic(target: &Path, fill: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    replace_atomic(target, false, fill)
}

/// Like [`write_atomic`], for a file that must already exist: if `target` is gone when the new
/// version is ready (a wipe removed it meanwhile), nothing is put in its place and the error is
/// `NotFound`. This keeps an unlock that was under way from writing the key slots back after a
/// panic wipe destroyed them.
pub fn rewrite_atomic(target: &Path, fill: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    replace_atomic(target, true, fill)
}

fn replace_atomic(target: &Path, must_exist: bool, fill: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    let tmp = temp_sibling(target);
    let result = (|| {
        let mut f = create_private(&tmp)?;
        fill(&mut f)?;
        f.flush()?;
        f.sync_all()?;
        drop(f);
        if must_exist && fs::symlink_metadata(target).is_err() {
            return Err(io::Error::from(io::ErrorKind::NotFound));
        }
        fs::rename(&tmp, target)?;
        sync_dir(target.parent().unwrap_or(Path::new(".")))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
