//! HTTP proxies: which proxy (if any) a request to an endpoint goes through. Pure.
//!
//! The settings come from the environment the way the AWS CLI reads it (Python's `urllib`):
//!
//! | variable | used for |
//! |---|---|
//! | `https_proxy` / `HTTPS_PROXY` | `https://` endpoints (every real one) |
//! | `http_proxy` / `HTTP_PROXY` | `http://` endpoints (`HTTP_PROXY` is ignored when `REQUEST_METHOD` is set, as in a CGI script: "httpoxy") |
//! | `all_proxy` / `ALL_PROXY` | either, when the scheme's own variable is unset |
//! | `no_proxy` / `NO_PROXY` | hosts reached directly |
//!
//! The lowercase name wins when both are set (the AWS CLI's rule; the Rust SDK's own
//! `ProxyConfig::from_env` checks uppercase first). [`crate::env`] reads them; this module
//! parses and decides.
//!
//! Proxy URLs: `http://[user[:password]@]host[:port]` or `https://…` (TLS to the proxy);
//! without a scheme `http://` is assumed; the port defaults to 80 / 443. User and password are
//! percent-encoded in the URL (as with curl) and sent as basic credentials; they never appear in
//! `Debug` output, logs or errors ([`ProxyUrl::display`] masks the password). SOCKS proxies are
//! refused with a clear error (the HTTP stack does not speak SOCKS).
//!
//! `NO_PROXY` follows curl: a comma-separated list (spaces ignored, case-insensitive) of
//!
//! - `*` alone: no proxy for anything;
//! - host names: `example.com` matches `example.com` and every `*.example.com`; a leading `.`
//!   or `*.` means the same;
//! - IP addresses (`10.1.2.3`, `::1`, `[::1]`) and CIDR ranges (`10.0.0.0/8`, `fd00::/8`),
//!   matched against IP-literal endpoint hosts only (names are never resolved for this);
//! - a `:port` suffix is ignored.
//!
//! Loopback is not bypassed automatically (curl and the SDK agree); the login's loopback
//! listener and the browser never go through this module at all.

use std::fmt;
use std::net::IpAddr;

use crate::env::{ProxyEnv, ProxyVar};
use crate::secret::Secret;

/// An invalid proxy variable. Its value is never shown: a value awsso cannot parse may hold
/// a password anywhere.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{variable} (value not shown): {reason}")]
pub(crate) struct ProxyError {
    /// The variable, as spelled in the environment.
    pub variable: &'static str,
    /// What is wrong (never quoting the value).
    pub reason: String,
}

/// The proxy's scheme: how awsso talks to the proxy itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ProxyScheme {
    /// Plain HTTP to the proxy (the usual case, also for `https://` endpoints via CONNECT).
    Http,
    /// TLS to the proxy.
    Https,
}

/// A parsed proxy URL. The password is a [`Secret`].
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct ProxyUrl {
    scheme: ProxyScheme,
    /// Host as written (IPv6 without brackets).
    host: String,
    port: u16,
    /// Percent-encoded user, as written (secret too: `alice%3Apass` holds a password).
    user: Option<Secret<String>>,
    /// Percent-encoded password, as written.
    password: Option<Secret<String>>,
}

impl ProxyUrl {
    /// Parses a proxy URL (see the module docs). Error messages never quote any part of
    /// `value`: a malformed value may hold a password anywhere (`http://alice:Pa#ss@proxy`,
    /// `alice:pass` without a scheme).
    pub(crate) fn parse(value: &str) -> Result<ProxyUrl, String> {
        let value = value.trim();
        let (scheme, rest) = match value.split_once("://") {
            Some((scheme, rest)) => match scheme.to_ascii_lowercase().as_str() {
                "http" => (ProxyScheme::Http, rest),
                "https" => (ProxyScheme::Https, rest),
                s if matches!(s, "socks4" | "socks4a" | "socks5" | "socks5h" | "socks") => {
                    return Err(format!(
                        "{s}:// proxies are not supported; use an http:// or https:// proxy"
                    ));
                }
                _ => return Err("unsupported proxy scheme (use http:// or https://)".to_owned()),
            },
            None => (ProxyScheme::Http, value),
        };
        // The user information ends at the *last* '@': a password may hold '#', '/', '?' or
        // '@' unencoded, and those must not end the authority early (which would turn the
        // password into a host or port). After it, the authority ends at the first '/', '?'
        // or '#'; a path is ignored (as by curl).
        let (userinfo, after) = match rest.rsplit_once('@') {
            Some((userinfo, after)) => (Some(userinfo), after),
            None => (None, rest),
        };
        let hostport = after.split(['/', '?', '#']).next().unwrap_or_default();
        let (host, port) = split_host_port(hostport)?;
        if host.is_empty() {
            return Err("the proxy URL has no host".to_owned());
        }
        if !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'))
        {
            return Err("the proxy host is not a host name or IP address".to_owned());
        }
        let port = match port {
            Some(port) => port,
            None if scheme == ProxyScheme::Https => 443,
            None => 80,
        };
        let (user, password) = match userinfo {
            None => (None, None),
            Some(info) => match info.split_once(':') {
                Some((user, password)) => (
                    Some(Secret::new(user.to_owned())),
                    Some(Secret::new(password.to_owned())),
                ),
                None => (Some(Secret::new(info.to_owned())), None),
            },
        };
        Ok(ProxyUrl {
            scheme,
            host,
            port,
            user,
            password,
        })
    }

    /// The proxy's scheme.
    pub(crate) fn scheme(&self) -> ProxyScheme {
        self.scheme
    }

    /// `scheme://[***@]host:port`, safe to show anywhere: no part of the user information
    /// (user or password) is ever shown.
    pub(crate) fn display(&self) -> String {
        let mut out = self.base();
        if self.user.is_some() {
            let at = out.find("://").map_or(0, |i| i + 3);
            out.insert_str(at, "***@");
        }
        out
    }

    /// Whether credentials are given.
    pub(crate) fn has_credentials(&self) -> bool {
        self.user.is_some()
    }

    /// The full URL with credentials, for the HTTP connector only (it percent-decodes them
    /// into a `Proxy-Authorization: Basic` header). The one place the password leaves.
    pub(crate) fn connector_url(&self) -> Secret<String> {
        let mut out = self.base();
        if let Some(user) = &self.user {
            let info = match &self.password {
                Some(password) => format!("{}:{}@", user.expose(), password.expose()),
                None => format!("{}@", user.expose()),
            };
            let at = out.find("://").map_or(0, |i| i + 3);
            out.insert_str(at, &info);
        }
        Secret::new(out)
    }

    fn base(&self) -> String {
        let scheme = match self.scheme {
            ProxyScheme::Http => "http",
            ProxyScheme::Https => "https",
        };
        if self.host.contains(':') {
            format!("{scheme}://[{}]:{}", self.host, self.port)
        } else {
            format!("{scheme}://{}:{}", self.host, self.port)
        }
    }
}

impl fmt::Debug for ProxyUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

/// `host[:port]` or `[v6][:port]`.
fn split_host_port(hostport: &str) -> Result<(String, Option<u16>), String> {
    // Never quotes the text: see [`ProxyUrl::parse`].
    let bad_port = |_: &str| "invalid proxy port (expected a number from 1 to 65535)".to_owned();
    if let Some(rest) = hostport.strip_prefix('[') {
        let (host, after) = rest
            .split_once(']')
            .ok_or_else(|| "unclosed '[' in the proxy host".to_owned())?;
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p.parse::<u16>().map_err(|_| bad_port(p))?),
            None if after.is_empty() => None,
            None => return Err("unexpected text after the proxy host".to_owned()),
        };
        return Ok((host.to_owned(), port));
    }
    match hostport.rsplit_once(':') {
        Some((host, p)) => {
            let port = p.parse::<u16>().map_err(|_| bad_port(p))?;
            if port == 0 {
                return Err(bad_port(p));
            }
            Ok((host.to_owned(), Some(port)))
        }
        None => Ok((hostport.to_owned(), None)),
    }
}

/// A proxy and the variable it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Proxy {
    /// The URL.
    pub url: ProxyUrl,
    /// The variable, as spelled in the environment (`https_proxy`, `HTTPS_PROXY`, ...).
    pub variable: &'static str,
}

/// One `NO_PROXY` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
enum NoProxyRule {
    /// `*`.
    Everything,
    /// A domain and its subdomains (lowercase, no leading dot).
    Domain(String),
    /// An address range (an address is a full-length prefix).
    Net(IpAddr, u8),
}

/// Parsed `NO_PROXY`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct NoProxy {
    rules: Vec<NoProxyRule>,
    /// The variable, as spelled in the environment.
    pub variable: Option<&'static str>,
    /// The value as given, for display.
    pub value: String,
}

impl NoProxy {
    /// Parses a curl-style list; unusable entries are skipped (curl does the same).
    pub(crate) fn parse(value: &str) -> NoProxy {
        let rules = value
            .split(',')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .filter_map(NoProxy::rule)
            .collect();
        NoProxy {
            rules,
            variable: None,
            value: value.to_owned(),
        }
    }

    fn rule(entry: &str) -> Option<NoProxyRule> {
        if entry == "*" {
            return Some(NoProxyRule::Everything);
        }
        if let Some((addr, bits)) = entry.split_once('/') {
            let addr = addr.trim_start_matches('[').trim_end_matches(']');
            let ip: IpAddr = addr.parse().ok()?;
            let bits: u8 = bits.parse().ok()?;
            let max = if ip.is_ipv4() { 32 } else { 128 };
            return (bits <= max).then_some(NoProxyRule::Net(ip, bits));
        }
        if let Some(inner) = entry.strip_prefix('[') {
            let (addr, _) = inner.split_once(']')?;
            let ip: IpAddr = addr.parse().ok()?;
            return Some(NoProxyRule::Net(ip, full_len(ip)));
        }
        if let Ok(ip) = entry.parse::<IpAddr>() {
            return Some(NoProxyRule::Net(ip, full_len(ip)));
        }
        // A host name, possibly with a port (ignored).
        let host = entry.rsplit_once(':').map_or(entry, |(h, _)| h);
        if let Ok(ip) = host.parse::<IpAddr>() {
            return Some(NoProxyRule::Net(ip, full_len(ip)));
        }
        let host = host
            .trim_start_matches("*.")
            .trim_start_matches('.')
            .trim_end_matches('.')
            .to_ascii_lowercase();
        (!host.is_empty()).then_some(NoProxyRule::Domain(host))
    }

    /// Whether requests to `host` (a name or an IP literal, IPv6 with or without brackets)
    /// bypass the proxy.
    pub(crate) fn matches(&self, host: &str) -> bool {
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let ip = host.parse::<IpAddr>().ok();
        let name = host.trim_end_matches('.').to_ascii_lowercase();
        self.rules.iter().any(|rule| match (rule, ip) {
            (NoProxyRule::Everything, _) => true,
            (NoProxyRule::Net(net, bits), Some(ip)) => in_net(ip, *net, *bits),
            (NoProxyRule::Domain(domain), None) => {
                name == *domain
                    || name
                        .strip_suffix(domain.as_str())
                        .is_some_and(|prefix| prefix.ends_with('.'))
            }
            _ => false,
        })
    }

    /// Whether any usable rule was given.
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

fn full_len(ip: IpAddr) -> u8 {
    if ip.is_ipv4() { 32 } else { 128 }
}

fn in_net(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    let (a, b, width) = match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(b)) => {
            (u128::from(u32::from(a)), u128::from(u32::from(b)), 32_u32)
        }
        (IpAddr::V6(a), IpAddr::V6(b)) => (u128::from(a), u128::from(b), 128),
        // An IPv4-mapped IPv6 address against an IPv4 rule, and the reverse.
        (IpAddr::V6(a), IpAddr::V4(_)) => {
            return a
                .to_ipv4_mapped()
                .is_some_and(|a| in_net(IpAddr::V4(a), net, bits));
        }
        (IpAddr::V4(_), IpAddr::V6(b)) => {
            return b
                .to_ipv4_mapped()
                .is_some_and(|b| bits >= 96 && in_net(ip, IpAddr::V4(b), bits - 96));
        }
    };
    let bits = u32::from(bits).min(width);
    if bits == 0 {
        return true;
    }
    let shift = width - bits;
    (a >> shift) == (b >> shift)
}

/// How a request to one endpoint travels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Route<'a> {
    /// Straight to the endpoint.
    Direct,
    /// Straight to the endpoint because `NO_PROXY` says so.
    Bypassed,
    /// Through this proxy.
    Proxy(&'a Proxy),
}

/// The proxy settings in effect.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ProxySettings {
    /// For `http://` endpoints.
    pub http: Option<Proxy>,
    /// For `https://` endpoints.
    pub https: Option<Proxy>,
    /// For either, when the scheme's own is unset.
    pub all: Option<Proxy>,
    /// Hosts reached directly.
    pub no_proxy: NoProxy,
}

impl ProxySettings {
    /// Parses the captured variables; the first invalid one is an error naming it.
    pub(crate) fn from_env(env: &ProxyEnv) -> Result<ProxySettings, ProxyError> {
        let parse = |var: &Option<ProxyVar>| -> Result<Option<Proxy>, ProxyError> {
            let Some(var) = var else { return Ok(None) };
            ProxyUrl::parse(var.value.expose())
                .map(|url| {
                    Some(Proxy {
                        url,
                        variable: var.name,
                    })
                })
                .map_err(|reason| ProxyError {
                    variable: var.name,
                    reason,
                })
        };
        let mut no_proxy = env
            .no_proxy
            .as_ref()
            .map(|v| NoProxy::parse(v.value.expose()))
            .unwrap_or_default();
        no_proxy.variable = env.no_proxy.as_ref().map(|v| v.name);
        Ok(ProxySettings {
            http: parse(&env.http)?,
            https: parse(&env.https)?,
            all: parse(&env.all)?,
            no_proxy,
        })
    }

    /// The route for a request to `endpoint` (a URL such as `https://oidc.eu-west-1.amazonaws.com`).
    pub(crate) fn route(&self, endpoint: &str) -> Route<'_> {
        let (scheme, host) = endpoint_host(endpoint);
        let proxy = if scheme.eq_ignore_ascii_case("http") {
            self.http.as_ref().or(self.all.as_ref())
        } else {
            self.https.as_ref().or(self.all.as_ref())
        };
        match proxy {
            None => Route::Direct,
            Some(_) if self.no_proxy.matches(host) => Route::Bypassed,
            Some(proxy) => Route::Proxy(proxy),
        }
    }
}

/// The scheme and host of a URL (IPv6 hosts without brackets).
fn endpoint_host(url: &str) -> (&str, &str) {
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if let Some(inner) = hostport.strip_prefix('[') {
        return (scheme, inner.split_once(']').map_or(inner, |(h, _)| h));
    }
    (
        scheme,
        hostport.rsplit_once(':').map_or(hostport, |(h, _)| h),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn var(name: &'static str, value: &str) -> Option<ProxyVar> {
        Some(ProxyVar {
            name,
            value: Secret::new(value.to_owned()),
        })
    }

    #[test]
    fn parses_and_masks_proxy_urls() {
        let url = ProxyUrl::parse("http://alice:s%40cret@proxy.corp:3128/").unwrap();
        assert_eq!(url.display(), "http://***@proxy.corp:3128");
        assert_eq!(
            url.connector_url().expose(),
            "http://alice:s%40cret@proxy.corp:3128"
        );
        assert!(!format!("{url:?}").contains("cret"));
        assert_eq!(
            ProxyUrl::parse("proxy.corp").unwrap().display(),
            "http://proxy.corp:80"
        );
        assert_eq!(
            ProxyUrl::parse("https://[fd00::1]").unwrap().display(),
            "https://[fd00::1]:443"
        );
        assert_eq!(
            ProxyUrl::parse("http://bob@p:8080").unwrap().display(),
            "http://***@p:8080"
        );
        assert!(
            ProxyUrl::parse("socks5://p:1080")
                .unwrap_err()
                .contains("socks5")
        );
        assert!(ProxyUrl::parse("http://p:99999").is_err());
        assert!(ProxyUrl::parse("http://:8080").is_err());
        assert!(ProxyUrl::parse("ftp://p").is_err());
    }

    /// What a user may see of a proxy variable: the error of an invalid one, or the display
    /// and debug forms of a valid one.
    fn shown(value: &str) -> String {
        match ProxySettings::from_env(&ProxyEnv {
            https: var("https_proxy", value),
            ..ProxyEnv::default()
        }) {
            Ok(settings) => {
                let proxy = settings.https.clone().expect("set");
                format!("{} {:?} {settings:?}", proxy.url.display(), proxy.url)
            }
            Err(e) => format!("{e} {e:?}"),
        }
    }

    #[test]
    fn no_part_of_the_user_information_is_ever_shown() {
        for (value, secret) in [
            ("http://alice:Pa#ss@proxy:3128", "Pa"),
            ("http://alice:Pa#ss@proxy:3128", "ss"),
            ("alice:pass@host", "pass"),
            ("alice:pass", "pass"),
            ("http://alice%3Apass@host", "pass"),
            ("http://alice:pa/ss@host:1", "pa"),
            ("http://alice:pa?ss@host:1", "pa"),
            ("http://alice:p@ss@host:1", "p@ss"),
            ("http://alice:pass@", "pass"),
            ("http://alice:pass@:99999", "pass"),
            ("alice:pa://ss@host", "pa"),
            ("socks5://alice:pass@h:1", "pass"),
            ("http://alice:pass word@host", "pass"),
        ] {
            let text = shown(value);
            assert!(!text.contains(secret), "{value}: {text}");
            assert!(!text.contains("alice"), "{value}: {text}");
        }
    }

    proptest::proptest! {
        /// Whatever surrounds it, a password never appears, not even a piece of three of its
        /// capital letters (which nothing else shown holds).
        #[test]
        fn passwords_never_leak(
            scheme in proptest::sample::select(vec!["", "http://", "https://", "HTTP://", "socks5://", "ftp://"]),
            user in "[A-Z]{0,6}",
            sep in proptest::sample::select(vec![":", "%3A", "%3a", ""]),
            password in "[A-Z#/?@:%!&=+ ]{3,16}",
            at in proptest::sample::select(vec!["@", "", "@@"]),
            host in "[a-z0-9.]{0,12}",
            port in proptest::option::of(0u32..100_000),
            tail in proptest::sample::select(vec!["", "/", "/x@y", "#frag", "?q"]),
        ) {
            let port = port.map(|p| format!(":{p}")).unwrap_or_default();
            let value = format!("{scheme}{user}{sep}{password}{at}{host}{port}{tail}");
            let text = shown(&value);
            let piece_of_password = password
                .as_bytes()
                .windows(3)
                .filter(|w| w.iter().all(u8::is_ascii_uppercase))
                .any(|w| text.as_bytes().windows(3).any(|t| t == w));
            proptest::prop_assert!(!piece_of_password, "{value}: {text}");
        }
    }

    #[test]
    fn no_proxy_follows_curl() {
        let no = NoProxy::parse(
            " example.com, .corp.net ,*.int, 10.0.0.0/8, 192.168.1.7, [::1], fd00::/8, host.with:8080 ",
        );
        for host in [
            "example.com",
            "api.example.com",
            "EXAMPLE.COM.",
            "x.corp.net",
            "corp.net",
            "a.b.int",
            "10.200.0.1",
            "192.168.1.7",
            "::1",
            "[::1]",
            "fd00::abcd",
            "host.with",
            "::ffff:10.1.1.1",
        ] {
            assert!(no.matches(host), "{host} should bypass");
        }
        for host in [
            "notexample.com",
            "example.com.evil",
            "11.0.0.1",
            "192.168.1.8",
            "::2",
            "fe80::1",
            "oidc.us-east-1.amazonaws.com",
        ] {
            assert!(!no.matches(host), "{host} should use the proxy");
        }
        assert!(NoProxy::parse("*").matches("anything.at.all"));
        assert!(!NoProxy::parse("*.").matches("x"), "a bare '*.' is no rule");
        assert!(NoProxy::parse("0.0.0.0/0").matches("8.8.8.8"));
        assert!(NoProxy::parse("nonsense/99, , ").is_empty());
    }

    #[test]
    fn lowercase_variables_are_captured_first_and_routes_follow_the_scheme() {
        let env = ProxyEnv {
            https: var("https_proxy", "http://p1:3128"),
            http: var("HTTP_PROXY", "http://p2:3128"),
            all: var("ALL_PROXY", "http://p3:3128"),
            no_proxy: var("NO_PROXY", "internal.corp"),
        };
        let s = ProxySettings::from_env(&env).unwrap();
        let via = |url: &str| match s.route(url) {
            Route::Proxy(p) => format!("{} {}", p.variable, p.url.display()),
            other => format!("{other:?}"),
        };
        assert_eq!(
            via("https://portal.sso.eu-west-1.amazonaws.com"),
            "https_proxy http://p1:3128"
        );
        assert_eq!(via("http://127.0.0.1:9000/x"), "HTTP_PROXY http://p2:3128");
        assert_eq!(via("https://sso.internal.corp:8443"), "Bypassed");
        let only_all = ProxySettings::from_env(&ProxyEnv {
            all: var("all_proxy", "http://p3:3128"),
            ..ProxyEnv::default()
        })
        .unwrap();
        assert!(matches!(
            only_all.route("https://x"),
            Route::Proxy(Proxy {
                variable: "all_proxy",
                ..
            })
        ));
        assert_eq!(ProxySettings::default().route("https://x"), Route::Direct);
    }

    #[test]
    fn invalid_variables_are_named_and_masked() {
        let err = ProxySettings::from_env(&ProxyEnv {
            https: var("HTTPS_PROXY", "socks5://u:topsecret@p:1080"),
            ..ProxyEnv::default()
        })
        .unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("HTTPS_PROXY "), "{text}");
        assert!(!text.contains("topsecret"), "{text}");
    }

    #[test]
    fn endpoint_hosts() {
        assert_eq!(endpoint_host("https://a.b:443/x"), ("https", "a.b"));
        assert_eq!(endpoint_host("http://[::1]:80"), ("http", "::1"));
        assert_eq!(endpoint_host("https://u@h"), ("https", "h"));
    }
}
