//! A container-credentials endpoint: role credentials over HTTP on a loopback port, for SDKs
//! that read `AWS_CONTAINER_CREDENTIALS_FULL_URI` (`awsso exec --server`, `awsso serve`).
//!
//! Pure decisions ([`plan`], [`refresh_margin`], [`token_matches`], [`parse_head`],
//! [`credentials_json`]) and a small HTTP/1.1 server around them ([`Server`]), on its own
//! thread and current-thread tokio runtime. Does not own how the variables reach a program
//! (`cmd/exec.rs`, `cmd/serve.rs`).
//!
//! The contract every SDK implements (botocore, the JavaScript SDK v3, the Rust SDK):
//!
//! ```text
//! GET <AWS_CONTAINER_CREDENTIALS_FULL_URI>
//! Authorization: <AWS_CONTAINER_AUTHORIZATION_TOKEN, or the contents of ..._TOKEN_FILE>
//!
//! 200 {"AccessKeyId":"ASIA…","SecretAccessKey":"…","Token":"…",
//!      "Expiration":"2026-11-22T11:00:00Z","AccountId":"123456789012"}
//! ```
//!
//! - **Authorization**: the token is 32 random bytes from the OS (64 hex characters), compared
//!   in constant time; a request without it, or with another, gets 403. SDKs send it verbatim and
//!   reject one holding `\r` or `\n`, so it never has any.
//! - **Never expired, never churning**: SDKs refresh early (botocore 15 minutes before expiry,
//!   the JavaScript SDK treats under 5 minutes as expired), so credentials are replaced
//!   [`refresh_margin`] before they expire (20 minutes; a second or so for sessions that
//!   never last that long) and an SDK refreshing on schedule gets new ones, fetched once.
//!   Requests are single-flight: one fetch serves every waiter, and the role cache and its
//!   cross-process lock are the same as `credential-process`'s.
//! - **Never a login inside a request** (SDKs give up after 1–5 s): when the token needs an
//!   interactive login, requests get 503 with a JSON message, the login hint is reported once,
//!   and with a login allowed one login runs in the background while requests keep getting 503.
//! - **Only for this address, never for a browser** (defence in depth against DNS rebinding,
//!   where a web page's host name is made to resolve to 127.0.0.1): a request is answered only
//!   when its `Host` names the listener — `127.0.0.1:PORT`, `localhost:PORT` or `[::1]:PORT` on
//!   a loopback listener; an IP address or `localhost` with the port on any other — and it
//!   carries no `Origin` and no fetch metadata (`Sec-Fetch-*`), which browsers add and SDKs
//!   never send ([`request_allowed`]). Otherwise 403.
//! - Nothing secret is logged: not the token, not the credentials.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use serde::Serialize;
use time::OffsetDateTime;
use tokio::io::AsyncWriteExt;
use tokio::sync::{Mutex, oneshot};

use crate::secret::Secret;
use crate::sso::SsoError;
use crate::sso::role_cache::RoleCredentials;
use crate::sso::session::{LoginOptions, RoleOptions, Session};
use crate::sso::timestamp::Timestamp;

/// Credentials are replaced this long before they expire (at most; see [`refresh_margin`]).
pub(crate) const REFRESH_AHEAD: Duration = Duration::from_secs(20 * 60);

/// How long a request may wait for credentials before it gets 503 (SDKs time out after 1–5 s).
pub(crate) const REQUEST_BUDGET: Duration = Duration::from_millis(2500);

/// How long a client may take to send its request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(5);

/// Credentials the server holds, and when it got them.
#[derive(Debug, Clone)]
pub(crate) struct Held {
    /// The credentials.
    pub credentials: RoleCredentials,
    /// When the server obtained them (from the cache or a fetch).
    pub obtained_at: OffsetDateTime,
}

/// What to do with the held credentials at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Plan {
    /// Serve them.
    Serve,
    /// Get new ones first (the held ones, if any, may still be served if that fails and they
    /// have not expired).
    Replace,
}

/// How long before expiry credentials are replaced, given how long they had left when the
/// server obtained them: [`REFRESH_AHEAD`], so SDKs refreshing up to 15 minutes ahead get new
/// ones and never refresh on every call. Credentials that never had that long (short role
/// sessions, as in tests) are refreshed on every call by every SDK anyway; for them the margin
/// only has to cover a request's round trip and the expiry's whole-second precision:
/// [`SHORT_MARGIN`], or half the lifetime if that is less, so one GetRoleCredentials serves
/// nearly each whole session.
pub(crate) fn refresh_margin(lifetime: Duration) -> Duration {
    if lifetime > REFRESH_AHEAD {
        REFRESH_AHEAD
    } else {
        (lifetime / 10).max(SHORT_MARGIN).min(lifetime / 2)
    }
}

/// The least margin for short sessions (see [`refresh_margin`]).
pub(crate) const SHORT_MARGIN: Duration = Duration::from_secs(1);

/// Whether `held` may be served at `now` (pure).
pub(crate) fn plan(held: Option<&Held>, now: OffsetDateTime) -> Plan {
    let Some(held) = held else {
        return Plan::Replace;
    };
    let expires = held.credentials.expiration.get();
    let lifetime = (expires - held.obtained_at)
        .try_into()
        .unwrap_or(Duration::ZERO);
    if expires - refresh_margin(lifetime) > now {
        Plan::Serve
    } else {
        Plan::Replace
    }
}

/// Whether `held` has not expired at `now` (with a few seconds' allowance for the request's
/// round trip).
pub(crate) fn still_valid(held: &Held, now: OffsetDateTime) -> bool {
    held.credentials.expiration.get() - Duration::from_secs(5) > now
}

/// Compares the `Authorization` header with the token in constant time (pure).
pub(crate) fn token_matches(expected: &str, header: Option<&[u8]>) -> bool {
    use subtle::ConstantTimeEq;
    let Some(given) = header else {
        return false;
    };
    // Lengths are not secret (the token's length is documented); contents are compared
    // without an early exit.
    given.len() == expected.len() && bool::from(given.ct_eq(expected.as_bytes()))
}

/// A new random token: 32 bytes from the OS, hex-encoded (no `\r` or `\n`).
pub(crate) fn new_token() -> Result<Secret<String>, SsoError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(Secret::new(
        bytes.iter().map(|b| format!("{b:02x}")).collect(),
    ))
}

/// The parts of a request head the server looks at.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Head {
    /// The method (`GET`).
    pub method: String,
    /// The request target (`/`).
    pub path: String,
    /// The `Authorization` header's value, if any.
    pub authorization: Option<Vec<u8>>,
    /// The `Host` header's value; `None` without one, or with two (which no client of ours
    /// sends).
    pub host: Option<String>,
    /// Whether the request came from a web page: it carries `Origin` or a `Sec-Fetch-*` header.
    pub from_browser: bool,
}

impl std::fmt::Debug for Head {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Head")
            .field("method", &self.method)
            .field("path", &self.path)
            .field(
                "authorization",
                &self.authorization.as_ref().map(|_| "REDACTED"),
            )
            .field("host", &self.host)
            .field("from_browser", &self.from_browser)
            .finish()
    }
}

/// Parses an HTTP/1.x request head (request line and headers, up to the blank line); `None`
/// when it is not one (pure).
pub(crate) fn parse_head(bytes: &[u8]) -> Option<Head> {
    let mut lines = bytes
        .split(|b| *b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    let request_line = std::str::from_utf8(lines.next()?).ok()?;
    let mut parts = request_line.split(' ');
    let (method, path, version) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || !version.starts_with("HTTP/1.") || method.is_empty() {
        return None;
    }
    let mut authorization = None;
    let mut hosts = Vec::new();
    let mut from_browser = false;
    for line in lines {
        if line.is_empty() {
            break;
        }
        let colon = line.iter().position(|b| *b == b':')?;
        let (name, value) = line.split_at(colon);
        let value = value[1..].trim_ascii();
        if name.eq_ignore_ascii_case(b"authorization") {
            authorization = Some(value.to_vec());
        } else if name.eq_ignore_ascii_case(b"host") {
            hosts.push(String::from_utf8_lossy(value).into_owned());
        } else if name.eq_ignore_ascii_case(b"origin")
            || name.len() > 10 && name[..10].eq_ignore_ascii_case(b"sec-fetch-")
        {
            from_browser = true;
        }
    }
    // Two Host headers are no request a client of ours sends (RFC 9112: answer 400); keep
    // neither, so the request is refused.
    let host = match hosts.len() {
        1 => hosts.pop(),
        _ => None,
    };
    Some(Head {
        method: method.to_owned(),
        path: path.to_owned(),
        authorization,
        host,
        from_browser,
    })
}

/// Whether a request with `head` may be answered by a listener on `listening` (pure): its
/// `Host` names this listener (host and port) and it did not come from a web page. SDKs send
/// `Host` as the URL they were given has it: `127.0.0.1:PORT`, or `localhost:PORT` when the
/// URL says localhost. A DNS name that resolves to the listener (a rebinding attack's page) is
/// refused; on a listener bound to other interfaces, IP addresses and `localhost` are
/// accepted (a container reaches it by the host's address).
pub(crate) fn request_allowed(head: &Head, listening: SocketAddr) -> bool {
    if head.from_browser {
        return false;
    }
    let Some(host) = head.host.as_deref() else {
        return false;
    };
    // `HOST:PORT`, `[V6]:PORT`; the port may be left out only when it is HTTP's default.
    let (name, port) = match host.rsplit_once(':') {
        Some((name, digits))
            if !name.is_empty() && (!name.contains(':') || name.ends_with(']')) =>
        {
            // Canonical digits only: no sign, no leading zeros.
            match digits.parse::<u16>() {
                Ok(port) if port.to_string() == digits => (name, port),
                _ => return false,
            }
        }
        _ => (host, 80),
    };
    if port != listening.port() {
        return false;
    }
    let name = name.to_ascii_lowercase();
    let name = name.trim_end_matches('.');
    let literal = name
        .strip_prefix('[')
        .and_then(|n| n.strip_suffix(']'))
        .unwrap_or(name)
        .parse::<IpAddr>();
    if listening.ip().is_loopback() {
        name == "localhost" || literal.is_ok_and(|ip| ip.is_loopback())
    } else {
        name == "localhost" || literal.is_ok()
    }
}

/// The container-credentials JSON for `creds` of `account_id` (pure). A secret leaves awsso
/// here: it is written only to the authorized client.
pub(crate) fn credentials_json(creds: &RoleCredentials, account_id: &str) -> String {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Payload<'a> {
        access_key_id: &'a str,
        secret_access_key: &'a str,
        token: &'a str,
        expiration: Timestamp,
        account_id: &'a str,
    }
    serde_json::to_string(&Payload {
        access_key_id: &creds.access_key_id,
        secret_access_key: creds.secret_access_key.expose(),
        token: creds.session_token.expose(),
        expiration: creds.expiration,
        account_id,
    })
    .expect("serialising strings and a timestamp cannot fail")
}

/// An error body: `{"Code": …, "Message": …}` (the Rust SDK reads `Code`).
pub(crate) fn error_json(code: &str, message: &str) -> String {
    serde_json::json!({ "Code": code, "Message": message }).to_string()
}

/// How the server is set up.
#[derive(Debug, Clone)]
pub(crate) struct ServeOptions {
    /// Where to listen (default `127.0.0.1:0`, a free loopback port).
    pub bind: SocketAddr,
    /// Log in (one login, in the background) when the token needs an interactive login.
    pub login: Option<LoginOptions>,
    /// Credentials the caller already has (served first, replaced on schedule).
    pub initial: Option<RoleCredentials>,
}

impl Default for ServeOptions {
    fn default() -> ServeOptions {
        ServeOptions {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            login: None,
            initial: None,
        }
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ServeError {
    /// The address could not be bound.
    #[error("cannot listen on {addr}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The target names no account and role.
    #[error(transparent)]
    Target(#[from] crate::sso::target::TargetError),
    /// The token could not be made, or the server's runtime could not start.
    #[error(transparent)]
    Sso(#[from] SsoError),
}

/// A running endpoint. Dropping it stops the server.
pub(crate) struct Server {
    addr: SocketAddr,
    token: Secret<String>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

struct State {
    session: Arc<Session>,
    /// The listener's address, which `Host` must name.
    listening: SocketAddr,
    account_id: String,
    token: Secret<String>,
    held: Arc<Mutex<Option<Held>>>,
    login: Option<LoginOptions>,
    hinted: AtomicBool,
    logging_in: Arc<AtomicBool>,
}

/// A response: status, reason, JSON body.
type Reply = (u16, &'static str, String);

impl Server {
    /// Binds `opts.bind` and serves the role of `session`'s target until dropped.
    pub(crate) fn start(session: Arc<Session>, opts: ServeOptions) -> Result<Server, ServeError> {
        let account_id = session.target().account()?;
        let account_id = account_id.to_owned();
        let token = new_token()?;
        let now = session.now();
        let listener =
            std::net::TcpListener::bind(opts.bind).map_err(|source| ServeError::Bind {
                addr: opts.bind,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| ServeError::Bind {
            addr: opts.bind,
            source,
        })?;
        listener
            .set_nonblocking(true)
            .map_err(|source| ServeError::Bind {
                addr: opts.bind,
                source,
            })?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(SsoError::Runtime)?;
        let state = Arc::new(State {
            session,
            listening: addr,
            account_id,
            token: token.clone(),
            held: Arc::new(Mutex::new(opts.initial.map(|credentials| Held {
                credentials,
                obtained_at: now,
            }))),
            login: opts.login,
            hinted: AtomicBool::new(false),
            logging_in: Arc::new(AtomicBool::new(false)),
        });
        let (stop_tx, stop_rx) = oneshot::channel();
        let thread = std::thread::Builder::new()
            .name("awsso-serve".into())
            .spawn(move || serve(runtime, listener, state, stop_rx))
            .map_err(SsoError::Runtime)?;
        Ok(Server {
            addr,
            token,
            stop: Some(stop_tx),
            thread: Some(thread),
        })
    }

    /// The URL for `AWS_CONTAINER_CREDENTIALS_FULL_URI`: the bound address, or the loopback
    /// address when bound to every interface.
    pub(crate) fn url(&self) -> String {
        let ip = match self.addr.ip() {
            IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::from([127, 0, 0, 1]),
            IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        format!("http://{}/", SocketAddr::new(ip, self.addr.port()))
    }

    /// The token clients must send as `Authorization`.
    pub(crate) fn token(&self) -> &Secret<String> {
        &self.token
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            // The server thread may already be gone.
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(
    runtime: tokio::runtime::Runtime,
    listener: std::net::TcpListener,
    state: Arc<State>,
    mut stop: oneshot::Receiver<()>,
) {
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::from_std(listener) {
            Ok(l) => l,
            Err(e) => {
                state.session.world().observer.warn(&format!(
                    "the credentials endpoint cannot accept connections: {e}"
                ));
                return;
            }
        };
        loop {
            tokio::select! {
                _ = &mut stop => break,
                accepted = listener.accept() => match accepted {
                    Ok((stream, _)) => {
                        tokio::spawn(connection(stream, Arc::clone(&state)));
                    }
                    // Out of file descriptors and the like: pause instead of spinning.
                    Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
                },
            }
        }
    });
    // In-flight fetches run on the blocking pool; they are not waited for.
    runtime.shutdown_background();
}

async fn connection(mut stream: tokio::net::TcpStream, state: Arc<State>) {
    let head = match tokio::time::timeout(
        HEAD_TIMEOUT,
        crate::sso::loopback::read_head(&mut stream),
    )
    .await
    {
        Ok(Some(bytes)) => parse_head(&bytes),
        _ => None,
    };
    let (status, reason, body) = match head {
        None => (
            400,
            "Bad Request",
            error_json("BadRequest", "not an HTTP/1.1 request"),
        ),
        Some(head) => respond(&head, &state).await,
    };
    let text = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    // A client that went away is no error of ours.
    let _ = stream.write_all(text.as_bytes()).await;
    let _ = stream.shutdown().await;
}

async fn respond(head: &Head, state: &Arc<State>) -> Reply {
    if !request_allowed(head, state.listening) {
        state.session.trace(|| {
            format!(
                "refused {} {}: Host {:?} is not this listener, or a web page sent it",
                head.method, head.path, head.host
            )
        });
        return (
            403,
            "Forbidden",
            error_json(
                "AccessDenied",
                "requests must name this endpoint's loopback address in Host and come from no web page",
            ),
        );
    }
    if !token_matches(state.token.expose(), head.authorization.as_deref()) {
        state
            .session
            .trace(|| format!("refused {} {}: no valid token", head.method, head.path));
        return (
            403,
            "Forbidden",
            error_json("AccessDenied", "missing or wrong Authorization token"),
        );
    }
    if head.method != "GET" {
        return (
            405,
            "Method Not Allowed",
            error_json("MethodNotAllowed", "only GET is supported"),
        );
    }
    match credentials(state).await {
        Ok(creds) => (200, "OK", credentials_json(&creds, &state.account_id)),
        Err((code, message)) => (503, "Service Unavailable", error_json(code, &message)),
    }
}

/// The credentials to serve, or the 503's code and message.
async fn credentials(state: &Arc<State>) -> Result<RoleCredentials, (&'static str, String)> {
    let now = state.session.now();
    let busy = || {
        (
            "Busy",
            "credentials are being fetched; try again".to_owned(),
        )
    };
    let guard = tokio::time::timeout(REQUEST_BUDGET, Arc::clone(&state.held).lock_owned())
        .await
        .map_err(|_| busy())?;
    let held = guard.clone();
    if let Some(h) = &held
        && plan(Some(h), now) == Plan::Serve
    {
        return Ok(h.credentials.clone());
    }
    if state.logging_in.load(Ordering::SeqCst) {
        return fallback(held.as_ref(), now).ok_or_else(|| {
            (
                "LoginInProgress",
                "waiting for the Identity Center login to complete".to_owned(),
            )
        });
    }
    let min_remaining = held.as_ref().map_or(REFRESH_AHEAD, |h| {
        let lifetime = h.credentials.expiration.get() - h.obtained_at;
        refresh_margin(lifetime.try_into().unwrap_or(Duration::ZERO))
    });
    state.session.debug(|| match &held {
        Some(h) => format!(
            "credentials endpoint: replacing credentials that expire at {}",
            h.credentials.expiration
        ),
        None => "credentials endpoint: getting credentials".to_owned(),
    });
    let session = Arc::clone(&state.session);
    // The guard moves into the task: waiters stay queued until the fetch ends, even if this
    // request gives up first.
    let task = tokio::task::spawn_blocking(move || {
        let mut guard = guard;
        let result = session.role_credentials(&RoleOptions {
            min_remaining,
            login: None,
        });
        if let Ok((creds, _)) = &result {
            *guard = Some(Held {
                credentials: creds.clone(),
                obtained_at: session.now(),
            });
        }
        result.map(|(creds, _)| creds)
    });
    let result = match tokio::time::timeout(REQUEST_BUDGET, task).await {
        Err(_) => return fallback(held.as_ref(), now).ok_or_else(busy),
        Ok(Err(e)) => return Err(("InternalError", format!("the fetch failed: {e}"))),
        Ok(Ok(result)) => result,
    };
    match result {
        Ok(creds) => Ok(creds),
        Err(e) if e.is_login_required() => {
            if let Some(old) = fallback(held.as_ref(), now) {
                return Ok(old);
            }
            let hint = state.session.observer().hint(&e).unwrap_or_default();
            let observer = &state.session.world().observer;
            if let Some(opts) = &state.login {
                start_login(state, opts.clone(), min_remaining);
            } else if !state.hinted.swap(true, Ordering::SeqCst) {
                observer.warn(&format!(
                    "the credentials endpoint cannot serve credentials: {e}; {hint}"
                ));
            }
            Err(("LoginRequired", format!("{e}; {hint}")))
        }
        Err(e) => {
            let why = crate::sso::error_chain(&e);
            state
                .session
                .debug(|| format!("fetching role credentials failed: {why}"));
            fallback(held.as_ref(), now).ok_or(("FetchFailed", why))
        }
    }
}

/// Held credentials that have not expired yet: better than an error when a fetch fails.
fn fallback(held: Option<&Held>, now: OffsetDateTime) -> Option<RoleCredentials> {
    held.filter(|h| still_valid(h, now))
        .map(|h| h.credentials.clone())
}

/// Starts one login in the background. It goes through `role_credentials` (not a bare login):
/// a token the service rejected can look valid by its expiry time, and only the fetch finds
/// out and logs in; the credentials it gets land in the role cache for the next request.
fn start_login(state: &Arc<State>, opts: LoginOptions, min_remaining: Duration) {
    if state.logging_in.swap(true, Ordering::SeqCst) {
        return;
    }
    let session = Arc::clone(&state.session);
    let flag = Arc::clone(&state.logging_in);
    session
        .world()
        .observer
        .warn("the Identity Center session needs a login; starting it (requests get 503 until it completes)");
    let spawned = std::thread::Builder::new()
        .name("awsso-serve-login".into())
        .spawn(move || {
            let result = session.role_credentials(&RoleOptions {
                min_remaining,
                login: Some(opts),
            });
            if let Err(e) = result {
                session.world().observer.warn(&format!(
                    "the login failed: {}; the next request starts another",
                    crate::sso::error_chain(&e)
                ));
            }
            flag.store(false, Ordering::SeqCst);
        });
    if spawned.is_err() {
        state.logging_in.store(false, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds(expires_unix: i64) -> RoleCredentials {
        RoleCredentials {
            access_key_id: "ASIAEXAMPLE".to_owned(),
            secret_access_key: Secret::new("secret".to_owned()),
            session_token: Secret::new("token".to_owned()),
            expiration: Timestamp::from_unix(expires_unix).unwrap(),
        }
    }

    fn at(unix: i64) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(unix).unwrap()
    }

    fn held(obtained: i64, expires: i64) -> Held {
        Held {
            credentials: creds(expires),
            obtained_at: at(obtained),
        }
    }

    #[test]
    fn margins() {
        assert_eq!(refresh_margin(Duration::from_secs(3600)), REFRESH_AHEAD);
        assert_eq!(
            refresh_margin(Duration::from_secs(12 * 3600)),
            REFRESH_AHEAD
        );
        assert_eq!(
            refresh_margin(Duration::from_secs(600)),
            Duration::from_secs(60)
        );
        assert_eq!(refresh_margin(Duration::from_secs(5)), SHORT_MARGIN);
        assert_eq!(
            refresh_margin(Duration::from_secs(1)),
            Duration::from_millis(500)
        );
        assert_eq!(refresh_margin(Duration::ZERO), Duration::ZERO);
    }

    #[test]
    fn an_hour_long_session_is_served_until_20_minutes_before_expiry() {
        let h = held(0, 3600);
        assert_eq!(plan(Some(&h), at(0)), Plan::Serve);
        assert_eq!(plan(Some(&h), at(2399)), Plan::Serve);
        assert_eq!(plan(Some(&h), at(2400)), Plan::Replace);
        assert_eq!(plan(Some(&h), at(4000)), Plan::Replace, "expired");
        assert_eq!(plan(None, at(0)), Plan::Replace);
    }

    #[test]
    fn short_sessions_are_served_until_a_second_before_expiry() {
        let h = held(100, 103);
        assert_eq!(plan(Some(&h), at(101)), Plan::Serve);
        assert_eq!(plan(Some(&h), at(102)), Plan::Replace);
        let h = held(100, 200);
        assert_eq!(plan(Some(&h), at(189)), Plan::Serve);
        assert_eq!(plan(Some(&h), at(190)), Plan::Replace);
    }

    #[test]
    fn fallbacks_are_never_expired() {
        let h = held(0, 100);
        assert!(fallback(Some(&h), at(90)).is_some());
        assert!(
            fallback(Some(&h), at(96)).is_none(),
            "within the round-trip allowance"
        );
        assert!(fallback(Some(&h), at(200)).is_none());
        assert!(fallback(None, at(0)).is_none());
    }

    #[test]
    fn tokens() {
        let token = new_token().unwrap();
        let t = token.expose();
        assert_eq!(t.len(), 64);
        assert!(t.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(t, new_token().unwrap().expose(), "random");
        assert!(token_matches(t, Some(t.as_bytes())));
        assert!(!token_matches(t, None));
        assert!(!token_matches(t, Some(b"")));
        assert!(!token_matches(t, Some(&t.as_bytes()[..63])));
        assert!(!token_matches(t, Some(format!("{t}x").as_bytes())));
        assert!(!token_matches(t, Some(t.to_uppercase().as_bytes())) || *t == t.to_uppercase());
    }

    #[test]
    fn request_heads() {
        let head =
            parse_head(b"GET /creds HTTP/1.1\r\nHost: x\r\nauthorization:  abc \r\n\r\n").unwrap();
        assert_eq!(head.method, "GET");
        assert_eq!(head.path, "/creds");
        assert_eq!(head.authorization.as_deref(), Some(&b"abc"[..]));
        assert!(!format!("{head:?}").contains("abc"));
        let bare = parse_head(b"GET / HTTP/1.0\n\n").unwrap();
        assert_eq!(bare.authorization, None);
        assert_eq!(head.host.as_deref(), Some("x"));
        assert!(!head.from_browser);
        let two_hosts = parse_head(b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").unwrap();
        assert_eq!(two_hosts.host, None);
        for browser in [
            "Origin: http://evil.example",
            "sec-fetch-site: cross-site",
            "Sec-Fetch-Mode: cors",
        ] {
            let text = format!("GET / HTTP/1.1\r\nHost: x\r\n{browser}\r\n\r\n");
            assert!(
                parse_head(text.as_bytes()).unwrap().from_browser,
                "{browser}"
            );
        }
        for bad in [
            &b""[..],
            b"\r\n\r\n",
            b"GET /\r\n\r\n",
            b"GET / SPDY/3\r\n\r\n",
            b"GET / HTTP/1.1 extra\r\n\r\n",
            b"GET / HTTP/1.1\r\nno colon\r\n\r\n",
            b"\xff\xfe / HTTP/1.1\r\n\r\n",
        ] {
            assert!(parse_head(bad).is_none(), "{bad:?}");
        }
    }

    /// DNS-rebinding defence: only the listener's own loopback names, with its port, and
    /// nothing a browser sent.
    #[test]
    fn only_requests_for_this_listener_from_no_web_page_are_allowed() {
        let loopback: SocketAddr = "127.0.0.1:9911".parse().unwrap();
        let any: SocketAddr = "0.0.0.0:9911".parse().unwrap();
        let head = |host: Option<&str>, from_browser: bool| Head {
            method: "GET".into(),
            path: "/".into(),
            authorization: None,
            host: host.map(str::to_owned),
            from_browser,
        };
        for ok in [
            "127.0.0.1:9911",
            "localhost:9911",
            "LOCALHOST:9911",
            "[::1]:9911",
            "127.0.0.2:9911",
            "localhost.:9911",
        ] {
            assert!(request_allowed(&head(Some(ok), false), loopback), "{ok}");
            assert!(request_allowed(&head(Some(ok), false), any), "{ok}");
        }
        for bad in [
            "evil.example:9911",
            "127.0.0.1.nip.io:9911",
            "127.0.0.1:9912",
            "127.0.0.1",
            "localhost",
            "127.0.0.1:09911",
            "127.0.0.1:+9911",
            "127.0.0.1:",
            ":9911",
            "",
            "10.0.0.5:9911",
        ] {
            assert!(!request_allowed(&head(Some(bad), false), loopback), "{bad}");
        }
        assert!(request_allowed(&head(Some("10.0.0.5:9911"), false), any));
        assert!(!request_allowed(
            &head(Some("evil.example:9911"), false),
            any
        ));
        assert!(!request_allowed(&head(None, false), loopback));
        assert!(!request_allowed(
            &head(Some("127.0.0.1:9911"), true),
            loopback
        ));
        let port80: SocketAddr = "127.0.0.1:80".parse().unwrap();
        assert!(request_allowed(&head(Some("127.0.0.1"), false), port80));
        assert!(request_allowed(&head(Some("[::1]"), false), port80));
    }

    #[test]
    fn the_response_has_the_container_fields() {
        let json: serde_json::Value =
            serde_json::from_str(&credentials_json(&creds(1_800_000_000), "123456789012")).unwrap();
        assert_eq!(json["AccessKeyId"], "ASIAEXAMPLE");
        assert_eq!(json["SecretAccessKey"], "secret");
        assert_eq!(json["Token"], "token");
        assert_eq!(json["Expiration"], "2027-01-15T08:00:00Z");
        assert_eq!(json["AccountId"], "123456789012");
        let error: serde_json::Value =
            serde_json::from_str(&error_json("LoginRequired", "say \"hi\"")).unwrap();
        assert_eq!(error["Code"], "LoginRequired");
        assert_eq!(error["Message"], "say \"hi\"");
    }
}
