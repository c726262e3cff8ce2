//! The library (`awsso::Sso`) in-process against the emulator, sharing files with the binary;
//! the examples as programs; and the token lifecycle bug fixed with the library's layering.

use std::sync::{Arc, Mutex};

use awsso_emulator::{Fault, Op};
use futures_util::TryStreamExt;

use crate::support::{SSO_REGION, START_URL, TestEnv, example, texts};

/// An `Sso` for the test's instance, with the environment the test's `awsso` runs get.
fn sso(t: &TestEnv) -> awsso::Sso {
    awsso::Sso::builder()
        .start_url(START_URL, SSO_REGION)
        .env(t.env_vars())
        .build()
        .unwrap()
}

/// [`sso`] with both caches in memory.
fn memory_sso(t: &TestEnv) -> awsso::Sso {
    sso(t)
        .with_token_cache(awsso::Cache::memory())
        .with_credential_cache(awsso::Cache::memory())
}

/// The binary's `credential-process` for the test's first role, by start URL.
fn binary_credential_process(t: &TestEnv) {
    let out = t
        .cmd()
        .args([
            "credential-process",
            "--start-url",
            START_URL,
            "--sso-region",
            SSO_REGION,
        ])
        .args(["--account-id", t.account(), "--role-name", t.role()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", texts(&out).1);
}

/// A device-flow login whose handler records what it was given.
async fn device_login(sso: &awsso::Sso) -> (awsso::TokenInfo, Vec<awsso::UserAuth>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    let options = awsso::LoginOptions::default()
        .device_code(true)
        .message(None)
        .handler(move |auth: &awsso::UserAuth| record.lock().unwrap().push(auth.clone()));
    let token = sso.login(options).await.unwrap();
    let seen = seen.lock().unwrap().clone();
    (token, seen)
}

#[tokio::test]
async fn device_login_with_a_handler_is_shared_with_the_binary() {
    let t = TestEnv::new();
    let sso = sso(&t);
    let (token, seen) = device_login(&sso).await;
    assert_eq!(seen.len(), 1, "the handler is called once per login");
    let auth = &seen[0];
    assert!(auth.user_code.is_some(), "{auth:?}");
    assert!(auth.verification_uri_complete.is_some(), "{auth:?}");
    assert!(auth.expires_at.is_some(), "{auth:?}");
    assert_eq!(token.start_url, START_URL);
    assert!(token.refreshable);
    assert!(token.expires_at > std::time::SystemTime::now());

    // A second login is a no-op while the token lasts.
    let (_, seen_again) = device_login(&sso).await;
    assert!(seen_again.is_empty());

    // The binary uses the same token file: no second login.
    binary_credential_process(&t);
    assert_eq!(t.emu.calls(Op::StartDeviceAuthorization), 1);
    assert_eq!(t.emu.calls(Op::GetRoleCredentials), 1);
}

#[tokio::test]
async fn sdk_config_signs_sts_calls_as_the_role_and_caches_credentials() {
    let t = TestEnv::new();
    let sso = sso(&t);
    device_login(&sso).await;
    let config = sso
        .sdk_config(t.account(), t.role())
        .region("eu-west-1")
        .load()
        .await
        .unwrap();
    let sts_config = aws_sdk_sts::config::Builder::from(&config)
        .endpoint_url(format!("{}/sts", t.emu.url()))
        .build();
    let sts = aws_sdk_sts::Client::from_conf(sts_config);
    for _ in 0..2 {
        let me = sts.get_caller_identity().send().await.unwrap();
        assert_eq!(
            me.arn(),
            Some(
                format!(
                    "arn:aws:sts::{}:assumed-role/{}/awsso",
                    t.account(),
                    t.role()
                )
                .as_str()
            )
        );
    }
    assert_eq!(
        t.emu.calls(Op::GetRoleCredentials),
        1,
        "fetched once, then cached"
    );
    // The binary serves the library's cached credentials.
    binary_credential_process(&t);
    assert_eq!(t.emu.calls(Op::GetRoleCredentials), 1);
}

#[tokio::test]
async fn accounts_and_roles_stream_from_the_listing() {
    let t = TestEnv::with(awsso_emulator::Config {
        page_size: 2,
        ..awsso_emulator::Config::grid(5, 3)
    });
    let sso = sso(&t);
    device_login(&sso).await;
    let mut accounts: Vec<awsso::Account> =
        sso.list_available_accounts().try_collect().await.unwrap();
    accounts.sort_by(|a, b| a.id.cmp(&b.id));
    let expected: Vec<(String, String)> = t
        .accounts
        .iter()
        .map(|a| (a.id.clone(), a.name.clone()))
        .collect();
    let got: Vec<(String, String)> = accounts
        .iter()
        .map(|a| (a.id.clone(), a.name.clone()))
        .collect();
    assert_eq!(got, expected);
    assert!(accounts.iter().all(|a| a.email.is_some()));

    let mut roles: Vec<awsso::AccountRole> =
        sso.list_available_roles(None).try_collect().await.unwrap();
    roles.sort_by(|a, b| (&a.account_id, &a.role_name).cmp(&(&b.account_id, &b.role_name)));
    assert_eq!(roles.len(), 15);
    assert_eq!(roles[0].account_name, t.accounts[0].name);

    let one = [t.accounts[3].id.as_str()];
    let roles: Vec<awsso::AccountRole> = sso
        .list_available_roles(Some(&one[..]))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(roles.len(), 3);
    assert!(roles.iter().all(|r| r.account_id == one[0]));
}

#[tokio::test]
async fn without_a_token_calls_fail_with_the_instance_and_the_reason() {
    let t = TestEnv::new();
    t.emu.expect_no_calls();
    let sso = sso(&t);
    let err = sso
        .credentials_provider(t.account(), t.role())
        .credentials()
        .await
        .unwrap_err();
    assert!(err.is_login_required(), "{err:?}");
    let awsso::Error::LoginRequired(login) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(login.start_url, START_URL);
    assert_eq!(login.sso_region, SSO_REGION);
    assert_eq!((&login.profile, &login.session_name), (&None, &None));
    assert_eq!(login.reason, awsso::LoginRequiredReason::NoToken);
    // Facts, not the command line's words.
    let text = err.to_string();
    assert!(!text.contains("awsso login"), "{text}");
    assert_eq!(
        text,
        format!("not logged in to {START_URL}: no cached token")
    );
    let listing: Result<Vec<_>, _> = sso.list_available_accounts().try_collect().await;
    assert!(listing.unwrap_err().is_login_required());
    assert_eq!(sso.token_info().await.unwrap(), None);
}

#[tokio::test]
async fn memory_caches_leave_no_file_behind() {
    let t = TestEnv::new();
    let sso = memory_sso(&t);
    device_login(&sso).await;
    let provider = sso.credentials_provider(t.account(), t.role());
    provider.credentials().await.unwrap();
    provider.credentials().await.unwrap();
    assert_eq!(t.emu.calls(Op::GetRoleCredentials), 1);
    assert!(!t.home.path().join(".aws/sso/cache").exists());
    assert!(!t.home.path().join(".aws/awsso/roles").exists());
}

#[tokio::test]
async fn secrets_stay_out_of_debug_output() {
    let t = TestEnv::new();
    let sso = sso(&t);
    device_login(&sso).await;
    let provider = sso.credentials_provider(t.account(), t.role());
    let creds = provider.credentials().await.unwrap();
    for text in [
        format!("{sso:?}"),
        format!("{provider:?}"),
        format!("{creds:?}"),
    ] {
        assert!(!text.contains(creds.secret_access_key()), "{text}");
        assert!(!text.contains(creds.session_token().unwrap()), "{text}");
    }
}

/// The reproduced bug: `credential-process --login` with a token that cannot be refreshed,
/// under 15 minutes left, rejected by the service, retried with the same token and exited 3.
#[test]
fn login_flag_logs_in_when_an_unrefreshable_token_in_the_window_is_rejected() {
    let mut t = TestEnv::new();
    t.seed_token("corp", false, 10 * 60);
    t.emu.inject(Op::GetRoleCredentials, Fault::Unauthorized, 1);
    t.set_env("AWS_SSO_DISABLE_BROWSER", "1");
    let out = t
        .cmd()
        .args(["credential-process", "--sso-session", "corp", "--login"])
        .args(["--account-id", t.account(), "--role-name", t.role()])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(t.emu.calls(Op::StartDeviceAuthorization), 1, "logged in");
    assert_eq!(
        t.emu.calls(Op::GetRoleCredentials),
        2,
        "one 401, one success"
    );
}

#[test]
fn the_examples_log_in_call_sts_and_list_roles() {
    let mut t = TestEnv::new();
    t.set_env("AWS_SSO_DISABLE_BROWSER", "1");
    t.set_env("AWS_ENDPOINT_URL_STS", &format!("{}/sts", t.emu.url()));
    let run = |name: &str, args: &[&str]| {
        let mut cmd = std::process::Command::new(example(name));
        cmd.env_clear().args(args);
        for (k, v) in t.env_vars() {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    };
    let out = run(
        "quickstart",
        &[START_URL, SSO_REGION, t.account(), t.role(), "eu-west-1"],
    );
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        stdout.trim(),
        format!(
            "arn:aws:sts::{}:assumed-role/{}/awsso",
            t.account(),
            t.role()
        )
    );
    assert!(
        stderr.contains("enter the code:"),
        "the default message: {stderr}"
    );

    let out = run("list_roles", &[START_URL, SSO_REGION]);
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert!(
        lines.contains(&format!("{}\t{}\t{}", t.account(), t.accounts[0].name, t.role()).as_str())
    );
    assert_eq!(
        t.emu.calls(Op::StartDeviceAuthorization),
        1,
        "list_roles re-used the login"
    );
}

#[tokio::test]
async fn a_dropped_stream_stops_the_listing() {
    use futures_util::StreamExt;
    let t = TestEnv::with(awsso_emulator::Config {
        page_size: 1,
        ..awsso_emulator::Config::grid(12, 3)
    });
    let sso = sso(&t);
    device_login(&sso).await;
    {
        let mut roles = std::pin::pin!(sso.list_available_roles(None));
        roles.next().await.unwrap().unwrap();
    }
    let after_drop = t.emu.calls(Op::ListAccountRoles);
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let later = t.emu.calls(Op::ListAccountRoles);
    // 36 role pages exist; once the stream is gone at most the requests in flight finish.
    assert!(later <= after_drop + 4, "{after_drop} then {later}");
    assert!(later < 36, "{later}");
}

/// `discover` as a library call: plan → review → write, then a re-plan changes nothing; the
/// user's comment and section stay byte for byte, and the binary can use the profiles.
#[tokio::test]
async fn profiles_are_planned_reviewed_and_written_losslessly() {
    let t = TestEnv::with(awsso_emulator::Config::grid(2, 2));
    let mine = "# my notes\n[profile mine]\nregion = us-east-2 # keep\n";
    t.write_config(mine);
    let sso = sso(&t);
    device_login(&sso).await;
    let roles: Vec<awsso::AccountRole> =
        sso.list_available_roles(None).try_collect().await.unwrap();
    let options = awsso::discover::ProfileOptions::default().region("eu-west-1");
    let mut plan = sso.plan_profiles(&roles, &options).unwrap();
    assert_eq!(plan.count(awsso::discover::ProfileAction::Created), 4);
    assert!(plan.changes_file());
    assert_eq!(plan.old_text(), mine);
    assert_eq!(
        std::fs::read_to_string(t.config_path()).unwrap(),
        mine,
        "planning writes nothing"
    );
    assert!(plan.write().unwrap());
    let written = std::fs::read_to_string(t.config_path()).unwrap();
    assert!(written.starts_with(mine), "{written}");
    assert_eq!(written, plan.new_text());
    for p in plan.profiles() {
        assert!(
            written.contains(&format!("[profile {}]", p.name)),
            "{written}"
        );
    }

    let mut again = sso.plan_profiles(&roles, &options).unwrap();
    assert_eq!(again.count(awsso::discover::ProfileAction::Unchanged), 4);
    assert!(!again.changes_file());
    assert!(!again.write().unwrap());

    // Another program edits the file between plan and write: the write plans again on the
    // current text, and both edits survive.
    let mut stale = sso
        .plan_profiles(&roles, &options.clone().prune(true).region("eu-west-3"))
        .unwrap();
    let edited = format!("{written}\n[profile other]\nregion = ap-south-1\n");
    std::fs::write(t.config_path(), &edited).unwrap();
    assert!(stale.write().unwrap());
    let last = std::fs::read_to_string(t.config_path()).unwrap();
    assert!(
        last.contains("[profile other]\nregion = ap-south-1\n"),
        "{last}"
    );
    assert!(last.contains("region = eu-west-3"), "{last}");
    assert!(last.starts_with(mine), "{last}");

    // The binary takes credentials through a written (native) profile.
    let name = &plan.profiles()[0].name;
    let out = t
        .cmd()
        .args(["credential-process", "--profile", name])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", texts(&out).1);
}

/// A fallback for credential chains: what the next provider would have found.
fn static_credentials() -> aws_credential_types::Credentials {
    aws_credential_types::Credentials::new("AKIDSTATIC", "static-secret", None, None, "static")
}

#[tokio::test]
async fn a_provider_chain_falls_through_to_the_next_provider_when_login_is_required() {
    use aws_config::meta::credentials::CredentialsProviderChain;
    use aws_credential_types::provider::ProvideCredentials;
    use aws_credential_types::provider::error::CredentialsError;

    let t = TestEnv::new();
    t.emu.expect_no_calls();
    let provider = sso(&t).credentials_provider(t.account(), t.role());
    // The kind aws-config's own SSO provider gives, the one chains fall through on.
    let err = provider.provide_credentials().await.unwrap_err();
    assert!(
        matches!(err, CredentialsError::CredentialsNotLoaded(_)),
        "{err:?}"
    );
    let chain = CredentialsProviderChain::first_try("awsso", provider)
        .or_else("static", static_credentials());
    let creds = chain.provide_credentials().await.unwrap();
    assert_eq!(creds.access_key_id(), "AKIDSTATIC");
}

#[tokio::test]
async fn with_login_the_chain_logs_in_and_serves_awsso_credentials() {
    use aws_config::meta::credentials::CredentialsProviderChain;
    use aws_credential_types::provider::ProvideCredentials;

    let t = TestEnv::new();
    let sso = sso(&t).with_login(Some(
        awsso::LoginOptions::default()
            .device_code(true)
            .message(None),
    ));
    let provider = sso.credentials_provider(t.account(), t.role());
    let chain = CredentialsProviderChain::first_try("awsso", provider)
        .or_else("static", static_credentials());
    let creds = chain.provide_credentials().await.unwrap();
    assert_ne!(creds.access_key_id(), "AKIDSTATIC");
    assert_eq!(t.emu.calls(Op::StartDeviceAuthorization), 1, "logged in");
    assert_eq!(t.emu.calls(Op::GetRoleCredentials), 1);
}

#[tokio::test]
async fn sdk_config_login_false_undoes_with_login() {
    let t = TestEnv::new();
    t.emu.expect_no_calls();
    let sso = sso(&t).with_login(Some(awsso::LoginOptions::default().device_code(true)));
    let err = sso
        .sdk_config(t.account(), t.role())
        .login(false)
        .load()
        .await
        .unwrap_err();
    assert!(err.is_login_required(), "{err:?}");
}

#[tokio::test]
async fn a_profile_remembers_its_account_role_and_region() {
    let t = TestEnv::new();
    let sso = awsso::Sso::builder()
        .profile("dev")
        .env(t.env_vars())
        .build()
        .unwrap();
    assert_eq!(sso.session_name(), Some("corp"));
    device_login(&sso).await;
    let config = sso.profile_sdk_config().unwrap().load().await.unwrap();
    assert_eq!(config.region().map(|r| r.as_ref()), Some("eu-west-1"));
    let sts_config = aws_sdk_sts::config::Builder::from(&config)
        .endpoint_url(format!("{}/sts", t.emu.url()))
        .build();
    let me = aws_sdk_sts::Client::from_conf(sts_config)
        .get_caller_identity()
        .send()
        .await
        .unwrap();
    assert_eq!(
        me.arn(),
        Some(
            format!(
                "arn:aws:sts::{}:assumed-role/{}/awsso",
                t.account(),
                t.role()
            )
            .as_str()
        )
    );

    // An instance named without a profile has no account and role of its own.
    let err = self::sso(&t).profile_sdk_config().unwrap_err();
    assert!(matches!(err, awsso::Error::Config(_)), "{err:?}");
}

#[tokio::test]
async fn a_dropped_login_frees_the_token_lock_within_a_second() {
    use std::time::{Duration, Instant};

    // A device login nobody approves: CreateToken answers "pending" for ever.
    let t = TestEnv::with(awsso_emulator::Config {
        device_pending_polls: u32::MAX,
        ..awsso_emulator::Config::default()
    });
    let sso = sso(&t);
    let unapproved = awsso::LoginOptions::default()
        .device_code(true)
        .message(None);
    let login = tokio::time::timeout(Duration::from_millis(500), sso.login(unapproved)).await;
    assert!(login.is_err(), "the login cannot complete: {login:?}");
    let polls_before = t.emu.calls(Op::CreateToken);

    // The next login takes the token lock and completes: its handler approves it at once.
    let started = Instant::now();
    let approving = awsso::LoginOptions::default()
        .device_code(true)
        .message(None)
        .handler(|auth: &awsso::UserAuth| {
            awsso_emulator::browse(auth.url()).unwrap();
        });
    let token = tokio::time::timeout(Duration::from_secs(5), sso.login(approving))
        .await
        .expect("the dropped login still holds the token lock")
        .unwrap();
    let waited = started.elapsed();
    assert!(token.expires_at > std::time::SystemTime::now());
    assert!(waited < Duration::from_millis(1500), "waited {waited:?}");

    // The dropped login polls no more (the emulator's interval is 1 s).
    let polls_after = t.emu.calls(Op::CreateToken);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(t.emu.calls(Op::CreateToken), polls_after);
    assert_eq!(
        polls_after,
        polls_before + 1,
        "one poll by the second login only"
    );
}

#[tokio::test]
async fn logout_revokes_and_deletes_the_token_and_the_role_credentials() {
    let t = TestEnv::new();
    let sso = sso(&t);
    device_login(&sso).await;
    sso.credentials_provider(t.account(), t.role())
        .credentials()
        .await
        .unwrap();
    let roles = t.aws_dir().join("awsso/roles");
    assert!(t.token_path(START_URL).exists());
    assert_eq!(std::fs::read_dir(&roles).unwrap().count(), 1);

    sso.logout().await.unwrap();
    assert_eq!(t.emu.calls(Op::Logout), 1, "revoked");
    assert!(!t.token_path(START_URL).exists());
    assert_eq!(std::fs::read_dir(&roles).unwrap().count(), 0);
    assert_eq!(sso.token_info().await.unwrap(), None);
    // Logging out again is a no-op.
    sso.logout().await.unwrap();
    assert_eq!(t.emu.calls(Op::Logout), 1);
}

#[tokio::test]
async fn logout_empties_memory_caches() {
    let t = TestEnv::new();
    let sso = memory_sso(&t);
    device_login(&sso).await;
    let provider = sso.credentials_provider(t.account(), t.role());
    provider.credentials().await.unwrap();
    sso.logout().await.unwrap();
    assert_eq!(sso.token_info().await.unwrap(), None);
    // The role credentials went too: a fetch needs a login again.
    let err = provider.credentials().await.unwrap_err();
    assert!(err.is_login_required(), "{err:?}");
    assert_eq!(t.emu.calls(Op::GetRoleCredentials), 1);
}

#[tokio::test]
async fn warnings_and_debug_lines_reach_the_event_handler() {
    let t = TestEnv::new();
    let events = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&events);
    let mut vars = t.env_vars();
    // A browser that cannot be started: a warning, and the device login goes on.
    vars.push(("BROWSER".to_owned(), "/nonexistent/browser".to_owned()));
    let sso = awsso::Sso::builder()
        .start_url(START_URL, SSO_REGION)
        .env(vars)
        .on_event(move |e: &awsso::Event| record.lock().unwrap().push(e.clone()))
        .build()
        .unwrap();
    device_login(&sso).await;
    let events = events.lock().unwrap().clone();
    assert!(
        events
            .iter()
            .any(|e| matches!(e, awsso::Event::Warning(w) if w.contains("/nonexistent/browser"))),
        "{events:?}"
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(e, awsso::Event::Debug(d) if d.starts_with("token lifecycle"))),
        "{events:?}"
    );
}
