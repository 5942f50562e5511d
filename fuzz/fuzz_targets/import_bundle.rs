//! `cargo +nightly fuzz run import_bundle`: the importer against arbitrary bundles (see
//! ../harness.rs for what one input exercises).
#![no_main]

#[path = "../harness.rs"]
mod harness;

use std::sync::{Mutex, OnceLock};

use libfuzzer_sys::fuzz_target;

static HARNESS: OnceLock<Mutex<harness::Harness>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let h = HARNESS.get_or_init(|| Mutex::new(harness::Harness::new()));
    h.lock().unwrap_or_else(|p| p.into_inner()).run(data);
    // (whether it previewed cleanly only matters to the replay test)
});
