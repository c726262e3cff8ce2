//! `awsso exec --server` and `awsso serve`: SDKs (boto3, the JavaScript SDK v3, the Rust SDK)
//! as children keep getting valid credentials across role-credential expiries with one
//! GetRoleCredentials per expiry; the token guards the endpoint; a needed login is a 503.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use awsso_emulator::{Config, Fault, Op};

use crate::support::{TestEnv, example, texts};

/// Role credentials live this long in these tests, so a few seconds cross several expiries.
const SHORT_TTL: Duration = Duration::from_secs(3);

fn short_lived() -> TestEnv {
    let mut env = TestEnv::with(Config {
        role_credentials_ttl: SHORT_TTL,
        ..Config::default()
    });
    env.seed_token("corp", true, 8 * 3600);
    let sts = format!("{}/sts", env.emu.url());
    env.set_env("AWS_ENDPOINT_URL_STS", &sts);
    env
}

/// Runs `child` (which prints "ARN USERID" per GetCallerIdentity) under `exec --server` and
/// checks every call was signed with valid credentials of the role, that the credentials were
/// replaced at least once, and that every GetRoleCredentials produced credentials the child
/// used (none fetched twice, none wasted).
fn survives_expiries(env: &TestEnv, child: &[&str]) {
    let started = Instant::now();
    let out = env
        .cmd()
        .args(["exec", "-v", "--server", "--profile", "dev", "--"])
        .args(child)
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let arn = format!(
        "arn:aws:sts::{}:assumed-role/{}/awsso",
        env.account(),
        env.role()
    );
    let mut keys = BTreeSet::new();
    for line in stdout.lines() {
        let (line_arn, user_id) = line.split_once(' ').expect("ARN USERID");
        assert_eq!(line_arn, arn);
        let key = user_id.strip_prefix("AROAEMULATOR:").expect("user id");
        assert!(key.starts_with("ASIA"), "{key}");
        keys.insert(key.to_owned());
    }
    assert_eq!(stdout.lines().count(), 10, "{stdout}");
    let fetched = env.emu.calls(Op::GetRoleCredentials);
    assert!(
        keys.len() >= 2,
        "the credentials were never replaced in {:?}: {stdout}",
        started.elapsed()
    );
    // One fetch before the command starts, then one per expiry: each set of credentials is
    // replaced once, and every replacement reached the child (the first set may have aged
    // out while a slow interpreter was still starting).
    let replaced: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.split_once("replacing credentials that expire at "))
        .map(|(_, at)| at)
        .collect();
    let distinct: BTreeSet<&str> = replaced.iter().copied().collect();
    assert_eq!(distinct.len(), replaced.len(), "replaced twice: {stderr}");
    assert_eq!(fetched, replaced.len() as u64 + 1, "{stderr}");
    assert!(
        keys.len() as u64 == fetched || keys.len() as u64 + 1 == fetched,
        "{fetched} GetRoleCredentials, {} used: {stdout}\n{stderr}",
        keys.len()
    );
    assert!(!stderr.contains("emulator-session"), "{stderr}");
}

awsso_test_tools::boto3_test! {
    fn boto3_keeps_valid_credentials_across_expiries() {
        let env = short_lived();
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/sdk/boto3_child.py");
        let mut env = env;
        // boto3 reads ~/.aws/config (HOME is the temp one); no AWS_PROFILE reaches it.
        env.set_env("PYTHONDONTWRITEBYTECODE", "1");
        let python = awsso_test_tools::PYTHON.unwrap_or("python3");
        survives_expiries(&env, &[python, script, "10", "0.45"]);
    }
}

awsso_test_tools::node_sdk_test! {
    fn javascript_sdk_keeps_valid_credentials_across_expiries() {
        let env = short_lived();
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/sdk/node/child.mjs");
        let node = awsso_test_tools::NODE.unwrap_or("node");
        survives_expiries(&env, &[node, script, "10", "450"]);
    }
}

#[test]
fn rust_sdk_keeps_valid_credentials_across_expiries() {
    let env = short_lived();
    let program = example("container_credentials");
    survives_expiries(&env, &[program.to_str().unwrap(), "10", "450"]);
}

/// One raw HTTP/1.1 GET; returns the status and the body.
fn get(url: &str, authorization: Option<&str>) -> (u16, String) {
    let host = url
        .strip_prefix("http://")
        .and_then(|r| r.split_once('/'))
        .expect("an http URL with a path")
        .0;
    get_with(url, authorization, &format!("Host: {host}\r\n"))
}

/// [`get`] with the header lines `headers` (each ending in CRLF) instead of the usual Host.
fn get_with(url: &str, authorization: Option<&str>, headers: &str) -> (u16, String) {
    let rest = url.strip_prefix("http://").expect("http URL");
    let (host, path) = rest.split_once('/').expect("a path");
    let mut stream = TcpStream::connect(host).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let auth = authorization
        .map(|a| format!("Authorization: {a}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "GET /{path} HTTP/1.1\r\n{headers}{auth}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response[9..12].parse().unwrap();
    let body = response.split_once("\r\n\r\n").unwrap().1.to_owned();
    (status, body)
}

/// `awsso serve … --output json`, running; its variables, read from the first line. Killed
/// when dropped, so a failing test leaves no server behind.
struct Serving {
    child: Child,
    vars: serde_json::Value,
}

impl Serving {
    fn start(env: &TestEnv, extra: &[&str]) -> Serving {
        let mut child = env
            .std_cmd()
            .args(["serve", "--profile", "dev", "--output", "json"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        let vars = serde_json::from_str(&line).unwrap_or_else(|e| {
            let _ = child.kill();
            let mut err = String::new();
            let _ = child.stderr.take().unwrap().read_to_string(&mut err);
            panic!("{e}: {line:?} {err}")
        });
        Serving { child, vars }
    }

    fn url(&self) -> String {
        self.vars["AWS_CONTAINER_CREDENTIALS_FULL_URI"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    fn token(&self) -> String {
        self.vars["AWS_CONTAINER_AUTHORIZATION_TOKEN"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Stops the server; returns its stderr.
    fn stop(mut self) -> String {
        let _ = self.child.kill();
        self.child.wait().unwrap();
        let mut err = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        err
    }
}

// unix: Windows delivers Ctrl-C to a console's processes, not to one child; the Windows stop
// events and their exit code are unit-tested in platform::signals.
#[cfg(unix)]
impl Serving {
    /// Ctrl-C: SIGINT, then the exit status and stderr.
    fn interrupt(self) -> (std::process::ExitStatus, String) {
        self.signal(libc::SIGINT)
    }

    /// Sends `signal`, then the exit status and stderr.
    fn signal(mut self, signal: libc::c_int) -> (std::process::ExitStatus, String) {
        let pid = i32::try_from(self.child.id()).unwrap();
        // SAFETY: sends a signal to our own child process.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
        let status = self.child.wait().unwrap();
        let mut err = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        (status, err)
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        // Already stopped (and reaped) when `stop` ran; otherwise a test failed midway.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serve_answers_only_with_the_token() {
    let env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    let server = Serving::start(&env, &[]);
    let url = server.url();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let token = server.token();
    assert_eq!(token.len(), 64, "32 random bytes, hex");
    assert_eq!(server.vars["AWS_REGION"], "eu-west-1");

    let (status, body) = get(&url, None);
    assert_eq!(status, 403, "{body}");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&body).unwrap()["Code"],
        "AccessDenied"
    );
    let last = if token.ends_with('0') { "1" } else { "0" };
    let wrong = format!("{}{last}", &token[..63]);
    assert_eq!(get(&url, Some(&wrong)).0, 403);
    assert_eq!(
        get(&url, Some(&token[..32])).0,
        403,
        "a prefix is not the token"
    );

    let (status, body) = get(&url, Some(&token));
    assert_eq!(status, 200, "{body}");
    let creds: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(creds["AccessKeyId"].as_str().unwrap().starts_with("ASIA"));
    assert!(
        creds["Token"]
            .as_str()
            .unwrap()
            .starts_with("emulator-session/")
    );
    assert!(!creds["SecretAccessKey"].as_str().unwrap().is_empty());
    assert_eq!(creds["AccountId"], env.account());
    let expiration = creds["Expiration"].as_str().unwrap();
    let expires =
        time::OffsetDateTime::parse(expiration, &time::format_description::well_known::Rfc3339)
            .unwrap();
    assert!(expires > time::OffsetDateTime::now_utc() + Duration::from_secs(20 * 60));
    // The same credentials as credential-process (one role cache), fetched once.
    let (_, again) = get(&url, Some(&token));
    assert_eq!(again, body);
    let stderr = server.stop();
    assert!(
        !stderr.contains(&token),
        "the token is never logged: {stderr}"
    );
    assert_eq!(env.emu.calls(Op::GetRoleCredentials), 1);
}

/// DNS rebinding: a page whose host name resolves to 127.0.0.1 reaches the port, but its
/// requests name its own host and carry Origin / Sec-Fetch-*: refused even with the token.
#[test]
fn requests_for_another_host_or_from_a_web_page_are_refused() {
    let env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    let server = Serving::start(&env, &[]);
    let (url, token) = (server.url(), server.token());
    let port = url.rsplit(':').next().unwrap().trim_end_matches('/');
    for headers in [
        format!("Host: rebind.evil.example:{port}\r\n"),
        format!("Host: 127.0.0.1:{port}\r\nOrigin: http://rebind.evil.example:{port}\r\n"),
        format!("Host: 127.0.0.1:{port}\r\nSec-Fetch-Site: same-origin\r\n"),
        String::new(),
    ] {
        let (status, body) = get_with(&url, Some(&token), &headers);
        assert_eq!(status, 403, "{headers:?}: {body}");
        assert!(!body.contains("SecretAccessKey"), "{body}");
    }
    // What the SDKs send: the URL's host, or localhost when the URL says so.
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}")] {
        let (status, body) = get_with(&url, Some(&token), &format!("Host: {host}\r\n"));
        assert_eq!(status, 200, "{host}: {body}");
    }
    server.stop();
}

#[test]
fn a_needed_login_is_a_503_with_the_hint_once() {
    let env = TestEnv::with(Config {
        role_credentials_ttl: SHORT_TTL,
        ..Config::default()
    });
    env.seed_token("corp", false, 8 * 3600);
    let server = Serving::start(&env, &[]);
    let (url, token) = (server.url(), server.token());
    assert_eq!(get(&url, Some(&token)).0, 200);
    // The session ends: the next fetch needs an interactive login.
    env.emu.expire_access_tokens();
    std::thread::sleep(SHORT_TTL);
    for _ in 0..3 {
        let (status, body) = get(&url, Some(&token));
        assert_eq!(status, 503, "{body}");
        let error: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(error["Code"], "LoginRequired");
        assert!(
            error["Message"]
                .as_str()
                .unwrap()
                .contains("awsso login --profile dev"),
            "{body}"
        );
    }
    let stderr = server.stop();
    assert_eq!(
        stderr.matches("awsso login --profile dev").count(),
        1,
        "the hint once: {stderr}"
    );
}

/// A revoked session (access token and refresh refused): one failing GetRoleCredentials and
/// one failing refresh, then the remembered rejection answers every request without a call.
#[test]
fn a_rejected_session_is_not_asked_again_on_every_request() {
    let env = TestEnv::with(Config {
        role_credentials_ttl: SHORT_TTL,
        ..Config::default()
    });
    env.seed_token("corp", true, 8 * 3600);
    let server = Serving::start(&env, &[]);
    let (url, token) = (server.url(), server.token());
    assert_eq!(get(&url, Some(&token)).0, 200);
    env.emu.expire_access_tokens();
    env.emu.inject(Op::CreateToken, Fault::Unauthorized, 1);
    std::thread::sleep(SHORT_TTL);
    let (grc, refreshes) = (
        env.emu.calls(Op::GetRoleCredentials),
        env.emu.calls(Op::CreateToken),
    );
    for _ in 0..5 {
        let (status, body) = get(&url, Some(&token));
        assert_eq!(status, 503, "{body}");
    }
    assert_eq!(
        env.emu.calls(Op::GetRoleCredentials),
        grc + 1,
        "one failing fetch"
    );
    assert_eq!(
        env.emu.calls(Op::CreateToken),
        refreshes + 1,
        "one failing refresh"
    );
    server.stop();
}

#[test]
fn serve_writes_a_private_token_file_without_newline() {
    let env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    let file = env.home.path().join("run/awsso.token");
    let server = Serving::start(&env, &["--token-file", file.to_str().unwrap()]);
    assert!(
        server
            .vars
            .get("AWS_CONTAINER_AUTHORIZATION_TOKEN")
            .is_none()
    );
    assert_eq!(
        server.vars["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"],
        file.display().to_string()
    );
    let token = std::fs::read_to_string(&file).unwrap();
    assert_eq!(token.len(), 64);
    assert!(!token.ends_with('\n'));
    crate::support::assert_mode(&file, 0o600);
    assert_eq!(get(&server.url(), Some(&token)).0, 200);
    // Ctrl-C removes the token file and ends with 128+SIGINT (unix: see `interrupt`).
    #[cfg(unix)]
    {
        let (status, stderr) = server.interrupt();
        assert_eq!(status.code(), Some(130), "{stderr}");
        assert!(!file.exists(), "the token file is removed");
        assert!(stderr.contains("stopped"), "{stderr}");
    }
}

/// Whatever signal ends `serve` (a closed terminal's SIGHUP, SIGUSR1, ...: every catchable one
/// whose default would end it), the token file is deleted and the exit code is 128+N.
#[cfg(unix)] // signals
#[test]
fn every_ending_signal_deletes_the_token_file() {
    let env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    for signal in [
        libc::SIGHUP,
        libc::SIGUSR1,
        libc::SIGUSR2,
        libc::SIGQUIT,
        libc::SIGALRM,
        libc::SIGTERM,
    ] {
        let file = env.home.path().join(format!("run/awsso-{signal}.token"));
        let server = Serving::start(&env, &["--token-file", file.to_str().unwrap()]);
        assert!(file.exists());
        let (status, stderr) = server.signal(signal);
        assert_eq!(
            status.code(),
            Some(128 + signal),
            "signal {signal}: {stderr}"
        );
        assert!(
            !file.exists(),
            "signal {signal} left the token file: {stderr}"
        );
    }
}

#[test]
fn exec_server_gives_the_child_the_endpoint_and_no_static_keys() {
    let mut env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    env.set_env("AWS_ACCESS_KEY_ID", "AKIASTALE");
    env.set_env("AWS_SECRET_ACCESS_KEY", "stale");
    env.set_env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "/stale");
    env.set_env("AWS_PROFILE", "dev");
    let script = r#"printf '%s|%s|%s|%s|%s|%s|%s' "${AWS_ACCESS_KEY_ID-unset}" "${AWS_SECRET_ACCESS_KEY-unset}" "${AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE-unset}" "$AWS_CONTAINER_CREDENTIALS_FULL_URI" "$AWS_CONTAINER_AUTHORIZATION_TOKEN" "$AWSSO_PROFILE" "$AWS_REGION"; exit 3"#;
    let out = env
        .cmd()
        .args(["exec", "--server", "--", "sh", "-c", script])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(
        out.status.code(),
        Some(3),
        "the child's exit code: {stderr}"
    );
    let fields: Vec<&str> = stdout.split('|').collect();
    assert_eq!(&fields[..3], ["unset", "unset", "unset"]);
    assert!(fields[3].starts_with("http://127.0.0.1:"), "{stdout}");
    assert_eq!(fields[4].len(), 64);
    assert_eq!(&fields[5..], ["dev", "eu-west-1"]);
    assert!(!stderr.contains(fields[4]), "{stderr}");
}

#[test]
fn exec_server_without_a_login_fails_before_running_the_command() {
    let env = TestEnv::new();
    env.emu.allow_unused();
    let out = env
        .cmd()
        .args([
            "exec",
            "--server",
            "--profile",
            "dev",
            "--",
            "sh",
            "-c",
            "echo ran",
        ])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.contains("awsso login --profile dev"), "{stderr}");
}

#[test]
fn with_login_one_login_runs_in_the_background_while_requests_get_503() {
    let mut env = TestEnv::with(Config {
        role_credentials_ttl: SHORT_TTL,
        ..Config::default()
    });
    env.seed_token("corp", false, 8 * 3600);
    let browser = env.fake_browser();
    let server = Serving::start(&env, &["--login"]);
    let (url, token) = (server.url(), server.token());
    assert_eq!(get(&url, Some(&token)).0, 200);
    env.emu.expire_access_tokens();
    std::thread::sleep(SHORT_TTL);
    let started = Instant::now();
    let mut statuses = Vec::new();
    loop {
        let (status, body) = get(&url, Some(&token));
        statuses.push(status);
        if status == 200 {
            break;
        }
        assert_eq!(status, 503, "{body}");
        assert!(started.elapsed() < Duration::from_secs(30), "{statuses:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(statuses[0], 503, "never blocked on the login: {statuses:?}");
    let stderr = server.stop();
    assert_eq!(browser.visited_at_least(1).len(), 1, "one login: {stderr}");
    assert_eq!(env.emu.calls(Op::Authorize), 1, "{stderr}");
}
