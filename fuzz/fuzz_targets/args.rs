//! The argument parsers: role ARNs, durations, rates, concurrency, and whole command lines
//! (selection flags included) never panic, and what they accept is in range.
#![no_main]

use awsso::cli;
use awsso::sso::target;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok((account, role)) = target::parse_role_arn(text) {
        assert!(awsso::ids::check_account_id(&account).is_ok());
        assert!(awsso::ids::check_role_name(&role).is_ok());
    }
    if let Ok(d) = cli::parse_duration(text) {
        // Every accepted duration can be added to any timestamp we handle.
        assert!(d.as_secs() <= awsso::ids::MAX_DURATION_SECS);
    }
    if let Ok(r) = cli::parse_rate(text) {
        assert!(r.is_finite() && r > 0.0);
        let _ = std::time::Duration::from_secs_f64(1.0 / r);
    }
    let _ = cli::parse_concurrency(text);
    let _ = awsso::ids::check_account_id(text);
    let _ = awsso::ids::check_role_name(text);
    // A whole command line: words split at NUL.
    let mut args: Vec<std::ffi::OsString> = vec!["awsso".into()];
    args.extend(text.split('\0').map(Into::into));
    let _ = cli::parse_from(args);
});
