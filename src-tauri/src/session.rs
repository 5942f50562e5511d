//! The unlocked session and the idle lock.
//!
//! The vault handle lives here and nowhere else in the shell. Locking drops it, which closes the
//! database, releases the vault's file lock and zeroizes the keys; the UI is told through the
//! `vault-locked` event and clears itself.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use amparo::settings::Settings;
use amparo::Vault;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager};

use crate::ipc_error::{IpcError, IpcResult};

pub struct AppCtx {
    pub vault_dir: PathBuf,
    pub settings_path: PathBuf,
    vault: Mutex<Option<Vault>>,
    settings: Mutex<Settings>,
    last_activity: Mutex<Instant>,
    app: Mutex<Option<AppHandle>>,
    /// Counts unlocks, so background checks can react to a new session at once.
    unlocks: AtomicU64,
    /// Counts wipes, so an operation that took the vault out of the session (travel mode) never
    /// puts it back after the vault was wiped meanwhile.
    wipes: AtomicU64,
    /// The bundle file being previewed for import, with the SHA-256 of the manifest the lawyer
    /// saw, so only that very file is imported (forgotten on lock).
    pending_import: Mutex<Option<(PathBuf, String)>>,
    /// The spreadsheet being previewed for import (forgotten on lock).
    pending_sheet: Mutex<Option<PathBuf>>,
}

#[derive(Clone, Serialize)]
struct LockedEvent {
    reason: &'static str,
}

/// A poisoned mutex only means another command panicked mid-way; the data it guards (a vault
/// handle, settings, a timestamp) is still consistent, so keep going rather than brick the app.
fn guard<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl AppCtx {
    /// Paths from the platform (XDG on Linux), shared with the CLI's defaults.
    pub fn from_environment() -> Result<AppCtx, amparo::Error> {
        let vault_dir = amparo::vault::default_dir()
            .ok_or(amparo::Error::invalid("vault folder", "no data folder on this system"))?;
        let settings_path =
            Settings::default_path().ok_or(amparo::Error::invalid("settings", "no config folder on this system"))?;
        let settings = Settings::load(&settings_path);
        Ok(AppCtx {
            vault_dir,
            settings_path,
            vault: Mutex::new(None),
            settings: Mutex::new(settings),
            last_activity: Mutex::new(Instant::now()),
            app: Mutex::new(None),
            unlocks: AtomicU64::new(0),
            pending_import: Mutex::new(None),
            pending_sheet: Mutex::new(None),
            wipes: AtomicU64::new(0),
        })
    }

    pub fn touch(&self) {
        *guard(&self.last_activity) = Instant::now();
    }

    pub fn settings(&self) -> Settings {
        guard(&self.settings).clone()
    }

    pub fn set_settings(&self, s: Settings) -> IpcResult<Settings> {
        s.save(&self.settings_path)?;
        *guard(&self.settings) = s.clone();
        if let Some(v) = guard(&self.vault).as_mut() {
            v.set_language(s.language);
        }
        Ok(s)
    }

    pub fn is_unlocked(&self) -> bool {
        guard(&self.vault).is_some()
    }

    /// Install a freshly opened vault as the session.
    pub fn start(&self, mut vault: Vault) {
        self.touch();
        vault.set_language(self.settings().language);
        *guard(&self.vault) = Some(vault);
        self.unlocks.fetch_add(1, Ordering::SeqCst);
    }

    /// How many times a vault has been unlocked in this run.
    pub fn unlock_count(&self) -> u64 {
        self.unlocks.load(Ordering::SeqCst)
    }

    /// Run `f` on the unlocked vault; counts as user activity.
    pub fn with_vault<T>(&self, f: impl FnOnce(&mut Vault) -> amparo::Result<T>) -> IpcResult<T> {
        self.touch();
        let mut session = guard(&self.vault);
        let vault = session.as_mut().ok_or_else(IpcError::locked)?;
        f(vault).map_err(IpcError::from)
    }

    /// Run `f` on the vault if it is unlocked, without counting as user activity (background
    /// checks must not keep an unattended vault open).
    pub fn peek_vault<T>(&self, f: impl FnOnce(&mut Vault) -> amparo::Result<T>) -> Option<amparo::Result<T>> {
        guard(&self.vault).as_mut().map(f)
    }

    /// Drop the keys. Returns whether a vault was open.
    pub fn lock(&self) -> bool {
        guard(&self.pending_import).take();
        guard(&self.pending_sheet).take();
        guard(&self.vault).take().is_some()
    }

    /// Take the vault out of the session (travel mode removes it), leaving it locked.
    pub fn take_vault(&self) -> Option<Vault> {
        guard(&self.pending_import).take();
        guard(&self.pending_sheet).take();
        guard(&self.vault).take()
    }

    /// How many wipes this run has seen (read before taking the vault out).
    pub fn wipe_count(&self) -> u64 {
        self.wipes.load(Ordering::SeqCst)
    }

    /// Record a wipe (before it starts).
    pub fn note_wipe(&self) {
        self.wipes.fetch_add(1, Ordering::SeqCst);
    }

    /// Put a vault taken out with `take_vault` back (it never stopped being unlocked), unless a
    /// wipe happened since `wipes_before`: then it is dropped (locked) instead.
    pub fn put_back(&self, vault: Vault, wipes_before: u64) {
        if self.wipe_count() != wipes_before {
            return;
        }
        self.touch();
        *guard(&self.vault) = Some(vault);
    }

    pub fn set_pending_sheet(&self, path: Option<PathBuf>) {
        *guard(&self.pending_sheet) = path;
    }

    /// The spreadsheet chosen for import; `not-found` when none is (or after a lock).
    pub fn pending_sheet(&self) -> IpcResult<PathBuf> {
        guard(&self.pending_sheet)
            .clone()
            .ok_or_else(|| IpcError::from(amparo::Error::invalid("spreadsheet", "choose a spreadsheet file first")))
    }

    pub fn set_pending_import(&self, pending: Option<(PathBuf, String)>) {
        *guard(&self.pending_import) = pending;
    }

    pub fn pending_import(&self) -> IpcResult<(PathBuf, String)> {
        guard(&self.pending_import)
            .clone()
            .ok_or_else(|| IpcError::from(amparo::Error::invalid("bundle", "choose a bundle file first")))
    }

    /// Lock and tell the window why.
    pub fn lock_and_notify(&self, reason: &'static str) {
        if self.lock() {
            if let Some(app) = guard(&self.app).as_ref() {
                let _ = app.emit("vault-locked", LockedEvent { reason });
            }
        }
    }

    fn idle_for(&self) -> Duration {
        guard(&self.last_activity).elapsed()
    }
}

/// Check idleness every few seconds and lock after the configured number of minutes.
pub fn start_idle_watch(app: AppHandle) {
    let ctx = app.state::<AppCtx>();
    *guard(&ctx.app) = Some(app.clone());
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_secs(5));
        let ctx = app.state::<AppCtx>();
        let limit = Duration::from_secs(u64::from(ctx.settings().auto_lock_minutes) * 60);
        if ctx.is_unlocked() && ctx.idle_for() >= limit {
            ctx.lock_and_notify("idle");
        }
    });
}
