//! INI parse → render is the identity, and reading a document never panics.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| awsso::__private::fuzz::ini_roundtrip(data));
