//! Process hardening. In release builds: no core dumps (a crash must not write decrypted
//! database pages or keys to disk) and no ptrace attach by other processes of the same user.

/// Apply what the platform allows, in release builds only (debug builds stay debuggable).
/// Failures are ignored: hardening is defence in depth and must never stop a lawyer from working.
pub fn apply_release() {
    #[cfg(all(target_os = "linux", not(debug_assertions)))]
    {
        use rustix::process::{set_dumpable_behavior, setrlimit, DumpableBehavior, Resource, Rlimit};
        let _ = setrlimit(Resource::Core, Rlimit { current: Some(0), maximum: Some(0) });
        let _ = set_dumpable_behavior(DumpableBehavior::NotDumpable);
    }
}

/// A panic must never print a backtrace or its payload (which might hold client data): replace
/// the default hook with one fixed line. Used by the CLI and the desktop app alike.
pub fn install_quiet_panic_hook() {
    std::panic::set_hook(Box::new(|_| {
        eprintln!("error: internal error in amparo (no data was printed); please report it");
    }));
}
