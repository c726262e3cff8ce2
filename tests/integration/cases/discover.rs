//! `awsso discover`: in/ → out/ config vectors, the generated lines run the way SDKs run them,
//! idempotence, --prune, --dry-run, --output json, throttling, midway failures and kill -9.
//!
//! Vector cases live in `tests/vectors/discover/<case>/`: `args` (one argument per line),
//! `in/config` (absent: no config file) and `out/config`, in which `{awsso}` stands for the
//! quoted path of the binary under test. `AWSSO_BLESS=1` rewrites the `out/` files.

#![allow(clippy::unwrap_used)] // test helpers panic on failure, like the tests

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use awsso_emulator::{Account, Config, Fault, Op};

use crate::support::{START_URL, TestEnv, assert_matches_file, texts};

fn account(id: &str, name: &str, roles: &[&str]) -> Account {
    Account {
        id: id.to_owned(),
        name: name.to_owned(),
        email: format!("{id}@example.com"),
        roles: roles.iter().map(|r| (*r).to_owned()).collect(),
    }
}

/// The accounts every vector case discovers: a name collision (two "prod" accounts) and a
/// hostile name (brackets, a newline, quotes, command substitution, comment markers).
pub const HOSTILE_NAME: &str = "Evil ] [profile x]\n$(touch pwned) \"q\" 'q' #1 ;2";

fn vector_config() -> Config {
    let mut config = Config::grid(0, 0);
    config.accounts = vec![
        account("111111111111", "prod", &["AdministratorAccess", "ReadOnly"]),
        account("222222222222", HOSTILE_NAME, &["Dev"]),
        account("333333333333", "prod", &["AdministratorAccess"]),
    ];
    // Small pages: pagination of both listings is exercised.
    config.page_size = 2;
    config
}

fn vectors_dir() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).join("tests/vectors/discover")
}

fn quoted_awsso(env: &TestEnv) -> String {
    shlex::try_quote(&env.awsso_path())
        .expect("quotable")
        .into_owned()
}

/// Runs one vector case and compares the config file with `out/config`.
fn run_vector(case: &str) {
    let dir = vectors_dir().join(case);
    let env = TestEnv::with(vector_config());
    let args: Vec<String> = fs::read_to_string(dir.join("args"))
        .expect("args file")
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    match fs::read(dir.join("in/config")) {
        Ok(bytes) => fs::write(env.config_path(), bytes).expect("write config"),
        Err(_) => fs::remove_file(env.config_path()).expect("no config"),
    }
    let legacy = args.iter().any(|a| a == "--start-url");
    env.seed_token(if legacy { START_URL } else { "corp" }, true, 8 * 3600);

    let out = env.cmd().arg("discover").args(&args).output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{case}: {stderr}");
    assert_eq!(
        stdout, "",
        "{case}: nothing on stdout without --output/--dry-run"
    );
    let actual = fs::read_to_string(env.config_path()).expect("config written");
    let actual = actual.replace(&quoted_awsso(&env), "{awsso}");
    assert_matches_file(
        &actual,
        &dir.join("out/config"),
        &format!("{case} (stderr: {stderr})"),
    );

    // A second run changes nothing, not even the file's inode or mtime.
    let before = fs::metadata(env.config_path()).unwrap();
    let bytes = fs::read(env.config_path()).unwrap();
    let out = env.cmd().arg("discover").args(&args).output().unwrap();
    assert!(out.status.success(), "{case}: {}", texts(&out).1);
    assert_eq!(
        fs::read(env.config_path()).unwrap(),
        bytes,
        "{case}: re-run is byte-identical"
    );
    let after = fs::metadata(env.config_path()).unwrap();
    // Inode numbers are unix's; the modification time is everywhere.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        assert_eq!(before.ino(), after.ino(), "{case}: not replaced");
    }
    assert_eq!(
        before.modified().unwrap(),
        after.modified().unwrap(),
        "{case}: not rewritten"
    );
}

vectors!(
    vector_default_template,
    vector_comments_subproperties_and_user_profile,
    vector_crlf,
    vector_legacy_no_config_file,
    vector_native_seed_template,
    vector_force,
    vector_prune,
    vector_login_flag,
    vector_mode_switch_native_to_process,
);

/// The `credential_process` value of `[profile name]`.
fn process_line(config: &str, name: &str) -> String {
    let header = format!("[profile {name}]");
    let start = config
        .find(&header)
        .unwrap_or_else(|| panic!("no {header} in\n{config}"));
    config[start..]
        .lines()
        .find_map(|l| l.strip_prefix("credential_process = "))
        .expect("credential_process line")
        .to_owned()
}

fn check_payload(stdout: &[u8]) -> serde_json::Value {
    let v: serde_json::Value = serde_json::from_slice(stdout).expect("credential_process JSON");
    assert_eq!(v["Version"], 1);
    assert!(
        v["AccessKeyId"].as_str().is_some_and(|s| !s.is_empty()),
        "{v}"
    );
    v
}

#[test]
fn generated_lines_run_like_botocore_and_the_rust_sdk() {
    let mut env = TestEnv::with(vector_config());
    env.seed_token("corp", true, 8 * 3600);
    // A binary path with a space and a quote: copy awsso there.
    let odd_dir = env.home.path().join("my tools/it's here");
    fs::create_dir_all(&odd_dir).unwrap();
    let odd = odd_dir.join("awsso");
    fs::copy(env.awsso_path(), &odd).unwrap();
    let run = |env: &TestEnv, program: &Path| {
        let mut cmd = Command::new(program);
        cmd.env_clear()
            .envs(env.env_vars())
            .args(["discover", "--sso-session", "corp"]);
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&env, &odd);
    let config = fs::read_to_string(env.config_path()).unwrap();
    let hostile_profile = config
        .lines()
        .find_map(|l| l.strip_prefix("[profile Evil-"))
        .map(|rest| format!("Evil-{}", rest.trim_end_matches(']')))
        .expect("the hostile account's profile");
    for name in ["prod.ReadOnly", hostile_profile.as_str()] {
        let line = process_line(&config, name);
        // botocore: shlex.split, no shell.
        let words = shlex::split(&line).expect("shlex splits the line");
        assert_eq!(words[0], odd.display().to_string(), "{line}");
        assert!(!words.iter().any(|w| w.contains("--profile")), "{line}");
        let out = Command::new(&words[0])
            .args(&words[1..])
            .env_clear()
            .envs(env.env_vars())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{line}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        check_payload(&out.stdout);
        // The Rust SDK: sh -c.
        let out = Command::new("/bin/sh")
            .arg("-c")
            .arg(&line)
            .env_clear()
            .envs(env.env_vars())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "sh -c {line}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        check_payload(&out.stdout);
    }
    // The generated profile also works as --profile (it follows the awsso_* metadata).
    env.set_env("AWS_PROFILE", "unused");
    let out = env
        .cmd()
        .args(["credential-process", "--profile", "prod.ReadOnly"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", texts(&out).1);
    check_payload(&out.stdout);
    assert!(!env.home.path().join("pwned").exists());
    assert!(!Path::new("pwned").exists());
}

// unix: creating a symlink on Windows needs a privilege (or developer mode) tests cannot assume.
#[cfg(unix)]
#[test]
fn symlinked_config_is_written_through() {
    let env = TestEnv::with(vector_config());
    env.seed_token("corp", true, 8 * 3600);
    let dotfiles = env.home.path().join("dotfiles");
    fs::create_dir_all(&dotfiles).unwrap();
    let real = dotfiles.join("aws-config");
    fs::rename(env.config_path(), &real).unwrap();
    std::os::unix::fs::symlink("../dotfiles/aws-config", env.config_path()).unwrap();
    let out = env
        .cmd()
        .args(["discover", "--sso-session", "corp"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", texts(&out).1);
    assert!(
        fs::symlink_metadata(env.config_path())
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays"
    );
    let text = fs::read_to_string(&real).unwrap();
    assert!(text.starts_with("# my hand-kept config\n"), "{text}");
    assert!(text.contains("[profile prod.ReadOnly]"), "{text}");
}

#[test]
fn dry_run_prints_a_diff_and_writes_nothing() {
    let env = TestEnv::with(vector_config());
    env.seed_token("corp", true, 8 * 3600);
    let before = fs::read(env.config_path()).unwrap();
    let out = env
        .cmd()
        .args(["discover", "--sso-session", "corp", "--dry-run"])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.starts_with("--- "), "{stdout}");
    assert!(stdout.contains("\n+[profile prod.ReadOnly]\n"), "{stdout}");
    assert!(stderr.contains("Would write"), "{stderr}");
    assert_eq!(fs::read(env.config_path()).unwrap(), before);
}

#[test]
fn output_json_reports_every_profile() {
    let env = TestEnv::with(vector_config());
    env.seed_token("corp", true, 8 * 3600);
    let out = env
        .cmd()
        .args([
            "discover",
            "--sso-session",
            "corp",
            "--output",
            "json",
            "--dry-run",
        ])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON document");
    assert_eq!(v["dry_run"], true);
    assert_eq!(v["changed"], true);
    let profiles = v["profiles"].as_array().unwrap();
    assert_eq!(profiles.len(), 4);
    assert!(profiles.iter().all(|p| p["action"] == "created"), "{v}");
    assert!(
        profiles.iter().any(|p| p["account_name"] == HOSTILE_NAME),
        "raw name in JSON: {v}"
    );
}

#[test]
fn throttling_is_absorbed() {
    let mut config = vector_config();
    config.rate_limit = Some(4.0);
    let env = TestEnv::with(config);
    env.seed_token("corp", true, 8 * 3600);
    env.emu.inject(Op::ListAccountRoles, Fault::Throttle, 2);
    // Ask for far more than the emulator allows: the run must back off, not fail.
    let out = env
        .cmd()
        .args(["discover", "--sso-session", "corp", "--rate", "200", "-v"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("TooManyRequests"),
        "throttling happened: {stderr}"
    );
    assert!(stderr.contains("Found 4 roles in 3 accounts"), "{stderr}");
    assert_eq!(
        env.emu.calls(Op::CreateToken),
        0,
        "never a re-login or refresh on 429"
    );
}

#[test]
fn a_rejected_token_is_refreshed_once_and_the_run_resumes() {
    let env = TestEnv::with(vector_config());
    env.seed_token("corp", true, 8 * 3600);
    env.emu.inject(Op::ListAccountRoles, Fault::Unauthorized, 1);
    let out = env
        .cmd()
        .args(["discover", "--sso-session", "corp"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", texts(&out).1);
    assert_eq!(env.emu.calls(Op::CreateToken), 1, "one refresh");
    assert!(
        fs::read_to_string(env.config_path())
            .unwrap()
            .contains("[profile prod.ReadOnly]")
    );
}

#[test]
fn a_midway_failure_writes_nothing() {
    let mut config = Config::grid(12, 2);
    config.page_size = 3;
    config.latency = Duration::from_millis(20);
    let env = TestEnv::with(config);
    env.seed_token("corp", true, 8 * 3600);
    let before = fs::read(env.config_path()).unwrap();
    let child = env
        .std_cmd()
        .args(["discover", "--sso-session", "corp", "--rate", "50"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while env.emu.calls(Op::ListAccountRoles) < 3 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(2));
    }
    // From now on every call fails: 500s, retried with backoff until the run gives up.
    env.emu
        .inject(Op::ListAccountRoles, Fault::ServerError, 10_000);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(
        stderr.contains("failed after 6 attempt(s); nothing was written"),
        "{stderr}"
    );
    assert_eq!(fs::read(env.config_path()).unwrap(), before);
}

#[test]
fn a_forbidden_account_aborts_at_once() {
    let env = TestEnv::with(vector_config());
    env.seed_token("corp", true, 8 * 3600);
    env.emu.inject(Op::ListAccountRoles, Fault::AccessDenied, 1);
    let before = fs::read(env.config_path()).unwrap();
    let out = env
        .cmd()
        .args(["discover", "--sso-session", "corp"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(stderr.contains("ListAccountRoles for account"), "{stderr}");
    assert_eq!(fs::read(env.config_path()).unwrap(), before);
}

#[test]
fn not_logged_in_names_the_login_command_and_writes_nothing() {
    let env = TestEnv::with(vector_config());
    env.emu.allow_unused();
    let out = env
        .cmd()
        .args(["discover", "--sso-session", "corp"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("awsso login --sso-session corp"),
        "{stderr}"
    );
}

#[test]
fn bad_template_fails_before_any_request() {
    let env = TestEnv::with(vector_config());
    env.emu.expect_no_calls();
    let out = env
        .cmd()
        .args([
            "discover",
            "--sso-session",
            "corp",
            "--name-template",
            "{account}",
        ])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("unknown placeholder {account}"), "{stderr}");
}

#[test]
fn kill_9_never_leaves_a_partial_file() {
    // Few accounts: the adaptive pacing starts at a safe rate, and each of the 17 runs lists
    // the whole inventory before it writes.
    let mut config = Config::grid(4, 2);
    config.page_size = 100;
    let env = TestEnv::with(config);
    env.seed_token("corp", true, 8 * 3600);
    // A large config (long comment lines: cheap to parse, slow to write and sync) makes the
    // write window wider.
    let mut old = fs::read_to_string(env.config_path()).unwrap();
    for i in 0..8 {
        old.push_str(&format!("\n# padding {i} {}\n", "x".repeat(1 << 20)));
    }
    fs::write(env.config_path(), &old).unwrap();
    let args = [
        "discover",
        "--sso-session",
        "corp",
        "--rate",
        "1000",
        "--concurrency",
        "8",
        "-q",
    ];
    // A reference run: the complete new file, and how long a run takes.
    let t0 = Instant::now();
    let status = env.std_cmd().args(args).status().unwrap();
    assert!(status.success());
    let full = Instant::now() - t0;
    let new = fs::read_to_string(env.config_path()).unwrap();
    assert_ne!(new, old);
    // Kill runs until one dies mid-write: after the temp file beside the config was created
    // and before it replaced the config (the temp file is left behind: SIGKILL runs no
    // destructor). The kill time is bisected between "too early" (old file, no temp file) and
    // "too late" (new file), so the write window is found whatever the machine's speed.
    let dir = env.config_path().parent().unwrap().to_path_buf();
    let leftovers = || -> Vec<std::path::PathBuf> {
        fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(".config."))
            })
            .collect()
    };
    let (mut early, mut late) = (0.0_f64, 2.0_f64);
    let (mut mid_write, mut kept_old, mut wrote_new) = (0, 0, 0);
    for i in 0..80_u32 {
        fs::write(env.config_path(), &old).unwrap();
        let mut child = env.std_cmd().args(args).spawn().unwrap();
        let fraction = (early + late) / 2.0;
        std::thread::sleep(full.mul_f64(fraction));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let text = fs::read_to_string(env.config_path()).unwrap();
        assert!(
            text == old || text == new,
            "kill {i}: a partial file of {} bytes",
            text.len()
        );
        let temp = leftovers();
        if !temp.is_empty() {
            mid_write += 1;
            for t in temp {
                fs::remove_file(t).unwrap();
            }
        } else if text == new {
            wrote_new += 1;
            late = fraction;
        } else {
            kept_old += 1;
            early = fraction;
        }
        if mid_write >= 3 {
            break;
        }
        if late - early < 0.002 {
            // Timing noise closed the bracket: open it again around the last guess.
            (early, late) = ((fraction - 0.2).max(0.0), fraction + 0.2);
        }
    }
    eprintln!("kill -9: {mid_write} mid-write, {kept_old} before, {wrote_new} after the write");
    assert!(
        mid_write > 0,
        "no kill landed between the temp file's creation and the rename \
         ({kept_old} too early, {wrote_new} too late): the test proved nothing"
    );
}

#[test]
fn a_hostile_role_name_is_skipped_and_the_rest_written() {
    let mut config = Config::grid(0, 0);
    config.accounts = vec![
        account(
            "111111111111",
            "prod",
            &["ReadOnly", "Admin #1", "Bad\nRole", "\u{1b}[2J"],
        ),
        account("222222222222", "dev", &["Dev"]),
    ];
    let env = TestEnv::with(config);
    env.seed_token("corp", true, 8 * 3600);
    let out = env
        .cmd()
        .args(["discover", "--sso-session", "corp"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stderr.matches("skipped a role").count(), 3, "{stderr}");
    assert!(
        stderr.contains("Bad\\nRole"),
        "escaped in the warning: {stderr}"
    );
    assert!(
        !stderr.contains('\u{1b}'),
        "no raw escape sequence: {stderr:?}"
    );
    let written = fs::read_to_string(env.config_path()).unwrap();
    assert!(written.contains("[profile prod.ReadOnly]"), "{written}");
    assert!(written.contains("[profile dev.Dev]"), "{written}");
    assert!(
        !written.contains("Admin #1") && !written.contains("Bad"),
        "{written}"
    );

    let out = env
        .cmd()
        .args(["discover", "--sso-session", "corp", "--strict"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", texts(&out).1);
}

/// A header botocore reads differently from other tools: `[ default ]` is no profile to
/// botocore and the default profile to the Rust SDK, so discover refuses the file, naming the
/// line and the header to write instead; `[profile 'x']` is the profile `x` to botocore (and
/// nothing to the Rust SDK), so discover treats it as the user's profile `x` and adds no second
/// `[profile x]`.
#[test]
fn discover_follows_botocores_reading_of_headers() {
    let env = TestEnv::with(vector_config());
    env.seed_token("corp", true, 8 * 3600);
    let mut config = std::fs::read_to_string(env.config_path()).unwrap();
    config.push_str("\n[ default ]\nregion = eu-west-1\n");
    env.write_config(&config);
    let line = config.lines().position(|l| l == "[ default ]").unwrap() + 1;
    let out = env
        .cmd()
        .args(["discover", "--sso-session", "corp"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(
        stderr.contains(&format!("config:{line}: cannot edit this file safely")),
        "{stderr}"
    );
    assert!(stderr.contains("rename it to [default]"), "{stderr}");
    assert_eq!(std::fs::read_to_string(env.config_path()).unwrap(), config);

    let quoted = "[profile 'prod.ReadOnly']";
    let config = format!("{}\n{quoted}\nregion = eu-west-1\n", env.standard_config());
    env.write_config(&config);
    let out = env
        .cmd()
        .args(["discover", "--sso-session", "corp"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", texts(&out).1);
    let written = std::fs::read_to_string(env.config_path()).unwrap();
    assert!(!written.contains("[profile prod.ReadOnly]"), "{written}");
    assert_eq!(written.matches(quoted).count(), 1, "{written}");
    assert!(
        written.contains("[profile prod.AdministratorAccess-111111111111]"),
        "the other profiles are written: {written}"
    );
}
