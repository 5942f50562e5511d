//! Application settings that must be readable before the vault is unlocked (the unlock screen's
//! language, the idle-lock delay). They hold no client data, so they live in a small plain JSON
//! file in the platform config dir, written atomically. Security defaults live here, in one place.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::fsx;

/// Defaults and limits, in one table.
pub mod defaults {
    /// Lock after this many idle minutes.
    pub const AUTO_LOCK_MINUTES: u32 = 5;
    /// The longest idle delay a user may choose: a laptop left unlocked all day is the risk.
    pub const AUTO_LOCK_MAX_MINUTES: u32 = 240;
    /// The database's page cache (decrypted pages kept in memory), in KiB. At a large office's
    /// scale a search for a common word reads its whole list of notes; with 64 MiB that pushed
    /// out the pages other screens use, which SQLCipher then decrypted again (docs/performance.md).
    pub const PAGE_CACHE_KIB: u32 = 128 * 1024;
    /// The page cache while a bulk load runs (`Vault::bulk`), in KiB; shrunk back afterwards.
    pub const BULK_PAGE_CACHE_KIB: u32 = 256 * 1024;
    /// Prepared statements kept per connection (rusqlite's default is 16).
    pub const STATEMENT_CACHE: usize = 64;
    /// Largest document shown inside the app (decrypted in memory); bigger ones are exported.
    pub const VIEWER_MAX_BYTES: u64 = 256 * 1024 * 1024;
}

/// UI languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Es,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(default)]
pub struct Settings {
    pub language: Language,
    pub auto_lock_minutes: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { language: Language::En, auto_lock_minutes: defaults::AUTO_LOCK_MINUTES }
    }
}

impl Settings {
    /// Where settings live: `$XDG_CONFIG_HOME/amparo/settings.json` on Linux.
    pub fn default_path() -> Option<PathBuf> {
        dirs::config_dir().map(|d| d.join("amparo").join("settings.json"))
    }

    /// Load, falling back to defaults for a missing or unreadable file (never fails to start).
    pub fn load(path: &Path) -> Settings {
        fs::read(path)
            .ok()
            .and_then(|b| serde_json::from_slice::<Settings>(&b).ok())
            .and_then(|s| s.validated().ok())
            .unwrap_or_default()
    }

    pub fn validated(self) -> Result<Settings> {
        if !(1..=defaults::AUTO_LOCK_MAX_MINUTES).contains(&self.auto_lock_minutes) {
            return Err(Error::invalid("auto-lock minutes", "must be between 1 and 240"));
        }
        Ok(self)
    }

    /// Save atomically (validated first).
    pub fn save(&self, path: &Path) -> Result<()> {
        let s = self.clone().validated()?;
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(Error::io("save the settings"))?;
        }
        let json = serde_json::to_vec_pretty(&s).map_err(|_| Error::invalid("settings", "cannot be written"))?;
        fsx::write_atomic(path, |f| f.write_all(&json)).map_err(Error::io("save the settings"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_bad_values() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("amparo/settings.json");
        assert_eq!(Settings::load(&path), Settings::default());
        let s = Settings { language: Language::Es, auto_lock_minutes: 15 };
        s.save(&path).unwrap();
        assert_eq!(Settings::load(&path), s);
        assert!(Settings { auto_lock_minutes: 0, ..s.clone() }.save(&path).is_err());
        assert!(Settings { auto_lock_minutes: 241, ..s.clone() }.save(&path).is_err());
        fs::write(&path, b"{not json").unwrap();
        assert_eq!(Settings::load(&path), Settings::default());
        fs::write(&path, br#"{"language":"es","auto_lock_minutes":100000}"#).unwrap();
        assert_eq!(Settings::load(&path), Settings::default(), "out-of-range values fall back to defaults");
    }
}
