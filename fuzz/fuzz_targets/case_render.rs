//! The whole parse-and-render of one case file in a one-issue site with the default theme.
//! Must never panic, and what it renders must stay well-formed (see `checks.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

mod checks;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(out) = shequ::fuzzing::render_single_case(text) {
        if let Err(why) = checks::check(&out) {
            panic!("{why}");
        }
    }
});
