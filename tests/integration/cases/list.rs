//! `awsso list`: text lines streamed, --accounts, --account-id, table and JSON; stdout is only
//! the listing.

#![allow(clippy::unwrap_used)] // test helpers panic on failure, like the tests

use awsso_emulator::{Account, Config, Op};

use crate::support::{TestEnv, texts};

fn config() -> Config {
    let mut config = Config::grid(3, 2);
    config.accounts.push(Account {
        id: "999999999999".to_owned(),
        name: "tab\there\nnewline".to_owned(),
        email: "x@example.com".to_owned(),
        roles: vec!["Admin".to_owned()],
    });
    config.page_size = 2;
    config
}

fn list(env: &TestEnv, args: &[&str]) -> String {
    let out = env
        .cmd()
        .arg("list")
        .args(["--sso-session", "corp"])
        .args(args)
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        stderr, "",
        "nothing on stderr when it is not a terminal and all went well"
    );
    stdout
}

#[test]
fn text_lists_every_role_one_line_each() {
    let env = TestEnv::with(config());
    env.seed_token("corp", true, 8 * 3600);
    let stdout = list(&env, &[]);
    let mut lines: Vec<&str> = stdout.lines().collect();
    lines.sort_unstable();
    assert_eq!(
        lines,
        [
            "100000000000\taccount-000\tRole0",
            "100000000000\taccount-000\tRole1",
            "100000000001\taccount-001\tRole0",
            "100000000001\taccount-001\tRole1",
            "100000000002\taccount-002\tRole0",
            "100000000002\taccount-002\tRole1",
            "999999999999\ttab\\there\\nnewline\tAdmin",
        ]
    );
    // ListAccounts: 2 pages of 2; ListAccountRoles: one page per account.
    assert_eq!(env.emu.calls(Op::ListAccounts), 2);
    assert_eq!(env.emu.calls(Op::ListAccountRoles), 4);
}

#[test]
fn accounts_only_makes_no_role_calls() {
    let env = TestEnv::with(config());
    env.seed_token("corp", true, 8 * 3600);
    let stdout = list(&env, &["--accounts"]);
    assert_eq!(stdout.lines().count(), 4, "{stdout}");
    assert!(
        stdout.starts_with("100000000000\taccount-000\n"),
        "{stdout}"
    );
    assert_eq!(env.emu.calls(Op::ListAccountRoles), 0);
    let table = list(&env, &["--accounts", "--output", "table"]);
    assert!(
        table.starts_with("ACCOUNT_ID    ACCOUNT_NAME\n100000000000  account-000\n"),
        "{table}"
    );
}

#[test]
fn one_account_as_json() {
    let env = TestEnv::with(config());
    env.seed_token("corp", true, 8 * 3600);
    let stdout = list(&env, &["--account-id", "100000000001", "--output", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON array");
    assert_eq!(
        v,
        serde_json::json!([{"id": "100000000001", "name": "account-001", "email": "account-001@example.com", "roles": ["Role0", "Role1"]}])
    );
    assert_eq!(
        env.emu.calls(Op::ListAccountRoles),
        1,
        "only that account's roles"
    );
}

#[test]
fn unknown_account_is_an_error() {
    let env = TestEnv::with(config());
    env.seed_token("corp", true, 8 * 3600);
    let out = env
        .cmd()
        .args([
            "list",
            "--sso-session",
            "corp",
            "--account-id",
            "123456789012",
        ])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("account 123456789012 is not among the 4 accounts"),
        "{stderr}"
    );
}

#[test]
fn table_aligns_columns() {
    let env = TestEnv::with(Config::grid(2, 1));
    env.seed_token("corp", true, 8 * 3600);
    let stdout = list(&env, &["--output", "table"]);
    assert_eq!(
        stdout,
        "ACCOUNT_ID    ACCOUNT_NAME  ROLE\n100000000000  account-000   Role0\n100000000001  account-001   Role0\n"
    );
}
