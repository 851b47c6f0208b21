//! `SHEQU_TIMINGS`: how long each stage took, and the process's memory then, on stderr, for
//! profiling a build by hand.

use std::time::Instant;

/// With `SHEQU_TIMINGS` set, prints how long a stage took (and, on Linux, the resident
/// memory and its peak so far); returns the next stage's start.
pub fn lap(what: &str, since: Instant) -> Instant {
    if std::env::var_os("SHEQU_TIMINGS").is_some() {
        eprintln!(
            "timing: {what}: {:.1} ms{}",
            since.elapsed().as_secs_f64() * 1000.0,
            memory()
        );
    }
    Instant::now()
}

/// ` (RSS n MiB, peak m MiB)` from `/proc/self/status`, or nothing where there is none.
fn memory() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let kib = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse::<u64>().ok())
    };
    match (kib("VmRSS:"), kib("VmHWM:")) {
        (Some(rss), Some(peak)) => format!(" (RSS {} MiB, peak {} MiB)", rss / 1024, peak / 1024),
        _ => String::new(),
    }
}
