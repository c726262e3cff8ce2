//! The PKCE login's loopback listener under hostile or unusual conditions: idle connections,
//! forged callbacks, a fixed callback port for SSH port-forwarding.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use awsso_emulator::Op;

use crate::support::{TestEnv, texts};

/// The loopback port in an authorize URL's `redirect_uri`.
fn redirect_port(url: &str) -> u16 {
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
    assert_eq!(redirect_port(&url), port);
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
