//! Printing results: human text, or one JSON document on stdout.

use serde::Serialize;
use serde_json::json;

use amparo::Error;

pub struct Out {
    json: bool,
}

impl Out {
    pub fn new(json: bool) -> Out {
        Out { json }
    }

    /// Print a result: `value` as JSON, or `human()` as text.
    pub fn print<T: Serialize>(&self, value: &T, human: impl FnOnce() -> String) {
        if self.json {
            match serde_json::to_string_pretty(value) {
                Ok(s) => println!("{s}"),
                Err(_) => println!("{{\"error\":{{\"code\":\"internal\",\"message\":\"could not format output\"}}}}"),
            }
        } else {
            let text = human();
            if !text.is_empty() {
                println!("{text}");
            }
        }
    }

    /// One line on stderr; with `--json`, also the error document on stdout.
    pub fn error(&self, e: &Error) {
        eprintln!("error: {e}");
        if self.json {
            println!("{}", json!({ "error": { "code": e.code(), "message": e.to_string() } }));
        }
    }
}
