//! What the core has to tell a person, as events to a handler the caller supplies.
//!
//! The core never prints. During a login it must show a URL (and, for the device flow, a code);
//! along the way it has warnings ("could not refresh the token; using it until it expires") and
//! debug lines. It hands them to an [`Observer`]: the CLI's renders them on stderr through its
//! terminal printer, the library's calls the program's handler and prints the program's message
//! template (or nothing).

use std::fmt::Debug;
use std::time::SystemTime;

use crate::sso::login_options::LoginOptions;

/// What a person needs to complete an interactive login.
///
/// For the device code flow: the verification URI, the code to confirm, the URI with the code
/// filled in, and when the code expires. For the authorization code flow (PKCE) in a browser:
/// the authorize URL only (`user_code` is `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UserAuth {
    /// The Identity Center start URL being logged in to.
    pub start_url: String,
    /// The URL to open: the device verification page, or the PKCE authorize URL.
    pub verification_uri: String,
    /// The code to confirm on that page (device flow only).
    pub user_code: Option<String>,
    /// The verification URL with the code filled in (device flow only).
    pub verification_uri_complete: Option<String>,
    /// When the device code expires (device flow only).
    pub expires_at: Option<SystemTime>,
    /// Over SSH, with the browser flow: the command that forwards the login's loopback port
    /// from the person's machine (`ssh -L PORT:127.0.0.1:PORT HOST`).
    pub ssh_forward: Option<String>,
}

impl UserAuth {
    /// The URL to show or open: the complete verification URI when there is one.
    pub fn url(&self) -> &str {
        self.verification_uri_complete
            .as_deref()
            .unwrap_or(&self.verification_uri)
    }
}

/// How loud a diagnostic line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Verbosity {
    /// Decisions and API calls (`-v`).
    Debug,
    /// Every step (`-vv`).
    Trace,
}

/// Receives what the core has to say. Implementations must be cheap when a level is off: the
/// message closure is only called when the line will be shown.
pub(crate) trait Observer: Send + Sync + Debug {
    /// A login needs the person: show `auth` (the login's options carry the caller's message
    /// template and handler). Called once per login, before waiting.
    fn login_prompt(&self, auth: &UserAuth, options: &LoginOptions);
    /// Something the person should know, that does not stop the operation.
    fn warn(&self, message: &str);
    /// A diagnostic line.
    fn log(&self, level: Verbosity, message: &dyn Fn() -> String);
}

/// An observer that only calls the login handler and prints the message template, if any (the
/// library's default).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Quiet;

impl Observer for Quiet {
    fn login_prompt(&self, auth: &UserAuth, options: &LoginOptions) {
        if let Some(text) = options.render_message(auth) {
            #[allow(clippy::print_stderr)]
            // the library's documented default: the seed's message on stderr
            {
                eprintln!("{text}");
            }
        }
    }

    fn warn(&self, _message: &str) {}

    fn log(&self, _level: Verbosity, _message: &dyn Fn() -> String) {}
}
