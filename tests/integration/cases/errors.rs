//! Error snapshots: stdout, stderr and the exit status of each mistake a newcomer makes,
//! together in one file per case (`tests/integration/snapshots/errors/NAME.txt`). The temp
//! HOME and the emulator's port are replaced by `$HOME` and `$PORT`. Re-bless after an
//! intended change with `AWSSO_BLESS=1 cargo test --test integration errors::` and review the
//! diff.

use std::path::Path;
use std::process::Output;

use crate::support::{TestEnv, assert_matches_file, texts};

fn snapshot(env: &TestEnv, out: &Output) -> String {
    let (stdout, stderr) = texts(out);
    let home = env.home.path().display().to_string();
    let port = env.emu.url().rsplit(':').next().unwrap().to_owned();
    let scrub = |s: &str| s.replace(&home, "$HOME").replace(&port, "$PORT");
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        out.status
            .code()
            .map_or("signal".to_owned(), |c| c.to_string()),
        scrub(&stdout),
        scrub(&stderr)
    )
}

fn check(name: &str, env: &TestEnv, args: &[&str]) -> String {
    let out = env.cmd().args(args).output().unwrap();
    let snap = snapshot(env, &out);
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .join("tests/integration/snapshots/errors")
        .join(format!("{name}.txt"));
    assert_matches_file(&snap, &path, &format!("awsso {}", args.join(" ")));
    snap
}

/// An environment without a config file (a new user's machine).
fn empty_home() -> TestEnv {
    let env = TestEnv::new();
    env.emu.expect_no_calls();
    std::fs::remove_file(env.config_path()).unwrap();
    env
}

#[test]
fn nothing_selected_reads_the_same_in_every_command_and_is_a_usage_error() {
    let env = TestEnv::new();
    env.emu.expect_no_calls();
    let login = check("nothing_selected_login", &env, &["login"]);
    assert!(login.starts_with("exit: 2\n"), "{login}");
    for cmd in ["env", "exec", "list", "discover", "write-default", "logout"] {
        let mut args = vec![cmd];
        if cmd == "exec" {
            args.extend(["--", "true"]);
        }
        let out = env.cmd().args(&args).output().unwrap();
        assert_eq!(snapshot(&env, &out), login, "awsso {cmd}");
    }
}

#[test]
fn credential_process_explains_that_aws_profile_is_not_used() {
    let mut env = TestEnv::new();
    env.emu.expect_no_calls();
    env.set_env("AWS_PROFILE", "dev");
    let snap = check(
        "credential_process_with_aws_profile",
        &env,
        &["credential-process"],
    );
    assert!(snap.starts_with("exit: 2\n"), "{snap}");
    assert!(snap.contains("AWS_PROFILE"), "{snap}");
}

#[test]
fn a_missing_config_file_is_named_as_missing() {
    let env = empty_home();
    let snap = check(
        "login_profile_without_config_file",
        &env,
        &["login", "--profile", "dev"],
    );
    assert!(snap.contains("which does not exist"), "{snap}");
    assert!(snap.contains("awsso configure"), "{snap}");
    let out = env
        .cmd()
        .args(["env", "--profile", "dev"])
        .output()
        .unwrap();
    assert_eq!(snapshot(&env, &out), snap, "the same words for env");
}

#[test]
fn login_help_shows_the_config_it_needs() {
    let env = TestEnv::new();
    env.emu.expect_no_calls();
    let out = env.cmd().args(["login", "--help"]).output().unwrap();
    let help = texts(&out).0;
    assert!(
        help.contains("[sso-session my-sso]\n  sso_start_url = "),
        "{help}"
    );
}

#[test]
fn status_and_doctor_on_an_empty_home_say_how_to_start() {
    let env = empty_home();
    let status = check("status_empty_home", &env, &["status"]);
    assert!(status.contains("awsso configure"), "{status}");
    let doctor = check("doctor_empty_home", &env, &["doctor"]);
    assert!(doctor.contains("does not exist"), "{doctor}");
    assert!(doctor.contains("awsso configure"), "{doctor}");
}

/// A loopback port with nothing listening.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

#[test]
fn connection_refused_is_one_line_with_a_fitting_hint() {
    let mut env = TestEnv::new();
    env.emu.allow_unused();
    let url = format!("http://127.0.0.1:{}", closed_port());
    env.set_env("AWS_ENDPOINT_URL_SSO_OIDC", &url);
    let out = env
        .cmd()
        .args(["login", "--profile", "dev", "--no-browser"])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert_eq!(stdout, "");
    let port = url.rsplit(':').next().unwrap();
    assert_eq!(
        stderr.replace(port, "$PORT"),
        "error: login failed\n  \
         caused by: cannot connect to 127.0.0.1:$PORT: Connection refused (os error 111) (RegisterClient)\n\
         hint: check that you are online and that a firewall or VPN lets HTTPS to 127.0.0.1:$PORT through; behind a proxy, set HTTPS_PROXY\n"
    );
}

#[test]
fn tls_to_a_plain_http_server_says_so() {
    let mut env = TestEnv::new();
    env.emu.allow_unused();
    env.seed_token("corp", true, 8 * 3600);
    // The emulator speaks plain HTTP; asking it for TLS fails the handshake.
    let url = env.emu.url().replace("http://", "https://");
    env.set_env("AWS_ENDPOINT_URL_SSO", &url);
    let snap = check(
        "tls_handshake_failure",
        &env,
        &["credential-process", "--profile", "dev"],
    );
    assert!(snap.starts_with("exit: 5\n"), "{snap}");
    assert!(!snap.contains("DispatchFailure"), "{snap}");
    assert!(!snap.contains("try again in a moment"), "{snap}");
}

#[test]
fn write_default_warns_about_shadowing_only_when_the_profile_exists() {
    let env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    // The standard config has [default]: the keys shadow it.
    let out = env
        .cmd()
        .args(["write-default", "--profile", "dev"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("take precedence over profile 'default'"),
        "{stderr}"
    );
    // No profile 'legacy-tool' in the config file: nothing to shadow, no warning.
    let out = env
        .cmd()
        .args([
            "write-default",
            "--profile",
            "dev",
            "--target-profile",
            "legacy-tool",
        ])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}
