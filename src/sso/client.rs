//! The only importer of the AWS SDK: the SSO (portal) and SSO OIDC clients, built lazily.
//!
//! I/O. Nothing here runs on the credential_process cache-hit path: clients (and with them the
//! HTTP stack and the TLS root store) are built on first use. `aws-config` is deliberately not
//! used: its loader reads the process environment by itself (awsso reads it once, in
//! `env.rs`), resolves a credential chain these unsigned APIs never need, and costs ~4 ms at
//! start-up. The endpoint rules it would apply are reproduced from [`Env`]:
//! `AWS_ENDPOINT_URL_SSO` / `AWS_ENDPOINT_URL_SSO_OIDC`, then `AWS_ENDPOINT_URL`, unless
//! `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`.
//!
//! The HTTP client: plain HTTP for an `http://` endpoint override (nothing to verify, so no TLS
//! roots are loaded — reading the system store costs several milliseconds), otherwise rustls
//! with the system roots, or only the roots in `AWS_CA_BUNDLE` when it is set (as botocore
//! does; the Rust SDK ignores that variable).
//!
//! Service errors are mapped to [`ApiError`] by their error code, so callers match on one small
//! enum instead of eight operation-specific SDK error types.

use std::fmt;
use std::sync::OnceLock;
use std::time::Duration;

use aws_sdk_sso as sso;
use aws_sdk_sso::error::ProvideErrorMetadata;
use aws_sdk_ssooidc as oidc;
use aws_smithy_http_client::tls::{self, TlsContext, TrustStore, rustls_provider::CryptoMode};

use crate::env::Env;
use crate::secret::Secret;
use crate::sso::pkce;
use crate::sso::role_cache::RoleCredentials;
use crate::sso::timestamp::Timestamp;

/// What went wrong in an API call, by kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiErrorKind {
    /// Device flow: the user has not approved yet.
    AuthorizationPending,
    /// Device flow: poll more slowly.
    SlowDown,
    /// The device code (or token) expired.
    ExpiredToken,
    /// The user denied the request.
    AccessDenied,
    /// The bearer token is not (or no longer) valid.
    Unauthorized,
    /// Throttled (HTTP 429).
    Throttled,
    /// A refresh token or authorization code was rejected.
    InvalidGrant,
    /// The client registration was rejected (expired or unknown).
    InvalidClient,
    /// No access to the requested account or role.
    Forbidden,
    /// Any other service error.
    Service,
    /// No answer: connection refused, DNS, timeout.
    Network,
}

/// A failed API call.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// The operation, e.g. `GetRoleCredentials`.
    pub operation: &'static str,
    /// The kind.
    pub kind: ApiErrorKind,
    /// The error code from the service (e.g. `UnauthorizedException`), if any.
    pub code: Option<String>,
    /// The service's message or the transport error.
    pub message: String,
    /// The HTTP status, if there was a response.
    pub status: Option<u16>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed", self.operation)?;
        if let Some(status) = self.status {
            write!(f, " (HTTP {status}")?;
            if let Some(code) = &self.code {
                write!(f, " {code}")?;
            }
            f.write_str(")")?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    /// Whether retrying later may help (throttling, 5xx, network).
    pub fn is_transient(&self) -> bool {
        matches!(self.kind, ApiErrorKind::Throttled | ApiErrorKind::Network)
            || self.status.is_some_and(|s| s >= 500)
    }
}

fn map_err<E>(operation: &'static str, err: sso::error::SdkError<E>) -> ApiError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    use aws_sdk_sso::error::{DisplayErrorContext, SdkError};
    let status = err.raw_response().map(|r| r.status().as_u16());
    let code = err.code().map(str::to_owned);
    let (kind, message) = match &err {
        SdkError::ServiceError(_) => {
            let kind = match code.as_deref() {
                Some("AuthorizationPendingException") => ApiErrorKind::AuthorizationPending,
                Some("SlowDownException") => ApiErrorKind::SlowDown,
                Some("ExpiredTokenException") => ApiErrorKind::ExpiredToken,
                Some("AccessDeniedException") => ApiErrorKind::AccessDenied,
                Some("UnauthorizedException") => ApiErrorKind::Unauthorized,
                Some("TooManyRequestsException") => ApiErrorKind::Throttled,
                Some("InvalidGrantException") => ApiErrorKind::InvalidGrant,
                Some("InvalidClientException") => ApiErrorKind::InvalidClient,
                Some("ForbiddenException" | "ResourceNotFoundException") => ApiErrorKind::Forbidden,
                _ if status == Some(401) => ApiErrorKind::Unauthorized,
                _ if status == Some(429) => ApiErrorKind::Throttled,
                _ => ApiErrorKind::Service,
            };
            (kind, err.message().unwrap_or_default().to_owned())
        }
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => {
            (ApiErrorKind::Network, DisplayErrorContext(&err).to_string())
        }
        _ => (ApiErrorKind::Service, DisplayErrorContext(&err).to_string()),
    };
    ApiError {
        operation,
        kind,
        code,
        message,
        status,
    }
}

/// A new OIDC client registration.
#[derive(Debug, Clone)]
pub struct NewRegistration {
    /// The client id.
    pub client_id: String,
    /// The client secret.
    pub client_secret: Secret<String>,
    /// When it expires.
    pub expires_at: Timestamp,
}

/// The device flow's first answer.
#[derive(Debug, Clone)]
pub struct DeviceAuthorization {
    /// The code to poll with.
    pub device_code: Secret<String>,
    /// The code the user confirms.
    pub user_code: String,
    /// Where to confirm it.
    pub verification_uri: String,
    /// The same URL with the code filled in.
    pub verification_uri_complete: Option<String>,
    /// Seconds until the device code expires.
    pub expires_in: u64,
    /// Seconds between polls.
    pub interval: u64,
}

/// A token from CreateToken.
#[derive(Debug, Clone)]
pub struct NewToken {
    /// The access token.
    pub access_token: Secret<String>,
    /// Seconds of validity.
    pub expires_in: u64,
    /// The refresh token, if one was issued.
    pub refresh_token: Option<Secret<String>>,
}

/// How to obtain a token.
#[derive(Debug, Clone, Copy)]
pub enum Grant<'a> {
    /// The device flow.
    DeviceCode(&'a Secret<String>),
    /// The authorization code flow with PKCE.
    AuthorizationCode {
        /// The code from the redirect.
        code: &'a Secret<String>,
        /// The PKCE verifier.
        verifier: &'a Secret<String>,
        /// The exact redirect URI used.
        redirect_uri: &'a str,
    },
    /// A refresh.
    RefreshToken(&'a Secret<String>),
}

/// An account the signed-in user can reach (ListAccounts).
///
/// ```
/// let account = awsso::Account {
///     id: "123456789012".into(),
///     name: "prod".into(),
///     email: Some("aws-prod@example.com".into()),
/// };
/// assert_eq!(account.id.len(), 12);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Account {
    /// The account id (12 digits).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its root email address, when the service gave one.
    pub email: Option<String>,
}

/// The two service clients for one Identity Center region.
#[derive(Debug)]
pub struct Clients {
    region: String,
    ca_bundle: Option<std::path::PathBuf>,
    sso_endpoint: Option<String>,
    oidc_endpoint: Option<String>,
    max_attempts: u32,
    sso: OnceLock<sso::Client>,
    oidc: OnceLock<oidc::Client>,
}

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);

impl Clients {
    /// Clients for `sso_region`; `max_attempts` counts the SDK's own retries (1 = none, for
    /// callers that pace and back off themselves).
    pub fn new(env: &Env, sso_region: &str, max_attempts: u32) -> Clients {
        Clients {
            region: sso_region.to_owned(),
            ca_bundle: env.ca_bundle.clone(),
            sso_endpoint: env.sso_endpoint().map(str::to_owned),
            oidc_endpoint: env.oidc_endpoint().map(str::to_owned),
            max_attempts: max_attempts.max(1),
            sso: OnceLock::new(),
            oidc: OnceLock::new(),
        }
    }

    /// The OIDC endpoint in use (override or the region's default); the PKCE authorize URL is
    /// built on it.
    pub fn oidc_endpoint(&self) -> String {
        self.oidc_endpoint
            .clone()
            .unwrap_or_else(|| pkce::default_oidc_endpoint(&self.region))
    }

    /// The HTTP client for an endpoint (see the module docs).
    fn http_client(&self, endpoint: Option<&str>) -> sso::config::SharedHttpClient {
        if endpoint.is_some_and(|e| e.starts_with("http://")) {
            return aws_smithy_http_client::Builder::new().build_http();
        }
        let builder = aws_smithy_http_client::Builder::new()
            .tls_provider(tls::Provider::Rustls(CryptoMode::AwsLc));
        let bundle = self
            .ca_bundle
            .as_ref()
            .and_then(|path| std::fs::read(path).ok());
        let context = bundle.and_then(|pem| {
            TlsContext::builder()
                .with_trust_store(
                    TrustStore::empty()
                        .with_native_roots(false)
                        .with_pem_certificate(pem),
                )
                .build()
                .ok()
        });
        match context {
            Some(context) => builder.tls_context(context).build_https(),
            None => builder.build_https(),
        }
    }

    /// The HTTPS client awsso would use for any AWS endpoint (the CA bundle rules above), for
    /// the `SdkConfig` the library hands out.
    pub fn https_client(env: &Env) -> sso::config::SharedHttpClient {
        Clients::new(env, "", 1).http_client(None)
    }

    fn sso(&self) -> &sso::Client {
        self.sso.get_or_init(|| {
            let mut b = sso::Config::builder()
                .http_client(self.http_client(self.sso_endpoint.as_deref()))
                .behavior_version(sso::config::BehaviorVersion::latest())
                .region(sso::config::Region::new(self.region.clone()))
                .retry_config(
                    sso::config::retry::RetryConfig::standard()
                        .with_max_attempts(self.max_attempts),
                )
                .timeout_config(
                    sso::config::timeout::TimeoutConfig::builder()
                        .connect_timeout(CONNECT_TIMEOUT)
                        .operation_attempt_timeout(ATTEMPT_TIMEOUT)
                        .build(),
                );
            if let Some(url) = &self.sso_endpoint {
                b = b.endpoint_url(url);
            }
            sso::Client::from_conf(b.build())
        })
    }

    fn oidc(&self) -> &oidc::Client {
        self.oidc.get_or_init(|| {
            let mut b = oidc::Config::builder()
                .http_client(self.http_client(self.oidc_endpoint.as_deref()))
                .behavior_version(oidc::config::BehaviorVersion::latest())
                .region(oidc::config::Region::new(self.region.clone()))
                .retry_config(
                    oidc::config::retry::RetryConfig::standard()
                        .with_max_attempts(self.max_attempts),
                )
                .timeout_config(
                    oidc::config::timeout::TimeoutConfig::builder()
                        .connect_timeout(CONNECT_TIMEOUT)
                        .operation_attempt_timeout(ATTEMPT_TIMEOUT)
                        .build(),
                );
            if let Some(url) = &self.oidc_endpoint {
                b = b.endpoint_url(url);
            }
            oidc::Client::from_conf(b.build())
        })
    }

    /// RegisterClient: a public client for the given grant types and scopes.
    pub async fn register_client(
        &self,
        issuer_url: &str,
        scopes: &[String],
        grant_types: &[&str],
        redirect_uri: Option<&str>,
    ) -> Result<NewRegistration, ApiError> {
        let mut req = self
            .oidc()
            .register_client()
            .client_name(format!("awsso-{}", now_unix()))
            .client_type("public")
            .set_scopes(Some(scopes.to_vec()).filter(|s| !s.is_empty()));
        if redirect_uri.is_some() {
            req = req
                .set_grant_types(Some(grant_types.iter().map(|g| (*g).to_owned()).collect()))
                .set_redirect_uris(redirect_uri.map(|r| vec![r.to_owned()]))
                .issuer_url(issuer_url);
        }
        let out = req.send().await.map_err(|e| map_err("RegisterClient", e))?;
        let client_id = out.client_id().unwrap_or_default().to_owned();
        let client_secret = Secret::new(out.client_secret().unwrap_or_default().to_owned());
        let expires_at = Timestamp::from_unix(out.client_secret_expires_at())
            .unwrap_or_else(|| Timestamp::new(time::OffsetDateTime::now_utc()));
        Ok(NewRegistration {
            client_id,
            client_secret,
            expires_at,
        })
    }

    /// StartDeviceAuthorization.
    pub async fn start_device_authorization(
        &self,
        client_id: &str,
        client_secret: &Secret<String>,
        start_url: &str,
    ) -> Result<DeviceAuthorization, ApiError> {
        let out = self
            .oidc()
            .start_device_authorization()
            .client_id(client_id)
            .client_secret(client_secret.expose())
            .start_url(start_url)
            .send()
            .await
            .map_err(|e| map_err("StartDeviceAuthorization", e))?;
        Ok(DeviceAuthorization {
            device_code: Secret::new(out.device_code().unwrap_or_default().to_owned()),
            user_code: out.user_code().unwrap_or_default().to_owned(),
            verification_uri: out.verification_uri().unwrap_or_default().to_owned(),
            verification_uri_complete: out.verification_uri_complete().map(str::to_owned),
            expires_in: u64::try_from(out.expires_in()).unwrap_or(600),
            interval: u64::try_from(out.interval())
                .ok()
                .filter(|i| *i > 0)
                .unwrap_or(5),
        })
    }

    /// CreateToken with any grant.
    pub async fn create_token(
        &self,
        client_id: &str,
        client_secret: &Secret<String>,
        grant: Grant<'_>,
    ) -> Result<NewToken, ApiError> {
        let req = self
            .oidc()
            .create_token()
            .client_id(client_id)
            .client_secret(client_secret.expose());
        let req = match grant {
            Grant::DeviceCode(code) => req
                .grant_type("urn:ietf:params:oauth:grant-type:device_code")
                .device_code(code.expose()),
            Grant::AuthorizationCode {
                code,
                verifier,
                redirect_uri,
            } => req
                .grant_type("authorization_code")
                .code(code.expose())
                .code_verifier(verifier.expose())
                .redirect_uri(redirect_uri),
            Grant::RefreshToken(token) => req
                .grant_type("refresh_token")
                .refresh_token(token.expose()),
        };
        let out = req.send().await.map_err(|e| map_err("CreateToken", e))?;
        Ok(NewToken {
            access_token: Secret::new(out.access_token().unwrap_or_default().to_owned()),
            expires_in: u64::try_from(out.expires_in()).unwrap_or(0),
            refresh_token: out.refresh_token().map(|r| Secret::new(r.to_owned())),
        })
    }

    /// GetRoleCredentials.
    pub async fn get_role_credentials(
        &self,
        access_token: &Secret<String>,
        account_id: &str,
        role_name: &str,
    ) -> Result<RoleCredentials, ApiError> {
        let out = self
            .sso()
            .get_role_credentials()
            .access_token(access_token.expose())
            .account_id(account_id)
            .role_name(role_name)
            .send()
            .await
            .map_err(|e| map_err("GetRoleCredentials", e))?;
        let creds = out.role_credentials().ok_or_else(|| ApiError {
            operation: "GetRoleCredentials",
            kind: ApiErrorKind::Service,
            code: None,
            message: "the response has no roleCredentials".to_owned(),
            status: None,
        })?;
        let expiration =
            Timestamp::from_unix(creds.expiration().div_euclid(1000)).ok_or_else(|| ApiError {
                operation: "GetRoleCredentials",
                kind: ApiErrorKind::Service,
                code: None,
                message: format!("invalid expiration {}", creds.expiration()),
                status: None,
            })?;
        Ok(RoleCredentials {
            access_key_id: creds.access_key_id().unwrap_or_default().to_owned(),
            secret_access_key: Secret::new(
                creds.secret_access_key().unwrap_or_default().to_owned(),
            ),
            session_token: Secret::new(creds.session_token().unwrap_or_default().to_owned()),
            expiration,
        })
    }

    /// One page of ListAccounts.
    pub async fn list_accounts_page(
        &self,
        access_token: &Secret<String>,
        next_token: Option<String>,
    ) -> Result<(Vec<Account>, Option<String>), ApiError> {
        let out = self
            .sso()
            .list_accounts()
            .access_token(access_token.expose())
            .max_results(100)
            .set_next_token(next_token)
            .send()
            .await
            .map_err(|e| map_err("ListAccounts", e))?;
        let accounts = out
            .account_list()
            .iter()
            .map(|a| Account {
                id: a.account_id().unwrap_or_default().to_owned(),
                name: a.account_name().unwrap_or_default().to_owned(),
                email: a.email_address().map(str::to_owned),
            })
            .collect();
        Ok((accounts, out.next_token().map(str::to_owned)))
    }

    /// One page of ListAccountRoles.
    pub async fn list_account_roles_page(
        &self,
        access_token: &Secret<String>,
        account_id: &str,
        next_token: Option<String>,
    ) -> Result<(Vec<String>, Option<String>), ApiError> {
        let out = self
            .sso()
            .list_account_roles()
            .access_token(access_token.expose())
            .account_id(account_id)
            .max_results(100)
            .set_next_token(next_token)
            .send()
            .await
            .map_err(|e| map_err("ListAccountRoles", e))?;
        let roles = out
            .role_list()
            .iter()
            .filter_map(|r| r.role_name().map(str::to_owned))
            .collect();
        Ok((roles, out.next_token().map(str::to_owned)))
    }

    /// Logout: invalidates the access token server-side.
    pub async fn logout(&self, access_token: &Secret<String>) -> Result<(), ApiError> {
        self.sso()
            .logout()
            .access_token(access_token.expose())
            .send()
            .await
            .map_err(|e| map_err("Logout", e))?;
        Ok(())
    }
}

fn now_unix() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}
