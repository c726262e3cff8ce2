//! `awsso credential-process`: output format, caching, single flight, refresh, errors.

use std::fs;
use std::time::Duration;

use awsso_emulator::{Config, Emulator, Fault, Op};

use crate::support::{TestEnv, texts};

fn cp_args(env: &TestEnv) -> Vec<String> {
    vec![
        "credential-process".into(),
        "--sso-session".into(),
        "corp".into(),
        "--account-id".into(),
        env.account().into(),
        "--role-name".into(),
        env.role().into(),
    ]
}

/// Parses the payload the way the SDKs do and checks every field.
fn parse_payload(stdout: &str) -> serde_json::Value {
    let v: serde_json::Value =
        serde_json::from_str(stdout.trim_end()).expect("stdout is one JSON object");
    assert_eq!(v["Version"], 1);
    for f in ["AccessKeyId", "SecretAccessKey", "SessionToken"] {
        assert!(v[f].as_str().is_some_and(|s| !s.is_empty()), "{f}: {v}");
    }
    let exp = v["Expiration"].as_str().expect("Expiration");
    let parsed = time::OffsetDateTime::parse(exp, &time::format_description::well_known::Rfc3339)
        .expect("RFC 3339");
    assert!(exp.ends_with('Z'));
    assert!(parsed > time::OffsetDateTime::now_utc());
    let account = v["AccountId"].as_str().expect("AccountId");
    assert!(
        account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()),
        "{v}"
    );
    assert_eq!(
        v.as_object().unwrap().len(),
        6,
        "nothing else in the payload: {v}"
    );
    v
}

#[test]
fn cold_then_warm_uses_the_cache() {
    let env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    let out = env.cmd().args(cp_args(&env)).output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stderr, "", "nothing on stderr by default");
    let first = parse_payload(&stdout);
    assert_eq!(env.emu.calls(Op::GetRoleCredentials), 1);

    let out = env.cmd().args(cp_args(&env)).output().unwrap();
    let second = parse_payload(&texts(&out).0);
    assert_eq!(first, second);
    assert_eq!(
        env.emu.calls(Op::GetRoleCredentials),
        1,
        "served from the role cache"
    );
}

#[test]
fn warm_cache_makes_no_call_and_starts_no_runtime() {
    let mut env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    env.cmd().args(cp_args(&env)).assert().success();
    // Point every endpoint at a second emulator that fails the test if it is ever called.
    let idle = Emulator::start(Config::default());
    idle.expect_no_calls();
    env.set_env("AWS_ENDPOINT_URL_SSO", &idle.url());
    env.set_env("AWS_ENDPOINT_URL_SSO_OIDC", &idle.url());
    let out = env.cmd().args(cp_args(&env)).arg("-vv").output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    parse_payload(&stdout);
    assert!(stderr.contains("role credentials from cache"), "{stderr}");
    assert!(!stderr.contains("starting the async runtime"), "{stderr}");
}

#[test]
fn profile_selection_and_role_arn_override() {
    let env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    let other_role = env.accounts[1].roles[1].clone();
    let arn = format!("arn:aws:iam::{}:role/{other_role}", env.accounts[1].id);
    let out = env
        .cmd()
        .args(["credential-process", "--profile", "dev", "--role-arn", &arn])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", texts(&out).1);
    parse_payload(&texts(&out).0);
    assert_eq!(env.emu.calls(Op::GetRoleCredentials), 1);
}

#[test]
fn parallel_cold_calls_make_one_fetch() {
    let env = TestEnv::with(Config {
        latency: Duration::from_millis(150),
        ..Config::default()
    });
    env.seed_token("corp", true, 8 * 3600);
    let children: Vec<_> = (0..16)
        .map(|_| {
            env.std_cmd()
                .args(cp_args(&env))
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let mut keys = std::collections::HashSet::new();
    for out in &outputs {
        assert!(out.status.success(), "{}", texts(out).1);
        keys.insert(parse_payload(&texts(out).0)["AccessKeyId"].clone());
    }
    assert_eq!(keys.len(), 1, "every caller got the same credentials");
    assert_eq!(env.emu.calls(Op::GetRoleCredentials), 1);
}

#[test]
fn a_token_inside_the_refresh_window_is_refreshed_first() {
    let env = TestEnv::new();
    let issued = env.seed_token("corp", true, 120);
    let out = env.cmd().args(cp_args(&env)).output().unwrap();
    assert!(out.status.success(), "{}", texts(&out).1);
    parse_payload(&texts(&out).0);
    assert_eq!(env.emu.calls(Op::CreateToken), 1);
    let token = env.read_token("corp");
    assert_ne!(token["accessToken"], issued.access_token.as_str());
    assert!(token["refreshToken"].is_string());
}

#[test]
fn a_401_triggers_one_refresh_then_succeeds() {
    let env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    env.emu.expire_access_tokens();
    let out = env.cmd().args(cp_args(&env)).output().unwrap();
    assert!(out.status.success(), "{}", texts(&out).1);
    parse_payload(&texts(&out).0);
    assert_eq!(env.emu.calls(Op::GetRoleCredentials), 2);
    assert_eq!(env.emu.calls(Op::CreateToken), 1);
}

#[test]
fn a_401_without_refresh_token_names_the_login_command() {
    let env = TestEnv::new();
    env.seed_token("corp", false, 8 * 3600);
    env.emu
        .inject(Op::GetRoleCredentials, Fault::Unauthorized, 5);
    let out = env.cmd().args(cp_args(&env)).output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("awsso login --sso-session corp"),
        "{stderr}"
    );
}

#[test]
fn an_expired_token_gives_the_login_hint() {
    let env = TestEnv::new();
    env.seed_token("corp", false, -60);
    let out = env
        .cmd()
        .args(["credential-process", "--profile", "dev"])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.contains("cannot be refreshed"), "{stderr}");
    assert!(
        stderr.contains("hint: run `awsso login --profile dev`"),
        "{stderr}"
    );
    env.emu.allow_unused();
}

#[test]
fn corrupt_token_caches_are_named_with_the_fix() {
    let env = TestEnv::new();
    env.emu.allow_unused();
    let cases = [
        (r#"{"accessToken": "x"}"#, "missing field 'expiresAt'"),
        ("this is not json", "invalid JSON"),
        (
            r#"{"accessToken": "x", "expiresAt": "2030-01"#,
            "truncated JSON",
        ),
    ];
    for (text, problem) in cases {
        env.write_raw_token("corp", text);
        let out = env.cmd().args(cp_args(&env)).output().unwrap();
        let (stdout, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(3), "{stderr}");
        assert_eq!(stdout, "");
        assert!(stderr.contains(problem), "{problem}: {stderr}");
        assert!(
            stderr.contains(&env.token_path("corp").display().to_string()),
            "{stderr}"
        );
        assert!(
            stderr.contains("awsso login --sso-session corp --force"),
            "{stderr}"
        );
    }
}

#[test]
fn login_flag_logs_in_once_for_parallel_callers() {
    let mut env = TestEnv::new();
    env.set_env("AWS_SSO_DISABLE_BROWSER", "1");
    let children: Vec<_> = (0..8)
        .map(|_| {
            env.std_cmd()
                .args(cp_args(&env))
                .arg("--login")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", texts(&out).1);
        parse_payload(&texts(&out).0);
    }
    assert_eq!(env.emu.calls(Op::StartDeviceAuthorization), 1, "one login");
    assert_eq!(env.emu.calls(Op::GetRoleCredentials), 1, "one fetch");
}

#[test]
fn secrets_never_reach_stderr_even_at_trace_level() {
    let mut env = TestEnv::new();
    env.set_env("AWSSO_LOG", "trace");
    let issued = env.seed_token("corp", true, 120);
    env.emu.expire_access_tokens();
    let out = env.cmd().args(cp_args(&env)).arg("-vv").output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("trace:"), "trace logging is on: {stderr}");
    let payload = parse_payload(&stdout);
    let token = env.read_token("corp");
    let mut secrets = vec![
        issued.access_token.clone(),
        issued.client_secret.clone(),
        payload["SecretAccessKey"].as_str().unwrap().to_owned(),
        payload["SessionToken"].as_str().unwrap().to_owned(),
        token["accessToken"].as_str().unwrap().to_owned(),
        token["refreshToken"].as_str().unwrap().to_owned(),
    ];
    secrets.extend(issued.refresh_token.clone());
    for s in secrets {
        assert!(!stderr.contains(&s), "secret leaked into stderr");
    }
}

#[test]
fn configuration_errors_name_file_line_and_fix() {
    let env = TestEnv::new();
    env.emu.allow_unused();
    let out = env
        .cmd()
        .args(["credential-process", "--profile", "nope"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("profile 'nope' not found"), "{stderr}");
    assert!(
        stderr.contains(&env.config_path().display().to_string()),
        "{stderr}"
    );

    env.write_config(&format!(
        "{}\n[profile mixed]\nsso_session = corp\nsso_start_url = https://other.awsapps.com/start\nsso_account_id = 1\n",
        env.standard_config()
    ));
    let out = env
        .cmd()
        .args(["credential-process", "--profile", "mixed"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("sso_start_url"), "{stderr}");
    assert!(
        stderr.contains(&format!("{}:", env.config_path().display())),
        "file:line: {stderr}"
    );

    env.write_config("[profile dangling]\nsso_session = missing\n");
    let out = env
        .cmd()
        .args(["credential-process", "--profile", "dangling"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(
        stderr.contains("no [sso-session missing] section"),
        "{stderr}"
    );
    assert!(stderr.contains("hint:"), "{stderr}");
}

#[test]
fn parallel_callers_share_one_refresh() {
    // The emulator's refresh tokens are single-use, so a second concurrent refresh would fail.
    let env = TestEnv::with(Config {
        latency: Duration::from_millis(100),
        ..Config::default()
    });
    env.seed_token("corp", true, 120);
    let roles: Vec<(String, String)> = env
        .accounts
        .iter()
        .flat_map(|a| a.roles.iter().map(|r| (a.id.clone(), r.clone())))
        .collect();
    let children: Vec<_> = roles
        .iter()
        .map(|(account, role)| {
            env.std_cmd()
                .args([
                    "credential-process",
                    "--sso-session",
                    "corp",
                    "--account-id",
                    account,
                    "--role-name",
                    role,
                ])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", texts(&out).1);
        parse_payload(&texts(&out).0);
    }
    assert_eq!(
        env.emu.calls(Op::CreateToken),
        1,
        "one refresh for all callers"
    );
    assert_eq!(env.emu.calls(Op::GetRoleCredentials), roles.len() as u64);
}

#[test]
fn the_global_endpoint_variable_reaches_both_services() {
    let mut env = TestEnv::new();
    env.seed_token("corp", true, 120);
    env.set_env("AWS_ENDPOINT_URL_SSO", "");
    env.set_env("AWS_ENDPOINT_URL_SSO_OIDC", "");
    env.set_env("AWS_ENDPOINT_URL", &env.emu.url());
    let out = env.cmd().args(cp_args(&env)).output().unwrap();
    assert!(out.status.success(), "{}", texts(&out).1);
    parse_payload(&texts(&out).0);
    assert_eq!(
        env.emu.calls(Op::CreateToken),
        1,
        "OIDC refresh went to AWS_ENDPOINT_URL"
    );
    assert_eq!(
        env.emu.calls(Op::GetRoleCredentials),
        1,
        "portal call went to AWS_ENDPOINT_URL"
    );
}

/// An `AWS_CA_BUNDLE` that cannot be used is an error naming the file, before any request:
/// never a panic (the HTTP client's on a certificate it cannot load), never a hang (a FIFO),
/// never a silent fall-back to the system's roots.
#[test]
fn an_unusable_ca_bundle_is_an_error_naming_it() {
    let env = TestEnv::new();
    env.emu.expect_no_calls();
    let dir = env.home.path().join("bundles");
    fs::create_dir_all(dir.join("a-directory")).unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        fs::write(&path, text).unwrap();
        path
    };
    #[cfg_attr(not(unix), allow(unused_mut))] // the FIFO is unix's
    let mut cases = vec![
        dir.join("missing.pem"),
        dir.join("a-directory"),
        write("empty.pem", ""),
        write("text.pem", "not a certificate at all\n"),
        write(
            "bad-base64.pem",
            "-----BEGIN CERTIFICATE-----\n!!!!not base64!!!!\n-----END CERTIFICATE-----\n",
        ),
        write(
            "bad-der.pem",
            "-----BEGIN CERTIFICATE-----\nAAECAwQFBgcICQoLDA0ODw==\n-----END CERTIFICATE-----\n",
        ),
        write(
            "unterminated.pem",
            "-----BEGIN CERTIFICATE-----\nAAECAwQFBgcICQoLDA0ODw==\n",
        ),
    ];
    #[cfg(unix)]
    {
        let fifo = dir.join("fifo.pem");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        cases.push(fifo);
    }
    for path in cases {
        let mut env_case = TestEnv::new();
        env_case.emu.expect_no_calls();
        env_case.seed_token("corp", true, 8 * 3600);
        env_case.set_env("AWS_CA_BUNDLE", &path.display().to_string());
        let started = std::time::Instant::now();
        let out = env_case.cmd().args(cp_args(&env_case)).output().unwrap();
        let (stdout, stderr) = texts(&out);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{}",
            path.display()
        );
        assert_eq!(out.status.code(), Some(4), "{}: {stderr}", path.display());
        assert!(stdout.is_empty(), "{stdout}");
        assert!(
            stderr.contains(&format!("AWS_CA_BUNDLE={}", path.display())),
            "{}: {stderr}",
            path.display()
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

/// The payload names the role's account (`AccountId`), for the SDKs' account-based endpoints.
#[test]
fn the_payload_names_the_account() {
    let env = TestEnv::new();
    env.seed_token("corp", true, 8 * 3600);
    let out = env.cmd().args(cp_args(&env)).output().unwrap();
    assert!(out.status.success(), "{}", texts(&out).1);
    assert_eq!(parse_payload(&texts(&out).0)["AccountId"], env.account());
}

awsso_test_tools::boto3_test! {
    /// botocore's own credential_process reader takes the account id from the payload.
    fn botocore_reads_the_account_id_from_the_payload() {
        let env = TestEnv::new();
        env.seed_token("corp", true, 8 * 3600);
        let mut config = std::fs::read_to_string(env.config_path()).unwrap();
        config.push_str(&format!(
            "\n[profile via-process]\ncredential_process = \"{}\" credential-process --profile dev\n",
            env.awsso_path()
        ));
        env.write_config(&config);
        let python = awsso_test_tools::PYTHON.unwrap_or("python3");
        let script = "import botocore.session\n\
                      s = botocore.session.Session(profile='via-process')\n\
                      c = s.get_credentials().get_frozen_credentials()\n\
                      print(c.account_id)\n";
        let out = std::process::Command::new(python)
            .args(["-c", script])
            .env_clear()
            .envs(env.env_vars())
            .output()
            .unwrap();
        let (stdout, stderr) = texts(&out);
        assert!(out.status.success(), "{stderr}");
        assert_eq!(stdout.trim(), env.account(), "{stderr}");
    }
}
