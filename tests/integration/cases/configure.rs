//! `awsso configure` end to end against the emulator: flags mode (no terminal), the lossless
//! edit of an existing config file, the login, and the profiles written after it.

use awsso_emulator::Op;

use crate::support::{START_URL, TestEnv, assert_mode, texts};

/// A new user's machine: no ~/.aws at all.
fn new_user() -> TestEnv {
    let env = TestEnv::new();
    std::fs::remove_dir_all(env.aws_dir()).unwrap();
    env
}

fn base_flags() -> Vec<&'static str> {
    vec![
        "configure",
        "--start-url",
        START_URL,
        "--sso-region",
        "us-east-1",
        "--session-name",
        "my-sso",
        "--no-browser",
    ]
}

#[test]
fn configure_writes_the_session_logs_in_and_writes_a_working_profile() {
    let env = new_user();
    let mut args = base_flags();
    let account = env.account().to_owned();
    let role = env.role().to_owned();
    args.extend([
        "--profile",
        "dev",
        "--account-id",
        &account,
        "--role-name",
        &role,
    ]);
    args.extend(["--region", "eu-west-1"]);
    let out = env.cmd().args(&args).output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stdout, "", "nothing on stdout");
    assert!(stderr.contains("Added [sso-session my-sso]"), "{stderr}");
    assert!(stderr.contains("Logged in to"), "{stderr}");
    assert!(stderr.contains("Added [profile dev]"), "{stderr}");
    let config = std::fs::read_to_string(env.config_path()).unwrap();
    assert_eq!(
        config,
        format!(
            "[sso-session my-sso]\nsso_start_url = {START_URL}\nsso_region = us-east-1\n\
             sso_registration_scopes = sso:account:access\n\n\
             [profile dev]\nsso_session = my-sso\nsso_account_id = {account}\n\
             sso_role_name = {role}\nregion = eu-west-1\n"
        )
    );
    assert_mode(&env.config_path(), 0o600);
    assert_mode(&env.aws_dir(), 0o700);
    // The token is where the AWS CLI looks for this session, refreshable.
    let token = env.read_token("my-sso");
    assert_eq!(token["startUrl"], START_URL);
    assert!(token["refreshToken"].is_string());
    assert_eq!(env.emu.calls(Op::StartDeviceAuthorization), 1);
    // The profile works with awsso (and, being the native format, with the SDKs).
    let out = env
        .cmd()
        .args(["credential-process", "--profile", "dev"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", texts(&out).1);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["AccessKeyId"].is_string());
    assert_eq!(env.emu.calls(Op::GetRoleCredentials), 1);
}

#[test]
fn configure_edits_an_existing_config_in_place_and_is_idempotent() {
    let env = TestEnv::new();
    let before = "# my settings\n[default]\nregion = eu-central-1 ; keep me\n\n\
                  [sso-session other]\nsso_start_url = https://other.awsapps.com/start\nsso_region = eu-west-1\n\n\
                  [profile x]\noutput = json\n";
    env.write_config(before);
    let mut args = base_flags();
    args.push("--no-login");
    let out = env.cmd().args(&args).output().unwrap();
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("awsso login --sso-session my-sso"),
        "{stderr}"
    );
    let after = std::fs::read_to_string(env.config_path()).unwrap();
    assert_eq!(
        after,
        "# my settings\n[default]\nregion = eu-central-1 ; keep me\n\n\
         [sso-session other]\nsso_start_url = https://other.awsapps.com/start\nsso_region = eu-west-1\n\n\
         [sso-session my-sso]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n\
         sso_registration_scopes = sso:account:access\n\n\
         [profile x]\noutput = json\n",
        "the new section goes after the last sso-session; every other byte stays"
    );
    // Again: nothing changes, and it says so.
    let out = env.cmd().args(&args).output().unwrap();
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("is already set up"), "{stderr}");
    assert_eq!(std::fs::read_to_string(env.config_path()).unwrap(), after);
    env.emu.expect_no_calls();
}

#[test]
fn configure_with_discover_writes_a_profile_per_account_and_role() {
    let env = new_user();
    let mut args = base_flags();
    args.push("--discover");
    let out = env.cmd().args(&args).output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stdout, "");
    let config = std::fs::read_to_string(env.config_path()).unwrap();
    let profiles = config.matches("[profile ").count();
    let roles: usize = env.accounts.iter().map(|a| a.roles.len()).sum();
    assert_eq!(profiles, roles, "{config}");
    assert!(
        config.contains("awsso credential-process --sso-session my-sso"),
        "{config}"
    );
    assert_eq!(env.emu.calls(Op::ListAccounts), 1);
}

#[test]
fn configure_without_a_terminal_names_the_missing_flags_and_writes_nothing() {
    let env = new_user();
    env.emu.expect_no_calls();
    let out = env
        .cmd()
        .args(["configure", "--session-name", "my-sso"])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stdout, "");
    assert_eq!(
        stderr,
        "error: missing --start-url and --sso-region: there is no terminal to ask on\n\
         hint: run `awsso configure --start-url https://YOUR-ID.awsapps.com/start --sso-region REGION --session-name NAME`\n"
    );
    assert!(!env.aws_dir().exists());
}

#[test]
fn configure_rejects_bad_values_before_writing() {
    let env = new_user();
    env.emu.expect_no_calls();
    for (flag, value, says) in [
        (
            "--start-url",
            "example.awsapps.com/start",
            "invalid start URL",
        ),
        (
            "--start-url",
            "http://example.awsapps.com/start",
            "plain http:// is refused",
        ),
        ("--sso-region", "Frankfurt", "is not an AWS region"),
        ("--sso-region", "evil.example#", "invalid region"),
        ("--sso-region", "127.0.0.2:8080#", "invalid region"),
        ("--region", "evil.example#", "invalid region"),
        ("--session-name", "my sso]", "is not portable"),
    ] {
        let mut args = base_flags();
        match args.iter().position(|a| *a == flag) {
            Some(i) => args[i + 1] = value,
            None => args.extend([flag, value]),
        }
        let out = env.cmd().args(&args).output().unwrap();
        let (_, stderr) = texts(&out);
        assert!(!out.status.success(), "{flag}");
        assert!(stderr.contains(says), "{flag}: {stderr}");
        assert!(!env.config_path().exists(), "{flag}");
    }
}

#[test]
fn configure_does_not_silently_repoint_an_existing_session() {
    let env = TestEnv::new();
    env.emu.expect_no_calls();
    let before = std::fs::read_to_string(env.config_path()).unwrap();
    let out = env
        .cmd()
        .args([
            "configure",
            "--start-url",
            "https://elsewhere.awsapps.com/start",
            "--sso-region",
            "us-east-1",
            "--session-name",
            "corp",
            "--no-login",
        ])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("already has sso_start_url"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(std::fs::read_to_string(env.config_path()).unwrap(), before);
}

/// A child process on a pseudo-terminal (its controlling terminal), driven like a user would.
// unix: a pty (openpty, setsid, TIOCSCTTY); Windows' pseudo-consoles are another API.
#[cfg(unix)]
pub(crate) struct Pty {
    master: std::fs::File,
    pub(crate) output: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
    seen: usize,
    pub(crate) child: std::process::Child,
}

#[cfg(unix)]
impl Pty {
    pub(crate) fn spawn(mut cmd: std::process::Command) -> Pty {
        use std::os::fd::{FromRawFd, IntoRawFd};
        use std::os::unix::process::CommandExt;
        let (mut master, mut slave) = (0, 0);
        let mut size = libc::winsize {
            ws_row: 40,
            ws_col: 120,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: openpty writes two fds into the given ints and reads `size`; the other
        // arguments may be null. (Mutable pointers: macOS declares them so, Linux const.)
        let rc = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                &raw mut size,
            )
        };
        assert_eq!(rc, 0, "openpty");
        // SAFETY: both fds were just opened by openpty and are owned here.
        let slave = unsafe { std::fs::File::from_raw_fd(slave) };
        cmd.stdin(slave.try_clone().unwrap())
            .stdout(std::process::Stdio::piped())
            .stderr(slave.try_clone().unwrap());
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                libc::setsid();
                // The request's type differs (c_ulong on Linux, c_uint on macOS).
                #[allow(clippy::useless_conversion)]
                libc::ioctl(0, libc::TIOCSCTTY.into(), 0);
                Ok(())
            });
        }
        let child = cmd.spawn().unwrap();
        drop(slave);
        // SAFETY: as above.
        let master = unsafe { std::fs::File::from_raw_fd(master.into_raw_fd()) };
        let output = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let mut reader = master.try_clone().unwrap();
        let sink = output.clone();
        std::thread::spawn(move || {
            use std::io::Read;
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Pty {
            master,
            output,
            seen: 0,
            child,
        }
    }

    /// Waits for `text` after what was already seen, then types `keys`.
    pub(crate) fn answer(&mut self, text: &str, keys: &str) {
        use std::io::Write;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            let out = self.output.lock().unwrap().clone();
            let tail = String::from_utf8_lossy(&out[self.seen.min(out.len())..]).into_owned();
            if let Some(at) = tail.find(text) {
                self.seen += tail[..at + text.len()].len();
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "no {text:?} on the terminal; got:\n{}",
                String::from_utf8_lossy(&out)
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        // Let the prompt finish drawing before typing.
        std::thread::sleep(std::time::Duration::from_millis(100));
        self.master.write_all(keys.as_bytes()).unwrap();
    }
}

/// The interactive mode on a real (pseudo-)terminal: asks for the URL, region and name, logs
/// in with the device flow, offers the profile choices, and writes the chosen role's profile.
// unix: needs the pty above.
#[cfg(unix)]
#[test]
fn configure_asks_on_a_terminal() {
    let env = new_user();
    let mut cmd = env.std_cmd();
    cmd.arg("configure").env("TERM", "xterm");
    let mut pty = Pty::spawn(cmd);
    pty.answer("AWS access portal URL", &format!("{START_URL}\r"));
    pty.answer("Region of Identity Center", "us-east-1\r");
    pty.answer("Session name", "\r");
    pty.answer("Add one profile: choose an account and role", "\r");
    pty.answer("Account and role", "\r");
    pty.answer("Profile name", "\r");
    pty.answer("Default region for the profile", "\r");
    let status = pty.child.wait().unwrap();
    let out = String::from_utf8_lossy(&pty.output.lock().unwrap()).into_owned();
    assert!(status.success(), "{out}");
    let config = std::fs::read_to_string(env.config_path()).unwrap();
    let (account, role) = (env.account(), env.role());
    assert_eq!(
        config,
        format!(
            "[sso-session example]\nsso_start_url = {START_URL}\nsso_region = us-east-1\n\
             sso_registration_scopes = sso:account:access\n\n\
             [profile {role}-{account}]\nsso_session = example\nsso_account_id = {account}\n\
             sso_role_name = {role}\nregion = us-east-1\n"
        ),
        "{out}"
    );
    assert!(env.read_token("example")["accessToken"].is_string());
}
