//! Intake and office commands: the spreadsheet import (choose a file, preview with a mapping,
//! import exactly that file) and the statistics report. Thin: the core does the work.

use amparo::store::report::Report;
use amparo::store::sheet_import::{SheetMapping, SheetOptions, SheetSummary};
use tauri::{AppHandle, State};

use crate::dialogs;
use crate::ipc_error::IpcResult;
use crate::session::AppCtx;

/// Choose a spreadsheet and preview it (a dry run) with the remembered or guessed mapping.
/// `None` if the dialog was cancelled.
#[tauri::command]
pub async fn sheet_pick_and_preview(app: AppHandle, ctx: State<'_, AppCtx>) -> IpcResult<Option<SheetSummary>> {
    let Some(path) = dialogs::pick_file(&app) else {
        return Ok(None);
    };
    let summary = ctx.with_vault(|v| v.import_sheet(&path, &SheetOptions { dry_run: true, mapping: None }))?;
    ctx.set_pending_sheet(Some(path));
    Ok(Some(summary))
}

/// Preview the chosen spreadsheet again with another mapping.
#[tauri::command]
pub async fn sheet_preview(ctx: State<'_, AppCtx>, mapping: SheetMapping) -> IpcResult<SheetSummary> {
    let path = ctx.pending_sheet()?;
    ctx.with_vault(|v| v.import_sheet(&path, &SheetOptions { dry_run: true, mapping: Some(mapping) }))
}

/// Import the chosen spreadsheet: every row or none.
#[tauri::command]
pub async fn sheet_import(ctx: State<'_, AppCtx>, mapping: SheetMapping) -> IpcResult<SheetSummary> {
    let path = ctx.pending_sheet()?;
    let summary =
        ctx.with_vault(|v| v.import_sheet(&path, &SheetOptions { dry_run: false, mapping: Some(mapping) }))?;
    if summary.committed {
        ctx.set_pending_sheet(None);
    }
    Ok(summary)
}

#[tauri::command]
pub async fn report_get(ctx: State<'_, AppCtx>, from: Option<String>, to: Option<String>) -> IpcResult<Report> {
    ctx.with_vault(|v| v.report(from.as_deref(), to.as_deref()))
}

/// Save the report as CSV where the lawyer chooses; false if the dialog was cancelled.
#[tauri::command]
pub async fn report_save_csv(
    app: AppHandle,
    ctx: State<'_, AppCtx>,
    from: Option<String>,
    to: Option<String>,
) -> IpcResult<bool> {
    let report = ctx.with_vault(|v| v.report(from.as_deref(), to.as_deref()))?;
    let Some(path) = dialogs::save_file(&app, "amparo-report.csv") else {
        return Ok(false);
    };
    report.write_csv(&path)?;
    Ok(true)
}
