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
//! does; the Rust SDK ignores that variable). `AWS_CA_BUNDLE` is also how a TLS-inspecting
//! proxy's CA is trusted.
//!
//! Proxies: [`crate::sso::proxy`] decides, per endpoint, whether requests go through a proxy
//! (`HTTPS_PROXY` & co., `NO_PROXY`); the proxy is then set on the connector with
//! `aws_smithy_http_client`'s own `ProxyConfig` (CONNECT tunnels for `https://` endpoints,
//! absolute-form requests for `http://` ones, basic credentials from the URL). The high-level
//! `Builder::build_https()` cannot take a proxy, so a proxied client is built with
//! `build_with_connector_fn`, which is what the SDK's own default client does. Failures that
//! are the proxy's are reported as such ([`ApiErrorKind::ProxyUnreachable`],
//! [`ApiErrorKind::ProxyAuth`]), naming the proxy (password masked) and its variable.
//!
//! TLS: rustls with the *ring* crypto provider, not aws-lc. The reason is the cold path: aws-lc
//! seeds its DRBG through a CPU-jitter entropy source at first use, which cost 36–58 ms of CPU
//! in every short-lived process (a `credential-process` cache miss is one TLS handshake and
//! exits), ten times the rest of the work. aws-lc can be built without it only through a
//! build-time environment variable (`AWS_LC_SYS_NO_JITTER_ENTROPY=1`), which neither
//! `cargo install --locked --path .` nor an install of the published crate would see; choosing
//! the provider with a Cargo feature makes every build the same. Randomness: ring draws every
//! random byte (key shares, nonces) from the operating system's CSPRNG (`getrandom(2)` on
//! Linux, which blocks until the kernel pool is seeded); the kernel is the entropy source that
//! aws-lc's own DRBG is seeded from too — jitter entropy is an additional source for FIPS
//! 140-3 conformance, not a fix for a weak OS generator. The trade-offs: no FIPS mode (awsso
//! never offered one) and no post-quantum hybrid key exchange (X25519MLKEM768, aws-lc only);
//! the latter protects recorded traffic against a future quantum attacker, and what crosses
//! these connections is short-lived (role credentials last hours, tokens 8 h by default).
//!
//! Limits, the same for every client built here (the SSO and OIDC clients, the `SdkConfig`
//! the library and the admin APIs use, the console's bare connector), so a new client gets
//! them by construction:
//!
//! - every response body is capped at [`MAX_RESPONSE_BODY`] (1 MiB; the largest real answer,
//!   a page of 100 accounts, is ~20 KiB) by the HTTP client itself ([`capped`]): a hostile or
//!   broken endpoint's endless body ends in a clear error, not in gigabytes of memory;
//! - each operation (all its attempts) gets at most [`OPERATION_TIMEOUT`], each attempt
//!   [`ATTEMPT_TIMEOUT`]; and a command may give all its requests together a budget
//!   ([`network_budget`]: `AWSSO_NETWORK_TIMEOUT`, else the command's default: short for
//!   `credential-process`, whose caller is an SDK waiting). Time waiting for a person (the
//!   browser, the device code) is not request time. A request that does not answer in time is
//!   reported naming its host;
//! - `AWS_CA_BUNDLE` is read and checked ([`load_ca_bundle`]) before any request: a missing,
//!   unreadable or malformed bundle is an error naming the file, never a fall-back to the
//!   system roots (and never the HTTP client's panic on a certificate it cannot load);
//! - the region must be a region name ([`crate::ids::check_region`]): it becomes a host name.
//!
//! Service errors are mapped to [`ApiError`] by their error code, so callers match on one small
//! enum instead of eight operation-specific SDK error types.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use aws_sdk_sso as sso;
use aws_sdk_sso::error::ProvideErrorMetadata;
use aws_sdk_ssooidc as oidc;
use aws_smithy_http_client::Connector;
use aws_smithy_http_client::proxy::ProxyConfig;
use aws_smithy_http_client::tls::{self, TlsContext, TrustStore, rustls_provider::CryptoMode};

/// The TLS stack: rustls with ring (see the module docs for why not aws-lc).
const TLS: tls::Provider = tls::Provider::Rustls(CryptoMode::Ring);

use crate::env::Env;
use crate::error::NetworkErrorKind;
use crate::secret::Secret;
use crate::sso::pkce;
use crate::sso::proxy::{Proxy, ProxyError, ProxyScheme, ProxySettings, Route};
use crate::sso::role_cache::RoleCredentials;
use crate::sso::timestamp::Timestamp;

/// What went wrong in an API call, by kind.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub(crate) enum ApiErrorKind {
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
    /// The proxy variables are invalid.
    ProxyConfig,
    /// The proxy could not be reached, or would not open a tunnel.
    ProxyUnreachable,
    /// The proxy wants credentials (HTTP 407), or rejected the ones given.
    ProxyAuth,
    /// The client cannot be built as configured: `AWS_CA_BUNDLE` unusable, a region that is
    /// not a region name, `AWSSO_NETWORK_TIMEOUT` not a number of seconds.
    Config,
    /// The answer was larger than [`MAX_RESPONSE_BODY`].
    TooLarge,
}

/// A failed API call.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub(crate) struct ApiError {
    /// The operation, e.g. `GetRoleCredentials`.
    pub(crate) operation: &'static str,
    /// The kind.
    pub(crate) kind: ApiErrorKind,
    /// The error code from the service (e.g. `UnauthorizedException`), if any.
    pub(crate) code: Option<String>,
    /// The service's message or the transport error.
    pub(crate) message: String,
    /// The HTTP status, if there was a response.
    pub(crate) status: Option<u16>,
    /// What failed when no answer came (kind [`ApiErrorKind::Network`]).
    pub(crate) network: Option<Box<NetworkFailure>>,
}

/// A request that got no answer: what failed, where, and the transport's own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NetworkFailure {
    /// What failed.
    pub(crate) kind: NetworkErrorKind,
    /// The host (and port, if not the default) the request went to.
    pub(crate) host: String,
    /// The innermost cause, e.g. `Connection refused (os error 111)`.
    pub(crate) detail: String,
}

impl fmt::Display for NetworkFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let NetworkFailure { host, detail, .. } = self;
        match self.kind {
            NetworkErrorKind::Resolve => write!(f, "cannot resolve {host}: DNS lookup failed"),
            NetworkErrorKind::Connect => write!(f, "cannot connect to {host}: {detail}"),
            NetworkErrorKind::Tls => write!(f, "TLS handshake with {host} failed: {detail}"),
            NetworkErrorKind::Proxy => write!(f, "the proxy failed to reach {host}: {detail}"),
            NetworkErrorKind::Timeout => write!(f, "no answer from {host} in time"),
            NetworkErrorKind::Other => write!(f, "no answer from {host}: {detail}"),
        }
    }
}

/// Classifies a transport failure from its cause chain (outermost first; each with the I/O
/// error kind when the cause is an `io::Error`). `timed_out` is the SDK's own verdict. Pure.
pub(crate) fn classify_network(
    host: &str,
    timed_out: bool,
    chain: &[(String, Option<std::io::ErrorKind>)],
) -> NetworkFailure {
    use std::io::ErrorKind as K;
    let text = chain
        .iter()
        .map(|(m, _)| m.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join(" / ");
    let has = |needles: &[&str]| needles.iter().any(|n| text.contains(n));
    let io_kind = |kinds: &[K]| {
        chain
            .iter()
            .any(|(_, k)| k.is_some_and(|k| kinds.contains(&k)))
    };
    let kind = if timed_out || io_kind(&[K::TimedOut]) || has(&["timed out", "timeout"]) {
        NetworkErrorKind::Timeout
    } else if has(&["proxy", "tunnel"]) {
        NetworkErrorKind::Proxy
    } else if has(&[
        "dns error",
        "failed to lookup address",
        "name or service not known",
        "nodename nor servname",
        "no such host",
        "temporary failure in name resolution",
    ]) {
        NetworkErrorKind::Resolve
    } else if has(&[
        "certificate",
        "tls",
        "handshake",
        "invalidcontenttype",
        "corrupt message",
    ]) {
        NetworkErrorKind::Tls
    } else if io_kind(&[
        K::ConnectionRefused,
        K::ConnectionReset,
        K::ConnectionAborted,
        K::HostUnreachable,
        K::NetworkUnreachable,
        K::NetworkDown,
        K::AddrNotAvailable,
    ]) || has(&["tcp connect error", "connection refused"])
    {
        NetworkErrorKind::Connect
    } else {
        NetworkErrorKind::Other
    };
    // The innermost cause names the actual failure; outer ones are wrappers ("dispatch
    // failure", "io error", "client error (Connect)").
    let detail = chain
        .iter()
        .rev()
        .map(|(m, _)| m.trim())
        .find(|m| !m.is_empty())
        .unwrap_or("unknown error");
    let detail: String = detail
        .chars()
        .filter(|c| !c.is_control())
        .take(300)
        .collect();
    NetworkFailure {
        kind,
        host: host.to_owned(),
        detail,
    }
}

/// `host[:port]` of an endpoint URL.
fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    authority.to_owned()
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(network) = &self.network {
            return write!(f, "{network} ({})", self.operation);
        }
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
    /// Whether retrying later may help (throttling, 5xx, network). Proxy failures are not:
    /// they need the user.
    pub(crate) fn is_transient(&self) -> bool {
        matches!(self.kind, ApiErrorKind::Throttled | ApiErrorKind::Network)
            || (self.status.is_some_and(|s| s >= 500) && !self.is_proxy())
    }

    /// Whether the proxy (or its configuration) is the problem.
    pub(crate) fn is_proxy(&self) -> bool {
        matches!(
            self.kind,
            ApiErrorKind::ProxyConfig | ApiErrorKind::ProxyUnreachable | ApiErrorKind::ProxyAuth
        )
    }

    fn config(operation: &'static str, message: String) -> ApiError {
        ApiError {
            operation,
            kind: ApiErrorKind::Config,
            code: None,
            message,
            status: None,
            network: None,
        }
    }

    /// A request that got no answer within the command's network budget.
    fn out_of_time(operation: &'static str, host: &str, budget: Duration) -> ApiError {
        let network = NetworkFailure {
            kind: NetworkErrorKind::Timeout,
            host: host.to_owned(),
            detail: format!(
                "the command's {}s network budget ran out (AWSSO_NETWORK_TIMEOUT)",
                budget.as_secs()
            ),
        };
        ApiError {
            operation,
            kind: ApiErrorKind::Network,
            code: None,
            message: network.detail.clone(),
            status: None,
            network: Some(Box::new(network)),
        }
    }

    fn proxy_config(operation: &'static str, err: &ProxyError) -> ApiError {
        ApiError {
            operation,
            kind: ApiErrorKind::ProxyConfig,
            code: None,
            message: format!("invalid proxy setting {err}"),
            status: None,
            network: None,
        }
    }
}

/// The proxy's share of a failed request, if it had one: (kind, message).
fn proxy_failure(
    err: &(dyn std::error::Error + 'static),
    status: Option<u16>,
    proxy: &Proxy,
) -> Option<(ApiErrorKind, String)> {
    let who = format!(
        "the proxy {} (from {})",
        proxy.url.display(),
        proxy.variable
    );
    if status == Some(407) {
        return Some((ApiErrorKind::ProxyAuth, proxy_auth_message(&who, proxy)));
    }
    // hyper-util's tunnel error type is not exported, so its variants are told apart by their
    // messages ("tunnel error: proxy authorization required", "tunnel error: unsuccessful",
    // "tunnel error: failed to create underlying connection").
    for e in error_chain(err) {
        let text = e.to_string();
        if text.contains("proxy authorization required") {
            return Some((ApiErrorKind::ProxyAuth, proxy_auth_message(&who, proxy)));
        }
        if text.contains("tunnel error: unsuccessful") {
            return Some((
                ApiErrorKind::ProxyUnreachable,
                format!("{who} refused to open a tunnel to the endpoint"),
            ));
        }
        if text.contains("failed to create underlying connection") || text.contains("dns error") {
            return Some((ApiErrorKind::ProxyUnreachable, unreachable(&who, err)));
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && matches!(
                io.kind(),
                std::io::ErrorKind::ConnectionRefused
                    | std::io::ErrorKind::HostUnreachable
                    | std::io::ErrorKind::NetworkUnreachable
                    | std::io::ErrorKind::AddrNotAvailable
            )
        {
            // With a proxy in the path the only connection awsso opens is to the proxy.
            return Some((ApiErrorKind::ProxyUnreachable, unreachable(&who, err)));
        }
    }
    None
}

fn proxy_auth_message(who: &str, proxy: &Proxy) -> String {
    if proxy.url.has_credentials() {
        format!(
            "{who} rejected the credentials in {} (HTTP 407)",
            proxy.variable
        )
    } else {
        format!("{who} requires credentials (HTTP 407 Proxy Authentication Required)")
    }
}

fn unreachable(who: &str, err: &(dyn std::error::Error + 'static)) -> String {
    let cause = error_chain(err)
        .last()
        .map(|e| e.to_string())
        .unwrap_or_default();
    format!("cannot connect to {who}: {cause}")
}

/// `err` and its sources; an `io::Error`'s payload counts as its source.
fn error_chain<'a>(
    err: &'a (dyn std::error::Error + 'static),
) -> impl Iterator<Item = &'a (dyn std::error::Error + 'static)> {
    std::iter::successors(Some(err), |&e| match e.downcast_ref::<std::io::Error>() {
        Some(io) => io
            .get_ref()
            .map(|inner| inner as &(dyn std::error::Error + 'static)),
        None => e.source(),
    })
}

fn map_err<E>(
    host: &str,
    operation: &'static str,
    proxy: Option<&Proxy>,
    err: sso::error::SdkError<E>,
) -> ApiError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    use aws_sdk_sso::error::{DisplayErrorContext, SdkError};
    let status = err.raw_response().map(|r| r.status().as_u16());
    let code = err.code().map(str::to_owned);
    if error_chain(&err).any(|e| e.is::<http_body_util::LengthLimitError>()) {
        return ApiError {
            operation,
            kind: ApiErrorKind::TooLarge,
            code: None,
            message: too_large(host),
            // The status of an answer that was refused says nothing useful.
            status: None,
            network: None,
        };
    }
    if let Some(proxy) = proxy
        && let Some((kind, message)) = proxy_failure(&err, status, proxy)
    {
        return ApiError {
            operation,
            kind,
            code,
            message,
            status,
            network: None,
        };
    }
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
            let timed_out = match &err {
                SdkError::TimeoutError(_) => true,
                SdkError::DispatchFailure(d) => d.is_timeout(),
                _ => false,
            };
            let mut chain = Vec::new();
            let mut cause: Option<&(dyn std::error::Error + 'static)> =
                std::error::Error::source(&err);
            while let Some(c) = cause {
                let io = c.downcast_ref::<std::io::Error>().map(std::io::Error::kind);
                chain.push((c.to_string(), io));
                cause = c.source();
            }
            let network = classify_network(host, timed_out, &chain);
            return ApiError {
                operation,
                kind: ApiErrorKind::Network,
                code,
                message: network.detail.clone(),
                status,
                network: Some(Box::new(network)),
            };
        }
        _ => (ApiErrorKind::Service, DisplayErrorContext(&err).to_string()),
    };
    ApiError {
        operation,
        kind,
        code,
        message,
        status,
        network: None,
    }
}

/// Stops the SDK's retries when the proxy asked for credentials: the same request would get
/// the same 407.
#[derive(Debug)]
struct NoRetryOnProxyAuth;

impl sso::config::retry::ClassifyRetry for NoRetryOnProxyAuth {
    fn classify_retry(
        &self,
        ctx: &sso::config::interceptors::InterceptorContext,
    ) -> sso::config::retry::RetryAction {
        use aws_sdk_sso::error::DisplayErrorContext;
        let status = ctx.response().is_some_and(|r| r.status().as_u16() == 407);
        let tunnel = matches!(ctx.output_or_error(), Some(Err(e))
            if DisplayErrorContext(e).to_string().contains("proxy authorization required"));
        if status || tunnel {
            sso::config::retry::RetryAction::RetryForbidden
        } else {
            sso::config::retry::RetryAction::NoActionIndicated
        }
    }

    fn name(&self) -> &'static str {
        "NoRetryOnProxyAuth"
    }
}

/// A new OIDC client registration.
#[derive(Debug, Clone)]
pub(crate) struct NewRegistration {
    /// The client id.
    pub client_id: String,
    /// The client secret.
    pub client_secret: Secret<String>,
    /// When it expires.
    pub expires_at: Timestamp,
}

/// The device flow's first answer.
#[derive(Debug, Clone)]
pub(crate) struct DeviceAuthorization {
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
pub(crate) struct NewToken {
    /// The access token.
    pub access_token: Secret<String>,
    /// Seconds of validity.
    pub expires_in: u64,
    /// The refresh token, if one was issued.
    pub refresh_token: Option<Secret<String>>,
}

/// [`Clients::within`] as a method of the request's future. The request is boxed: nested
/// inline, the SDK's large request futures made every caller's frame (and the stack pages a
/// `credential-process` cache hit touches, where none of them runs) much larger.
trait Within: std::future::Future + Sized + Send {
    fn within<'a>(
        self,
        clients: &'a Clients,
        operation: &'static str,
        host: String,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<Self::Output, ApiError>> + Send + 'a>,
    >
    where
        Self: 'a,
    {
        Box::pin(async move { clients.within(operation, &host, self).await })
    }
}

impl<F: std::future::Future + Send> Within for F {}

/// How to obtain a token.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Grant<'a> {
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
/// let account = awsso::Account::new("123456789012", "prod")
///     .with_email("aws-prod@example.com");
/// assert_eq!(account.id.len(), 12);
/// assert_eq!(account.email.as_deref(), Some("aws-prod@example.com"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[non_exhaustive]
pub struct Account {
    /// The account id (12 digits).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its root email address, when the service gave one.
    pub email: Option<String>,
}

impl Account {
    /// An account with this id and name, and no email address (for tests and fakes: listings
    /// build their own).
    ///
    /// ```
    /// let account = awsso::Account::new("123456789012", "prod");
    /// assert_eq!(account.email, None);
    /// ```
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Account {
        Account {
            id: id.into(),
            name: name.into(),
            email: None,
        }
    }

    /// With this root email address.
    ///
    /// ```
    /// let account = awsso::Account::new("123456789012", "prod").with_email("aws-prod@example.com");
    /// assert_eq!(account.email.as_deref(), Some("aws-prod@example.com"));
    /// ```
    #[must_use]
    pub fn with_email(mut self, email: impl Into<String>) -> Account {
        self.email = Some(email.into());
        self
    }
}

/// The two service clients for one Identity Center region.
#[derive(Debug)]
pub(crate) struct Clients {
    region: String,
    /// The PEM bundle of `AWS_CA_BUNDLE`, checked; `None`: the system's roots.
    trust: Result<Option<Vec<u8>>, CaBundleError>,
    sso_endpoint: Option<String>,
    oidc_endpoint: Option<String>,
    max_attempts: u32,
    proxy: Result<ProxySettings, ProxyError>,
    /// The command's network budget ([`network_budget`]) and how much of it requests used.
    budget: Result<Option<Duration>, String>,
    spent: Mutex<Duration>,
    sso: OnceLock<sso::Client>,
    oidc: OnceLock<oidc::Client>,
}

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The most one attempt of a request may take.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);
/// The most one operation, all its attempts together, may take.
pub(crate) const OPERATION_TIMEOUT: Duration = Duration::from_secs(60);

/// The largest response body accepted from any endpoint (see the module docs).
pub(crate) const MAX_RESPONSE_BODY: usize = 1024 * 1024;

/// The message for an answer over [`MAX_RESPONSE_BODY`].
fn too_large(host: &str) -> String {
    format!(
        "the answer from {host} is larger than {} KiB, more than any real answer: refused",
        MAX_RESPONSE_BODY / 1024
    )
}

/// `AWS_CA_BUNDLE` that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("AWS_CA_BUNDLE={}: {reason}", crate::escape::for_terminal(&path.display().to_string()))]
pub(crate) struct CaBundleError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong with it.
    pub reason: String,
}

/// Reads and checks a CA bundle: a regular file (never blocking on a FIFO, see
/// [`crate::fsutil::read_user`]) holding at least one PEM certificate, each of which the TLS
/// stack can load as a trust anchor (the same parse and the same `RootCertStore::add` the HTTP
/// client runs, which panics where this returns an error). Returns the PEM bytes.
pub(crate) fn load_ca_bundle(path: &Path) -> Result<Vec<u8>, CaBundleError> {
    use rustls_pki_types::CertificateDer;
    use rustls_pki_types::pem::PemObject;
    let fail = |reason: String| CaBundleError {
        path: path.to_path_buf(),
        reason,
    };
    let pem = match crate::fsutil::read_user(path) {
        Ok(Some(pem)) => pem,
        Ok(None) => return Err(fail("the file does not exist".to_owned())),
        Err(e) => return Err(fail(format!("cannot be read: {e}"))),
    };
    let certs = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| fail(format!("not a valid PEM file: {e}")))?;
    if certs.is_empty() {
        return Err(fail(
            "no certificate in it (expected PEM: -----BEGIN CERTIFICATE-----)".to_owned(),
        ));
    }
    let mut roots = rustls::RootCertStore::empty();
    for (i, cert) in certs.into_iter().enumerate() {
        roots
            .add(cert)
            .map_err(|e| fail(format!("certificate {} is not usable: {e}", i + 1)))?;
    }
    Ok(pem)
}

/// The command's network budget: `AWSSO_NETWORK_TIMEOUT` (whole seconds, 1 to 86400) when
/// set, else the command's default. Pure.
pub(crate) fn network_budget(env: &Env) -> Result<Option<Duration>, String> {
    let Some(text) = &env.network_timeout else {
        return Ok(env.network_timeout_default);
    };
    let text = text.trim();
    let seconds = text.strip_suffix('s').unwrap_or(text);
    match seconds.parse::<u64>() {
        Ok(n) if (1..=86_400).contains(&n) => Ok(Some(Duration::from_secs(n))),
        _ => Err(format!(
            "AWSSO_NETWORK_TIMEOUT='{}' is not a number of seconds from 1 to 86400",
            crate::ids::shown(text)
        )),
    }
}

/// Caps every response body of `client` at [`MAX_RESPONSE_BODY`] (also a program's own
/// client, for the admin APIs).
pub(crate) fn capped(client: sso::config::SharedHttpClient) -> sso::config::SharedHttpClient {
    sso::config::SharedHttpClient::new(Capped(client))
}

/// Sends one bare `request` through `connector` (see [`Clients::connector`]: proxy, CA
/// bundle, body cap) and reads the answer's status and body, all within `timeout`: for the
/// endpoints no SDK client covers (the console's federation endpoint, the sign-in token
/// endpoint). The error says what failed, for the caller to name the endpoint.
pub(crate) async fn exchange(
    connector: &aws_smithy_runtime_api::client::http::SharedHttpConnector,
    request: aws_smithy_runtime_api::client::orchestrator::HttpRequest,
    timeout: Duration,
) -> Result<(u16, Vec<u8>), String> {
    use aws_smithy_runtime_api::client::http::HttpConnector;
    let exchange = async {
        let response = connector
            .call(request)
            .await
            .map_err(|e| crate::sso::error_chain(&e))?;
        let status = response.status().as_u16();
        let bytes = aws_smithy_types::byte_stream::ByteStream::new(response.into_body())
            .collect()
            .await
            .map_err(|e| {
                if error_chain(&e).any(|e| e.is::<http_body_util::LengthLimitError>()) {
                    format!(
                        "the answer is larger than {} KiB, more than any real answer: refused",
                        MAX_RESPONSE_BODY / 1024
                    )
                } else {
                    e.to_string()
                }
            })?
            .to_vec();
        Ok((status, bytes))
    };
    tokio::time::timeout(timeout, exchange)
        .await
        .map_err(|_| format!("no answer within {}s", timeout.as_secs()))?
}

/// An HTTP client whose connectors cap response bodies (see [`capped`]).
#[derive(Debug)]
struct Capped(sso::config::SharedHttpClient);

impl aws_smithy_runtime_api::client::http::HttpClient for Capped {
    fn http_connector(
        &self,
        settings: &aws_smithy_runtime_api::client::http::HttpConnectorSettings,
        components: &aws_smithy_runtime_api::client::runtime_components::RuntimeComponents,
    ) -> aws_smithy_runtime_api::client::http::SharedHttpConnector {
        cap_connector(self.0.http_connector(settings, components))
    }

    fn connector_metadata(
        &self,
    ) -> Option<aws_smithy_runtime_api::client::connector_metadata::ConnectorMetadata> {
        self.0.connector_metadata()
    }
}

/// `connector` with every response body capped at [`MAX_RESPONSE_BODY`].
fn cap_connector(
    connector: impl aws_smithy_runtime_api::client::http::HttpConnector + 'static,
) -> aws_smithy_runtime_api::client::http::SharedHttpConnector {
    aws_smithy_runtime_api::client::http::SharedHttpConnector::new(CappedConnector(
        aws_smithy_runtime_api::client::http::SharedHttpConnector::new(connector),
    ))
}

#[derive(Debug)]
struct CappedConnector(aws_smithy_runtime_api::client::http::SharedHttpConnector);

impl aws_smithy_runtime_api::client::http::HttpConnector for CappedConnector {
    fn call(
        &self,
        request: aws_smithy_runtime_api::client::orchestrator::HttpRequest,
    ) -> aws_smithy_runtime_api::client::http::HttpConnectorFuture {
        let response = self.0.call(request);
        aws_smithy_runtime_api::client::http::HttpConnectorFuture::new(async move {
            Ok(response.await?.map(|body| {
                aws_smithy_types::body::SdkBody::from_body_1_x(http_body_util::Limited::new(
                    body,
                    MAX_RESPONSE_BODY,
                ))
            }))
        })
    }
}

impl Clients {
    /// Clients for `sso_region`; `max_attempts` counts the SDK's own retries (1 = none, for
    /// callers that pace and back off themselves).
    pub(crate) fn new(env: &Env, sso_region: &str, max_attempts: u32) -> Clients {
        Clients {
            region: sso_region.to_owned(),
            trust: env.ca_bundle.as_deref().map(load_ca_bundle).transpose(),
            sso_endpoint: env.sso_endpoint().map(str::to_owned),
            oidc_endpoint: env.oidc_endpoint().map(str::to_owned),
            max_attempts: max_attempts.max(1),
            proxy: ProxySettings::from_env(&env.proxy),
            budget: network_budget(env),
            spent: Mutex::new(Duration::ZERO),
            sso: OnceLock::new(),
            oidc: OnceLock::new(),
        }
    }

    /// The first reason these clients cannot send `operation` as configured (see
    /// [`ApiErrorKind::Config`]), checked before any client is built or request sent.
    fn check_ready(&self, operation: &'static str) -> Result<(), ApiError> {
        if let Err(e) = &self.proxy {
            return Err(ApiError::proxy_config(operation, e));
        }
        if let Err(e) = &self.trust {
            return Err(ApiError::config(operation, e.to_string()));
        }
        if let Err(e) = &self.budget {
            return Err(ApiError::config(operation, e.clone()));
        }
        // The region becomes the endpoints' host names; a cache file's or a caller's region
        // is checked here too, whatever checked it before.
        crate::ids::check_region(&self.region)
            .map_err(|e| ApiError::config(operation, format!("Identity Center {e}")))?;
        Ok(())
    }

    /// Runs one request within what is left of the command's network budget (when it has
    /// one); the time it took is used up.
    async fn within<F: std::future::Future>(
        &self,
        operation: &'static str,
        host: &str,
        request: F,
    ) -> Result<F::Output, ApiError> {
        let Ok(Some(budget)) = self.budget else {
            return Ok(request.await);
        };
        let spent = *self
            .spent
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let left = budget.saturating_sub(spent);
        let started = std::time::Instant::now();
        let result = tokio::time::timeout(left, request).await;
        *self
            .spent
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) += started.elapsed();
        result.map_err(|_| ApiError::out_of_time(operation, host, budget))
    }

    /// The OIDC endpoint in use (override or the region's default); the PKCE authorize URL is
    /// built on it.
    pub(crate) fn oidc_endpoint(&self) -> String {
        self.oidc_endpoint
            .clone()
            .unwrap_or_else(|| pkce::default_oidc_endpoint(&self.region))
    }

    /// The OIDC host requests go to (for error messages).
    fn oidc_host(&self) -> String {
        host_of(&self.oidc_endpoint())
    }

    /// The portal host requests go to (for error messages).
    fn portal_host(&self) -> String {
        match &self.sso_endpoint {
            Some(url) => host_of(url),
            None => host_of(&pkce::default_oidc_endpoint(&self.region)).replacen(
                "oidc.",
                "portal.sso.",
                1,
            ),
        }
    }

    /// The portal endpoint in use (override or the region's default).
    fn sso_endpoint_url(&self) -> String {
        self.sso_endpoint
            .clone()
            .unwrap_or_else(|| format!("https://{}", self.portal_host()))
    }

    /// The proxy requests to `endpoint` go through, if any.
    fn proxy_for(&self, endpoint: &str) -> Option<&Proxy> {
        match self.proxy.as_ref().ok()?.route(endpoint) {
            Route::Proxy(proxy) => Some(proxy),
            Route::Direct | Route::Bypassed => None,
        }
    }

    fn sso_proxy(&self) -> Option<&Proxy> {
        self.proxy_for(&self.sso_endpoint_url())
    }

    fn oidc_proxy(&self) -> Option<&Proxy> {
        self.proxy_for(&self.oidc_endpoint())
    }

    /// The HTTP client for an endpoint (see the module docs); `None`: any `https://` AWS
    /// endpoint (the library's `SdkConfig`), where the connector applies `NO_PROXY` itself.
    fn http_client(&self, endpoint: Option<&str>) -> sso::config::SharedHttpClient {
        let plain = endpoint.is_some_and(|e| e.starts_with("http://"));
        let (proxy, no_proxy) = match endpoint {
            Some(endpoint) => (self.proxy_for(endpoint), None),
            None => match self.proxy.as_ref() {
                Ok(settings) => (
                    settings.https.as_ref().or(settings.all.as_ref()),
                    Some(settings.no_proxy.value.clone()).filter(|v| !v.is_empty()),
                ),
                Err(_) => (None, None),
            },
        };
        // TLS is needed for an https:// endpoint, and for an https:// proxy even when the
        // endpoint is plain; AWS_CA_BUNDLE applies to both (a corporate proxy's CA).
        let needs_tls = !plain || proxy.is_some_and(|p| p.url.scheme() == ProxyScheme::Https);
        let context = if needs_tls { self.tls_context() } else { None };
        let builder = aws_smithy_http_client::Builder::new();
        let Some(proxy) = proxy else {
            return capped(match context {
                _ if !needs_tls => builder.build_http(),
                None => builder.tls_provider(TLS).build_https(),
                Some(context) => builder.tls_provider(TLS).tls_context(context).build_https(),
            });
        };
        // `ProxyUrl::parse` accepted it, so the connector accepts it too; a failure here would
        // only mean a direct connection, never a leak of the URL.
        let mut proxy = ProxyConfig::all(proxy.url.connector_url().expose().as_str())
            .unwrap_or_else(|_| ProxyConfig::disabled());
        if let Some(rules) = no_proxy {
            proxy = proxy.no_proxy(rules);
        }
        capped(
            builder.build_with_connector_fn(move |settings, components| {
                let mut b = Connector::builder();
                b.set_connector_settings(settings.cloned());
                if let Some(components) = components {
                    b.set_sleep_impl(components.sleep_impl());
                }
                let b = b.proxy_config(proxy.clone());
                if needs_tls {
                    b.tls_provider(TLS)
                        .tls_context(context.clone().unwrap_or_default())
                        .build()
                } else {
                    b.build_http()
                }
            }),
        )
    }

    /// The trust roots: only `AWS_CA_BUNDLE`'s when it is set, else `None` (the system's,
    /// loaded by the connector). Callers check [`Clients::trust`] first: an unusable bundle
    /// never gets here (and would never mean the system's roots).
    fn tls_context(&self) -> Option<TlsContext> {
        let pem = self.trust.as_ref().ok()?.clone()?;
        TlsContext::builder()
            .with_trust_store(
                TrustStore::empty()
                    .with_native_roots(false)
                    .with_pem_certificate(pem),
            )
            .build()
            .ok()
    }

    /// A bare connector for `endpoint` with the trust roots and proxy rules above, for the few
    /// calls made outside the SDK (the console's getSigninToken). An unusable proxy setting is
    /// an error (never a silent direct connection).
    pub(crate) fn connector(
        env: &Env,
        endpoint: &str,
    ) -> Result<aws_smithy_runtime_api::client::http::SharedHttpConnector, String> {
        let clients = Clients::new(env, "", 1);
        if let Err(e) = &clients.proxy {
            return Err(format!("invalid proxy setting {e}"));
        }
        if let Err(e) = &clients.trust {
            return Err(e.to_string());
        }
        let proxy = clients.proxy_for(endpoint);
        let plain = endpoint.starts_with("http://");
        let needs_tls = !plain || proxy.is_some_and(|p| p.url.scheme() == ProxyScheme::Https);
        let mut builder = Connector::builder();
        if let Some(proxy) = proxy {
            builder = builder.proxy_config(
                ProxyConfig::all(proxy.url.connector_url().expose().as_str())
                    .map_err(|_| "the proxy URL is not usable".to_owned())?,
            );
        }
        Ok(cap_connector(if needs_tls {
            builder
                .tls_provider(TLS)
                .tls_context(clients.tls_context().unwrap_or_default())
                .build()
        } else {
            builder.build_http()
        }))
    }

    /// The HTTPS client awsso would use for any AWS endpoint (the CA bundle and proxy rules
    /// above), for the `SdkConfig` the library hands out.
    /// An unusable `AWS_CA_BUNDLE` is an error (never the system's roots instead).
    pub(crate) fn https_client(env: &Env) -> Result<sso::config::SharedHttpClient, CaBundleError> {
        let clients = Clients::new(env, "", 1);
        clients.trust.clone()?;
        Ok(clients.http_client(None))
    }

    /// [`Clients::https_client`] with the system's roots and no proxy: for a program's
    /// `SdkConfig` that brings no HTTP client.
    pub(crate) fn default_https_client() -> sso::config::SharedHttpClient {
        Clients::new(&Env::default(), "", 1).http_client(None)
    }

    fn sso(&self, operation: &'static str) -> Result<&sso::Client, ApiError> {
        self.check_ready(operation)?;
        Ok(self.sso.get_or_init(|| {
            let mut b = sso::Config::builder()
                .http_client(self.http_client(Some(&self.sso_endpoint_url())))
                .retry_classifier(NoRetryOnProxyAuth)
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
                        .operation_timeout(OPERATION_TIMEOUT)
                        .build(),
                );
            if let Some(url) = &self.sso_endpoint {
                b = b.endpoint_url(url);
            }
            sso::Client::from_conf(b.build())
        }))
    }

    fn oidc(&self, operation: &'static str) -> Result<&oidc::Client, ApiError> {
        self.check_ready(operation)?;
        Ok(self.oidc.get_or_init(|| {
            let mut b = oidc::Config::builder()
                .http_client(self.http_client(Some(&self.oidc_endpoint())))
                .retry_classifier(NoRetryOnProxyAuth)
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
                        .operation_timeout(OPERATION_TIMEOUT)
                        .build(),
                );
            if let Some(url) = &self.oidc_endpoint {
                b = b.endpoint_url(url);
            }
            oidc::Client::from_conf(b.build())
        }))
    }

    /// RegisterClient: a public client for the given grant types and scopes. `now` names the
    /// client and stands in for a missing expiry.
    pub(crate) async fn register_client(
        &self,
        issuer_url: &str,
        scopes: &[String],
        grant_types: &[&str],
        redirect_uri: Option<&str>,
        now: time::OffsetDateTime,
    ) -> Result<NewRegistration, ApiError> {
        let mut req = self
            .oidc("RegisterClient")?
            .register_client()
            .client_name(format!("awsso-{}", now.unix_timestamp()))
            .client_type("public")
            .set_scopes(Some(scopes.to_vec()).filter(|s| !s.is_empty()));
        if redirect_uri.is_some() {
            req = req
                .set_grant_types(Some(grant_types.iter().map(|g| (*g).to_owned()).collect()))
                .set_redirect_uris(redirect_uri.map(|r| vec![r.to_owned()]))
                .issuer_url(issuer_url);
        }
        let out = req
            .send()
            .within(self, "RegisterClient", self.oidc_host())
            .await?
            .map_err(|e| map_err(&self.oidc_host(), "RegisterClient", self.oidc_proxy(), e))?;
        let client_id = out.client_id().unwrap_or_default().to_owned();
        let client_secret = Secret::new(out.client_secret().unwrap_or_default().to_owned());
        let expires_at = Timestamp::from_unix(out.client_secret_expires_at())
            .unwrap_or_else(|| Timestamp::new(now));
        Ok(NewRegistration {
            client_id,
            client_secret,
            expires_at,
        })
    }

    /// StartDeviceAuthorization.
    pub(crate) async fn start_device_authorization(
        &self,
        client_id: &str,
        client_secret: &Secret<String>,
        start_url: &str,
    ) -> Result<DeviceAuthorization, ApiError> {
        let out = self
            .oidc("StartDeviceAuthorization")?
            .start_device_authorization()
            .client_id(client_id)
            .client_secret(client_secret.expose())
            .start_url(start_url)
            .send()
            .within(self, "StartDeviceAuthorization", self.oidc_host())
            .await?
            .map_err(|e| {
                map_err(
                    &self.oidc_host(),
                    "StartDeviceAuthorization",
                    self.oidc_proxy(),
                    e,
                )
            })?;
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
    pub(crate) async fn create_token(
        &self,
        client_id: &str,
        client_secret: &Secret<String>,
        grant: Grant<'_>,
    ) -> Result<NewToken, ApiError> {
        let req = self
            .oidc("CreateToken")?
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
        let out = req
            .send()
            .within(self, "CreateToken", self.oidc_host())
            .await?
            .map_err(|e| map_err(&self.oidc_host(), "CreateToken", self.oidc_proxy(), e))?;
        Ok(NewToken {
            access_token: Secret::new(out.access_token().unwrap_or_default().to_owned()),
            expires_in: u64::try_from(out.expires_in()).unwrap_or(0),
            refresh_token: out.refresh_token().map(|r| Secret::new(r.to_owned())),
        })
    }

    /// GetRoleCredentials.
    pub(crate) async fn get_role_credentials(
        &self,
        access_token: &Secret<String>,
        account_id: &str,
        role_name: &str,
    ) -> Result<RoleCredentials, ApiError> {
        let out = self
            .sso("GetRoleCredentials")?
            .get_role_credentials()
            .access_token(access_token.expose())
            .account_id(account_id)
            .role_name(role_name)
            .send()
            .within(self, "GetRoleCredentials", self.portal_host())
            .await?
            .map_err(|e| {
                map_err(
                    &self.portal_host(),
                    "GetRoleCredentials",
                    self.sso_proxy(),
                    e,
                )
            })?;
        let creds = out.role_credentials().ok_or_else(|| ApiError {
            operation: "GetRoleCredentials",
            kind: ApiErrorKind::Service,
            network: None,
            code: None,
            message: "the response has no roleCredentials".to_owned(),
            status: None,
        })?;
        let expiration =
            Timestamp::from_unix(creds.expiration().div_euclid(1000)).ok_or_else(|| ApiError {
                operation: "GetRoleCredentials",
                kind: ApiErrorKind::Service,
                network: None,
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
    pub(crate) async fn list_accounts_page(
        &self,
        access_token: &Secret<String>,
        next_token: Option<String>,
    ) -> Result<(Vec<Account>, Option<String>), ApiError> {
        let out = self
            .sso("ListAccounts")?
            .list_accounts()
            .access_token(access_token.expose())
            .max_results(100)
            .set_next_token(next_token)
            .send()
            .within(self, "ListAccounts", self.portal_host())
            .await?
            .map_err(|e| map_err(&self.portal_host(), "ListAccounts", self.sso_proxy(), e))?;
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
    pub(crate) async fn list_account_roles_page(
        &self,
        access_token: &Secret<String>,
        account_id: &str,
        next_token: Option<String>,
    ) -> Result<(Vec<String>, Option<String>), ApiError> {
        let out = self
            .sso("ListAccountRoles")?
            .list_account_roles()
            .access_token(access_token.expose())
            .account_id(account_id)
            .max_results(100)
            .set_next_token(next_token)
            .send()
            .within(self, "ListAccountRoles", self.portal_host())
            .await?
            .map_err(|e| map_err(&self.portal_host(), "ListAccountRoles", self.sso_proxy(), e))?;
        let roles = out
            .role_list()
            .iter()
            .filter_map(|r| r.role_name().map(str::to_owned))
            .collect();
        Ok((roles, out.next_token().map(str::to_owned)))
    }

    /// Logout: invalidates the access token server-side.
    pub(crate) async fn logout(&self, access_token: &Secret<String>) -> Result<(), ApiError> {
        self.sso("Logout")?
            .logout()
            .access_token(access_token.expose())
            .send()
            .within(self, "Logout", self.portal_host())
            .await?
            .map_err(|e| map_err(&self.portal_host(), "Logout", self.sso_proxy(), e))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::io::ErrorKind;

    use super::*;

    fn classify(timed_out: bool, chain: &[(&str, Option<ErrorKind>)]) -> NetworkFailure {
        let chain: Vec<(String, Option<ErrorKind>)> =
            chain.iter().map(|(m, k)| ((*m).to_owned(), *k)).collect();
        classify_network("oidc.eu-west-1.amazonaws.com", timed_out, &chain)
    }

    /// The cause chains below are the ones hyper-util and rustls produce (seen in the SDK's
    /// debug output for each failure).
    #[test]
    fn transport_failures_are_named_by_what_failed() {
        let dns = classify(
            false,
            &[
                ("io error", None),
                ("client error (Connect)", None),
                ("dns error", None),
                (
                    "failed to lookup address information: Name or service not known",
                    Some(ErrorKind::Other),
                ),
            ],
        );
        assert_eq!(dns.kind, NetworkErrorKind::Resolve);
        assert_eq!(
            dns.to_string(),
            "cannot resolve oidc.eu-west-1.amazonaws.com: DNS lookup failed"
        );
        let refused = classify(
            false,
            &[
                ("io error", None),
                ("client error (Connect)", None),
                ("tcp connect error", None),
                (
                    "Connection refused (os error 111)",
                    Some(ErrorKind::ConnectionRefused),
                ),
            ],
        );
        assert_eq!(refused.kind, NetworkErrorKind::Connect);
        assert_eq!(
            refused.to_string(),
            "cannot connect to oidc.eu-west-1.amazonaws.com: Connection refused (os error 111)"
        );
        let tls = classify(
            false,
            &[
                ("io error", None),
                ("client error (Connect)", None),
                (
                    "invalid peer certificate: UnknownIssuer",
                    Some(ErrorKind::InvalidData),
                ),
            ],
        );
        assert_eq!(tls.kind, NetworkErrorKind::Tls);
        assert!(
            tls.to_string()
                .ends_with("failed: invalid peer certificate: UnknownIssuer")
        );
        let proxy = classify(
            false,
            &[
                ("client error (Connect)", None),
                (
                    "proxy tunnel failed: 407 Proxy Authentication Required",
                    None,
                ),
            ],
        );
        assert_eq!(proxy.kind, NetworkErrorKind::Proxy);
        let timeout = classify(true, &[("timeout", None)]);
        assert_eq!(timeout.kind, NetworkErrorKind::Timeout);
        assert_eq!(
            timeout.to_string(),
            "no answer from oidc.eu-west-1.amazonaws.com in time"
        );
        let unreachable = classify(
            false,
            &[(
                "Network is unreachable (os error 101)",
                Some(ErrorKind::NetworkUnreachable),
            )],
        );
        assert_eq!(unreachable.kind, NetworkErrorKind::Connect);
        let other = classify(
            false,
            &[("connection closed before message completed", None)],
        );
        assert_eq!(other.kind, NetworkErrorKind::Other);
        assert_eq!(classify(false, &[]).detail, "unknown error");
    }

    #[test]
    fn details_are_one_line_and_bounded() {
        let long = format!("bad\n\x1b[31mthing{}", "x".repeat(1000));
        let f = classify(false, &[(&long, None)]);
        assert!(!f.detail.contains('\n') && !f.detail.contains('\x1b'));
        assert!(f.detail.len() <= 300);
    }

    #[test]
    fn hosts_of_endpoint_urls() {
        assert_eq!(
            host_of("https://oidc.us-east-1.amazonaws.com"),
            "oidc.us-east-1.amazonaws.com"
        );
        assert_eq!(host_of("http://127.0.0.1:8080/path?q"), "127.0.0.1:8080");
        assert_eq!(
            host_of("https://user:pw@proxy.example:3128/"),
            "proxy.example:3128"
        );
    }
}
