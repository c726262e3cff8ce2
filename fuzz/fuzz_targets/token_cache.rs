//! The token-cache and registration readers accept any bytes without panicking, and what they
//! accept survives a write → read round trip.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| awsso::__private::fuzz::token_cache(data));
