//! A session the service rejected (revoked, or the user signed out everywhere) is no dead end:
//! the rejection is remembered, nothing asks the service with that token again, `status` says
//! so, and `login` logs in without `--force`.

use awsso_emulator::{Fault, Op};

use crate::support::{TestEnv, texts};

fn revoked() -> TestEnv {
    let env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    // The access token is refused (401) and so is its refresh (the registration's grant).
    env.emu.expire_access_tokens();
    env.emu.inject(Op::CreateToken, Fault::Unauthorized, 1);
    env
}

#[test]
fn a_rejected_token_is_remembered_and_not_tried_again() {
    let env = revoked();
    for _ in 0..3 {
        let out = env
            .cmd()
            .args(["credential-process", "--profile", "dev"])
            .output()
            .unwrap();
        let (stdout, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(3), "{stderr}");
        assert_eq!(stdout, "");
        assert!(stderr.contains("awsso login --profile dev"), "{stderr}");
        assert!(!stderr.contains("--force"), "{stderr}");
    }
    assert_eq!(
        env.emu.calls(Op::GetRoleCredentials),
        1,
        "one failing call, then none"
    );
    assert_eq!(
        env.emu.calls(Op::CreateToken),
        1,
        "one failing refresh, then none"
    );
    assert!(env.read_token("corp")["awssoRejectedAt"].is_string());

    let out = env.cmd().args(["status"]).output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(3), "{stdout}{stderr}");
    let line = stdout.lines().find(|l| l.starts_with("corp")).unwrap();
    assert!(
        line.contains("not logged in") && line.contains("rejected"),
        "{stdout}"
    );
    let out = env
        .cmd()
        .args(["status", "--output", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["sessions"][0]["token"], "rejected", "{json}");
    assert_eq!(json["sessions"][0]["logged_in"], false, "{json}");
}

#[test]
fn login_after_a_rejection_logs_in_without_force() {
    let mut env = revoked();
    let out = env
        .cmd()
        .args(["credential-process", "--profile", "dev"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", texts(&out).1);
    let _browser = env.fake_browser();
    let out = env
        .cmd()
        .args(["login", "--profile", "dev"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("Already logged in"), "{stderr}");
    assert!(stderr.contains("Logged in to"), "{stderr}");
    assert_eq!(env.emu.calls(Op::Authorize), 1);
    assert!(env.read_token("corp").get("awssoRejectedAt").is_none());
    env.cmd()
        .args(["credential-process", "--profile", "dev"])
        .assert()
        .success();
}
