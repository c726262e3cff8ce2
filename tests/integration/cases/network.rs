//! Corporate networks: `https://` endpoints (trust from `AWS_CA_BUNDLE` or the system store as
//! `SSL_CERT_FILE` / `SSL_CERT_DIR` name it) and a real HTTP proxy in the path (the emulator
//! crate's CONNECT/forwarding proxy): through it, bypassed by `NO_PROXY`, down, and asking for
//! credentials (407). Login (device flow), credential-process and list are each run through it.

#![allow(clippy::unwrap_used)] // test helpers panic on failure, like the tests

use std::net::TcpListener;

use awsso_emulator::{Config, Op, Proxy, ProxyMode};

use crate::support::{TestEnv, texts};

fn cp(env: &TestEnv) -> std::process::Output {
    env.cmd()
        .args(["credential-process", "--profile", "dev"])
        .output()
        .unwrap()
}

fn assert_credentials(out: &std::process::Output) {
    let (stdout, stderr) = texts(out);
    assert!(out.status.success(), "{stderr}");
    let v: serde_json::Value = serde_json::from_str(stdout.trim_end()).unwrap();
    assert!(
        v["AccessKeyId"].as_str().is_some_and(|k| !k.is_empty()),
        "{v}"
    );
}

/// A TLS emulator whose CA is trusted through `AWS_CA_BUNDLE`, with a token for `corp`.
fn tls_env() -> TestEnv {
    let mut env = TestEnv::with_tls(Config::default());
    let ca = env.emu.ca_file().unwrap().display().to_string();
    env.set_env("AWS_CA_BUNDLE", &ca);
    env.seed_token("corp", true, 8 * 3600);
    env
}

/// A loopback port with nothing listening on it.
fn dead_port() -> u16 {
    let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    listener.local_addr().unwrap().port()
}

fn https_port(env: &TestEnv) -> String {
    env.endpoint().rsplit(':').next().unwrap().to_owned()
}

#[test]
fn https_endpoint_trusted_through_aws_ca_bundle() {
    let env = tls_env();
    assert!(env.endpoint().starts_with("https://127.0.0.1:"));
    assert_credentials(&cp(&env));
    assert_eq!(env.emu.calls(Op::GetRoleCredentials), 1);
}

#[test]
fn https_endpoint_trusted_through_the_system_store_variables() {
    for (var, path) in [
        ("SSL_CERT_FILE", TestEnv::ca_file as fn(&TestEnv) -> String),
        ("SSL_CERT_DIR", TestEnv::ca_dir),
    ] {
        let mut env = TestEnv::with_tls(Config::default());
        let value = path(&env);
        env.set_env(var, &value);
        env.seed_token("corp", true, 8 * 3600);
        let out = cp(&env);
        assert!(out.status.success(), "{var}: {}", texts(&out).1);
        assert_eq!(env.emu.calls(Op::GetRoleCredentials), 1, "{var}");
    }
}

impl TestEnv {
    fn ca_file(&self) -> String {
        self.emu.ca_file().unwrap().display().to_string()
    }

    fn ca_dir(&self) -> String {
        self.emu.ca_dir().unwrap().display().to_string()
    }
}

#[test]
fn an_untrusted_certificate_is_a_clear_network_error() {
    let env = TestEnv::with_tls(Config::default());
    env.seed_token("corp", true, 8 * 3600);
    env.emu.allow_unused(); // the handshake fails before any request
    let out = cp(&env);
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.contains(&format!(
            "TLS handshake with 127.0.0.1:{} failed",
            https_port(&env)
        )),
        "{stderr}"
    );
    assert!(stderr.to_lowercase().contains("certificate"), "{stderr}");
    assert!(stderr.contains("AWS_CA_BUNDLE"), "the hint: {stderr}");
}

#[test]
fn credential_process_and_list_go_through_the_proxy() {
    let proxy = Proxy::start();
    let mut env = tls_env();
    env.set_env("HTTPS_PROXY", &proxy.url());
    assert_credentials(&cp(&env));
    assert_eq!(proxy.tunnels(), 1, "{proxy:?}");
    assert_eq!(
        proxy.targets(),
        [format!("127.0.0.1:{}", https_port(&env))],
        "the tunnel goes to the endpoint"
    );
    let out = env
        .cmd()
        .args(["list", "--sso-session", "corp"])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stdout.lines().count(), 4, "{stdout}");
    assert!(proxy.tunnels() >= 2, "list tunnelled too: {proxy:?}");
}

#[test]
fn device_login_goes_through_the_proxy() {
    let proxy = Proxy::start();
    let mut env = TestEnv::with_tls(Config::default());
    let ca = env.emu.ca_file().unwrap().display().to_string();
    env.set_env("AWS_CA_BUNDLE", &ca);
    env.set_env("https_proxy", &proxy.url());
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
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(env.read_token("corp")["accessToken"].is_string());
    assert_eq!(env.emu.calls(Op::StartDeviceAuthorization), 1);
    assert!(proxy.tunnels() >= 1, "{proxy:?}");
}

#[test]
fn lowercase_proxy_variable_wins_over_uppercase() {
    let proxy = Proxy::start();
    let mut env = tls_env();
    env.set_env("https_proxy", &proxy.url());
    env.set_env("HTTPS_PROXY", &format!("http://127.0.0.1:{}", dead_port()));
    assert_credentials(&cp(&env));
    assert_eq!(proxy.tunnels(), 1);
}

#[test]
fn http_endpoints_use_http_proxy_by_forwarding() {
    let proxy = Proxy::start();
    let mut env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    env.set_env("HTTP_PROXY", &proxy.url());
    assert_credentials(&cp(&env));
    assert_eq!(proxy.forwarded(), 1, "{proxy:?}");
    assert_eq!(proxy.tunnels(), 0);
}

#[test]
fn https_proxy_alone_leaves_http_endpoints_direct() {
    let proxy = Proxy::start();
    let mut env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    env.set_env("HTTPS_PROXY", &proxy.url());
    assert_credentials(&cp(&env));
    assert_eq!(proxy.forwarded() + proxy.tunnels(), 0, "{proxy:?}");
}

#[test]
fn no_proxy_bypasses_the_proxy() {
    for rule in ["127.0.0.1", "127.0.0.0/8", "*", "localhost,127.0.0.1"] {
        let proxy = Proxy::start();
        let mut env = tls_env();
        env.set_env("HTTPS_PROXY", &proxy.url());
        env.set_env("NO_PROXY", rule);
        assert_credentials(&cp(&env));
        assert_eq!(proxy.tunnels(), 0, "NO_PROXY={rule}");
    }
    // Bypassed even when the proxy is down.
    let mut env = tls_env();
    env.set_env("HTTPS_PROXY", &format!("http://127.0.0.1:{}", dead_port()));
    env.set_env("no_proxy", "127.0.0.1");
    assert_credentials(&cp(&env));
}

#[test]
fn an_unreachable_proxy_is_named_with_its_variable() {
    let port = dead_port();
    let mut env = tls_env();
    env.emu.expect_no_calls();
    env.set_env(
        "HTTPS_PROXY",
        &format!("http://alice:hunter2@127.0.0.1:{port}"),
    );
    let out = cp(&env);
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.contains(&format!(
            "cannot connect to the proxy http://***@127.0.0.1:{port} (from HTTPS_PROXY)"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("NO_PROXY"), "the hint: {stderr}");
    assert!(!stderr.contains("hunter2"), "{stderr}");
}

#[test]
fn a_proxy_asking_for_credentials_says_so_and_url_credentials_work() {
    let proxy = Proxy::start_with(ProxyMode::RequireAuth {
        user: "alice".to_owned(),
        password: "s@cret:1".to_owned(),
    });
    let mut env = tls_env();
    env.emu.expect_no_calls();
    env.set_env("HTTPS_PROXY", &proxy.url());
    let out = cp(&env);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "the proxy {} (from HTTPS_PROXY) requires credentials (HTTP 407",
            proxy.url()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("USER:PASSWORD@"), "the hint: {stderr}");
    assert_eq!(proxy.rejected(), 1);

    // Wrong credentials: rejected, and the password is never shown.
    let mut env = tls_env();
    env.emu.expect_no_calls();
    let wrong = proxy.url().replace("http://", "http://alice:wrong-pass@");
    env.set_env("HTTPS_PROXY", &wrong);
    let out = env
        .cmd()
        .args(["-vv", "credential-process", "--profile", "dev"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(
        stderr.contains("rejected the credentials in HTTPS_PROXY"),
        "{stderr}"
    );
    assert!(!stderr.contains("wrong-pass"), "{stderr}");

    // Percent-encoded credentials in the URL.
    let mut env = tls_env();
    let good = proxy.url().replace("http://", "http://alice:s%40cret%3A1@");
    env.set_env("HTTPS_PROXY", &good);
    let out = env
        .cmd()
        .args(["-vv", "credential-process", "--profile", "dev"])
        .output()
        .unwrap();
    assert_credentials(&out);
    assert!(!texts(&out).1.contains("cret"), "never logged");
    assert_eq!(proxy.tunnels(), 1);
}

#[test]
fn an_invalid_proxy_variable_is_named() {
    let mut env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    env.emu.expect_no_calls();
    env.set_env("HTTP_PROXY", "socks5://bob:hunter2@127.0.0.1:1080");
    let out = cp(&env);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(
        stderr.contains("invalid proxy setting HTTP_PROXY (value not shown)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("socks5:// proxies are not supported"),
        "{stderr}"
    );
    assert!(!stderr.contains("hunter2"), "{stderr}");
}

#[test]
fn doctor_shows_the_proxy_settings_with_the_password_masked() {
    let mut env = TestEnv::new();
    env.emu.allow_unused();
    env.set_env("HTTPS_PROXY", "http://alice:hunter2@proxy.corp:3128");
    env.set_env("no_proxy", ".internal.corp,10.0.0.0/8");
    let out = env.cmd().arg("doctor").output().unwrap();
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "proxy: https:// via http://***@proxy.corp:3128 (from HTTPS_PROXY); \
             http:// direct; no proxy for .internal.corp,10.0.0.0/8 (from no_proxy)"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("hunter2"));
    let out = env
        .cmd()
        .args(["doctor", "--output", "json"])
        .output()
        .unwrap();
    let (stdout, _) = texts(&out);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        v["proxy"]["https"],
        "http://***@proxy.corp:3128 (from HTTPS_PROXY)"
    );
    assert!(v["proxy"]["http"].is_null(), "{v}");
}

/// However malformed the proxy variable, no part of its user information reaches any output:
/// the network command's error (with `-vv` debug lines) and `doctor` (text and JSON).
#[test]
fn malformed_proxy_values_never_show_their_password() {
    let variants = [
        ("HTTPS_PROXY", "http://alice:ZQXJ#KVWY@proxy:3128"),
        ("HTTPS_PROXY", "alice:ZQXJKVWY@proxy.corp"),
        ("HTTPS_PROXY", "alice:ZQXJKVWY"),
        ("HTTPS_PROXY", "http://alice%3AZQXJKVWY@proxy.corp:3128"),
        ("HTTPS_PROXY", "http://alice:ZQXJ/KVWY@proxy.corp:3128"),
        ("HTTPS_PROXY", "http://alice:ZQXJ?KVWY@:99999"),
        ("HTTPS_PROXY", "http://alice:ZQXJ KVWY@proxy.corp"),
        ("ALL_PROXY", "alice:ZQXJ://KVWY@host"),
        ("HTTP_PROXY", "socks5h://alice:ZQXJKVWY@h:1"),
    ];
    let mut envs = Vec::new();
    // Every run side by side (some wait on a proxy host that does not resolve).
    let mut runs = Vec::new();
    for (variable, value) in variants {
        let mut env = TestEnv::new();
        env.seed_token("corp", true, 8 * 3600);
        env.emu.allow_unused();
        env.set_env(variable, value);
        // The emulator is http://: make the variable apply to it too.
        env.set_env("HTTP_PROXY", value);
        for args in [
            &["-vv", "credential-process", "--profile", "dev"][..],
            &["doctor"],
            &["doctor", "--output", "json"],
        ] {
            let child = env
                .std_cmd()
                .args(args)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            runs.push((variable, value, args, child));
        }
        envs.push(env);
    }
    for (variable, value, args, child) in runs {
        let out = child.wait_with_output().unwrap();
        let (stdout, stderr) = texts(&out);
        for piece in ["ZQXJ", "KVWY", "alice"] {
            assert!(
                !stdout.contains(piece) && !stderr.contains(piece),
                "{variable}={value} {args:?} shows {piece}:\n{stdout}\n{stderr}"
            );
        }
    }
}
