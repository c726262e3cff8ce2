//! The role-cache reader accepts any bytes without panicking; an accepted entry round-trips and
//! its freshness check never overflows, whatever the expiry and the minimum remaining time.
#![no_main]

use std::time::Duration;

use awsso::sso::role_cache;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (head, body) = data.split_at(data.len().min(16));
    let mut n = [0u8; 16];
    n[..head.len()].copy_from_slice(head);
    let secs = u64::from_le_bytes(n[..8].try_into().expect("8 bytes"));
    let now = i64::from_le_bytes(n[8..].try_into().expect("8 bytes")) % 253_402_300_799;
    let Some(entry) = role_cache::parse_entry(body) else {
        return;
    };
    let json = serde_json::to_vec(&entry).expect("an entry serialises");
    assert_eq!(role_cache::parse_entry(&json), Some(entry.clone()));
    let now = time::OffsetDateTime::from_unix_timestamp(now.abs()).expect("in range");
    let _ = role_cache::is_fresh(&entry.credentials, now, Duration::from_secs(secs));
    let _ = role_cache::process_json(&entry.credentials);
});
