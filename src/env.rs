//! The process environment, read once.
//!
//! Owns every `std::env` read in the program (clippy's `disallowed-methods` forbids them
//! elsewhere). Everything downstream receives an [`Env`] value, so tests and pure decisions never
//! depend on the ambient environment. Pure apart from [`Env::capture`].

use std::ffi::OsString;
use std::path::PathBuf;

use crate::secret::Secret;

/// One proxy variable: which spelling was set, and its value (a [`Secret`]: it may hold the
/// proxy's password).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProxyVar {
    /// The variable as spelled in the environment (`https_proxy` or `HTTPS_PROXY`, ...).
    pub name: &'static str,
    /// Its value.
    pub value: Secret<String>,
}

/// The proxy variables, lowercase spelling first (the AWS CLI's order); parsed by
/// [`crate::sso::proxy`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ProxyEnv {
    /// `https_proxy` / `HTTPS_PROXY`.
    pub https: Option<ProxyVar>,
    /// `http_proxy` / `HTTP_PROXY` (the uppercase one is ignored when `REQUEST_METHOD` is set).
    pub http: Option<ProxyVar>,
    /// `all_proxy` / `ALL_PROXY`.
    pub all: Option<ProxyVar>,
    /// `no_proxy` / `NO_PROXY`.
    pub no_proxy: Option<ProxyVar>,
}

/// The environment variables awsso honours, captured at start-up.
#[derive(Debug, Clone, Default)]
pub(crate) struct Env {
    /// The home folder: `HOME`, on Windows `USERPROFILE` (see [`crate::platform::home`]),
    /// falling back to the platform's home directory.
    pub home: Option<PathBuf>,
    /// `AWS_CONFIG_FILE`.
    pub config_file: Option<PathBuf>,
    /// `AWS_SHARED_CREDENTIALS_FILE`.
    pub credentials_file: Option<PathBuf>,
    /// `AWS_PROFILE` (or the older `AWS_DEFAULT_PROFILE`).
    pub profile: Option<String>,
    /// `AWS_REGION` (or `AWS_DEFAULT_REGION`).
    pub region: Option<String>,
    /// `AWS_ENDPOINT_URL`: the endpoint for every service.
    pub endpoint_url: Option<String>,
    /// `AWS_ENDPOINT_URL_SSO`: the portal (role credentials) endpoint.
    pub endpoint_url_sso: Option<String>,
    /// `AWS_ENDPOINT_URL_SSO_OIDC`: the OIDC (login) endpoint.
    pub endpoint_url_sso_oidc: Option<String>,
    /// `AWS_ENDPOINT_URL_SIGNIN`: the console sign-in (federation) endpoint.
    pub endpoint_url_signin: Option<String>,
    /// `AWS_LOGIN_CACHE_DIRECTORY`: the folder of `aws login` session caches.
    pub login_cache_directory: Option<PathBuf>,
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` disables the three endpoint variables.
    pub ignore_configured_endpoints: bool,
    /// `AWS_CA_BUNDLE`: a PEM bundle that replaces the system's trust roots.
    pub ca_bundle: Option<PathBuf>,
    /// The proxy variables.
    pub proxy: ProxyEnv,
    /// `AWSSO_NETWORK_TIMEOUT`: the most time, in seconds, that all of one command's requests
    /// may take together (parsed where used: [`crate::sso::client::network_budget`]).
    pub network_timeout: Option<String>,
    /// The command's own network budget when `AWSSO_NETWORK_TIMEOUT` is unset: set by the
    /// front end (short for the credential commands, whose caller is an SDK waiting); `None`
    /// leaves only the per-request limits. Not read from the environment.
    pub network_timeout_default: Option<std::time::Duration>,
    /// `BROWSER`: the command that opens URLs.
    pub browser: Option<String>,
    /// `AWS_SSO_DISABLE_BROWSER=1|true`.
    pub disable_browser: bool,
    /// Whether a graphical display is reachable (`DISPLAY` or `WAYLAND_DISPLAY`).
    pub has_display: bool,
    /// Whether we run inside an SSH session (`SSH_CONNECTION`, `SSH_CLIENT` or `SSH_TTY`).
    pub in_ssh: bool,
    /// `SSH_CONNECTION` (`client_ip client_port server_ip server_port`), for the `ssh -L` hint.
    pub ssh_connection: Option<String>,
    /// `NO_COLOR` set to anything non-empty.
    pub no_color: bool,
    /// `AWSSO_LOG`: `debug` or `trace` raise the log level like `-v` / `-vv`.
    pub log: Option<String>,
    /// The variables `awsso exec` and `awsso env` care about when nesting (`AWS_ACCESS_KEY_ID`...).
    pub aws_access_key_id_set: bool,
    /// `AWSSO_PROFILE`: set by `awsso exec` in its child, so a nested `awsso exec` can refuse.
    pub awsso_profile: Option<String>,
    /// `PATH`, for finding `credential_process` programs (`awsso doctor`).
    pub path: Option<OsString>,
    /// `WSL_DISTRO_NAME`: set inside WSL, where the browser to open is Windows' own.
    pub wsl_distro_name: Option<String>,
    /// `MSYSTEM` is set: Git Bash or MSYS2 on Windows, whose shell reads sh syntax.
    pub msystem: bool,
    /// `AWSSO_USE`: what `awsso use` chose in this shell (its encoded choice).
    pub use_current: Option<String>,
    /// `AWSSO_USE_PREVIOUS`: the choice before it (for `awsso use -`).
    pub use_previous: Option<String>,
    /// `AWS_CREDENTIAL_EXPIRATION`: when the credentials in the environment expire.
    pub credential_expiration: Option<String>,
}

impl Env {
    /// Reads the real process environment. Call once, in `main`.
    #[allow(clippy::disallowed_methods)] // the one sanctioned reader
    pub(crate) fn capture() -> Env {
        Env::from_lookup(|name| std::env::var_os(name))
    }

    /// Builds an `Env` from any lookup function (tests pass a map).
    pub(crate) fn from_lookup(get: impl Fn(&str) -> Option<OsString>) -> Env {
        let text = |name: &str| {
            get(name)
                .and_then(|v| v.into_string().ok())
                .filter(|v| !v.trim().is_empty())
        };
        let path = |name: &str| get(name).filter(|v| !v.is_empty()).map(PathBuf::from);
        let truthy = |name: &str| {
            text(name).is_some_and(|v| {
                matches!(v.trim().to_ascii_lowercase().as_str(), "1" | "true" | "yes")
            })
        };
        let first = |names: &[&'static str]| {
            names.iter().find_map(|&name| {
                text(name).map(|value| ProxyVar {
                    name,
                    value: Secret::new(value.trim().to_owned()),
                })
            })
        };
        // CGI scripts get the client's `Proxy:` header as HTTP_PROXY ("httpoxy"): ignore it
        // there, as urllib does.
        let http_names: &[&'static str] = if get("REQUEST_METHOD").is_some() {
            &["http_proxy"]
        } else {
            &["http_proxy", "HTTP_PROXY"]
        };
        let proxy = ProxyEnv {
            https: first(&["https_proxy", "HTTPS_PROXY"]),
            http: first(http_names),
            all: first(&["all_proxy", "ALL_PROXY"]),
            no_proxy: first(&["no_proxy", "NO_PROXY"]),
        };
        // The operating system's answer is only the fallback when no variable names the home.
        let home = crate::platform::home::from_env(&get, crate::platform::Os::HERE)
            .or_else(dirs::home_dir);
        Env {
            home,
            config_file: path("AWS_CONFIG_FILE"),
            credentials_file: path("AWS_SHARED_CREDENTIALS_FILE"),
            profile: text("AWS_PROFILE").or_else(|| text("AWS_DEFAULT_PROFILE")),
            region: text("AWS_REGION").or_else(|| text("AWS_DEFAULT_REGION")),
            endpoint_url: text("AWS_ENDPOINT_URL"),
            endpoint_url_sso: text("AWS_ENDPOINT_URL_SSO"),
            endpoint_url_sso_oidc: text("AWS_ENDPOINT_URL_SSO_OIDC"),
            endpoint_url_signin: text("AWS_ENDPOINT_URL_SIGNIN"),
            login_cache_directory: path("AWS_LOGIN_CACHE_DIRECTORY"),
            ignore_configured_endpoints: truthy("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"),
            ca_bundle: path("AWS_CA_BUNDLE"),
            proxy,
            network_timeout: text("AWSSO_NETWORK_TIMEOUT"),
            network_timeout_default: None,
            browser: text("BROWSER"),
            disable_browser: truthy("AWS_SSO_DISABLE_BROWSER"),
            has_display: text("DISPLAY").is_some() || text("WAYLAND_DISPLAY").is_some(),
            ssh_connection: text("SSH_CONNECTION"),
            in_ssh: text("SSH_CONNECTION").is_some()
                || text("SSH_CLIENT").is_some()
                || text("SSH_TTY").is_some(),
            no_color: get("NO_COLOR").is_some_and(|v| !v.is_empty()),
            log: text("AWSSO_LOG"),
            aws_access_key_id_set: text("AWS_ACCESS_KEY_ID").is_some(),
            awsso_profile: text("AWSSO_PROFILE"),
            path: get("PATH").filter(|v| !v.is_empty()),
            wsl_distro_name: text("WSL_DISTRO_NAME"),
            msystem: text("MSYSTEM").is_some(),
            use_current: text("AWSSO_USE"),
            use_previous: text("AWSSO_USE_PREVIOUS"),
            credential_expiration: text("AWS_CREDENTIAL_EXPIRATION"),
        }
    }

    /// The current folder (where `awsso` looks for a folder file). Read on demand, not at
    /// start-up: only the commands that use it pay for it.
    pub(crate) fn current_dir() -> std::io::Result<PathBuf> {
        std::env::current_dir()
    }

    /// The portal (SSO) endpoint override, if any: `AWS_ENDPOINT_URL_SSO`, then `AWS_ENDPOINT_URL`.
    pub(crate) fn sso_endpoint(&self) -> Option<&str> {
        self.endpoint_override(self.endpoint_url_sso.as_deref())
    }

    /// The OIDC endpoint override, if any: `AWS_ENDPOINT_URL_SSO_OIDC`, then `AWS_ENDPOINT_URL`.
    pub(crate) fn oidc_endpoint(&self) -> Option<&str> {
        self.endpoint_override(self.endpoint_url_sso_oidc.as_deref())
    }

    /// The console sign-in endpoint override, if any: `AWS_ENDPOINT_URL_SIGNIN`, then
    /// `AWS_ENDPOINT_URL`.
    pub(crate) fn signin_endpoint(&self) -> Option<&str> {
        self.endpoint_override(self.endpoint_url_signin.as_deref())
    }

    fn endpoint_override<'a>(&'a self, specific: Option<&'a str>) -> Option<&'a str> {
        if self.ignore_configured_endpoints {
            return None;
        }
        specific.or(self.endpoint_url.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> Env {
        let map: HashMap<String, OsString> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), OsString::from(v)))
            .collect();
        Env::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn service_specific_endpoint_beats_global() {
        let e = env(&[
            ("AWS_ENDPOINT_URL", "http://global"),
            ("AWS_ENDPOINT_URL_SSO", "http://sso"),
        ]);
        assert_eq!(e.sso_endpoint(), Some("http://sso"));
        assert_eq!(e.oidc_endpoint(), Some("http://global"));
    }

    #[test]
    fn ignore_configured_endpoints_disables_overrides() {
        let e = env(&[
            ("AWS_ENDPOINT_URL_SSO", "http://sso"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
        ]);
        assert_eq!(e.sso_endpoint(), None);
    }

    #[test]
    fn disable_browser_accepts_1_and_true() {
        assert!(env(&[("AWS_SSO_DISABLE_BROWSER", "1")]).disable_browser);
        assert!(env(&[("AWS_SSO_DISABLE_BROWSER", "TRUE")]).disable_browser);
        assert!(!env(&[("AWS_SSO_DISABLE_BROWSER", "0")]).disable_browser);
    }

    #[test]
    fn proxy_variables_lowercase_wins_and_httpoxy_is_ignored() {
        let e = env(&[
            ("HTTPS_PROXY", "http://upper:1"),
            ("https_proxy", "http://lower:1"),
            ("HTTP_PROXY", "http://upper:2"),
            ("NO_PROXY", "a.b"),
            ("ALL_PROXY", "http://all:3"),
        ]);
        let https = e.proxy.https.as_ref().unwrap();
        assert_eq!(
            (https.name, https.value.expose().as_str()),
            ("https_proxy", "http://lower:1")
        );
        assert_eq!(e.proxy.http.as_ref().unwrap().name, "HTTP_PROXY");
        assert_eq!(e.proxy.all.as_ref().unwrap().name, "ALL_PROXY");
        assert_eq!(e.proxy.no_proxy.as_ref().unwrap().name, "NO_PROXY");
        let cgi = env(&[("HTTP_PROXY", "http://evil:1"), ("REQUEST_METHOD", "GET")]);
        assert_eq!(cgi.proxy.http, None);
        let secret = env(&[("HTTPS_PROXY", "http://u:hunter2@p:1")]);
        assert!(!format!("{secret:?}").contains("hunter2"));
    }

    #[test]
    fn empty_values_count_as_unset() {
        let e = env(&[("AWS_PROFILE", ""), ("AWS_DEFAULT_PROFILE", "dev")]);
        assert_eq!(e.profile.as_deref(), Some("dev"));
    }
}
