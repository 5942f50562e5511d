//! Native file dialogs, shown from Rust so the web side needs no file-system permission.
//!
//! End-to-end tests cannot click a GTK file chooser through WebDriver, so debug builds accept
//! `AMPARO_TEST_PICK_FILE` / `AMPARO_TEST_SAVE_FILE` in place of the dialogs' answers. Release
//! builds compile that path out.

use std::path::PathBuf;

use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;

/// A test-supplied answer (a path list, like PATH), in debug builds only.
fn test_answer(var: &str) -> Option<Vec<PathBuf>> {
    if cfg!(debug_assertions) {
        std::env::var_os(var).map(|v| std::env::split_paths(&v).collect())
    } else {
        None
    }
}

/// Files the user chose to attach (empty if cancelled).
pub fn pick_files(app: &AppHandle) -> Vec<PathBuf> {
    if let Some(paths) = test_answer("AMPARO_TEST_PICK_FILE") {
        return paths;
    }
    app.dialog()
        .file()
        .blocking_pick_files()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|f| f.into_path().ok())
        .collect()
}

/// One file the user chose to open (None if cancelled).
pub fn pick_file(app: &AppHandle) -> Option<PathBuf> {
    if let Some(paths) = test_answer("AMPARO_TEST_PICK_FILE") {
        return paths.into_iter().next();
    }
    app.dialog().file().blocking_pick_file().and_then(|f| f.into_path().ok())
}

/// Where the user chose to save a decrypted copy (None if cancelled).
pub fn save_file(app: &AppHandle, suggested_name: &str) -> Option<PathBuf> {
    if let Some(p) = test_answer("AMPARO_TEST_SAVE_FILE").and_then(|p| p.into_iter().next()) {
        return Some(p);
    }
    app.dialog().file().set_file_name(suggested_name).blocking_save_file().and_then(|f| f.into_path().ok())
}
