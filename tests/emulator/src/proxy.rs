//! A small HTTP proxy (test double) for putting a real proxy in the path of awsso's tests.
//!
//! It speaks the two ways clients use an HTTP proxy:
//!
//! - `CONNECT host:port` opens a tunnel (how `https://` endpoints are reached): the proxy
//!   answers `200 Connection established` and then copies bytes both ways;
//! - a request in absolute form (`GET http://host:port/path HTTP/1.1`, how `http://`
//!   endpoints are reached) is forwarded on a fresh connection to that origin, which then
//!   carries the rest of the client connection as is (the emulator accepts absolute-form
//!   targets, so nothing is rewritten). Limitation: one client connection is tied to the
//!   first origin it named; later requests on it for another origin go to the first.
//!
//! It counts what it did ([`Proxy::tunnels`], [`Proxy::forwarded`], [`Proxy::rejected`]) and
//! can require basic credentials ([`ProxyMode::RequireAuth`]): a request without the right
//! `Proxy-Authorization` gets `407 Proxy Authentication Required`. Only loopback origins are
//! served (anything else gets 403): a test can never reach the internet through it.
//!
//! Blocking I/O, one thread per connection and direction: simple, and plenty for tests.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use base64::Engine;

/// Whether the proxy asks for credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProxyMode {
    /// Every request is served.
    Open,
    /// Requests need `Proxy-Authorization: Basic base64(user:password)` with these values.
    RequireAuth {
        /// The expected user name.
        user: String,
        /// The expected password.
        password: String,
    },
}

#[derive(Default)]
struct Counters {
    tunnels: AtomicU64,
    forwarded: AtomicU64,
    rejected: AtomicU64,
    targets: Mutex<Vec<String>>,
}

/// A running proxy on `127.0.0.1:<random port>`; stops accepting when dropped.
pub struct Proxy {
    addr: SocketAddr,
    counters: Arc<Counters>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Proxy {
    /// Starts an open proxy.
    ///
    /// # Panics
    /// If the loopback socket cannot be bound.
    pub fn start() -> Proxy {
        Proxy::start_with(ProxyMode::Open)
    }

    /// Starts a proxy in `mode`.
    ///
    /// # Panics
    /// If the loopback socket cannot be bound.
    pub fn start_with(mode: ProxyMode) -> Proxy {
        let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind the proxy on 127.0.0.1:0");
        let addr = listener.local_addr().expect("the proxy's address");
        let counters = Arc::new(Counters::default());
        let stop = Arc::new(AtomicBool::new(false));
        let expected = match &mode {
            ProxyMode::Open => None,
            ProxyMode::RequireAuth { user, password } => Some(format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
            )),
        };
        let thread = std::thread::Builder::new()
            .name("awsso-emulator-proxy".into())
            .spawn({
                let counters = Arc::clone(&counters);
                let stop = Arc::clone(&stop);
                move || {
                    for stream in listener.incoming() {
                        if stop.load(Ordering::SeqCst) {
                            break;
                        }
                        let Ok(stream) = stream else { continue };
                        let counters = Arc::clone(&counters);
                        let expected = expected.clone();
                        // A connection that fails is the client's problem, not the proxy's.
                        let _ = std::thread::Builder::new()
                            .name("awsso-emulator-proxy-conn".into())
                            .spawn(move || serve(stream, expected.as_deref(), &counters));
                    }
                }
            })
            .expect("spawn the proxy thread");
        Proxy {
            addr,
            counters,
            stop,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT`, for `HTTPS_PROXY` / `HTTP_PROXY`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `CONNECT` tunnels opened (after authentication).
    pub fn tunnels(&self) -> u64 {
        self.counters.tunnels.load(Ordering::SeqCst)
    }

    /// Absolute-form requests forwarded (connections, not requests).
    pub fn forwarded(&self) -> u64 {
        self.counters.forwarded.load(Ordering::SeqCst)
    }

    /// Requests answered with 407 (missing or wrong credentials).
    pub fn rejected(&self) -> u64 {
        self.counters.rejected.load(Ordering::SeqCst)
    }

    /// The `host:port` of every tunnel or forward, in order.
    pub fn targets(&self) -> Vec<String> {
        self.counters
            .targets
            .lock()
            .map(|t| t.clone())
            .unwrap_or_default()
    }
}

impl std::fmt::Debug for Proxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Proxy")
            .field("url", &self.url())
            .field("tunnels", &self.tunnels())
            .field("forwarded", &self.forwarded())
            .field("rejected", &self.rejected())
            .finish()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The request head: request line and headers.
struct Head {
    method: String,
    target: String,
    raw: Vec<u8>,
    authorization: Option<String>,
}

fn read_head(reader: &mut BufReader<TcpStream>) -> Option<Head> {
    let mut raw = Vec::new();
    let mut first = String::new();
    let mut authorization = None;
    loop {
        let mut line = Vec::new();
        let n = (&mut *reader)
            .take(16 * 1024)
            .read_until(b'\n', &mut line)
            .ok()?;
        if n == 0 || raw.len() > 64 * 1024 {
            return None;
        }
        raw.extend_from_slice(&line);
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if first.is_empty() {
            first = text.to_owned();
            continue;
        }
        if text.is_empty() {
            break;
        }
        if let Some((name, value)) = text.split_once(':')
            && name.trim().eq_ignore_ascii_case("proxy-authorization")
        {
            authorization = Some(value.trim().to_owned());
        }
    }
    let mut parts = first.split_whitespace();
    Some(Head {
        method: parts.next()?.to_owned(),
        target: parts.next()?.to_owned(),
        raw,
        authorization,
    })
}

fn respond(stream: &mut TcpStream, status: &str, extra: &str) {
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\n{extra}Content-Length: 0\r\nConnection: close\r\n\r\n"
    );
    let _ = stream.flush();
}

/// `host:port` of an absolute-form `http://` target.
fn origin_of(target: &str) -> Option<String> {
    let rest = target.strip_prefix("http://")?;
    let authority = rest.split(['/', '?']).next()?;
    if authority.contains(':') {
        Some(authority.to_owned())
    } else {
        Some(format!("{authority}:80"))
    }
}

/// Resolves `host:port` to a loopback address, or `None` for anything else.
fn loopback(host_port: &str) -> Option<SocketAddr> {
    let addrs: Vec<SocketAddr> = host_port.to_socket_addrs().ok()?.collect();
    if addrs.is_empty() || !addrs.iter().all(|a| a.ip().is_loopback()) {
        return None;
    }
    addrs.into_iter().next()
}

fn serve(stream: TcpStream, expected: Option<&str>, counters: &Counters) {
    let Ok(mut client) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    let Some(head) = read_head(&mut reader) else {
        return;
    };
    if let Some(expected) = expected
        && head.authorization.as_deref() != Some(expected)
    {
        counters.rejected.fetch_add(1, Ordering::SeqCst);
        respond(
            &mut client,
            "407 Proxy Authentication Required",
            "Proxy-Authenticate: Basic realm=\"awsso-emulator\"\r\n",
        );
        return;
    }
    let connect = head.method.eq_ignore_ascii_case("CONNECT");
    let target = if connect {
        Some(head.target.clone())
    } else {
        origin_of(&head.target)
    };
    let Some(target) = target else {
        respond(&mut client, "400 Bad Request", "");
        return;
    };
    let Some(addr) = loopback(&target) else {
        respond(&mut client, "403 Forbidden", "");
        return;
    };
    let Ok(mut upstream) = TcpStream::connect_timeout(&addr, Duration::from_secs(5)) else {
        respond(&mut client, "502 Bad Gateway", "");
        return;
    };
    let _ = upstream.set_nodelay(true);
    let _ = client.set_nodelay(true);
    if let Ok(mut targets) = counters.targets.lock() {
        targets.push(target);
    }
    if connect {
        counters.tunnels.fetch_add(1, Ordering::SeqCst);
        if client
            .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
            .is_err()
        {
            return;
        }
    } else {
        counters.forwarded.fetch_add(1, Ordering::SeqCst);
        if upstream.write_all(&head.raw).is_err() {
            return;
        }
    }
    // What the reader buffered past the head belongs to the origin.
    let leftover = reader.buffer().to_vec();
    if !leftover.is_empty() && upstream.write_all(&leftover).is_err() {
        return;
    }
    let client_in = reader.into_inner();
    pipe(client_in, client, upstream);
}

/// Copies client → upstream and upstream → client until both directions end.
fn pipe(client_in: TcpStream, client_out: TcpStream, upstream: TcpStream) {
    let Ok(upstream_in) = upstream.try_clone() else {
        return;
    };
    let up = std::thread::spawn(move || copy_then_close(client_in, upstream));
    copy_then_close(upstream_in, client_out);
    let _ = up.join();
}

fn copy_then_close(mut from: TcpStream, mut to: TcpStream) {
    let _ = std::io::copy(&mut from, &mut to);
    let _ = to.shutdown(Shutdown::Write);
    let _ = from.shutdown(Shutdown::Read);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_of_absolute_targets() {
        assert_eq!(
            origin_of("http://127.0.0.1:8080/x?y").as_deref(),
            Some("127.0.0.1:8080")
        );
        assert_eq!(
            origin_of("http://localhost/").as_deref(),
            Some("localhost:80")
        );
        assert_eq!(origin_of("/relative"), None);
    }

    #[test]
    fn only_loopback_is_served() {
        assert!(loopback("127.0.0.1:1").is_some());
        assert!(loopback("192.0.2.1:443").is_none());
    }
}
