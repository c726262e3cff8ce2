//! AWS profile normalisation over arbitrary config and credentials files never panics, and
//! every diagnostic points at a line of its file.
#![no_main]

use std::path::Path;

use awsso::profile::ProfileSet;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // One input holds both files, split at the first NUL.
    let (config, credentials) = text.split_once('\0').unwrap_or((text, ""));
    let set = ProfileSet::parse(
        Some((Path::new("config"), config)),
        Some((Path::new("credentials"), credentials)),
    );
    for name in set.profile_names() {
        let profile = set.profile(name).expect("a listed profile exists");
        for (key, _) in profile.keys() {
            let _ = profile.sub_properties(key);
            let _ = profile.location(Some(key));
        }
    }
    for d in set.diagnostics() {
        let lines = if d.path == Path::new("config") { config } else { credentials };
        assert!(d.line >= 1 && d.line <= lines.split('\n').count().max(1), "{d:?}");
    }
});
