//! AWS profile normalisation over arbitrary config and credentials files never panics, and
//! every diagnostic points at a line of its file.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| awsso::__private::fuzz::profile_normalize(data));
