//! The main window, built in code rather than in tauri.conf.json so that its privacy settings
//! are decided in one visible place.
//!
//! The webview is incognito: WebKit keeps no website data (cache, local storage, cookies) on
//! disk. One exception: WebKitGTK refuses WebDriver automation on an ephemeral (incognito)
//! context, so a *debug* build started by tauri-driver (which sets TAURI_WEBVIEW_AUTOMATION)
//! uses the default context instead. The end-to-end tests then scan that on-disk website data
//! for client canaries too. Release builds are always incognito (docs/adr/0003).

use tauri::{App, WebviewUrl, WebviewWindowBuilder};

pub const MAIN: &str = "main";

fn incognito() -> bool {
    let under_webdriver = std::env::var("TAURI_WEBVIEW_AUTOMATION").as_deref() == Ok("true");
    !(cfg!(debug_assertions) && under_webdriver)
}

pub fn open_main(app: &App) -> tauri::Result<()> {
    WebviewWindowBuilder::new(app, MAIN, WebviewUrl::App("index.html".into()))
        .title("Amparo")
        .inner_size(1280.0, 800.0)
        .min_inner_size(900.0, 600.0)
        .center()
        .incognito(incognito())
        .build()?;
    Ok(())
}
