//! Opening a URL in the person's browser: which commands to try, in order, for this platform
//! and environment ([`plan`], pure), whether any of them can run here ([`usable`]), and trying
//! them ([`open`], thin).
//!
//! ```text
//! BROWSER set   its commands, in order, and nothing else: separated by ':' (';' on Windows, as
//!               Python's webbrowser reads it), each run with the URL as its last argument or
//!               in place of %s
//! macOS         open URL
//! Windows       explorer.exe URL
//! WSL           wslview URL               wslu's opener: Windows' default browser
//!               explorer.exe URL          Windows' own, through WSL interop
//!               cmd.exe /c start "" URL   only for a URL cmd.exe cannot misread (see below)
//!               xdg-open URL              a Linux browser, when a display is reachable (WSLg)
//! Linux, BSD    xdg-open URL              when a display is reachable (DISPLAY, WAYLAND_DISPLAY)
//! ```
//!
//! - [`check_url`], the one check before anything is started: only `https://` URLs, and
//!   `http://` ones on a loopback host when they are awsso's own listener's or come from a
//!   loopback endpoint override (a test server); printable ASCII only (no spaces, controls,
//!   Unicode look-alikes). A verification URL comes from the service, and a launcher handed
//!   `file:`, `javascript:`, `data:`, `smb:`, `-x` or a second word would do something else;
//!   a refused URL is shown, escaped, for the person to judge.
//! - WSL is told apart from Linux by `WSL_DISTRO_NAME`, else by `microsoft` in
//!   `/proc/sys/kernel/osrelease` (read only when a browser is about to be opened, never at
//!   start-up).
//! - cmd.exe parses its command line again: `&` ends the command, `%NAME%` expands, `^` escapes,
//!   and WSL's interop cannot pass it a quoted URL reliably. So it only gets URLs made of
//!   letters, digits and `-._~:/?#[]@$'*+,;=` (device-code pages), never an authorize URL with
//!   `&` and `%`.
//! - A launcher that reports failure reliably and quickly (wslview, xdg-open, open, cmd.exe) is
//!   given two seconds: a failing exit status moves on to the next one. explorer.exe exits with
//!   1 even when it worked, and a `BROWSER` command may run as long as the browser: starting
//!   them is success.
//! - [`usable`] (does any launcher of the plan exist on `PATH`?) decides whether the login
//!   opens a browser at all: when none does, the login uses the device code, which the person
//!   can open on any device, as the AWS CLI does when it cannot open a browser.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::env::Env;

/// Where awsso runs, as far as opening a browser goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Platform {
    /// macOS.
    MacOs,
    /// Windows.
    Windows,
    /// Linux inside WSL: the browser is Windows'.
    Wsl,
    /// Linux and the other unix desktops.
    Unix,
}

impl Platform {
    /// The platform this process runs on (reads `/proc/sys/kernel/osrelease` on Linux when
    /// `WSL_DISTRO_NAME` is not set).
    pub(crate) fn current(env: &Env) -> Platform {
        if cfg!(target_os = "macos") {
            Platform::MacOs
        } else if cfg!(windows) {
            Platform::Windows
        } else if cfg!(target_os = "linux")
            && (env.wsl_distro_name.is_some()
                || is_wsl_kernel(
                    std::fs::read_to_string("/proc/sys/kernel/osrelease")
                        .ok()
                        .as_deref(),
                ))
        {
            Platform::Wsl
        } else {
            Platform::Unix
        }
    }
}

/// Whether a Linux kernel release string is WSL's (`5.15.153.1-microsoft-standard-WSL2`, or
/// WSL 1's `4.4.0-19041-Microsoft`) (pure).
pub(crate) fn is_wsl_kernel(osrelease: Option<&str>) -> bool {
    osrelease.is_some_and(|r| r.to_ascii_lowercase().contains("microsoft"))
}

/// One command to try.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Launch {
    /// The program (looked up on `PATH`).
    pub program: String,
    /// Its arguments, the URL among them.
    pub args: Vec<String>,
    /// Whether a failing exit status (within two seconds) means "try the next one"; when
    /// false, starting it is success.
    pub retry_on_failure: bool,
}

impl Launch {
    fn new(program: &str, args: &[&str], retry_on_failure: bool) -> Launch {
        Launch {
            program: program.to_owned(),
            args: args.iter().map(|a| (*a).to_owned()).collect(),
            retry_on_failure,
        }
    }
}

/// What the platform and environment say about opening a browser.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Facts<'a> {
    /// Where awsso runs.
    pub platform: Platform,
    /// `BROWSER`.
    pub browser: Option<&'a str>,
    /// Whether a graphical display is reachable (`DISPLAY`, `WAYLAND_DISPLAY`).
    pub has_display: bool,
}

/// Where a URL to open comes from, which decides whether plain `http://` is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// awsso's own loopback listener (`http://127.0.0.1:PORT/…`, see `sso::loopback`).
    Loopback,
    /// A server's answer or a configured URL: `https://` only, unless the endpoint it came
    /// from is itself a loopback override (`plain_http_loopback`: a test server), when
    /// `http://` on a loopback host is allowed too.
    Remote {
        /// Whether the endpoint is a plain-HTTP loopback override.
        plain_http_loopback: bool,
    },
}

/// The one check before a URL reaches a launcher (see the module docs). The error shows the
/// URL escaped, for the person to open it themselves if they trust it. Pure.
pub(crate) fn check_url(url: &str, origin: Origin) -> Result<(), String> {
    let refuse = |why: &str| {
        Err(format!(
            "not opening '{}' in a browser: {why}; open it yourself if you trust it",
            crate::escape::for_terminal(url)
        ))
    };
    if url.is_empty() || !url.bytes().all(|b| b.is_ascii_graphic()) {
        return refuse("it holds spaces, control or non-ASCII characters");
    }
    let host = crate::ids::url_host(url).filter(|h| !h.is_empty());
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let loopback = host.is_some_and(crate::ids::is_loopback_host);
    if lower.starts_with("https://") && host.is_some() {
        return Ok(());
    }
    if lower.starts_with("http://") && loopback {
        return match origin {
            Origin::Loopback
            | Origin::Remote {
                plain_http_loopback: true,
            } => Ok(()),
            Origin::Remote { .. } => refuse("plain http:// from a remote endpoint"),
        };
    }
    refuse("only https:// URLs are opened")
}

/// Whether `url` may be handed to a launcher: http(s), no whitespace or control characters
/// (pure; [`check_url`] is the stricter check every URL passes first).
pub(crate) fn is_web_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Whether cmd.exe would pass `url` on unchanged (pure): only characters with no meaning to it.
pub(crate) fn is_cmd_inert(url: &str) -> bool {
    url.chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._~:/?#[]@$'*+,;=".contains(c))
}

/// The commands to try, in order, to open `url` (pure; see the module docs). Empty when none
/// fits; an error when `url` may not be opened at all or `BROWSER` cannot be read.
pub(crate) fn plan(facts: Facts<'_>, url: &str) -> Result<Vec<Launch>, String> {
    if !is_web_url(url) {
        return Err(format!(
            "refusing to open '{}': not an http(s) URL",
            crate::escape::for_terminal(url)
        ));
    }
    if let Some(browser) = facts.browser {
        return browser_var(browser, facts.platform == Platform::Windows, url);
    }
    let display = facts.has_display;
    let mut plan = Vec::new();
    match facts.platform {
        Platform::MacOs => plan.push(Launch::new("open", &[url], true)),
        Platform::Windows => plan.push(Launch::new("explorer.exe", &[url], false)),
        Platform::Wsl => {
            plan.push(Launch::new("wslview", &[url], true));
            plan.push(Launch::new("explorer.exe", &[url], false));
            if is_cmd_inert(url) {
                plan.push(Launch::new("cmd.exe", &["/c", "start", "", url], true));
            }
            if display {
                plan.push(Launch::new("xdg-open", &[url], true));
            }
        }
        Platform::Unix if display => plan.push(Launch::new("xdg-open", &[url], true)),
        Platform::Unix => {}
    }
    Ok(plan)
}

/// The commands of `BROWSER`, each with `url` in place of `%s` or appended.
fn browser_var(value: &str, windows: bool, url: &str) -> Result<Vec<Launch>, String> {
    let separator = if windows { ';' } else { ':' };
    let mut plan = Vec::new();
    for candidate in value.split(separator).filter(|c| !c.trim().is_empty()) {
        // Windows paths hold backslashes, which POSIX word splitting would eat.
        let words = if windows {
            Some(candidate.split_whitespace().map(str::to_owned).collect())
        } else {
            shlex::split(candidate)
        };
        let Some(mut words) = words.filter(|w: &Vec<String>| !w.is_empty()) else {
            continue;
        };
        if words.iter().any(|w| w.contains("%s")) {
            words = words.into_iter().map(|w| w.replace("%s", url)).collect();
        } else {
            words.push(url.to_owned());
        }
        let program = words.remove(0);
        plan.push(Launch {
            program,
            args: words,
            retry_on_failure: false,
        });
    }
    if plan.is_empty() {
        return Err(format!("cannot parse BROWSER={value}"));
    }
    Ok(plan)
}

/// Whether `program` names a file: itself when it holds a path separator, else in one of the
/// folders of `path`.
fn on_path(program: &str, path: Option<&OsStr>) -> bool {
    if program.contains('/') || (cfg!(windows) && program.contains('\\')) {
        return Path::new(program).is_file();
    }
    path.is_some_and(|p| std::env::split_paths(p).any(|dir| dir.join(program).is_file()))
}

/// Whether a browser can be opened here: never when `disabled`; always when `BROWSER` is set;
/// never over SSH (the browser would open on the wrong machine); otherwise when a launcher of
/// the plan for an authorize URL is on `PATH`. When this is false the login uses the device
/// code.
pub(crate) fn usable(env: &Env, disabled: bool) -> bool {
    if disabled {
        return false;
    }
    if env.browser.is_some() {
        return true;
    }
    if env.in_ssh {
        return false;
    }
    let facts = Facts {
        platform: Platform::current(env),
        browser: None,
        has_display: env.has_display,
    };
    // The PKCE authorize URL's shape: a query with '&' and '%' (so cmd.exe does not count).
    let probe = "https://oidc.us-east-1.amazonaws.com/authorize?a=%3A&b=c";
    plan(facts, probe).is_ok_and(|plan| {
        plan.iter()
            .any(|l| on_path(&l.program, env.path.as_deref()))
    })
}

/// How long a launcher that reports failures gets to report one.
const FAILURE_WINDOW: Duration = Duration::from_secs(2);

/// Opens `url` with the first launcher of the plan that works, after [`check_url`]. The error
/// names what was tried (or why the URL was not opened), for the caller to show; the login
/// goes on either way (the URL is on stderr).
pub(crate) fn open(env: &Env, url: &str, origin: Origin) -> Result<(), String> {
    open_in(env, url, origin, None)
}

/// [`open`] in the browser, profile or container `choice` names (`console --browser`), or
/// the default browser when `None`. Every URL awsso opens goes through here.
pub(crate) fn open_in(
    env: &Env,
    url: &str,
    origin: Origin,
    choice: Option<&super::browser_choice::BrowserChoice>,
) -> Result<(), String> {
    check_url(url, origin)?;
    if let Some(choice) = choice {
        return super::browser_choice::launch(env, choice, url);
    }
    let facts = Facts {
        platform: Platform::current(env),
        browser: env.browser.as_deref(),
        has_display: env.has_display,
    };
    let plan = plan(facts, url)?;
    let mut errors = Vec::new();
    for launch in &plan {
        match run(launch) {
            Ok(()) => return Ok(()),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        return Err(
            "no way to open a browser here (set BROWSER to the command that opens one)".to_owned(),
        );
    }
    Err(errors.join("; "))
}

/// Starts one launcher; waits for its verdict only when it gives one (see [`Launch`]).
pub(crate) fn run(launch: &Launch) -> Result<(), String> {
    let child = Command::new(&launch.program)
        .args(&launch.args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", launch.program))?;
    if !launch.retry_on_failure {
        reap(child);
        return Ok(());
    }
    let mut child = child;
    let deadline = Instant::now() + FAILURE_WINDOW;
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => return Err(format!("{} failed ({status})", launch.program)),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            // Still running: it has the URL (xdg-open may wait for the browser).
            Ok(None) | Err(_) => {
                reap(child);
                return Ok(());
            }
        }
    }
}

/// Waits for `child` on a thread of its own, so it leaves no zombie behind.
fn reap(mut child: Child) {
    std::thread::spawn(move || {
        let _ = child.wait();
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_and_loopback_http_are_opened() {
        let remote = Origin::Remote {
            plain_http_loopback: false,
        };
        let test_server = Origin::Remote {
            plain_http_loopback: true,
        };
        for url in [
            "https://device.sso.eu-west-1.amazonaws.com/?user_code=ABCD-EFGH",
            "HTTPS://x.example/",
        ] {
            assert!(check_url(url, remote).is_ok(), "{url}");
        }
        for url in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "data:text/html,<script>x</script>",
            "smb://evil/share",
            "-new-window http://evil",
            "--incognito",
            "https://x.example/ -new-window",
            "https://x.example/\nnext",
            "https://x.example/\u{202e}",
            "https://",
            "http://evil.example/",
            "http://127.0.0.1:631/admin",
            " https://x.example/",
            "",
        ] {
            let err = check_url(url, remote).unwrap_err();
            assert!(!err.contains('\n'), "{err}");
        }
        assert!(check_url("http://127.0.0.1:9000/device", test_server).is_ok());
        assert!(check_url("http://evil.example/", test_server).is_err());
        assert!(check_url("http://127.0.0.1:4711/abc", Origin::Loopback).is_ok());
        assert!(check_url("http://[::1]:4711/abc", Origin::Loopback).is_ok());
        assert!(check_url("http://evil.example/", Origin::Loopback).is_err());
    }

    const AUTHORIZE: &str = "https://oidc.eu-west-1.amazonaws.com/authorize?response_type=code&client_id=abc&redirect_uri=http%3A%2F%2F127.0.0.1%3A8400%2Foauth%2Fcallback";
    const DEVICE: &str = "https://device.sso.eu-west-1.amazonaws.com/?user_code=ABCD-EFGH";

    fn facts(platform: Platform) -> Facts<'static> {
        Facts {
            platform,
            browser: None,
            has_display: false,
        }
    }

    fn programs(plan: &[Launch]) -> Vec<&str> {
        plan.iter().map(|l| l.program.as_str()).collect()
    }

    #[test]
    fn macos_opens_with_open() {
        let plan = plan(facts(Platform::MacOs), AUTHORIZE).unwrap();
        assert_eq!(plan, [Launch::new("open", &[AUTHORIZE], true)]);
    }

    #[test]
    fn windows_opens_with_explorer_and_no_shell() {
        let plan = plan(facts(Platform::Windows), AUTHORIZE).unwrap();
        assert_eq!(plan, [Launch::new("explorer.exe", &[AUTHORIZE], false)]);
    }

    #[test]
    fn wsl_opens_windows_browser_first() {
        let plan_for = |url, display| {
            plan(
                Facts {
                    has_display: display,
                    ..facts(Platform::Wsl)
                },
                url,
            )
            .unwrap()
        };
        assert_eq!(
            programs(&plan_for(AUTHORIZE, false)),
            ["wslview", "explorer.exe"],
            "an authorize URL never goes through cmd.exe"
        );
        let device = plan_for(DEVICE, true);
        assert_eq!(
            programs(&device),
            ["wslview", "explorer.exe", "cmd.exe", "xdg-open"]
        );
        assert_eq!(device[2].args, ["/c", "start", "", DEVICE]);
        assert!(device[0].retry_on_failure && !device[1].retry_on_failure);
    }

    #[test]
    fn linux_needs_a_display() {
        assert!(plan(facts(Platform::Unix), AUTHORIZE).unwrap().is_empty());
        let with_display = Facts {
            has_display: true,
            ..facts(Platform::Unix)
        };
        assert_eq!(
            programs(&plan(with_display, AUTHORIZE).unwrap()),
            ["xdg-open"]
        );
    }

    #[test]
    fn browser_variable_wins_everywhere() {
        for platform in [Platform::MacOs, Platform::Wsl, Platform::Unix] {
            let plan = plan(
                Facts {
                    browser: Some("firefox --new-window:'my browser' %s --flag"),
                    ..facts(platform)
                },
                DEVICE,
            )
            .unwrap();
            assert_eq!(
                plan,
                [
                    Launch {
                        program: "firefox".to_owned(),
                        args: vec!["--new-window".to_owned(), DEVICE.to_owned()],
                        retry_on_failure: false
                    },
                    Launch {
                        program: "my browser".to_owned(),
                        args: vec![DEVICE.to_owned(), "--flag".to_owned()],
                        retry_on_failure: false
                    },
                ]
            );
        }
        // Windows separates with ';' (its paths hold ':') and keeps backslashes.
        let windows = plan(
            Facts {
                browser: Some(r"C:\Tools\browser.exe;firefox"),
                ..facts(Platform::Windows)
            },
            DEVICE,
        )
        .unwrap();
        assert_eq!(programs(&windows), [r"C:\Tools\browser.exe", "firefox"]);
        assert!(
            plan(
                Facts {
                    browser: Some("'unclosed"),
                    ..facts(Platform::Unix)
                },
                DEVICE
            )
            .is_err()
        );
    }

    #[test]
    fn only_web_urls_are_opened() {
        for url in [
            "file:///etc/passwd",
            "-a Calculator",
            "javascript:alert(1)",
            "https://example.com/a b",
            "https://example.com/\nsecond",
            "",
        ] {
            assert!(plan(facts(Platform::MacOs), url).is_err(), "{url:?}");
        }
        assert!(is_web_url("HTTPS://EXAMPLE.COM/"));
        assert!(is_web_url("http://127.0.0.1:8400/"));
    }

    #[test]
    fn cmd_inert_urls() {
        assert!(is_cmd_inert(DEVICE));
        assert!(is_cmd_inert("https://device.sso.us-east-1.amazonaws.com/"));
        for bad in [
            AUTHORIZE,
            "https://a/?x=1&y=2",
            "https://a/%PATH%",
            "https://a/^",
            "https://a/(x)",
            "https://a/!x!",
            "https://a/\"",
            "https://a/<x>|y",
        ] {
            assert!(!is_cmd_inert(bad), "{bad}");
        }
    }

    #[test]
    fn wsl_kernels() {
        assert!(is_wsl_kernel(Some("5.15.153.1-microsoft-standard-WSL2\n")));
        assert!(is_wsl_kernel(Some("4.4.0-19041-Microsoft")));
        assert!(!is_wsl_kernel(Some("6.1.0-18-amd64")));
        assert!(!is_wsl_kernel(None));
    }

    #[test]
    fn usable_follows_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let env = |path: Option<&Path>| Env {
            path: path.map(|p| p.as_os_str().to_owned()),
            has_display: true,
            ..Env::default()
        };
        assert!(!usable(&env(None), true), "disabled");
        assert!(
            usable(
                &Env {
                    browser: Some("x".to_owned()),
                    ..Env::default()
                },
                false
            ),
            "BROWSER"
        );
        assert!(
            !usable(
                &Env {
                    in_ssh: true,
                    ..env(Some(dir.path()))
                },
                false
            ),
            "over SSH"
        );
        if cfg!(target_os = "linux") && Platform::current(&Env::default()) == Platform::Unix {
            // No opener on PATH: the login falls back to the device code.
            assert!(!usable(&env(Some(dir.path())), false));
            std::fs::write(dir.path().join("xdg-open"), "").unwrap();
            assert!(usable(&env(Some(dir.path())), false));
            assert!(
                !usable(
                    &Env {
                        has_display: false,
                        ..env(Some(dir.path()))
                    },
                    false
                ),
                "no display"
            );
        }
    }
}
