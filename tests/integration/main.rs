//! Integration tests of the core and the `amparo` CLI, in one test binary (faster to build and
//! link than one per file). Shared helpers live in `util`.

mod backup;
mod canary;
mod cli_contract;
mod conflicts;
mod crash;
mod deadlines;
mod duress;
mod exchange;
mod fuzz_corpus;
mod golden;
mod import;
mod report;
mod search;
mod sheet_import;
mod store;
mod tamper;
mod unlock;
mod util;
mod wipe;
