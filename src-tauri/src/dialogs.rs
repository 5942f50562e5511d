//! Native file dialogs, shown from Rust so the web side needs no file-system permission.
//!
//! End-to-end tests cannot click a GTK file chooser through WebDriver, so debug builds accept
//! answers from files in the folder `AMPARO_TEST_DIALOGS` instead: `open` (paths to open, one
//! per line) and `save` (where to save). They are read at each dialog, so a test can change
//! its answer between steps. Release builds compile that path out.

use std::path::PathBuf;

use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;

/// A test-supplied answer (paths, one per line), in debug builds only.
fn test_answer(name: &str) -> Option<Vec<PathBuf>> {
    if !cfg!(debug_assertions) {
        return None;
    }
    let dir = std::env::var_os("AMPARO_TEST_DIALOGS")?;
    let text = std::fs::read_to_string(PathBuf::from(dir).join(name)).unwrap_or_default();
    Some(text.lines().filter(|l| !l.is_empty()).map(PathBuf::from).collect())
}

/// Files the user chose to attach (empty if cancelled).
pub fn pick_files(app: &AppHandle) -> Vec<PathBuf> {
    if let Some(paths) = test_answer("open") {
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
    if let Some(paths) = test_answer("open") {
        return paths.into_iter().next();
    }
    app.dialog().file().blocking_pick_file().and_then(|f| f.into_path().ok())
}

/// Where the user chose to save (None if cancelled).
pub fn save_file(app: &AppHandle, suggested_name: &str) -> Option<PathBuf> {
    if let Some(paths) = test_answer("save") {
        return paths.into_iter().next();
    }
    app.dialog().file().set_file_name(suggested_name).blocking_save_file().and_then(|f| f.into_path().ok())
}
