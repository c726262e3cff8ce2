//! Hostile files and processes (issue 8): symlinks, loose modes, other users' files, FIFOs,
//! huge caches, the edit lock, stale temp files, range checks, closed fds, SIGPIPE, huge configs.
//!
//! Each test states the attack or accident it reproduces; each failed before its fix.

use std::fs;
#[cfg(unix)]
use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime};

#[cfg(unix)]
use awsso_emulator::Config;
use awsso_emulator::Op;
#[cfg(unix)]
use sha1::{Digest, Sha1};

#[cfg(unix)]
use crate::support::mode;
use crate::support::{START_URL, TestEnv, texts};

fn cp_args(env: &TestEnv) -> Vec<String> {
    [
        "credential-process",
        "--sso-session",
        "corp",
        "--account-id",
        env.account(),
        "--role-name",
        env.role(),
    ]
    .map(str::to_owned)
    .to_vec()
}

// The role cache's file names, for the unix-only tests below.
#[cfg(unix)]
fn sha1_hex(text: &str) -> String {
    Sha1::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(unix)]
fn role_digest(env: &TestEnv) -> String {
    sha1_hex(&format!(
        "awsso-role-v1\n{START_URL}\ncorp\n{}\n{}",
        env.account(),
        env.role()
    ))
}

#[cfg(unix)]
fn role_file(env: &TestEnv) -> std::path::PathBuf {
    env.aws_dir()
        .join("awsso/roles")
        .join(format!("{}.json", role_digest(env)))
}

#[cfg(unix)]
fn mkfifo(path: &std::path::Path) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

/// A warm role cache (one GetRoleCredentials).
fn warm(env: &TestEnv) {
    env.seed_token("corp", true, 8 * 3600);
    let out = env.cmd().args(cp_args(env)).output().unwrap();
    assert!(out.status.success(), "{}", texts(&out).1);
}

// Item 1: a link in the role cache is replaced by a regular 0600 file, never written through.
// unix: a symlink and mode bits (creating a symlink on Windows needs a privilege tests cannot assume).
#[cfg(unix)]
#[test]
fn a_symlinked_role_cache_is_replaced_not_written_through() {
    let env = TestEnv::new();
    warm(&env);
    let victim = env.home.path().join("victim");
    fs::write(&victim, "keep me").unwrap();
    fs::set_permissions(&victim, fs::Permissions::from_mode(0o644)).unwrap();
    let cache = role_file(&env);
    fs::remove_file(&cache).unwrap();
    symlink(&victim, &cache).unwrap();
    let out = env.cmd().args(cp_args(&env)).output().unwrap();
    assert!(out.status.success(), "{}", texts(&out).1);
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
    let meta = fs::symlink_metadata(&cache).unwrap();
    assert!(meta.file_type().is_file(), "the link was replaced");
    assert_eq!(meta.mode() & 0o777, 0o600);
    assert_eq!(env.emu.calls(Op::GetRoleCredentials), 2);
}

// Item 1: a link as the token cache is refused with its name (it would be written through).
// unix: creating a symlink on Windows needs a privilege tests cannot assume.
#[cfg(unix)]
#[test]
fn a_symlinked_token_cache_is_refused_by_name() {
    let env = TestEnv::new();
    env.emu.allow_unused();
    let elsewhere = env.home.path().join("elsewhere.json");
    env.seed_token("corp", true, 8 * 3600);
    fs::rename(env.token_path("corp"), &elsewhere).unwrap();
    symlink(&elsewhere, env.token_path("corp")).unwrap();
    let out = env.cmd().args(cp_args(&env)).output().unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("is a symbolic link"), "{stderr}");
    assert!(
        stderr.contains(&env.token_path("corp").display().to_string()),
        "{stderr}"
    );
}

// Item 2: secrets written into a loose (0644) role cache leave it 0600; the folders end 0700.
// unix: mode bits.
#[cfg(unix)]
#[test]
fn loose_modes_are_tightened_when_secrets_are_written() {
    let env = TestEnv::new();
    warm(&env);
    let cache = role_file(&env);
    fs::set_permissions(&cache, fs::Permissions::from_mode(0o644)).unwrap();
    let roles = cache.parent().unwrap().to_path_buf();
    fs::set_permissions(&roles, fs::Permissions::from_mode(0o755)).unwrap();
    let mut args = cp_args(&env);
    args.extend(["--min-remaining".into(), "36500d".into()]);
    let out = env.cmd().args(&args).output().unwrap();
    assert!(out.status.success(), "{}", texts(&out).1);
    assert_eq!(mode(&cache), 0o600);
    assert_eq!(mode(&roles), 0o700);
    assert_eq!(mode(&env.aws_dir().join("awsso")), 0o700);
}

// Item 2: with ~/.aws/awsso world-writable, keys planted in the role cache are not served:
// the folder is not trusted (nor silently tightened), and the error names the fix.
// unix: mode bits.
#[cfg(unix)]
#[test]
fn planted_keys_in_a_world_writable_folder_are_not_served() {
    let env = TestEnv::new();
    warm(&env);
    let cache = role_file(&env);
    let text = fs::read_to_string(&cache).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["AccessKeyId"] = "ASIAPLANTED".into();
    fs::write(&cache, v.to_string()).unwrap();
    let awsso_dir = env.aws_dir().join("awsso");
    fs::set_permissions(&awsso_dir, fs::Permissions::from_mode(0o777)).unwrap();
    let out = env.cmd().args(cp_args(&env)).output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(!out.status.success());
    assert!(!stdout.contains("ASIAPLANTED"), "{stdout}");
    assert!(
        stderr.contains(&format!("chmod go-w {}", awsso_dir.display())),
        "{stderr}"
    );
    assert_eq!(mode(&awsso_dir), 0o777, "not silently tightened");
}

// Item 2: a role cache owned by another user is not trusted.
// unix: chown and uids.
#[cfg(unix)]
#[test]
fn another_users_role_cache_is_not_served() {
    let env = TestEnv::new();
    warm(&env);
    let cache = role_file(&env);
    // Only root can give a file away; elsewhere this case cannot be set up.
    if std::os::unix::fs::chown(&cache, Some(4242), None).is_err() {
        eprintln!("skipped: cannot chown (not root)");
        return;
    }
    let out = env.cmd().args(cp_args(&env)).output().unwrap();
    assert!(out.status.success(), "{}", texts(&out).1);
    assert_eq!(env.emu.calls(Op::GetRoleCredentials), 2, "fetched afresh");
    let me = fs::metadata(env.home.path()).unwrap().uid();
    assert_eq!(
        fs::metadata(&cache).unwrap().uid(),
        me,
        "replaced by our own file"
    );
}

// Item 2: doctor reports a loose role cache, a loose credentials file and a world-writable
// folder (it flagged only a 0644 token cache).
// unix: mode bits.
#[cfg(unix)]
#[test]
fn doctor_reports_every_unsafe_file() {
    let env = TestEnv::new();
    env.emu.allow_unused();
    warm(&env);
    fs::set_permissions(role_file(&env), fs::Permissions::from_mode(0o644)).unwrap();
    let creds = env.aws_dir().join("credentials");
    fs::write(&creds, "[x]\naws_secret_access_key = s\n").unwrap();
    fs::set_permissions(&creds, fs::Permissions::from_mode(0o644)).unwrap();
    let cache_dir = env.aws_dir().join("sso/cache");
    fs::set_permissions(&cache_dir, fs::Permissions::from_mode(0o777)).unwrap();
    let out = env.cmd().arg("doctor").output().unwrap();
    let (stdout, stderr) = texts(&out);
    let all = format!("{stdout}{stderr}");
    assert_eq!(out.status.code(), Some(1), "{all}");
    for want in [
        format!("chmod 600 {}", role_file(&env).display()),
        format!("chmod 600 {}", creds.display()),
        format!("chmod go-w {}", cache_dir.display()),
    ] {
        assert!(all.contains(&want), "missing {want:?} in:\n{all}");
    }
}

// Item 3: a FIFO as the token cache fails at once with its name instead of blocking forever.
// unix: FIFOs (mkfifo).
#[cfg(unix)]
#[test]
fn a_fifo_token_cache_fails_fast_with_its_name() {
    let env = TestEnv::new();
    env.emu.allow_unused();
    mkfifo(&env.token_path("corp"));
    for args in [
        cp_args(&env),
        vec!["status".into()],
        vec!["logout".into(), "--all".into()],
    ] {
        let started = Instant::now();
        let out = env
            .cmd()
            .args(&args)
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        let (_, stderr) = texts(&out);
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{args:?} blocked"
        );
        if args[0] == "credential-process" {
            assert!(stderr.contains("is a FIFO, not a regular file"), "{stderr}");
        }
    }
    let out = env
        .cmd()
        .arg("doctor")
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(
        format!("{stdout}{stderr}").contains("FIFO"),
        "{stdout}{stderr}"
    );
}

// Item 3: a FIFO as the role cache is a miss, and is replaced by the fetched credentials.
// unix: FIFOs (mkfifo).
#[cfg(unix)]
#[test]
fn a_fifo_role_cache_is_replaced() {
    let env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    mkfifo(&role_file(&env));
    let out = env
        .cmd()
        .args(cp_args(&env))
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", texts(&out).1);
    assert!(fs::symlink_metadata(role_file(&env)).unwrap().is_file());
}

// Item 3: /dev/zero as the token cache is not read until memory runs out.
// unix: /dev/zero and a symlink.
#[cfg(unix)]
#[test]
fn dev_zero_as_token_cache_is_refused() {
    let env = TestEnv::new();
    env.emu.allow_unused();
    fs::create_dir_all(env.token_path("corp").parent().unwrap()).unwrap();
    symlink("/dev/zero", env.token_path("corp")).unwrap();
    let out = env
        .cmd()
        .args(cp_args(&env))
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", texts(&out).1);
}

// Item 3: a folder at the token path fails before the browser opens, naming the fix.
#[test]
fn a_directory_token_path_fails_before_the_browser() {
    let mut env = TestEnv::new();
    env.emu.allow_unused();
    let browser = env.fake_browser();
    fs::create_dir_all(env.token_path("corp").join("sub")).unwrap();
    let out = env
        .cmd()
        .args(["login", "--sso-session", "corp", "--force"])
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert!(!out.status.success());
    assert!(stderr.contains("is a directory"), "{stderr}");
    assert!(
        stderr.contains(&format!("rm -r {}", env.token_path("corp").display())),
        "{stderr}"
    );
    assert!(browser.visited().is_empty(), "no browser was opened");
}

// Items 3 and 11: a 5 MB access token is refused by size, never sent (the send died of SIGPIPE).
#[test]
fn a_huge_token_cache_is_refused_without_a_signal() {
    let env = TestEnv::new();
    env.emu.allow_unused();
    let token = format!(
        "{{\"accessToken\":\"{}\",\"expiresAt\":\"2099-01-01T00:00:00Z\",\"startUrl\":\"{START_URL}\",\"region\":\"us-east-1\"}}",
        "a".repeat(5 << 20)
    );
    env.write_raw_token("corp", &token);
    let out = env.cmd().args(cp_args(&env)).output().unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("over the 65536-byte limit"), "{stderr}");
}

// Item 4: the same credentials file named three ways (plain, symlink, `..`) by 18 parallel
// write-default runs: every section survives.
// unix: one of the three names is a symlink (a privilege on Windows).
#[cfg(unix)]
#[test]
fn the_edit_lock_holds_across_names_of_one_file() {
    let env = TestEnv::with(Config::grid(2, 2));
    env.seed_token("corp", true, 8 * 3600);
    let real = env.aws_dir().join("credentials");
    fs::write(&real, "").unwrap();
    let link = env.home.path().join("creds-link");
    symlink(&real, &link).unwrap();
    let dotted = env.aws_dir().join("sso/../credentials");
    fs::create_dir_all(env.aws_dir().join("sso")).unwrap();
    let names = [real.clone(), link, dotted];
    // Warm the role cache so the runs race on the file, not on the network.
    let role = [
        "--sso-session",
        "corp",
        "--account-id",
        "100000000001",
        "--role-name",
        "Role1",
    ];
    env.cmd().arg("write-default").args(role).assert().success();
    let children: Vec<_> = (0..18)
        .map(|i| {
            env.std_cmd()
                .env("AWS_SHARED_CREDENTIALS_FILE", &names[i % 3])
                .arg("write-default")
                .args(role)
                .args(["--target-profile", &format!("q{i}")])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let text = fs::read_to_string(&real).unwrap();
    for i in 0..18 {
        assert!(text.contains(&format!("[q{i}]")), "[q{i}] lost:\n{text}");
    }
}

// Item 5: a dangling link as a lock file never creates its target.
// unix: creating a symlink on Windows needs a privilege tests cannot assume.
#[cfg(unix)]
#[test]
fn a_dangling_lock_link_creates_nothing() {
    let env = TestEnv::new();
    env.emu.allow_unused();
    env.seed_token("corp", true, 8 * 3600);
    let locks = env.aws_dir().join("awsso/locks");
    fs::create_dir_all(&locks).unwrap();
    let target = env.home.path().join("created-by-the-link");
    symlink(
        &target,
        locks.join(format!("role-{}.lock", role_digest(&env))),
    )
    .unwrap();
    let out = env.cmd().args(cp_args(&env)).output().unwrap();
    let (_, stderr) = texts(&out);
    assert!(!out.status.success());
    assert!(stderr.contains("is a symbolic link"), "{stderr}");
    assert!(!target.exists());
}

// Item 6: discover refuses a config file botocore reads differently (a no-break space
// before `=`), naming file:line, and leaves it as it was.
#[test]
fn discover_refuses_a_config_botocore_reads_differently() {
    let env = TestEnv::new();
    env.emu.allow_unused();
    env.seed_token("corp", true, 8 * 3600);
    let text = format!(
        "{}\n[profile mine]\nregion\u{a0}= eu-west-1\n",
        env.standard_config()
    );
    env.write_config(&text);
    let out = env
        .cmd()
        .args(["discover", "--sso-session", "corp"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{}:23: cannot edit this file safely",
            env.config_path().display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("U+00A0"), "{stderr}");
    assert_eq!(fs::read_to_string(env.config_path()).unwrap(), text);
}

// Item 6: doctor no longer says "No problems found" about such a file.
#[test]
fn doctor_reports_lines_botocore_reads_differently() {
    let env = TestEnv::new();
    env.emu.allow_unused();
    let creds = env.aws_dir().join("credentials");
    fs::write(&creds, "[default]\naws_access_key_id\u{a0}= A\n").unwrap();
    #[cfg(unix)]
    fs::set_permissions(&creds, fs::Permissions::from_mode(0o600)).unwrap();
    let out = env.cmd().arg("doctor").output().unwrap();
    let (stdout, stderr) = texts(&out);
    let all = format!("{stdout}{stderr}");
    assert!(all.contains(&format!("{}:2", creds.display())), "{all}");
    assert!(all.contains("U+00A0"), "{all}");
}

// Item 7: a temp file left by a killed write is removed by the next write; a fresh one stays.
#[test]
fn stale_temp_files_are_removed_by_the_next_write() {
    let env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    let stale = env.aws_dir().join(".credentials.Ab12Cd.tmp");
    let fresh = env.aws_dir().join(".credentials.Zz98Yy.tmp");
    let other = env.aws_dir().join(".config.Ab12Cd.tmp.keep");
    for p in [&stale, &fresh, &other] {
        fs::write(p, "partial").unwrap();
    }
    let old = SystemTime::now() - Duration::from_secs(3 * 3600);
    for p in [&stale, &other] {
        fs::File::options()
            .write(true)
            .open(p)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    let mut args = vec!["write-default".to_owned()];
    args.extend(cp_args(&env).into_iter().skip(1));
    let out = env.cmd().args(&args).output().unwrap();
    assert!(out.status.success(), "{}", texts(&out).1);
    assert!(!stale.exists(), "the stale temp file is gone");
    assert!(fresh.exists(), "a recent one may belong to a running write");
    assert!(other.exists(), "not ours");
}

// Item 10: values that used to panic are usage errors.
#[test]
fn out_of_range_values_are_usage_errors_not_panics() {
    let env = TestEnv::new();
    env.emu.allow_unused();
    let long_role = "r".repeat(70_000);
    let cases: Vec<Vec<String>> = vec![
        vec![
            "credential-process".into(),
            "--profile".into(),
            "dev".into(),
            "--min-remaining".into(),
            "5000000000000d".into(),
        ],
        vec![
            "env".into(),
            "--profile".into(),
            "dev".into(),
            "--min-remaining".into(),
            "213503982334601d".into(),
        ],
        vec![
            "credential-process".into(),
            "--sso-session".into(),
            "corp".into(),
            "--account-id".into(),
            "123456789012".into(),
            "--role-name".into(),
            long_role.clone(),
        ],
        vec![
            "list".into(),
            "--sso-session".into(),
            "corp".into(),
            "--rate".into(),
            "1e-20".into(),
        ],
        vec![
            "env".into(),
            "--sso-session".into(),
            "corp".into(),
            "--role-arn".into(),
            format!("arn:aws:iam::123456789012:role/{long_role}"),
        ],
    ];
    for args in cases {
        let out = env.cmd().args(&args).output().unwrap();
        let (_, stderr) = texts(&out);
        let code = out.status.code();
        assert!(
            matches!(code, Some(2 | 4)),
            "{:?}: {code:?} {}",
            &args[..3],
            &stderr[..stderr.len().min(300)]
        );
        assert!(stderr.len() < 2000, "the value is not echoed in full");
    }
}

// Item 10: a hostile role name in the config file is a config error, not a panic in the SDK.
#[test]
fn a_huge_role_name_in_the_config_is_a_config_error() {
    let env = TestEnv::new();
    env.emu.allow_unused();
    env.seed_token("corp", true, 8 * 3600);
    let config = env.standard_config().replace(
        &format!("sso_role_name = {}", env.role()),
        &format!("sso_role_name = {}", "r".repeat(70_000)),
    );
    env.write_config(&config);
    let out = env
        .cmd()
        .args(["credential-process", "--profile", "dev"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(
        out.status.code(),
        Some(4),
        "{}",
        &stderr[..stderr.len().min(300)]
    );
    assert!(
        stderr.contains("invalid role name"),
        "{}",
        &stderr[..stderr.len().min(300)]
    );
}

// Item 11/12: a closed stdout pipe ends the command quietly (exit 0), never by SIGPIPE.
#[test]
fn a_closed_pipe_ends_quietly() {
    let env = TestEnv::new();
    warm(&env);
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = env
        .std_cmd()
        .args(cp_args(&env))
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// Item 12: with stdout closed, the lock file opened on a cache miss must not become fd 1
// (the payload went into it), and the command still succeeds.
// unix: closes fd 1 with sh's `>&-`.
#[cfg(unix)]
#[test]
fn a_closed_stdout_does_not_hand_fd_1_to_a_lock_file() {
    let env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    let mut sh = std::process::Command::new("/bin/sh");
    sh.env_clear().envs(env.env_vars());
    let status = sh
        .arg("-c")
        .arg("exec \"$0\" \"$@\" >&-")
        .arg(assert_cmd::cargo::cargo_bin("awsso"))
        .args(cp_args(&env))
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let lock = env
        .aws_dir()
        .join(format!("awsso/locks/role-{}.lock", role_digest(&env)));
    assert_eq!(
        fs::metadata(&lock).unwrap().len(),
        0,
        "nothing was written into the lock"
    );
    assert_eq!(env.emu.calls(Op::GetRoleCredentials), 1);
}

// Item 13: a config with 20,000 sections keeps a cache hit fast (it was quadratic: ~1 s per
// 10,000 sections squared in a release build; this debug build needs well under 5 s).
#[test]
fn a_huge_config_keeps_the_cache_hit_fast() {
    let env = TestEnv::new();
    warm(&env);
    let mut config = env.standard_config();
    for i in 0..20_000 {
        config.push_str(&format!(
            "\n[profile p{i}]\nsso_session = corp\nsso_account_id = {}\nsso_role_name = {}\n",
            env.account(),
            env.role()
        ));
    }
    env.write_config(&config);
    let started = Instant::now();
    let out = env
        .cmd()
        .args(["credential-process", "--profile", "p19999"])
        .output()
        .unwrap();
    let took = started.elapsed();
    assert!(out.status.success(), "{}", texts(&out).1);
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert_eq!(env.emu.calls(Op::GetRoleCredentials), 1, "a cache hit");
}
