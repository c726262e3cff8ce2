//! The interactive login: PKCE in the browser (the loopback redirect listener), or the device
//! code flow (polling), and opening the browser.
//!
//! I/O. What the person must see (the URL, the code) leaves as a [`UserAuth`] to the login's
//! handler and the session's observer; nothing here prints. The loopback listener
//! ([`crate::sso::loopback`]) is bound on `127.0.0.1:0` *before* the client is registered or a
//! browser opened (the port goes into the authorize URL), answers the one redirect with a small
//! page, checks `state`, and ignores stray requests (favicons, probes). The browser is never
//! given the authorize URL itself (its `state` would be in the browser's command line, readable
//! by other local users): it gets a one-time URL on the listener that redirects to it. The
//! browser is `$BROWSER` (run with the URL as its argument, or substituted for `%s`) when set,
//! else the platform's opener ([`crate::platform::browser`]: `open`, `explorer.exe`, `wslview`,
//! `xdg-open`), and every URL passes [`crate::platform::browser::check_url`] first; the
//! authorize URL is always printed on stderr too, so a failed browser never blocks a login.

use std::time::Duration;

use std::time::SystemTime;

use crate::env::Env;
use crate::platform::browser::Origin;
use crate::secret::Secret;
use crate::sso::cancel::{Cancel, or_cancelled};
use crate::sso::client::{ApiErrorKind, Clients, DeviceAuthorization, Grant, NewToken};
use crate::sso::loopback::{Loopback, LoopbackError, Page};
use crate::sso::observer::UserAuth;
use crate::sso::session::{LoginOptions, Session};
use crate::sso::token_cache::{CachedToken, Registration};
use crate::sso::{SsoError, pkce, registration};

/// Whether a browser can be opened on this machine: never when disabled (`disabled`, else
/// `AWS_SSO_DISABLE_BROWSER`); see [`crate::platform::browser::usable`] for the rest.
pub(crate) fn browser_usable(env: &Env, disabled: Option<bool>) -> bool {
    crate::platform::browser::usable(env, disabled.unwrap_or(env.disable_browser))
}

/// What one request to the loopback listener means for the login.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Callback {
    /// Not a request for the callback path (a favicon, a probe): 404, keep waiting.
    NotFound,
    /// The callback with a missing or wrong `state` (a stale tab, another process, a web page):
    /// an error page, keep waiting for the real one.
    WrongState,
    /// The authorization server's answer: the code.
    Code(Secret<String>),
    /// The authorization server's answer: an error (`access_denied` when the person declined).
    Error(String),
    /// The callback with the right state but neither code nor error.
    NoCode,
}

/// Classifies a request head received on the loopback listener. Pure; `state` is the value
/// this login sent.
pub(crate) fn parse_callback(head: &[u8], state: &str) -> Callback {
    let head = String::from_utf8_lossy(head);
    let target = head
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("GET "))
        .and_then(|l| l.split(' ').next())
        .unwrap_or("");
    let Some(query) = target
        .strip_prefix("/oauth/callback?")
        .or_else(|| (target == "/oauth/callback").then_some(""))
    else {
        return Callback::NotFound;
    };
    let mut code = None;
    let mut got_state = None;
    let mut error = None;
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        match &*k {
            "code" => code = Some(v.into_owned()),
            "state" => got_state = Some(v.into_owned()),
            "error" => error = Some(v.into_owned()),
            _ => {}
        }
    }
    if got_state.as_deref() != Some(state) {
        return Callback::WrongState;
    }
    match (code, error) {
        (_, Some(error)) => Callback::Error(error),
        (Some(code), None) => Callback::Code(Secret::new(code)),
        (None, None) => Callback::NoCode,
    }
}

/// The PKCE login's requests to the loopback listener: the redirect with the right `state`
/// ends the wait; anything else gets a page and the wait goes on.
struct CallbackRoutes<'a> {
    state: &'a str,
}

impl crate::sso::loopback::Routes for CallbackRoutes<'_> {
    type Outcome = Result<Secret<String>, SsoError>;

    fn request(&mut self, head: &[u8]) -> (Page, Option<Self::Outcome>) {
        match parse_callback(head, self.state) {
            Callback::NotFound => (Page::new("404 Not Found", "Not found."), None),
            Callback::WrongState => (
                Page::new(
                    "400 Bad Request",
                    "This login link is not the one awsso is waiting for (state mismatch). Close this tab.",
                ),
                None,
            ),
            Callback::NoCode => (
                Page::new("400 Bad Request", "No authorization code."),
                Some(Err(SsoError::BadRedirect(
                    "the redirect has no code".to_owned(),
                ))),
            ),
            Callback::Error(error) => (
                Page::new("200 OK", "Login was not completed. You can close this tab."),
                Some(Err(if error == "access_denied" {
                    SsoError::LoginDenied
                } else {
                    SsoError::BadRedirect(format!(
                        "the authorization failed: {}",
                        crate::escape::for_terminal(&error)
                    ))
                })),
            ),
            Callback::Code(code) => (
                Page::new(
                    "200 OK",
                    "awsso: you are logged in. You can close this tab and return to the terminal.",
                ),
                Some(Ok(code)),
            ),
        }
    }
}

/// The authorization-code leg: serve the loopback listener ([`crate::sso::loopback`]: bounded
/// connections, idle timeouts, accept errors survived, the one-time redirect for the browser)
/// until the redirect with the right `state` arrives, and return its code. Requests with a
/// wrong or missing state get an error page and the wait goes on. A set `cancel` ends the wait
/// at once.
pub(crate) async fn wait_for_code(
    listener: Loopback,
    state: &str,
    timeout: Duration,
    cancel: Option<&Cancel>,
) -> Result<Secret<String>, SsoError> {
    let deadline = tokio::time::Instant::now() + timeout;
    match listener
        .serve(CallbackRoutes { state }, deadline, cancel)
        .await
    {
        Ok(outcome) => outcome,
        Err(LoopbackError::Deadline) => Err(SsoError::LoginTimeout(timeout.as_secs())),
        Err(LoopbackError::Cancelled) => Err(SsoError::Cancelled),
        Err(LoopbackError::Io(e)) => Err(SsoError::Listener(e)),
        Err(e) => Err(SsoError::Listener(std::io::Error::other(e.to_string()))),
    }
}

/// Polls CreateToken for the device flow until approval, denial, expiry or `timeout`; a set
/// `cancel` ends it at once (between polls or during one).
pub(crate) async fn poll_device(
    clients: &Clients,
    client_id: &str,
    client_secret: &Secret<String>,
    auth: &DeviceAuthorization,
    timeout: Duration,
    session: &Session,
    cancel: Option<&Cancel>,
) -> Result<NewToken, SsoError> {
    let deadline =
        tokio::time::Instant::now() + timeout.min(Duration::from_secs(auth.expires_in.max(1)));
    let mut interval = Duration::from_secs(auth.interval);
    loop {
        let poll = clients.create_token(
            client_id,
            client_secret,
            Grant::DeviceCode(&auth.device_code),
        );
        match or_cancelled(cancel, poll).await? {
            Ok(token) => return Ok(token),
            Err(e) => match e.kind {
                ApiErrorKind::AuthorizationPending => {
                    session.trace(|| "authorization pending".to_owned())
                }
                ApiErrorKind::SlowDown => {
                    interval += Duration::from_secs(5);
                    session.debug(|| {
                        format!("asked to slow down; polling every {}s", interval.as_secs())
                    });
                }
                ApiErrorKind::ExpiredToken => return Err(SsoError::DeviceCodeExpired),
                ApiErrorKind::AccessDenied => return Err(SsoError::LoginDenied),
                _ if e.is_transient() => session.debug(|| format!("retrying after: {e}")),
                _ => return Err(SsoError::Api(e)),
            },
        }
        if tokio::time::Instant::now() + interval > deadline {
            return Err(SsoError::LoginTimeout(timeout.as_secs()));
        }
        or_cancelled(cancel, tokio::time::sleep(interval)).await?;
    }
}

/// The interactive login for `session`; callers hold the token lock. Writes and returns the
/// new token.
pub(crate) fn interactive(session: &Session, opts: &LoginOptions) -> Result<CachedToken, SsoError> {
    // Fail before the browser, not after: a token that cannot be written (a folder at its
    // path, a read-only or missing cache folder) would throw the completed login away.
    session.check_token_writable()?;
    let use_browser = browser_usable(&session.world().env, opts.browser_disabled());
    let port = opts.fixed_port().or(session.target().callback_port);
    // A fixed callback port means the person forwards it: the browser flow works from afar.
    let pkce_flow = opts
        .wants_device_code()
        .map_or(use_browser || port.is_some(), |device| !device);
    let (registration, token) = if pkce_flow {
        login_pkce(session, opts, use_browser, port)?
    } else {
        login_device(session, opts, use_browser)?
    };
    let target = session.target();
    let token = CachedToken {
        start_url: Some(target.start_url.clone()),
        region: Some(target.sso_region.clone()),
        access_token: token.access_token,
        expires_at: session.expiry(token.expires_in),
        client_id: Some(registration.client_id.clone()),
        client_secret: Some(registration.client_secret.clone()),
        registration_expires_at: Some(registration.expires_at),
        refresh_token: token.refresh_token,
        rejected_at: None,
    };
    session.write_token(&token)?;
    Ok(token)
}

/// Tells the person: the login's handler first, then the session's observer.
fn prompt(session: &Session, opts: &LoginOptions, auth: &UserAuth) {
    opts.call_handler(auth);
    session.observer().login_prompt(auth, opts);
}

fn open(session: &Session, url: &str, origin: Origin) {
    if let Err(e) = crate::platform::browser::open(&session.world().env, url, origin) {
        session.observer().warn(&e);
    }
}

/// The command that forwards `port` from the machine the person's browser runs on, when this
/// process runs over SSH (`SSH_CONNECTION` names the server's address and port). Pure.
pub(crate) fn ssh_forward_command(ssh_connection: Option<&str>, port: u16) -> Option<String> {
    let mut fields = ssh_connection?.split_whitespace().skip(2);
    let (host, ssh_port) = (fields.next()?, fields.next()?);
    if !host
        .chars()
        .all(|c| c.is_ascii_hexdigit() || c == '.' || c == ':')
        || !ssh_port.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let host = if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_owned()
    };
    let port_flag = if ssh_port == "22" {
        String::new()
    } else {
        format!(" -p {ssh_port}")
    };
    Some(format!("ssh -L {port}:127.0.0.1:{port}{port_flag} {host}"))
}

fn login_pkce(
    session: &Session,
    opts: &LoginOptions,
    use_browser: bool,
    fixed_port: Option<u16>,
) -> Result<(Registration, NewToken), SsoError> {
    // Bind first: the port goes into the authorize URL, and nothing else may take it.
    let mut listener = Loopback::bind(fixed_port.unwrap_or(0)).map_err(|e| match fixed_port {
        Some(port) if e.kind() == std::io::ErrorKind::AddrInUse => {
            SsoError::CallbackPortInUse(port)
        }
        _ => SsoError::Listener(e),
    })?;
    let port = listener.port();
    let reg = registration::obtain(
        session,
        &["authorization_code", "refresh_token"],
        Some(pkce::REGISTERED_REDIRECT),
        false,
    )?;
    let verifier = Secret::new(pkce::new_verifier()?);
    let state = pkce::new_state()?;
    let redirect = pkce::redirect_uri(port);
    let clients = session.clients()?;
    let endpoint = clients.oidc_endpoint();
    let url = pkce::authorize_url(&pkce::AuthorizeRequest {
        endpoint: &endpoint,
        client_id: &reg.client_id,
        redirect_uri: &redirect,
        state: &state,
        code_challenge: &pkce::challenge(verifier.expose()),
        scopes: &session.target().scopes,
    });
    prompt(
        session,
        opts,
        &UserAuth {
            start_url: session.target().start_url.clone(),
            verification_uri: url.clone(),
            user_code: None,
            verification_uri_complete: None,
            expires_at: None,
            ssh_forward: if session.world().env.in_ssh {
                ssh_forward_command(session.world().env.ssh_connection.as_deref(), port)
            } else {
                None
            },
        },
    );
    // The browser gets a one-time URL on the listener, never the authorize URL (its state).
    let browser_url = if use_browser {
        Some(
            listener
                .one_time_url(Secret::new(url.clone()))
                .map_err(|e| SsoError::Listener(std::io::Error::other(e.to_string())))?,
        )
    } else {
        None
    };
    if let Some(browser_url) = &browser_url {
        // The listener is bound: the browser's request waits in its queue until it is served.
        open(session, browser_url, Origin::Loopback);
    }
    let token = session.block_on(async {
        let code = wait_for_code(listener, &state, opts.login_timeout(), opts.cancel()).await?;
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
    session: &Session,
    opts: &LoginOptions,
    use_browser: bool,
) -> Result<(Registration, NewToken), SsoError> {
    let grants = [
        "urn:ietf:params:oauth:grant-type:device_code",
        "refresh_token",
    ];
    let clients = session.clients()?;
    let start_url = &session.target().start_url;
    let start = |reg: &Registration| {
        session.block_on(clients.start_device_authorization(
            &reg.client_id,
            &reg.client_secret,
            start_url,
        ))
    };
    let mut reg = registration::obtain(session, &grants, None, false)?;
    let mut auth = start(&reg)?;
    // A cached registration the service no longer knows (revoked, or another instance):
    // register again once instead of failing the login.
    if auth
        .as_ref()
        .is_err_and(|e| e.kind == ApiErrorKind::InvalidClient)
    {
        session
            .debug(|| "the cached client registration was rejected; registering again".to_owned());
        reg = registration::obtain(session, &grants, None, true)?;
        auth = start(&reg)?;
    }
    let auth = auth.map_err(SsoError::Api)?;
    let user_auth = UserAuth {
        start_url: start_url.clone(),
        verification_uri: auth.verification_uri.clone(),
        user_code: Some(auth.user_code.clone()),
        verification_uri_complete: auth.verification_uri_complete.clone(),
        expires_at: Some(SystemTime::from(
            session.now() + Duration::from_secs(auth.expires_in.min(86_400)),
        )),
        ssh_forward: None,
    };
    prompt(session, opts, &user_auth);
    if use_browser {
        // A server's URL: https only (plain http only from a loopback test endpoint).
        let endpoint = clients.oidc_endpoint();
        let plain_http_loopback = endpoint.to_ascii_lowercase().starts_with("http://")
            && crate::ids::url_host(&endpoint).is_some_and(crate::ids::is_loopback_host);
        open(
            session,
            user_auth.url(),
            Origin::Remote {
                plain_http_loopback,
            },
        );
    }
    let token = session.block_on(poll_device(
        clients,
        &reg.client_id,
        &reg.client_secret,
        &auth,
        opts.login_timeout(),
        session,
        opts.cancel(),
    ))??;
    Ok((reg, token))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssh_forward_lines() {
        let line = |c: &str| ssh_forward_command(Some(c), 8400);
        assert_eq!(
            line("10.0.0.5 51234 10.0.0.9 22").as_deref(),
            Some("ssh -L 8400:127.0.0.1:8400 10.0.0.9")
        );
        assert_eq!(
            line("::1 5000 fe80::1 2222").as_deref(),
            Some("ssh -L 8400:127.0.0.1:8400 -p 2222 [fe80::1]")
        );
        assert_eq!(line("garbage"), None);
        assert_eq!(line("1.2.3.4 1 $(rm -rf) 22"), None);
        assert_eq!(ssh_forward_command(None, 8400), None);
    }

    #[test]
    fn callback_requests() {
        let head = |target: &str| format!("GET {target} HTTP/1.1\r\nHost: x\r\n\r\n");
        let parse = |target: &str| parse_callback(head(target).as_bytes(), "S");
        assert_eq!(parse("/favicon.ico"), Callback::NotFound);
        assert_eq!(parse("/oauth/callback?code=c"), Callback::WrongState);
        assert_eq!(
            parse("/oauth/callback?code=c&state=T"),
            Callback::WrongState
        );
        assert_eq!(parse("/oauth/callback?state=S"), Callback::NoCode);
        assert_eq!(
            parse("/oauth/callback?state=S&error=access_denied"),
            Callback::Error("access_denied".into())
        );
        assert!(
            matches!(parse("/oauth/callback?state=S&code=c"), Callback::Code(c) if c.expose() == "c")
        );
        assert_eq!(parse_callback(b"\xff\xfe garbage", "S"), Callback::NotFound);
    }
}
