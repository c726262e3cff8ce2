//! The library: what `aws-sso-lib` is for Python, in Rust, on the same core as the CLI.
//!
//! I/O. [`Sso`] is one Identity Center instance.
//!
//! How the async API runs the synchronous core, and what dropping a future does, is documented
//! for users on [`Sso`] ("Execution model"): each call is one `spawn_blocking` task, handed a
//! [`Cancel`] that a [`CancelOnDrop`] guard in the async wrapper ([`blocking`], and the listing
//! stream's state) sets when the caller's future goes away. Not done yet: the network core still
//! runs on the session's private current-thread runtime and its own HTTP client, not on the
//! caller's runtime and client as `admin` does; moving it there (and dropping `spawn_blocking`)
//! would make every request cancellable, not only the waits.

mod credentials;
mod listing;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use crate::Error;
use crate::env::Env;
use crate::error::LoginRequiredReason;
use crate::paths::Paths;
use crate::profile::ProfileSet;
use crate::sso::SsoError;
use crate::sso::cancel::{Cancel, CancelOnDrop};
use crate::sso::clock::Clock;
use crate::sso::lifecycle;
use crate::sso::logout;
use crate::sso::observer::{Event, EventHandler, Library};
use crate::sso::role_cache::RoleKey;
use crate::sso::session::{LoginOptions, Session, World};
use crate::sso::store::{CacheStore, Store};
use crate::sso::target::{self, SsoTarget, Target, TargetError};
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
///
/// # Execution model
///
/// The core is synchronous: file locks shared with other processes, and a small
/// current-thread tokio runtime of the session's own for its HTTP calls (started on first
/// network use, shut down without blocking when the last clone of the `Sso` is dropped). The
/// async methods run that core on tokio's blocking pool (`spawn_blocking`), so they can be
/// called from any tokio runtime, current-thread or multi-thread; each call occupies one
/// blocking thread while it runs, and the HTTP calls do not use your runtime or its HTTP client.
///
/// Dropping a future (a `tokio::time::timeout`, a `select!`, a dropped listing stream) cancels
/// its work: a guard sets a cancellation flag that the blocking side checks where it waits —
/// the device-code poll loop and the browser-redirect wait stop at once, a wait for another
/// process's lock within 0.2 s — and the work then returns, releasing its locks (the token lock
/// a login holds is free for the next caller within about a second). A single HTTP request in
/// flight is not interrupted mid-way outside those waits; it ends within its timeouts (5 s to
/// connect, 30 s per attempt). A credential fetch without [`Sso::with_login`] that waits for
/// another process's lock gives up after 30 s whether or not it is dropped.
#[derive(Clone, Debug)]
pub struct Sso {
    session: Arc<Session>,
    /// The profile's `region`, when built from a profile.
    default_region: Option<String>,
    /// Log in interactively when a call needs it (see [`Sso::with_login`]).
    login: Option<LoginOptions>,
    /// The files (config, caches, locks); `None` without a home folder.
    paths: Option<Arc<Paths>>,
    /// The roles this `Sso` (and its clones and providers) got credentials for: what
    /// [`Sso::logout`] deletes from a store it cannot list.
    roles_used: RolesUsed,
}

/// Role cache keys, shared by an `Sso`, its clones and its providers.
#[derive(Clone, Debug, Default)]
pub(crate) struct RolesUsed(Arc<Mutex<Vec<RoleKey>>>);

impl RolesUsed {
    pub(crate) fn remember(&self, key: &RoleKey) {
        let mut keys = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if !keys.contains(key) {
            keys.push(key.clone());
        }
    }

    fn all(&self) -> Vec<RoleKey> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// Builds an [`Sso`] from an explicit instance, environment, config file, clock and event
/// handler; see [`Sso::builder`]. Exactly one of [`start_url`](Self::start_url),
/// [`profile`](Self::profile) or [`session`](Self::session) names the instance.
///
/// ```
/// let sso = awsso::Sso::builder()
///     .session("my-sso")
///     .config_file("/etc/my-app/aws-config")
///     .env([("HOME", "/var/lib/my-app")])
///     .on_event(|event: &awsso::Event| eprintln!("awsso: {event:?}"));
/// # let _ = sso;
/// ```
#[derive(Default, Clone)]
#[must_use]
pub struct SsoBuilder {
    instance: Option<Target>,
    env: Option<Env>,
    config_file: Option<PathBuf>,
    clock: Option<Arc<dyn Clock>>,
    on_event: Option<EventHandler>,
}

impl std::fmt::Debug for SsoBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SsoBuilder")
            .field("instance", &self.instance)
            .field("env", &self.env.is_some())
            .field("config_file", &self.config_file)
            .field("clock", &self.clock)
            .field("on_event", &self.on_event.as_ref().map(|_| "Fn(&Event)"))
            .finish()
    }
}

impl SsoBuilder {
    /// The instance at `start_url` in `region` (no config file is read).
    ///
    /// ```
    /// let sso = awsso::Sso::builder()
    ///     .start_url("https://my-org.awsapps.com/start", "eu-west-1")
    ///     .build()?;
    /// assert_eq!(sso.region(), "eu-west-1");
    /// # Ok::<(), awsso::Error>(())
    /// ```
    pub fn start_url(mut self, start_url: impl Into<String>, region: impl Into<String>) -> Self {
        self.instance = Some(Target::StartUrl {
            url: start_url.into(),
            region: region.into(),
        });
        self
    }

    /// The instance of the config file's profile `name` (see [`Sso::from_profile`]).
    ///
    /// ```no_run
    /// let sso = awsso::Sso::builder().profile("dev").build()?;
    /// # let _ = sso;
    /// # Ok::<(), awsso::Error>(())
    /// ```
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.instance = Some(Target::Profile(name.into()));
        self
    }

    /// The instance of the config file's `[sso-session NAME]` (see [`Sso::from_session`]).
    ///
    /// ```no_run
    /// let sso = awsso::Sso::builder().session("my-sso").build()?;
    /// # let _ = sso;
    /// # Ok::<(), awsso::Error>(())
    /// ```
    pub fn session(mut self, name: impl Into<String>) -> Self {
        self.instance = Some(Target::Session(name.into()));
        self
    }

    /// Reads these variables instead of the process's environment (`HOME`, `AWS_CONFIG_FILE`,
    /// `AWS_ENDPOINT_URL_SSO`, `AWS_CA_BUNDLE`, `HTTPS_PROXY`, ...): a variable not listed is
    /// unset. For tests, and programs that run several configurations side by side.
    ///
    /// ```
    /// let sso = awsso::Sso::builder()
    ///     .start_url("https://my-org.awsapps.com/start", "eu-west-1")
    ///     .env([("HOME", "/tmp/home"), ("AWS_ENDPOINT_URL_SSO", "http://127.0.0.1:9000")])
    ///     .build()?;
    /// # let _ = sso;
    /// # Ok::<(), awsso::Error>(())
    /// ```
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
    ///
    /// ```no_run
    /// let sso = awsso::Sso::builder()
    ///     .profile("dev")
    ///     .config_file("/etc/my-app/aws-config")
    ///     .build()?;
    /// # let _ = sso;
    /// # Ok::<(), awsso::Error>(())
    /// ```
    pub fn config_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.config_file = Some(path.into());
        self
    }

    /// Takes the time from `now` instead of the system clock: every expiry decision (is the
    /// token still valid, are the cached credentials fresh) asks it.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    ///
    /// let tomorrow = SystemTime::now() + Duration::from_secs(86_400);
    /// let sso = awsso::Sso::builder()
    ///     .start_url("https://my-org.awsapps.com/start", "eu-west-1")
    ///     .clock(move || tomorrow)
    ///     .build()?;
    /// # let _ = sso;
    /// # Ok::<(), awsso::Error>(())
    /// ```
    pub fn clock(mut self, now: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Some(Arc::new(FnClock(Box::new(now))));
        self
    }

    /// Calls `handler` with each warning and debug line (see [`Event`]); by default they are
    /// only emitted as `tracing` events. The handler runs on the thread doing the work (a
    /// blocking-pool thread): keep it short.
    ///
    /// ```
    /// let sso = awsso::Sso::builder()
    ///     .start_url("https://my-org.awsapps.com/start", "eu-west-1")
    ///     .on_event(|event: &awsso::Event| {
    ///         if let awsso::Event::Warning(text) = event {
    ///             eprintln!("warning: {text}");
    ///         }
    ///     })
    ///     .build()?;
    /// # let _ = sso;
    /// # Ok::<(), awsso::Error>(())
    /// ```
    pub fn on_event(mut self, handler: impl Fn(&Event) + Send + Sync + 'static) -> Self {
        self.on_event = Some(Arc::new(handler));
        self
    }

    /// The [`Sso`]: reads the config file when the instance is a profile or session.
    ///
    /// ```
    /// let sso = awsso::Sso::builder()
    ///     .start_url("https://my-org.awsapps.com/start", "eu-west-1")
    ///     .build()?;
    /// # let _ = sso;
    /// # Ok::<(), awsso::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Config`] when no instance was named, the profile or session does not exist
    /// or lacks a key, or the config file cannot be read.
    pub fn build(self) -> Result<Sso, Error> {
        let target = self
            .instance
            .ok_or_else(|| Error::from(SsoError::from(TargetError::NothingSelected)))?;
        let env = self.env.unwrap_or_else(Env::capture);
        let observer = Arc::new(Library {
            on_event: self.on_event,
        });
        let sso = Sso::resolve(&target, &env, self.config_file, observer)?;
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
    ///
    /// ```
    /// let cache = awsso::Cache::dir("/var/lib/my-app/sso-cache");
    /// # let _ = cache;
    /// ```
    pub fn dir(folder: impl Into<PathBuf>) -> Cache {
        Cache(Store::Dir(folder.into()))
    }

    /// In this process's memory (clones of the `Sso` share it; nothing reaches the disk).
    ///
    /// ```
    /// let cache = awsso::Cache::memory();
    /// # let _ = cache;
    /// ```
    pub fn memory() -> Cache {
        Cache(Store::memory())
    }

    /// Your own key-value store (see [`CacheStore`] for an example).
    ///
    /// ```
    /// # #[derive(Debug)]
    /// # struct MyVault;
    /// # impl awsso::CacheStore for MyVault {
    /// #     fn load(&self, _: &str) -> std::io::Result<Option<Vec<u8>>> { Ok(None) }
    /// #     fn store(&self, _: &str, _: &[u8]) -> std::io::Result<()> { Ok(()) }
    /// #     fn remove(&self, _: &str) -> std::io::Result<()> { Ok(()) }
    /// # }
    /// let cache = awsso::Cache::custom(MyVault);
    /// # let _ = cache;
    /// ```
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
    /// the default region of [`sdk_config`](Self::sdk_config), and its account and role
    /// (`sso_account_id`, `sso_role_name`) are those of
    /// [`profile_sdk_config`](Self::profile_sdk_config) and
    /// [`profile_credentials_provider`](Self::profile_credentials_provider).
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), awsso::Error> {
    /// let sso = awsso::Sso::from_profile("dev")?;
    /// // The profile's own account and role, and its region:
    /// let config = sso.profile_sdk_config()?.load().await?;
    /// // Any other role of the same instance:
    /// let admin = sso.sdk_config("123456789012", "Admin").load().await?;
    /// # let _ = (config, admin);
    /// # Ok(()) }
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

    fn resolve(
        target: &Target,
        env: &Env,
        config_file: Option<PathBuf>,
        observer: Arc<Library>,
    ) -> Result<Sso, SsoError> {
        let mut home = Paths::from_env(env);
        // A relative home is a mistake to report, not a reason to keep tokens in memory.
        if let Err(e @ crate::paths::NoHome::Relative { .. }) = &home {
            return Err(SsoError::NoHome(e.clone()));
        }
        if let (Ok(paths), Some(file)) = (&mut home, config_file) {
            paths.config = file;
        }
        let (set, config_path) = match (target, &home) {
            (Target::StartUrl { .. }, _) => (ProfileSet::parse(None, None), String::new()),
            (_, Ok(paths)) => target::read_for(target, &paths.config)?,
            (_, Err(e)) => return Err(SsoError::NoHome(e.clone())),
        };
        let resolved = target::resolve(target, None, &set, &config_path)?;
        // AWS_REGION becomes the default region of every SDK config handed out.
        if let Some(region) = &env.region {
            crate::ids::check_region(region).map_err(|e| target::TargetError::Invalid {
                location: "AWS_REGION".to_owned(),
                detail: e.to_string(),
            })?;
        }
        let world = match &home {
            Ok(paths) => World::new(env.clone(), paths, observer),
            // No home folder: nothing can be shared; keep everything in memory.
            Err(_) => World::in_memory(env.clone(), observer),
        };
        Ok(Sso::from_parts(resolved, world, home.ok().map(Arc::new)))
    }

    fn from_parts(target: SsoTarget, world: World, paths: Option<Arc<Paths>>) -> Sso {
        // As in the SDKs, AWS_REGION beats the profile's `region` (checked in `resolve`); a
        // profile region that is not a region name is never a default.
        let default_region = world
            .env
            .region
            .clone()
            .or_else(|| target.checked_region().ok().flatten().map(str::to_owned));
        Sso {
            session: Arc::new(Session::new(target, world)),
            default_region,
            login: None,
            paths,
            roles_used: RolesUsed::default(),
        }
    }

    fn rebuild(&self, change: impl FnOnce(&mut World)) -> Sso {
        let mut world = self.session.world().clone();
        change(&mut world);
        let mut target = self.session.target().clone();
        target.region = self.default_region.clone();
        target.region_location = None;
        Sso {
            login: self.login.clone(),
            roles_used: self.roles_used.clone(),
            ..Sso::from_parts(target, world, self.paths.clone())
        }
    }

    /// Logs in interactively, with `options`, whenever a call needs a token and none is usable
    /// (the seed's `login=True`): listing, credential providers and SdkConfigs made from this
    /// `Sso`. Default `None`: such calls fail with [`Error::LoginRequired`].
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
    ///
    /// ```
    /// let sso = awsso::Sso::new("https://my-org.awsapps.com/start", "eu-west-1")?
    ///     .with_token_cache(awsso::Cache::dir("/var/lib/my-app/sso"));
    /// # let _ = sso;
    /// # Ok::<(), awsso::Error>(())
    /// ```
    pub fn with_token_cache(self, cache: Cache) -> Sso {
        // The locks stay: file locks also serialise threads of one process.
        self.rebuild(|w| w.tokens = cache.0)
    }

    /// Keeps role credentials in `cache` instead of `~/.aws/awsso/roles` (the seed's
    /// `credential_cache`).
    ///
    /// ```
    /// let sso = awsso::Sso::new("https://my-org.awsapps.com/start", "eu-west-1")?
    ///     .with_credential_cache(awsso::Cache::memory());
    /// # let _ = sso;
    /// # Ok::<(), awsso::Error>(())
    /// ```
    pub fn with_credential_cache(self, cache: Cache) -> Sso {
        self.rebuild(|w| w.roles = cache.0)
    }

    /// The start URL.
    ///
    /// ```
    /// let sso = awsso::Sso::new("https://my-org.awsapps.com/start", "eu-west-1")?;
    /// assert_eq!(sso.start_url(), "https://my-org.awsapps.com/start");
    /// # Ok::<(), awsso::Error>(())
    /// ```
    pub fn start_url(&self) -> &str {
        &self.session.target().start_url
    }

    /// The Identity Center region.
    ///
    /// ```
    /// let sso = awsso::Sso::new("https://my-org.awsapps.com/start", "eu-west-1")?;
    /// assert_eq!(sso.region(), "eu-west-1");
    /// # Ok::<(), awsso::Error>(())
    /// ```
    pub fn region(&self) -> &str {
        &self.session.target().sso_region
    }

    /// The `sso-session` name, when the instance came from one.
    ///
    /// ```
    /// let sso = awsso::Sso::new("https://my-org.awsapps.com/start", "eu-west-1")?;
    /// assert_eq!(sso.session_name(), None);
    /// # Ok::<(), awsso::Error>(())
    /// ```
    pub fn session_name(&self) -> Option<&str> {
        self.session.target().session.as_deref()
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
    ///
    /// Dropping the future (a timeout) stops the login and frees the token lock within about a
    /// second (see [Execution model](Sso#execution-model)):
    ///
    /// ```no_run
    /// # async fn demo(sso: awsso::Sso) {
    /// use std::time::Duration;
    ///
    /// let login = sso.login(awsso::LoginOptions::default().device_code(true));
    /// match tokio::time::timeout(Duration::from_secs(120), login).await {
    ///     Ok(result) => println!("{:?}", result.map(|t| t.expires_at)),
    ///     Err(_) => println!("nobody approved the login in time; it was stopped"),
    /// }
    /// # }
    /// ```
    pub async fn login(&self, options: LoginOptions) -> Result<TokenInfo, Error> {
        let session = Arc::clone(&self.session);
        blocking(move |cancel| {
            session.login(&options.with_cancel(cancel))?;
            let token = session.cached_token()?.ok_or_else(|| {
                session.login_required(LoginRequiredReason::NoToken, "no cached token")
            })?;
            Ok(token_info(&session, &token))
        })
        .await
    }

    /// The cached token's state (no network call); `None` when there is none.
    ///
    /// ```no_run
    /// # async fn demo(sso: awsso::Sso) -> Result<(), awsso::Error> {
    /// match sso.token_info().await? {
    ///     Some(token) => println!("logged in until {:?}", token.expires_at),
    ///     None => println!("not logged in"),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn token_info(&self) -> Result<Option<TokenInfo>, Error> {
        let session = Arc::clone(&self.session);
        blocking(move |_| Ok(session.cached_token()?.map(|t| token_info(&session, &t)))).await
    }

    /// Logs out (aws-sso-lib's `logout()`): revokes the cached token with the service
    /// (`sso:Logout`) while it is still valid, deletes it, and deletes the role credentials
    /// cached for this instance — every entry of a cache folder (the default) that belongs to
    /// it, and, in a memory or custom [`Cache`], those this `Sso` and its clones and providers
    /// got. A no-op when nothing is cached. The token is shared: other tools (the AWS CLI, the
    /// `awsso` binary) are logged out of this instance too.
    ///
    /// A token the service could not revoke (no network) is still deleted here, and stays
    /// valid until it expires; that is an [`Event::Warning`], not an error.
    ///
    /// ```no_run
    /// # async fn demo(sso: awsso::Sso) -> Result<(), awsso::Error> {
    /// sso.logout().await?;
    /// assert!(sso.token_info().await?.is_none());
    /// # Ok(()) }
    /// ```
    pub async fn logout(&self) -> Result<(), Error> {
        let session = Arc::clone(&self.session);
        let used = self.roles_used.all();
        blocking(move |_| logout::logout_session(&session, &used).map(drop)).await
    }

    /// An [`aws_config::SdkConfig`] whose credentials are `role_name` in `account_id`
    /// (aws-sso-lib's `get_boto3_session()`); see [`SdkConfigLoader`].
    ///
    /// ```no_run
    /// # async fn demo(sso: awsso::Sso) -> Result<(), awsso::Error> {
    /// let config = sso.sdk_config("123456789012", "ReadOnly").region("eu-west-1").load().await?;
    /// // let s3 = aws_sdk_s3::Client::new(&config);
    /// # let _ = config;
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # async fn demo(sso: awsso::Sso) -> Result<(), awsso::Error> {
    /// let provider = sso.credentials_provider("123456789012", "ReadOnly");
    /// let creds = provider.credentials().await?;
    /// # let _ = creds;
    /// # Ok(()) }
    /// ```
    pub fn credentials_provider(
        &self,
        account_id: impl Into<String>,
        role_name: impl Into<String>,
    ) -> RoleCredentialsProvider {
        RoleCredentialsProvider::new(
            Arc::clone(&self.session),
            account_id.into(),
            role_name.into(),
            self.roles_used.clone(),
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
        let paths = self
            .paths
            .as_deref()
            .ok_or(SsoError::NoHome(crate::paths::NoHome::Unset))?;
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

    /// [`sdk_config`](Self::sdk_config) for the account and role of the profile this `Sso`
    /// was made from ([`Sso::from_profile`]): its `sso_account_id` and `sso_role_name` (or
    /// the `awsso_*` keys of a generated profile), or the credentials of its `aws login`
    /// session ([`login_session`](Self::login_session)).
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), awsso::Error> {
    /// let sso = awsso::Sso::from_profile("dev")?;
    /// let config = sso.profile_sdk_config()?.load().await?;
    /// # let _ = config;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Config`] when the instance was not named by a profile, or the profile names no
    /// account and role.
    pub fn profile_sdk_config(&self) -> Result<SdkConfigLoader, Error> {
        let provider = self.profile_credentials_provider()?;
        Ok(SdkConfigLoader::new(provider, self.default_region.clone()))
    }

    /// [`credentials_provider`](Self::credentials_provider) for the account and role of the
    /// profile this `Sso` was made from (see [`profile_sdk_config`](Self::profile_sdk_config)).
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), awsso::Error> {
    /// let provider = awsso::Sso::from_profile("dev")?.profile_credentials_provider()?;
    /// let creds = provider.credentials().await?;
    /// # let _ = creds;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// As for [`profile_sdk_config`](Self::profile_sdk_config).
    pub fn profile_credentials_provider(&self) -> Result<RoleCredentialsProvider, Error> {
        let (account, role) = self.session.target().principal().map_err(SsoError::from)?;
        Ok(self.credentials_provider(account, role))
    }

    /// The principal ARN when this `Sso` was made from an `aws login` session profile (one
    /// with `login_session`); its credentials come from the session's cache file shared with
    /// the AWS CLI and the SDKs, refreshed with the sign-in service when 5 minutes or less are
    /// left, through [`profile_sdk_config`](Self::profile_sdk_config) and
    /// [`profile_credentials_provider`](Self::profile_credentials_provider). Log in with
    /// `aws login` or `awsso login --profile NAME`.
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), awsso::Error> {
    /// let sso = awsso::Sso::from_profile("console")?;
    /// if let Some(principal) = sso.login_session() {
    ///     eprintln!("signed in as {principal}");
    /// }
    /// let config = sso.profile_sdk_config()?.load().await?;
    /// # let _ = config;
    /// # Ok(()) }
    /// ```
    pub fn login_session(&self) -> Option<&str> {
        self.session.target().login_session.as_deref()
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

/// Runs the core's blocking work on tokio's blocking pool, handing it a [`Cancel`] that is set
/// when this future is dropped before the work ends (see the module docs).
async fn blocking<T: Send + 'static>(
    work: impl FnOnce(Cancel) -> Result<T, SsoError> + Send + 'static,
) -> Result<T, Error> {
    let cancel = Cancel::new();
    let guard = CancelOnDrop::new(cancel.clone());
    let done = tokio::task::spawn_blocking(move || work(cancel)).await;
    guard.disarm();
    done.map_err(|e| SsoError::Task(e.to_string()))?
        .map_err(Error::from)
}

/// How long cached role credentials must still be valid to be served (botocore re-runs a
/// credential process under 15 minutes, and so does awsso's provider).
pub(crate) const MIN_REMAINING: Duration = lifecycle::REFRESH_WINDOW;
