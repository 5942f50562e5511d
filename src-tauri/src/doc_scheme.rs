//! `amparo-doc://localhost/<document id>`: documents decrypted into memory and handed straight to
//! the webview, so viewing an image or a PDF never writes a plaintext temp file. Responses say
//! `no-store` so WebKit keeps no copy, and only images and PDFs are served (anything else is
//! exported deliberately, with a warning).

use std::borrow::Cow;

use tauri::http::{header, Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext};

use crate::session::AppCtx;

pub const SCHEME: &str = "amparo-doc";

/// Origins of our own UI (Linux/macOS, Windows); the PDF viewer fetches from them.
const OWN_ORIGINS: &[&str] = &["tauri://localhost", "http://tauri.localhost"];

fn content_type(name: &str, bytes: &[u8]) -> Option<&'static str> {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    // Trust the bytes over the name: a renamed file is shown as what it is, or not at all.
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() > 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else if ext == "txt" && std::str::from_utf8(bytes).is_ok() {
        Some("text/plain; charset=utf-8")
    } else {
        None
    }
}

fn status(code: StatusCode) -> Response<Cow<'static, [u8]>> {
    Response::builder()
        .status(code)
        .header(header::CACHE_CONTROL, "no-store")
        .body(Cow::Borrowed(&[][..]))
        .unwrap_or_else(|_| Response::new(Cow::Borrowed(&[][..])))
}

pub fn handle<R: Runtime>(ctx: UriSchemeContext<'_, R>, request: Request<Vec<u8>>) -> Response<Cow<'static, [u8]>> {
    let state = ctx.app_handle().state::<AppCtx>();
    let id = request.uri().path().trim_start_matches('/');
    let Ok(id) = amparo::domain::parse_id("document id", id) else {
        return status(StatusCode::NOT_FOUND);
    };
    let (doc, bytes) = match state.with_vault(|v| v.document_bytes(&id)) {
        Ok(found) => found,
        Err(e) if e.code == "locked" => return status(StatusCode::FORBIDDEN),
        Err(e) if e.code == "not-found" => return status(StatusCode::NOT_FOUND),
        Err(_) => return status(StatusCode::UNPROCESSABLE_ENTITY),
    };
    let Some(mime) = content_type(&doc.name, &bytes) else {
        return status(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    };
    let origin = request.headers().get(header::ORIGIN).and_then(|o| o.to_str().ok()).unwrap_or("");
    let mut response = Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, mime)
        .header(header::CACHE_CONTROL, "no-store")
        .header("X-Content-Type-Options", "nosniff")
        // A served PDF or image may not run scripts or load anything else.
        .header("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'");
    if OWN_ORIGINS.contains(&origin) {
        response = response.header(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
    response.body(Cow::Owned(bytes)).unwrap_or_else(|_| status(StatusCode::INTERNAL_SERVER_ERROR))
}
