//! The library: what `aws-sso-lib` is for Python, in Rust, on the same core as the CLI.
//!
//! I/O. [`Sso`] is one Identity Center instance; its async methods run the core's blocking
//! work (file locks, the session's own small runtime) on tokio's blocking pool, so they can be
//! called from any tokio runtime, current-thread or multi-thread.

mod credentials;
mod listing;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::env::Env;
use crate::paths::Paths;
use crate::profile::ProfileSet;
use crate::sso::SsoError;
use crate::sso::lifecycle;
use crate::sso::observer::{Observer, Quiet};
use crate::sso::session::{LoginOptions, Session, World};
use crate::sso::store::{CacheStore, Locks, Store};
use crate::sso::target::{self, SsoTarget, Target};
use crate::sso::token_cache::CachedToken;

pub use credentials::{RoleCredentialsProvider, SdkConfigLoader};
pub use listing::AccountRole;

/// One Identity Center instance: log in, get role credentials, list accounts and roles.
///
/// It reads the same environment as the CLI: `HOME`, `AWS_CONFIG_FILE`,
/// `AWS_ENDPOINT_URL_SSO`, `AWS_ENDPOINT_URL_SSO_OIDC`, `AWS_ENDPOINT_URL`,
/// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`, `AWS_CA_BUNDLE`, `BROWSER`,
/// `AWS_SSO_DISABLE_BROWSER`. By default it shares the CLI's caches: the token in
/// `~/.aws/sso/cache/` (the AWS CLI's file, so one login serves `aws`, every SDK, the `awsso`
/// binary and your program) and role credentials in `~/.aws/awsso/roles/`, with the same
/// cross-process single-flight locks. [`with_token_cache`](Self::with_token_cache) and
/// [`with_credential_cache`](Self::with_credential_cache) replace them.
///
/// Cloning is cheap; clones share the session (and its connection pool).
///
/// ```no_run
/// # async fn demo() -> Result<(), awsso::Error> {
/// let sso = awsso::Sso::new("https://my-org.awsapps.com/start", "eu-west-1")?;
/// let token = sso.login(awsso::LoginOptions::default()).await?;
/// println!("logged in until {:?}", token.expires_at);
/// let config = sso.sdk_config("123456789012", "ReadOnly").load().await?;
/// # let _ = config;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Sso {
    session: Arc<Session>,
    /// The profile's `region`, when built from a profile.
    default_region: Option<String>,
    /// Log in interactively when a call needs it (see [`Sso::with_login`]).
    login: Option<LoginOptions>,
}

/// The cached token's state, without any secret.
///
/// ```
/// # fn show(info: &awsso::TokenInfo) {
/// if info.refreshable {
///     println!("{} valid until {:?}, refreshed silently", info.start_url, info.expires_at);
/// }
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenInfo {
    /// The start URL.
    pub start_url: String,
    /// The Identity Center region.
    pub region: String,
    /// The `sso-session` name, when the instance came from one.
    pub session_name: Option<String>,
    /// When the access token expires.
    pub expires_at: SystemTime,
    /// Whether awsso can refresh it without a login.
    pub refreshable: bool,
}

/// Where a cache keeps its entries: a folder, memory, or your own [`CacheStore`].
///
/// ```
/// let sso = awsso::Sso::new("https://my-org.awsapps.com/start", "eu-west-1")?
///     .with_token_cache(awsso::Cache::memory())
///     .with_credential_cache(awsso::Cache::memory());
/// # let _ = sso;
/// # Ok::<(), awsso::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Cache(Store);

impl Cache {
    /// `<folder>/<key>.json` files, 0600 in a 0700 folder, written atomically.
    pub fn dir(folder: impl Into<PathBuf>) -> Cache {
        Cache(Store::Dir(folder.into()))
    }

    /// In this process's memory (clones of the `Sso` share it; nothing reaches the disk).
    pub fn memory() -> Cache {
        Cache(Store::memory())
    }

    /// Your own key-value store.
    pub fn custom(store: impl CacheStore + 'static) -> Cache {
        Cache(Store::Custom(Arc::new(store)))
    }
}

impl Sso {
    /// The instance at `start_url` in `region`, with the default caches (tokens keyed by the
    /// start URL, as for a legacy profile).
    pub fn new(start_url: impl Into<String>, region: impl Into<String>) -> Result<Sso, SsoError> {
        let target = Target::StartUrl {
            url: start_url.into(),
            region: region.into(),
        };
        Sso::resolve(&target, &Env::capture())
    }

    /// The instance of a profile of the config file: its `sso_session` (or legacy `sso_*` keys,
    /// or the `awsso_*` keys of a profile `awsso discover` wrote). The profile's `region` becomes
    /// the default region of [`sdk_config`](Self::sdk_config).
    pub fn from_profile(name: &str) -> Result<Sso, SsoError> {
        Sso::resolve(&Target::Profile(name.to_owned()), &Env::capture())
    }

    /// The instance of an `[sso-session NAME]` section of the config file.
    pub fn from_session(name: &str) -> Result<Sso, SsoError> {
        Sso::resolve(&Target::Session(name.to_owned()), &Env::capture())
    }

    /// Like the constructors above, with an explicit environment instead of the process's
    /// (tests, and programs that run several configurations side by side).
    #[doc(hidden)]
    pub fn with_env(target: &Target, env: &Env) -> Result<Sso, SsoError> {
        Sso::resolve(target, env)
    }

    fn resolve(target: &Target, env: &Env) -> Result<Sso, SsoError> {
        let home = Paths::from_env(env);
        let set = match target {
            Target::StartUrl { .. } => ProfileSet::parse(None, None),
            _ => ProfileSet::load(
                Some(&home.as_ref().map_err(|_| crate::paths::NoHome)?.config),
                None,
            )?,
        };
        let config_path = home
            .as_ref()
            .map(|p| p.config.display().to_string())
            .unwrap_or_default();
        let resolved = target::resolve(target, None, &set, &config_path)?;
        let world = match &home {
            Ok(paths) => World::new(env.clone(), paths, Arc::new(Quiet)),
            // No home folder: nothing can be shared; keep everything in memory.
            Err(_) => World {
                env: env.clone(),
                tokens: Store::memory(),
                roles: Store::memory(),
                locks: Locks::InProcess,
                clock: Arc::new(crate::sso::clock::SystemClock),
                observer: Arc::new(Quiet),
            },
        };
        Ok(Sso::from_parts(resolved, world))
    }

    fn from_parts(target: SsoTarget, world: World) -> Sso {
        let default_region = target.region.clone();
        Sso {
            session: Arc::new(Session::new(target, world)),
            default_region,
            login: None,
        }
    }

    fn rebuild(&self, change: impl FnOnce(&mut World)) -> Sso {
        let mut world = self.session.world().clone();
        change(&mut world);
        let mut target = self.session.target().clone();
        target.region = self.default_region.clone();
        Sso {
            login: self.login.clone(),
            ..Sso::from_parts(target, world)
        }
    }

    /// Logs in interactively, with `options`, whenever a call needs a token and none is usable
    /// (the seed's `login=True`): listing, credential providers and SdkConfigs made from this
    /// `Sso`. Default `None`: such calls fail with a login-required error (see
    /// [`Error::hint`](crate::Error::hint)).
    ///
    /// ```
    /// let sso = awsso::Sso::new("https://my-org.awsapps.com/start", "eu-west-1")?
    ///     .with_login(Some(awsso::LoginOptions::default()));
    /// # let _ = sso;
    /// # Ok::<(), awsso::Error>(())
    /// ```
    pub fn with_login(mut self, options: Option<LoginOptions>) -> Sso {
        self.login = options;
        self
    }

    /// Keeps tokens and client registrations in `cache` instead of `~/.aws/sso/cache` (the
    /// seed's `sso_cache`). Other tools will not see the login.
    pub fn with_token_cache(self, cache: Cache) -> Sso {
        // The locks stay: file locks also serialise threads of one process.
        self.rebuild(|w| w.tokens = cache.0)
    }

    /// Keeps role credentials in `cache` instead of `~/.aws/awsso/roles` (the seed's
    /// `credential_cache`).
    pub fn with_credential_cache(self, cache: Cache) -> Sso {
        self.rebuild(|w| w.roles = cache.0)
    }

    /// Sends warnings and debug lines to `observer` (the default prints nothing but the login
    /// message).
    #[doc(hidden)]
    pub fn with_observer(self, observer: Arc<dyn Observer>) -> Sso {
        self.rebuild(|w| w.observer = observer)
    }

    /// Pins the clock (tests).
    #[doc(hidden)]
    pub fn with_clock(self, clock: Arc<dyn crate::sso::clock::Clock>) -> Sso {
        self.rebuild(|w| w.clock = clock)
    }

    /// The start URL.
    pub fn start_url(&self) -> &str {
        &self.session.target().start_url
    }

    /// The Identity Center region.
    pub fn region(&self) -> &str {
        &self.session.target().sso_region
    }

    /// The `sso-session` name, when the instance came from one.
    pub fn session_name(&self) -> Option<&str> {
        self.session.target().session.as_deref()
    }

    /// The command a person runs to log in to this instance with the CLI.
    pub fn login_command(&self) -> String {
        self.session.target().login_command()
    }

    /// Logs in (aws-sso-lib's `login()`): a no-op while a token valid for longer than the
    /// options' `expiry_window` is cached, a silent refresh when possible, else the interactive
    /// flow — PKCE in the browser, or the device code flow — with the options' message and
    /// handler.
    ///
    /// ```no_run
    /// # async fn demo(sso: awsso::Sso) -> Result<(), awsso::Error> {
    /// let token = sso
    ///     .login(awsso::LoginOptions::default().device_code(true).message(None).handler(
    ///         |auth: &awsso::UserAuth| {
    ///             eprintln!("open {} and confirm {:?}", auth.url(), auth.user_code);
    ///         },
    ///     ))
    ///     .await?;
    /// assert!(token.expires_at > std::time::SystemTime::now());
    /// # Ok(()) }
    /// ```
    pub async fn login(&self, options: LoginOptions) -> Result<TokenInfo, SsoError> {
        let session = Arc::clone(&self.session);
        blocking(move || {
            session.login(&options)?;
            let token = session
                .cached_token()?
                .ok_or_else(|| session.login_required(lifecycle::LoginReason::NoToken))?;
            Ok(token_info(&session, &token))
        })
        .await
    }

    /// The cached token's state (no network call); `None` when there is none.
    pub async fn token_info(&self) -> Result<Option<TokenInfo>, SsoError> {
        let session = Arc::clone(&self.session);
        blocking(move || Ok(session.cached_token()?.map(|t| token_info(&session, &t)))).await
    }

    /// An [`aws_config::SdkConfig`] whose credentials are `role_name` in `account_id`
    /// (aws-sso-lib's `get_boto3_session()`); see [`SdkConfigLoader`].
    pub fn sdk_config(
        &self,
        account_id: impl Into<String>,
        role_name: impl Into<String>,
    ) -> SdkConfigLoader {
        SdkConfigLoader::new(
            self.credentials_provider(account_id, role_name),
            self.default_region.clone(),
        )
    }

    /// The same credentials as a provider for any SDK client: cached, single-flight across
    /// processes, fetched again 15 minutes before they expire.
    pub fn credentials_provider(
        &self,
        account_id: impl Into<String>,
        role_name: impl Into<String>,
    ) -> RoleCredentialsProvider {
        RoleCredentialsProvider::new(
            Arc::clone(&self.session),
            account_id.into(),
            role_name.into(),
        )
        .login(self.login.clone())
    }

    pub(crate) fn login_options(&self) -> Option<&LoginOptions> {
        self.login.as_ref()
    }

    pub(crate) fn session(&self) -> &Arc<Session> {
        &self.session
    }
}

fn token_info(session: &Session, token: &CachedToken) -> TokenInfo {
    let target = session.target();
    TokenInfo {
        start_url: target.start_url.clone(),
        region: target.sso_region.clone(),
        session_name: target.session.clone(),
        expires_at: SystemTime::from(token.expires_at.get()),
        refreshable: lifecycle::refreshability(token, session.now()).is_ok(),
    }
}

/// Runs the core's blocking work on tokio's blocking pool.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, SsoError> + Send + 'static,
) -> Result<T, SsoError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| SsoError::Task(e.to_string()))?
}

/// How long cached role credentials must still be valid to be served (botocore re-runs a
/// credential process under 15 minutes, and so does awsso's provider).
pub(crate) const MIN_REMAINING: Duration = lifecycle::REFRESH_WINDOW;
