//! Test support: a hermetic environment per test ([`TestEnv`]) and a fake browser.
//!
//! Every run of the binary gets `env_clear()`, a temporary HOME, and explicit `AWS_*`
//! variables pointing at the emulator, so nothing ever reaches the real `~/.aws` or AWS.

#![allow(dead_code)] // not every test binary module uses every helper

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use awsso_emulator::{Config, Emulator};

/// One `#[test]` per in/out vector case: `vectors!(vector_crlf, ...)` calls the enclosing
/// module's `run_vector("vector_crlf")`.
macro_rules! vectors {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                run_vector(stringify!($name));
            }
        )*
    };
}
use sha1::{Digest, Sha1};

/// The start URL used by the standard config.
pub const START_URL: &str = "https://example.awsapps.com/start";
/// The SSO region used by the standard config.
pub const SSO_REGION: &str = "us-east-1";

/// A temp HOME, the emulator, and helpers to run `awsso` in them.
pub struct TestEnv {
    pub home: tempfile::TempDir,
    pub emu: Emulator,
    pub accounts: Vec<awsso_emulator::Account>,
    extra_env: Vec<(String, String)>,
}

impl TestEnv {
    /// An emulator with the default grid (2 accounts x 2 roles) and the standard config file.
    pub fn new() -> TestEnv {
        TestEnv::with(Config::default())
    }

    /// An emulator with `config` and the standard config file.
    pub fn with(config: Config) -> TestEnv {
        TestEnv::with_emulator(config.accounts.clone(), Emulator::start(config))
    }

    /// An emulator that also serves TLS (its CA trusted by nobody until a test says so); the
    /// endpoints point at its `https://` URL.
    pub fn with_tls(config: Config) -> TestEnv {
        TestEnv::with_emulator(config.accounts.clone(), Emulator::start_tls(config))
    }

    fn with_emulator(accounts: Vec<awsso_emulator::Account>, emu: Emulator) -> TestEnv {
        let home = tempfile::tempdir().expect("temp HOME");
        let env = TestEnv {
            home,
            emu,
            accounts,
            extra_env: Vec::new(),
        };
        env.write_config(&env.standard_config());
        env
    }

    /// The first account id.
    pub fn account(&self) -> &str {
        &self.accounts[0].id
    }

    /// The first role of the first account.
    pub fn role(&self) -> &str {
        &self.accounts[0].roles[0]
    }

    /// A config with an sso-session profile `dev`, a legacy profile `legacy`, and the session.
    pub fn standard_config(&self) -> String {
        format!(
            "# my hand-kept config\n\
             [default]\nregion = eu-west-1\n\n\
             [profile dev]\nsso_session = corp\nsso_account_id = {a}\nsso_role_name = {r}\nregion = eu-west-1\n\n\
             [profile legacy]\nsso_start_url = {START_URL}\nsso_region = {SSO_REGION}\nsso_account_id = {a}\nsso_role_name = {r}\n\n\
             [sso-session corp]\nsso_start_url = {START_URL}\nsso_region = {SSO_REGION}\nsso_registration_scopes = sso:account:access\n",
            a = self.account(),
            r = self.role()
        )
    }

    /// `~/.aws`.
    pub fn aws_dir(&self) -> PathBuf {
        self.home.path().join(".aws")
    }

    /// `~/.aws/config`.
    pub fn config_path(&self) -> PathBuf {
        self.aws_dir().join("config")
    }

    /// Replaces `~/.aws/config`.
    pub fn write_config(&self, text: &str) {
        fs::create_dir_all(self.aws_dir()).expect("create ~/.aws");
        fs::write(self.config_path(), text).expect("write config");
    }

    /// The token cache file for a key (session name or start URL).
    pub fn token_path(&self, key: &str) -> PathBuf {
        let digest: String = Sha1::digest(key.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        self.aws_dir()
            .join("sso/cache")
            .join(format!("{digest}.json"))
    }

    /// Reads a token cache file as JSON.
    pub fn read_token(&self, key: &str) -> serde_json::Value {
        let text = fs::read_to_string(self.token_path(key)).expect("token cache file");
        serde_json::from_str(&text).expect("token cache JSON")
    }

    /// Writes a token cache file exactly as the AWS CLI does, with a token the emulator
    /// issued. `expires_in_secs` may be negative (already expired).
    pub fn seed_token(
        &self,
        key: &str,
        refreshable: bool,
        expires_in_secs: i64,
    ) -> awsso_emulator::IssuedToken {
        let scopes: &[&str] = if refreshable {
            &["sso:account:access"]
        } else {
            &[]
        };
        let issued = self.emu.issue_token(START_URL, scopes);
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let mut json = serde_json::json!({
            "startUrl": START_URL,
            "region": SSO_REGION,
            "accessToken": issued.access_token,
            "expiresAt": rfc3339(now + expires_in_secs),
            "clientId": issued.client_id,
            "clientSecret": issued.client_secret,
            "registrationExpiresAt": rfc3339(now + 90 * 86_400),
        });
        if let Some(r) = &issued.refresh_token {
            json["refreshToken"] = serde_json::Value::String(r.clone());
        }
        self.write_raw_token(key, &serde_json::to_string_pretty(&json).expect("json"));
        issued
    }

    /// Writes arbitrary bytes as a token cache file.
    pub fn write_raw_token(&self, key: &str, text: &str) {
        let path = self.token_path(key);
        fs::create_dir_all(path.parent().expect("parent")).expect("cache dir");
        fs::write(&path, text).expect("write token");
    }

    /// Adds an environment variable to every run.
    pub fn set_env(&mut self, key: &str, value: &str) {
        self.extra_env.push((key.to_owned(), value.to_owned()));
    }

    /// The `awsso` binary in this environment: cleared env, temp HOME, emulator endpoints.
    pub fn cmd(&self) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::cargo_bin("awsso").expect("awsso binary");
        self.apply_env(cmd.env_clear());
        cmd.timeout(Duration::from_secs(60));
        cmd
    }

    /// The same as [`TestEnv::cmd`] but as a `std` command (for parallel spawning).
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("awsso"));
        cmd.env_clear();
        for (k, v) in self.base_env() {
            cmd.env(k, v);
        }
        cmd
    }

    /// The endpoint the binary is pointed at: the emulator's `https://` URL when it serves
    /// TLS, else its `http://` one.
    pub fn endpoint(&self) -> String {
        self.emu.https_url().unwrap_or_else(|| self.emu.url())
    }

    fn base_env(&self) -> Vec<(String, String)> {
        let mut vars = vec![
            ("HOME".to_owned(), self.home.path().display().to_string()),
            ("PATH".to_owned(), "/usr/bin:/bin".to_owned()),
            ("AWS_ENDPOINT_URL_SSO".to_owned(), self.endpoint()),
            ("AWS_ENDPOINT_URL_SSO_OIDC".to_owned(), self.endpoint()),
            ("NO_COLOR".to_owned(), "1".to_owned()),
        ];
        vars.extend(self.extra_env.iter().cloned());
        vars
    }

    fn apply_env(&self, cmd: &mut assert_cmd::Command) {
        for (k, v) in self.base_env() {
            cmd.env(k, v);
        }
    }

    /// Installs a fake browser: `BROWSER` becomes a script that records each URL, and a
    /// thread "visits" it (follows the emulator's redirect to awsso's loopback listener).
    pub fn fake_browser(&mut self) -> FakeBrowser {
        let log = self.home.path().join("fake-browser.urls");
        let script = url_recorder(self.home.path(), "fake-browser", &log);
        self.set_env("BROWSER", &script.display().to_string());
        FakeBrowser::start(log)
    }
}

/// Compares `actual` with the expected file of an in/out case; with `AWSSO_BLESS=1` the file
/// is rewritten first (review the diff before committing it).
pub fn assert_matches_file(actual: &str, expected_path: &Path, context: &str) {
    #[allow(clippy::disallowed_methods)] // the test's own switch, not the product's
    let bless = std::env::var_os("AWSSO_BLESS").is_some();
    if bless {
        fs::create_dir_all(expected_path.parent().expect("parent")).expect("out dir");
        fs::write(expected_path, actual).expect("bless");
    }
    let expected = fs::read_to_string(expected_path).expect("expected file");
    assert_eq!(
        actual,
        expected,
        "{context}: differs from {}",
        expected_path.display()
    );
}

/// `YYYY-MM-DDTHH:MM:SSZ` for a unix time.
pub fn rfc3339(unix: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(unix).expect("time");
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Watches the fake browser's URL log and visits each new URL once.
pub struct FakeBrowser {
    stop: Arc<AtomicBool>,
    visited: Arc<Mutex<Vec<(String, Result<String, String>)>>>,
    thread: Option<JoinHandle<()>>,
}

impl FakeBrowser {
    /// Visits each URL that appears in `log` (one per line), once.
    pub fn start(log: PathBuf) -> FakeBrowser {
        let stop = Arc::new(AtomicBool::new(false));
        let visited = Arc::new(Mutex::new(Vec::new()));
        let (s, v) = (stop.clone(), visited.clone());
        let thread = std::thread::spawn(move || {
            let mut seen = HashSet::new();
            while !s.load(Ordering::Relaxed) {
                for url in read_lines(&log) {
                    if seen.insert(url.clone()) {
                        let result = awsso_emulator::browse(&url);
                        v.lock().expect("lock").push((url, result));
                    }
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        });
        FakeBrowser {
            stop,
            visited,
            thread: Some(thread),
        }
    }

    /// The URLs visited so far and what the browser got back.
    pub fn visited(&self) -> Vec<(String, Result<String, String>)> {
        self.visited.lock().expect("lock").clone()
    }

    /// [`FakeBrowser::visited`] once `count` URLs were followed to the end (or 5 s passed): a
    /// command may end as soon as its listener answered, before the browser has read the page
    /// the redirect leads to.
    pub fn visited_at_least(&self, count: usize) -> Vec<(String, Result<String, String>)> {
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while self.visited.lock().expect("lock").len() < count
            && std::time::Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(10));
        }
        self.visited()
    }
}

fn read_lines(path: &Path) -> Vec<String> {
    fs::read_to_string(path)
        .map(|t| t.lines().map(str::to_owned).collect())
        .unwrap_or_default()
}

impl Drop for FakeBrowser {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// stdout and stderr of an output, as text.
pub fn texts(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Writes a program (in `dir`, named after `name`) that appends its first argument to `log`,
/// one line each: the fake browsers' `BROWSER`. A shell script on unix; a batch file on Windows
/// (the argument taken into a variable first, so `&` and `%` in a URL stay text).
pub fn url_recorder(dir: &Path, name: &str, log: &Path) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let script = dir.join(format!("{name}.sh"));
        fs::write(
            &script,
            format!("#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n", log.display()),
        )
        .expect("script");
        fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).expect("chmod");
        script
    }
    #[cfg(not(unix))]
    {
        let script = dir.join(format!("{name}.cmd"));
        fs::write(
            &script,
            format!(
                "@echo off\r\nsetlocal EnableDelayedExpansion\r\nset \"u=%~1\"\r\n>>\"{}\" echo(!u!\r\n",
                log.display()
            ),
        )
        .expect("script");
        script
    }
}

/// The file mode bits (unix: Windows has no mode bits).
#[cfg(unix)]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).expect("metadata").permissions().mode() & 0o777
}

/// Sets the mode bits of `path` (unix: Windows has no mode bits).
#[cfg(unix)]
pub fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod");
}

/// Asserts the mode bits of `path` on unix. Windows has no mode bits: owner-only ACLs are the
/// file-safety code's, checked by its own tests, so this checks nothing there.
pub fn assert_mode(path: &Path, expected: u32) {
    #[cfg(unix)]
    assert_eq!(mode(path), expected, "{}", path.display());
    #[cfg(not(unix))]
    let _ = (path, expected);
}

impl TestEnv {
    /// The environment every run gets (HOME, PATH, emulator endpoints, extras), for spawning
    /// other programs the way an SDK would (e.g. a generated `credential_process` line).
    pub fn env_vars(&self) -> Vec<(String, String)> {
        self.base_env()
    }

    /// The awsso binary's canonical path, as `std::env::current_exe` reports it in the child.
    pub fn awsso_path(&self) -> String {
        let path = assert_cmd::cargo::cargo_bin("awsso");
        fs::canonicalize(&path)
            .expect("canonical awsso path")
            .display()
            .to_string()
    }
}

/// An example program of this package, built by `cargo test`.
pub fn example(name: &str) -> PathBuf {
    // target/debug/deps/integration-… → target/debug/examples/NAME
    let exe = std::env::current_exe().expect("the test binary's path");
    let path = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/debug")
        .join("examples")
        .join(name);
    assert!(
        path.exists(),
        "{} is missing: `cargo test` builds the examples (or run `cargo build --examples`)",
        path.display()
    );
    path
}
