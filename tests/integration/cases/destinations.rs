//! Where requests go: a region is a region name and a start URL is https (http only on
//! loopback), wherever the value comes from (config file, flag, environment), checked before any
//! request or write, and the error names where the value came from.

use std::net::TcpListener;
use std::time::Duration;

use crate::support::{TestEnv, texts};

/// A listener standing in for a host a hostile value would send requests to; counts the
/// connections it gets within the test.
fn trap() -> (TcpListener, u16) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    (listener, port)
}

fn connections(listener: &TcpListener) -> usize {
    std::thread::sleep(Duration::from_millis(50));
    std::iter::from_fn(|| listener.accept().ok()).count()
}

/// The standard config with `line` put into `[profile dev]` (replacing its region).
fn config_with_dev(env: &TestEnv, line: &str) -> String {
    env.standard_config().replace(
        "region = eu-west-1\n\n[profile legacy]",
        &format!("{line}\n\n[profile legacy]"),
    )
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn a_profile_region_that_is_not_a_region_name_sends_nothing_anywhere() {
    let (listener, port) = trap();
    for region in [
        format!("127.0.0.1:{port}#"),
        "evil.example#".to_owned(),
        format!("x@127.0.0.1:{port}/"),
    ] {
        let mut env = TestEnv::new();
        env.seed_token("corp", true, 8 * 3600);
        env.emu.expect_no_calls();
        let config = config_with_dev(&env, &format!("region = {region}"));
        env.write_config(&config);
        let line = line_of(&config, &format!("region = {region}"));
        for args in [
            &["console", "--profile", "dev", "--print"][..],
            &["console", "--profile", "dev"],
            &["env", "--profile", "dev"],
            &["exec", "--profile", "dev", "--", "true"],
            &["serve", "--profile", "dev"],
            &["discover", "--profile", "dev", "--dry-run"],
        ] {
            env.set_env("BROWSER", "/bin/true");
            let out = env.cmd().args(args).output().unwrap();
            let (stdout, stderr) = texts(&out);
            assert!(!out.status.success(), "{region} {args:?}: {stdout}");
            assert!(stdout.is_empty(), "{args:?}: {stdout}");
            assert!(
                stderr.contains(&format!("config:{line}")) && stderr.contains("invalid region"),
                "{region} {args:?}: {stderr}"
            );
        }
    }
    assert_eq!(connections(&listener), 0);
}

/// A command that never uses the profile's `region` is not stopped by it (SDKs that read
/// inline comments differently may still work with the profile).
#[test]
fn credential_process_does_not_use_the_profile_region() {
    let env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    let config = config_with_dev(&env, "region = eu-west-1 # Ireland");
    env.write_config(&config);
    let out = env
        .cmd()
        .args(["credential-process", "--profile", "dev"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", texts(&out).1);
}

#[test]
fn an_sso_region_that_is_not_a_region_name_is_refused_before_any_request() {
    let (listener, port) = trap();
    let mut env = TestEnv::new();
    env.emu.expect_no_calls();
    let config = env.standard_config().replace(
        "sso_region = us-east-1",
        &format!("sso_region = 127.0.0.1:{port}#"),
    );
    env.write_config(&config);
    env.set_env("AWS_ENDPOINT_URL_SSO", "");
    env.set_env("AWS_ENDPOINT_URL_SSO_OIDC", "");
    for args in [
        &["login", "--sso-session", "corp", "--no-browser"][..],
        &["credential-process", "--profile", "legacy"],
    ] {
        let out = env.cmd().args(args).output().unwrap();
        let (_, stderr) = texts(&out);
        assert!(!out.status.success(), "{args:?}");
        assert!(
            stderr.contains("config:") && stderr.contains("sso_region: invalid region"),
            "{args:?}: {stderr}"
        );
    }
    assert_eq!(connections(&listener), 0);
}

#[test]
fn region_flags_are_region_names() {
    let mut env = TestEnv::new();
    env.emu.expect_no_calls();
    env.seed_token("corp", true, 8 * 3600);
    let before = std::fs::read_to_string(env.config_path()).unwrap();
    for args in [
        &[
            "console",
            "--profile",
            "dev",
            "--region",
            "x@127.0.0.1/",
            "--print",
        ][..],
        &["discover", "--profile", "dev", "--region", "evil.example#"],
        &["env", "--profile", "dev", "--region", "eu-west-1\nX=1"],
        &[
            "login",
            "--start-url",
            "https://x.awsapps.com/start",
            "--sso-region",
            "a.b",
        ],
    ] {
        let out = env.cmd().args(args).output().unwrap();
        let (_, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("region: invalid region"),
            "{args:?}: {stderr}"
        );
    }
    assert_eq!(std::fs::read_to_string(env.config_path()).unwrap(), before);
    env.set_env("AWS_REGION", "evil.example#");
    let built = awsso::Sso::builder()
        .start_url("https://x.awsapps.com/start", "us-east-1")
        .env(env.env_vars())
        .build();
    let err = built.expect_err("AWS_REGION is checked");
    assert!(err.to_string().contains("AWS_REGION"), "{err}");
}

#[test]
fn plain_http_start_urls_are_refused_everywhere() {
    let mut env = TestEnv::new();
    env.emu.expect_no_calls();
    env.seed_token("corp", true, 8 * 3600);
    let config = env.standard_config().replace(
        "[sso-session corp]\nsso_start_url = https://example.awsapps.com/start",
        "[sso-session corp]\nsso_start_url = http://example.awsapps.com/start",
    );
    env.write_config(&config);
    let line = line_of(&config, "sso_start_url = http://");
    env.set_env("BROWSER", "/bin/true");
    for args in [
        &["login", "--sso-session", "corp"][..],
        &["login", "--profile", "dev", "--force"],
        &["console", "--profile", "dev", "--shortcut", "--print"],
        &["console", "--profile", "dev", "--shortcut"],
        &["discover", "--sso-session", "corp", "--dry-run"],
        &["credential-process", "--profile", "dev"],
        &["doctor"],
    ] {
        let out = env.cmd().args(args).output().unwrap();
        let (stdout, stderr) = texts(&out);
        assert!(!out.status.success(), "{args:?}: {stdout}");
        if args[0] != "doctor" {
            assert!(!stdout.contains("http://example"), "{args:?}: {stdout}");
        }
        assert!(
            format!("{stdout}{stderr}").contains(&format!("config:{line}"))
                && format!("{stdout}{stderr}").contains("plain http:// is refused"),
            "{args:?}: {stdout}{stderr}"
        );
    }
    for args in [
        &[
            "login",
            "--start-url",
            "http://example.awsapps.com/start",
            "--sso-region",
            "us-east-1",
        ][..],
        &[
            "configure",
            "--start-url",
            "http://example.awsapps.com/start",
            "--sso-region",
            "us-east-1",
            "--session-name",
            "x",
        ],
    ] {
        let out = env.cmd().args(args).output().unwrap();
        let (_, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("plain http:// is refused"), "{stderr}");
    }
    // A loopback test server stays allowed.
    let out = env
        .cmd()
        .args([
            "console",
            "--start-url",
            "http://127.0.0.1:9/start",
            "--sso-region",
            "us-east-1",
            "--account-id",
            "123456789012",
            "--role-name",
            "Admin",
            "--shortcut",
            "--print",
        ])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.starts_with("http://127.0.0.1:9/start/#/console?"),
        "{stdout}"
    );
}
