//! `awsso status`: one line per session, JSON, and the exit code.

use crate::support::{START_URL, TestEnv, texts};

fn status(env: &TestEnv, args: &[&str]) -> (Option<i32>, String, String) {
    let out = env.cmd().arg("status").args(args).output().unwrap();
    let (stdout, stderr) = texts(&out);
    (out.status.code(), stdout, stderr)
}

#[test]
fn lines_show_expiry_refreshability_and_roles() {
    let env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    let out = env
        .cmd()
        .args(["credential-process", "--profile", "dev"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let (code, stdout, stderr) = status(&env, &[]);
    assert_eq!(
        code,
        Some(3),
        "the legacy start URL is not logged in: {stderr}"
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[0].starts_with(&format!(
            "corp ({START_URL}): logged in, token expires in 7h 59m ("
        )),
        "{stdout}"
    );
    assert!(
        lines[0].contains(", refreshable; cached roles: "),
        "{stdout}"
    );
    assert!(
        lines[0].contains(&format!("{}/{} until ", env.account(), env.role())),
        "{stdout}"
    );
    assert_eq!(
        lines[1],
        format!("{START_URL}: not logged in (no cached token)")
    );
    assert!(
        stderr.contains("hint: run `awsso login --profile legacy`"),
        "{stderr}"
    );
}

#[test]
fn exit_0_when_every_configured_session_is_logged_in() {
    let env = TestEnv::new();
    env.emu.allow_unused();
    env.seed_token("corp", true, -60);
    env.seed_token(START_URL, false, 600);
    let (code, stdout, stderr) = status(&env, &[]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(
        stdout.contains("token expired") && stdout.contains("(will be refreshed)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("not refreshable: no refresh token"),
        "{stdout}"
    );
}

#[test]
fn json_output_and_unconfigured_tokens() {
    let env = TestEnv::new();
    env.emu.allow_unused();
    env.seed_token("corp", false, -60);
    env.seed_token("someone-elses-session", true, 3600);
    env.write_raw_token("broken", "{\"accessToken\": \"x\"}");
    let (code, stdout, _) = status(&env, &["--output", "json"]);
    assert_eq!(code, Some(3));
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["all_logged_in"], false);
    let sessions = v["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 3, "{stdout}");
    assert_eq!(sessions[0]["name"], "corp");
    assert_eq!(sessions[0]["token"], "expired");
    assert_eq!(sessions[0]["logged_in"], false);
    assert_eq!(
        sessions[0]["login_command"],
        "awsso login --sso-session corp"
    );
    assert_eq!(sessions[2]["configured"], false);
    assert_eq!(sessions[2]["token"], "valid");
    assert!(
        !stdout.contains("accessToken") && !stdout.contains("access_token"),
        "no secrets"
    );
    let (_, text, _) = status(&env, &[]);
    assert!(text.contains("[not in the config file]"), "{text}");
}
