//! The Identity Center core shared by every command: tokens, refresh, login, role credentials.
//!
//! Pure halves decide (`target`, `lifecycle`, `token_cache`, `role_cache`, `pkce`, `timestamp`);
//! I/O halves act (`session`, `login`, `registration`, `client`, `store`, `inventory`, `logout`,
//! `status`). [`session::Session`] is the one entry point the CLI's commands and the library's
//! [`Sso`](crate::Sso) use. Nothing here imports the CLI (`cli`, `app`, `cmd`, `ui`): what a
//! person must see leaves through an [`observer::Observer`], and time through a
//! [`clock::Clock`].

pub(crate) mod cancel;
pub(crate) mod client;
pub(crate) mod clock;
pub(crate) mod console;
pub(crate) mod inventory;
pub(crate) mod lifecycle;
pub(crate) mod login;
pub(crate) mod login_options;
pub(crate) mod logout;
pub(crate) mod loopback;
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

use crate::error::LoginRequired;
use crate::sso::client::ApiError;
use crate::sso::target::Target;

/// Everything that can go wrong in the core. Variants carry facts, not fixes: the CLI renders
/// its hints from them (`cli::report`), and the library maps them to the public
/// [`Error`](crate::Error) at the API boundary. No variant holds a secret.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SsoError {
    /// No usable token: the user must log in (also a corrupt token cache, with its cause).
    #[error(transparent)]
    LoginRequired(Box<LoginRequired>),
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
        /// How the instance was selected (for a hint naming it again).
        selection: Box<Target>,
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
    Profiles(Box<crate::profile::generate::GenerateError>),
    /// The caller gave up (a dropped login or listing): the work stopped early.
    #[error("cancelled")]
    Cancelled,
}

impl SsoError {
    /// Whether this means "log in first" (exit code 3).
    pub(crate) fn is_login_required(&self) -> bool {
        matches!(self, SsoError::LoginRequired(_))
    }
}

impl From<LoginRequired> for SsoError {
    fn from(e: LoginRequired) -> SsoError {
        SsoError::LoginRequired(Box::new(e))
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

impl From<crate::profile::ProfileError> for SsoError {
    fn from(e: crate::profile::ProfileError) -> SsoError {
        SsoError::Config(Box::new(e))
    }
}

// Internal only: the public `Error` has no `From` for a foreign crate's error.
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
