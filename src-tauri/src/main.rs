//! Amparo's desktop shell: a thin Tauri layer over the `amparo` core.
//!
//! The shell holds the unlocked vault in Rust state, turns IPC calls into core calls, serves
//! decrypted documents from memory over the `amparo-doc:` scheme, and locks on idle. It contains
//! no SQL, no cryptography and no business rules: those live in the core, shared with the CLI.

#![forbid(unsafe_code)]
// Release builds are GUI apps on Windows (no console window).
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod deadlines;
mod dialogs;
mod doc_scheme;
mod exchange;
mod intake;
mod ipc_error;
mod lockdown;
mod reminders;
mod session;
mod window;

use tauri::Manager;

fn main() {
    amparo::hardening::apply_release();
    amparo::hardening::install_quiet_panic_hook();
    let ctx = match session::AppCtx::from_environment() {
        Ok(ctx) => ctx,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .manage(ctx)
        .register_uri_scheme_protocol(doc_scheme::SCHEME, doc_scheme::handle)
        .setup(|app| {
            window::open_main(app)?;
            session::start_idle_watch(app.handle().clone());
            reminders::start_watch(app.handle().clone());
            lockdown::start_watch(app.handle().clone());
            Ok(())
        })
        .on_window_event(|window, event| {
            // Closing the window locks the vault before the process exits.
            if let tauri::WindowEvent::Destroyed = event {
                window.app_handle().state::<session::AppCtx>().lock();
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_state,
            commands::vault_create,
            commands::vault_unlock,
            commands::vault_unlock_recovery,
            commands::vault_lock,
            commands::vault_wipe,
            commands::vault_change_passphrase,
            commands::security_get,
            commands::failed_unlock_set,
            commands::duress_set,
            commands::duress_clear,
            commands::settings_set,
            commands::activity,
            commands::dashboard,
            commands::cases_list,
            commands::lawyers,
            commands::case_get,
            commands::case_update,
            commands::person_get,
            commands::intake,
            commands::person_add,
            commands::party_add,
            commands::conflicts_check,
            intake::sheet_pick_and_preview,
            intake::sheet_preview,
            intake::sheet_import,
            intake::report_get,
            intake::report_save_csv,
            commands::address_add,
            commands::note_add,
            commands::task_add,
            commands::task_done,
            commands::doc_pick_and_add,
            commands::doc_add,
            commands::doc_save_copy,
            commands::doc_open_external,
            commands::search,
            deadlines::event_add,
            deadlines::event_update,
            deadlines::event_delete,
            deadlines::deadlines_list,
            deadlines::deadline_add,
            deadlines::deadline_done,
            deadlines::deadline_reopen,
            deadlines::deadline_delete,
            deadlines::rule_edition_set,
            deadlines::closures_list,
            deadlines::closure_add,
            deadlines::closure_delete,
            deadlines::deadline_settings_get,
            deadlines::deadline_settings_set,
            deadlines::reminders_due,
            deadlines::reminders_seen,
            deadlines::calendar_items,
            deadlines::calendar_export,
            exchange::identity_get,
            exchange::contact_card,
            exchange::contact_add,
            exchange::contacts_list,
            exchange::contact_verify,
            exchange::bundle_export,
            exchange::bundle_import_preview,
            exchange::bundle_import_add_sender,
            exchange::bundle_import,
            exchange::conflicts_list,
            exchange::conflict_resolve,
            exchange::backup_status,
            exchange::backup_reminder_set,
            exchange::backup_create,
            exchange::travel_start,
            exchange::vault_restore,
        ])
        .run(tauri::generate_context!());
    if result.is_err() {
        eprintln!("error: the window could not be started");
        std::process::exit(1);
    }
}
