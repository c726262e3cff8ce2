//! Hostile or broken servers: endless or huge answers are capped (every client, one limit) and
//! a server that never answers costs a command at most its network budget, with an error
//! naming the endpoint.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::support::{TestEnv, texts};

#[derive(Clone, Copy, Debug)]
enum Mode {
    /// `Content-Length: 1 GiB` and as many bytes as the client takes.
    Huge,
    /// A chunked body that never ends.
    Endless,
    /// Reads the request, never answers.
    Silent,
}

/// A server answering every request the `mode` way; counts the body bytes it got out.
struct Hostile {
    url: String,
    sent: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl Hostile {
    fn start(mode: Mode) -> Hostile {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let sent = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (s, st) = (sent.clone(), stop.clone());
        std::thread::spawn(move || {
            while !st.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let (s, st) = (s.clone(), st.clone());
                        std::thread::spawn(move || serve(stream, mode, &s, &st));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Hostile { url, sent, stop }
    }

    fn sent(&self) -> usize {
        self.sent.load(Ordering::Relaxed)
    }
}

impl Drop for Hostile {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn serve(mut stream: TcpStream, mode: Mode, sent: &AtomicUsize, stop: &AtomicBool) {
    stream.set_nonblocking(false).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    // The request (head and a small body): whatever arrives within the read timeout.
    let mut buf = [0u8; 65536];
    let _ = stream.read(&mut buf);
    let head = match mode {
        Mode::Huge => {
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n{\"roleCredentials\":{\"accessKeyId\":\""
        }
        Mode::Endless => {
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        }
        Mode::Silent => {
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(20));
            }
            return;
        }
    };
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    let piece = vec![b'A'; 64 * 1024];
    let chunk = format!(
        "{:x}\r\n{}\r\n",
        piece.len(),
        String::from_utf8_lossy(&piece)
    );
    let mut total = 0usize;
    while !stop.load(Ordering::Relaxed) && total < 1 << 30 {
        let out = match mode {
            Mode::Endless => stream.write_all(chunk.as_bytes()),
            _ => stream.write_all(&piece),
        };
        if out.is_err() {
            return;
        }
        total += piece.len();
        sent.fetch_add(piece.len(), Ordering::Relaxed);
    }
}

/// Runs `args` in `env`; returns (exit code, stderr, seconds taken).
/// Starts awsso with `args` (output captured), and when.
fn spawn(env: &TestEnv, args: &[&str]) -> (std::process::Child, Instant) {
    let child = env
        .std_cmd()
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    (child, Instant::now())
}

fn run(env: &TestEnv, args: &[&str]) -> (Option<i32>, String, f64) {
    let started = Instant::now();
    let out = env.cmd().args(args).output().unwrap();
    let (_, stderr) = texts(&out);
    (out.status.code(), stderr, started.elapsed().as_secs_f64())
}

/// Every endpoint awsso calls, with the command that calls it and how the env points it at
/// `url`.
fn cases(url: &str) -> Vec<(&'static str, Vec<&'static str>, TestEnv)> {
    let mut cases = Vec::new();
    // GetRoleCredentials (portal).
    let mut env = TestEnv::new();
    env.emu.allow_unused();
    env.seed_token("corp", true, 8 * 3600);
    env.set_env("AWS_ENDPOINT_URL_SSO", url);
    cases.push((
        "GetRoleCredentials",
        vec!["credential-process", "--profile", "dev"],
        env,
    ));
    // ListAccounts (portal).
    let mut env = TestEnv::new();
    env.emu.allow_unused();
    env.seed_token("corp", true, 8 * 3600);
    env.set_env("AWS_ENDPOINT_URL_SSO", url);
    cases.push(("ListAccounts", vec!["list", "--sso-session", "corp"], env));
    // CreateToken (a refresh, OIDC).
    let mut env = TestEnv::new();
    env.emu.allow_unused();
    env.seed_token("corp", true, -60);
    env.set_env("AWS_ENDPOINT_URL_SSO_OIDC", url);
    cases.push((
        "CreateToken",
        vec!["credential-process", "--profile", "dev"],
        env,
    ));
    // RegisterClient (OIDC), first of a device login.
    let mut env = TestEnv::new();
    env.emu.allow_unused();
    env.set_env("AWS_ENDPOINT_URL_SSO_OIDC", url);
    cases.push((
        "RegisterClient",
        vec!["login", "--sso-session", "corp", "--no-browser"],
        env,
    ));
    // getSigninToken (the console's federation endpoint).
    let mut env = TestEnv::new();
    env.emu.allow_unused();
    env.seed_token("corp", true, 8 * 3600);
    env.set_env("AWS_ENDPOINT_URL_SIGNIN", url);
    cases.push((
        "getSigninToken",
        vec!["console", "--profile", "dev", "--print"],
        env,
    ));
    // The admin APIs (sso-admin first), through awsso's HTTP client.
    let mut env = TestEnv::new();
    env.emu.allow_unused();
    env.set_env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
    env.set_env("AWS_SECRET_ACCESS_KEY", "secret");
    env.set_env("AWS_REGION", "eu-west-1");
    env.set_env("AWS_ENDPOINT_URL", url);
    cases.push(("ListInstances", vec!["assignments", "--rate", "1000"], env));
    cases
}

#[test]
fn huge_and_endless_answers_are_refused_at_a_cap() {
    for mode in [Mode::Huge, Mode::Endless] {
        let server = Hostile::start(mode);
        // The cases side by side (each waits on its own connection).
        let runs: Vec<_> = cases(&server.url)
            .into_iter()
            .map(|(what, args, env)| (what, spawn(&env, &args), env))
            .collect();
        let count = runs.len();
        for (what, (child, started), _env) in runs {
            let out = child.wait_with_output().unwrap();
            let secs = started.elapsed().as_secs_f64();
            let (_, stderr) = texts(&out);
            assert_ne!(out.status.code(), Some(0), "{mode:?} {what}: {stderr}");
            assert!(
                stderr.contains("larger than 1024 KiB"),
                "{mode:?} {what}: {stderr}"
            );
            assert!(secs < 30.0, "{mode:?} {what}: {secs}s");
        }
        // Each attempt stops reading at the cap (plus what the sockets buffer): at most
        // 48 MiB a case, where a 1 GiB or endless answer would otherwise be read whole.
        let read = server.sent();
        assert!(read < count * (48 << 20), "{mode:?}: {read} bytes sent");
    }
}

#[test]
fn a_silent_endpoint_costs_at_most_the_network_budget_and_is_named() {
    let server = Hostile::start(Mode::Silent);
    let host = server.url.trim_start_matches("http://").to_owned();
    // Every case waits on the silent server: run them side by side.
    let mut runs = Vec::new();
    for (what, args, mut env) in cases(&server.url) {
        if matches!(what, "ListAccounts" | "RegisterClient" | "ListInstances") {
            continue; // no budget of their own: covered by the per-operation timeout
        }
        env.set_env("AWSSO_NETWORK_TIMEOUT", "1");
        runs.push((what, 10.0, spawn(&env, &args), env));
    }
    // The commands' default budgets (credential-process: 10 s, not 92) are checked by
    // `cli::app::tests`; here the mechanism, with a 1 s budget.
    for (what, limit, (child, started), _env) in runs {
        let out = child.wait_with_output().unwrap();
        let secs = started.elapsed().as_secs_f64();
        let (_, stderr) = texts(&out);
        assert_ne!(out.status.code(), Some(0), "{what}: {stderr}");
        assert!(secs < limit, "{what}: {secs}s: {stderr}");
        assert!(
            stderr.contains(&host),
            "{what}: names the endpoint: {stderr}"
        );
        assert!(
            what != "GetRoleCredentials"
                || stderr.contains(&format!(
                    "no answer from {host} in time (GetRoleCredentials)"
                )),
            "{stderr}"
        );
    }
    // A budget that is not a number of seconds is a configuration error.
    let (_, args, mut env) = cases(&server.url).remove(0);
    env.set_env("AWSSO_NETWORK_TIMEOUT", "soon");
    let (code, stderr, _) = run(&env, &args);
    assert_eq!(code, Some(4), "{stderr}");
    assert!(stderr.contains("AWSSO_NETWORK_TIMEOUT"), "{stderr}");
}
