//! BENCH-ONLY switches. Never set in production, never with `--demo`.
//!
//! `PASSERELLE_BENCH_STORE=off` makes the `OpiMetier` operations stop after the
//! whole SOAP path (charset, envelope, DTO decoding, mapping, every validation
//! rule) and answer success **without writing anything**: the course-structure
//! check and the upsert are skipped. It exists so that the SOAP path can be
//! load-tested alone (docs/PERFORMANCE.md). The server refuses to start with it
//! unless the value is exactly `off` and the demo data set is not requested, and
//! logs a warning at start-up. No configuration file can turn it on.

use std::sync::atomic::{AtomicBool, Ordering};

/// The environment variable of the switch.
pub const STORE_ENV: &str = "PASSERELLE_BENCH_STORE";

static STORE_OFF: AtomicBool = AtomicBool::new(false);

/// Whether OPI writes are discarded (bench mode).
#[inline]
pub fn store_off() -> bool {
    STORE_OFF.load(Ordering::Relaxed)
}

/// Reads [`STORE_ENV`] once at start-up. `Err` (the server must not start) for
/// any value other than `off`, or `off` together with the demo data set.
pub fn init_from_env(demo: bool) -> Result<(), String> {
    match std::env::var(STORE_ENV) {
        Err(_) => Ok(()),
        Ok(v) if v == "off" => {
            if demo {
                return Err(format!(
                    "{STORE_ENV}=off is a benchmark switch and is refused with --demo"
                ));
            }
            set_store_off(true);
            tracing::warn!(
                "BENCH MODE ({STORE_ENV}=off): OpiMetier requests are validated and then DISCARDED; nothing is written"
            );
            Ok(())
        }
        Ok(v) => Err(format!(
            "{STORE_ENV}={v}: the only accepted value is « off » (benchmarks only); unset it otherwise"
        )),
    }
}

/// Turns the switch on or off (the benches and the switch's own test).
pub fn set_store_off(off: bool) {
    STORE_OFF.store(off, Ordering::Relaxed);
}
