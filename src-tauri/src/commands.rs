//! IPC commands: each one a thin adapter from the UI's call to one core operation.
//!
//! All run off the main thread (`async`), so a KDF run or a large attachment never freezes the
//! window. Arguments are validated by the core; the shell only converts errors.

use std::path::PathBuf;

use amparo::domain::records::{Case, CaseDetails, Document, NewPerson, Person, SearchHit};
use amparo::domain::{self, Role};
use amparo::settings::Settings;
use amparo::store::conflicts::{ConflictMatch, ConflictQuery};
use amparo::store::{CaseFilter, CasePage, Dashboard};
use amparo::vault::duress::DuressAction;
use amparo::vault::guard::FailedUnlockPolicy;
use amparo::vault::kdf::KdfChoice;
use amparo::{Unlock, Vault};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;

use crate::dialogs;
use crate::ipc_error::{IpcError, IpcResult};
use crate::session::AppCtx;

/// What the UI needs before anything is unlocked.
#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AppState {
    pub vault_exists: bool,
    pub unlocked: bool,
    pub settings: Settings,
}

/// The result of creating a vault: the recovery code, shown once.
#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Created {
    pub recovery_code: String,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct IntakeResult {
    pub person_id: String,
    pub case_id: String,
}

#[tauri::command]
pub async fn app_state(ctx: State<'_, AppCtx>) -> IpcResult<AppState> {
    Ok(AppState {
        vault_exists: ctx.vault_dir.join("keyslots").exists(),
        unlocked: ctx.is_unlocked(),
        settings: ctx.settings(),
    })
}

#[tauri::command]
pub async fn vault_create(ctx: State<'_, AppCtx>, passphrase: String) -> IpcResult<Created> {
    let passphrase = SecretString::from(passphrase);
    let created = Vault::create(&ctx.vault_dir, &passphrase, KdfChoice::from_env())?;
    let recovery_code = created.recovery_code.expose_secret().to_string();
    ctx.start(created.vault);
    Ok(Created { recovery_code })
}

#[tauri::command]
pub async fn vault_unlock(ctx: State<'_, AppCtx>, passphrase: String) -> IpcResult<()> {
    let passphrase = SecretString::from(passphrase);
    let vault = Vault::open(&ctx.vault_dir, Unlock::Passphrase(&passphrase))?;
    ctx.start(vault);
    Ok(())
}

#[tauri::command]
pub async fn vault_unlock_recovery(ctx: State<'_, AppCtx>, code: String) -> IpcResult<()> {
    let code = SecretString::from(code);
    let vault = Vault::open(&ctx.vault_dir, Unlock::RecoveryCode(&code))?;
    ctx.start(vault);
    Ok(())
}

#[tauri::command]
pub async fn vault_lock(ctx: State<'_, AppCtx>) -> IpcResult<()> {
    ctx.lock_and_notify("manual");
    Ok(())
}

/// The panic wipe: drop the keys, destroy the vault on disk (key slots first), then the web
/// view's data folders. Needs no passphrase and works whether or not the vault is unlocked.
#[tauri::command]
pub async fn vault_wipe(app: tauri::AppHandle, ctx: State<'_, AppCtx>) -> IpcResult<amparo::vault::wipe::WipeReport> {
    use tauri::Manager;
    ctx.note_wipe();
    drop(ctx.take_vault());
    let mut report = match amparo::vault::wipe::wipe(&ctx.vault_dir) {
        // Nothing left to wipe (a duress passphrase already did, and an empty vault is showing):
        // the button must still look like it worked.
        Err(amparo::Error::NotAVault) => amparo::vault::wipe::WipeReport { keys_destroyed_ms: 0, removed: true },
        other => other?,
    };
    // The web view runs incognito, but WebKit still creates its folders; a wipe leaves none.
    for dir in [app.path().app_data_dir(), app.path().app_cache_dir()].into_iter().flatten() {
        let is_dir = std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir());
        if is_dir && std::fs::remove_dir_all(&dir).is_err() {
            report.removed = false;
        }
    }
    Ok(report)
}

/// Re-wrap the vault key under a new passphrase (also the way out after a recovery-code unlock).
#[tauri::command]
pub async fn vault_change_passphrase(ctx: State<'_, AppCtx>, passphrase: String) -> IpcResult<()> {
    let passphrase = SecretString::from(passphrase);
    ctx.with_vault(|v| v.change_passphrase(&passphrase))
}

/// The vault's security settings (docs/panic.md).
#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SecuritySettings {
    pub failed_unlock: FailedUnlockPolicy,
    pub duress: Option<DuressAction>,
}

fn security(v: &Vault) -> amparo::Result<SecuritySettings> {
    Ok(SecuritySettings { failed_unlock: v.failed_unlock_policy(), duress: v.duress_action()? })
}

#[tauri::command]
pub async fn security_get(ctx: State<'_, AppCtx>) -> IpcResult<SecuritySettings> {
    ctx.with_vault(|v| security(v))
}

/// Wipe after N wrong passphrases, or never.
#[tauri::command]
pub async fn failed_unlock_set(ctx: State<'_, AppCtx>, policy: FailedUnlockPolicy) -> IpcResult<SecuritySettings> {
    ctx.with_vault(|v| {
        v.set_failed_unlock_policy(policy)?;
        security(v)
    })
}

#[tauri::command]
pub async fn duress_set(
    ctx: State<'_, AppCtx>,
    passphrase: String,
    action: DuressAction,
) -> IpcResult<SecuritySettings> {
    let passphrase = SecretString::from(passphrase);
    ctx.with_vault(|v| {
        v.set_duress(&passphrase, action)?;
        security(v)
    })
}

#[tauri::command]
pub async fn duress_clear(ctx: State<'_, AppCtx>) -> IpcResult<SecuritySettings> {
    ctx.with_vault(|v| {
        v.clear_duress()?;
        security(v)
    })
}

#[tauri::command]
pub async fn settings_set(ctx: State<'_, AppCtx>, settings: Settings) -> IpcResult<Settings> {
    ctx.set_settings(settings)
}

/// The user is at the keyboard: postpone the idle lock.
#[tauri::command]
pub async fn activity(ctx: State<'_, AppCtx>) -> IpcResult<()> {
    ctx.touch();
    Ok(())
}

#[tauri::command]
pub async fn dashboard(ctx: State<'_, AppCtx>) -> IpcResult<Dashboard> {
    ctx.with_vault(|v| v.dashboard())
}

#[tauri::command]
pub async fn cases_list(ctx: State<'_, AppCtx>, filter: CaseFilter) -> IpcResult<CasePage> {
    ctx.with_vault(|v| v.list_cases(&filter))
}

#[tauri::command]
pub async fn lawyers(ctx: State<'_, AppCtx>) -> IpcResult<Vec<String>> {
    ctx.with_vault(|v| v.lawyers())
}

#[tauri::command]
pub async fn case_get(ctx: State<'_, AppCtx>, id: String) -> IpcResult<Case> {
    ctx.with_vault(|v| v.case(&domain::parse_id("case id", &id)?))
}

#[tauri::command]
pub async fn case_update(ctx: State<'_, AppCtx>, id: String, case: CaseDetails) -> IpcResult<()> {
    ctx.with_vault(|v| v.update_case(&domain::parse_id("case id", &id)?, case))
}

#[tauri::command]
pub async fn person_get(ctx: State<'_, AppCtx>, id: String) -> IpcResult<Person> {
    ctx.with_vault(|v| v.person(&domain::parse_id("person id", &id)?))
}

#[tauri::command]
pub async fn intake(ctx: State<'_, AppCtx>, person: NewPerson, case: CaseDetails) -> IpcResult<IntakeResult> {
    let (person_id, case_id) = ctx.with_vault(|v| v.intake(person, case))?;
    Ok(IntakeResult { person_id, case_id })
}

#[tauri::command]
pub async fn person_add(ctx: State<'_, AppCtx>, person: NewPerson) -> IpcResult<String> {
    ctx.with_vault(|v| v.add_person(person))
}

#[tauri::command]
pub async fn party_add(ctx: State<'_, AppCtx>, case_id: String, person_id: String, role: String) -> IpcResult<()> {
    ctx.with_vault(|v| {
        let role = Role::parse(&role)?;
        v.add_party(&domain::parse_id("case id", &case_id)?, &domain::parse_id("person id", &person_id)?, role)
    })
}

/// The conflict-of-interest check: before a client is taken in, and before a person gets a
/// role on a case (`exclude` = that person). Audited by the core.
#[tauri::command]
pub async fn conflicts_check(ctx: State<'_, AppCtx>, query: ConflictQuery) -> IpcResult<Vec<ConflictMatch>> {
    ctx.with_vault(|v| v.check_conflicts(&query))
}

#[tauri::command]
pub async fn address_add(
    ctx: State<'_, AppCtx>,
    person_id: String,
    address: String,
    since: String,
) -> IpcResult<String> {
    ctx.with_vault(|v| v.add_address(&domain::parse_id("person id", &person_id)?, &address, &since))
}

#[tauri::command]
pub async fn note_add(ctx: State<'_, AppCtx>, case_id: String, text: String) -> IpcResult<String> {
    ctx.with_vault(|v| v.add_note(&domain::parse_id("case id", &case_id)?, &text))
}

#[tauri::command]
pub async fn task_add(
    ctx: State<'_, AppCtx>,
    case_id: String,
    title: String,
    due: Option<String>,
) -> IpcResult<String> {
    ctx.with_vault(|v| v.add_task(&domain::parse_id("case id", &case_id)?, &title, due.as_deref()))
}

#[tauri::command]
pub async fn task_done(ctx: State<'_, AppCtx>, id: String) -> IpcResult<()> {
    ctx.with_vault(|v| v.complete_task(&domain::parse_id("task id", &id)?))
}

fn add_files(ctx: &AppCtx, case_id: &str, paths: &[PathBuf]) -> IpcResult<Vec<Document>> {
    ctx.with_vault(|v| {
        let case_id = domain::parse_id("case id", case_id)?;
        paths.iter().map(|p| v.add_document(&case_id, p)).collect()
    })
}

/// Show the native file picker (in Rust, so the web side needs no file-system permission).
#[tauri::command]
pub async fn doc_pick_and_add(app: AppHandle, ctx: State<'_, AppCtx>, case_id: String) -> IpcResult<Vec<Document>> {
    if !ctx.is_unlocked() {
        return Err(IpcError::locked());
    }
    let paths = dialogs::pick_files(&app);
    add_files(&ctx, &case_id, &paths)
}

/// Files dropped on the window (Tauri hands the UI their paths).
#[tauri::command]
pub async fn doc_add(ctx: State<'_, AppCtx>, case_id: String, paths: Vec<PathBuf>) -> IpcResult<Vec<Document>> {
    add_files(&ctx, &case_id, &paths)
}

/// Ask where to save, then write a decrypted copy. The UI has already warned that the copy
/// leaves the vault. Returns the path, or None if the user cancelled.
fn save_copy(app: &AppHandle, ctx: &AppCtx, id: &str) -> IpcResult<Option<PathBuf>> {
    let id = domain::parse_id("document id", id)?;
    let name = ctx.with_vault(|v| Ok(v.document(&id)?.name))?;
    let Some(path) = dialogs::save_file(app, &name) else {
        return Ok(None);
    };
    // The native dialog has already asked before replacing an existing file.
    ctx.with_vault(|v| v.export_document(&id, &path, true))?;
    Ok(Some(path))
}

#[tauri::command]
pub async fn doc_save_copy(app: AppHandle, ctx: State<'_, AppCtx>, id: String) -> IpcResult<bool> {
    Ok(save_copy(&app, &ctx, &id)?.is_some())
}

#[tauri::command]
pub async fn doc_open_external(app: AppHandle, ctx: State<'_, AppCtx>, id: String) -> IpcResult<bool> {
    let Some(path) = save_copy(&app, &ctx, &id)? else {
        return Ok(false);
    };
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|_| IpcError::internal("no program could open the file"))?;
    Ok(true)
}

#[tauri::command]
pub async fn search(ctx: State<'_, AppCtx>, query: String) -> IpcResult<Vec<SearchHit>> {
    ctx.with_vault(|v| v.search(&query, 50))
}
