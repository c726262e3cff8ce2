//! `awsso env`: every format, fed back through real shells where they exist; --unset; errors.

use std::process::Command;

use awsso_emulator::Op;

use crate::support::{TestEnv, texts};

/// Runs `script` in `shell -c` with a minimal environment and returns its stdout.
///
/// A shell that is not installed fails the test: tests that need fish or pwsh are written in
/// `awsso_test_tools::fish_test!` / `pwsh_test!` (tests/tools probes PATH), so a missing shell
/// shows up as an ignored test in the summary, never as a silent pass.
pub(crate) fn shell(shell: &str, args: &[&str], script: &str) -> String {
    let out = Command::new(shell)
        .args(args)
        .arg(script)
        .env_clear()
        .env(
            "PATH",
            "/usr/bin:/bin:/usr/local/bin:/opt/microsoft/powershell/7",
        )
        .env("HOME", std::env::temp_dir())
        .output()
        .unwrap_or_else(|e| panic!("{shell}: {e}"));
    assert!(
        out.status.success(),
        "{shell}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn env_out(env: &TestEnv, args: &[&str]) -> String {
    let out = env.cmd().arg("env").args(args).output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stderr, "", "nothing on stderr by default");
    stdout
}

const PRINT_SH: &str = r#"printf '%s\n' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN" "$AWS_CREDENTIAL_EXPIRATION" "$AWS_REGION" "$AWS_DEFAULT_REGION""#;

/// The credential_process payload for the same role (served from the same cache).
fn process_payload(env: &TestEnv) -> serde_json::Value {
    let out = env
        .cmd()
        .args(["credential-process", "--profile", "dev"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", texts(&out).1);
    serde_json::from_slice(&out.stdout).unwrap()
}

fn expected_lines(p: &serde_json::Value, region: &str) -> String {
    format!(
        "{}\n{}\n{}\n{}\n{region}\n{region}\n",
        p["AccessKeyId"].as_str().unwrap(),
        p["SecretAccessKey"].as_str().unwrap(),
        p["SessionToken"].as_str().unwrap(),
        p["Expiration"].as_str().unwrap()
    )
}

#[test]
fn sh_output_evaluates_in_bash_and_shares_the_role_cache() {
    let env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    let lines = env_out(&env, &["--profile", "dev"]);
    assert!(
        lines.lines().all(|l| l.starts_with("export AWS_")),
        "{lines}"
    );
    assert_eq!(lines.lines().count(), 7, "{lines}");
    let printed = shell(
        "bash",
        &["-c"],
        &format!("eval \"$(cat <<'AWSSO_EOF'\n{lines}AWSSO_EOF\n)\"\n{PRINT_SH}"),
    );
    let payload = process_payload(&env);
    assert_eq!(printed, expected_lines(&payload, "eu-west-1"));
    assert_eq!(
        env.emu.calls(Op::GetRoleCredentials),
        1,
        "env and credential-process share the cache"
    );
}

#[test]
fn aws_profile_is_the_default_selection_and_region_flag_wins() {
    let mut env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    env.set_env("AWS_PROFILE", "dev");
    let lines = env_out(&env, &["--region", "ap-south-1"]);
    assert!(
        lines.contains("export AWS_REGION='ap-south-1'\n"),
        "{lines}"
    );
    assert!(
        lines.contains("export AWS_DEFAULT_REGION='ap-south-1'\n"),
        "{lines}"
    );
}

#[test]
fn no_region_means_no_region_variables() {
    let env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    let lines = env_out(
        &env,
        &[
            "--sso-session",
            "corp",
            "--account-id",
            env.account(),
            "--role-name",
            env.role(),
        ],
    );
    assert_eq!(lines.lines().count(), 5, "{lines}");
    assert!(!lines.contains("REGION"), "{lines}");
}

/// A config whose profile `dev` has a region crafted to run code if quoted wrongly; returns
/// the region and the file that must never be created.
fn hostile_env() -> (TestEnv, String, std::path::PathBuf) {
    // A config value can no longer carry this (a region must be a region name), but a hostile
    // or broken server's credentials can: the session token is put into the role cache, from
    // which `env` serves it.
    let env = TestEnv::new();
    let pwned = env.home.path().join("pwned");
    let hostile = format!(
        "x'\"; touch {p}; echo '$(touch {p})`touch {p}`\\ $Env:HOME",
        p = pwned.display()
    );
    env.seed_token("corp", true, 8 * 3600);
    let _ = env_out(&env, &["--profile", "dev"]);
    let roles = env.aws_dir().join("awsso/roles");
    let file = std::fs::read_dir(&roles)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .expect("a cached role");
    let mut cached: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    cached["SessionToken"] = serde_json::Value::String(hostile.clone());
    std::fs::write(&file, cached.to_string()).unwrap();
    (env, hostile, pwned)
}

awsso_test_tools::fish_test! {
    fn hostile_config_values_stay_inert_in_fish() {
        let (env, hostile, pwned) = hostile_env();
        let fish = env_out(&env, &["--profile", "dev", "--format", "fish"]);
        let printed = shell(
            "fish",
            &["--no-config", "-c"],
            &format!("{fish}\nprintf %s \"$AWS_SESSION_TOKEN\""),
        );
        assert_eq!(printed, hostile);
        assert!(!pwned.exists(), "a value ran as code");
    }
}

awsso_test_tools::pwsh_test! {
    fn hostile_config_values_stay_inert_in_powershell() {
        let (env, hostile, pwned) = hostile_env();
        let ps = env_out(&env, &["--profile", "dev", "--format", "powershell"]);
        let printed = shell(
            "pwsh",
            &["-NoProfile", "-NonInteractive", "-Command"],
            &format!("{ps}\n[Console]::Out.Write($Env:AWS_SESSION_TOKEN)"),
        );
        assert_eq!(printed, hostile);
        assert!(!pwned.exists(), "a value ran as code");
    }
}

#[test]
fn hostile_config_values_stay_inert_in_bash_json_and_dotenv() {
    let (env, hostile, pwned) = hostile_env();
    let sh = env_out(&env, &["--profile", "dev"]);
    let printed = shell(
        "bash",
        &["-c"],
        &format!("{sh}printf %s \"$AWS_SESSION_TOKEN\""),
    );
    assert_eq!(printed, hostile);
    let json = env_out(&env, &["--profile", "dev", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["AWS_SESSION_TOKEN"], hostile.as_str());
    assert!(!pwned.exists(), "a value ran as code");

    let out = env
        .cmd()
        .args(["env", "--profile", "dev", "--format", "dotenv"])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("AWS_SESSION_TOKEN contains characters dotenv files cannot hold"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: use --format json"), "{stderr}");
}

#[test]
fn fish_powershell_json_and_dotenv_formats() {
    let env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    let payload = process_payload(&env);
    let fish = env_out(&env, &["--profile", "dev", "--format", "fish"]);
    assert!(
        fish.lines().all(|l| l.starts_with("set -gx AWS_")),
        "{fish}"
    );
    let ps = env_out(&env, &["--profile", "dev", "--format", "powershell"]);
    let key = payload["AccessKeyId"].as_str().unwrap();
    assert!(
        ps.contains(&format!("$Env:AWS_ACCESS_KEY_ID = '{key}'\n")),
        "{ps}"
    );
    let json = env_out(&env, &["--profile", "dev", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["AWS_SECRET_ACCESS_KEY"], payload["SecretAccessKey"]);
    assert_eq!(v["AWS_CREDENTIAL_EXPIRATION"], payload["Expiration"]);
    assert_eq!(v["AWS_DEFAULT_REGION"], "eu-west-1");
    let dotenv = env_out(&env, &["--profile", "dev", "--format", "dotenv"]);
    assert!(
        dotenv.contains(&format!("AWS_ACCESS_KEY_ID={key}\n")),
        "{dotenv}"
    );
    assert!(
        !dotenv.contains('\''),
        "dotenv values are unquoted: {dotenv}"
    );
    assert_eq!(env.emu.calls(Op::GetRoleCredentials), 1);
}

awsso_test_tools::fish_test! {
    fn fish_output_evaluates_in_fish() {
        let env = TestEnv::new();
        env.seed_token("corp", true, 8 * 3600);
        let payload = process_payload(&env);
        let fish = env_out(&env, &["--profile", "dev", "--format", "fish"]);
        let printed = shell(
            "fish",
            &["--no-config", "-c"],
            &format!("{fish}\n{PRINT_SH}"),
        );
        assert_eq!(printed, expected_lines(&payload, "eu-west-1"));
        let unset = env_out(&env, &["--unset", "--format", "fish"]);
        let printed = shell(
            "fish",
            &["--no-config", "-c"],
            &format!("set -gx AWS_REGION y\n{unset}\nset -q AWS_REGION; or printf gone"),
        );
        assert_eq!(printed, "gone");
    }
}

awsso_test_tools::pwsh_test! {
    fn powershell_output_evaluates_in_pwsh() {
        let env = TestEnv::new();
        env.seed_token("corp", true, 8 * 3600);
        let payload = process_payload(&env);
        let ps = env_out(&env, &["--profile", "dev", "--format", "powershell"]);
        let printed = shell(
            "pwsh",
            &["-NoProfile", "-NonInteractive", "-Command"],
            &format!(
                "{ps}\n[Console]::Out.Write(\"$Env:AWS_ACCESS_KEY_ID`n$Env:AWS_SESSION_TOKEN`n\")"
            ),
        );
        assert_eq!(
            printed,
            format!(
                "{}\n{}\n",
                payload["AccessKeyId"].as_str().unwrap(),
                payload["SessionToken"].as_str().unwrap()
            )
        );
    }
}

#[test]
fn cmd_format_sets_each_variable_and_refuses_what_cmd_cannot_hold() {
    let env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    let payload = process_payload(&env);
    let cmd = env_out(&env, &["--profile", "dev", "--format", "cmd"]);
    let key = payload["AccessKeyId"].as_str().unwrap();
    assert!(
        cmd.contains(&format!("set \"AWS_ACCESS_KEY_ID={key}\"\n")),
        "{cmd}"
    );
    assert_eq!(cmd.lines().count(), 7, "{cmd}");
    assert!(
        cmd.lines()
            .all(|l| l.starts_with("set \"AWS_") && l.ends_with('"')),
        "{cmd}"
    );
    let unset = env_out(&env, &["--unset", "--format", "cmd"]);
    assert!(unset.starts_with("set \"AWS_ACCESS_KEY_ID=\"\n"), "{unset}");

    let (env, _, pwned) = hostile_env();
    let out = env
        .cmd()
        .args(["env", "--profile", "dev", "--format", "cmd"])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stdout, "", "nothing half-written");
    assert!(
        stderr.contains(
            "the value of AWS_SESSION_TOKEN cannot be written as a cmd.exe set line: it contains a double quote"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("hint: use --format powershell"), "{stderr}");
    assert!(!pwned.exists());
}

/// Without --format the lines are for this platform's shell: PowerShell on Windows (unless Git
/// Bash or MSYS2 set MSYSTEM), sh elsewhere.
#[test]
fn the_default_format_is_the_platforms_shell() {
    let mut env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    let default = env_out(&env, &["--profile", "dev"]);
    let expected = if cfg!(windows) {
        "$Env:AWS_"
    } else {
        "export AWS_"
    };
    assert!(
        default.lines().all(|l| l.starts_with(expected)),
        "{default}"
    );
    env.set_env("MSYSTEM", "MINGW64");
    let git_bash = env_out(&env, &["--profile", "dev"]);
    assert!(
        git_bash.lines().all(|l| l.starts_with("export AWS_")),
        "{git_bash}"
    );
}

/// What `env --help` says each format prints is what it prints.
#[test]
fn the_help_describes_the_dotenv_lines_as_printed() {
    let env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    let dotenv = env_out(&env, &["--profile", "dev", "--format", "dotenv"]);
    let first = dotenv.lines().next().unwrap();
    let (name, value) = first.split_once('=').unwrap();
    assert!(
        name.starts_with("AWS_") && !value.starts_with('\''),
        "{first}"
    );
    let help = env.cmd().args(["env", "--help"]).output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(
        help.contains("NAME=value lines for .env files, unquoted"),
        "{help}"
    );
    assert!(!help.contains("NAME='value'` lines for .env"), "{help}");
    let reference =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/cli.md")).unwrap();
    assert!(!reference.contains("NAME='value'` lines for .env"));
}

#[test]
fn unset_needs_no_login_and_clears_the_variables() {
    let env = TestEnv::new();
    env.emu.expect_no_calls();
    let unset = env_out(&env, &["--unset"]);
    assert_eq!(
        unset,
        "unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION AWS_ACCOUNT_ID AWS_REGION AWS_DEFAULT_REGION\n"
    );
    let printed = shell(
        "bash",
        &["-c"],
        &format!(
            "export AWS_SESSION_TOKEN=x AWS_REGION=y\n{unset}printf %s \"${{AWS_SESSION_TOKEN-gone}}${{AWS_REGION-gone}}\""
        ),
    );
    assert_eq!(printed, "gonegone");
    let json = env_out(&env, &["--unset", "--format", "json"]);
    assert!(json.contains("\"AWS_ACCESS_KEY_ID\":null"), "{json}");
    let out = env
        .cmd()
        .args(["env", "--unset", "--profile", "dev"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "--unset takes no selection");
}

#[test]
fn expired_login_exits_3_with_the_command_and_prints_nothing() {
    let env = TestEnv::new();
    env.emu.allow_unused();
    env.seed_token("corp", false, -60);
    let out = env
        .cmd()
        .args(["env", "--profile", "dev"])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("hint: run `awsso login --profile dev`"),
        "{stderr}"
    );
}

/// `AWS_ACCOUNT_ID` names the credentials' account (the SDKs' account-based endpoints read it).
#[test]
fn the_account_id_is_exported() {
    let env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    let text = env_out(&env, &["--profile", "dev", "--format", "json"]);
    let vars: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(vars["AWS_ACCOUNT_ID"], env.account(), "{text}");
    let sh = env_out(&env, &["--profile", "dev", "--format", "sh"]);
    let printed = shell(
        "bash",
        &["-c"],
        &format!("{sh}printf %s \"$AWS_ACCOUNT_ID\""),
    );
    assert_eq!(printed, env.account());
}
