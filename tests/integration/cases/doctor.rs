//! `awsso doctor`: findings with fixes, JSON, exit codes, --profile.

use crate::support::{TestEnv, texts};

#[test]
fn the_standard_config_is_healthy() {
    let env = TestEnv::new();
    env.emu.expect_no_calls();
    env.seed_token("corp", true, 3600);
    // The AWS CLI writes token files 0600; the test helper leaves the umask's mode.
    #[cfg(unix)]
    crate::support::set_mode(&env.token_path("corp"), 0o600);
    let out = env
        .cmd()
        .args(["doctor", "--profile", "dev"])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.contains("No problems found."), "{stderr}");
}

// unix: one of the findings is a token file readable by others, made with mode bits.
#[cfg(unix)]
#[test]
fn findings_name_the_place_and_the_fix() {
    let env = TestEnv::new();
    env.emu.expect_no_calls();
    env.write_config(&format!(
        "{}\n[profile both]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = R\ncredential_process = /nowhere/awsso credential-process --profile both\n\
         [profile typo]\nsso_session = crop\nregion = eu-west-1 # Ireland\n",
        env.standard_config()
    ));
    std::fs::write(
        env.aws_dir().join("credentials"),
        "[typo]\naws_access_key_id = AKIA\naws_secret_access_key = x\n",
    )
    .unwrap();
    env.write_raw_token("corp", "{\"accessToken\": \"x\"}");
    crate::support::set_mode(&env.token_path("corp"), 0o644);

    let out = env.cmd().arg("doctor").output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    let config = env.config_path().display().to_string();
    for expected in [
        format!(
            "error[sso-and-credential-process]: {config}:26: [profile both] has sso_* keys and credential_process"
        ),
        format!("error[invalid-sso-profile]: {config}:28: no [sso-session crop] section"),
        format!("warning[inline-comment]: {config}:29:"),
        format!("warning[legacy-sso-profile]: {config}:"),
        "error[static-keys-shadow-profile]:".to_owned(),
        format!("error[credential-process-not-found]: {config}:26:"),
        "error[token-cache-corrupt]:".to_owned(),
        "missing field 'expiresAt'".to_owned(),
        "error[token-cache-permissions]:".to_owned(),
        format!("  fix: chmod 600 {}", env.token_path("corp").display()),
    ] {
        assert!(
            stdout.contains(&expected),
            "missing {expected:?} in\n{stdout}"
        );
    }
    assert!(
        stdout.lines().filter(|l| l.starts_with("  fix: ")).count() >= 8,
        "{stdout}"
    );

    let out = env
        .cmd()
        .args(["doctor", "--output", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["errors"].as_u64().unwrap() >= 6, "{v}");
    let first = &v["findings"][0];
    for field in ["severity", "code", "location", "message", "fix"] {
        assert!(first.get(field).is_some(), "{field}: {first}");
    }

    let out = env
        .cmd()
        .args(["doctor", "--profile", "dev"])
        .output()
        .unwrap();
    let (stdout, _) = texts(&out);
    assert!(
        !stdout.contains("[profile both]") && !stdout.contains("crop"),
        "only dev: {stdout}"
    );
    assert!(
        stdout.contains("token-cache-corrupt"),
        "dev's token is checked: {stdout}"
    );
}
