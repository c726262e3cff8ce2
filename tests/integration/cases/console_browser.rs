//! `awsso console --browser/--browser-profile/--container`: the chosen browser is started with
//! the profile's flag and, for a Firefox container, the `ext+container:` link of the "Open URL
//! in Container" extension (fake browsers on PATH record their arguments).

#[cfg(unix)]
use std::fs;
#[cfg(unix)]
use std::path::Path;

use crate::support::{TestEnv, texts};

/// A fake browser named `name` in `dir` that writes its arguments, one per line, to `log`,
/// and its last one (the URL) to `log` + `.urls` for a [`crate::support::FakeBrowser`].
#[cfg(unix)]
fn fake(dir: &Path, name: &str, log: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join(name);
    fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{log}'\nfor url; do :; done\nprintf '%s\\n' \"$url\" >> '{log}.urls'\n",
            log = log.display()
        ),
    )
    .unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(unix)] // fake browsers are shell scripts; Windows starts browsers from their install folder
#[test]
fn two_accounts_open_side_by_side_in_profiles_and_containers() {
    let mut env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    let url = env.emu.url();
    env.set_env("AWS_ENDPOINT_URL_SIGNIN", &url);
    let bin = env.home.path().join("bin");
    fs::create_dir(&bin).unwrap();
    let log = env.home.path().join("browser.args");
    fake(&bin, "firefox", &log);
    fake(&bin, "google-chrome", &log);
    env.set_env("PATH", &format!("{}:/usr/bin:/bin", bin.display()));

    // A Firefox container (and profile): the sign-in URL travels inside ext+container:.
    let out = env
        .cmd()
        .args([
            "console",
            "--profile",
            "dev",
            "--shortcut",
            "--container",
            "dev account",
            "--browser-profile",
            "work",
        ])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    let args = fs::read_to_string(&log).unwrap();
    let lines: Vec<&str> = args.lines().collect();
    assert_eq!(lines[..2], ["-P", "work"], "{args}");
    let link = lines[2]
        .strip_prefix("ext+container:name=")
        .expect(lines[2]);
    let link = format!("name={link}");
    let pairs: Vec<(String, String)> = form_urlencoded::parse(link.as_bytes())
        .into_owned()
        .collect();
    assert_eq!(pairs[0], ("name".into(), "dev account".into()));
    assert_eq!(pairs[1].0, "url");
    assert!(
        pairs[1]
            .1
            .starts_with("https://example.awsapps.com/start/#/console?account_id="),
        "{pairs:?}"
    );

    // A Chrome profile, with the federation sign-in: the browser gets the one-time loopback
    // URL (never the sign-in token), and follows it.
    fs::remove_file(&log).unwrap();
    let urls = log.with_extension("args.urls");
    fs::remove_file(&urls).unwrap();
    let browser = crate::support::FakeBrowser::start(urls);
    let out = env
        .cmd()
        .args([
            "console",
            "--profile",
            "dev",
            "--browser",
            "chrome",
            "--browser-profile",
            "Profile 1",
        ])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    let args = fs::read_to_string(&log).unwrap();
    let lines: Vec<&str> = args.lines().collect();
    assert_eq!(lines[0], "--profile-directory=Profile 1", "{args}");
    assert_eq!(lines.len(), 2, "{args}");
    assert!(lines[1].starts_with("http://127.0.0.1:"), "{args}");
    assert!(!args.contains("SigninToken"), "{args}");
    assert!(!stderr.contains("emulator-signin"), "{stderr}");
    let visited = browser.visited_at_least(1);
    assert_eq!(visited.len(), 1, "{visited:?}");
    assert_eq!(visited[0].0, lines[1]);
    assert!(visited[0].1.is_ok(), "{visited:?}");
}

#[test]
fn a_container_needs_firefox() {
    let env = TestEnv::new();
    env.emu.expect_no_calls();
    let out = env
        .cmd()
        .args([
            "console",
            "--profile",
            "dev",
            "--browser",
            "chrome",
            "--container",
            "dev",
        ])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert!(!out.status.success());
    assert!(stderr.contains("containers are Firefox's"), "{stderr}");
}
