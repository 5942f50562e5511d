//! Every input the importer's fuzzer kept (fuzz/corpus/import_bundle) replayed through the same
//! harness on stable, so a fixed crash stays fixed and CI needs no nightly toolchain (ADR 0007).

#[path = "../../fuzz/harness.rs"]
mod harness;

#[test]
fn the_fuzz_corpus_replays_without_a_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/import_bundle");
    let mut inputs: Vec<_> =
        std::fs::read_dir(&dir).expect("the checked-in corpus").flatten().map(|e| e.path()).collect();
    inputs.sort();
    assert!(inputs.len() >= 20, "the corpus is checked in ({} inputs)", inputs.len());
    let mut h = harness::Harness::new();
    let mut clean = Vec::new();
    for input in &inputs {
        if h.run(&std::fs::read(input).unwrap()) {
            clean.push(input.file_name().unwrap().to_string_lossy().to_string());
        }
    }
    // The valid seeds get all the way through: the harness reaches past the signature.
    assert!(clean.iter().any(|n| n == "valid-case-person-attachment"), "{clean:?}");
}
