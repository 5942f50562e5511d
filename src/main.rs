//! The `amparo` command-line tool: a thin face over the core library for IT staff, scripts,
//! backups and tests. See `amparo --help` and docs/cli.md.

#![forbid(unsafe_code)]

mod cli;

fn main() {
    amparo::hardening::apply_release();
    std::process::exit(cli::run());
}
