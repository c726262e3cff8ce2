//! `awsso console`: the federation sign-in URL (against the emulator's sign-in endpoint), the
//! portal shortcut link, duration validation, and the URL kept out of logs.

use awsso_emulator::Op;

use crate::support::{START_URL, TestEnv, texts};

fn seeded() -> TestEnv {
    let mut env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    let url = env.emu.url();
    env.set_env("AWS_ENDPOINT_URL_SIGNIN", &url);
    env
}

fn query(url: &str) -> Vec<(String, String)> {
    let q = url.split_once('?').unwrap().1;
    form_urlencoded::parse(q.as_bytes()).into_owned().collect()
}

#[test]
fn print_gives_a_login_url_from_the_role_session() {
    let env = seeded();
    let out = env
        .cmd()
        .args([
            "console",
            "--profile",
            "dev",
            "--print",
            "--duration",
            "2h",
            "-v",
        ])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let url = stdout.trim_end();
    assert!(
        url.starts_with(&format!("{}/federation?Action=login&", env.emu.url())),
        "{url}"
    );
    let q = query(url);
    assert_eq!(q[1], ("Issuer".into(), START_URL.into()));
    assert_eq!(
        q[2],
        (
            "Destination".into(),
            "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1".into()
        )
    );
    assert_eq!(q[3], ("SigninToken".into(), "emulator-signin/1".into()));
    assert!(
        !stderr.contains("emulator-signin"),
        "never logged: {stderr}"
    );

    // The getSigninToken call carried the role's session credentials (the cached ones).
    let requests = env.emu.signin_requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].duration, Some(7200));
    let out = env
        .cmd()
        .args(["credential-process", "--profile", "dev"])
        .output()
        .unwrap();
    let creds: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let session = &requests[0].session;
    assert_eq!(session["sessionId"], creds["AccessKeyId"]);
    assert_eq!(session["sessionKey"], creds["SecretAccessKey"]);
    assert_eq!(session["sessionToken"], creds["SessionToken"]);
    assert!(!stderr.contains(creds["SecretAccessKey"].as_str().unwrap()));
    assert_eq!(env.emu.calls(Op::GetRoleCredentials), 1);
}

#[test]
fn a_service_destination_and_region() {
    let env = seeded();
    let out = env
        .cmd()
        .args(["console", "--profile", "dev", "--print"])
        .args(["--destination", "s3", "--region", "us-east-1"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", texts(&out).1);
    let q = query(texts(&out).0.trim_end());
    assert_eq!(
        q[2].1,
        "https://console.aws.amazon.com/s3/home?region=us-east-1"
    );
    assert_eq!(
        env.emu.signin_requests()[0].duration,
        Some(3600),
        "1h by default"
    );
}

/// Without --print the sign-in URL (a bearer secret) goes to the browser only, and not
/// through its command line: the browser is handed a one-time loopback URL that redirects to
/// it once.
#[test]
fn without_print_the_url_goes_to_the_browser_only_through_a_one_time_redirect() {
    let mut env = seeded();
    let browser = env.fake_browser();
    let out = env
        .cmd()
        .args(["console", "--profile", "dev", "-vv"])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stdout, "", "nothing on stdout without --print");
    assert!(!stderr.contains("SigninToken="), "{stderr}");
    assert!(!stderr.contains("emulator-signin"), "{stderr}");
    // What the browser was started with: a one-time URL on a loopback port, no token.
    let visited = browser.visited_at_least(1);
    assert_eq!(visited.len(), 1, "{visited:?}");
    let (argv_url, followed) = &visited[0];
    assert!(argv_url.starts_with("http://127.0.0.1:"), "{argv_url}");
    assert!(!argv_url.contains("SigninToken"), "{argv_url}");
    assert!(!argv_url.contains("emulator-signin"), "{argv_url}");
    // Following it reached the sign-in endpoint (the emulator's federation page).
    assert!(followed.is_ok(), "{followed:?}");
    // It worked once: it is gone now.
    let again = awsso_emulator::browse(argv_url);
    assert!(again.is_err(), "{again:?}");
}

#[test]
fn durations_outside_15m_to_12h_are_refused_before_any_call() {
    let env = seeded();
    env.emu.expect_no_calls();
    for duration in ["10m", "13h", "0"] {
        let out = env
            .cmd()
            .args([
                "console",
                "--profile",
                "dev",
                "--print",
                "--duration",
                duration,
            ])
            .output()
            .unwrap();
        let (stdout, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(2), "{duration}: {stderr}");
        assert_eq!(stdout, "");
        assert!(stderr.contains("between 15m and 12h"), "{stderr}");
    }
}

#[test]
fn shortcut_prints_the_portal_link_without_any_call() {
    let env = seeded();
    env.emu.expect_no_calls();
    let out = env
        .cmd()
        .args(["console", "--profile", "dev", "--shortcut", "--print"])
        .args([
            "--destination",
            "https://console.aws.amazon.com/ec2/home?a=1&b=2",
        ])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        stdout,
        format!(
            "{START_URL}/#/console?account_id={}&role_name={}&destination=https%3A%2F%2Fconsole.aws.amazon.com%2Fec2%2Fhome%3Fa%3D1%26b%3D2\n",
            env.account(),
            env.role()
        )
    );
}

#[test]
fn a_refusing_sign_in_endpoint_is_a_clear_error() {
    let mut env = seeded();
    env.set_env(
        "AWS_ENDPOINT_URL_SIGNIN",
        &format!("{}/nowhere", env.emu.url()),
    );
    let out = env
        .cmd()
        .args(["console", "--profile", "dev", "--print"])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("cannot get a console sign-in token"),
        "{stderr}"
    );
    assert!(stderr.contains("HTTP 404"), "{stderr}");
}

/// A sign-in endpoint that answers every request with `status` (and a token, should a GET come
/// with the secret in its query); returns the request lines it got within a second of the last.
fn refusing_endpoint(status: &'static str) -> (String, std::thread::JoinHandle<Vec<String>>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let thread = std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut quiet_since = std::time::Instant::now();
        let patience = std::time::Duration::from_secs(10);
        while quiet_since.elapsed() < patience {
            let Ok((stream, _)) = listener.accept() else {
                std::thread::sleep(std::time::Duration::from_millis(10));
                continue;
            };
            stream.set_nonblocking(false).unwrap();
            let mut stream = stream;
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            let mut length = 0;
            loop {
                let mut header = String::new();
                reader.read_line(&mut header).unwrap();
                if let Some(v) = header.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap();
                }
                if header.trim().is_empty() {
                    break;
                }
            }
            let mut body = vec![0; length];
            std::io::Read::read_exact(&mut reader, &mut body).unwrap();
            let (status, body) = if request_line.starts_with("GET ") {
                ("200 OK", r#"{"SigninToken":"from-get"}"#)
            } else {
                (status, "")
            };
            write!(
                stream,
                "HTTP/1.1 {status}\r\nLocation: /federation\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )
            .unwrap();
            seen.push(request_line.trim_end().to_owned());
            // Seen one: a second (a GET fallback) would come at once.
            quiet_since = std::time::Instant::now() - patience + std::time::Duration::from_secs(1);
        }
        seen
    });
    (url, thread)
}

/// getSigninToken is only ever POSTed: whatever the endpoint answers (405, a redirect, 400),
/// the secret key never goes into a GET query string.
#[test]
fn the_secret_key_never_goes_into_a_get_query() {
    for status in [
        "405 Method Not Allowed",
        "307 Temporary Redirect",
        "400 Bad Request",
    ] {
        let mut env = seeded();
        env.emu.allow_unused();
        let (url, server) = refusing_endpoint(status);
        env.set_env("AWS_ENDPOINT_URL_SIGNIN", &url);
        let out = env
            .cmd()
            .args(["console", "--profile", "dev", "--print"])
            .output()
            .unwrap();
        let (stdout, stderr) = texts(&out);
        assert!(!out.status.success(), "{status}: {stdout}");
        assert!(!stdout.contains("from-get"), "{status}: {stdout}");
        let code = status.split(' ').next().unwrap();
        assert!(
            stderr.contains(&format!("HTTP {code}")),
            "{status}: {stderr}"
        );
        let seen = server.join().unwrap();
        assert_eq!(seen.len(), 1, "{status}: {seen:?}");
        assert!(seen[0].starts_with("POST /federation "), "{seen:?}");
    }
}
