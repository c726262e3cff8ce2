//! Wire compatibility of the emulator with the real AWS SDK clients (`aws-sdk-ssooidc`,
//! `aws-sdk-sso`): requests they build must be understood, and responses and errors must decode
//! to the right typed values. Also covers the fake browser, the drop-time call assertions and
//! the `awsso-emulator` binary.

// Test code throughout (helpers included): a panic is the failure report.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_sdk_sso::operation::get_role_credentials::GetRoleCredentialsError;
use aws_sdk_sso::operation::list_accounts::ListAccountsError;
use aws_sdk_ssooidc::operation::create_token::{CreateTokenError, CreateTokenOutput};
use aws_sdk_ssooidc::operation::register_client::RegisterClientOutput;
use aws_sdk_ssooidc::operation::start_device_authorization::StartDeviceAuthorizationError;
use awsso_emulator::{Config, Emulator, Fault, Op, browse};

const START_URL: &str = "https://d-1234567890.awsapps.com/start";
const REFRESH_SCOPE: &str = "sso:account:access";
const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// A 64-character verifier and its S256 challenge, computed independently with Python's hashlib.
const VERIFIER: &str = "awsso-emulator-test-verifier-0123456789-abcdefghijklmnopqrstuvwx";
const CHALLENGE: &str = "VKqV1dWIS5s1D_k6mburtNifkyfEuxtNe_lYYXobT8U";

fn oidc(emulator: &Emulator) -> aws_sdk_ssooidc::Client {
    use aws_sdk_ssooidc::config::{BehaviorVersion, Region, retry::RetryConfig};
    let config = aws_sdk_ssooidc::Config::builder()
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(emulator.url())
        .retry_config(RetryConfig::disabled())
        .build();
    aws_sdk_ssooidc::Client::from_conf(config)
}

fn sso(emulator: &Emulator) -> aws_sdk_sso::Client {
    use aws_sdk_sso::config::{BehaviorVersion, Region, retry::RetryConfig};
    let config = aws_sdk_sso::Config::builder()
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(emulator.url())
        .retry_config(RetryConfig::disabled())
        .build();
    aws_sdk_sso::Client::from_conf(config)
}

fn now_epoch_secs() -> i64 {
    i64::try_from(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
    .unwrap()
}

async fn register(
    client: &aws_sdk_ssooidc::Client,
    scopes: &[&str],
    grants: &[&str],
) -> RegisterClientOutput {
    let mut req = client
        .register_client()
        .client_name("awsso-test")
        .client_type("public")
        .issuer_url(START_URL);
    for scope in scopes {
        req = req.scopes(*scope);
    }
    for grant in grants {
        req = req.grant_types(*grant);
    }
    if grants.contains(&"authorization_code") {
        req = req.redirect_uris("http://127.0.0.1/oauth/callback");
    }
    req.send().await.expect("RegisterClient")
}

/// A one-shot loopback "redirect target": answers one GET with 200 and hands back its path.
fn loopback_listener() -> (String, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let redirect_uri = format!(
        "http://127.0.0.1:{}/oauth/callback",
        listener.local_addr().unwrap().port()
    );
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream);
        let mut request_line = String::new();
        reader.read_line(&mut request_line).unwrap();
        let path = request_line.split_whitespace().nth(1).unwrap().to_owned();
        let mut header = String::new();
        while reader.read_line(&mut header).unwrap() > 0 && header.trim_end() != "" {
            header.clear();
        }
        let mut stream = reader.into_inner();
        stream
            .write_all(
                b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\nConnection: close\r\n\r\nlogged in",
            )
            .unwrap();
        tx.send(path).unwrap();
    });
    (redirect_uri, rx)
}

fn query_param(path: &str, name: &str) -> Option<String> {
    let query = path.split_once('?')?.1;
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name).then(|| v.to_owned())
    })
}

/// Runs the browser half of the authorization-code flow; returns the callback path.
async fn authorize_in_browser(
    emulator: &Emulator,
    client_id: &str,
    challenge: &str,
) -> (String, String) {
    let (redirect_uri, paths) = loopback_listener();
    let url = format!(
        "{}/authorize?response_type=code&client_id={client_id}&redirect_uri={}&state=st4te\
         &code_challenge_method=S256&scopes=sso%3Aaccount%3Aaccess&code_challenge={challenge}",
        emulator.url(),
        redirect_uri.replace(':', "%3A").replace('/', "%2F"),
    );
    let page = tokio::task::spawn_blocking(move || browse(&url))
        .await
        .unwrap()
        .expect("browse /authorize");
    assert_eq!(page, "logged in");
    (redirect_uri, paths.recv().unwrap())
}

async fn auth_code_token(
    emulator: &Emulator,
    client: &aws_sdk_ssooidc::Client,
    registration: &RegisterClientOutput,
    verifier: &str,
) -> Result<CreateTokenOutput, CreateTokenError> {
    let client_id = registration.client_id().unwrap();
    let (redirect_uri, path) = authorize_in_browser(emulator, client_id, CHALLENGE).await;
    assert_eq!(query_param(&path, "state").as_deref(), Some("st4te"));
    let code = query_param(&path, "code").expect("redirect carries a code");
    client
        .create_token()
        .client_id(client_id)
        .client_secret(registration.client_secret().unwrap())
        .grant_type("authorization_code")
        .code(code)
        .code_verifier(verifier)
        .redirect_uri(redirect_uri)
        .send()
        .await
        .map_err(|e| e.into_service_error())
}

#[tokio::test]
async fn device_flow_polls_through_pending_then_succeeds() {
    let emulator = Emulator::start(Config {
        device_pending_polls: 2,
        ..Config::default()
    });
    let client = oidc(&emulator);
    let registration = register(&client, &[], &[]).await;
    let issued = registration.client_id_issued_at();
    let expires = registration.client_secret_expires_at();
    assert!((issued - now_epoch_secs()).abs() < 5);
    assert!((expires - issued - 90 * 24 * 3600).abs() < 5);

    let device = client
        .start_device_authorization()
        .client_id(registration.client_id().unwrap())
        .client_secret(registration.client_secret().unwrap())
        .start_url(START_URL)
        .send()
        .await
        .unwrap();
    assert_eq!(device.interval(), 1);
    assert_eq!(device.expires_in(), 600);
    let complete = device.verification_uri_complete().unwrap();
    assert!(complete.ends_with(&format!("?user_code={}", device.user_code().unwrap())));

    let poll = || {
        client
            .create_token()
            .client_id(registration.client_id().unwrap())
            .client_secret(registration.client_secret().unwrap())
            .grant_type(DEVICE_GRANT)
            .device_code(device.device_code().unwrap())
            .send()
    };
    for _ in 0..2 {
        let err = poll().await.unwrap_err().into_service_error();
        assert!(
            matches!(err, CreateTokenError::AuthorizationPendingException(ref e)
                if e.error() == Some("authorization_pending")),
            "{err:?}"
        );
    }
    let token = poll().await.unwrap();
    assert_eq!(token.token_type(), Some("Bearer"));
    assert_eq!(token.expires_in(), 8 * 3600);
    assert_eq!(token.refresh_token(), None, "no scopes => not refreshable");
    let err = poll().await.unwrap_err().into_service_error();
    assert!(
        matches!(err, CreateTokenError::InvalidGrantException(_)),
        "{err:?}"
    );
    assert_eq!(emulator.calls(Op::CreateToken), 4);
    assert_eq!(emulator.calls(Op::RegisterClient), 1);
    assert_eq!(emulator.calls(Op::StartDeviceAuthorization), 1);

    // The token works on the portal.
    let accounts = sso(&emulator)
        .list_accounts()
        .access_token(token.access_token().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(accounts.account_list().len(), 2);
}

#[tokio::test]
async fn visiting_the_device_page_approves_immediately() {
    let emulator = Emulator::start(Config {
        device_pending_polls: 100,
        ..Config::default()
    });
    let client = oidc(&emulator);
    let registration = register(&client, &[REFRESH_SCOPE], &[]).await;
    let device = client
        .start_device_authorization()
        .client_id(registration.client_id().unwrap())
        .client_secret(registration.client_secret().unwrap())
        .start_url(START_URL)
        .send()
        .await
        .unwrap();
    let url = device.verification_uri_complete().unwrap().to_owned();
    let page = tokio::task::spawn_blocking(move || browse(&url))
        .await
        .unwrap()
        .unwrap();
    assert!(page.contains("approved"), "{page}");
    let token = client
        .create_token()
        .client_id(registration.client_id().unwrap())
        .client_secret(registration.client_secret().unwrap())
        .grant_type(DEVICE_GRANT)
        .device_code(device.device_code().unwrap())
        .send()
        .await
        .unwrap();
    assert!(
        token.refresh_token().is_some(),
        "sso:account:access => refreshable"
    );
    assert_eq!(emulator.calls(Op::Authorize), 1);
}

#[tokio::test]
async fn device_flow_denied_and_bad_client() {
    let emulator = Emulator::start(Config {
        deny_authorization: true,
        ..Config::default()
    });
    let client = oidc(&emulator);
    let registration = register(&client, &[], &[]).await;
    let err = client
        .start_device_authorization()
        .client_id(registration.client_id().unwrap())
        .client_secret("wrong")
        .start_url(START_URL)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.raw_response().unwrap().status().as_u16(), 401);
    assert!(matches!(
        err.into_service_error(),
        StartDeviceAuthorizationError::InvalidClientException(_)
    ));
    let device = client
        .start_device_authorization()
        .client_id(registration.client_id().unwrap())
        .client_secret(registration.client_secret().unwrap())
        .start_url(START_URL)
        .send()
        .await
        .unwrap();
    let err = client
        .create_token()
        .client_id(registration.client_id().unwrap())
        .client_secret(registration.client_secret().unwrap())
        .grant_type(DEVICE_GRANT)
        .device_code(device.device_code().unwrap())
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(err, CreateTokenError::AccessDeniedException(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn auth_code_with_pkce_then_refresh_rotates() {
    let emulator = Emulator::start(Config::default());
    let client = oidc(&emulator);
    let registration = register(
        &client,
        &[REFRESH_SCOPE],
        &["authorization_code", "refresh_token"],
    )
    .await;
    let token = auth_code_token(&emulator, &client, &registration, VERIFIER)
        .await
        .unwrap();
    let refresh = token.refresh_token().expect("refreshable").to_owned();
    assert_eq!(emulator.calls(Op::Authorize), 1);

    let refresh_with = |token: String| {
        client
            .create_token()
            .client_id(registration.client_id().unwrap())
            .client_secret(registration.client_secret().unwrap())
            .grant_type("refresh_token")
            .refresh_token(token)
            .send()
    };
    let refreshed = refresh_with(refresh.clone()).await.unwrap();
    assert_ne!(refreshed.access_token(), token.access_token());
    let rotated = refreshed.refresh_token().unwrap().to_owned();
    assert_ne!(rotated, refresh);
    let err = refresh_with(refresh)
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(err, CreateTokenError::InvalidGrantException(ref e)
            if e.error() == Some("invalid_grant")),
        "a redeemed refresh token is dead: {err:?}"
    );
    refresh_with(rotated).await.unwrap();
}

#[tokio::test]
async fn auth_code_rejects_a_wrong_verifier_and_redirect() {
    let emulator = Emulator::start(Config::default());
    let client = oidc(&emulator);
    let registration = register(
        &client,
        &[REFRESH_SCOPE],
        &["authorization_code", "refresh_token"],
    )
    .await;
    let err = auth_code_token(&emulator, &client, &registration, "not-the-verifier")
        .await
        .unwrap_err();
    assert!(
        matches!(err, CreateTokenError::InvalidGrantException(_)),
        "{err:?}"
    );

    // A redirect URI other than the one given to /authorize is rejected too.
    let client_id = registration.client_id().unwrap();
    let (_, path) = authorize_in_browser(&emulator, client_id, CHALLENGE).await;
    let err = client
        .create_token()
        .client_id(client_id)
        .client_secret(registration.client_secret().unwrap())
        .grant_type("authorization_code")
        .code(query_param(&path, "code").unwrap())
        .code_verifier(VERIFIER)
        .redirect_uri("http://127.0.0.1:1/oauth/callback")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(err, CreateTokenError::InvalidGrantException(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn authorize_redirects_with_access_denied_when_the_user_declines() {
    let emulator = Emulator::start(Config {
        deny_authorization: true,
        ..Config::default()
    });
    let client = oidc(&emulator);
    let registration = register(&client, &[], &["authorization_code"]).await;
    let (_, path) =
        authorize_in_browser(&emulator, registration.client_id().unwrap(), CHALLENGE).await;
    assert_eq!(
        query_param(&path, "error").as_deref(),
        Some("access_denied")
    );
    assert_eq!(query_param(&path, "state").as_deref(), Some("st4te"));
    assert_eq!(query_param(&path, "code"), None);
}

#[tokio::test]
async fn authorize_refuses_unregistered_redirects_without_redirecting() {
    let emulator = Emulator::start(Config::default());
    let issued = emulator.issue_token(START_URL, &[]);
    let url = format!(
        "{}/authorize?response_type=code&client_id={}&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fevil\
         &state=s&code_challenge_method=S256&code_challenge={CHALLENGE}",
        emulator.url(),
        issued.client_id
    );
    let err = tokio::task::spawn_blocking(move || browse(&url))
        .await
        .unwrap()
        .unwrap_err();
    assert!(
        err.contains("HTTP 400") && err.contains("invalid_redirect_uri"),
        "{err}"
    );
}

#[tokio::test]
async fn role_credentials_and_bearer_token_checks() {
    let mut config = Config::grid(2, 2);
    config.role_credentials_ttl = Duration::from_secs(3600);
    let emulator = Emulator::start(config);
    let token = emulator.issue_token(START_URL, &[REFRESH_SCOPE]);
    assert!(token.refresh_token.is_some());
    let client = sso(&emulator);
    let creds = client
        .get_role_credentials()
        .access_token(&token.access_token)
        .account_id("100000000001")
        .role_name("Role1")
        .send()
        .await
        .unwrap();
    let creds = creds.role_credentials().unwrap();
    assert!(creds.access_key_id().unwrap().starts_with("ASIA"));
    assert_eq!(creds.access_key_id().unwrap().len(), 20);
    assert_eq!(creds.secret_access_key().unwrap().len(), 40);
    assert!(
        creds
            .session_token()
            .unwrap()
            .contains("/100000000001/Role1/")
    );
    let expected_ms = (now_epoch_secs() + 3600) * 1000;
    assert!(
        (creds.expiration() - expected_ms).abs() < 10_000,
        "expiration is epoch milliseconds"
    );

    let err = client
        .get_role_credentials()
        .access_token("not-a-token")
        .account_id("100000000001")
        .role_name("Role1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.raw_response().unwrap().status().as_u16(), 401);
    let err = err.into_service_error();
    assert!(
        matches!(err, GetRoleCredentialsError::UnauthorizedException(_)),
        "{err:?}"
    );

    // Not assigned: the real service's unmodelled 403 ForbiddenException "No access".
    let err = client
        .get_role_credentials()
        .access_token(&token.access_token)
        .account_id("100000000001")
        .role_name("Admin")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.meta().code() == Some("ForbiddenException"), "{err:?}");
    assert_eq!(err.meta().message(), Some("No access"));
    assert_eq!(emulator.calls(Op::GetRoleCredentials), 3);
}

#[tokio::test]
async fn expired_and_logged_out_tokens_are_unauthorized() {
    let emulator = Emulator::start(Config::default());
    let token = emulator.issue_token(START_URL, &[REFRESH_SCOPE]);
    let client = sso(&emulator);
    emulator.expire_access_tokens();
    let err = client
        .list_accounts()
        .access_token(&token.access_token)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(err, ListAccountsError::UnauthorizedException(_)),
        "{err:?}"
    );

    // The refresh token still works and yields a valid access token.
    let refreshed = oidc(&emulator)
        .create_token()
        .client_id(&token.client_id)
        .client_secret(&token.client_secret)
        .grant_type("refresh_token")
        .refresh_token(token.refresh_token.clone().unwrap())
        .send()
        .await
        .unwrap();
    let access = refreshed.access_token().unwrap();
    client
        .list_accounts()
        .access_token(access)
        .send()
        .await
        .unwrap();
    client.logout().access_token(access).send().await.unwrap();
    let err = client
        .list_accounts()
        .access_token(access)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(err, ListAccountsError::UnauthorizedException(_)),
        "{err:?}"
    );
    assert_eq!(emulator.calls(Op::Logout), 1);
}

#[tokio::test]
async fn listings_are_paginated() {
    let mut config = Config::grid(5, 3);
    config.page_size = 2;
    let emulator = Emulator::start(config);
    let token = emulator.issue_token(START_URL, &[]);
    let client = sso(&emulator);
    let accounts: Vec<_> = client
        .list_accounts()
        .access_token(&token.access_token)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<_> = accounts.iter().map(|a| a.account_id().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "100000000000",
            "100000000001",
            "100000000002",
            "100000000003",
            "100000000004"
        ]
    );
    assert_eq!(accounts[3].account_name(), Some("account-003"));
    assert_eq!(accounts[3].email_address(), Some("account-003@example.com"));
    assert_eq!(emulator.calls(Op::ListAccounts), 3);

    let roles: Vec<_> = client
        .list_account_roles()
        .access_token(&token.access_token)
        .account_id("100000000004")
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    let names: Vec<_> = roles.iter().map(|r| r.role_name().unwrap()).collect();
    assert_eq!(names, ["Role0", "Role1", "Role2"]);
    assert_eq!(roles[0].account_id(), Some("100000000004"));
    assert_eq!(emulator.calls(Op::ListAccountRoles), 2);

    // max_result below page_size wins.
    let page = client
        .list_accounts()
        .access_token(&token.access_token)
        .max_results(1)
        .send()
        .await
        .unwrap();
    assert_eq!(page.account_list().len(), 1);
    assert!(page.next_token().is_some());
}

#[tokio::test]
async fn throttling_by_injection_and_by_rate_limit() {
    let emulator = Emulator::start(Config {
        rate_limit: Some(1.0),
        ..Config::default()
    });
    let token = emulator.issue_token(START_URL, &[]);
    let client = sso(&emulator);
    let list = || {
        client
            .list_accounts()
            .access_token(&token.access_token)
            .send()
    };

    emulator.inject(Op::ListAccounts, Fault::Throttle, 1);
    let err = list().await.unwrap_err();
    assert_eq!(err.raw_response().unwrap().status().as_u16(), 429);
    assert!(matches!(
        err.into_service_error(),
        ListAccountsError::TooManyRequestsException(_)
    ));
    // The injected fault did not consume the bucket: one call per second is allowed...
    list().await.unwrap();
    // ...and the next immediate one is over the limit.
    let err = list().await.unwrap_err().into_service_error();
    assert!(
        matches!(err, ListAccountsError::TooManyRequestsException(_)),
        "{err:?}"
    );
    assert_eq!(emulator.calls(Op::ListAccounts), 3);
}

#[tokio::test]
async fn injected_oidc_faults_map_to_typed_errors() {
    let emulator = Emulator::start(Config::default());
    let client = oidc(&emulator);
    let registration = register(&client, &[], &[]).await;
    emulator.inject(Op::CreateToken, Fault::SlowDown, 1);
    emulator.inject(Op::CreateToken, Fault::ExpiredToken, 1);
    emulator.inject(Op::CreateToken, Fault::ServerError, 1);
    let poll = || {
        client
            .create_token()
            .client_id(registration.client_id().unwrap())
            .client_secret(registration.client_secret().unwrap())
            .grant_type(DEVICE_GRANT)
            .device_code("whatever")
            .send()
    };
    let err = poll().await.unwrap_err().into_service_error();
    assert!(
        matches!(err, CreateTokenError::SlowDownException(_)),
        "{err:?}"
    );
    let err = poll().await.unwrap_err().into_service_error();
    assert!(
        matches!(err, CreateTokenError::ExpiredTokenException(_)),
        "{err:?}"
    );
    let err = poll().await.unwrap_err();
    assert_eq!(err.raw_response().unwrap().status().as_u16(), 500);
    assert!(matches!(
        err.into_service_error(),
        CreateTokenError::InternalServerException(_)
    ));
    // Faults exhausted: the real validation answers again.
    let err = poll().await.unwrap_err().into_service_error();
    assert!(
        matches!(err, CreateTokenError::InvalidGrantException(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn latency_overlaps_across_parallel_calls() {
    let emulator = Emulator::start(Config {
        latency: Duration::from_millis(300),
        ..Config::default()
    });
    let token = emulator.issue_token(START_URL, &[]);
    let client = sso(&emulator);
    let started = std::time::Instant::now();
    let calls = (0..6).map(|_| {
        let client = client.clone();
        let access = token.access_token.clone();
        tokio::spawn(async move { client.list_accounts().access_token(access).send().await })
    });
    for call in calls.collect::<Vec<_>>() {
        call.await.unwrap().unwrap();
    }
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(300));
    assert!(elapsed < Duration::from_millis(1500), "{elapsed:?}");
}

#[test]
fn counters_endpoint_reports_calls() {
    let emulator = Emulator::start(Config::default());
    let token = emulator.issue_token(START_URL, &[]);
    let err = browse(&format!("{}/federation/credentials", emulator.url())).unwrap_err();
    assert!(err.contains("HTTP 401"), "{err}");
    let _ = token;
    let body = browse(&format!("{}/_emulator/calls", emulator.url())).unwrap();
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["GetRoleCredentials"], 1);
    assert_eq!(json["total"], 1);
    assert_eq!(emulator.total_calls(), 1);
}

#[test]
#[should_panic(expected = "was never called")]
fn an_unused_emulator_fails_the_test() {
    let _emulator = Emulator::start(Config::default());
}

#[test]
#[should_panic(expected = "expected no calls but received 1: ListAccounts=1")]
fn expect_no_calls_fails_on_any_call() {
    let emulator = Emulator::start(Config::default());
    emulator.expect_no_calls();
    let _ = browse(&format!("{}/assignment/accounts", emulator.url()));
}

#[test]
fn allow_unused_and_expect_no_calls_pass_when_idle() {
    Emulator::start(Config::default()).allow_unused();
    Emulator::start(Config::default()).expect_no_calls();
}

#[test]
fn binary_serves_until_stdin_closes_and_browses() {
    let exe = env!("CARGO_BIN_EXE_awsso-emulator");
    let mut child = Command::new(exe)
        .args(["serve", "--accounts", "3", "--exit-on-stdin-eof"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim_end();
    assert!(url.starts_with("http://127.0.0.1:"), "{line:?}");

    let out = Command::new(exe)
        .args(["browse", &format!("{url}/_emulator/calls")])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["total"], 0);
    let refused = Command::new(exe)
        .args(["browse", "http://example.com/"])
        .output()
        .unwrap();
    assert!(!refused.status.success());

    drop(child.stdin.take());
    assert!(child.wait().unwrap().success());
}
