//! The token-cache and registration readers accept any bytes without panicking, and what they
//! accept survives a write → read round trip.
#![no_main]

use std::path::Path;

use awsso::sso::token_cache;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("/cache/x.json");
    if let Ok(token) = token_cache::parse(data, path) {
        let json = serde_json::to_vec(&token).expect("a parsed token serialises");
        let again = token_cache::parse(&json, path).expect("a written token parses");
        assert_eq!(again, token);
    }
    let _ = token_cache::parse_registration(data);
});
