//! Generates the permission set for the app's own commands: each command gets an `allow-<name>`
//! permission, and only those listed in `capabilities/main.json` can be invoked by the window.

/// Every IPC command the shell exposes. A command missing here cannot be called at all.
const COMMANDS: &[&str] = &[
    "app_state",
    "vault_create",
    "vault_unlock",
    "vault_unlock_recovery",
    "vault_lock",
    "vault_change_passphrase",
    "settings_set",
    "activity",
    "dashboard",
    "cases_list",
    "lawyers",
    "case_get",
    "case_update",
    "person_get",
    "intake",
    "person_add",
    "party_add",
    "address_add",
    "note_add",
    "task_add",
    "task_done",
    "doc_pick_and_add",
    "doc_add",
    "doc_save_copy",
    "doc_open_external",
    "search",
    "event_add",
    "event_update",
    "event_delete",
    "deadlines_list",
    "deadline_add",
    "deadline_done",
    "deadline_reopen",
    "deadline_delete",
    "rule_edition_set",
    "closures_list",
    "closure_add",
    "closure_delete",
    "deadline_settings_get",
    "deadline_settings_set",
    "reminders_due",
    "reminders_seen",
    "calendar_items",
    "calendar_export",
    "identity_get",
    "contact_card",
    "contact_add",
    "contacts_list",
    "contact_verify",
    "bundle_export",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build configuration");
}
