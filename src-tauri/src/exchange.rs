//! IPC commands for the vault's identity and contacts: thin adapters over the core.

use amparo::domain;
use amparo::store::contacts::Contact;
use amparo::store::export::ExportSummary;
use amparo::store::import::{Conflict, ImportPreview, ImportSummary, Keep};
use amparo::vault::backup::{BackupStatus, BackupSummary, TravelSummary};
use amparo::vault::identity::PublicIdentity;
use amparo::{Unlock, Vault};
use secrecy::SecretString;
use tauri::State;

use crate::ipc_error::{IpcError, IpcResult};
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

/// Check a bundle completely and say what importing it would change (writes nothing).
/// `again: false` asks which file first (None if cancelled); `again: true` re-reads the same
/// file, e.g. after its sender was added as a contact.
#[tauri::command]
pub async fn bundle_import_preview(
    app: tauri::AppHandle,
    ctx: State<'_, AppCtx>,
    again: bool,
) -> IpcResult<Option<ImportPreview>> {
    if !ctx.is_unlocked() {
        return Err(IpcError::locked());
    }
    let path = if again {
        ctx.pending_import()?.0
    } else {
        match crate::dialogs::pick_file(&app) {
            Some(p) => p,
            None => return Ok(None),
        }
    };
    ctx.set_pending_import(None);
    let preview = ctx.with_vault(|v| v.preview_import(&path))?;
    ctx.set_pending_import(Some((path, preview.manifest_sha256.clone())));
    Ok(Some(preview))
}

/// Add the previewed bundle's signer as a contact.
#[tauri::command]
pub async fn bundle_import_add_sender(ctx: State<'_, AppCtx>, verified: bool) -> IpcResult<String> {
    let (path, manifest) = ctx.pending_import()?;
    ctx.with_vault(|v| v.add_contact_from_bundle(&path, verified, Some(&manifest)))
}

/// Import the previewed bundle.
#[tauri::command]
pub async fn bundle_import(ctx: State<'_, AppCtx>) -> IpcResult<ImportSummary> {
    let (path, manifest) = ctx.pending_import()?;
    let summary = ctx.with_vault(|v| v.import_bundle(&path, Some(&manifest)))?;
    ctx.set_pending_import(None);
    Ok(summary)
}

#[tauri::command]
pub async fn conflicts_list(ctx: State<'_, AppCtx>) -> IpcResult<Vec<Conflict>> {
    ctx.with_vault(|v| v.conflicts())
}

#[tauri::command]
pub async fn conflict_resolve(ctx: State<'_, AppCtx>, id: String, keep: Keep) -> IpcResult<()> {
    ctx.with_vault(|v| v.resolve_conflict(&domain::parse_id("conflict id", &id)?, keep))
}

#[tauri::command]
pub async fn backup_status(ctx: State<'_, AppCtx>) -> IpcResult<BackupStatus> {
    ctx.with_vault(|v| v.backup_status())
}

#[tauri::command]
pub async fn backup_reminder_set(ctx: State<'_, AppCtx>, every_days: u32) -> IpcResult<BackupStatus> {
    ctx.with_vault(|v| v.set_backup_reminder(every_days))
}

/// Ask where to save, then back up the whole vault and read it back to check it.
#[tauri::command]
pub async fn backup_create(app: tauri::AppHandle, ctx: State<'_, AppCtx>) -> IpcResult<Option<BackupSummary>> {
    if !ctx.is_unlocked() {
        return Err(IpcError::locked());
    }
    let Some(path) = crate::dialogs::save_file(&app, "amparo-backup.age") else {
        return Ok(None);
    };
    // The native dialog has already asked before replacing an existing file.
    ctx.with_vault(|v| v.backup(&path, None, true)).map(Some)
}

/// Travel mode: ask where to save, back up and check, then remove the vault from this device.
/// If the backup fails the vault stays open and untouched.
#[tauri::command]
pub async fn travel_start(
    app: tauri::AppHandle,
    ctx: State<'_, AppCtx>,
    contact_id: Option<String>,
) -> IpcResult<Option<TravelSummary>> {
    if !ctx.is_unlocked() {
        return Err(IpcError::locked());
    }
    let contact = contact_id.map(|c| domain::parse_id("contact id", &c)).transpose()?;
    let Some(path) = crate::dialogs::save_file(&app, "amparo-travel.age") else {
        return Ok(None);
    };
    // Out of the session for the whole operation: nothing can write to it between the backup
    // and the removal, and an idle lock cannot interrupt it half-way.
    let wipes_before = ctx.wipe_count();
    let mut vault = ctx.take_vault().ok_or_else(IpcError::locked)?;
    let backup = match vault.travel_backup(&path, contact.as_deref(), true) {
        Ok(b) => b,
        Err(e) => {
            ctx.put_back(vault, wipes_before);
            return Err(e.into());
        }
    };
    vault.destroy()?;
    Ok(Some(TravelSummary { backup, removed: true }))
}

/// On a device with no vault: choose a backup or travel file and restore it with the vault's
/// passphrase (or recovery code), then unlock it. False if the dialog was cancelled.
#[tauri::command]
pub async fn vault_restore(
    app: tauri::AppHandle,
    ctx: State<'_, AppCtx>,
    secret: String,
    recovery: bool,
) -> IpcResult<bool> {
    let secret = SecretString::from(secret);
    let Some(path) = crate::dialogs::pick_file(&app) else {
        return Ok(false);
    };
    let unlock = if recovery { Unlock::RecoveryCode(&secret) } else { Unlock::Passphrase(&secret) };
    let vault = Vault::restore(&path, &ctx.vault_dir, unlock)?;
    ctx.start(vault);
    Ok(true)
}
