//! `cargo +nightly fuzz run parse_sheet`: the spreadsheet reader and importer against
//! arbitrary files (see ../sheet_harness.rs for what one input exercises).
#![no_main]

#[path = "../sheet_harness.rs"]
mod sheet_harness;

use std::sync::{Mutex, OnceLock};

use libfuzzer_sys::fuzz_target;

static HARNESS: OnceLock<Mutex<sheet_harness::SheetHarness>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let h = HARNESS.get_or_init(|| Mutex::new(sheet_harness::SheetHarness::new()));
    h.lock().unwrap_or_else(|p| p.into_inner()).run(data);
});
