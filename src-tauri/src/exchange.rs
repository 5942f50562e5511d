//! IPC commands for the vault's identity and contacts: thin adapters over the core.

use amparo::domain;
use amparo::store::contacts::Contact;
use amparo::store::export::ExportSummary;
use amparo::vault::identity::PublicIdentity;
use tauri::State;

use crate::ipc_error::IpcResult;
use crate::session::AppCtx;

#[tauri::command]
pub async fn identity_get(ctx: State<'_, AppCtx>) -> IpcResult<PublicIdentity> {
    ctx.with_vault(|v| v.identity())
}

/// This vault's signed contact card as text, to copy into a message or save as a file.
#[tauri::command]
pub async fn contact_card(ctx: State<'_, AppCtx>, name: Option<String>) -> IpcResult<String> {
    ctx.with_vault(|v| v.contact_card(name.as_deref()))
}

/// Add a colleague from the text of their card (pasted).
#[tauri::command]
pub async fn contact_add(ctx: State<'_, AppCtx>, card: String, verified: bool) -> IpcResult<String> {
    ctx.with_vault(|v| v.add_contact(&card, verified))
}

#[tauri::command]
pub async fn contacts_list(ctx: State<'_, AppCtx>) -> IpcResult<Vec<Contact>> {
    ctx.with_vault(|v| v.contacts())
}

#[tauri::command]
pub async fn contact_verify(ctx: State<'_, AppCtx>, id: String) -> IpcResult<()> {
    ctx.with_vault(|v| v.verify_contact(&domain::parse_id("contact id", &id)?))
}

/// Ask where to save, then export the cases to a bundle for the chosen contacts and raw age
/// recipients. Returns what was written, or None if the user cancelled the dialog.
#[tauri::command]
pub async fn bundle_export(
    app: tauri::AppHandle,
    ctx: State<'_, AppCtx>,
    case_ids: Vec<String>,
    contact_ids: Vec<String>,
    recipients: Vec<String>,
) -> IpcResult<Option<ExportSummary>> {
    if !ctx.is_unlocked() {
        return Err(crate::ipc_error::IpcError::locked());
    }
    let Some(path) = crate::dialogs::save_file(&app, "amparo-bundle.age") else {
        return Ok(None);
    };
    ctx.with_vault(|v| {
        let cases = case_ids.iter().map(|c| domain::parse_id("case id", c)).collect::<amparo::Result<Vec<_>>>()?;
        let contacts =
            contact_ids.iter().map(|c| domain::parse_id("contact id", c)).collect::<amparo::Result<Vec<_>>>()?;
        // The native dialog has already asked before replacing an existing file.
        v.export_bundle(&cases, &contacts, &recipients, &path, true)
    })
    .map(Some)
}
