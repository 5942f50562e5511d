//! Lock when the screen locks or the computer is about to sleep (Linux, over D-Bus, no
//! network): an unattended laptop never keeps an open vault. The screen lock comes from the
//! session bus (`ActiveChanged(true)` of the freedesktop or GNOME screen saver), the sleep
//! from logind on the system bus (`PrepareForSleep(true)`). Where a bus or service is missing
//! the app simply does without; the idle lock still applies.

use tauri::{AppHandle, Manager};
use zbus::blocking::{Connection, MessageIterator};
use zbus::message::Type;
use zbus::MatchRule;

use crate::session::AppCtx;

/// Start both listeners.
pub fn start_watch(app: AppHandle) {
    for interface in ["org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver"] {
        let screen = app.clone();
        std::thread::spawn(move || {
            if let Ok(conn) = Connection::session() {
                listen(&screen, &conn, interface, "ActiveChanged");
            }
        });
    }
    std::thread::spawn(move || {
        if let Ok(conn) = Connection::system() {
            listen(&app, &conn, "org.freedesktop.login1.Manager", "PrepareForSleep");
        }
    });
}

/// Lock on every `interface.member(true)` signal until the bus goes away.
fn listen(app: &AppHandle, conn: &Connection, interface: &'static str, member: &'static str) {
    let rule = (|| {
        Ok::<_, zbus::Error>(MatchRule::builder().msg_type(Type::Signal).interface(interface)?.member(member)?.build())
    })();
    let Ok(rule) = rule else { return };
    let Ok(messages) = MessageIterator::for_match_rule(rule, conn, Some(16)) else { return };
    for message in messages.flatten() {
        if message.body().deserialize::<bool>().unwrap_or(false) {
            app.state::<AppCtx>().lock_and_notify("system");
        }
    }
}
