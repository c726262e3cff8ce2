//! The argument parsers: role ARNs, durations, rates, concurrency, and whole command lines
//! (selection flags included) never panic, and what they accept is in range.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| awsso::__private::fuzz::args(data));
