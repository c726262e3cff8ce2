//! The loopback listener's request handling: any request head classifies without panicking,
//! and a code is only ever returned with exactly the expected state.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| awsso::__private::fuzz::callback(data));
