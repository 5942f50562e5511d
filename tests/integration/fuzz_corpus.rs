//! Every input the importer's fuzzer kept (fuzz/corpus/import_bundle) and every seed
//! (fuzz/seeds/import_bundle) replayed through the same harness on stable, so a fixed crash
//! stays fixed and CI needs no nightly toolchain (ADR 0007).

#[path = "../../fuzz/harness.rs"]
mod harness;

use std::path::{Path, PathBuf};

fn inputs(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz").join(dir);
    let mut v: Vec<_> = std::fs::read_dir(&dir).expect("checked in").flatten().map(|e| e.path()).collect();
    v.sort();
    v
}

#[test]
fn the_fuzz_corpus_replays_without_a_panic() {
    let corpus = inputs("corpus/import_bundle");
    let seeds = inputs("seeds/import_bundle");
    assert!(corpus.len() >= 100 && seeds.len() >= 20, "the corpus and the seeds are checked in");
    let mut h = harness::Harness::new();
    let mut clean = Vec::new();
    for input in seeds.iter().chain(&corpus) {
        if h.run(&std::fs::read(input).unwrap()) {
            clean.push(input.file_name().unwrap().to_string_lossy().to_string());
        }
    }
    // The valid seeds get all the way through: the harness reaches past the signature.
    assert!(clean.iter().any(|n| n == "valid-case-person-attachment"), "{clean:?}");
}

#[path = "../../fuzz/sheet_harness.rs"]
mod sheet_harness;

#[test]
fn the_sheet_fuzz_corpus_replays_without_a_panic() {
    let corpus = inputs("corpus/parse_sheet");
    let seeds = inputs("seeds/parse_sheet");
    assert!(!corpus.is_empty() && seeds.len() >= 8, "the corpus and the seeds are checked in");
    let mut h = sheet_harness::SheetHarness::new();
    let mut clean = Vec::new();
    for input in seeds.iter().chain(&corpus) {
        if h.run(&std::fs::read(input).unwrap()) {
            clean.push(input.file_name().unwrap().to_string_lossy().to_string());
        }
    }
    // Valid seeds of each format get all the way through the importer's dry run.
    for valid in ["csv-valid", "xlsx-valid", "ods-valid"] {
        assert!(clean.iter().any(|n| n == valid), "{valid} did not import cleanly: {clean:?}");
    }
}
