//! `awsso logout`: revoke, delete the token and awsso's role cache, leave everything else.

use std::fs;

use awsso_emulator::{Fault, Op};

use crate::support::{START_URL, TestEnv, texts};

/// Caches role credentials for `dev` (one GetRoleCredentials call).
fn cache_role(env: &TestEnv) {
    let out = env
        .cmd()
        .args(["credential-process", "--profile", "dev"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", texts(&out).1);
}

fn role_files(env: &TestEnv) -> usize {
    fs::read_dir(env.aws_dir().join("awsso/roles"))
        .map(|d| d.count())
        .unwrap_or(0)
}

/// Files of other tools in the cache folder that logout must not touch.
fn other_files(env: &TestEnv) -> Vec<std::path::PathBuf> {
    let dir = env.aws_dir().join("sso/cache");
    fs::create_dir_all(&dir).unwrap();
    let registration = dir.join("0123456789abcdef0123456789abcdef01234567.json");
    fs::write(&registration, r#"{"clientId":"c","clientSecret":"s","expiresAt":"2099-01-01T00:00:00Z","scopes":["sso:account:access"]}"#).unwrap();
    let botocore = dir.join("botocore-client-id-us-east-1.json");
    fs::write(&botocore, "{}").unwrap();
    vec![registration, botocore]
}

#[test]
fn logout_revokes_and_deletes_only_what_it_owns() {
    let env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    cache_role(&env);
    let others = other_files(&env);
    assert_eq!(role_files(&env), 1);

    let out = env
        .cmd()
        .args(["logout", "--profile", "dev"])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.contains(&format!("Logged out of {START_URL}: token revoked")),
        "{stderr}"
    );
    assert!(
        stderr.contains("Deleted 1 cached role credential file(s)."),
        "{stderr}"
    );
    assert_eq!(env.emu.calls(Op::Logout), 1);
    assert!(!env.token_path("corp").exists());
    assert_eq!(role_files(&env), 0);
    for f in &others {
        assert!(f.exists(), "{} must stay", f.display());
    }
    assert!(
        env.aws_dir().join("awsso/locks").exists(),
        "lock files are never deleted"
    );

    let out = env
        .cmd()
        .args(["credential-process", "--profile", "dev"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "logged out: {}", texts(&out).1);
}

#[test]
fn an_expired_token_is_deleted_without_a_call() {
    let env = TestEnv::new();
    env.emu.expect_no_calls();
    env.seed_token("corp", false, -60);
    let out = env
        .cmd()
        .args(["logout", "--sso-session", "corp"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("the token had expired"), "{stderr}");
    assert!(!env.token_path("corp").exists());
}

#[test]
fn logout_all_covers_every_token_in_the_cache_folder() {
    let env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    env.seed_token(START_URL, false, 3600);
    cache_role(&env);
    let others = other_files(&env);
    let out = env.cmd().args(["logout", "--all"]).output().unwrap();
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(env.emu.calls(Op::Logout), 2);
    assert!(!env.token_path("corp").exists() && !env.token_path(START_URL).exists());
    assert_eq!(role_files(&env), 0);
    for f in &others {
        assert!(f.exists(), "{} must stay", f.display());
    }
}

#[test]
fn a_failed_revocation_still_deletes_and_exits_5() {
    let env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    env.emu.inject(Op::Logout, Fault::ServerError, 10);
    let out = env
        .cmd()
        .args(["logout", "--profile", "dev"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(stderr.contains("could not revoke the token"), "{stderr}");
    assert!(stderr.contains("stays valid until it expires"), "{stderr}");
    assert!(!env.token_path("corp").exists());
}

#[test]
fn nothing_to_do_when_not_logged_in() {
    let env = TestEnv::new();
    env.emu.expect_no_calls();
    let out = env
        .cmd()
        .args(["logout", "--profile", "dev"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("Not logged in; nothing to delete."),
        "{stderr}"
    );
}
