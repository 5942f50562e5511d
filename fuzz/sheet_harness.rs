//! What one fuzz input for the spreadsheet reader exercises (shared by the cargo-fuzz target
//! `parse_sheet` and the corpus replay in tests/integration/fuzz_corpus.rs).
//!
//! The first byte picks the format (CSV, XLSX, ODS); the rest is the file. A sheet that reads
//! is then imported as a dry run into a vault with a few people, so the mapping guess, every
//! row's validation and the conflict check see the hostile cells too.

use amparo::domain::records::NewPerson;
use amparo::store::sheet_import::SheetOptions;
use amparo::vault::kdf::KdfChoice;
use amparo::Vault;
use secrecy::SecretString;

pub struct SheetHarness {
    _dir: tempfile::TempDir,
    vault: Vault,
}

impl SheetHarness {
    pub fn new() -> SheetHarness {
        let dir = tempfile::tempdir().expect("temp dir");
        let pass = SecretString::from("fuzz harness passphrase");
        let mut vault = Vault::create(&dir.path().join("v"), &pass, KdfChoice::InsecureForTests).expect("vault").vault;
        for name in ["José Pérez López", "Mohammed Al-Hassan", "Jean-Baptiste Pierre"] {
            vault.add_person(NewPerson { name: name.into(), ..Default::default() }).expect("person");
        }
        SheetHarness { _dir: dir, vault }
    }

    /// Returns whether the sheet read and every row imported cleanly (dry run).
    pub fn run(&mut self, data: &[u8]) -> bool {
        let Some((&format, bytes)) = data.split_first() else {
            return false;
        };
        let ext = ["csv", "xlsx", "ods"][usize::from(format % 3)];
        let Ok(table) = amparo::sheet::read_bytes(bytes.to_vec(), ext) else {
            return false;
        };
        match self.vault.import_table(&table, &SheetOptions { dry_run: true, mapping: None }) {
            Ok(summary) => {
                assert!(!summary.committed, "a dry run never commits");
                summary.errors.is_empty()
            }
            Err(e) => {
                // Only a clear, codified error: never a panic, never a database failure.
                assert_eq!(e.code(), "invalid-input", "{e}");
                false
            }
        }
    }
}
