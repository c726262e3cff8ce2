//! How to log in when a login is needed: [`LoginOptions`] (aws-sso-lib's `login()` arguments)
//! and the default messages.
//!
//! Pure data: the session and the login flows read it.

use std::sync::Arc;
use std::time::Duration;

use crate::sso::cancel::Cancel;
use crate::sso::lifecycle;
use crate::sso::observer::UserAuth;

/// The default login message of the device code flow: `{url}`, `{code}` and `{urlWithCode}`
/// are filled in.
pub(crate) const DEFAULT_DEVICE_MESSAGE: &str = "To log in to Identity Center, open the following URL in a browser on any device:\n\n\
{urlWithCode}\n\nIf it asks for a code, open {url} and enter the code:\n\n{code}\n";

/// The default login message of the browser flow (PKCE), which has no code.
pub(crate) const DEFAULT_BROWSER_MESSAGE: &str = "To log in to Identity Center, open the following URL in your browser if it does not open by itself:\n\n{url}\n";

type Handler = Arc<dyn Fn(&UserAuth) + Send + Sync>;

/// How to log in when a login is needed (the seed's `login()` arguments).
///
/// ```
/// use std::time::Duration;
///
/// let options = awsso::LoginOptions::default()
///     .expiry_window(Duration::from_secs(900))
///     .device_code(true)
///     .message(Some("Open {url} and enter {code}".into()))
///     .handler(|auth: &awsso::UserAuth| {
///         // show auth.verification_uri_complete / auth.user_code in your own UI
///         let _ = (&auth.verification_uri, &auth.user_code);
///     });
/// assert!(!options.is_forced());
/// ```
#[derive(Clone)]
pub struct LoginOptions {
    force_refresh: bool,
    expiry_window: Duration,
    disable_browser: Option<bool>,
    device_code: Option<bool>,
    /// `None`: silent; `Some(None)`: the default messages; `Some(Some(t))`: the template `t`.
    message: Option<Option<String>>,
    handler: Option<Handler>,
    timeout: Duration,
    callback_port: Option<u16>,
    /// Set by the library for one call: the login stops when its caller gives up.
    cancel: Option<Cancel>,
}

impl Default for LoginOptions {
    fn default() -> LoginOptions {
        LoginOptions {
            force_refresh: false,
            expiry_window: lifecycle::REFRESH_WINDOW,
            disable_browser: None,
            device_code: None,
            message: Some(None),
            handler: None,
            timeout: Duration::from_secs(600),
            callback_port: None,
            cancel: None,
        }
    }
}

impl std::fmt::Debug for LoginOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginOptions")
            .field("force_refresh", &self.force_refresh)
            .field("expiry_window", &self.expiry_window)
            .field("disable_browser", &self.disable_browser)
            .field("device_code", &self.device_code)
            .field("message", &self.message)
            .field("handler", &self.handler.as_ref().map(|_| "Fn(&UserAuth)"))
            .field("timeout", &self.timeout)
            .field("callback_port", &self.callback_port)
            .finish_non_exhaustive()
    }
}

impl LoginOptions {
    /// Log in interactively even when a valid token is cached (default `false`).
    ///
    /// ```
    /// let options = awsso::LoginOptions::default().force_refresh(true);
    /// assert!(options.is_forced());
    /// ```
    pub fn force_refresh(mut self, force: bool) -> LoginOptions {
        self.force_refresh = force;
        self
    }

    /// A cached token counts as valid only with more than this left (default 15 minutes);
    /// inside it the token is refreshed, or a new login starts.
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// // Log in again unless the token lasts another hour.
    /// let options = awsso::LoginOptions::default().expiry_window(Duration::from_secs(3600));
    /// # let _ = options;
    /// ```
    pub fn expiry_window(mut self, window: Duration) -> LoginOptions {
        self.expiry_window = window;
        self
    }

    /// Never open a browser: show the URL only (default: `AWS_SSO_DISABLE_BROWSER`).
    ///
    /// ```
    /// let options = awsso::LoginOptions::default().disable_browser(true);
    /// # let _ = options;
    /// ```
    pub fn disable_browser(mut self, disable: bool) -> LoginOptions {
        self.disable_browser = Some(disable);
        self
    }

    /// Use the device code flow (`true`), or the authorization code flow with PKCE (`false`).
    /// Default: PKCE where a browser can be opened (not over SSH, and with a display on Linux,
    /// or with `BROWSER` set), else the device code flow.
    ///
    /// ```
    /// let options = awsso::LoginOptions::default().device_code(true);
    /// # let _ = options;
    /// ```
    pub fn device_code(mut self, device_code: bool) -> LoginOptions {
        self.device_code = Some(device_code);
        self
    }

    /// The message printed on stderr when the person must act, with `{url}`, `{code}` and
    /// `{urlWithCode}` filled in; `None` prints nothing (use [`handler`](Self::handler)).
    /// The default says "To log in to Identity Center, open the following URL…" with the URL
    /// (and, for the device flow, the code).
    ///
    /// ```
    /// let options = awsso::LoginOptions::default()
    ///     .message(Some("Open {urlWithCode} (code {code}) to log in".into()));
    /// # let _ = options;
    /// ```
    pub fn message(mut self, message: Option<String>) -> LoginOptions {
        self.message = message.map(Some);
        self
    }

    /// Called once per interactive login, before waiting, with what the person needs (the seed's
    /// `user_auth_handler`).
    ///
    /// ```
    /// let options = awsso::LoginOptions::default()
    ///     .message(None)
    ///     .handler(|auth: &awsso::UserAuth| eprintln!("open {}", auth.url()));
    /// # let _ = options;
    /// ```
    pub fn handler(mut self, handler: impl Fn(&UserAuth) + Send + Sync + 'static) -> LoginOptions {
        self.handler = Some(Arc::new(handler));
        self
    }

    /// Give up when the login is not completed within this time (default 10 minutes).
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let options = awsso::LoginOptions::default().timeout(Duration::from_secs(120));
    /// assert_eq!(options.login_timeout(), Duration::from_secs(120));
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> LoginOptions {
        self.timeout = timeout;
        self
    }

    /// Listen for the browser's redirect (PKCE) on this fixed loopback port instead of a random
    /// one, so it can be forwarded over SSH (`ssh -L PORT:127.0.0.1:PORT host`); the
    /// authorization code flow is then used even where no browser can be opened here. Default:
    /// the target's `awsso_callback_port`, else a random port.
    ///
    /// ```
    /// let options = awsso::LoginOptions::default().callback_port(8400);
    /// # let _ = options;
    /// ```
    pub fn callback_port(mut self, port: u16) -> LoginOptions {
        self.callback_port = Some(port);
        self
    }

    /// Whether a new login is forced.
    ///
    /// ```
    /// assert!(!awsso::LoginOptions::default().is_forced());
    /// ```
    pub fn is_forced(&self) -> bool {
        self.force_refresh
    }

    /// The login timeout.
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// assert_eq!(awsso::LoginOptions::default().login_timeout(), Duration::from_secs(600));
    /// ```
    pub fn login_timeout(&self) -> Duration {
        self.timeout
    }

    /// The message with `auth` filled in, if a message is set.
    ///
    /// ```
    /// // Show the default message in your own UI instead of on stderr.
    /// let template = awsso::LoginOptions::default();
    /// let options = awsso::LoginOptions::default().message(None).handler(move |auth: &awsso::UserAuth| {
    ///     if let Some(text) = template.render_message(auth) {
    ///         println!("{text}");
    ///     }
    /// });
    /// # let _ = options;
    /// ```
    pub fn render_message(&self, auth: &UserAuth) -> Option<String> {
        let template = match self.message.as_ref()? {
            Some(custom) => custom.as_str(),
            None if auth.user_code.is_some() => DEFAULT_DEVICE_MESSAGE,
            None => DEFAULT_BROWSER_MESSAGE,
        };
        let code = auth.user_code.as_deref().unwrap_or("");
        Some(
            template
                .replace("{urlWithCode}", auth.url())
                .replace("{url}", &auth.verification_uri)
                .replace("{code}", code),
        )
    }

    pub(crate) fn call_handler(&self, auth: &UserAuth) {
        if let Some(handler) = &self.handler {
            handler(auth);
        }
    }

    pub(crate) fn wants_device_code(&self) -> Option<bool> {
        self.device_code
    }

    pub(crate) fn browser_disabled(&self) -> Option<bool> {
        self.disable_browser
    }

    pub(crate) fn fixed_port(&self) -> Option<u16> {
        self.callback_port
    }

    pub(crate) fn window(&self) -> Duration {
        self.expiry_window
    }

    /// These options for one call that stops when `cancel` is set.
    pub(crate) fn with_cancel(mut self, cancel: Cancel) -> LoginOptions {
        self.cancel = Some(cancel);
        self
    }

    /// The call's cancellation flag, if it has one.
    pub(crate) fn cancel(&self) -> Option<&Cancel> {
        self.cancel.as_ref()
    }
}
