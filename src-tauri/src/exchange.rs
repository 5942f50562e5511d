//! IPC commands for the vault's identity and contacts: thin adapters over the core.

use amparo::domain;
use amparo::store::contacts::Contact;
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
