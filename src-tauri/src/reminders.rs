//! Deadline reminders as local desktop notifications.
//!
//! A background check asks the core which reminders are due (it keeps track of what the lawyer
//! has seen, so one missed while the app was closed or locked comes back at the next unlock) and
//! tells the window with a `reminders-due` event; the window lists them and marks them seen.
//! The desktop notification itself goes to the local notification service over D-Bus (no
//! network) and says only how many deadlines need attention: notification daemons keep a
//! history on disk, so it never carries a case title or a client's name.

use std::collections::BTreeSet;
use std::time::Duration;

use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_notification::NotificationExt;

use crate::session::AppCtx;

/// Due reminders are checked this often, and right after every unlock (reminders missed while
/// the app was closed or locked are announced then).
const CHECK_EVERY: Duration = Duration::from_secs(60);
const TICK: Duration = Duration::from_secs(2);

pub fn start_watch(app: AppHandle) {
    std::thread::spawn(move || {
        // Deadline ids already announced in this session, so a notification is not repeated
        // every minute while the lawyer has not opened the list yet.
        let mut announced: BTreeSet<String> = BTreeSet::new();
        let mut session = 0;
        let mut since_check = CHECK_EVERY;
        loop {
            let unlocks = app.state::<AppCtx>().unlock_count();
            if unlocks != session {
                session = unlocks;
                announced.clear();
                since_check = CHECK_EVERY;
            }
            if since_check >= CHECK_EVERY {
                check(&app, &mut announced);
                since_check = Duration::ZERO;
            }
            std::thread::sleep(TICK);
            since_check += TICK;
        }
    });
}

fn check(app: &AppHandle, announced: &mut BTreeSet<String>) {
    let ctx = app.state::<AppCtx>();
    let Some(Ok(due)) = ctx.peek_vault(|v| v.due_reminders()) else {
        return;
    };
    let fresh = due.iter().filter(|r| !announced.contains(&r.deadline.id)).count();
    if fresh == 0 {
        return;
    }
    announced.extend(due.iter().map(|r| r.deadline.id.clone()));
    let _ = app.emit("reminders-due", due.len());
    let body = match (ctx.settings().language, due.len()) {
        (amparo::settings::Language::En, 1) => "1 deadline needs your attention.".to_string(),
        (amparo::settings::Language::En, n) => format!("{n} deadlines need your attention."),
        (amparo::settings::Language::Es, 1) => "1 plazo requiere su atención.".to_string(),
        (amparo::settings::Language::Es, n) => format!("{n} plazos requieren su atención."),
    };
    // No notification service (a bare X server, a locked-down desktop): the in-app list remains.
    let _ = app.notification().builder().title("Amparo").body(body).show();
}
