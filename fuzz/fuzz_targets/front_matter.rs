//! Front-matter splitting and typed parsing of arbitrary bytes (as a case and as an
//! issue), with every diagnostic rendered. Must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    shequ::fuzzing::front_matter(data);
});
