//! One Identity Center session: the cached token, its lifecycle, and role credentials.
//!
//! I/O around pure decisions ([`lifecycle::next_step`], [`role_cache::is_fresh`]). A
//! [`Session`] owns everything it needs (the resolved target and a [`World`]: environment,
//! caches, locks, clock, observer), so it can be shared across threads and used by the CLI and
//! by Rust programs alike:
//!
//! - [`Session::role_credentials`]: cache hit → no network, no runtime, no SDK client; miss →
//!   lock, re-check, fetch once, cache. N parallel cold callers make one GetRoleCredentials.
//! - [`Session::access_token`]: a usable token, refreshed under a per-session lock when inside
//!   the refresh window; waiters re-read the cache the winner wrote.
//! - [`Session::login`]: a no-op while the token is fresh, a silent refresh when possible, else
//!   the interactive flow (`login.rs`: PKCE in the browser, or the device code flow).
//!
//! Lock order is always role lock, then token lock, so two processes can never deadlock. The
//! async runtime and SDK clients are built on first network use (`Net`).

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use time::OffsetDateTime;

use crate::env::Env;
use crate::error::{LoginRequired, LoginRequiredReason};
use crate::paths::Paths;
use crate::sso::cancel::Cancel;
use crate::sso::client::{ApiErrorKind, Clients, Grant};
use crate::sso::clock::{Clock, SystemClock};
use crate::sso::lifecycle::{self, LoginReason, Need, NotRefreshable, Situation, Step};
use crate::sso::observer::{self, Observer, Verbosity};
use crate::sso::role_cache::{self, RoleCredentials, RoleKey};
use crate::sso::store::{LockGuard, Locks, Store};
use crate::sso::target::SsoTarget;
use crate::sso::timestamp::Timestamp;
use crate::sso::token_cache::{self, CachedToken};
use crate::sso::{SsoError, error_chain, login};

pub(crate) use crate::sso::login_options::LoginOptions;

/// What `login` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LoginOutcome {
    /// The cached token was valid; nothing was done.
    AlreadyValid(Timestamp),
    /// The cached token was refreshed silently.
    Refreshed(Timestamp),
    /// A new login was completed.
    LoggedIn(Timestamp),
}

/// Where role credentials came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CredentialSource {
    /// The role cache.
    Cache,
    /// A GetRoleCredentials call.
    Fetched,
}

/// Options for [`Session::role_credentials`].
#[derive(Debug, Clone)]
pub(crate) struct RoleOptions {
    /// Serve cached credentials only with more than this left.
    pub min_remaining: Duration,
    /// Log in when needed (with these options) instead of failing.
    pub login: Option<LoginOptions>,
}

/// Everything a session needs from the outside: the environment (endpoints, CA bundle, browser
/// settings), the caches, the locks, the clock and the observer.
#[derive(Debug, Clone)]
pub(crate) struct World {
    /// The environment, read once.
    pub env: Env,
    /// Tokens and client registrations (default: `~/.aws/sso/cache`, shared with the AWS CLI).
    pub tokens: Store,
    /// Role credentials (default: `~/.aws/awsso/roles`).
    pub roles: Store,
    /// Single-flight locks (default: `~/.aws/awsso/locks`).
    pub locks: Locks,
    /// The `aws login` session caches (default: `~/.aws/login/cache`); `None` in memory.
    pub login_cache: Option<PathBuf>,
    /// The clock.
    pub clock: Arc<dyn Clock>,
    /// Who hears about logins, warnings and debug lines.
    pub observer: Arc<dyn Observer>,
}

impl World {
    /// The default files for `paths`, the system clock, and `observer`.
    /// Its warnings and debug lines are also `tracing` events ([`observer::traced`]).
    pub(crate) fn new(env: Env, paths: &Paths, observer: Arc<dyn Observer>) -> World {
        World {
            env,
            tokens: Store::Dir(paths.sso_cache.clone()),
            roles: Store::Dir(paths.role_cache()),
            locks: Locks::Files(paths.locks()),
            login_cache: Some(paths.login_cache.clone()),
            clock: Arc::new(SystemClock),
            observer: observer::traced(observer),
        }
    }

    /// Nothing shared (no home folder): caches and locks in this process's memory.
    pub(crate) fn in_memory(env: Env, observer: Arc<dyn Observer>) -> World {
        World {
            env,
            tokens: Store::memory(),
            roles: Store::memory(),
            locks: Locks::InProcess,
            login_cache: None,
            clock: Arc::new(SystemClock),
            observer: observer::traced(observer),
        }
    }
}

struct Net {
    rt: Option<tokio::runtime::Runtime>,
    clients: Clients,
}

impl Drop for Net {
    /// A session may be dropped inside a program's async code (the library's `Sso`), where a
    /// runtime must not block on shutdown; its only tasks are idle connections.
    fn drop(&mut self) {
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}

/// A resolved target plus the machinery to talk to it. Creating one costs nothing: the async
/// runtime and the SDK clients are built on first network use.
pub(crate) struct Session {
    target: SsoTarget,
    token_key: String,
    world: World,
    net: OnceLock<Result<Net, String>>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("target", &self.target)
            .finish_non_exhaustive()
    }
}

const SDK_ATTEMPTS: u32 = 3;

/// How long a caller that will not log in waits for another process's lock.
pub(crate) const LOCK_PATIENCE: Duration = Duration::from_secs(30);

/// What [`Session::token`] is asked for.
struct TokenRequest<'a> {
    need: Need,
    window: Duration,
    login: Option<&'a LoginOptions>,
    rejected: Option<&'a CachedToken>,
    forced: bool,
}

impl Session {
    /// A session for `target` in `world`.
    pub(crate) fn new(target: SsoTarget, world: World) -> Session {
        let token_key = token_cache::sha1_hex(target.cache_key());
        Session {
            target,
            token_key,
            world,
            net: OnceLock::new(),
        }
    }

    /// The target.
    pub(crate) fn target(&self) -> &SsoTarget {
        &self.target
    }

    /// The world it lives in.
    pub(crate) fn world(&self) -> &World {
        &self.world
    }

    /// The token's key in the token store (the digest of the session name or start URL).
    pub(crate) fn token_key(&self) -> &str {
        &self.token_key
    }

    /// Checks, before a login, that its results can be saved: the token and the client
    /// registration (see [`Store::check_writable`]). A login whose token cannot be written is
    /// thrown away after the person completed it in the browser.
    pub(crate) fn check_token_writable(&self) -> Result<(), SsoError> {
        let t = &self.target;
        let registration = token_cache::registration_key(
            &t.start_url,
            &t.sso_region,
            &t.scopes,
            t.session.as_deref(),
        );
        self.world.tokens.check_writable(&self.token_key)?;
        self.world.tokens.check_writable(&registration)
    }

    /// The current time, from the session's clock.
    pub(crate) fn now(&self) -> OffsetDateTime {
        self.world.clock.now()
    }

    pub(crate) fn observer(&self) -> &dyn Observer {
        &*self.world.observer
    }

    pub(crate) fn debug(&self, message: impl Fn() -> String) {
        self.world.observer.log(Verbosity::Debug, &message);
    }

    pub(crate) fn trace(&self, message: impl Fn() -> String) {
        self.world.observer.log(Verbosity::Trace, &message);
    }

    fn net(&self) -> Result<&Net, SsoError> {
        let net = self.net.get_or_init(|| {
            self.trace(|| "starting the async runtime and SDK clients".to_owned());
            // An unusable AWS_CA_BUNDLE (or proxy setting) is each request's error, named by
            // the clients: never a silent fall-back to the system's roots.
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map(|rt| Net {
                    rt: Some(rt),
                    clients: Clients::new(&self.world.env, &self.target.sso_region, SDK_ATTEMPTS),
                })
                .map_err(|e| e.to_string())
        });
        net.as_ref()
            .map_err(|e| SsoError::Runtime(std::io::Error::other(e.clone())))
    }

    /// Runs a future on the session's runtime (started on first use).
    pub(crate) fn block_on<F: std::future::Future>(&self, f: F) -> Result<F::Output, SsoError> {
        let rt = self
            .net()?
            .rt
            .as_ref()
            .expect("the runtime lives until the session is dropped");
        Ok(rt.block_on(f))
    }

    /// The SDK clients (built on first use).
    pub(crate) fn clients(&self) -> Result<&Clients, SsoError> {
        Ok(&self.net()?.clients)
    }

    /// "Log in first", for `reason` explained by `detail`.
    pub(crate) fn login_required(
        &self,
        reason: LoginRequiredReason,
        detail: impl std::fmt::Display,
    ) -> SsoError {
        LoginRequired::new(&self.target, reason, detail).into()
    }

    /// "Log in first" for a lifecycle decision.
    fn login_required_for(&self, reason: &LoginReason) -> SsoError {
        self.login_required(LoginRequiredReason::of(reason), reason)
    }

    pub(crate) fn corrupt(&self, source: token_cache::CacheError) -> SsoError {
        LoginRequired::new(
            &self.target,
            LoginRequiredReason::CorruptCache,
            "the SSO token cache is unusable",
        )
        .with_source(source)
        .into()
    }

    /// Reads the cached token; a corrupt file is an error naming the file and the fix.
    pub(crate) fn cached_token(&self) -> Result<Option<CachedToken>, SsoError> {
        self.world
            .tokens
            .read_token(&self.token_key)
            .map_err(|e| self.corrupt(e))
    }

    pub(crate) fn write_token(&self, token: &CachedToken) -> Result<(), SsoError> {
        self.world
            .tokens
            .write_token(&self.token_key, token)
            .map_err(|e| self.corrupt(e))
    }

    /// Takes a lock. Callers that may log in wait as long as a login can take; the others give
    /// up after [`LOCK_PATIENCE`] with a login-required error, so an SDK calling
    /// `credential-process` never hangs behind someone else's browser login. Either gives up
    /// when `cancel` is set.
    fn lock(
        &self,
        kind: &str,
        digest: &str,
        waiting: &str,
        may_login: bool,
        cancel: Option<&Cancel>,
    ) -> Result<LockGuard, SsoError> {
        let limit = (!may_login).then_some(LOCK_PATIENCE);
        self.world
            .locks
            .acquire_cancellable(
                kind,
                digest,
                || self.debug(|| waiting.to_owned()),
                limit,
                cancel,
            )
            .map_err(|(path, e)| match e.kind() {
                std::io::ErrorKind::TimedOut => self.login_required(
                    LoginRequiredReason::Busy,
                    format!(
                        "another awsso process has held the session for over {}s (a login in progress?)",
                        LOCK_PATIENCE.as_secs()
                    ),
                ),
                std::io::ErrorKind::Interrupted if cancel.is_some() => SsoError::Cancelled,
                _ => SsoError::Io { path, source: e },
            })
    }

    /// Takes the lock `kind`/`digest` for work no login waits on (a login session's refresh),
    /// giving up after [`LOCK_PATIENCE`].
    pub(crate) fn lock_named(
        &self,
        kind: &str,
        digest: &str,
        waiting: &str,
    ) -> Result<LockGuard, SsoError> {
        self.lock(kind, digest, waiting, false, None)
    }

    /// Takes the session's token lock (the one refreshes, logins and logouts take).
    pub(crate) fn token_lock(
        &self,
        may_login: bool,
        cancel: Option<&Cancel>,
    ) -> Result<LockGuard, SsoError> {
        self.lock(
            "token",
            &self.token_key,
            "waiting for another awsso process to finish refreshing or logging in",
            may_login,
            cancel,
        )
    }

    /// A usable access token: cached, refreshed, or (when `login` is given) freshly logged in.
    pub(crate) fn access_token(
        &self,
        login: Option<&LoginOptions>,
    ) -> Result<CachedToken, SsoError> {
        self.token(&TokenRequest {
            need: Need::Usable,
            window: lifecycle::REFRESH_WINDOW,
            login,
            rejected: None,
            forced: false,
        })
        .map(|(token, _)| token)
    }

    /// `login`: a no-op while the token is valid beyond the options' window (unless forced), a
    /// silent refresh when possible, else the interactive flow.
    pub(crate) fn login(&self, opts: &LoginOptions) -> Result<LoginOutcome, SsoError> {
        self.token(&TokenRequest {
            need: Need::Fresh,
            window: opts.window(),
            login: Some(opts),
            rejected: None,
            forced: opts.is_forced(),
        })
        .map(|(_, outcome)| outcome)
    }

    /// After the service rejected `rejected` (401): if another process already replaced it use
    /// the new token, else refresh it (or log in, or fail with the hint). Never returns the
    /// rejected token.
    pub(crate) fn after_rejection(
        &self,
        rejected: &CachedToken,
        login: Option<&LoginOptions>,
    ) -> Result<CachedToken, SsoError> {
        self.token(&TokenRequest {
            need: Need::Usable,
            window: lifecycle::REFRESH_WINDOW,
            login,
            rejected: Some(rejected),
            forced: false,
        })
        .map(|(token, _)| token)
    }

    /// Reads the cache for `req`; a corrupt cache is replaced when a login is allowed.
    fn read_for(&self, req: &TokenRequest<'_>) -> Result<Option<CachedToken>, SsoError> {
        match self.cached_token() {
            Ok(t) => Ok(t),
            Err(e) if req.login.is_some() => {
                self.world
                    .observer
                    .warn(&format!("{}; logging in again", error_chain(&e)));
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    fn situation<'t>(
        &self,
        req: &TokenRequest<'_>,
        token: Option<&'t CachedToken>,
        failure: Option<&'t NotRefreshable>,
    ) -> Situation<'t> {
        // A token another process wrote since the rejection is not the rejected one; a token
        // whose rejection the cache remembers is rejected whoever asks.
        let rejected = token.is_some_and(|t| t.rejected_at.is_some())
            || match (req.rejected, token) {
                (Some(bad), Some(t)) => bad.access_token == t.access_token,
                (Some(_), None) => false,
                (None, _) => false,
            };
        Situation {
            token,
            refresh_failure: failure,
            now: self.now(),
            window: req.window,
            need: req.need,
            may_login: req.login.is_some(),
            rejected,
            forced: req.forced,
        }
    }

    /// The token lifecycle: ask [`lifecycle::next_step`], carry the step out, ask again with
    /// what a failed refresh taught us.
    fn token(&self, req: &TokenRequest<'_>) -> Result<(CachedToken, LoginOutcome), SsoError> {
        // Fast path, no lock: a token that is simply usable.
        if req.rejected.is_none() && !req.forced {
            let token = self.read_for(req)?;
            if let Some(t) = token
                && lifecycle::next_step(&self.situation(req, Some(&t), None)) == Step::Use
            {
                return Ok((t.clone(), LoginOutcome::AlreadyValid(t.expires_at)));
            }
        }
        let _lock = self.token_lock(
            req.login.is_some(),
            req.login.and_then(LoginOptions::cancel),
        )?;
        // Another process may have refreshed or logged in while we waited.
        let token = self.read_for(req)?;
        // A remembered rejection: no refresh is tried (it failed then), no call is made.
        let mut failure: Option<NotRefreshable> = token
            .as_ref()
            .and_then(|t| t.rejected_at)
            .map(NotRefreshable::RejectedEarlier);
        let mut refresh_error: Option<SsoError> = None;
        loop {
            let step = lifecycle::next_step(&self.situation(req, token.as_ref(), failure.as_ref()));
            self.debug(|| format!("token lifecycle: {step:?}"));
            match (step, &token) {
                (Step::Use, Some(t)) => {
                    if let Some(why) = &failure {
                        self.world.observer.warn(&format!(
                            "could not refresh the SSO token: {why}; using it until it expires at {}",
                            t.expires_at
                        ));
                    }
                    return Ok((t.clone(), LoginOutcome::AlreadyValid(t.expires_at)));
                }
                (Step::Refresh, Some(t)) => match self.refresh(t) {
                    Ok(new) => {
                        let at = new.expires_at;
                        return Ok((new, LoginOutcome::Refreshed(at)));
                    }
                    Err(e) => {
                        failure = Some(if e.is_login_required() {
                            NotRefreshable::Rejected(error_chain(&e))
                        } else {
                            NotRefreshable::Failed(error_chain(&e))
                        });
                        self.debug(|| format!("refresh failed: {}", error_chain(&e)));
                        refresh_error = Some(e);
                    }
                },
                (Step::Login(reason), _) => {
                    self.debug(|| format!("logging in: {reason}"));
                    let opts = req.login.expect("Step::Login only when a login is allowed");
                    let t = login::interactive(self, opts)?;
                    let at = t.expires_at;
                    return Ok((t, LoginOutcome::LoggedIn(at)));
                }
                (Step::Fail(reason), _) => {
                    // A refresh that failed for a transient reason is that error, not a login.
                    if matches!(failure, Some(NotRefreshable::Failed(_)))
                        && let Some(e) = refresh_error
                    {
                        return Err(e);
                    }
                    // Rejected for good (until a login): remember it, so the next request,
                    // `status` and `login` know without asking the service again.
                    if matches!(reason, LoginReason::Rejected { .. })
                        && let Some(t) = &token
                    {
                        self.mark_rejected(t);
                    }
                    return Err(self.login_required_for(&reason));
                }
                (Step::Use | Step::Refresh, None) => {
                    return Err(self.login_required_for(&LoginReason::NoToken));
                }
            }
        }
    }

    /// Remembers in the cache that the service rejected `token` (see
    /// [`CachedToken::rejected_at`]). Callers hold the token lock. Best effort: a cache that
    /// cannot be written only means the next run asks the service again.
    fn mark_rejected(&self, token: &CachedToken) {
        if token.rejected_at.is_some() {
            return;
        }
        let marked = CachedToken {
            rejected_at: Some(Timestamp::new(self.now())),
            ..token.clone()
        };
        match self.write_token(&marked) {
            Ok(()) => self.debug(|| "remembered that the service rejected the token".to_owned()),
            Err(e) => self.debug(|| {
                format!(
                    "could not remember the token's rejection: {}",
                    error_chain(&e)
                )
            }),
        }
    }

    /// [`Session::mark_rejected`] for a caller without the token lock: marks `rejected` only if
    /// it is still the cached token.
    fn remember_rejection(&self, rejected: &CachedToken) {
        let Ok(_lock) = self.token_lock(false, None) else {
            return;
        };
        if let Ok(Some(cached)) = self.cached_token()
            && cached.access_token == rejected.access_token
        {
            self.mark_rejected(&cached);
        }
    }

    /// Refreshes `token` with its refresh token and rewrites the cache. Callers hold the lock.
    fn refresh(&self, token: &CachedToken) -> Result<CachedToken, SsoError> {
        let (Some(client_id), Some(secret), Some(refresh_token)) =
            (&token.client_id, &token.client_secret, &token.refresh_token)
        else {
            return Err(self.login_required(
                LoginRequiredReason::Expired,
                "the token cannot be refreshed",
            ));
        };
        self.debug(|| format!("refreshing the SSO token for {}", self.target.start_url));
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
                return Err(self.login_required(
                    LoginRequiredReason::Rejected,
                    format!("the refresh was rejected ({e})"),
                ));
            }
            Err(e) => return Err(SsoError::Api(e)),
        };
        let refreshed = CachedToken {
            access_token: new.access_token,
            expires_at: self.expiry(new.expires_in),
            refresh_token: new.refresh_token.or_else(|| token.refresh_token.clone()),
            rejected_at: None,
            ..token.clone()
        };
        self.write_token(&refreshed)?;
        self.debug(|| format!("token refreshed; valid until {}", refreshed.expires_at));
        Ok(refreshed)
    }

    /// The expiry of a token valid for `expires_in` seconds from now.
    pub(crate) fn expiry(&self, expires_in: u64) -> Timestamp {
        let now = self.now();
        let secs = i64::try_from(expires_in).unwrap_or(i64::MAX / 2);
        Timestamp::from_unix(now.unix_timestamp().saturating_add(secs))
            .unwrap_or_else(|| Timestamp::new(now))
    }

    /// Role credentials for the target's account and role (see the module docs).
    pub(crate) fn role_credentials(
        &self,
        opts: &RoleOptions,
    ) -> Result<(RoleCredentials, CredentialSource), SsoError> {
        if let Some(arn) = &self.target.login_session {
            return crate::login_session::credentials(self, arn, opts.min_remaining);
        }
        self.role_credentials_for(&self.role_key()?, opts)
    }

    /// Role credentials for any account and role of this instance (see the module docs).
    pub(crate) fn role_credentials_for(
        &self,
        key: &RoleKey,
        opts: &RoleOptions,
    ) -> Result<(RoleCredentials, CredentialSource), SsoError> {
        let key = key.clone();
        let roles = &self.world.roles;
        if let Some(c) = roles.read_role(&key)
            && role_cache::is_fresh(&c, self.now(), opts.min_remaining)
        {
            self.debug(|| format!("role credentials from cache, valid until {}", c.expiration));
            return Ok((c, CredentialSource::Cache));
        }
        let _lock = self.lock(
            "role",
            &key.digest(),
            "waiting for another awsso process fetching the same role",
            opts.login.is_some(),
            opts.login.as_ref().and_then(LoginOptions::cancel),
        )?;
        if let Some(c) = roles.read_role(&key)
            && role_cache::is_fresh(&c, self.now(), opts.min_remaining)
        {
            self.debug(|| "another process fetched the credentials; using them".to_owned());
            return Ok((c, CredentialSource::Cache));
        }
        let creds = self.fetch_role_credentials(&key, opts.login.as_ref())?;
        roles
            .write_role(&key, &creds)
            .map_err(|source| SsoError::Io {
                path: roles.location(&key.digest()),
                source,
            })?;
        Ok((creds, CredentialSource::Fetched))
    }

    /// The role cache key of the target's role.
    pub(crate) fn role_key(&self) -> Result<RoleKey, crate::sso::target::TargetError> {
        let (account, role) = self.target.role()?;
        Ok(self.role_key_for(account, role))
    }

    /// The role cache key of `account_id`/`role_name` in this instance.
    pub(crate) fn role_key_for(&self, account_id: &str, role_name: &str) -> RoleKey {
        RoleKey {
            start_url: self.target.start_url.clone(),
            sso_session: self.target.session.clone(),
            account_id: account_id.to_owned(),
            role_name: role_name.to_owned(),
        }
    }

    /// GetRoleCredentials with a usable token; on 401 one refresh (or login) and one retry.
    fn fetch_role_credentials(
        &self,
        key: &RoleKey,
        login: Option<&LoginOptions>,
    ) -> Result<RoleCredentials, SsoError> {
        let mut token = self.access_token(login)?;
        let clients = self.clients()?;
        for attempt in 0..2 {
            self.debug(|| {
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
                    self.debug(|| "the token was rejected (401); replacing it once".to_owned());
                    token = self.after_rejection(&token, login)?;
                }
                Err(e) if e.kind == ApiErrorKind::Forbidden => {
                    return Err(SsoError::NoAccess {
                        account: key.account_id.clone(),
                        role: key.role_name.clone(),
                        selection: Box::new(self.target.selection()),
                    });
                }
                Err(e) if e.kind == ApiErrorKind::Unauthorized => {
                    self.remember_rejection(&token);
                    break;
                }
                Err(e) => return Err(SsoError::Api(e)),
            }
        }
        Err(self.login_required(
            LoginRequiredReason::Rejected,
            "the service rejected the token (401) again after it was replaced",
        ))
    }
}
