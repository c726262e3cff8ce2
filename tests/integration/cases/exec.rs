//! `awsso exec`: the child's environment, exit codes and signals, nesting, errors.

use awsso_emulator::Op;

use crate::support::{TestEnv, texts};

fn seeded() -> TestEnv {
    let env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    env
}

#[test]
fn the_child_gets_credentials_region_and_marker_but_no_profile() {
    let mut env = seeded();
    env.set_env("AWS_PROFILE", "dev");
    env.set_env("AWS_DEFAULT_PROFILE", "dev");
    env.set_env("KEEP_ME", "kept");
    env.set_env("AWS_ACCOUNT_ID", "999999999999");
    let script = r#"printf '%s|%s|%s|%s|%s|%s|%s|%s' "${AWS_PROFILE-unset}" "${AWS_DEFAULT_PROFILE-unset}" "$AWSSO_PROFILE" "$AWS_REGION" "$AWS_DEFAULT_REGION" "$KEEP_ME" "$AWS_ACCESS_KEY_ID" "$AWS_ACCOUNT_ID""#;
    let out = env
        .cmd()
        .args(["exec", "--", "sh", "-c", script])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stderr, "");
    let fields: Vec<&str> = stdout.split('|').collect();
    assert_eq!(
        &fields[..6],
        ["unset", "unset", "dev", "eu-west-1", "eu-west-1", "kept"]
    );
    assert!(!fields[6].is_empty());
    assert_eq!(
        fields[7],
        env.account(),
        "the credentials' account, not the parent's"
    );

    let out = env
        .cmd()
        .args(["credential-process", "--profile", "dev"])
        .output()
        .unwrap();
    let payload: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(payload["AccessKeyId"], fields[6], "same cached credentials");
    assert_eq!(env.emu.calls(Op::GetRoleCredentials), 1);
}

#[test]
fn without_double_dash_and_with_role_flags() {
    let env = seeded();
    let out = env
        .cmd()
        .args([
            "exec",
            "--sso-session",
            "corp",
            "--account-id",
            env.account(),
            "--role-name",
            env.role(),
            "--region",
            "us-west-2",
        ])
        .args([
            "sh",
            "-c",
            "printf '%s %s' \"$AWSSO_PROFILE\" \"$AWS_REGION\"",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", texts(&out).1);
    assert_eq!(
        texts(&out).0,
        format!("{}/{} us-west-2", env.account(), env.role())
    );
}

#[test]
fn exit_codes_and_signals_are_passed_on() {
    let env = seeded();
    let out = env
        .cmd()
        .args(["exec", "--profile", "dev", "--", "sh", "-c", "exit 7"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
    let out = env
        .cmd()
        .args([
            "exec",
            "--profile",
            "dev",
            "--",
            "sh",
            "-c",
            "kill -TERM $$",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(143), "128 + SIGTERM");
    let out = env
        .cmd()
        .args([
            "exec",
            "--profile",
            "dev",
            "--",
            "definitely-not-a-command-awsso",
        ])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(127), "{stderr}");
    assert!(
        stderr.contains("command not found: definitely-not-a-command-awsso"),
        "{stderr}"
    );
    assert!(stderr.contains("hint:"), "{stderr}");
}

#[test]
fn refuses_to_nest_unless_forced() {
    let mut env = seeded();
    env.set_env("AWSSO_PROFILE", "prod");
    let out = env
        .cmd()
        .args(["exec", "--profile", "dev", "--", "true"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("already inside `awsso exec` for 'prod'"),
        "{stderr}"
    );
    assert!(stderr.contains("--force"), "{stderr}");
    let out = env
        .cmd()
        .args([
            "exec",
            "--force",
            "--profile",
            "dev",
            "--",
            "sh",
            "-c",
            "printf %s \"$AWSSO_PROFILE\"",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", texts(&out).1);
    assert_eq!(texts(&out).0, "dev");
}

#[test]
fn a_command_is_required() {
    let env = TestEnv::new();
    env.emu.expect_no_calls();
    let out = env
        .cmd()
        .args(["exec", "--profile", "dev"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
