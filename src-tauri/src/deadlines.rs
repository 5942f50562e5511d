//! IPC commands for events, deadlines, closures, reminders and the calendar: thin adapters over
//! the core's deadline API, like everything in `commands.rs`.

use amparo::deadlines::{Deadline, RuleId, Warning};
use amparo::domain::{self, CalendarId, EventKind};
use amparo::store::deadlines::{CalendarItem, Closure, DeadlineFilter, DeadlineSettings, Reminder};
use serde::Deserialize;
use tauri::{AppHandle, State};

use crate::dialogs;
use crate::ipc_error::{IpcError, IpcResult};
use crate::session::AppCtx;

fn case_id(s: &str) -> amparo::Result<String> {
    domain::parse_id("case id", s)
}

fn calendar(s: Option<String>) -> amparo::Result<Option<CalendarId>> {
    s.as_deref().map(CalendarId::parse).transpose()
}

/// Record an event; returns the case's deadline warnings after recomputation.
#[tauri::command]
pub async fn event_add(
    ctx: State<'_, AppCtx>,
    case_id: String,
    kind: String,
    date: String,
    note: Option<String>,
) -> IpcResult<Vec<Warning>> {
    ctx.with_vault(|v| {
        let (case_id, kind) = (self::case_id(&case_id)?, EventKind::parse(&kind)?);
        v.add_event(&case_id, kind, &date, note.as_deref())?;
        v.deadline_warnings(&case_id)
    })
}

#[tauri::command]
pub async fn event_update(ctx: State<'_, AppCtx>, id: String, date: String, note: Option<String>) -> IpcResult<()> {
    ctx.with_vault(|v| v.update_event(&domain::parse_id("event id", &id)?, &date, note.as_deref()))
}

#[tauri::command]
pub async fn event_delete(ctx: State<'_, AppCtx>, id: String) -> IpcResult<()> {
    ctx.with_vault(|v| v.delete_event(&domain::parse_id("event id", &id)?))
}

#[tauri::command]
pub async fn deadlines_list(ctx: State<'_, AppCtx>, filter: DeadlineFilter) -> IpcResult<Vec<Deadline>> {
    ctx.with_vault(|v| v.deadlines(&filter))
}

#[tauri::command]
pub async fn deadline_add(ctx: State<'_, AppCtx>, case_id: String, title: String, due: String) -> IpcResult<String> {
    ctx.with_vault(|v| v.add_manual_deadline(&self::case_id(&case_id)?, &title, &due))
}

#[tauri::command]
pub async fn deadline_done(ctx: State<'_, AppCtx>, id: String) -> IpcResult<()> {
    ctx.with_vault(|v| v.complete_deadline(&domain::parse_id("deadline id", &id)?))
}

#[tauri::command]
pub async fn deadline_reopen(ctx: State<'_, AppCtx>, id: String) -> IpcResult<()> {
    ctx.with_vault(|v| v.reopen_deadline(&domain::parse_id("deadline id", &id)?))
}

#[tauri::command]
pub async fn deadline_delete(ctx: State<'_, AppCtx>, id: String) -> IpcResult<()> {
    ctx.with_vault(|v| v.delete_deadline(&domain::parse_id("deadline id", &id)?))
}

/// `edition: None` goes back to the edition in effect on each event's date.
#[tauri::command]
pub async fn rule_edition_set(
    ctx: State<'_, AppCtx>,
    case_id: String,
    rule: String,
    edition: Option<String>,
) -> IpcResult<()> {
    ctx.with_vault(|v| v.set_rule_edition(&self::case_id(&case_id)?, RuleId::parse(&rule)?, edition.as_deref()))
}

#[tauri::command]
pub async fn closures_list(ctx: State<'_, AppCtx>) -> IpcResult<Vec<Closure>> {
    ctx.with_vault(|v| v.closures())
}

/// Closed days (`last_day` absent: one day) or a suspension period.
#[tauri::command]
pub async fn closure_add(
    ctx: State<'_, AppCtx>,
    first_day: String,
    last_day: Option<String>,
    calendar: Option<String>,
    note: Option<String>,
    suspension: bool,
) -> IpcResult<String> {
    ctx.with_vault(|v| {
        let cal = self::calendar(calendar)?;
        if suspension {
            v.add_suspension(&first_day, last_day.as_deref().unwrap_or(&first_day), cal, note.as_deref())
        } else {
            v.add_closure(&first_day, last_day.as_deref(), cal, note.as_deref())
        }
    })
}

#[tauri::command]
pub async fn closure_delete(ctx: State<'_, AppCtx>, id: String) -> IpcResult<()> {
    ctx.with_vault(|v| v.delete_closure(&domain::parse_id("closure id", &id)?))
}

#[tauri::command]
pub async fn deadline_settings_get(ctx: State<'_, AppCtx>) -> IpcResult<DeadlineSettings> {
    ctx.with_vault(|v| v.deadline_settings())
}

#[tauri::command]
pub async fn deadline_settings_set(ctx: State<'_, AppCtx>, settings: DeadlineSettings) -> IpcResult<DeadlineSettings> {
    ctx.with_vault(|v| {
        v.set_deadline_settings(settings)?;
        v.deadline_settings()
    })
}

/// Reminders not yet seen (including those missed while the app was closed or locked).
#[tauri::command]
pub async fn reminders_due(ctx: State<'_, AppCtx>) -> IpcResult<Vec<Reminder>> {
    ctx.with_vault(|v| v.due_reminders())
}

#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SeenReminder {
    pub deadline_id: String,
    pub lead_days: u32,
}

#[tauri::command]
pub async fn reminders_seen(ctx: State<'_, AppCtx>, seen: Vec<SeenReminder>) -> IpcResult<()> {
    ctx.with_vault(|v| {
        let seen = seen
            .into_iter()
            .map(|s| Ok((domain::parse_id("deadline id", &s.deadline_id)?, s.lead_days)))
            .collect::<amparo::Result<Vec<_>>>()?;
        v.mark_reminders_seen(&seen)
    })
}

#[tauri::command]
pub async fn calendar_items(ctx: State<'_, AppCtx>, from: String, to: String) -> IpcResult<Vec<CalendarItem>> {
    ctx.with_vault(|v| v.calendar(&from, &to))
}

/// Ask where to save, then write the `.ics` file. The UI has already warned that it leaves the
/// vault. Returns the number of entries, or None if the user cancelled.
#[tauri::command]
pub async fn calendar_export(
    app: AppHandle,
    ctx: State<'_, AppCtx>,
    with_case_titles: bool,
) -> IpcResult<Option<usize>> {
    if !ctx.is_unlocked() {
        return Err(IpcError::locked());
    }
    let Some(path) = dialogs::save_file(&app, "amparo-deadlines.ics") else {
        return Ok(None);
    };
    // The native dialog has already asked before replacing an existing file.
    ctx.with_vault(|v| v.export_ics(&path, true, None, None, with_case_titles)).map(Some)
}
