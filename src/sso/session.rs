//! One Identity Center session: the cached token, its refresh, login, and role credentials.
//!
//! I/O; the decisions it acts on are pure ([`refresh::decide`], [`role_cache::is_fresh`]).
//! This is the API commands (and Rust programs) use:
//!
//! - [`Session::role_credentials`]: cache hit → no network, no runtime, no SDK client; miss →
//!   lock, re-check, fetch once, cache. N parallel cold callers make one GetRoleCredentials.
//! - [`Session::access_token`]: a valid token, refreshed under a per-session lock when inside
//!   the refresh window; waiters re-read the cache the winner wrote.
//! - [`Session::login`]: PKCE in the browser, or the device code flow.
//!
//! Lock order is always role lock, then token lock, so two processes can never deadlock.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use time::OffsetDateTime;

use crate::app::Context;
use crate::fsutil::FileLock;
use crate::secret::Secret;
use crate::sso::client::{ApiErrorKind, Clients, Grant, NewRegistration, NewToken};
use crate::sso::refresh::{self, Decision};
use crate::sso::role_cache::{self, RoleCredentials, RoleKey};
use crate::sso::target::SsoTarget;
use crate::sso::timestamp::Timestamp;
use crate::sso::token_cache::{self, CachedToken, Registration};
use crate::sso::{SsoError, login, pkce};

/// How to log in when a login is needed.
#[derive(Debug, Clone)]
pub struct LoginOptions {
    /// Use the device code flow even when a browser is available.
    pub device_code: bool,
    /// Never open a browser.
    pub no_browser: bool,
    /// Give up after this long.
    pub timeout: Duration,
}

impl Default for LoginOptions {
    fn default() -> LoginOptions {
        LoginOptions {
            device_code: false,
            no_browser: false,
            timeout: Duration::from_secs(600),
        }
    }
}

/// What `login` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginOutcome {
    /// The cached token was valid; nothing was done.
    AlreadyValid(Timestamp),
    /// The cached token was refreshed silently.
    Refreshed(Timestamp),
    /// A new login was completed.
    LoggedIn(Timestamp),
}

/// Where role credentials came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// awsso's role cache.
    Cache,
    /// A GetRoleCredentials call.
    Fetched,
}

/// Options for [`Session::role_credentials`].
#[derive(Debug, Clone)]
pub struct RoleOptions {
    /// Serve cached credentials only with more than this left.
    pub min_remaining: Duration,
    /// Log in when needed (with these options) instead of failing.
    pub login: Option<LoginOptions>,
}

struct Net {
    rt: tokio::runtime::Runtime,
    clients: Clients,
}

/// A resolved target plus the machinery to talk to it. Creating one costs nothing: the async
/// runtime and the SDK clients are built on first network use.
pub struct Session<'a> {
    ctx: &'a Context,
    target: SsoTarget,
    token_digest: String,
    net: OnceLock<Result<Net, String>>,
}

impl std::fmt::Debug for Session<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("target", &self.target)
            .finish_non_exhaustive()
    }
}

const SDK_ATTEMPTS: u32 = 3;

/// How long a caller that will not log in waits for another process's lock.
pub const LOCK_PATIENCE: Duration = Duration::from_secs(30);

impl<'a> Session<'a> {
    /// A session for `target`.
    pub fn new(ctx: &'a Context, target: SsoTarget) -> Session<'a> {
        let token_digest = token_cache::sha1_hex(target.cache_key());
        Session {
            ctx,
            target,
            token_digest,
            net: OnceLock::new(),
        }
    }

    /// The target.
    pub fn target(&self) -> &SsoTarget {
        &self.target
    }

    /// The token cache file (shared with the AWS CLI).
    pub fn token_path(&self) -> PathBuf {
        self.ctx.paths.token_file(&self.token_digest)
    }

    fn net(&self) -> Result<&Net, SsoError> {
        let net = self.net.get_or_init(|| {
            self.ctx
                .ui
                .trace(|| "starting the async runtime and SDK clients".to_owned());
            if let Some(bundle) = &self.ctx.env.ca_bundle
                && let Err(e) = std::fs::File::open(bundle)
            {
                self.ctx.ui.warn(format!(
                    "AWS_CA_BUNDLE={} cannot be read ({e}); using the system's trust roots",
                    bundle.display()
                ));
            }
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map(|rt| Net {
                    rt,
                    clients: Clients::new(&self.ctx.env, &self.target.sso_region, SDK_ATTEMPTS),
                })
                .map_err(|e| e.to_string())
        });
        net.as_ref()
            .map_err(|e| SsoError::Runtime(std::io::Error::other(e.clone())))
    }

    /// Runs a future on the session's runtime (started on first use).
    pub fn block_on<F: std::future::Future>(&self, f: F) -> Result<F::Output, SsoError> {
        Ok(self.net()?.rt.block_on(f))
    }

    /// The SDK clients (built on first use).
    pub fn clients(&self) -> Result<&Clients, SsoError> {
        Ok(&self.net()?.clients)
    }

    fn now(&self) -> OffsetDateTime {
        self.ctx.now()
    }

    fn login_required(&self, reason: impl std::fmt::Display) -> SsoError {
        SsoError::LoginRequired {
            start_url: self.target.start_url.clone(),
            reason: reason.to_string(),
            command: self.target.login_command(),
        }
    }

    fn io_err(path: PathBuf) -> impl FnOnce(std::io::Error) -> SsoError {
        move |source| SsoError::Io { path, source }
    }

    /// Reads the cached token; a corrupt file is an error naming the file and the fix.
    pub fn cached_token(&self) -> Result<Option<CachedToken>, SsoError> {
        token_cache::read(&self.token_path()).map_err(|source| SsoError::CorruptCache {
            source,
            command: self.target.login_command(),
        })
    }

    /// The per-session token lock. Callers that may log in wait as long as a login can take;
    /// the others give up after [`LOCK_PATIENCE`] with the login hint, so an SDK calling
    /// `credential-process` never hangs behind someone else's browser login.
    fn token_lock(&self, may_login: bool) -> Result<FileLock, SsoError> {
        let path = self.ctx.paths.lock("token", &self.token_digest);
        self.lock(
            path,
            "waiting for another awsso process to finish refreshing or logging in",
            may_login,
        )
    }

    fn lock(&self, path: PathBuf, waiting: &str, may_login: bool) -> Result<FileLock, SsoError> {
        let limit = (!may_login).then_some(LOCK_PATIENCE);
        FileLock::acquire_noting(&path, || self.ctx.ui.debug(|| waiting.to_owned()), limit).map_err(|e| {
            if e.kind() == std::io::ErrorKind::TimedOut {
                self.login_required(format!("another awsso process has held the session for over {}s (a login in progress?)", LOCK_PATIENCE.as_secs()))
            } else {
                SsoError::Io { path, source: e }
            }
        })
    }

    /// A usable access token: cached, refreshed, or (when `login` is given) freshly logged in.
    pub fn access_token(&self, login: Option<&LoginOptions>) -> Result<CachedToken, SsoError> {
        let read = |session: &Self| match session.cached_token() {
            Ok(t) => Ok(t),
            // With --login a corrupt cache is simply replaced.
            Err(e) if login.is_some() => {
                session
                    .ctx
                    .ui
                    .warn(format!("{}; logging in again", error_chain(&e)));
                Ok(None)
            }
            Err(e) => Err(e),
        };
        let token = read(self)?;
        if let Some(t) = &token
            && matches!(
                refresh::decide(Some(t), self.now(), refresh::REFRESH_WINDOW),
                Decision::Use | Decision::UseUntilExpiry
            )
        {
            return Ok(t.clone());
        }
        let _lock = self.token_lock(login.is_some())?;
        // Another process may have refreshed or logged in while we waited.
        let token = read(self)?;
        self.settle(token, login, false)
    }

    /// Acts on a decision while holding the token lock.
    fn settle(
        &self,
        token: Option<CachedToken>,
        login: Option<&LoginOptions>,
        force_refresh: bool,
    ) -> Result<CachedToken, SsoError> {
        let now = self.now();
        let mut decision = refresh::decide(token.as_ref(), now, refresh::REFRESH_WINDOW);
        if force_refresh && decision == Decision::Use {
            decision = match token.as_ref().map(|t| refresh::refreshability(t, now)) {
                Some(Ok(())) => Decision::Refresh,
                _ => Decision::Login(refresh::LoginReason::NoToken),
            };
        }
        match (decision, token) {
            (Decision::Use | Decision::UseUntilExpiry, Some(t)) => Ok(t),
            (Decision::Refresh, Some(t)) => match self.refresh(&t) {
                Ok(new) => Ok(new),
                Err(e) if t.expires_at.get() > now && !force_refresh && !e.is_login_required() => {
                    self.ctx.ui.warn(format!(
                        "could not refresh the SSO token ({e}); using it until it expires"
                    ));
                    Ok(t)
                }
                Err(e) if e.is_login_required() => match login {
                    Some(opts) => self.login_locked(opts),
                    None => Err(e),
                },
                Err(e) => Err(e),
            },
            (Decision::Login(reason), _) => match login {
                Some(opts) => self.login_locked(opts),
                None => Err(self.login_required(if force_refresh {
                    "the token was rejected by the service and cannot be refreshed".to_owned()
                } else {
                    reason.to_string()
                })),
            },
            (_, None) => Err(self.login_required(refresh::LoginReason::NoToken)),
        }
    }

    /// Refreshes `token` with its refresh token and rewrites the cache. Callers hold the lock.
    fn refresh(&self, token: &CachedToken) -> Result<CachedToken, SsoError> {
        let (Some(client_id), Some(secret), Some(refresh_token)) =
            (&token.client_id, &token.client_secret, &token.refresh_token)
        else {
            return Err(self.login_required("the token cannot be refreshed"));
        };
        self.ctx
            .ui
            .debug(|| format!("refreshing the SSO token for {}", self.target.start_url));
        let clients = self.clients()?;
        let result = self.block_on(clients.create_token(
            client_id,
            secret,
            Grant::RefreshToken(refresh_token),
        ))?;
        let new = match result {
            Ok(new) => new,
            Err(e)
                if matches!(
                    e.kind,
                    ApiErrorKind::InvalidGrant
                        | ApiErrorKind::InvalidClient
                        | ApiErrorKind::ExpiredToken
                        | ApiErrorKind::Unauthorized
                        | ApiErrorKind::AccessDenied
                ) =>
            {
                return Err(self.login_required(format!("the refresh was rejected ({e})")));
            }
            Err(e) => return Err(SsoError::Api(e)),
        };
        let refreshed = CachedToken {
            access_token: new.access_token,
            expires_at: self.expiry(new.expires_in),
            refresh_token: new.refresh_token.or_else(|| token.refresh_token.clone()),
            ..token.clone()
        };
        self.write_token(&refreshed)?;
        self.ctx
            .ui
            .debug(|| format!("token refreshed; valid until {}", refreshed.expires_at));
        Ok(refreshed)
    }

    fn expiry(&self, expires_in: u64) -> Timestamp {
        let secs = i64::try_from(expires_in).unwrap_or(i64::MAX / 2);
        Timestamp::from_unix(self.now().unix_timestamp().saturating_add(secs))
            .unwrap_or_else(|| Timestamp::new(self.now()))
    }

    fn write_token(&self, token: &CachedToken) -> Result<(), SsoError> {
        token_cache::write(&self.token_path(), token).map_err(|source| SsoError::CorruptCache {
            source,
            command: self.target.login_command(),
        })
    }

    /// `awsso login`: a no-op when the token is valid (unless `force`), a silent refresh when
    /// possible, else the interactive flow.
    pub fn login(&self, opts: &LoginOptions, force: bool) -> Result<LoginOutcome, SsoError> {
        let _lock = self.token_lock(true)?;
        if !force {
            let token = match self.cached_token() {
                Ok(t) => t,
                Err(e) => {
                    self.ctx
                        .ui
                        .warn(format!("{}; logging in again", error_chain(&e)));
                    None
                }
            };
            match (
                refresh::decide(token.as_ref(), self.now(), refresh::REFRESH_WINDOW),
                token,
            ) {
                (Decision::Use, Some(t)) => return Ok(LoginOutcome::AlreadyValid(t.expires_at)),
                (Decision::Refresh, Some(t)) => match self.refresh(&t) {
                    Ok(new) => return Ok(LoginOutcome::Refreshed(new.expires_at)),
                    Err(e) => self
                        .ctx
                        .ui
                        .debug(|| format!("refresh failed, logging in: {e}")),
                },
                _ => {}
            }
        }
        self.login_locked(opts)
            .map(|t| LoginOutcome::LoggedIn(t.expires_at))
    }

    /// The interactive login; callers hold the token lock.
    fn login_locked(&self, opts: &LoginOptions) -> Result<CachedToken, SsoError> {
        // Fail before the browser, not after: a token path that cannot be replaced (a folder)
        // would throw the completed login away.
        crate::fsutil::check_replaceable(&self.token_path())
            .map_err(|e| Self::io_err(self.token_path())(e.into()))?;
        let use_browser = login::browser_usable(&self.ctx.env, opts.no_browser);
        let pkce_flow = use_browser && !opts.device_code;
        let (registration, token) = if pkce_flow {
            self.login_pkce(opts)?
        } else {
            self.login_device(opts, use_browser)?
        };
        let token = CachedToken {
            start_url: Some(self.target.start_url.clone()),
            region: Some(self.target.sso_region.clone()),
            access_token: token.access_token,
            expires_at: self.expiry(token.expires_in),
            client_id: Some(registration.client_id.clone()),
            client_secret: Some(registration.client_secret.clone()),
            registration_expires_at: Some(registration.expires_at),
            refresh_token: token.refresh_token,
        };
        self.write_token(&token)?;
        Ok(token)
    }

    /// A client registration for `grant_types`: the cached one while it lasts, else a new one.
    /// With `fresh`, the cached registration is ignored (the service rejected it).
    fn registration(
        &self,
        grant_types: &[&str],
        redirect: Option<&str>,
        fresh: bool,
    ) -> Result<Registration, SsoError> {
        let t = &self.target;
        let key = token_cache::registration_key(
            &t.start_url,
            &t.sso_region,
            &t.scopes,
            t.session.as_deref(),
        );
        let path = self.ctx.paths.sso_cache.join(format!("{key}.json"));
        let wanted: Vec<String> = grant_types.iter().map(|g| (*g).to_owned()).collect();
        if let Some(reg) = token_cache::read_registration(&path).filter(|_| !fresh) {
            let lasts = reg.expires_at.get() > self.now() + Duration::from_secs(3600);
            if lasts && reg.grant_types == wanted && reg.scopes == t.scopes {
                self.ctx
                    .ui
                    .debug(|| format!("re-using the client registration in {}", path.display()));
                return Ok(reg);
            }
        }
        self.ctx
            .ui
            .debug(|| "registering a new OIDC client".to_owned());
        let clients = self.clients()?;
        let NewRegistration {
            client_id,
            client_secret,
            expires_at,
        } = self
            .block_on(clients.register_client(&t.start_url, &t.scopes, grant_types, redirect))?
            .map_err(SsoError::Api)?;
        let reg = Registration {
            client_id,
            client_secret,
            expires_at,
            scopes: t.scopes.clone(),
            grant_types: wanted,
        };
        token_cache::write_registration(&path, &reg).map_err(|source| SsoError::CorruptCache {
            source,
            command: t.login_command(),
        })?;
        Ok(reg)
    }

    fn login_pkce(&self, opts: &LoginOptions) -> Result<(Registration, NewToken), SsoError> {
        // Bind first: the port goes into the authorize URL, and nothing else may take it.
        let std_listener =
            std::net::TcpListener::bind(("127.0.0.1", 0)).map_err(SsoError::Listener)?;
        std_listener
            .set_nonblocking(true)
            .map_err(SsoError::Listener)?;
        let port = std_listener
            .local_addr()
            .map_err(SsoError::Listener)?
            .port();
        let reg = self.registration(
            &["authorization_code", "refresh_token"],
            Some(pkce::REGISTERED_REDIRECT),
            false,
        )?;
        let verifier = Secret::new(pkce::new_verifier()?);
        let state = pkce::new_state()?;
        let redirect = pkce::redirect_uri(port);
        let clients = self.clients()?;
        let endpoint = clients.oidc_endpoint();
        let url = pkce::authorize_url(&pkce::AuthorizeRequest {
            endpoint: &endpoint,
            client_id: &reg.client_id,
            redirect_uri: &redirect,
            state: &state,
            code_challenge: &pkce::challenge(verifier.expose()),
            scopes: &self.target.scopes,
        });
        let ui = &self.ctx.ui;
        ui.status(format!(
            "Logging in to {} in your browser. If it does not open, visit this URL:\n\n  {url}\n",
            self.target.start_url
        ));
        if let Err(e) = login::open_browser(&self.ctx.env, &url) {
            ui.warn(e);
        }
        let token = self.block_on(async {
            let listener =
                tokio::net::TcpListener::from_std(std_listener).map_err(SsoError::Listener)?;
            let code = login::wait_for_code(listener, &state, opts.timeout, ui).await?;
            clients
                .create_token(
                    &reg.client_id,
                    &reg.client_secret,
                    Grant::AuthorizationCode {
                        code: &code,
                        verifier: &verifier,
                        redirect_uri: &redirect,
                    },
                )
                .await
                .map_err(SsoError::Api)
        })??;
        Ok((reg, token))
    }

    fn login_device(
        &self,
        opts: &LoginOptions,
        use_browser: bool,
    ) -> Result<(Registration, NewToken), SsoError> {
        let grants = [
            "urn:ietf:params:oauth:grant-type:device_code",
            "refresh_token",
        ];
        let clients = self.clients()?;
        let start = |reg: &Registration| {
            self.block_on(clients.start_device_authorization(
                &reg.client_id,
                &reg.client_secret,
                &self.target.start_url,
            ))
        };
        let mut reg = self.registration(&grants, None, false)?;
        let mut auth = start(&reg)?;
        // A cached registration the service no longer knows (revoked, or another instance):
        // register again once instead of failing the login.
        if auth
            .as_ref()
            .is_err_and(|e| e.kind == ApiErrorKind::InvalidClient)
        {
            self.ctx.ui.debug(|| {
                "the cached client registration was rejected; registering again".to_owned()
            });
            reg = self.registration(&grants, None, true)?;
            auth = start(&reg)?;
        }
        let auth = auth.map_err(SsoError::Api)?;
        let ui = &self.ctx.ui;
        let complete = auth
            .verification_uri_complete
            .clone()
            .unwrap_or_else(|| auth.verification_uri.clone());
        ui.status(format!(
            "To log in to {}, open this URL in a browser on any device:\n\n  {complete}\n\nand confirm that it shows the code: {}\n",
            self.target.start_url, auth.user_code
        ));
        if use_browser && let Err(e) = login::open_browser(&self.ctx.env, &complete) {
            ui.warn(e);
        }
        let token = self.block_on(login::poll_device(
            clients,
            &reg.client_id,
            &reg.client_secret,
            &auth,
            opts.timeout,
            ui,
        ))??;
        Ok((reg, token))
    }

    /// Role credentials for the target's account and role (see the module docs).
    pub fn role_credentials(
        &self,
        opts: &RoleOptions,
    ) -> Result<(RoleCredentials, Source), SsoError> {
        let key = self.role_key()?;
        let path = role_cache::path(&self.ctx.paths.role_cache(), &key);
        if let Some(c) = role_cache::read(&path, &key)
            && role_cache::is_fresh(&c, self.now(), opts.min_remaining)
        {
            self.ctx
                .ui
                .debug(|| format!("role credentials from cache, valid until {}", c.expiration));
            return Ok((c, Source::Cache));
        }
        let _lock = self.lock(
            self.ctx.paths.lock("role", &key.digest()),
            "waiting for another awsso process fetching the same role",
            opts.login.is_some(),
        )?;
        if let Some(c) = role_cache::read(&path, &key)
            && role_cache::is_fresh(&c, self.now(), opts.min_remaining)
        {
            self.ctx
                .ui
                .debug(|| "another process fetched the credentials; using them".to_owned());
            return Ok((c, Source::Cache));
        }
        let creds = self.fetch_role_credentials(&key, opts.login.as_ref())?;
        role_cache::write(&path, &key, &creds).map_err(Self::io_err(path))?;
        Ok((creds, Source::Fetched))
    }

    /// The role cache key of the target's role.
    pub fn role_key(&self) -> Result<RoleKey, crate::sso::target::TargetError> {
        let (account, role) = self.target.role()?;
        Ok(RoleKey {
            start_url: self.target.start_url.clone(),
            sso_session: self.target.session.clone(),
            account_id: account.to_owned(),
            role_name: role.to_owned(),
        })
    }

    /// GetRoleCredentials with a valid token; on 401 one refresh (or login) and one retry.
    fn fetch_role_credentials(
        &self,
        key: &RoleKey,
        login: Option<&LoginOptions>,
    ) -> Result<RoleCredentials, SsoError> {
        let mut token = self.access_token(login)?;
        let clients = self.clients()?;
        for attempt in 0..2 {
            self.ctx.ui.debug(|| {
                format!(
                    "GetRoleCredentials account {} role {}",
                    key.account_id, key.role_name
                )
            });
            let result = self.block_on(clients.get_role_credentials(
                &token.access_token,
                &key.account_id,
                &key.role_name,
            ))?;
            match result {
                Ok(creds) => return Ok(creds),
                Err(e) if e.kind == ApiErrorKind::Unauthorized && attempt == 0 => {
                    self.ctx
                        .ui
                        .debug(|| "the token was rejected (401); refreshing it once".to_owned());
                    token = self.after_rejection(&token, login)?;
                }
                Err(e) if e.kind == ApiErrorKind::Unauthorized => {
                    return Err(self.login_required("the service rejected the token (401)"));
                }
                Err(e) if e.kind == ApiErrorKind::Forbidden => {
                    return Err(SsoError::NoAccess {
                        account: key.account_id.clone(),
                        role: key.role_name.clone(),
                        flags: self.target.selection_flags(),
                    });
                }
                Err(e) => return Err(SsoError::Api(e)),
            }
        }
        Err(self.login_required("the service rejected the token (401)"))
    }

    /// After a 401: take the token lock; if another process already replaced the token use
    /// that one, else force a refresh (or login, or fail with the hint).
    pub fn after_rejection(
        &self,
        rejected: &CachedToken,
        login: Option<&LoginOptions>,
    ) -> Result<CachedToken, SsoError> {
        let _lock = self.token_lock(login.is_some())?;
        let current = self.cached_token().ok().flatten();
        if let Some(t) = &current
            && t.access_token != rejected.access_token
            && refresh::decide(Some(t), self.now(), refresh::REFRESH_WINDOW) == Decision::Use
        {
            return Ok(t.clone());
        }
        self.settle(current, login, true)
    }
}

/// An error and its sources on one line.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
