//! The Identity Center core shared by every command: tokens, refresh, login, role credentials.
//!
//! Pure halves (`token_cache`, `role_cache`, `refresh`, `pkce`, `target`, `timestamp`) decide;
//! I/O halves (`login`, `client`, `session`) act. [`session::Session`] is the one entry point
//! commands use.

pub mod client;
pub mod inventory;
pub mod login;
pub mod logout;
pub mod pacing;
pub mod pkce;
pub mod proxy;
pub mod refresh;
pub mod role_cache;
pub mod session;
pub mod status;
pub mod target;
pub mod timestamp;
pub mod token_cache;

use std::path::PathBuf;

use crate::sso::client::ApiError;
use crate::sso::token_cache::CacheError;

/// Errors of the core. Each variant knows the command that fixes it ([`SsoError::hint`]).
#[derive(Debug, thiserror::Error)]
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
            SsoError::Api(e) if e.is_transient() => Some("try again in a moment".to_owned()),
            SsoError::Target(e) => e.hint(),
            _ => None,
        }
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

impl From<getrandom::Error> for SsoError {
    fn from(e: getrandom::Error) -> SsoError {
        SsoError::Random(e.to_string())
    }
}
