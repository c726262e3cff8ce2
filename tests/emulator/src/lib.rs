//! An in-memory AWS IAM Identity Center emulator: a **test double** for awsso's tests, README demo
//! and benchmarks. Never use it as a real identity provider.
//!
//! One HTTP/1.1 server on `127.0.0.1:<random port>` serves both restJson1 APIs the product talks
//! to, with the URIs, member names, headers and error shapes of botocore's service models
//! (`sso-oidc/2019-06-10` and `sso/2019-06-10`):
//!
//! | API      | operation                  | route                                  |
//! |----------|----------------------------|----------------------------------------|
//! | SSO OIDC | `RegisterClient`           | `POST /client/register`                |
//! | SSO OIDC | `StartDeviceAuthorization` | `POST /device_authorization`           |
//! | SSO OIDC | `CreateToken`              | `POST /token`                          |
//! | browser  | authorization (PKCE)       | `GET /authorize?...` → 302             |
//! | browser  | device verification page   | `GET /device?user_code=...`            |
//! | SSO      | `GetRoleCredentials`       | `GET /federation/credentials`          |
//! | SSO      | `ListAccounts`             | `GET /assignment/accounts`             |
//! | SSO      | `ListAccountRoles`         | `GET /assignment/roles`                |
//! | SSO      | `Logout`                   | `POST /logout`                         |
//! | STS      | `GetCallerIdentity`        | `POST /sts` (awsQuery)                 |
//! | sign-in  | `getSigninToken`, `login`  | `GET\|POST /federation?Action=…`       |
//! | sign-in  | `aws login` authorize      | `GET /v1/authorize?...` → 302          |
//! | sign-in  | cross-device code page     | `GET /v1/sessions/confirmation`        |
//! | sign-in  | `CreateOAuth2Token` (DPoP) | `POST /v1/token`                       |
//! | emulator | call counters (JSON)       | `GET /_emulator/calls`                 |
//! | emulator | a login session cache file | `GET /_emulator/login-session?expires_in=SECS` |
//! | admin    | sso-admin, identitystore, organizations (awsJson1_1, SigV4) | `POST /` + `X-Amz-Target` |
//!
//! This module owns the public API ([`Emulator`], [`Config`], [`Op`], [`Fault`]) and the server's
//! lifetime (its own multi-thread tokio runtime on its own thread). The OAuth/OIDC behaviour lives
//! in `oidc`, the portal in `portal`, the admin APIs in `admin`, shared state in `state`, wire errors in `errors`, the
//! HTTP routing in `server` and the fake browser in `browser`. Everything is in memory.
//!
//! ```no_run
//! use awsso_emulator::{Config, Emulator, Fault, Op};
//!
//! let emulator = Emulator::start(Config::grid(3, 2));
//! emulator.inject(Op::GetRoleCredentials, Fault::Throttle, 1);
//! // point AWS_ENDPOINT_URL_SSO / AWS_ENDPOINT_URL_SSO_OIDC at emulator.url() ...
//! assert_eq!(emulator.calls(Op::GetRoleCredentials), 0);
//! # emulator.allow_unused();
//! ```

mod admin;
mod browser;
mod errors;
mod federation;
mod oidc;
mod portal;
mod proxy;
mod server;
mod signin;
mod state;
mod sts;
mod tls;

use std::fmt;
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

pub use admin::{
    AdminFault, AdminOp, AssignmentRow, Directory, OrgAccount, Ou, PermissionSet, Principal,
    SAMPLE_ACCESS_KEY_ID, SAMPLE_IDENTITY_STORE_ID, SAMPLE_INSTANCE_ARN,
};
pub use browser::browse;
pub use proxy::{Proxy, ProxyMode};
pub use signin::{CROSS_DEVICE, SAME_DEVICE, SigninFault};

use state::Shared;

/// What the emulated Identity Center instance contains and how it behaves.
#[derive(Clone, Debug)]
pub struct Config {
    /// Accounts assigned to the (single) user, in `ListAccounts` order.
    pub accounts: Vec<Account>,
    /// Items per `ListAccounts` / `ListAccountRoles` page; a smaller `max_result` wins.
    pub page_size: usize,
    /// Delay added to every API call (and the browser pages), slept asynchronously so parallel
    /// calls overlap.
    pub latency: Duration,
    /// Requests per second allowed over the portal API (`ListAccounts`, `ListAccountRoles`,
    /// `GetRoleCredentials`) as a token bucket holding one second of burst, shared by all
    /// connections; excess requests get 429 `TooManyRequestsException`. Must be positive.
    pub rate_limit: Option<f64>,
    /// Lifetime of issued access tokens (`expiresIn`); Identity Center's default is 8 hours.
    pub access_token_ttl: Duration,
    /// Lifetime of role credentials returned by `GetRoleCredentials`.
    pub role_credentials_ttl: Duration,
    /// Lifetime of client registrations (`clientSecretExpiresAt`); the real service uses 90 days.
    pub registration_ttl: Duration,
    /// How many times `CreateToken` with a device code answers `AuthorizationPendingException`
    /// before approving (unless the device page was visited first).
    pub device_pending_polls: u32,
    /// The `interval` returned by `StartDeviceAuthorization`, in seconds.
    pub device_interval: i32,
    /// When set, the user "declines" in the browser: `/authorize` redirects with
    /// `error=access_denied` and device-code polling ends in `AccessDeniedException`.
    pub deny_authorization: bool,
    /// The organization and Identity Center instance behind the admin APIs (sso-admin,
    /// identitystore, organizations on `POST /`); `None` answers them
    /// `UnknownOperationException`.
    pub admin: Option<Directory>,
    /// The sign-in service of `aws login` sessions (`/v1/authorize`, `/v1/token`).
    pub signin: SigninConfig,
}

/// The emulated sign-in service's principal and credential lifetime.
#[derive(Clone, Debug)]
pub struct SigninConfig {
    /// The principal ARN every login signs in as (the id token's `sub`).
    pub principal: String,
    /// The `expiresIn` of issued credentials (the real service: at most 15 minutes).
    pub credentials_ttl: Duration,
}

impl Default for SigninConfig {
    fn default() -> SigninConfig {
        SigninConfig {
            principal: "arn:aws:iam::123456789012:user/alice".to_owned(),
            credentials_ttl: Duration::from_secs(900),
        }
    }
}

/// One AWS account assigned to the user, with the permission sets (roles) they may assume.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    /// 12-digit account id.
    pub id: String,
    /// Display name (`accountName`).
    pub name: String,
    /// Root email address (`emailAddress`).
    pub email: String,
    /// Role names the user may assume in this account, in `ListAccountRoles` order.
    pub roles: Vec<String>,
}

impl Config {
    /// A regular grid: `accounts` accounts with ids `100000000000`, `100000000001`, … names
    /// `account-000`, `account-001`, … emails `account-000@example.com`, …, each holding the
    /// roles `Role0` … `Role{roles-1}`; other settings at their defaults.
    pub fn grid(accounts: usize, roles: usize) -> Config {
        let accounts = (0..accounts)
            .map(|i| Account {
                id: format!("{:012}", 100_000_000_000_u64 + i as u64),
                name: format!("account-{i:03}"),
                email: format!("account-{i:03}@example.com"),
                roles: (0..roles).map(|r| format!("Role{r}")).collect(),
            })
            .collect();
        Config {
            accounts,
            page_size: 20,
            latency: Duration::ZERO,
            rate_limit: None,
            access_token_ttl: Duration::from_secs(8 * 3600),
            role_credentials_ttl: Duration::from_secs(3600),
            registration_ttl: Duration::from_secs(90 * 24 * 3600),
            device_pending_polls: 0,
            device_interval: 1,
            deny_authorization: false,
            admin: None,
            signin: SigninConfig::default(),
        }
    }
}

impl Default for Config {
    /// `Config::grid(2, 2)`.
    fn default() -> Config {
        Config::grid(2, 2)
    }
}

/// The operations the emulator counts and can inject faults into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    /// SSO OIDC `RegisterClient`.
    RegisterClient,
    /// SSO OIDC `StartDeviceAuthorization`.
    StartDeviceAuthorization,
    /// SSO OIDC `CreateToken` (every grant type).
    CreateToken,
    /// The browser-facing approval pages: `GET /authorize` and the device verification page.
    Authorize,
    /// SSO `GetRoleCredentials`.
    GetRoleCredentials,
    /// SSO `ListAccounts`.
    ListAccounts,
    /// SSO `ListAccountRoles`.
    ListAccountRoles,
    /// SSO `Logout`.
    Logout,
    /// Sign-in `GET /v1/authorize` (`aws login`'s browser approval).
    SigninAuthorize,
    /// Sign-in `POST /v1/token` (`CreateOAuth2Token`, both grants, refused ones included).
    SigninToken,
}

impl Op {
    /// Every operation, in declaration order.
    pub const ALL: [Op; 10] = [
        Op::RegisterClient,
        Op::StartDeviceAuthorization,
        Op::CreateToken,
        Op::Authorize,
        Op::GetRoleCredentials,
        Op::ListAccounts,
        Op::ListAccountRoles,
        Op::Logout,
        Op::SigninAuthorize,
        Op::SigninToken,
    ];

    /// The operation's name as AWS spells it (`"GetRoleCredentials"`); `"Authorize"` for the
    /// browser pages.
    pub fn name(self) -> &'static str {
        match self {
            Op::RegisterClient => "RegisterClient",
            Op::StartDeviceAuthorization => "StartDeviceAuthorization",
            Op::CreateToken => "CreateToken",
            Op::Authorize => "Authorize",
            Op::GetRoleCredentials => "GetRoleCredentials",
            Op::ListAccounts => "ListAccounts",
            Op::ListAccountRoles => "ListAccountRoles",
            Op::Logout => "Logout",
            Op::SigninAuthorize => "SigninAuthorize",
            Op::SigninToken => "CreateOAuth2Token",
        }
    }

    /// Whether the operation belongs to the SSO portal API (subject to `rate_limit`, errors
    /// carry `message`) rather than SSO OIDC (errors carry `error`/`error_description`).
    fn is_portal(self) -> bool {
        matches!(
            self,
            Op::GetRoleCredentials | Op::ListAccounts | Op::ListAccountRoles | Op::Logout
        )
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A failure to inject with [`Emulator::inject`].
///
/// Each maps to the closest modelled error of the operation's API:
///
/// | fault                  | SSO OIDC ops                                 | SSO portal ops                      | `/authorize` (browser)       |
/// |------------------------|----------------------------------------------|-------------------------------------|------------------------------|
/// | `Throttle`             | 429 `TooManyRequestsException` (unmodelled)  | 429 `TooManyRequestsException`      | 429 page                     |
/// | `ServerError`          | 500 `InternalServerException`                | 500 `InternalServerException` (unmodelled) | 500 page              |
/// | `Unauthorized`         | 401 `InvalidClientException`                 | 401 `UnauthorizedException`         | 401 page                     |
/// | `SlowDown`             | 400 `SlowDownException`                      | 429 `TooManyRequestsException`      | 429 page                     |
/// | `ExpiredToken`         | 400 `ExpiredTokenException`                  | 401 `UnauthorizedException`         | 400 page                     |
/// | `AccessDenied`         | 400 `AccessDeniedException`                  | 403 `ForbiddenException` (unmodelled) | redirect `error=access_denied` |
/// | `AuthorizationPending` | 400 `AuthorizationPendingException`          | 400 `InvalidRequestException`       | 400 page                     |
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fault {
    /// Throttling, HTTP 429.
    Throttle,
    /// A server-side failure, HTTP 500.
    ServerError,
    /// HTTP 401: bad token (portal) or bad client (OIDC).
    Unauthorized,
    /// OIDC `SlowDownException`.
    SlowDown,
    /// OIDC `ExpiredTokenException`.
    ExpiredToken,
    /// OIDC `AccessDeniedException`.
    AccessDenied,
    /// OIDC `AuthorizationPendingException`.
    AuthorizationPending,
}

/// A token minted server-side by [`Emulator::issue_token`], as if the AWS CLI had logged in.
#[derive(Clone, Debug)]
pub struct IssuedToken {
    /// The registered client's id.
    pub client_id: String,
    /// The registered client's secret.
    pub client_secret: String,
    /// The bearer token for the portal API.
    pub access_token: String,
    /// Present only when the client was registered with the `sso:account:access` scope.
    pub refresh_token: Option<String>,
    /// Access-token lifetime (`Config::access_token_ttl`).
    pub expires_in: Duration,
    /// Client-registration lifetime (`Config::registration_ttl`), for `registrationExpiresAt`.
    pub registration_expires_in: Duration,
}

/// One console sign-in token request (`Action=getSigninToken`) the emulator received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigninRequest {
    /// The HTTP method (`GET` or `POST`).
    pub method: String,
    /// The parsed `Session` parameter (`sessionId`, `sessionKey`, `sessionToken`).
    pub session: serde_json::Value,
    /// `SessionDuration`, if given.
    pub duration: Option<u64>,
}

/// What [`Emulator`]'s `Drop` asserts about the calls it received.
const EXPECT_SOME_CALLS: u8 = 0;
const EXPECT_ANYTHING: u8 = 1;
const EXPECT_NO_CALLS: u8 = 2;

/// A running emulator. Dropping it shuts the server down and checks the call expectation: by
/// default at least one request must have been made (a test that never reached the emulator is
/// usually misconfigured); see [`Emulator::allow_unused`] and [`Emulator::expect_no_calls`].
pub struct Emulator {
    shared: Arc<Shared>,
    url: String,
    expectation: AtomicU8,
    https_url: Option<String>,
    tls: Option<tls::Tls>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Emulator {
    /// Binds `127.0.0.1:0` and serves `config` from a multi-thread tokio runtime on a dedicated
    /// thread. The socket is listening when this returns.
    ///
    /// # Panics
    /// If the loopback socket cannot be bound or the runtime cannot be built.
    pub fn start(config: Config) -> Emulator {
        Emulator::start_on_port(config, 0).expect("start the emulator on 127.0.0.1:0")
    }

    /// Like [`Emulator::start`], and also serves the same APIs over TLS on a second port
    /// ([`Emulator::https_url`]) with a certificate signed by a CA generated for this emulator
    /// ([`Emulator::ca_file`], [`Emulator::ca_dir`]). Browser-facing URLs (the device
    /// verification page) stay on the plain port, where the fake browser can reach them.
    ///
    /// # Panics
    /// If the sockets cannot be bound, the certificates cannot be made or written, or the
    /// runtime cannot be built.
    pub fn start_tls(config: Config) -> Emulator {
        Emulator::start_on_port_with(config, 0, true)
            .expect("start the emulator with TLS on 127.0.0.1:0")
    }

    /// Like [`Emulator::start`] on `127.0.0.1:port` (0 picks a free port), reporting a port
    /// already in use as an error; for the binary's `--port`.
    pub fn start_on_port(config: Config, port: u16) -> std::io::Result<Emulator> {
        Emulator::start_on_port_with(config, port, false)
    }

    /// Like [`Emulator::start_on_port`], with TLS on a second, free port when `tls` is set.
    pub fn start_on_port_with(config: Config, port: u16, tls: bool) -> std::io::Result<Emulator> {
        let listener = TcpListener::bind(("127.0.0.1", port))?;
        listener.set_nonblocking(true)?;
        let url = format!("http://{}", listener.local_addr()?);
        let (tls, secure, https_url) = if tls {
            let tls = tls::Tls::generate()?;
            let secure = TcpListener::bind(("127.0.0.1", 0))?;
            secure.set_nonblocking(true)?;
            let https_url = format!("https://{}", secure.local_addr()?);
            let acceptor = tls.acceptor.clone();
            (Some(tls), Some((secure, acceptor)), Some(https_url))
        } else {
            (None, None, None)
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("awsso-emulator")
            .enable_io()
            .enable_time()
            .build()?;
        let shared = Arc::new(Shared::new(config, url.clone()));
        let (shutdown, stop) = oneshot::channel();
        let thread = std::thread::Builder::new()
            .name("awsso-emulator".into())
            .spawn({
                let shared = Arc::clone(&shared);
                move || server::run(runtime, listener, secure, shared, stop)
            })?;
        Ok(Emulator {
            shared,
            url,
            expectation: AtomicU8::new(EXPECT_SOME_CALLS),
            https_url,
            tls,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// The TLS base URL, `https://127.0.0.1:PORT`, when started with [`Emulator::start_tls`].
    pub fn https_url(&self) -> Option<String> {
        self.https_url.clone()
    }

    /// The generated CA certificate as a PEM file (for `AWS_CA_BUNDLE` or `SSL_CERT_FILE`),
    /// when started with [`Emulator::start_tls`]; deleted when the emulator is dropped.
    pub fn ca_file(&self) -> Option<std::path::PathBuf> {
        self.tls.as_ref().map(tls::Tls::ca_file)
    }

    /// A folder holding only the CA certificate (for `SSL_CERT_DIR`), when started with
    /// [`Emulator::start_tls`].
    pub fn ca_dir(&self) -> Option<std::path::PathBuf> {
        self.tls.as_ref().map(tls::Tls::ca_dir)
    }

    /// The base URL, `http://127.0.0.1:PORT`, for both `AWS_ENDPOINT_URL_SSO` and
    /// `AWS_ENDPOINT_URL_SSO_OIDC`.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// Successful refresh-token grants of the sign-in service (`aws login` sessions).
    pub fn signin_refreshes(&self) -> u64 {
        state::lock(&self.shared.signin).refreshes
    }

    /// Successful authorization-code grants of the sign-in service.
    pub fn signin_logins(&self) -> u64 {
        state::lock(&self.shared.signin).logins
    }

    /// Why sign-in token requests were refused (`INVALID_REQUEST`), in order.
    pub fn signin_refusals(&self) -> Vec<String> {
        state::lock(&self.shared.signin).refused.clone()
    }

    /// Makes the next `times` sign-in token requests (with a valid proof) fail with `fault`.
    pub fn reject_signin(&self, fault: SigninFault, times: u32) {
        state::lock(&self.shared.signin).inject(fault, times);
    }

    /// The text of a login session cache file (`~/.aws/login/cache/<sha256>.json`) for
    /// [`SigninConfig::principal`], as a login right now would leave it: SEC1 `dpopKey`, a
    /// refresh token bound to it, credentials expiring `expires_in` seconds from now
    /// (negative: already expired), and `signInRegion` when given.
    pub fn seed_login_session(&self, expires_in: i64, sign_in_region: Option<&str>) -> String {
        signin::seed(&self.shared, expires_in, sign_in_region)
    }

    /// How many requests `op` has received, including failed and throttled ones.
    pub fn calls(&self, op: Op) -> u64 {
        self.shared.calls(op)
    }

    /// All requests received, including ones to unknown routes (but not `/_emulator/*`).
    pub fn total_calls(&self) -> u64 {
        self.shared.total_calls()
    }

    /// Portal calls answered 429 by the `rate_limit` (injected faults not included).
    pub fn throttled_calls(&self) -> u64 {
        self.shared.throttled_calls()
    }

    /// Makes the next `times` calls of `op` fail with `fault` (after `latency`, before any
    /// validation). Injections for the same op queue up in order.
    pub fn inject(&self, op: Op, fault: Fault, times: u32) {
        self.shared.inject(op, fault, times);
    }

    /// How many requests the admin operation `op` has received (signed ones, failed and
    /// throttled included).
    pub fn admin_calls(&self, op: AdminOp) -> u64 {
        self.shared.admin.calls(op)
    }

    /// How many admin requests were refused for a missing or wrong SigV4 signature.
    pub fn admin_unsigned_calls(&self) -> u64 {
        self.shared.admin.unsigned_calls()
    }

    /// Makes the next `times` calls of the admin operation `op` fail with `fault`.
    pub fn inject_admin(&self, op: AdminOp, fault: AdminFault, times: u32) {
        self.shared.admin.inject(op, fault, times);
    }

    /// Expires every access token issued so far (portal calls with them get 401
    /// `UnauthorizedException`); refresh tokens keep working and new tokens are valid.
    pub fn expire_access_tokens(&self) {
        self.shared.expire_access_tokens(Instant::now());
    }

    /// Registers a client (grant types `authorization_code` + `refresh_token`, the given scopes)
    /// and mints a token for it server-side, without counting any call: the state the AWS CLI
    /// leaves behind after `aws sso login`.
    pub fn issue_token(&self, start_url: &str, scopes: &[&str]) -> IssuedToken {
        self.shared.issue_token(start_url, scopes)
    }

    /// The console sign-in token requests received so far (`/federation?Action=getSigninToken`;
    /// point `AWS_ENDPOINT_URL_SIGNIN` at [`Emulator::url`]).
    pub fn signin_requests(&self) -> Vec<SigninRequest> {
        self.shared
            .signins
            .lock()
            .map(|s| s.clone())
            .unwrap_or_default()
    }

    /// Makes `Drop` assert that no request at all was made (the fast path needs no network).
    pub fn expect_no_calls(&self) {
        self.expectation.store(EXPECT_NO_CALLS, Ordering::SeqCst);
    }

    /// Makes `Drop` accept an emulator that was never called.
    pub fn allow_unused(&self) {
        self.expectation.store(EXPECT_ANYTHING, Ordering::SeqCst);
    }

    fn counters_summary(&self) -> String {
        let mut parts: Vec<String> = Op::ALL
            .iter()
            .filter(|op| self.calls(**op) > 0)
            .map(|op| format!("{op}={}", self.calls(*op)))
            .collect();
        parts.extend(
            AdminOp::ALL
                .iter()
                .filter(|op| self.admin_calls(**op) > 0)
                .map(|op| format!("{}={}", op.name(), self.admin_calls(*op))),
        );
        let unknown = self.shared.unknown_calls();
        if unknown > 0 {
            parts.push(format!("unknown routes={unknown}"));
        }
        parts.join(", ")
    }
}

impl fmt::Debug for Emulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Emulator")
            .field("url", &self.url)
            .field("calls", &self.counters_summary())
            .finish_non_exhaustive()
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            // The server thread may already be gone; nothing to stop then.
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            // A panic on the server thread has already been reported by the panic hook.
            let _ = thread.join();
        }
        if std::thread::panicking() {
            return;
        }
        match self.expectation.load(Ordering::SeqCst) {
            EXPECT_SOME_CALLS if self.total_calls() == 0 => panic!(
                "awsso-emulator at {} was never called: the code under test did not reach it \
                 (check AWS_ENDPOINT_URL_SSO / AWS_ENDPOINT_URL_SSO_OIDC), or call \
                 allow_unused() / expect_no_calls() if that is intended",
                self.url
            ),
            EXPECT_NO_CALLS if self.total_calls() > 0 => panic!(
                "awsso-emulator at {} expected no calls but received {}: {}",
                self.url,
                self.total_calls(),
                self.counters_summary()
            ),
            _ => {}
        }
    }
}
