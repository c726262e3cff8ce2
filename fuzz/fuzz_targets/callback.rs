//! The loopback listener's request handling: any request head classifies without panicking,
//! and a code is only ever returned with exactly the expected state.
#![no_main]

use awsso::sso::login::{Callback, parse_callback};
use libfuzzer_sys::fuzz_target;

const STATE: &str = "s7Xq-expected";

fuzz_target!(|data: &[u8]| {
    let with_expected = parse_callback(data, STATE);
    // Accepted (code, error or no code) for one state means refused for any other state.
    if matches!(
        with_expected,
        Callback::Code(_) | Callback::Error(_) | Callback::NoCode
    ) {
        assert_eq!(parse_callback(data, "another-state"), Callback::WrongState);
    }
    // The same request with the right state appended must never be a state mismatch when it
    // is a callback at all.
    let mut with_state = b"GET /oauth/callback?state=".to_vec();
    with_state.extend_from_slice(STATE.as_bytes());
    with_state.extend_from_slice(b"&code=");
    with_state.extend(data.iter().filter(|b| b.is_ascii_alphanumeric()));
    with_state.extend_from_slice(b" HTTP/1.1\r\n\r\n");
    assert!(matches!(
        parse_callback(&with_state, STATE),
        Callback::Code(_) | Callback::NoCode
    ));
});
