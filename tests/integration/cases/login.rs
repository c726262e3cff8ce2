//! `awsso login`: PKCE in a (fake) browser, the device flow, re-use and refresh.

use awsso_emulator::{Config, Op};

use crate::support::{START_URL, TestEnv, assert_mode, texts};

#[test]
fn pkce_login_writes_a_token_the_aws_cli_can_read() {
    let mut env = TestEnv::new();
    let browser = env.fake_browser();
    let out = env
        .cmd()
        .args(["login", "--profile", "dev"])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stdout, "", "login prints nothing on stdout");
    assert!(
        stderr.contains("/authorize?"),
        "the URL is always printed: {stderr}"
    );
    assert!(stderr.contains("Logged in to"), "{stderr}");

    // The browser followed the redirect to awsso's loopback listener and got the page.
    let visited = browser.visited_at_least(1);
    assert_eq!(visited.len(), 1);
    let page = visited[0].1.as_ref().expect("browser leg succeeded");
    assert!(page.contains("You can close this tab"), "{page}");

    // The AWS CLI's cache format: sha1(session name), camelCase, Z timestamps, 0600 in 0700.
    let token = env.read_token("corp");
    assert_eq!(token["startUrl"], START_URL);
    assert_eq!(token["region"], "us-east-1");
    for field in ["accessToken", "clientId", "clientSecret", "refreshToken"] {
        assert!(
            token[field].as_str().is_some_and(|s| !s.is_empty()),
            "{field}: {token}"
        );
    }
    for field in ["expiresAt", "registrationExpiresAt"] {
        let s = token[field].as_str().unwrap();
        assert!(s.ends_with('Z') && s.len() == 20, "{field} = {s}");
    }
    assert_mode(&env.token_path("corp"), 0o600);
    assert_mode(env.token_path("corp").parent().unwrap(), 0o700);
    assert_eq!(env.emu.calls(Op::RegisterClient), 1);
    assert_eq!(env.emu.calls(Op::Authorize), 1);
    assert_eq!(env.emu.calls(Op::CreateToken), 1);
}

#[test]
fn login_with_a_valid_token_is_a_no_op_and_force_reuses_the_registration() {
    let mut env = TestEnv::new();
    let _browser = env.fake_browser();
    env.cmd()
        .args(["login", "--profile", "dev"])
        .assert()
        .success();
    let first = env.read_token("corp");

    let out = env
        .cmd()
        .args(["login", "--profile", "dev"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert!(out.status.success());
    assert!(stderr.contains("Already logged in"), "{stderr}");
    assert_eq!(env.emu.calls(Op::CreateToken), 1, "no new token");

    env.cmd()
        .args(["login", "--profile", "dev", "--force"])
        .assert()
        .success();
    let second = env.read_token("corp");
    assert_ne!(first["accessToken"], second["accessToken"]);
    assert_eq!(
        first["clientId"], second["clientId"],
        "registration re-used"
    );
    assert_eq!(env.emu.calls(Op::RegisterClient), 1, "no second consent");
    assert_eq!(env.emu.calls(Op::CreateToken), 2);
}

#[test]
fn device_code_login_polls_until_approved() {
    let env = TestEnv::with(Config {
        device_pending_polls: 1,
        device_interval: 1,
        ..Config::default()
    });
    let out = env
        .cmd()
        .args([
            "login",
            "--sso-session",
            "corp",
            "--use-device-code",
            "--no-browser",
        ])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.contains("enter (or confirm) the code"), "{stderr}");
    assert_eq!(env.emu.calls(Op::StartDeviceAuthorization), 1);
    assert_eq!(
        env.emu.calls(Op::CreateToken),
        2,
        "one pending poll, then the token"
    );
    assert!(env.read_token("corp")["refreshToken"].is_string());
}

/// The device code is printed next to the page to enter it on, even when the service's complete
/// URL carries it and even with `--quiet`: never only inside a browser tab.
#[test]
fn device_code_is_printed_with_the_verification_url_even_when_quiet() {
    let env = TestEnv::with(Config {
        device_pending_polls: 1,
        device_interval: 1,
        ..Config::default()
    });
    let out = env
        .cmd()
        .args([
            "--quiet",
            "login",
            "--sso-session",
            "corp",
            "--use-device-code",
            "--no-browser",
        ])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stdout, "");
    let url_line = stderr
        .lines()
        .find(|l| l.trim_start().starts_with("http") && l.contains("/device") && !l.contains('?'))
        .unwrap_or_else(|| panic!("no plain verification URL: {stderr}"));
    assert!(url_line.starts_with("  "), "{stderr}");
    let code_line = stderr
        .lines()
        .find(|l| l.contains("the code: "))
        .unwrap_or_else(|| panic!("no code: {stderr}"));
    let code = code_line.rsplit("the code: ").next().unwrap().trim();
    assert!(!code.is_empty(), "{stderr}");
    assert!(stderr.contains(&format!("user_code={code}")), "{stderr}");
}

#[test]
fn no_browser_environment_falls_back_to_the_device_flow() {
    let mut env = TestEnv::new();
    env.set_env("AWS_SSO_DISABLE_BROWSER", "true");
    env.cmd()
        .args(["login", "--profile", "dev"])
        .assert()
        .success();
    assert_eq!(env.emu.calls(Op::StartDeviceAuthorization), 1);
    assert_eq!(env.emu.calls(Op::Authorize), 0);
}

/// Inside WSL (`WSL_DISTRO_NAME`) without BROWSER, the login opens Windows' browser through
/// `wslview` on PATH; with no opener on PATH it uses the device code instead.
// Linux: WSL runs Linux, and the opener here is a shell script named like wslu's.
#[cfg(target_os = "linux")]
#[test]
fn inside_wsl_the_login_opens_the_windows_browser_or_uses_the_device_code() {
    let mut env = TestEnv::new();
    env.set_env("WSL_DISTRO_NAME", "Ubuntu");
    env.cmd()
        .args(["login", "--profile", "dev"])
        .assert()
        .success();
    assert_eq!(env.emu.calls(Op::StartDeviceAuthorization), 1, "no opener");
    assert_eq!(env.emu.calls(Op::Authorize), 0);

    let bin = env.home.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let log = env.home.path().join("wslview.urls");
    let script = crate::support::url_recorder(&bin, "wslview", &log);
    std::fs::rename(&script, bin.join("wslview")).unwrap();
    env.set_env("PATH", &format!("{}:/usr/bin:/bin", bin.display()));
    let browser = crate::support::FakeBrowser::start(log);
    let out = env
        .cmd()
        .args(["login", "--profile", "dev", "--force"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", texts(&out).1);
    assert_eq!(
        browser.visited_at_least(1).len(),
        1,
        "wslview got the authorize URL"
    );
    assert_eq!(env.emu.calls(Op::Authorize), 1);
    assert_eq!(env.emu.calls(Op::StartDeviceAuthorization), 1);
}

#[test]
fn aws_profile_is_the_default_for_login_and_legacy_profiles_key_by_start_url() {
    let mut env = TestEnv::new();
    env.set_env("AWS_PROFILE", "legacy");
    env.set_env("AWS_SSO_DISABLE_BROWSER", "1");
    env.cmd().arg("login").assert().success();
    assert_eq!(env.read_token(START_URL)["startUrl"], START_URL);
}

#[test]
fn an_expiring_refreshable_token_is_refreshed_silently() {
    let env = TestEnv::new();
    let issued = env.seed_token("corp", true, 300);
    let out = env
        .cmd()
        .args(["login", "--profile", "dev"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("Refreshed"), "{stderr}");
    let token = env.read_token("corp");
    assert_ne!(token["accessToken"], issued.access_token.as_str());
    assert_eq!(env.emu.calls(Op::CreateToken), 1);
    assert_eq!(env.emu.calls(Op::RegisterClient), 0);
}

#[test]
fn denied_login_says_so() {
    let mut env = TestEnv::with(Config {
        deny_authorization: true,
        ..Config::default()
    });
    let _browser = env.fake_browser();
    let out = env
        .cmd()
        .args(["login", "--profile", "dev", "--timeout", "20s"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert!(!out.status.success());
    assert!(stderr.contains("denied"), "{stderr}");
    assert!(!env.token_path("corp").exists());
}

#[test]
fn a_registration_the_service_rejects_is_replaced() {
    let mut env = TestEnv::new();
    env.set_env("AWS_SSO_DISABLE_BROWSER", "1");
    env.cmd()
        .args(["login", "--profile", "dev"])
        .assert()
        .success();
    // A second Identity Center instance never issued the cached client registration.
    let other = awsso_emulator::Emulator::start(Config::default());
    env.set_env("AWS_ENDPOINT_URL_SSO", &other.url());
    env.set_env("AWS_ENDPOINT_URL_SSO_OIDC", &other.url());
    let out = env
        .cmd()
        .args(["login", "--profile", "dev", "--force"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", texts(&out).1);
    assert_eq!(
        other.calls(Op::StartDeviceAuthorization),
        2,
        "rejected once, then accepted"
    );
    assert_eq!(other.calls(Op::RegisterClient), 1);
}
