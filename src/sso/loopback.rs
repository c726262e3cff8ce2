//! The loopback HTTP listener awsso runs for the browser, and handing the browser a secret URL
//! without putting the secret in its command line.
//!
//! I/O (the request routing is the caller's [`Routes`]). One listener on `127.0.0.1`, two uses:
//!
//! - **One-time redirects.** A browser's command line is readable by every local user
//!   (`/proc/PID/cmdline`, `ps`), so a URL that holds a secret — the PKCE authorize URL with its
//!   `state`, the console sign-in URL with its `SigninToken` — is never given to a browser as
//!   an argument. The browser gets `http://127.0.0.1:PORT/<43 random characters>` instead
//!   ([`Loopback::one_time_url`]), which answers the first `GET` with `303 See Other` to the
//!   real URL (`Cache-Control: no-store`, `Referrer-Policy: no-referrer`) and is gone
//!   afterwards (404). [`open_once`] does the whole round for a caller without a listener of
//!   its own (the console).
//! - **The caller's own paths**, e.g. the PKCE login's `/oauth/callback`, answered by its
//!   [`Routes`], which also decides when the wait is over.
//!
//! Floods and file-descriptor exhaustion do not end the wait: at most [`MAX_CONNECTIONS`] are
//! open at once, and a new one closes the oldest (a browser sends its request as soon as it is
//! connected, so the oldest are the idle ones); each connection has [`CONNECTION_TIMEOUT`] to
//! send its request head and take the answer; and accept errors are never fatal: running out
//! of descriptors (`EMFILE`, `ENFILE`) closes the oldest connection and backs off briefly, a
//! connection aborted before it was accepted is skipped. Only the caller's deadline or cancel
//! ends the wait.

use std::collections::VecDeque;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::{mpsc, oneshot};

use crate::env::Env;
use crate::secret::Secret;
use crate::sso::cancel::{Cancel, cancelled};

/// The most connections open at once.
pub(crate) const MAX_CONNECTIONS: usize = 64;
/// How long one connection may take to send its request head and read the answer.
pub(crate) const CONNECTION_TIMEOUT: Duration = Duration::from_secs(5);
/// The most a request head may hold.
const MAX_HEAD: usize = 16 * 1024;
/// The longest pause after an accept error.
const MAX_BACKOFF: Duration = Duration::from_millis(200);

/// Why the listener stopped without an outcome, or could not start.
#[derive(Debug, thiserror::Error)]
pub(crate) enum LoopbackError {
    /// The deadline passed.
    #[error("no answer on the loopback listener in time")]
    Deadline,
    /// The caller cancelled.
    #[error("cancelled")]
    Cancelled,
    /// The listener could not be bound or served.
    #[error("the loopback listener failed: {0}")]
    Io(#[from] std::io::Error),
    /// No random bytes for a one-time path.
    #[error("no random bytes for a one-time URL: {0}")]
    Random(#[from] getrandom::Error),
    /// The browser could not be started, or the URL may not be opened (see
    /// [`crate::platform::browser::open`]).
    #[error("{0}")]
    Browser(String),
    /// The browser was started but never asked for the one-time URL.
    #[error("the browser did not open the link within {0}s")]
    NotOpened(u64),
}

/// A page the listener answers with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Page {
    /// The status line's code and reason, e.g. `404 Not Found`.
    pub status: &'static str,
    /// One paragraph of text (HTML-escaped when sent).
    pub text: String,
}

impl Page {
    /// A page with `status` and `text`.
    pub(crate) fn new(status: &'static str, text: impl Into<String>) -> Page {
        Page {
            status,
            text: text.into(),
        }
    }
}

/// What the caller makes of the requests the listener gets (the one-time redirects are the
/// listener's own).
pub(crate) trait Routes {
    /// What ends the wait.
    type Outcome;

    /// The answer to a request (`head`: the request line and headers, as received), and
    /// `Some` when it ends the wait.
    fn request(&mut self, head: &[u8]) -> (Page, Option<Self::Outcome>);

    /// A one-time URL was followed; `Some` ends the wait.
    fn handed_off(&mut self) -> Option<Self::Outcome> {
        None
    }
}

/// A listener bound on `127.0.0.1`, not yet serving.
#[derive(Debug)]
pub(crate) struct Loopback {
    listener: std::net::TcpListener,
    port: u16,
    /// One-time paths (`/…`) and where they redirect.
    handoffs: Vec<(String, Secret<String>)>,
}

impl Loopback {
    /// Binds `127.0.0.1:port` (0: any free port).
    pub(crate) fn bind(port: u16) -> std::io::Result<Loopback> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        Ok(Loopback {
            listener,
            port,
            handoffs: Vec::new(),
        })
    }

    /// The port it listens on.
    pub(crate) fn port(&self) -> u16 {
        self.port
    }

    /// Registers a one-time redirect to `target` and returns the URL to hand the browser:
    /// `http://127.0.0.1:PORT/<43 random URL-safe characters>`.
    pub(crate) fn one_time_url(&mut self, target: Secret<String>) -> Result<String, LoopbackError> {
        if target.expose().chars().any(char::is_control) {
            return Err(LoopbackError::Io(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "a redirect target holds control characters",
            )));
        }
        let path = format!("/{}", crate::sso::pkce::new_state()?);
        let url = format!("http://127.0.0.1:{}{path}", self.port);
        self.handoffs.push((path, target));
        Ok(url)
    }

    /// Serves until `routes` gives an outcome, `deadline` passes or `cancel` is set (see the
    /// module docs). Must run inside a tokio runtime.
    pub(crate) async fn serve<R: Routes>(
        self,
        mut routes: R,
        deadline: tokio::time::Instant,
        cancel: Option<&Cancel>,
    ) -> Result<R::Outcome, LoopbackError> {
        let listener = tokio::net::TcpListener::from_std(self.listener)?;
        let mut handoffs = self.handoffs;
        let (requests, mut received) = mpsc::channel::<Request>(MAX_CONNECTIONS);
        let mut connections = tokio::task::JoinSet::new();
        let mut open: VecDeque<tokio::task::AbortHandle> = VecDeque::new();
        let mut backoff = Duration::ZERO;
        loop {
            tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok((stream, _)) => {
                        backoff = Duration::ZERO;
                        while connections.try_join_next().is_some() {}
                        open.retain(|c| !c.is_finished());
                        if open.len() >= MAX_CONNECTIONS
                            && let Some(oldest) = open.pop_front()
                        {
                            oldest.abort();
                        }
                        let requests = requests.clone();
                        open.push_back(connections.spawn(async move {
                            let _ = tokio::time::timeout(
                                CONNECTION_TIMEOUT,
                                connection(stream, requests),
                            )
                            .await;
                        }));
                    }
                    Err(e) => match accept_failure(&e) {
                        AcceptFailure::Skip => {}
                        AcceptFailure::OutOfResources => {
                            // Free a descriptor: the oldest connection is the likeliest idle.
                            open.retain(|c| !c.is_finished());
                            if let Some(oldest) = open.pop_front() {
                                oldest.abort();
                            }
                            backoff = (backoff * 2).clamp(Duration::from_millis(5), MAX_BACKOFF);
                            tokio::time::sleep(backoff).await;
                        }
                    },
                },
                Some(request) = received.recv() => {
                    let (answer, outcome) = match take_handoff(&mut handoffs, &request.head) {
                        Some(target) => (redirect(target.expose()), routes.handed_off()),
                        None => {
                            let (page, outcome) = routes.request(&request.head);
                            (page_bytes(&page), outcome)
                        }
                    };
                    let (written, done) = oneshot::channel();
                    let _ = request.reply.send((answer, written));
                    if let Some(outcome) = outcome {
                        // Let the last answer reach the browser before the listener closes.
                        let _ = tokio::time::timeout(Duration::from_secs(1), done).await;
                        return Ok(outcome);
                    }
                }
                () = tokio::time::sleep_until(deadline) => return Err(LoopbackError::Deadline),
                () = cancelled(cancel) => return Err(LoopbackError::Cancelled),
            }
        }
    }
}

/// A request head a connection received, and where its answer goes.
struct Request {
    head: Vec<u8>,
    reply: oneshot::Sender<(Vec<u8>, oneshot::Sender<()>)>,
}

/// Reads one request head (up to and including the blank line; at most [`MAX_HEAD`] bytes),
/// for every loopback server of awsso (this listener and `serve`'s endpoint). `None` when the
/// peer closes or errs first, or sends more than that without ending the head.
pub(crate) async fn read_head(stream: &mut tokio::net::TcpStream) -> Option<Vec<u8>> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            buf.truncate(end + 4);
            return Some(buf);
        }
        if buf.len() > MAX_HEAD {
            return None;
        }
    }
}

/// Reads one request head, hands it to the serving loop, writes its answer.
async fn connection(mut stream: tokio::net::TcpStream, requests: mpsc::Sender<Request>) {
    let Some(buf) = read_head(&mut stream).await else {
        return;
    };
    let (reply, answer) = oneshot::channel();
    if requests.send(Request { head: buf, reply }).await.is_err() {
        return;
    }
    let Ok((bytes, written)) = answer.await else {
        return;
    };
    let _ = stream.write_all(&bytes).await;
    let _ = stream.shutdown().await;
    let _ = written.send(());
}

/// What an accept error means for the listener.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AcceptFailure {
    /// One connection failed before it was accepted (aborted, reset): go on at once.
    Skip,
    /// Out of descriptors or memory (`EMFILE`, `ENFILE`, `ENOBUFS`, `ENOMEM`) or anything else:
    /// free one and back off.
    OutOfResources,
}

/// Classifies an accept error (pure; see the module docs: none is fatal).
pub(crate) fn accept_failure(e: &std::io::Error) -> AcceptFailure {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::ConnectionAborted | K::ConnectionReset | K::Interrupted | K::WouldBlock => {
            AcceptFailure::Skip
        }
        _ => AcceptFailure::OutOfResources,
    }
}

/// The target of the one-time path `head` asks for, removed so it works once (pure).
fn take_handoff(
    handoffs: &mut Vec<(String, Secret<String>)>,
    head: &[u8],
) -> Option<Secret<String>> {
    let line = head.split(|&b| b == b'\r' || b == b'\n').next()?;
    let line = std::str::from_utf8(line).ok()?;
    let mut words = line.split(' ');
    let (method, target) = (words.next()?, words.next()?);
    if method != "GET" {
        return None;
    }
    let i = handoffs.iter().position(|(path, _)| path == target)?;
    Some(handoffs.swap_remove(i).1)
}

/// A `303 See Other` to `target`.
fn redirect(target: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 303 See Other\r\nLocation: {target}\r\nCache-Control: no-store\r\n\
         Referrer-Policy: no-referrer\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .into_bytes()
}

/// A small HTML page.
fn page_bytes(page: &Page) -> Vec<u8> {
    let text: String = page
        .text
        .chars()
        .map(|c| match c {
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '&' => "&amp;".to_owned(),
            '"' => "&quot;".to_owned(),
            c => c.to_string(),
        })
        .collect();
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>awsso</title></head>\
         <body style=\"font-family:sans-serif;margin:4em\"><p>{text}</p></body></html>"
    );
    format!(
        "HTTP/1.1 {}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Connection: close\r\nCache-Control: no-store\r\n\r\n{body}",
        page.status,
        body.len()
    )
    .into_bytes()
}

/// Only the one-time redirect: every other request is a 404; the hand-off ends the wait.
struct HandOffOnly;

impl Routes for HandOffOnly {
    type Outcome = ();

    fn request(&mut self, _head: &[u8]) -> (Page, Option<()>) {
        (Page::new("404 Not Found", "Not found."), None)
    }

    fn handed_off(&mut self) -> Option<()> {
        Some(())
    }
}

/// Opens the secret `url` in the person's browser without putting it in the browser's
/// command line: a short-lived loopback listener hands the browser a one-time URL that
/// redirects to `url` once (see the module docs). `browser`: the browser, profile or
/// container to open it in (`None`: the default browser). Returns when the browser followed
/// it, or fails after `wait`. Runs its own small runtime (blocking).
pub(crate) fn open_once(
    env: &Env,
    url: &Secret<String>,
    browser: Option<&crate::platform::browser_choice::BrowserChoice>,
    wait: Duration,
    cancel: Option<&Cancel>,
) -> Result<(), LoopbackError> {
    let mut loopback = Loopback::bind(0)?;
    let local = loopback.one_time_url(url.clone())?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    // The listener is bound: the browser's request waits in its queue until it is served.
    crate::platform::browser::open_in(
        env,
        &local,
        crate::platform::browser::Origin::Loopback,
        browser,
    )
    .map_err(LoopbackError::Browser)?;
    let served = rt.block_on(async {
        let deadline = tokio::time::Instant::now() + wait;
        loopback.serve(HandOffOnly, deadline, cancel).await
    });
    rt.shutdown_background();
    match served {
        Err(LoopbackError::Deadline) => Err(LoopbackError::NotOpened(wait.as_secs())),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_time_path_works_once() {
        let mut handoffs = vec![("/abc".to_owned(), Secret::new("https://x/?s=1".to_owned()))];
        assert!(take_handoff(&mut handoffs, b"GET /abcd HTTP/1.1\r\n\r\n").is_none());
        assert!(take_handoff(&mut handoffs, b"POST /abc HTTP/1.1\r\n\r\n").is_none());
        assert!(take_handoff(&mut handoffs, b"GET /abc?x HTTP/1.1\r\n\r\n").is_none());
        let target = take_handoff(&mut handoffs, b"GET /abc HTTP/1.1\r\nHost: x\r\n\r\n");
        assert_eq!(target.unwrap().expose(), "https://x/?s=1");
        assert!(take_handoff(&mut handoffs, b"GET /abc HTTP/1.1\r\n\r\n").is_none());
    }

    #[test]
    fn accept_errors_are_never_fatal() {
        use std::io::{Error, ErrorKind};
        assert_eq!(
            accept_failure(&Error::from(ErrorKind::ConnectionAborted)),
            AcceptFailure::Skip
        );
        // EMFILE as the standard library reports it on this platform.
        let emfile = Error::other("Too many open files (os error 24)");
        assert_eq!(accept_failure(&emfile), AcceptFailure::OutOfResources);
    }

    #[test]
    fn redirects_and_pages() {
        let r = String::from_utf8(redirect("https://x/a?b=c")).unwrap();
        assert!(r.starts_with("HTTP/1.1 303 See Other\r\nLocation: https://x/a?b=c\r\n"));
        assert!(
            r.contains("Cache-Control: no-store") && r.contains("Referrer-Policy: no-referrer")
        );
        let p = String::from_utf8(page_bytes(&Page::new("404 Not Found", "<b>&"))).unwrap();
        assert!(p.contains("&lt;b&gt;&amp;") && !p.contains("<b>"));
    }

    #[test]
    fn one_time_urls_are_random_and_local() {
        let mut l = Loopback::bind(0).unwrap();
        let a = l.one_time_url(Secret::new("https://a".to_owned())).unwrap();
        let b = l.one_time_url(Secret::new("https://b".to_owned())).unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with(&format!("http://127.0.0.1:{}/", l.port())));
        assert!(a.len() > "http://127.0.0.1:1/".len() + 40);
        assert!(
            l.one_time_url(Secret::new("https://a\r\nX: y".to_owned()))
                .is_err()
        );
    }
}
