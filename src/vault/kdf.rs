//! Passphrase stretching with Argon2id.
//!
//! A seized laptop's key-slot file is attacked offline, so the only defence of a weak passphrase
//! is the cost of each guess. At creation we calibrate to about one second on the lawyer's own
//! machine, never going below RFC 9106's second recommended option (m = 64 MiB, t = 3, p = 4).
//! A hostile key-slot file must not be able to freeze the machine either, so on open we refuse
//! parameters above a ceiling.

use std::time::{Duration, Instant};

use argon2::{Algorithm, Argon2, Params, Version};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// Argon2id cost parameters as stored in the key-slot file header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Passes.
    pub t: u32,
    /// Lanes.
    pub p: u32,
}

/// RFC 9106 §4 second recommendation: the floor for any vault a release build creates or opens.
pub const FLOOR: KdfParams = KdfParams { m_kib: 64 * 1024, t: 3, p: 4 };
/// Anything above this is treated as hostile: 2 GiB of memory or 64 passes is far beyond any
/// calibration on a lawyer's laptop.
pub const CEILING: KdfParams = KdfParams { m_kib: 2 * 1024 * 1024, t: 64, p: 16 };
/// Calibration target per unlock.
pub const TARGET: Duration = Duration::from_secs(1);
/// Calibration never asks for more memory than this (leaves room on an 8 GB laptop).
const CALIBRATION_MAX_M_KIB: u32 = 1024 * 1024;

/// Which parameters a new vault gets.
#[derive(Debug, Clone, Copy)]
pub enum KdfChoice {
    /// Measure this machine and aim at [`TARGET`].
    Calibrate,
    /// Parameters below the floor, for tests only. Only debug builds can construct a vault with
    /// these (see [`KdfChoice::insecure_for_tests`]); release builds also refuse to open one.
    #[doc(hidden)]
    InsecureForTests,
}

impl KdfChoice {
    /// Test-only cheap parameters, reachable only in debug builds and only when the process
    /// environment sets `AMPARO_INSECURE_TEST_KDF=1`. Release builds always calibrate.
    pub fn from_env() -> KdfChoice {
        if cfg!(debug_assertions) && std::env::var_os("AMPARO_INSECURE_TEST_KDF").is_some_and(|v| v == "1") {
            KdfChoice::InsecureForTests
        } else {
            KdfChoice::Calibrate
        }
    }
}

const TEST_PARAMS: KdfParams = KdfParams { m_kib: 256, t: 1, p: 1 };

impl KdfParams {
    /// Refuse parameters a hostile or downgraded file could carry.
    pub fn check_acceptable(&self) -> Result<()> {
        let above = self.m_kib > CEILING.m_kib || self.t > CEILING.t || self.p > CEILING.p;
        let below = self.m_kib < FLOOR.m_kib || self.t < FLOOR.t || self.p < FLOOR.p;
        let test_ok = cfg!(debug_assertions) && *self == TEST_PARAMS;
        // Argon2 itself needs m >= 8*p; anything else is malformed.
        if above || self.p == 0 || self.t == 0 || self.m_kib < 8 * self.p || (below && !test_ok) {
            return Err(Error::KdfParamsRejected);
        }
        Ok(())
    }

    /// Derive a 32-byte key from a passphrase.
    pub fn derive(&self, passphrase: &[u8], salt: &[u8; 16]) -> Result<Zeroizing<[u8; 32]>> {
        self.check_acceptable()?;
        let params = Params::new(self.m_kib, self.t, self.p, Some(32)).map_err(|_| Error::KdfParamsRejected)?;
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let mut out = Zeroizing::new([0u8; 32]);
        argon.hash_password_into(passphrase, salt, out.as_mut()).map_err(|_| Error::KdfParamsRejected)?;
        Ok(out)
    }

    /// Choose parameters for a new vault.
    pub fn choose(choice: KdfChoice) -> KdfParams {
        match choice {
            KdfChoice::InsecureForTests if cfg!(debug_assertions) => TEST_PARAMS,
            _ => calibrate(TARGET),
        }
    }
}

/// Time one derivation with `params`.
fn time_once(params: KdfParams) -> Duration {
    let start = Instant::now();
    // A derivation with in-range parameters cannot fail; a failure only makes calibration stop early.
    let _ = params.derive(b"calibration", &[0u8; 16]);
    start.elapsed()
}

/// Grow memory first (what hurts GPU attackers), then passes, until one derivation takes about
/// `target`. Starts at the floor, so the result is never below it. Argon2's time is close to
/// linear in memory, so each step aims just under the target; a step that overshoots by more
/// than 20% (a busy machine, a cache cliff) is retried with half the growth rather than kept.
fn calibrate(target: Duration) -> KdfParams {
    let mut params = FLOOR;
    let mut took = time_once(params);
    let mut damping = 1.0;
    for _ in 0..8 {
        if took >= target.mul_f64(0.8) {
            break;
        }
        let wanted = (target.as_secs_f64() * 0.95 / took.as_secs_f64().max(1e-3)).clamp(1.05, 8.0);
        let next = grow(params, 1.0 + (wanted - 1.0) * damping);
        if next == params {
            break;
        }
        let next_took = time_once(next);
        if next_took > target.mul_f64(1.2) {
            damping /= 2.0;
            continue;
        }
        params = next;
        took = next_took;
    }
    params
}

/// Scale memory by `scale` (whole MiB, up to the calibration cap), then passes once memory is capped.
fn grow(params: KdfParams, scale: f64) -> KdfParams {
    let mut next = params;
    if params.m_kib < CALIBRATION_MAX_M_KIB {
        let m = (params.m_kib as f64 * scale).min(CALIBRATION_MAX_M_KIB as f64) as u32;
        next.m_kib = m.max(params.m_kib + 1024) & !1023;
    } else {
        next.t = ((params.t as f64 * scale).ceil() as u32).max(params.t + 1).min(CEILING.t);
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_parameters_are_refused_before_any_work() {
        for p in [
            KdfParams { m_kib: u32::MAX, ..FLOOR },
            KdfParams { t: 1000, ..FLOOR },
            KdfParams { p: 255, ..FLOOR },
            KdfParams { p: 0, ..FLOOR },
            KdfParams { t: 0, ..FLOOR },
        ] {
            assert!(matches!(p.derive(b"x", &[0; 16]), Err(Error::KdfParamsRejected)), "{p:?}");
        }
    }

    #[test]
    fn below_floor_refused_except_the_debug_test_parameters() {
        let weak = KdfParams { m_kib: 1024, t: 1, p: 1 };
        assert!(weak.check_acceptable().is_err());
        assert!(FLOOR.check_acceptable().is_ok());
        assert_eq!(TEST_PARAMS.check_acceptable().is_ok(), cfg!(debug_assertions));
    }

    #[test]
    fn growth_is_memory_first_in_whole_mib_then_passes() {
        let g = grow(FLOOR, 1.5);
        assert_eq!((g.m_kib, g.t), (96 * 1024, 3));
        let capped = KdfParams { m_kib: CALIBRATION_MAX_M_KIB, ..FLOOR };
        assert_eq!(grow(capped, 1.5), KdfParams { t: 5, ..capped });
        let top = KdfParams { t: CEILING.t, ..capped };
        assert_eq!(grow(top, 2.0), top, "never beyond the ceiling");
    }

    #[test]
    fn derivation_is_deterministic_and_salted() {
        let a = TEST_PARAMS.derive(b"pass", &[1; 16]).unwrap();
        let b = TEST_PARAMS.derive(b"pass", &[1; 16]).unwrap();
        let c = TEST_PARAMS.derive(b"pass", &[2; 16]).unwrap();
        assert_eq!(*a, *b);
        assert_ne!(*a, *c);
    }
}
