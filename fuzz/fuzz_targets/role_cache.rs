//! The role-cache reader accepts any bytes without panicking; an accepted entry round-trips and
//! its freshness check never overflows, whatever the expiry and the minimum remaining time.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| awsso::__private::fuzz::role_cache(data));
