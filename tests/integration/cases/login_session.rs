//! `aws login` sessions (`login_session` profiles): serving, refreshing and sharing the cache
//! file `~/.aws/login/cache/<sha256>.json` with the AWS CLI and SDKs, against the emulator's
//! sign-in endpoints (which verify every DPoP proof and rotate refresh tokens).

use std::path::PathBuf;

use awsso_emulator::{Config, Emulator, Op, SigninFault};

use crate::support::{TestEnv, texts};

/// The emulator's principal.
pub const PRINCIPAL: &str = "arn:aws:iam::123456789012:user/alice";
/// sha256 of [`PRINCIPAL`]: the cache file's name (computed independently).
pub const CACHE_FILE: &str =
    "b7d71d383b9557a9bad4c3346c50365819226484c6824a0fdef66637be339db0.json";

/// A test environment with a `console` login_session profile and the sign-in endpoint set.
pub fn login_env() -> TestEnv {
    let mut env = TestEnv::new();
    let config = format!(
        "{}\n[profile console]\nlogin_session = {PRINCIPAL}\nregion = eu-west-1\n",
        env.standard_config()
    );
    env.write_config(&config);
    let url = env.emu.url();
    env.set_env("AWS_ENDPOINT_URL_SIGNIN", &url);
    env
}

/// `~/.aws/login/cache/<sha256>.json`.
pub fn cache_path(env: &TestEnv) -> PathBuf {
    env.aws_dir().join("login").join("cache").join(CACHE_FILE)
}

/// Writes a cache file as a login `expires_in` seconds before expiry would leave it.
pub fn seed(env: &TestEnv, expires_in: i64, extra: Option<(&str, serde_json::Value)>) {
    let mut doc: serde_json::Value =
        serde_json::from_str(&env.emu.seed_login_session(expires_in, None)).unwrap();
    if let Some((k, v)) = extra {
        doc[k] = v;
    }
    let path = cache_path(env);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    #[cfg(unix)]
    crate::support::set_mode(&path, 0o600);
}

pub fn read_cache(env: &TestEnv) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(cache_path(env)).unwrap()).unwrap()
}

fn cp(env: &TestEnv) -> std::process::Output {
    env.cmd()
        .args(["credential-process", "--profile", "console"])
        .output()
        .unwrap()
}

fn payload(out: &std::process::Output) -> serde_json::Value {
    let (stdout, stderr) = texts(out);
    assert!(out.status.success(), "{stderr}");
    let v: serde_json::Value = serde_json::from_str(stdout.trim_end()).unwrap();
    assert_eq!(v["Version"], 1);
    assert!(v["Expiration"].as_str().unwrap().ends_with('Z'));
    v
}

#[test]
fn a_cached_session_is_served_without_a_runtime_or_a_call() {
    let mut env = login_env();
    seed(&env, 14 * 60, None);
    let cached = read_cache(&env);
    env.emu.expect_no_calls();
    let idle = Emulator::start(Config::default());
    idle.expect_no_calls();
    env.set_env("AWS_ENDPOINT_URL_SIGNIN", &idle.url());
    let out = env
        .cmd()
        .args(["credential-process", "--profile", "console", "-vv"])
        .output()
        .unwrap();
    let v = payload(&out);
    let stderr = texts(&out).1;
    assert_eq!(v["AccessKeyId"], cached["accessToken"]["accessKeyId"]);
    assert_eq!(v["SessionToken"], cached["accessToken"]["sessionToken"]);
    assert!(
        stderr.contains("login session credentials from cache"),
        "{stderr}"
    );
    assert!(!stderr.contains("starting the async runtime"), "{stderr}");
}

#[test]
fn an_expiring_session_is_refreshed_once_with_rotation_and_kept_fields() {
    let env = login_env();
    seed(
        &env,
        60,
        Some(("someFutureField", serde_json::json!({"kept": true}))),
    );
    let before = read_cache(&env);
    let v = payload(&cp(&env));
    assert_eq!(
        env.emu.signin_refreshes(),
        1,
        "{:?}",
        env.emu.signin_refusals()
    );
    let after = read_cache(&env);
    assert_eq!(v["AccessKeyId"], after["accessToken"]["accessKeyId"]);
    assert_ne!(
        after["accessToken"]["accessKeyId"],
        before["accessToken"]["accessKeyId"]
    );
    assert_ne!(after["refreshToken"], before["refreshToken"], "rotated");
    assert_eq!(
        after["someFutureField"]["kept"], true,
        "unknown fields kept"
    );
    assert_eq!(after["idToken"], before["idToken"]);
    assert_eq!(after["clientId"], before["clientId"]);
    assert_eq!(after["accessToken"]["accountId"], "123456789012");
    let expires = after["accessToken"]["expiresAt"].as_str().unwrap();
    assert!(expires.ends_with('Z') && expires.len() == 20, "{expires}");
    let pem = after["dpopKey"].as_str().unwrap();
    assert!(
        pem.starts_with("-----BEGIN EC PRIVATE KEY-----\n"),
        "SEC1: {pem}"
    );
    #[cfg(unix)]
    crate::support::assert_mode(&cache_path(&env), 0o600);
    // The next call is a cache hit on what was written.
    let again = payload(&cp(&env));
    assert_eq!(again["AccessKeyId"], v["AccessKeyId"]);
    assert_eq!(env.emu.signin_refreshes(), 1);
    assert!(env.emu.signin_refusals().is_empty());
}

#[test]
fn sixty_four_parallel_calls_on_an_expiring_session_make_one_refresh() {
    let env = login_env();
    seed(&env, 30, None);
    let children: Vec<_> = (0..64)
        .map(|_| {
            env.std_cmd()
                .args(["credential-process", "--profile", "console"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut keys = std::collections::HashSet::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        keys.insert(payload(&out)["AccessKeyId"].clone());
    }
    assert_eq!(keys.len(), 1, "every caller got the refreshed credentials");
    assert_eq!(env.emu.signin_refreshes(), 1);
    assert_eq!(env.emu.calls(Op::SigninToken), 1);
    assert!(env.emu.signin_refusals().is_empty());
}

#[test]
fn a_refused_refresh_says_why_and_how_to_fix_it() {
    for (fault, words) in [
        (SigninFault::TokenExpired, "the login session has ended"),
        (
            SigninFault::UserCredentialsChanged,
            "the password or access keys changed",
        ),
        (
            SigninFault::InsufficientPermissions,
            "SignInLocalDevelopmentAccess",
        ),
    ] {
        let env = login_env();
        seed(&env, -10, None);
        let before = std::fs::read_to_string(cache_path(&env)).unwrap();
        env.emu.reject_signin(fault, 1);
        let out = cp(&env);
        let (stdout, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(3), "{fault:?}: {stderr}");
        assert_eq!(stdout, "");
        assert!(stderr.contains(words), "{fault:?}: {stderr}");
        assert!(
            stderr.contains("awsso login --profile console"),
            "{fault:?}: {stderr}"
        );
        assert_eq!(
            std::fs::read_to_string(cache_path(&env)).unwrap(),
            before,
            "the cache file is left alone on failure"
        );
    }
}

#[test]
fn a_missing_cache_file_asks_for_a_login() {
    let env = login_env();
    env.emu.allow_unused();
    let out = cp(&env);
    let stderr = texts(&out).1;
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("awsso login --profile console"), "{stderr}");
}

#[test]
fn env_and_exec_serve_the_session() {
    let env = login_env();
    seed(&env, 14 * 60, None);
    let cached = read_cache(&env);
    env.emu.expect_no_calls();
    let out = env
        .cmd()
        .args(["env", "--profile", "console"])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    let key = cached["accessToken"]["accessKeyId"].as_str().unwrap();
    assert!(stdout.contains(key), "{stdout}");
    assert!(stdout.contains("AWS_SESSION_TOKEN"), "{stdout}");
    #[cfg(unix)]
    {
        let out = env
            .cmd()
            .args([
                "exec",
                "--profile",
                "console",
                "--",
                "sh",
                "-c",
                "echo $AWS_ACCESS_KEY_ID",
            ])
            .output()
            .unwrap();
        let (stdout, stderr) = texts(&out);
        assert!(out.status.success(), "{stderr}");
        assert_eq!(stdout.trim(), key);
    }
}

#[test]
fn an_aws_login_cache_directory_is_honoured() {
    let mut env = login_env();
    let dir = env.home.path().join("elsewhere");
    std::fs::create_dir_all(&dir).unwrap();
    seed(&env, 14 * 60, None);
    std::fs::rename(cache_path(&env), dir.join(CACHE_FILE)).unwrap();
    env.set_env("AWS_LOGIN_CACHE_DIRECTORY", &dir.display().to_string());
    env.emu.expect_no_calls();
    payload(&cp(&env));
}

#[test]
fn console_credentials_login_writes_the_cache_and_the_profile_losslessly() {
    let mut env = TestEnv::new();
    let url = env.emu.url();
    env.set_env("AWS_ENDPOINT_URL_SIGNIN", &url);
    let original = format!(
        "{}\n# keep me\n[profile other]\nregion = us-west-2 # inline\n",
        env.standard_config()
    );
    env.write_config(&original);
    let browser = env.fake_browser();
    let out = env
        .cmd()
        .args([
            "login",
            "--profile",
            "console",
            "--console-credentials",
            "--region",
            "eu-central-1",
        ])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.contains("/v1/authorize?response_type=code&client_id=arn%3Aaws%3Asignin%3A%3A%3Adevtools%2Fsame-device"), "{stderr}");
    assert!(stderr.contains("code_challenge_method=SHA-256"), "{stderr}");
    assert!(
        stderr.contains(&format!("Logged in as {PRINCIPAL}")),
        "{stderr}"
    );
    assert_eq!(browser.visited_at_least(1).len(), 1);
    assert_eq!(
        env.emu.signin_logins(),
        1,
        "{:?}",
        env.emu.signin_refusals()
    );
    let config = std::fs::read_to_string(env.config_path()).unwrap();
    assert!(config.starts_with(&original), "every byte kept:\n{config}");
    assert!(
        config.ends_with(&format!(
            "[profile console]\nlogin_session = {PRINCIPAL}\nregion = eu-central-1\n"
        )),
        "{config}"
    );
    let cache = read_cache(&env);
    assert_eq!(cache["clientId"], "arn:aws:signin:::devtools/same-device");
    assert_eq!(cache["signInRegion"], "eu-central-1");
    assert_eq!(cache["accessToken"]["accountId"], "123456789012");
    assert!(cache["idToken"].is_string());
    #[cfg(unix)]
    crate::support::assert_mode(&cache_path(&env), 0o600);
    // The profile now serves credentials; a second login is a no-op.
    payload(&cp(&env));
    let out = env
        .cmd()
        .args(["login", "--profile", "console"])
        .output()
        .unwrap();
    let stderr = texts(&out).1;
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("Already logged in as"), "{stderr}");
    // Logout deletes the cache file only.
    let out = env
        .cmd()
        .args(["logout", "--profile", "console"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", texts(&out).1);
    assert!(!cache_path(&env).exists());
    assert!(
        std::fs::read_to_string(env.config_path())
            .unwrap()
            .contains("login_session")
    );
    assert_eq!(cp(&env).status.code(), Some(3));
}

#[test]
fn console_credentials_refuse_a_profile_with_another_source() {
    let env = login_env();
    env.emu.allow_unused();
    let out = env
        .cmd()
        .args([
            "login",
            "--profile",
            "dev",
            "--console-credentials",
            "--region",
            "us-east-1",
        ])
        .output()
        .unwrap();
    let stderr = texts(&out).1;
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("already gets credentials from sso_session"),
        "{stderr}"
    );
}

#[test]
fn a_fixed_callback_port_is_used() {
    let mut env = login_env();
    let _browser = env.fake_browser();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = env
        .cmd()
        .args([
            "login",
            "--profile",
            "console",
            "--force",
            "--callback-port",
            &port.to_string(),
        ])
        .output()
        .unwrap();
    let stderr = texts(&out).1;
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("127.0.0.1%3A{port}%2Foauth%2Fcallback")),
        "{stderr}"
    );
    assert_eq!(env.emu.signin_logins(), 1);
}

/// Sets the cache file's `expiresAt` to `secs` from now (as if time had passed).
fn age(env: &TestEnv, secs: i64) {
    let mut doc = read_cache(env);
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    doc["accessToken"]["expiresAt"] = crate::support::rfc3339(now + secs).into();
    std::fs::write(cache_path(env), serde_json::to_string(&doc).unwrap()).unwrap();
}

/// Runs an SDK's probe (`program args…`) in the test's HOME with the sign-in endpoint set;
/// returns the access key id it printed.
fn sdk_key(env: &TestEnv, program: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(program)
        .args(args)
        .env_clear()
        .env("HOME", env.home.path())
        .env("PATH", "/usr/bin:/bin")
        .env("AWS_CONFIG_FILE", env.config_path())
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            env.home.path().join("no-credentials"),
        )
        .env("AWS_PROFILE", "console")
        .env("AWS_ENDPOINT_URL_SIGNIN", env.emu.url())
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{program} {args:?}: {stderr}");
    let v: serde_json::Value =
        serde_json::from_str(stdout.trim()).unwrap_or_else(|_| panic!("{stdout}"));
    v["AccessKeyId"].as_str().unwrap().to_owned()
}

/// The interop round trip with one SDK: awsso logs in; the SDK reads awsso's file and
/// refreshes it; awsso serves what the SDK wrote without refreshing; awsso refreshes; the SDK
/// reads awsso's rewrite without refreshing.
fn sdk_round_trip(program: &str, args: &[&str]) {
    let mut env = login_env();
    let _browser = env.fake_browser();
    let out = env
        .cmd()
        .args(["login", "--profile", "console", "--force"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", texts(&out).1);
    assert_eq!(env.emu.signin_logins(), 1);

    // The SDK refreshes the file awsso wrote.
    age(&env, 60);
    let before = read_cache(&env);
    let sdk = sdk_key(&env, program, args);
    assert_eq!(
        env.emu.signin_refreshes(),
        1,
        "{:?}",
        env.emu.signin_refusals()
    );
    let after = read_cache(&env);
    assert_eq!(after["accessToken"]["accessKeyId"], sdk.as_str());
    assert_ne!(after["refreshToken"], before["refreshToken"]);

    // awsso serves what the SDK wrote, without a second refresh.
    let served = payload(&cp(&env));
    assert_eq!(served["AccessKeyId"], sdk.as_str());
    assert_eq!(env.emu.signin_refreshes(), 1);

    // awsso refreshes the SDK's file; the SDK then uses awsso's rewrite as it is.
    age(&env, 60);
    let refreshed = payload(&cp(&env));
    assert_eq!(
        env.emu.signin_refreshes(),
        2,
        "{:?}",
        env.emu.signin_refusals()
    );
    assert_ne!(refreshed["AccessKeyId"], sdk.as_str());
    let again = sdk_key(&env, program, args);
    assert_eq!(again, refreshed["AccessKeyId"].as_str().unwrap());
    assert_eq!(env.emu.signin_refreshes(), 2);
    assert!(
        env.emu.signin_refusals().is_empty(),
        "{:?}",
        env.emu.signin_refusals()
    );
}

#[test]
fn the_rust_sdk_and_awsso_share_the_session() {
    let probe = crate::support::example("rust_sdk_login");
    sdk_round_trip(&probe.display().to_string(), &[]);
}

awsso_test_tools::botocore_login_test! {
    fn botocore_and_awsso_share_the_session() {
        let python = awsso_test_tools::PYTHON_LOGIN.expect("probed");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/sdk/login_session.py");
        sdk_round_trip(python, &[script, "console"]);
    }
}

awsso_test_tools::node_login_test! {
    fn the_javascript_sdk_and_awsso_share_the_session() {
        let node = awsso_test_tools::NODE_LOGIN.expect("probed");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/sdk/node/login_session.mjs");
        sdk_round_trip(node, &[script, "console"]);
    }
}

#[test]
fn status_shows_the_principal_account_and_time_left() {
    let env = login_env();
    env.emu.expect_no_calls();
    let out = env.cmd().args(["status"]).output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stdout.contains(&format!(
            "console (aws login as {PRINCIPAL}, account 123456789012): not logged in"
        )),
        "{stdout}"
    );
    assert!(stderr.contains("awsso login --profile console"), "{stderr}");
    seed(&env, 10 * 60, None);
    env.seed_token("corp", true, 8 * 3600);
    env.seed_token(crate::support::START_URL, true, 8 * 3600);
    let out = env.cmd().args(["status"]).output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("): logged in, credentials expire in 9m"),
        "{stdout}"
    );
    let out = env
        .cmd()
        .args(["status", "--output", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&texts(&out).0).unwrap();
    let login = &v["login_sessions"][0];
    assert_eq!(login["profile"], "console");
    assert_eq!(login["principal"], PRINCIPAL);
    assert_eq!(login["account_id"], "123456789012");
    assert_eq!(login["credentials"], "valid");
    assert_eq!(login["logged_in"], true);
    assert_eq!(login["login_command"], "awsso login --profile console");
}

#[test]
fn doctor_reports_mixed_sources_missing_region_loose_cache_and_the_missing_permission() {
    let env = login_env();
    let config = format!(
        "{}\n[profile mixed]\nlogin_session = {PRINCIPAL}\ncredential_process = awsso credential-process --profile dev\n",
        env.standard_config()
    );
    env.write_config(&format!(
        "{config}\n[profile console]\nlogin_session = {PRINCIPAL}\nregion = eu-west-1\n"
    ));
    seed(&env, -30, None);
    #[cfg(unix)]
    crate::support::set_mode(&cache_path(&env), 0o644);
    env.emu
        .reject_signin(SigninFault::InsufficientPermissions, 1);
    let out = env
        .cmd()
        .args(["doctor", "--output", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&texts(&out).0).unwrap();
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"login-session-mixed"), "{v}");
    assert!(codes.contains(&"login-session-no-region"), "{v}");
    #[cfg(unix)]
    assert!(codes.contains(&"login-cache-permissions"), "{v}");
    let out = env
        .cmd()
        .args(["doctor", "--profile", "console", "--output", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&texts(&out).0).unwrap();
    let found = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "login-session-permission")
        .cloned();
    let found = found.unwrap_or_else(|| panic!("{v}"));
    assert!(
        found["fix"]
            .as_str()
            .unwrap()
            .contains("SignInLocalDevelopmentAccess"),
        "{found}"
    );
}

/// GET `url` with the `Authorization` header: status and body.
fn http_get(url: &str, token: &str) -> (u16, String) {
    use std::io::{Read as _, Write as _};
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_at(rest.find('/').unwrap());
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: {token}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    let status = text[9..12].parse().unwrap();
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn serve_gives_the_session_to_container_credential_clients() {
    use std::io::BufRead as _;
    let env = login_env();
    seed(&env, 14 * 60, None);
    let cached = read_cache(&env);
    env.emu.expect_no_calls();
    let mut child = env
        .std_cmd()
        .args(["serve", "--profile", "console", "--output", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    let vars: serde_json::Value = serde_json::from_str(&line).unwrap_or_else(|e| {
        let _ = child.kill();
        panic!("{e}: {line:?}")
    });
    let (status, body) = http_get(
        vars["AWS_CONTAINER_CREDENTIALS_FULL_URI"].as_str().unwrap(),
        vars["AWS_CONTAINER_AUTHORIZATION_TOKEN"].as_str().unwrap(),
    );
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["AccessKeyId"], cached["accessToken"]["accessKeyId"]);
    assert_eq!(v["AccountId"], "123456789012");
}

#[test]
fn write_default_writes_the_session_credentials() {
    let env = login_env();
    seed(&env, 14 * 60, None);
    let cached = read_cache(&env);
    env.emu.expect_no_calls();
    let out = env
        .cmd()
        .args(["write-default", "--profile", "console"])
        .output()
        .unwrap();
    let stderr = texts(&out).1;
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("principal alice in account 123456789012"),
        "{stderr}"
    );
    let written = std::fs::read_to_string(env.aws_dir().join("credentials")).unwrap();
    assert!(
        written.contains(cached["accessToken"]["accessKeyId"].as_str().unwrap()),
        "{written}"
    );
}

#[tokio::test]
async fn the_library_serves_a_login_session_profile() {
    let env = login_env();
    seed(&env, 60, None);
    let sso = awsso::Sso::builder()
        .profile("console")
        .env(env.env_vars())
        .build()
        .unwrap();
    assert_eq!(sso.login_session(), Some(PRINCIPAL));
    let creds = sso
        .profile_credentials_provider()
        .unwrap()
        .credentials()
        .await
        .unwrap();
    assert_eq!(
        env.emu.signin_refreshes(),
        1,
        "{:?}",
        env.emu.signin_refusals()
    );
    assert_eq!(
        creds.access_key_id(),
        read_cache(&env)["accessToken"]["accessKeyId"]
            .as_str()
            .unwrap()
    );
    let config = sso
        .profile_sdk_config()
        .unwrap()
        .region("eu-west-1")
        .load()
        .await
        .unwrap();
    use aws_credential_types::provider::ProvideCredentials as _;
    let from_config = config
        .credentials_provider()
        .unwrap()
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(from_config.access_key_id(), creds.access_key_id());
    assert_eq!(
        env.emu.signin_refreshes(),
        1,
        "served from the refreshed file"
    );
}

/// `--remote`: the URL is shown, the person opens it on another device (here: the emulator's
/// fake browser), and pastes the code the sign-in page shows.
// unix: needs the pty of the configure tests.
#[cfg(unix)]
#[test]
fn remote_login_takes_the_pasted_code() {
    let env = login_env();
    let mut cmd = env.std_cmd();
    cmd.args(["login", "--profile", "console", "--force", "--remote"])
        .env("TERM", "xterm");
    let mut pty = crate::cases::configure::Pty::spawn(cmd);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let url = loop {
        let out = String::from_utf8_lossy(&pty.output.lock().unwrap()).into_owned();
        if let Some(start) = out.find("http://127.0.0.1")
            && let Some(len) = out[start..].find(|c: char| c.is_whitespace())
        {
            break out[start..start + len].to_owned();
        }
        assert!(std::time::Instant::now() < deadline, "no URL: {out}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert!(
        url.contains("client_id=arn%3Aaws%3Asignin%3A%3A%3Adevtools%2Fcross-device"),
        "{url}"
    );
    assert!(url.contains("%2Fv1%2Fsessions%2Fconfirmation"), "{url}");
    let page = awsso_emulator::browse(&url).unwrap();
    let code = page
        .split("<code>")
        .nth(1)
        .unwrap()
        .split("</code>")
        .next()
        .unwrap()
        .to_owned();
    pty.answer("Paste the code", &format!("{code}\r"));
    let status = pty.child.wait().unwrap();
    // The terminal's reader thread may still be copying the last lines.
    std::thread::sleep(std::time::Duration::from_millis(200));
    let out = String::from_utf8_lossy(&pty.output.lock().unwrap()).into_owned();
    assert!(status.success(), "{out}");
    assert!(out.contains(&format!("Logged in as {PRINCIPAL}")), "{out}");
    assert_eq!(
        read_cache(&env)["clientId"],
        "arn:aws:signin:::devtools/cross-device"
    );
    // Refreshes replay the cross-device client id.
    age(&env, 60);
    payload(&cp(&env));
    assert_eq!(
        env.emu.signin_refreshes(),
        1,
        "{:?}",
        env.emu.signin_refusals()
    );
}

#[test]
fn console_signs_in_with_the_session_credentials() {
    let env = login_env();
    seed(&env, 14 * 60, None);
    let cached = read_cache(&env);
    let out = env
        .cmd()
        .args(["console", "--profile", "console", "--print"])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.starts_with(&format!("{}/federation?Action=login&", env.emu.url())),
        "{stdout}"
    );
    let requests = env.emu.signin_requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].session["sessionId"],
        cached["accessToken"]["accessKeyId"]
    );
    assert_eq!(env.emu.signin_refreshes(), 0);
    // The portal shortcut is Identity Center's only.
    let out = env
        .cmd()
        .args(["console", "--profile", "console", "--shortcut", "--print"])
        .output()
        .unwrap();
    let stderr = texts(&out).1;
    assert!(!out.status.success());
    assert!(stderr.contains("run without --shortcut"), "{stderr}");
}

#[test]
fn a_profile_without_any_credential_source_signs_in_like_aws_login() {
    let mut env = TestEnv::new();
    let url = env.emu.url();
    env.set_env("AWS_ENDPOINT_URL_SIGNIN", &url);
    env.write_config(&format!(
        "{}\n[profile bare]\nregion = ap-southeast-2\n",
        env.standard_config()
    ));
    let _browser = env.fake_browser();
    let out = env
        .cmd()
        .args(["login", "--profile", "bare"])
        .output()
        .unwrap();
    let stderr = texts(&out).1;
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("has no credential source"), "{stderr}");
    let config = std::fs::read_to_string(env.config_path()).unwrap();
    assert!(
        config.ends_with(&format!(
            "[profile bare]\nregion = ap-southeast-2\nlogin_session = {PRINCIPAL}\n"
        )),
        "{config}"
    );
    assert_eq!(read_cache(&env)["signInRegion"], "ap-southeast-2");
    // A profile that does not exist still needs the flag (a typo is not a sign-in).
    let out = env
        .cmd()
        .args(["login", "--profile", "typo"])
        .output()
        .unwrap();
    assert!(!out.status.success());
}
