//! `SHEQU_TIMINGS`: how long each stage took, on stderr, for profiling a build by hand.

use std::time::Instant;

/// With `SHEQU_TIMINGS` set, prints how long a stage took; returns the next stage's start.
pub fn lap(what: &str, since: Instant) -> Instant {
    if std::env::var_os("SHEQU_TIMINGS").is_some() {
        eprintln!(
            "timing: {what}: {:.1} ms",
            since.elapsed().as_secs_f64() * 1000.0
        );
    }
    Instant::now()
}
