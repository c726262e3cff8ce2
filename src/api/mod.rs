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

use crate::Error;
use crate::env::Env;
use crate::paths::Paths;
use crate::profile::ProfileSet;
use crate::sso::SsoError;
use crate::sso::clock::Clock;
use crate::sso::lifecycle;
use crate::sso::observer::Quiet;
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
    /// The files (config, caches, locks); `None` without a home folder.
    paths: Option<Arc<Paths>>,
}

/// Builds an [`Sso`] from an explicit instance, environment, config file and clock; see
/// [`Sso::builder`]. Exactly one of [`start_url`](Self::start_url),
/// [`profile`](Self::profile) or [`session`](Self::session) names the instance.
#[derive(Debug, Default, Clone)]
#[must_use]
pub struct SsoBuilder {
    instance: Option<Target>,
    env: Option<Env>,
    config_file: Option<PathBuf>,
    clock: Option<Arc<dyn Clock>>,
}

impl SsoBuilder {
    /// The instance at `start_url` in `region` (no config file is read).
    pub fn start_url(mut self, start_url: impl Into<String>, region: impl Into<String>) -> Self {
        self.instance = Some(Target::StartUrl {
            url: start_url.into(),
            region: region.into(),
        });
        self
    }

    /// The instance of the config file's profile `name` (see [`Sso::from_profile`]).
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.instance = Some(Target::Profile(name.into()));
        self
    }

    /// The instance of the config file's `[sso-session NAME]` (see [`Sso::from_session`]).
    pub fn session(mut self, name: impl Into<String>) -> Self {
        self.instance = Some(Target::Session(name.into()));
        self
    }

    /// Reads these variables instead of the process's environment (`HOME`, `AWS_CONFIG_FILE`,
    /// `AWS_ENDPOINT_URL_SSO`, `AWS_CA_BUNDLE`, `HTTPS_PROXY`, ...): a variable not listed is
    /// unset. For tests, and programs that run several configurations side by side.
    pub fn env<K, V>(mut self, vars: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<std::ffi::OsString>,
    {
        let vars: Vec<(String, std::ffi::OsString)> = vars
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        self.env = Some(Env::from_lookup(|name| {
            vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        }));
        self
    }

    /// Reads profiles and sessions from `path` instead of `AWS_CONFIG_FILE` or
    /// `~/.aws/config`.
    pub fn config_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.config_file = Some(path.into());
        self
    }

    /// Takes the time from `now` instead of the system clock: every expiry decision (is the
    /// token still valid, are the cached credentials fresh) asks it.
    pub fn clock(mut self, now: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Some(Arc::new(FnClock(Box::new(now))));
        self
    }

    /// The [`Sso`]: reads the config file when the instance is a profile or session.
    ///
    /// # Errors
    /// [`Error::Config`] when no instance was named, the profile or session does not exist
    /// or lacks a key, or the config file cannot be read.
    pub fn build(self) -> Result<Sso, Error> {
        let target = self
            .instance
            .ok_or_else(|| Error::from(crate::sso::target::TargetError::NothingSelected))?;
        let env = self.env.unwrap_or_else(Env::capture);
        let sso = Sso::resolve(&target, &env, self.config_file)?;
        Ok(match self.clock {
            Some(clock) => sso.rebuild(|w| w.clock = clock),
            None => sso,
        })
    }
}

/// A [`Clock`] from a closure.
struct FnClock(Box<dyn Fn() -> SystemTime + Send + Sync>);

impl std::fmt::Debug for FnClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FnClock")
    }
}

impl Clock for FnClock {
    fn now(&self) -> time::OffsetDateTime {
        time::OffsetDateTime::from((self.0)())
    }
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
    ///
    /// ```
    /// let sso = awsso::Sso::new("https://my-org.awsapps.com/start", "eu-west-1")?;
    /// assert_eq!(sso.region(), "eu-west-1");
    /// # Ok::<(), awsso::Error>(())
    /// ```
    pub fn new(start_url: impl Into<String>, region: impl Into<String>) -> Result<Sso, Error> {
        Sso::builder().start_url(start_url, region).build()
    }

    /// The instance of a profile of the config file: its `sso_session` (or legacy `sso_*` keys,
    /// or the `awsso_*` keys of a profile `awsso discover` wrote). The profile's `region` becomes
    /// the default region of [`sdk_config`](Self::sdk_config).
    ///
    /// ```no_run
    /// let sso = awsso::Sso::from_profile("dev")?;
    /// # let _ = sso;
    /// # Ok::<(), awsso::Error>(())
    /// ```
    pub fn from_profile(name: &str) -> Result<Sso, Error> {
        Sso::builder().profile(name).build()
    }

    /// The instance of an `[sso-session NAME]` section of the config file.
    ///
    /// ```no_run
    /// let sso = awsso::Sso::from_session("my-sso")?;
    /// # let _ = sso;
    /// # Ok::<(), awsso::Error>(())
    /// ```
    pub fn from_session(name: &str) -> Result<Sso, Error> {
        Sso::builder().session(name).build()
    }

    /// A builder for everything the constructors above take from the process: the
    /// environment, the config file, the clock.
    ///
    /// ```
    /// let sso = awsso::Sso::builder()
    ///     .start_url("https://my-org.awsapps.com/start", "eu-west-1")
    ///     .env([("HOME", "/tmp/home"), ("AWS_ENDPOINT_URL_SSO", "http://127.0.0.1:9000")])
    ///     .build()?;
    /// assert_eq!(sso.start_url(), "https://my-org.awsapps.com/start");
    /// # Ok::<(), awsso::Error>(())
    /// ```
    pub fn builder() -> SsoBuilder {
        SsoBuilder::default()
    }

    fn resolve(target: &Target, env: &Env, config_file: Option<PathBuf>) -> Result<Sso, SsoError> {
        let mut home = Paths::from_env(env);
        if let (Ok(paths), Some(file)) = (&mut home, config_file) {
            paths.config = file;
        }
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
        Ok(Sso::from_parts(resolved, world, home.ok().map(Arc::new)))
    }

    fn from_parts(target: SsoTarget, world: World, paths: Option<Arc<Paths>>) -> Sso {
        // As in the SDKs, AWS_REGION beats the profile's `region`.
        let default_region = world.env.region.clone().or_else(|| target.region.clone());
        Sso {
            session: Arc::new(Session::new(target, world)),
            default_region,
            login: None,
            paths,
        }
    }

    fn rebuild(&self, change: impl FnOnce(&mut World)) -> Sso {
        let mut world = self.session.world().clone();
        change(&mut world);
        let mut target = self.session.target().clone();
        target.region = self.default_region.clone();
        Sso {
            login: self.login.clone(),
            ..Sso::from_parts(target, world, self.paths.clone())
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

    /// Plans one config-file profile per role in `roles` (usually
    /// [`list_available_roles`](Self::list_available_roles)), as `awsso discover` does: reads
    /// the config file, makes no network call, writes nothing until
    /// [`ProfilePlan::write`](crate::discover::ProfilePlan::write). See [`crate::discover`].
    ///
    /// ```no_run
    /// # fn demo(sso: awsso::Sso, roles: Vec<awsso::AccountRole>) -> Result<(), awsso::Error> {
    /// let options = awsso::discover::ProfileOptions::default().prune(true);
    /// let plan = sso.plan_profiles(&roles, &options)?;
    /// print!("{}", plan.new_text());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// A bad name template, a config file that cannot be read or edited faithfully (the error
    /// names the file and line), or no home folder.
    pub fn plan_profiles(
        &self,
        roles: &[AccountRole],
        options: &crate::discover::ProfileOptions,
    ) -> Result<crate::discover::ProfilePlan, Error> {
        let paths = self.paths.as_deref().ok_or(crate::paths::NoHome)?;
        let target = self.session.target();
        let source = crate::profile::generate::Source::of(target);
        let roles: Vec<crate::profile::generate::RoleRef> = roles
            .iter()
            .map(|r| crate::profile::generate::RoleRef {
                account_id: r.account_id.clone(),
                account_name: r.account_name.clone(),
                role_name: r.role_name.clone(),
            })
            .collect();
        let plan = crate::discover::plan(
            paths,
            &paths.config,
            &source,
            &roles,
            options,
            self.default_region.as_deref(),
        )?;
        Ok(plan)
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
