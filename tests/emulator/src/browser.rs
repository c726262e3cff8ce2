//! The fake browser (test double): a tiny blocking HTTP/1.1 GET client on [`TcpStream`] that
//! only talks to loopback hosts and follows redirects, standing in for the user's browser in
//! tests and in the demo (`BROWSER="awsso-emulator browse"`).
//!
//! It owns nothing else: no TLS, no cookies, no proxies; `http://127.0.0.1[:port]` and
//! `http://localhost[:port]` only, so a misconfigured test can never reach the real AWS.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::Duration;

/// How many redirects [`browse`] follows before giving up.
const MAX_REDIRECTS: usize = 5;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const IO_TIMEOUT: Duration = Duration::from_secs(30);

/// GETs `url`, following `301/302/303/307/308` `Location` headers up to 5 hops, and returns the
/// final 2xx body. Any other status is an `Err` holding the URL, status and body; so is a
/// non-loopback or non-`http` URL, which is refused before connecting.
pub fn browse(url: &str) -> Result<String, String> {
    let mut current = url.to_owned();
    for _ in 0..=MAX_REDIRECTS {
        let target = Target::parse(&current)?;
        let response = target.get()?;
        match response.status {
            200..=299 => return Ok(response.body),
            301 | 302 | 303 | 307 | 308 => {
                let location = response.location.ok_or_else(|| {
                    format!("GET {current}: HTTP {} without a Location", response.status)
                })?;
                current = target.resolve(&location);
            }
            status => {
                return Err(format!(
                    "GET {current}: HTTP {status}: {}",
                    response.body.trim()
                ));
            }
        }
    }
    Err(format!(
        "GET {url}: more than {MAX_REDIRECTS} redirects (last: {current})"
    ))
}

/// A parsed loopback `http://` URL.
struct Target {
    host: String,
    port: u16,
    /// `host[:port]` as written, for `Host:` and relative redirects.
    authority: String,
    /// Path and query, at least `/`.
    path: String,
}

struct Reply {
    status: u16,
    location: Option<String>,
    body: String,
}

impl Target {
    fn parse(url: &str) -> Result<Target, String> {
        let rest = url
            .strip_prefix("http://")
            .ok_or_else(|| format!("refusing {url:?}: the fake browser only speaks http://"))?;
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(end);
        let path = path.split('#').next().unwrap_or_default();
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) => {
                let port = port
                    .parse()
                    .map_err(|_| format!("refusing {url:?}: bad port {port:?}"))?;
                (host, port)
            }
            None => (authority, 80),
        };
        if host != "127.0.0.1" && !host.eq_ignore_ascii_case("localhost") {
            return Err(format!(
                "refusing {url:?}: the fake browser only visits 127.0.0.1 and localhost"
            ));
        }
        let path = match path {
            "" => "/".to_owned(),
            p if p.starts_with('?') => format!("/{p}"),
            p => p.to_owned(),
        };
        Ok(Target {
            host: host.to_owned(),
            port,
            authority: authority.to_owned(),
            path,
        })
    }

    fn url(&self) -> String {
        format!("http://{}{}", self.authority, self.path)
    }

    fn resolve(&self, location: &str) -> String {
        if location.contains("://") {
            location.to_owned()
        } else if location.starts_with('/') {
            format!("http://{}{location}", self.authority)
        } else {
            let dir = self.path.rsplit_once('/').map_or("", |(dir, _)| dir);
            format!("http://{}{dir}/{location}", self.authority)
        }
    }

    fn connect(&self) -> Result<TcpStream, String> {
        let addrs: Vec<SocketAddr> = (self.host.as_str(), self.port)
            .to_socket_addrs()
            .map_err(|e| format!("GET {}: cannot resolve {}: {e}", self.url(), self.host))?
            .filter(|a| a.ip().is_loopback())
            .collect();
        let mut last = format!("GET {}: {} has no loopback address", self.url(), self.host);
        for addr in addrs {
            match TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT) {
                Ok(stream) => return Ok(stream),
                Err(e) => last = format!("GET {}: cannot connect to {addr}: {e}", self.url()),
            }
        }
        Err(last)
    }

    fn get(&self) -> Result<Reply, String> {
        let url = self.url();
        let io = |e: std::io::Error| format!("GET {url}: {e}");
        let mut stream = self.connect()?;
        stream.set_read_timeout(Some(IO_TIMEOUT)).map_err(io)?;
        stream.set_write_timeout(Some(IO_TIMEOUT)).map_err(io)?;
        // One write: a server that answers after the request line and closes must not turn
        // the rest of our request into a broken pipe before we read its answer.
        let request = format!(
            "GET {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: awsso-emulator-browser\r\n\
             Accept: text/html,*/*\r\nConnection: close\r\n\r\n",
            self.path, self.authority
        );
        let sent = stream
            .write_all(request.as_bytes())
            .and_then(|()| stream.flush());
        if let Err(e) = sent {
            // Like a real browser, still take an answer the server managed to send.
            return read_reply(BufReader::new(stream)).map_err(|_| io(e));
        }
        read_reply(BufReader::new(stream)).map_err(|e| format!("GET {url}: {e}"))
    }
}

fn read_line(reader: &mut impl BufRead) -> Result<String, String> {
    let mut line = String::new();
    reader
        .read_line(&mut line)
        .map_err(|e| format!("reading the response: {e}"))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn read_reply(mut reader: impl BufRead) -> Result<Reply, String> {
    let status_line = read_line(&mut reader)?;
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| format!("malformed status line {status_line:?}"))?;
    let mut location = None;
    let mut length = None;
    let mut chunked = false;
    loop {
        let line = read_line(&mut reader)?;
        if line.is_empty() {
            break;
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!("malformed header line {line:?}"));
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "location" => location = Some(value.to_owned()),
            "content-length" => length = value.parse::<usize>().ok(),
            "transfer-encoding" => chunked = value.eq_ignore_ascii_case("chunked"),
            _ => {}
        }
    }
    let mut body = Vec::new();
    let read_err = |e: std::io::Error| format!("reading the body: {e}");
    if chunked {
        loop {
            let size_line = read_line(&mut reader)?;
            let size_hex = size_line.split(';').next().unwrap_or_default().trim();
            let size = usize::from_str_radix(size_hex, 16)
                .map_err(|_| format!("malformed chunk size {size_line:?}"))?;
            if size == 0 {
                break;
            }
            let start = body.len();
            body.resize(start + size, 0);
            reader.read_exact(&mut body[start..]).map_err(read_err)?;
            read_line(&mut reader)?;
        }
    } else if let Some(length) = length {
        body.resize(length, 0);
        reader.read_exact(&mut body).map_err(read_err)?;
    } else {
        reader.read_to_end(&mut body).map_err(read_err)?;
    }
    Ok(Reply {
        status,
        location,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_non_loopback_and_non_http() {
        assert!(browse("https://127.0.0.1/").is_err());
        assert!(browse("http://example.com/").is_err());
        assert!(browse("http://127.0.0.1.evil.example/").is_err());
    }

    #[test]
    fn parses_and_resolves() {
        let t = Target::parse("http://localhost:8080/a/b?x=1#frag").unwrap();
        assert_eq!((t.port, t.path.as_str()), (8080, "/a/b?x=1"));
        assert_eq!(t.resolve("/c"), "http://localhost:8080/c");
        assert_eq!(t.resolve("c"), "http://localhost:8080/a/c");
        assert_eq!(t.resolve("http://127.0.0.1:1/cb"), "http://127.0.0.1:1/cb");
    }

    #[test]
    fn reads_chunked_and_sized_bodies() {
        let chunked =
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
        assert_eq!(read_reply(chunked.as_bytes()).unwrap().body, "abcde");
        let sized = "HTTP/1.1 302 Found\r\nLocation: /x\r\nContent-Length: 2\r\n\r\nokEXTRA";
        let reply = read_reply(sized.as_bytes()).unwrap();
        assert_eq!((reply.status, reply.body.as_str()), (302, "ok"));
        assert_eq!(reply.location.as_deref(), Some("/x"));
    }
}
