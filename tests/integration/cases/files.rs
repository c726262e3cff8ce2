//! Where awsso's files go and what it says when they cannot be written: a relative home is
//! refused, every file error names the path and a fix that works, and the token's place is
//! checked before the user is sent to a browser.

use crate::support::{TestEnv, texts};

/// `HOME=.` (or any relative home) would put the token cache under the current directory:
/// refused, naming the variable, before anything is read or written.
#[test]
fn a_relative_home_is_refused() {
    for home in [".", "foo", "./x/.."] {
        let mut env = TestEnv::new();
        env.emu.expect_no_calls();
        env.seed_token("corp", true, 8 * 3600);
        env.set_env("HOME", home);
        let out = env
            .cmd()
            .current_dir(env.home.path())
            .args(["credential-process", "--profile", "dev"])
            .output()
            .unwrap();
        let (stdout, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(4), "{home}: {stderr}");
        assert_eq!(stdout, "");
        // Windows reads USERPROFILE first; with only HOME set it is HOME that is relative.
        let variable = if cfg!(windows) { "USERPROFILE" } else { "HOME" };
        assert!(
            stderr.contains(&format!("the home directory '{home}' is a relative path"))
                && stderr.contains(&format!("set {variable} to an absolute path")),
            "{stderr}"
        );
        assert!(
            !env.home.path().join(".aws/awsso").exists(),
            "nothing written under the current directory"
        );
    }
}

/// Where the login's results go cannot take them: refused before the browser opens, naming
/// the path and a fix that works (not `--force`), never a raw "os error".
#[test]
fn a_login_whose_token_cannot_be_saved_fails_before_the_browser() {
    let registration_key = serde_json::json!({
        "region": crate::support::SSO_REGION,
        "scopes": ["sso:account:access"],
        "session_name": "corp",
        "startUrl": crate::support::START_URL,
        "tool": "awsso",
    })
    .to_string();
    type Setup = fn(&TestEnv, &str);
    let cases: [(&str, Setup, &str); 2] = [
        (
            "sso/cache is a file",
            |env, _| {
                let cache = env.aws_dir().join("sso/cache");
                std::fs::create_dir_all(cache.parent().unwrap()).unwrap();
                std::fs::write(&cache, "not a folder").unwrap();
            },
            "cache is a regular file, not a folder (remove it: ",
        ),
        (
            "the registration path is a folder",
            |env, registration_key| {
                std::fs::create_dir_all(env.token_path(registration_key).join("sub")).unwrap();
            },
            ".json is a directory, not a regular file (remove it: ",
        ),
    ];
    for (what, setup, expected) in cases {
        let mut env = TestEnv::new();
        env.emu.allow_unused();
        let browser = env.fake_browser();
        setup(&env, &registration_key);
        let out = env
            .cmd()
            .args(["login", "--profile", "dev"])
            .output()
            .unwrap();
        let (_, stderr) = texts(&out);
        assert!(!out.status.success(), "{what}: {stderr}");
        assert!(stderr.contains(expected), "{what}: {stderr}");
        assert!(!stderr.contains("os error"), "{what}: {stderr}");
        assert!(!stderr.contains("--force"), "{what}: {stderr}");
        assert!(
            browser.visited().is_empty(),
            "{what}: no browser was opened"
        );
        assert_eq!(env.emu.total_calls(), 0, "{what}: no call");
    }
}

/// `logout --all` names what in the cache folder is no token file (a FIFO here) instead of
/// saying there was nothing to delete.
#[cfg(unix)] // FIFOs
#[test]
fn logout_all_names_a_fifo_in_the_cache_folder() {
    let env = TestEnv::new();
    env.emu.allow_unused();
    let cache = env.aws_dir().join("sso/cache");
    std::fs::create_dir_all(&cache).unwrap();
    let fifo = cache.join("0123456789abcdef0123456789abcdef01234567.json");
    let c_path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    let out = env.cmd().args(["logout", "--all"]).output().unwrap();
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("{} is a FIFO, not a token file", fifo.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("rm {}", fifo.display())),
        "{stderr}"
    );
    assert!(!stderr.contains("nothing to delete"), "{stderr}");
}

/// Settings other users can change: a config file anyone may write, a `~/.aws` anyone may
/// write, a credentials file another user owns. `doctor` reports each with the fix, and a
/// command that uses a profile from them says so before it acts.
#[cfg(unix)] // modes and owners
#[test]
fn settings_other_users_can_change_are_reported() {
    use crate::support::set_mode;
    let env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    let config = env.config_path();
    set_mode(&config, 0o666);
    set_mode(&env.aws_dir(), 0o777);
    let creds = env.aws_dir().join("credentials");
    std::fs::write(&creds, "[other]\nregion = eu-west-1\n").unwrap();
    let c_path = std::ffi::CString::new(creds.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path; only root may give a file away (else not checked).
    let foreign = unsafe { libc::chown(c_path.as_ptr(), 4242, 4242) } == 0;

    let out = env.cmd().arg("doctor").output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    let line = |code: &str, path: &std::path::Path| {
        stdout
            .lines()
            .find(|l| l.contains(code) && l.contains(&path.display().to_string()))
            .unwrap_or_else(|| panic!("no {code} for {}: {stdout}", path.display()))
            .to_owned()
    };
    assert!(
        line("settings-file-not-private", &config).contains("mode 666"),
        "{stdout}"
    );
    assert!(
        line("settings-folder-not-private", &env.aws_dir()).contains("mode 777"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("chmod go-w {}", config.display())),
        "{stdout}"
    );
    if foreign {
        assert!(
            line("settings-file-not-private", &creds).contains("uid 4242"),
            "{stdout}"
        );
    }

    // A command refuses to keep its files under a ~/.aws others can write (see fsutil); with
    // only the settings files open to others it goes on, but says so first.
    set_mode(&env.aws_dir(), 0o700);
    let out = env
        .cmd()
        .args(["credential-process", "--profile", "dev"])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(!stdout.is_empty());
    assert!(
        stderr.contains(&format!("warning: {} has mode 666", config.display())),
        "{stderr}"
    );
    assert!(stderr.contains("other users can change it"), "{stderr}");
}

/// Account ids and role names that are none are findings of `doctor`, at their line.
#[test]
fn doctor_reports_ids_that_are_no_ids() {
    let env = TestEnv::new();
    env.emu.allow_unused();
    env.write_config(
        "[profile bad]\nsso_session = corp\nsso_account_id = 12345\nsso_role_name = Admin Role\n\n\
         [sso-session corp]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n",
    );
    let out = env.cmd().arg("doctor").output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("error[invalid-account-id]"), "{stdout}");
    assert!(stdout.contains("config:3"), "{stdout}");
    assert!(stdout.contains("error[invalid-role-name]"), "{stdout}");
    assert!(stdout.contains("config:4"), "{stdout}");
    let out = env
        .cmd()
        .args(["env", "--profile", "bad"])
        .output()
        .unwrap();
    // Commands that use the profile refuse it, saying why.
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("invalid account id '12345'"), "{stderr}");
}
