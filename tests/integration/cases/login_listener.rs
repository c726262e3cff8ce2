//! The PKCE login's loopback listener under hostile or unusual conditions: idle connections,
//! forged callbacks, a fixed callback port for SSH port-forwarding.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use awsso_emulator::Op;

use crate::support::{TestEnv, texts};

/// The loopback port of the one-time URL the browser is handed (`http://127.0.0.1:PORT/…`,
/// the listener's own): the authorize URL itself never reaches the browser's command line.
fn redirect_port(url: &str) -> u16 {
    let rest = url.strip_prefix("http://127.0.0.1:").unwrap();
    assert!(!url.contains("state"), "{url}");
    rest.split('/').next().unwrap().parse().unwrap()
}

/// The loopback port in an authorize URL's `redirect_uri`.
fn authorize_redirect_port(url: &str) -> u16 {
    let query = url.split_once('?').unwrap().1;
    let redirect = form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "redirect_uri")
        .unwrap()
        .1
        .into_owned();
    let rest = redirect.strip_prefix("http://127.0.0.1:").unwrap();
    rest.split('/').next().unwrap().parse().unwrap()
}

#[test]
fn an_idle_connection_and_a_forged_callback_do_not_stop_the_login() {
    let t = TestEnv::new();
    let log = t.home.path().join("browser.urls");
    let script = crate::support::url_recorder(t.home.path(), "browser", &log);
    let child = t
        .std_cmd()
        .env("BROWSER", &script)
        .args(["login", "--profile", "dev", "--timeout", "60s"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let url = loop {
        if let Ok(text) = std::fs::read_to_string(&log)
            && let Some(line) = text.lines().next()
        {
            break line.to_owned();
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the browser was never opened"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    let port = redirect_port(&url);
    // A pre-connect that never finishes its request (item: one idle connection blocked all).
    let mut idle = TcpStream::connect(("127.0.0.1", port)).unwrap();
    idle.write_all(b"GET /oauth/call").unwrap();
    // A forged callback with the wrong state gets an error page; the login goes on.
    let mut forged = TcpStream::connect(("127.0.0.1", port)).unwrap();
    forged
        .write_all(b"GET /oauth/callback?code=stolen&state=forged HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    forged.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    // The real redirect.
    awsso_emulator::browse(&url).unwrap();
    let out = child.wait_with_output().unwrap();
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
    assert!(stderr.contains("Logged in"), "{stderr}");
    drop(idle);
}

fn free_port() -> u16 {
    std::net::TcpListener::bind(("127.0.0.1", 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn a_fixed_callback_port_serves_a_browser_elsewhere_over_ssh() {
    let t = TestEnv::new();
    let port = free_port();
    let mut child = t
        .std_cmd()
        .env("SSH_CONNECTION", "10.9.8.7 50000 10.1.2.3 2222")
        .args([
            "login",
            "--profile",
            "dev",
            "--no-browser",
            "--timeout",
            "60s",
        ])
        .args(["--callback-port", &port.to_string()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read stderr until the URL is shown, then "open" it on the other machine.
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut shown = String::new();
    let url = loop {
        let mut line = String::new();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "no URL shown: {shown}"
        );
        shown.push_str(&line);
        if let Some(url) = line.trim().strip_prefix("http") {
            break format!("http{url}");
        }
    };
    assert_eq!(authorize_redirect_port(&url), port);
    awsso_emulator::browse(&url).unwrap();
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    shown.push_str(&rest);
    let status = child.wait().unwrap();
    assert!(status.success(), "{shown}");
    assert!(
        shown.contains(&format!("ssh -L {port}:127.0.0.1:{port} -p 2222 10.1.2.3")),
        "{shown}"
    );
    assert_eq!(
        t.emu.calls(Op::StartDeviceAuthorization),
        0,
        "the browser flow was used"
    );
}

#[test]
fn a_taken_callback_port_is_a_clear_error() {
    let t = TestEnv::new();
    t.emu.allow_unused();
    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = taken.local_addr().unwrap().port();
    let out = t
        .cmd()
        .args([
            "login",
            "--profile",
            "dev",
            "--callback-port",
            &port.to_string(),
        ])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert!(!out.status.success());
    assert!(stderr.contains(&format!("127.0.0.1:{port}")), "{stderr}");
    assert!(stderr.contains("in use"), "{stderr}");
    assert!(stderr.contains("--callback-port"), "{stderr}");
}

#[test]
fn a_callback_port_in_the_config_is_validated() {
    let t = TestEnv::new();
    t.emu.expect_no_calls();
    let config = t.standard_config().replace(
        "[sso-session corp]",
        "[sso-session corp]\nawsso_callback_port = 99999",
    );
    t.write_config(&config);
    let out = t
        .cmd()
        .args(["login", "--profile", "dev"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("awsso_callback_port = 99999"), "{stderr}");
}

/// Starts `awsso login --profile dev` with a browser that only records its argument; returns
/// the child and the URL the browser was started with. `shell_prefix`: run through `sh -c`
/// with this before the command (e.g. `ulimit -n 64;`).
fn login_with_recorded_browser(
    t: &TestEnv,
    shell_prefix: Option<&str>,
) -> (std::process::Child, String) {
    let log = t.home.path().join("browser.urls");
    let script = crate::support::url_recorder(t.home.path(), "browser", &log);
    let args = ["login", "--profile", "dev", "--timeout", "60s"];
    let mut cmd = t.std_cmd();
    match shell_prefix {
        Some(prefix) => {
            let awsso = assert_cmd::cargo::cargo_bin("awsso");
            cmd = std::process::Command::new("/bin/sh");
            cmd.env_clear();
            for (k, v) in t.env_vars() {
                cmd.env(k, v);
            }
            cmd.arg("-c")
                .arg(format!("{prefix} exec \"$0\" \"$@\""))
                .arg(awsso)
                .args(args);
        }
        None => {
            cmd.args(args);
        }
    }
    let child = cmd
        .env("BROWSER", &script)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let url = loop {
        if let Ok(text) = std::fs::read_to_string(&log)
            && let Some(line) = text.lines().next()
        {
            break line.to_owned();
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the browser was never opened"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    (child, url)
}

/// One raw GET of `url` (no redirects followed): the status line and the Location header.
fn get_once(url: &str) -> (String, Option<String>) {
    let rest = url.strip_prefix("http://").unwrap();
    let (authority, path) = rest.split_at(rest.find('/').unwrap());
    let mut stream = TcpStream::connect(authority).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {authority}\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer.lines().next().unwrap_or_default().to_owned();
    let location = answer
        .lines()
        .find_map(|l| l.strip_prefix("Location: "))
        .map(str::to_owned);
    (status, location)
}

/// The browser's command line never holds the login's `state` (another local user could read
/// it from /proc and end the login with it): it gets a one-time URL on the loopback listener,
/// which redirects to the authorize URL once and then is gone.
#[test]
fn the_browser_gets_a_one_time_url_without_the_state() {
    let t = TestEnv::new();
    let (child, url) = login_with_recorded_browser(&t, None);
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    for secret in ["state", "code_challenge", "authorize", "client_id"] {
        assert!(
            !url.contains(secret),
            "{secret} in the browser's argv: {url}"
        );
    }
    let (status, location) = get_once(&url);
    assert!(status.starts_with("HTTP/1.1 303"), "{status}");
    let authorize = location.expect("a Location");
    assert!(authorize.contains("state="), "{authorize}");
    // Once only.
    let (again, _) = get_once(&url);
    assert!(again.starts_with("HTTP/1.1 404"), "{again}");
    // The authorize URL it led to completes the login.
    awsso_emulator::browse(&authorize).unwrap();
    let out = child.wait_with_output().unwrap();
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("Logged in"), "{stderr}");
}

/// A flood of connections held open to the listener's port, with awsso's descriptors limited
/// to 64, neither exhausts its descriptors into a failed login nor keeps the browser out.
#[cfg(unix)] // `ulimit -n` through sh: how a unix process gets few descriptors
#[test]
fn a_flood_of_held_connections_does_not_stop_the_login() {
    let t = TestEnv::new();
    let (child, url) = login_with_recorded_browser(&t, Some("ulimit -n 64;"));
    // The listener's port, whichever URL the browser got (this checks the listener only).
    let port = if url.contains("redirect_uri") {
        authorize_redirect_port(&url)
    } else {
        redirect_port(&url)
    };
    let held = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..10 {
            scope.spawn(|| {
                for _ in 0..100 {
                    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
                    // A full accept queue makes a connect wait: skip it.
                    if let Ok(stream) =
                        TcpStream::connect_timeout(&addr, Duration::from_millis(200))
                    {
                        held.lock().unwrap().push(stream);
                    }
                }
            });
        }
    });
    let held = held.into_inner().unwrap();
    assert!(held.len() >= 100, "only {} connections opened", held.len());
    // The browser arrives while they are all still open.
    let started = Instant::now();
    awsso_emulator::browse(&url).unwrap();
    let out = child.wait_with_output().unwrap();
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("Logged in"), "{stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
    drop(held);
}

/// An OIDC endpoint whose device authorization names `verification`: answers RegisterClient
/// and StartDeviceAuthorization, and leaves every other request (the polls) unanswered.
fn device_endpoint(verification: &'static str) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                let mut length = 0;
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap_or(0) == 0 {
                        return;
                    }
                    if let Some(v) = header.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                    if header.trim().is_empty() {
                        break;
                    }
                }
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                let json = if line.contains("/client/register") {
                    r#"{"clientId":"c","clientSecret":"s","clientIdIssuedAt":1,"clientSecretExpiresAt":4102444800}"#.to_owned()
                } else if line.contains("/device_authorization") {
                    serde_json::json!({
                        "deviceCode": "d",
                        "userCode": "ABCD-EFGH",
                        "verificationUri": verification,
                        "verificationUriComplete": verification,
                        "expiresIn": 600,
                        "interval": 1
                    })
                    .to_string()
                } else {
                    std::thread::sleep(Duration::from_secs(60));
                    return;
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{json}",
                    json.len()
                );
            });
        }
    });
    url
}

/// A device authorization's URL reaches the browser only when it is https (or http from a
/// loopback endpoint override, as here); anything else is shown, escaped, never opened.
#[test]
fn server_supplied_urls_that_are_not_https_never_reach_the_browser() {
    for verification in [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "smb://evil.example/share",
        "-new-window http://evil.example/",
        "http://evil.example/device",
        "https://evil.example/a b",
        "https://evil.example/\u{1b}[2J",
    ] {
        let mut t = TestEnv::new();
        t.emu.allow_unused();
        t.set_env("AWS_ENDPOINT_URL_SSO_OIDC", &device_endpoint(verification));
        let log = t.home.path().join("browser.urls");
        let script = crate::support::url_recorder(t.home.path(), "browser", &log);
        let mut child = t
            .std_cmd()
            .env("BROWSER", &script)
            .args(["login", "--sso-session", "corp", "--use-device-code"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut shown = String::new();
        while !shown.contains("not opening") {
            let mut line = String::new();
            if stderr.read_line(&mut line).unwrap() == 0 {
                break;
            }
            shown.push_str(&line);
        }
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(shown.contains("not opening"), "{verification}: {shown}");
        assert!(
            !shown.contains('\u{1b}'),
            "{verification}: shown escaped: {shown}"
        );
        assert!(!log.exists(), "{verification}: the browser was started");
    }
    // The loopback endpoint's own http URL is opened (the test setup).
    let mut t = TestEnv::new();
    t.emu.allow_unused();
    let ok = "http://127.0.0.1:9/device?user_code=ABCD-EFGH";
    t.set_env("AWS_ENDPOINT_URL_SSO_OIDC", &device_endpoint(ok));
    let log = t.home.path().join("browser.urls");
    let script = crate::support::url_recorder(t.home.path(), "browser", &log);
    let mut child = t
        .std_cmd()
        .env("BROWSER", &script)
        .args(["login", "--sso-session", "corp", "--use-device-code"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !log.exists() && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(std::fs::read_to_string(&log).unwrap().trim_end(), ok);
}
