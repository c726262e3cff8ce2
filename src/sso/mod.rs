//! The Identity Center core shared by every command: tokens, refresh, login, role credentials.
//!
//! Pure halves decide (`target`, `lifecycle`, `token_cache`, `role_cache`, `pkce`, `timestamp`);
//! I/O halves act (`session`, `login`, `registration`, `client`, `store`, `inventory`, `logout`,
//! `status`). [`session::Session`] is the one entry point the CLI's commands and the library's
//! [`Sso`](crate::Sso) use. Nothing here imports the CLI (`cli`, `app`, `cmd`, `ui`): what a
//! person must see leaves through an [`observer::Observer`], and time through a
//! [`clock::Clock`].

pub(crate) mod client;
pub(crate) mod clock;
pub(crate) mod console;
pub(crate) mod inventory;
pub(crate) mod lifecycle;
pub(crate) mod login;
pub(crate) mod login_options;
pub(crate) mod logout;
pub(crate) mod observer;
pub(crate) mod pacing;
pub(crate) mod pkce;
pub(crate) mod proxy;
pub(crate) mod registration;
pub(crate) mod role_cache;
pub(crate) mod serve;
pub(crate) mod session;
pub(crate) mod status;
pub(crate) mod store;
pub(crate) mod target;
pub(crate) mod timestamp;
pub(crate) mod token_cache;

use std::path::PathBuf;

use crate::sso::client::ApiError;
use crate::sso::token_cache::CacheError;

/// Everything that can go wrong, for the CLI and for Rust programs (`awsso::Error`). Each
/// variant knows the command that fixes it ([`SsoError::hint`]); login-required errors carry the
/// exact `awsso login` command. No variant holds a secret.
///
/// ```no_run
/// # async fn demo(sso: awsso::Sso) {
/// match sso.credentials_provider("123456789012", "ReadOnly").credentials().await {
///     Ok(creds) => println!("{}", creds.access_key_id()),
///     Err(e) if e.is_login_required() => {
///         eprintln!("{e}; {}", e.hint().unwrap_or_default()); // run `awsso login --profile dev`
///     }
///     Err(e) if e.is_transient() => eprintln!("try again later: {e}"),
///     Err(e) => eprintln!("{e}"),
/// }
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SsoError {
    /// No usable token: the user must log in.
    #[error("not logged in to {start_url}: {reason}")]
    LoginRequired {
        /// The start URL.
        start_url: String,
        /// Why.
        reason: String,
        /// The command that logs in.
        command: String,
    },
    /// The token cache file is unusable.
    #[error("the SSO token cache is unusable")]
    CorruptCache {
        /// What is wrong with it.
        #[source]
        source: CacheError,
        /// The command that replaces it.
        command: String,
    },
    /// An API call failed.
    #[error(transparent)]
    Api(ApiError),
    /// The role is not assigned to the user.
    #[error("no access to role '{role}' in account {account} (or it does not exist)")]
    NoAccess {
        /// The account.
        account: String,
        /// The role.
        role: String,
        /// The selection flags, for the hint.
        flags: String,
    },
    /// A cache or lock file could not be written.
    #[error("cannot write {path}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The login was not completed in time.
    #[error("the login was not completed within {0}s")]
    LoginTimeout(u64),
    /// The user denied the request.
    #[error("the login was denied")]
    LoginDenied,
    /// The device code expired.
    #[error("the device code expired before it was confirmed")]
    DeviceCodeExpired,
    /// The browser redirect was wrong.
    #[error("{0}")]
    BadRedirect(String),
    /// The fixed callback port is taken.
    #[error("cannot listen on 127.0.0.1:{0} for the login redirect: the port is in use")]
    CallbackPortInUse(u16),
    /// The loopback listener failed.
    #[error("cannot listen on 127.0.0.1 for the login redirect")]
    Listener(#[source] std::io::Error),
    /// The async runtime could not start.
    #[error("cannot start the async runtime")]
    Runtime(#[source] std::io::Error),
    /// The selection does not name a usable target or role.
    #[error(transparent)]
    Target(Box<crate::sso::target::TargetError>),
    /// The OS random source failed.
    #[error("cannot read random bytes from the OS: {0}")]
    Random(String),
    /// The config or credentials file could not be read.
    #[error(transparent)]
    Config(Box<crate::profile::ProfileError>),
    /// No home folder, so the default files cannot be found.
    #[error(transparent)]
    NoHome(#[from] crate::paths::NoHome),
    /// Listing accounts or roles failed.
    #[error(transparent)]
    Inventory(Box<crate::sso::inventory::InventoryError>),
    /// A background task failed (it panicked or was cancelled).
    #[error("an awsso task failed: {0}")]
    Task(String),
    /// The generated profiles cannot be planned: a bad name template, or a config file that
    /// cannot be edited faithfully ([`Sso::plan_profiles`](crate::Sso::plan_profiles)).
    #[error(transparent)]
    Profiles(Box<dyn std::error::Error + Send + Sync>),
    /// Listing Identity Center assignments with the admin APIs failed
    /// ([`crate::admin::list_assignments`]).
    #[error(transparent)]
    Admin(Box<crate::admin::AdminError>),
}

impl SsoError {
    /// The command or action that fixes the error, if there is one.
    pub fn hint(&self) -> Option<String> {
        match self {
            SsoError::LoginRequired { command, .. } => Some(format!("run `{command}`")),
            SsoError::CorruptCache { command, .. } => Some(format!(
                "run `{command} --force` to replace the cached token"
            )),
            SsoError::NoAccess { flags, .. } => Some(format!(
                "run `awsso list {flags}` to see the accounts and roles you can use"
            )),
            SsoError::LoginTimeout(_) | SsoError::LoginDenied | SsoError::DeviceCodeExpired => {
                Some("run the login again and approve it in the browser".to_owned())
            }
            SsoError::Api(e) if e.is_proxy() => e.proxy_hint(),
            // The CLI gives a hint per failure kind (error.rs); this is the library's.
            SsoError::Api(e) if e.network.is_some() => Some(
                "check the network connection (DNS, firewall, proxy, AWS_CA_BUNDLE), then try again"
                    .to_owned(),
            ),
            SsoError::Api(e) if e.is_transient() => Some("try again in a moment".to_owned()),
            SsoError::Target(e) => e.hint(),
            SsoError::Admin(e) => e.hint(),
            SsoError::CallbackPortInUse(_) => Some(
                "stop the program using it (another login?), or choose another port with --callback-port or awsso_callback_port".to_owned(),
            ),
            _ => None,
        }
    }

    /// Whether retrying later may help (throttling, 5xx, network).
    pub fn is_transient(&self) -> bool {
        matches!(self, SsoError::Api(e) if e.is_transient())
    }

    /// Whether this means "log in first" (exit code 3).
    pub fn is_login_required(&self) -> bool {
        matches!(
            self,
            SsoError::LoginRequired { .. } | SsoError::CorruptCache { .. }
        )
    }
}

impl From<crate::sso::target::TargetError> for SsoError {
    fn from(e: crate::sso::target::TargetError) -> SsoError {
        SsoError::Target(Box::new(e))
    }
}

impl From<crate::profile::generate::GenerateError> for SsoError {
    fn from(e: crate::profile::generate::GenerateError) -> SsoError {
        SsoError::Profiles(Box::new(e))
    }
}

impl From<crate::admin::AdminError> for SsoError {
    fn from(e: crate::admin::AdminError) -> SsoError {
        SsoError::Admin(Box::new(e))
    }
}

impl From<crate::profile::ProfileError> for SsoError {
    fn from(e: crate::profile::ProfileError) -> SsoError {
        SsoError::Config(Box::new(e))
    }
}

impl From<getrandom::Error> for SsoError {
    fn from(e: getrandom::Error) -> SsoError {
        SsoError::Random(e.to_string())
    }
}

/// An error and its sources on one line.
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
