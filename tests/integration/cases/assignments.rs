//! `awsso assignments` and `awsso::admin::list_assignments` against the emulator's admin APIs
//! (sso-admin, identitystore, organizations; SigV4-signed awsJson1_1 on 127.0.0.1): the whole
//! organization, OU recursion, every filter, names on and off, pagination, throttling,
//! AccessDenied, signing, endpoints and credentials from a profile.

#![allow(clippy::unwrap_used)] // test helpers panic on failure, like the tests

use std::collections::BTreeSet;

use awsso::admin::{self, AssignmentQuery, PrincipalType, TargetSpec};
use awsso_emulator::{
    AdminFault, AdminOp, Config, Directory, SAMPLE_ACCESS_KEY_ID, SAMPLE_IDENTITY_STORE_ID,
    SAMPLE_INSTANCE_ARN,
};
use futures_util::StreamExt;

use crate::support::{TestEnv, texts};

const HEADER: &str = "instance_arn,principal_type,principal_id,principal_name,permission_set_arn,permission_set_name,target_type,target_id,target_name";
const SECRET: &str = "emulator-secret-key";

type Row = [String; 9];

fn env_with(dir: Directory) -> TestEnv {
    let config = Config {
        admin: Some(dir),
        ..Config::default()
    };
    let mut env = TestEnv::with(config);
    env.set_env("AWS_ACCESS_KEY_ID", SAMPLE_ACCESS_KEY_ID);
    env.set_env("AWS_SECRET_ACCESS_KEY", SECRET);
    env.set_env("AWS_REGION", "eu-west-1");
    let url = env.emu.url();
    env.set_env("AWS_ENDPOINT_URL", &url);
    env
}

fn sample() -> Directory {
    Directory::sample()
}

/// `awsso assignments`, unpaced unless `args` set `--rate` (the emulator does not throttle by
/// default; pacing at the default 18 requests/s would only slow the suite down).
fn assignments(env: &TestEnv, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = env.cmd();
    cmd.arg("assignments").args(args);
    if !args.contains(&"--rate") {
        cmd.args(["--rate", "1000"]);
    }
    cmd
}

/// Runs `awsso assignments ARGS`, expects success; returns the CSV rows (sorted) and stderr.
fn run(env: &TestEnv, args: &[&str]) -> (Vec<Row>, String) {
    let out = assignments(env, args).output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.starts_with(&format!("{HEADER}\n")),
        "aws-sso-util's header first: {stdout}"
    );
    (parse_csv(&stdout), stderr)
}

fn parse_csv(text: &str) -> Vec<Row> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut rows: Vec<Row> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            assert_eq!(r.len(), 9, "{r:?}");
            std::array::from_fn(|i| r[i].to_owned())
        })
        .collect();
    rows.sort();
    rows
}

/// The expected rows of `dir` kept by `keep`.
fn expected(dir: &Directory, keep: impl Fn(&Row) -> bool) -> Vec<Row> {
    dir.expected_rows()
        .into_iter()
        .filter(|r| keep(r))
        .collect()
}

/// Rows without the names that were not looked up.
fn without_names(rows: Vec<Row>, principal: bool, permission_set: bool, target: bool) -> Vec<Row> {
    rows.into_iter()
        .map(|mut r| {
            if principal {
                r[3].clear();
            }
            if permission_set {
                r[5].clear();
            }
            if target {
                r[8].clear();
            }
            r
        })
        .collect()
}

fn ps_arn(dir: &Directory, name: &str) -> String {
    dir.permission_sets
        .iter()
        .find(|p| p.name == name)
        .unwrap()
        .arn
        .clone()
}

#[test]
fn csv_lists_every_assignment_with_names_and_signed_requests() {
    let dir = sample();
    let env = env_with(dir.clone());
    let (rows, stderr) = run(&env, &[]);
    assert_eq!(stderr, "", "nothing on stderr off a terminal");
    let want = dir.expected_rows();
    assert_eq!(rows, want);
    assert!(
        want.len() > 100,
        "the sample is not trivial: {}",
        want.len()
    );
    // The deleted user keeps its assignments, without a name.
    assert!(
        rows.iter()
            .any(|r| r[2].ends_with("000000000099") && r[3].is_empty())
    );
    // Pagination at 3 items per page: 40 accounts are 14 pages.
    assert_eq!(env.emu.admin_calls(AdminOp::ListAccounts), 14);
    assert_eq!(env.emu.admin_calls(AdminOp::ListInstances), 1);
    assert!(
        env.emu
            .admin_calls(AdminOp::ListPermissionSetsProvisionedToAccount)
            >= 40
    );
    // Each name is looked up once.
    assert_eq!(env.emu.admin_calls(AdminOp::DescribePermissionSet), 5);
    assert_eq!(env.emu.admin_calls(AdminOp::DescribeUser), 4);
    assert_eq!(env.emu.admin_calls(AdminOp::DescribeGroup), 3);
    assert_eq!(env.emu.admin_calls(AdminOp::DescribeAccount), 0);
    assert_eq!(env.emu.admin_calls(AdminOp::ListChildren), 0);
    assert_eq!(
        env.emu.admin_unsigned_calls(),
        0,
        "every request was signed"
    );
}

#[test]
fn csv_fields_are_quoted() {
    let env = env_with(sample());
    let out = assignments(&env, &["--account", "^Data"]).output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains(",\"Data, \"\"Lake\"\"\"\n"), "{stdout}");
    assert!(stdout.contains(",\"Auditors, \"\"Inc\"\"\",") || !stdout.contains("Auditors"));
}

#[test]
fn ou_without_and_with_recursion() {
    let dir = sample();
    let env = env_with(dir.clone());
    let in_ou = |recursive: bool| {
        let ids: BTreeSet<String> = dir
            .accounts_under("ou-a1b2-prod0001", recursive)
            .iter()
            .map(|a| a.id.clone())
            .collect();
        expected(&dir, |r| ids.contains(&r[7]))
    };
    let (rows, _) = run(&env, &["--ou", "ou-a1b2-prod0001"]);
    assert_eq!(rows, in_ou(false));
    let (deep, _) = run(&env, &["--ou", "ou-a1b2-prod0001", "--ou-recursive"]);
    assert_eq!(deep, in_ou(true));
    assert!(deep.len() > rows.len());
    assert_eq!(env.emu.admin_calls(AdminOp::ListAccounts), 0);
    assert!(
        env.emu
            .admin_calls(AdminOp::ListOrganizationalUnitsForParent)
            >= 3
    );
    // The root recursively is the whole organization.
    let (all, _) = run(&env, &["--ou", "r-a1b2", "--ou-recursive"]);
    assert_eq!(all, dir.expected_rows());
}

#[test]
fn principal_filters_match_ids_and_name_regexes() {
    let dir = sample();
    let env = env_with(dir.clone());
    let (rows, _) = run(&env, &["--group", "^Admins$"]);
    assert_eq!(
        rows,
        expected(&dir, |r| r[1] == "GROUP" && r[3] == "Admins")
    );
    let (rows, _) = run(&env, &["--user", "^alice@", "--user", "bob"]);
    assert_eq!(
        rows,
        expected(&dir, |r| r[1] == "USER"
            && (r[3].starts_with("alice@") || r[3].contains("bob")))
    );
    // An exact id, also for a user that no longer exists.
    let carol = dir
        .principals
        .iter()
        .find(|p| p.name.starts_with("carol"))
        .unwrap();
    let deleted = "90670123ab-1111-2222-3333-000000000099";
    let (rows, _) = run(&env, &["--user", &carol.id, "--user", deleted]);
    assert_eq!(
        rows,
        expected(&dir, |r| r[2] == carol.id || r[2] == deleted)
    );
    assert!(rows.iter().any(|r| r[2] == deleted));
}

#[test]
fn permission_set_filters_by_name_or_by_id() {
    let dir = sample();
    let env = env_with(dir.clone());
    let (rows, _) = run(&env, &["--permission-set", "^Read"]);
    assert_eq!(rows, expected(&dir, |r| r[5] == "ReadOnlyAccess"));
    let before = env
        .emu
        .admin_calls(AdminOp::ListPermissionSetsProvisionedToAccount);
    let billing = ps_arn(&dir, "Billing");
    let id = billing.rsplit('/').next().unwrap();
    let (rows, _) = run(&env, &["--permission-set", id]);
    assert_eq!(rows, expected(&dir, |r| r[4] == billing));
    assert_eq!(
        env.emu
            .admin_calls(AdminOp::ListPermissionSetsProvisionedToAccount),
        before,
        "given permission sets are not listed per account"
    );
    let (rows, _) = run(&env, &["--permission-set", &billing]);
    assert_eq!(rows, expected(&dir, |r| r[4] == billing));
}

#[test]
fn account_filters_by_id_or_name() {
    let dir = sample();
    let env = env_with(dir.clone());
    let (rows, _) = run(&env, &["--account", "^acct-0[0-3]$"]);
    assert_eq!(
        rows,
        expected(&dir, |r| ["acct-00", "acct-01", "acct-02", "acct-03"]
            .contains(&r[8].as_str()))
    );
    let a = &dir.accounts[5];
    let b = &dir.accounts[13];
    let (rows, _) = run(&env, &["--account", &a.id, "--account", &b.id]);
    assert_eq!(rows, expected(&dir, |r| r[7] == a.id || r[7] == b.id));
    assert_eq!(
        env.emu.admin_calls(AdminOp::DescribeAccount),
        2,
        "names of given accounts"
    );
    // An OU narrowed by an account name.
    let (rows, _) = run(
        &env,
        &[
            "--ou",
            "ou-a1b2-dev00001",
            "--ou-recursive",
            "--account",
            "acct-1",
        ],
    );
    let ids: BTreeSet<String> = dir
        .accounts_under("ou-a1b2-dev00001", true)
        .iter()
        .map(|a| a.id.clone())
        .collect();
    assert_eq!(
        rows,
        expected(&dir, |r| ids.contains(&r[7]) && r[8].contains("acct-1"))
    );
    assert!(!rows.is_empty());
}

#[test]
fn filters_combine() {
    let dir = sample();
    let env = env_with(dir.clone());
    let (rows, _) = run(
        &env,
        &[
            "--group",
            "Developers",
            "--permission-set",
            "DataScientist",
            "--account",
            "acct-[0-2]",
        ],
    );
    assert_eq!(
        rows,
        expected(&dir, |r| r[3] == "Developers"
            && r[5] == "DataScientist"
            && r[8].starts_with("acct-")
            && r[8][5..].starts_with(['0', '1', '2']))
    );
    assert!(!rows.is_empty());
}

#[test]
fn a_filter_matching_nothing_says_so() {
    let env = env_with(sample());
    let (rows, stderr) = run(&env, &["--group", "Admins", "--user", "^nobody$"]);
    assert!(!rows.is_empty());
    assert_eq!(stderr, "note: --user '^nobody$' matched no assignment\n");
    let (rows, stderr) = run(&env, &["--permission-set", "NoSuchSet"]);
    assert!(rows.is_empty());
    assert!(
        stderr.contains("--permission-set 'NoSuchSet' matched no assignment"),
        "{stderr}"
    );
}

#[test]
fn names_off_makes_no_lookups() {
    let dir = sample();
    let env = env_with(dir.clone());
    let (rows, _) = run(&env, &["--no-lookup-names"]);
    // Account names come with ListAccounts anyway.
    assert_eq!(rows, without_names(dir.expected_rows(), true, true, false));
    for op in [
        AdminOp::DescribeUser,
        AdminOp::DescribeGroup,
        AdminOp::DescribePermissionSet,
        AdminOp::DescribeAccount,
    ] {
        assert_eq!(env.emu.admin_calls(op), 0, "{op:?}");
    }
    let a = &dir.accounts[3];
    let (rows, _) = run(&env, &["--no-lookup-names", "--account", &a.id]);
    assert_eq!(
        rows,
        without_names(expected(&dir, |r| r[7] == a.id), true, true, true)
    );
    assert_eq!(env.emu.admin_calls(AdminOp::DescribeAccount), 0);
}

#[test]
fn every_listing_paginates_at_one_item_per_page() {
    let mut dir = sample();
    dir.page_size = 1;
    let env = env_with(dir.clone());
    let (rows, _) = run(&env, &["--ou", "ou-a1b2-prod0001", "--ou-recursive"]);
    let ids: BTreeSet<String> = dir
        .accounts_under("ou-a1b2-prod0001", true)
        .iter()
        .map(|a| a.id.clone())
        .collect();
    assert_eq!(rows, expected(&dir, |r| ids.contains(&r[7])));
    // One page per assignment (the last page of each pair carries no token).
    assert!(env.emu.admin_calls(AdminOp::ListAccountAssignments) >= rows.len() as u64);
}

#[test]
fn throttling_is_retried_until_complete() {
    let mut dir = sample();
    dir.rate_limit = Some(25.0);
    let env = env_with(dir.clone());
    env.emu
        .inject_admin(AdminOp::ListAccountAssignments, AdminFault::Throttle, 3);
    env.emu
        .inject_admin(AdminOp::ListAccountsForParent, AdminFault::ServerError, 1);
    // Faster than the emulator allows: it answers ThrottlingException, awsso backs off.
    let (rows, stderr) = run(
        &env,
        &[
            "--ou",
            "ou-a1b2-payments",
            "--rate",
            "200",
            "--concurrency",
            "8",
        ],
    );
    let ids: BTreeSet<String> = dir
        .accounts_under("ou-a1b2-payments", false)
        .iter()
        .map(|a| a.id.clone())
        .collect();
    assert_eq!(rows, expected(&dir, |r| ids.contains(&r[7])));
    assert_eq!(stderr, "");
    let pairs = rows
        .iter()
        .map(|r| (&r[7], &r[4]))
        .collect::<BTreeSet<_>>()
        .len() as u64;
    assert!(
        env.emu.admin_calls(AdminOp::ListAccountAssignments) >= pairs + 3,
        "the throttled calls were retried"
    );
}

#[test]
fn access_denied_names_the_call_and_the_permission() {
    let env = env_with(sample());
    env.emu
        .inject_admin(AdminOp::ListAccountAssignments, AdminFault::AccessDenied, 1);
    let out = assignments(&env, &["--account", "acct-01"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(
        stderr.contains("ListAccountAssignments for account"),
        "{stderr}"
    );
    assert!(
        stderr.contains("lack sso:ListAccountAssignments"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: grant sso:ListAccountAssignments"),
        "{stderr}"
    );

    env.emu
        .inject_admin(AdminOp::ListAccounts, AdminFault::AccessDenied, 1);
    let out = assignments(&env, &[]).output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(
        stderr.contains("lack organizations:ListAccounts"),
        "{stderr}"
    );
    assert_eq!(
        stdout, "",
        "no header and no partial rows before the failure"
    );
}

#[test]
fn requests_signed_with_other_keys_are_refused() {
    let mut env = env_with(sample());
    env.set_env("AWS_ACCESS_KEY_ID", "AKIAWRONGWRONGWRONG1");
    let out = assignments(&env, &[]).output().unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(stderr.contains("UnrecognizedClientException"), "{stderr}");
    assert!(env.emu.admin_unsigned_calls() >= 1);
}

#[test]
fn per_service_endpoints_and_profile_credentials() {
    let dir = sample();
    let config = Config {
        admin: Some(dir.clone()),
        ..Config::default()
    };
    let mut env = TestEnv::with(config);
    let url = env.emu.url();
    for var in [
        "AWS_ENDPOINT_URL_SSO_ADMIN",
        "AWS_ENDPOINT_URL_IDENTITYSTORE",
        "AWS_ENDPOINT_URL_ORGANIZATIONS",
    ] {
        env.set_env(var, &url);
    }
    std::fs::write(
        env.aws_dir().join("credentials"),
        format!("[org-admin]\naws_access_key_id = {SAMPLE_ACCESS_KEY_ID}\naws_secret_access_key = {SECRET}\n"),
    )
    .unwrap();
    std::fs::write(
        env.config_path(),
        "[profile org-admin]\nregion = eu-west-1\n",
    )
    .unwrap();
    let (rows, _) = run(&env, &["--profile", "org-admin", "--group", "Developers"]);
    assert_eq!(rows, expected(&dir, |r| r[3] == "Developers"));
    // AWS_PROFILE is the default profile; AWS_CA_BUNDLE (a valid bundle: any other is an
    // error) switches to awsso's own HTTP client, which still speaks plain HTTP to a
    // plain-HTTP endpoint.
    env.set_env("AWS_PROFILE", "org-admin");
    let tls = awsso_emulator::Emulator::start_tls(awsso_emulator::Config::default());
    tls.allow_unused();
    let bundle = tls.ca_file().unwrap();
    env.set_env("AWS_CA_BUNDLE", &bundle.display().to_string());
    let (rows, _) = run(&env, &["--group", "Developers"]);
    assert_eq!(rows, expected(&dir, |r| r[3] == "Developers"));
}

#[test]
fn json_and_table_outputs() {
    let dir = sample();
    let env = env_with(dir.clone());
    let out = assignments(&env, &["--account", "acct-00", "--output", "json"])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let want = expected(&dir, |r| r[8] == "acct-00");
    let items = json.as_array().unwrap();
    assert_eq!(items.len(), want.len());
    let deleted = items
        .iter()
        .find(|i| i["principal_id"].as_str().unwrap().ends_with("99"))
        .unwrap();
    assert_eq!(deleted["principal_name"], serde_json::Value::Null);
    assert_eq!(deleted["target_type"], "AWS_ACCOUNT");
    assert_eq!(deleted["instance_arn"], SAMPLE_INSTANCE_ARN);

    let out = assignments(&env, &["--account", "acct-00", "--output", "table"])
        .output()
        .unwrap();
    let (stdout, _) = texts(&out);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("PRINCIPAL_TYPE"), "{stdout}");
    assert_eq!(lines.len(), want.len() + 1);
    assert!(stdout.contains("Admins"));
}

#[test]
fn bad_input_is_a_clear_error() {
    let env = env_with(sample());
    env.emu.allow_unused();
    for (args, needle) in [
        (&["--ou", "prod"][..], "neither an account id"),
        (&["--ou", "123456789012"][..], "use --account 123456789012"),
        (&["--user", "a(b"][..], "nor a valid regular expression"),
    ] {
        let out = assignments(&env, args).output().unwrap();
        let (stdout, stderr) = texts(&out);
        assert!(!out.status.success(), "{args:?}");
        assert_eq!(stdout, "");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
    let mut env = env_with(sample());
    env.emu.allow_unused();
    env.set_env("AWS_REGION", "");
    std::fs::write(env.config_path(), "").unwrap();
    let out = assignments(&env, &[]).output().unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("no AWS region"), "{stderr}");
}

#[test]
fn no_instance_and_no_credentials_are_clear_errors() {
    let mut dir = sample();
    dir.instance_arn = String::new();
    let env = env_with(dir);
    let out = assignments(&env, &[]).output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("no IAM Identity Center instance is visible in region eu-west-1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: use the region Identity Center is enabled in"),
        "{stderr}"
    );

    // No credentials anywhere (and no instance metadata service to ask).
    let config = Config {
        admin: Some(sample()),
        ..Config::default()
    };
    let mut env = TestEnv::with(config);
    env.emu.allow_unused();
    env.set_env("AWS_REGION", "eu-west-1");
    env.set_env("AWS_EC2_METADATA_DISABLED", "true");
    let url = env.emu.url();
    env.set_env("AWS_ENDPOINT_URL", &url);
    let out = assignments(&env, &[]).output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("credentials were refused or could not be loaded"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: check the credentials"), "{stderr}");
    assert_eq!(
        env.emu.admin_calls(AdminOp::ListInstances),
        0,
        "nothing unsigned was sent"
    );
}

#[test]
fn a_given_instance_and_identity_store_skip_list_instances() {
    let dir = sample();
    let env = env_with(dir.clone());
    let (rows, _) = run(
        &env,
        &[
            "--ins",
            SAMPLE_INSTANCE_ARN,
            "--identity-store-id",
            SAMPLE_IDENTITY_STORE_ID,
            "--user",
            "bob",
        ],
    );
    assert_eq!(rows, expected(&dir, |r| r[3].contains("bob")));
    assert_eq!(env.emu.admin_calls(AdminOp::ListInstances), 0);
    // Without the identity store, names need ListInstances to find it.
    let (rows, _) = run(
        &env,
        &["--instance-arn", SAMPLE_INSTANCE_ARN, "--user", "bob"],
    );
    assert_eq!(rows, expected(&dir, |r| r[3].contains("bob")));
    assert_eq!(env.emu.admin_calls(AdminOp::ListInstances), 1);
    // An instance that does not exist is the service's error.
    let out = assignments(
        &env,
        &[
            "--instance-arn",
            "arn:aws:sso:::instance/ssoins-0000000000000000",
            "--no-lookup-names",
        ],
    )
    .output()
    .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(stderr.contains("ssoins-0000000000000000"), "{stderr}");
}

#[test]
fn a_duplicated_assignment_is_listed_once() {
    let mut dir = sample();
    let first = dir.assignments[0].clone();
    dir.assignments.push(first);
    let env = env_with(dir.clone());
    let (rows, _) = run(&env, &["--account", &dir.assignments[0].account_id]);
    let mut unique = rows.clone();
    unique.dedup();
    assert_eq!(rows, unique);
    assert_eq!(
        rows,
        expected(&dir, |r| r[7] == dir.assignments[0].account_id)
    );
}

/// The library yields the same rows as the binary prints.
#[test]
fn library_yields_the_same_rows_as_the_binary() {
    let dir = sample();
    let env = env_with(dir.clone());
    let (cli_rows, _) = run(
        &env,
        &[
            "--ou",
            "ou-a1b2-dev00001",
            "--ou-recursive",
            "--user",
            "carol",
            "--group",
            "Dev",
        ],
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let config = sdk_config(&env.emu.url());
    let unpaced = admin::Pacing::default().rate(Some(1000.0));
    let query = AssignmentQuery::default()
        .pacing(unpaced.clone())
        .target(TargetSpec::parse("ou-a1b2-dev00001").unwrap())
        .ou_recursive(true)
        .principal_filter(|kind, _id, name| match kind {
            PrincipalType::User => name.is_some_and(|n| n.contains("carol")),
            PrincipalType::Group => name.is_some_and(|n| n.contains("Dev")),
        })
        .names(true);
    let lib_rows = collect(&runtime, &config, query);
    assert_eq!(lib_rows, cli_rows);
    assert!(!lib_rows.is_empty());

    // Given principals, ids and ARNs, without lookups.
    let alice = dir
        .principals
        .iter()
        .find(|p| p.name.starts_with("alice"))
        .unwrap();
    let query = AssignmentQuery::default()
        .names(false)
        .pacing(unpaced)
        .instance_arn(SAMPLE_INSTANCE_ARN)
        .identity_store_id(SAMPLE_IDENTITY_STORE_ID)
        .principal((PrincipalType::User, alice.id.as_str()))
        .permission_set(ps_arn(&dir, "Billing").rsplit('/').next().unwrap());
    let rows = collect(&runtime, &config, query);
    assert_eq!(
        rows,
        without_names(expected(&dir, |r| r[2] == alice.id), true, true, false)
    );
}

fn sdk_config(url: &str) -> aws_config::SdkConfig {
    use aws_sdk_ssoadmin::config::{Credentials, SharedCredentialsProvider};
    aws_config::SdkConfig::builder()
        .behavior_version(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("eu-west-1"))
        .endpoint_url(url)
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            SAMPLE_ACCESS_KEY_ID,
            SECRET,
            None,
            None,
            "test",
        )))
        .build()
}

fn collect(
    runtime: &tokio::runtime::Runtime,
    config: &aws_config::SdkConfig,
    query: AssignmentQuery,
) -> Vec<Row> {
    let rows: Vec<admin::Assignment> = runtime.block_on(async {
        let stream = admin::list_assignments(config, query);
        let rows: Vec<_> = stream.collect().await;
        rows.into_iter().map(Result::unwrap).collect()
    });
    let mut rows: Vec<Row> = rows.iter().map(|a| a.values().map(str::to_owned)).collect();
    rows.sort();
    rows
}

/// Against a real moto server (`moto_server` on PATH; `.ci/run` installs `moto[server]`),
/// filled by `tests/moto/populate.py`: an admin API that is not this project's.
mod moto {
    use std::net::{TcpListener, TcpStream};
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, Instant};

    use super::*;

    /// The moto server, killed on drop.
    struct Moto {
        child: Child,
        url: String,
    }

    impl Drop for Moto {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    fn start() -> Moto {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new("moto_server")
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto_server starts");
        let moto = Moto {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "moto_server did not listen in 30 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        moto
    }

    fn populate(url: &str) -> serde_json::Value {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/moto/populate.py");
        let out = Command::new("python3")
            .args([script, url])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    awsso_test_tools::moto_test! {
            fn against_moto_every_filter_and_the_library_give_the_same_rows() {
                let moto = start();
                let data = populate(&moto.url);
                let all: Vec<Row> = serde_json::from_value(data["rows"].clone()).unwrap();
                let parent = |account: &str| {
                    data["accounts"][account]["parent"]
                        .as_str()
                        .unwrap()
                        .to_owned()
                };
                let ou = |key: &str| data[key].as_str().unwrap().to_owned();

                let config = Config::default();
                let mut env = TestEnv::with(config);
                env.emu.allow_unused();
                env.set_env("AWS_ACCESS_KEY_ID", "testing");
                env.set_env("AWS_SECRET_ACCESS_KEY", "testing");
                env.set_env("AWS_REGION", "us-east-1");
                env.set_env("AWS_EC2_METADATA_DISABLED", "true");
                env.set_env("AWS_ENDPOINT_URL", &moto.url);

                let (rows, stderr) = run(&env, &[]);
                assert_eq!(rows, all, "{stderr}");
                assert!(rows.iter().any(|r| r[3].is_empty()), "the deleted user");

                let prod = ou("prod");
                let prod_eu = ou("prod_eu");
                let (rows, _) = run(&env, &["--ou", &prod]);
                let want: Vec<Row> = all
                    .iter()
                    .filter(|r| parent(&r[7]) == prod)
                    .cloned()
                    .collect();
                assert_eq!(rows, want);
                let (rows, _) = run(&env, &["--ou", &prod, "--ou-recursive"]);
                let want: Vec<Row> = all
                    .iter()
                    .filter(|r| [&prod, &prod_eu].contains(&&parent(&r[7])))
                    .cloned()
                    .collect();
                assert_eq!(rows, want);

                let (rows, _) = run(
                    &env,
                    &["--group", "^Auditors", "--permission-set", "ReadOnly"],
                );
                let want: Vec<Row> = all
                    .iter()
                    .filter(|r| r[3].starts_with("Auditors") && r[5] == "ReadOnlyAccess")
                    .cloned()
                    .collect();
                assert_eq!(rows, want);
                assert!(!rows.is_empty());

                let (rows, _) = run(&env, &["--user", "alice", "--account", "acct-[0-2]"]);
                let want: Vec<Row> = all
                    .iter()
                    .filter(|r| {
                        r[3].starts_with("alice")
                            && r[8].starts_with("acct-")
                            && r[8][5..].starts_with(['0', '1', '2'])
                    })
                    .cloned()
                    .collect();
                assert_eq!(rows, want);

                let account = all[0][7].clone();
                let (rows, _) = run(&env, &["--account", &account, "--no-lookup-names"]);
                let want = without_names(
                    all.iter().filter(|r| r[7] == account).cloned().collect(),
                    true,
                    true,
                    true,
                );
                assert_eq!(rows, want);

                // The library, unfiltered with names: the same rows.
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                use aws_sdk_ssoadmin::config::{Credentials, SharedCredentialsProvider};
                let sdk = aws_config::SdkConfig::builder()
                    .behavior_version(aws_config::BehaviorVersion::latest())
                    .region(aws_config::Region::new("us-east-1"))
                    .endpoint_url(&moto.url)
                    .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
                        "testing", "testing", None, None, "test",
                    )))
                    .build();
                let query = AssignmentQuery::default()
                    .names(true)
                    .pacing(admin::Pacing::default().rate(Some(1000.0)));
                assert_eq!(collect(&runtime, &sdk, query), all);
            }
    }
}
