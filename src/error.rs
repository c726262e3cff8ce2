//! The library's one error type, [`Error`], and the facts it carries.
//!
//! Pure data. A failure is described by what a program can act on, not by what a person should
//! type: a login-required error names the instance (start URL, region, `sso-session`, profile)
//! and why ([`LoginRequired`], [`LoginRequiredReason`]); a service error names the operation,
//! the service's code and status and, when no answer came, what failed ([`ServiceError`],
//! [`NetworkErrorKind`]). The `awsso` command line renders its hints (`awsso login --profile
//! dev`) from these facts; nothing here knows its flags.
//!
//! The core reports failures with its own error type; [`Error::from`] maps it at the API
//! boundary, so internal types never appear in a public signature (their details stay reachable
//! as text, and through [`std::error::Error::source`]).

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::admin::AdminError;
use crate::sso::SsoError;
use crate::sso::client::{ApiError, ApiErrorKind};
use crate::sso::inventory::InventoryError;
use crate::sso::lifecycle::LoginReason;
use crate::sso::target::{Selector, SsoTarget, Target};

/// Everything that can go wrong in awsso's API.
///
/// Match the variants for details, or ask the questions most programs need:
/// [`is_login_required`](Self::is_login_required) (a person must log in first),
/// [`is_transient`](Self::is_transient) (retrying later may help) and
/// [`is_network`](Self::is_network) (no answer came). No variant holds a secret.
///
/// ```no_run
/// # async fn demo(sso: awsso::Sso) {
/// match sso.credentials_provider("123456789012", "ReadOnly").credentials().await {
///     Ok(creds) => println!("{}", creds.access_key_id()),
///     Err(awsso::Error::LoginRequired(login)) => {
///         eprintln!("log in to {} first ({:?})", login.start_url, login.reason);
///     }
///     Err(e) if e.is_transient() => eprintln!("try again later: {e}"),
///     Err(e) => eprintln!("{e}"),
/// }
/// # }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// No usable SSO token: a person must log in ([`Sso::login`](crate::Sso::login)) first.
    LoginRequired(Box<LoginRequired>),
    /// The role is not assigned to the signed-in user in that account (or does not exist).
    NoAccess {
        /// The account id.
        account_id: String,
        /// The role (permission set) name.
        role_name: String,
    },
    /// An interactive login did not complete.
    LoginFailed(LoginFailure),
    /// A call to Identity Center failed: the service answered with an error, or no answer came.
    Service(Box<ServiceError>),
    /// The configuration cannot be used: the config file cannot be read, a profile or
    /// `sso-session` is missing or incomplete, an account id or role name is malformed, a proxy
    /// variable is invalid, or there is no home folder. The source says what and where.
    Config(Box<dyn std::error::Error + Send + Sync>),
    /// A cache or lock file could not be read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Listing assignments with the admin APIs failed
    /// ([`admin::list_assignments`](crate::admin::list_assignments)).
    Admin(Box<AdminError>),
    /// Anything else: the OS random source, the async runtime, the login's loopback listener, a
    /// background task. The source says what.
    Other(Box<dyn std::error::Error + Send + Sync>),
}

impl Error {
    /// Whether a person must log in first (no token, an expired one that cannot be refreshed, a
    /// rejected or unreadable one); the [`LoginRequired`] facts say which instance and why.
    ///
    /// ```
    /// # fn check(e: &awsso::Error) {
    /// if e.is_login_required() {
    ///     // ask the person to log in, e.g. with Sso::login
    /// }
    /// # }
    /// ```
    pub fn is_login_required(&self) -> bool {
        matches!(self, Error::LoginRequired(_))
    }

    /// Whether retrying later may help: throttling, a server error (5xx), or no answer (but not
    /// a proxy that refuses: that needs a person).
    ///
    /// ```
    /// # fn check(e: &awsso::Error) {
    /// if e.is_transient() {
    ///     // back off and retry
    /// }
    /// # }
    /// ```
    pub fn is_transient(&self) -> bool {
        matches!(self, Error::Service(e) if e.is_transient())
    }

    /// Whether a request got no answer (DNS, connection, TLS, proxy, timeout); see
    /// [`ServiceError::network`] for which.
    ///
    /// ```
    /// # fn check(e: &awsso::Error) {
    /// if e.is_network() {
    ///     eprintln!("check the network connection: {e}");
    /// }
    /// # }
    /// ```
    pub fn is_network(&self) -> bool {
        matches!(self, Error::Service(e) if e.network().is_some())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::LoginRequired(e) => e.fmt(f),
            Error::NoAccess {
                account_id,
                role_name,
            } => write!(
                f,
                "no access to role '{role_name}' in account {account_id} (or it does not exist)"
            ),
            Error::LoginFailed(e) => e.fmt(f),
            Error::Service(e) => e.fmt(f),
            Error::Config(e) => e.fmt(f),
            Error::Io { path, .. } => write!(f, "cannot write {}", path.display()),
            Error::Admin(e) => e.fmt(f),
            Error::Other(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::LoginRequired(e) => e.source(),
            Error::Config(e) | Error::Other(e) => e.source(),
            Error::Io { source, .. } => Some(source),
            Error::Admin(e) => e.source(),
            Error::NoAccess { .. } | Error::LoginFailed(_) | Error::Service(_) => None,
        }
    }
}

impl From<AdminError> for Error {
    fn from(e: AdminError) -> Error {
        Error::Admin(Box::new(e))
    }
}

impl From<SsoError> for Error {
    /// The core's error in the API's terms (see the module docs).
    fn from(e: SsoError) -> Error {
        match e {
            SsoError::LoginRequired(e) => Error::LoginRequired(e),
            SsoError::NoAccess { account, role, .. } => Error::NoAccess {
                account_id: account,
                role_name: role,
            },
            SsoError::Api(e)
                if matches!(e.kind, ApiErrorKind::ProxyConfig | ApiErrorKind::Config) =>
            {
                Error::Config(Box::new(e))
            }
            SsoError::Api(e) => Error::Service(Box::new(ServiceError(e))),
            SsoError::Io { path, source } => Error::Io { path, source },
            SsoError::LoginTimeout(secs) => {
                Error::LoginFailed(LoginFailure::TimedOut(Duration::from_secs(secs)))
            }
            SsoError::LoginDenied => Error::LoginFailed(LoginFailure::Denied),
            SsoError::DeviceCodeExpired => Error::LoginFailed(LoginFailure::DeviceCodeExpired),
            SsoError::BadRedirect(detail) => Error::LoginFailed(LoginFailure::BadRedirect(detail)),
            SsoError::CallbackPortInUse(port) => {
                Error::LoginFailed(LoginFailure::CallbackPortInUse(port))
            }
            e @ (SsoError::Target(_) | SsoError::Config(_) | SsoError::NoHome(_)) => {
                Error::Config(Box::new(e))
            }
            SsoError::Profiles(e) => Error::Config(e),
            SsoError::Inventory(e) => match *e {
                // The call that failed for good is in the service error's own message.
                InventoryError::Session(e) | InventoryError::Failed { source: e, .. } => {
                    Error::from(e)
                }
                other @ InventoryError::NoSuchAccount { .. } => Error::Other(Box::new(other)),
            },
            e @ (SsoError::Listener(_)
            | SsoError::Runtime(_)
            | SsoError::Random(_)
            | SsoError::Task(_)
            | SsoError::Cancelled) => Error::Other(Box::new(e)),
        }
    }
}

/// Why a login is needed, and for which instance: enough for a program to ask the person to
/// log in, or to log in itself ([`Sso::login`](crate::Sso::login)).
///
/// ```no_run
/// # async fn demo(sso: awsso::Sso) -> Result<(), awsso::Error> {
/// match sso.credentials_provider("123456789012", "ReadOnly").credentials().await {
///     Err(awsso::Error::LoginRequired(login)) => {
///         match (&login.profile, &login.session_name) {
///             (Some(profile), _) => eprintln!("log in with profile {profile}"),
///             (None, Some(session)) => eprintln!("log in to sso-session {session}"),
///             (None, None) => eprintln!("log in to {} ({})", login.start_url, login.sso_region),
///         }
///         sso.login(awsso::LoginOptions::default()).await?;
///     }
///     other => drop(other?),
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct LoginRequired {
    /// The instance's start URL.
    pub start_url: String,
    /// The instance's region.
    pub sso_region: String,
    /// The `sso-session` the token belongs to, when there is one.
    pub session_name: Option<String>,
    /// The profile the instance was selected by, when it was.
    pub profile: Option<String>,
    /// For an `aws login` session (a profile with `login_session`), the principal ARN; the
    /// start URL and region are then empty.
    pub login_session: Option<String>,
    /// Why a login is needed.
    pub reason: LoginRequiredReason,
    /// The reason in words, with what is known about it (the expiry, why no refresh).
    detail: String,
    /// What was wrong with the cache, for [`LoginRequiredReason::CorruptCache`].
    source: Option<Arc<dyn std::error::Error + Send + Sync>>,
}

impl LoginRequired {
    /// For `target`: `reason`, explained by `detail`.
    pub(crate) fn new(
        target: &SsoTarget,
        reason: LoginRequiredReason,
        detail: impl fmt::Display,
    ) -> LoginRequired {
        LoginRequired {
            start_url: target.start_url.clone(),
            sso_region: target.sso_region.clone(),
            session_name: target.session.clone(),
            profile: match &target.selector {
                Selector::Profile(p) => Some(p.clone()),
                Selector::Session(_) | Selector::StartUrl => None,
            },
            login_session: target.login_session.clone(),
            reason,
            detail: detail.to_string(),
            source: None,
        }
    }

    /// With the cause (a corrupt cache's problem).
    pub(crate) fn with_source(
        mut self,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> LoginRequired {
        self.source = Some(Arc::new(source));
        self
    }

    /// How a person names the instance again: its profile, else its `sso-session`, else the
    /// start URL and region.
    pub(crate) fn selection(&self) -> Target {
        match (&self.profile, &self.session_name) {
            (Some(p), _) => Target::Profile(p.clone()),
            (None, Some(s)) => Target::Session(s.clone()),
            (None, None) => Target::StartUrl {
                url: self.start_url.clone(),
                region: self.sso_region.clone(),
            },
        }
    }
}

impl fmt::Display for LoginRequired {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.reason {
            LoginRequiredReason::CorruptCache if self.login_session.is_some() => {
                f.write_str("the login session cache is unusable")
            }
            LoginRequiredReason::CorruptCache => f.write_str("the SSO token cache is unusable"),
            _ if self.login_session.is_some() => write!(
                f,
                "not logged in as {}: {}",
                self.login_session.as_deref().unwrap_or_default(),
                self.detail
            ),
            _ => write!(f, "not logged in to {}: {}", self.start_url, self.detail),
        }
    }
}

impl std::error::Error for LoginRequired {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Why a login is needed.
///
/// ```
/// # fn explain(login: &awsso::LoginRequired) -> &'static str {
/// match login.reason {
///     awsso::LoginRequiredReason::NoToken => "never logged in here",
///     awsso::LoginRequiredReason::Expired => "the session ended",
///     _ => "log in again",
/// }
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LoginRequiredReason {
    /// No token is cached.
    NoToken,
    /// The token expired (or expires within the window asked for) and cannot be refreshed.
    Expired,
    /// The service rejected the token (HTTP 401) and it could not be replaced without a login.
    Rejected,
    /// The cached token cannot be read or parsed; a login replaces it.
    CorruptCache,
    /// A new login was asked for ([`LoginOptions::force_refresh`](crate::LoginOptions::force_refresh))
    /// where none may start.
    Forced,
    /// Another process has held the session (refreshing or logging in) for too long; a login
    /// is probably waiting for a person there.
    Busy,
    /// An `aws login` session: the password or access keys of the principal changed since
    /// the login (`USER_CREDENTIALS_CHANGED`).
    CredentialsChanged,
    /// An `aws login` session: the principal may not use `signin:CreateOAuth2Token`
    /// (`INSUFFICIENT_PERMISSIONS`; the `SignInLocalDevelopmentAccess` managed policy grants
    /// it), so its session cannot be refreshed.
    InsufficientPermissions,
}

impl LoginRequiredReason {
    /// The reason for a lifecycle decision.
    pub(crate) fn of(reason: &LoginReason) -> LoginRequiredReason {
        match reason {
            LoginReason::NoToken => LoginRequiredReason::NoToken,
            LoginReason::Expired { .. } => LoginRequiredReason::Expired,
            LoginReason::Rejected { .. } => LoginRequiredReason::Rejected,
            LoginReason::Forced => LoginRequiredReason::Forced,
        }
    }
}

/// Why an interactive login did not complete.
///
/// ```
/// # fn explain(e: &awsso::Error) {
/// if let awsso::Error::LoginFailed(awsso::LoginFailure::TimedOut(after)) = e {
///     eprintln!("nobody approved the login within {after:?}");
/// }
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoginFailure {
    /// Not completed within the login's [`timeout`](crate::LoginOptions::timeout).
    TimedOut(Duration),
    /// The person declined.
    Denied,
    /// The device code expired before it was confirmed.
    DeviceCodeExpired,
    /// The browser's redirect was wrong (no code, or an authorization error); the text says
    /// what.
    BadRedirect(String),
    /// The fixed loopback port for the redirect
    /// ([`callback_port`](crate::LoginOptions::callback_port)) is in use.
    CallbackPortInUse(u16),
}

impl fmt::Display for LoginFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoginFailure::TimedOut(d) => {
                write!(f, "the login was not completed within {}s", d.as_secs())
            }
            LoginFailure::Denied => f.write_str("the login was denied"),
            LoginFailure::DeviceCodeExpired => {
                f.write_str("the device code expired before it was confirmed")
            }
            LoginFailure::BadRedirect(detail) => f.write_str(detail),
            LoginFailure::CallbackPortInUse(port) => write!(
                f,
                "cannot listen on 127.0.0.1:{port} for the login redirect: the port is in use"
            ),
        }
    }
}

/// A failed call to Identity Center (the SSO portal or SSO OIDC API): the service's answer, or
/// what kept an answer from coming.
///
/// ```
/// # fn show(e: &awsso::ServiceError) {
/// match e.network() {
///     Some(kind) => eprintln!("{} got no answer ({kind:?}): {e}", e.operation()),
///     None => eprintln!("{} failed with {:?} (HTTP {:?})", e.operation(), e.code(), e.status()),
/// }
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct ServiceError(ApiError);

impl ServiceError {
    /// The operation, e.g. `GetRoleCredentials`.
    ///
    /// ```
    /// # fn show(e: &awsso::ServiceError) {
    /// eprintln!("{} failed", e.operation());
    /// # }
    /// ```
    pub fn operation(&self) -> &str {
        self.0.operation
    }

    /// The service's error code (e.g. `TooManyRequestsException`), if it answered with one.
    ///
    /// ```
    /// # fn show(e: &awsso::ServiceError) {
    /// if e.code() == Some("ForbiddenException") {
    ///     eprintln!("no access");
    /// }
    /// # }
    /// ```
    pub fn code(&self) -> Option<&str> {
        self.0.code.as_deref()
    }

    /// The HTTP status, if there was a response.
    ///
    /// ```
    /// # fn show(e: &awsso::ServiceError) {
    /// if e.status().is_some_and(|s| s >= 500) {
    ///     eprintln!("the service failed");
    /// }
    /// # }
    /// ```
    pub fn status(&self) -> Option<u16> {
        self.0.status
    }

    /// Why no answer came, when none did.
    ///
    /// ```
    /// # fn show(e: &awsso::ServiceError) {
    /// if e.network() == Some(awsso::NetworkErrorKind::Tls) {
    ///     eprintln!("a proxy may inspect TLS: trust its CA with AWS_CA_BUNDLE");
    /// }
    /// # }
    /// ```
    pub fn network(&self) -> Option<NetworkErrorKind> {
        match self.0.kind {
            ApiErrorKind::ProxyUnreachable | ApiErrorKind::ProxyAuth => {
                Some(NetworkErrorKind::Proxy)
            }
            _ => self.0.network.as_ref().map(|n| n.kind),
        }
    }

    /// Whether the service throttled the call (HTTP 429).
    ///
    /// ```
    /// # fn show(e: &awsso::ServiceError) {
    /// if e.is_throttled() {
    ///     eprintln!("slow down");
    /// }
    /// # }
    /// ```
    pub fn is_throttled(&self) -> bool {
        self.0.kind == ApiErrorKind::Throttled
    }

    /// Whether retrying later may help (see [`Error::is_transient`]).
    ///
    /// ```
    /// # fn show(e: &awsso::ServiceError) {
    /// if e.is_transient() {
    ///     eprintln!("try again later");
    /// }
    /// # }
    /// ```
    pub fn is_transient(&self) -> bool {
        self.0.is_transient()
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for ServiceError {}

/// Why a request got no answer, in terms a person can act on.
///
/// ```
/// # fn show(e: &awsso::Error) {
/// if let awsso::Error::Service(service) = e {
///     match service.network() {
///         Some(awsso::NetworkErrorKind::Resolve) => eprintln!("check DNS"),
///         Some(kind) => eprintln!("no answer: {kind:?}"),
///         None => eprintln!("the service answered: {service}"),
///     }
/// }
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NetworkErrorKind {
    /// The host name did not resolve (DNS, or no network at all).
    Resolve,
    /// The TCP connection was refused, reset or the host unreachable.
    Connect,
    /// The TLS handshake failed (an untrusted certificate, or not a TLS server).
    Tls,
    /// The HTTP(S) proxy failed, refused the tunnel or wants credentials.
    Proxy,
    /// No answer in time.
    Timeout,
    /// Anything else on the way.
    Other,
}
