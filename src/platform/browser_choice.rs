//! Opening a URL in a chosen browser, in one of its profiles or (Firefox) one of its containers,
//! so that two AWS accounts can be signed in side by side: which command to run for this
//! platform ([`plan`], pure) and running it ([`launch`], thin, through [`super::browser`]'s
//! launcher; callers go through [`super::browser::open_in`], which checks the URL first).
//!
//! ```text
//! Linux, BSD, WSL  google-chrome | chromium | microsoft-edge | brave-browser  --profile-directory=P URL
//!                  firefox  -P P  URL
//! macOS            open -na "Google Chrome" --args --profile-directory=P URL   (Firefox: -P P URL)
//! Windows          the browser's executable in its default install folder, same arguments
//! ```
//!
//! - A Chromium profile is named by its folder (`Default`, `Profile 1`: see chrome://version),
//!   a Firefox profile by its name (about:profiles).
//! - A Firefox container is reached through the "Open URL in Container" extension, which
//!   handles URLs of the form `ext+container:name=NAME&url=URL` (both values URL-encoded): the
//!   container is created when it does not exist.
//! - Only `http(s)` URLs are opened (as [`super::browser`] does), and a Firefox profile name
//!   may not start with `-` (Firefox would read it as an option).

use super::browser::{self, Launch, Platform};
use crate::env::Env;

/// The browsers awsso can open in a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Browser {
    /// Google Chrome.
    Chrome,
    /// Chromium.
    Chromium,
    /// Microsoft Edge.
    Edge,
    /// Brave.
    Brave,
    /// Mozilla Firefox.
    Firefox,
}

impl Browser {
    /// The commands that start it on Linux and the other unix desktops, in order.
    fn unix_programs(self) -> &'static [&'static str] {
        match self {
            Browser::Chrome => &["google-chrome", "google-chrome-stable"],
            Browser::Chromium => &["chromium", "chromium-browser"],
            Browser::Edge => &["microsoft-edge", "microsoft-edge-stable"],
            Browser::Brave => &["brave-browser", "brave"],
            Browser::Firefox => &["firefox"],
        }
    }

    /// The application's name on macOS.
    fn macos_app(self) -> &'static str {
        match self {
            Browser::Chrome => "Google Chrome",
            Browser::Chromium => "Chromium",
            Browser::Edge => "Microsoft Edge",
            Browser::Brave => "Brave Browser",
            Browser::Firefox => "Firefox",
        }
    }

    /// Its executable in the default install folders on Windows.
    fn windows_paths(self) -> &'static [&'static str] {
        match self {
            Browser::Chrome => &[
                r"C:\Program Files\Google\Chrome\Application\chrome.exe",
                r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
            ],
            Browser::Chromium => &[r"C:\Program Files\Chromium\Application\chrome.exe"],
            Browser::Edge => &[
                r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
                r"C:\Program Files\Microsoft\Edge\Application\msedge.exe",
            ],
            Browser::Brave => {
                &[r"C:\Program Files\BraveSoftware\Brave-Browser\Application\brave.exe"]
            }
            Browser::Firefox => &[
                r"C:\Program Files\Mozilla Firefox\firefox.exe",
                r"C:\Program Files (x86)\Mozilla Firefox\firefox.exe",
            ],
        }
    }
}

/// Where to open a URL: a browser, one of its profiles, a Firefox container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BrowserChoice {
    /// The browser.
    pub browser: Browser,
    /// Its profile (Chromium: the profile folder's name; Firefox: the profile's name).
    pub profile: Option<String>,
    /// A Firefox container (through the Open URL in Container extension).
    pub container: Option<String>,
}

/// The `ext+container:` URL that opens `url` in the Firefox container `name` (pure).
pub(crate) fn container_url(name: &str, url: &str) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("name", name)
        .append_pair("url", url)
        .finish();
    format!("ext+container:{query}")
}

/// The commands to try, in order, to open `url` as `choice` says on `platform` (pure).
pub(crate) fn plan(
    choice: &BrowserChoice,
    url: &str,
    platform: Platform,
) -> Result<Vec<Launch>, String> {
    if !browser::is_web_url(url) {
        return Err("refusing to open a URL that is not http(s)".to_owned());
    }
    let mut args = Vec::new();
    match (choice.browser, &choice.profile) {
        (Browser::Firefox, Some(profile)) => {
            if profile.starts_with('-') || profile.chars().any(char::is_control) {
                return Err(format!(
                    "'{}' is not a Firefox profile name",
                    crate::escape::for_terminal(profile)
                ));
            }
            args.push("-P".to_owned());
            args.push(profile.clone());
        }
        (_, Some(profile)) => {
            if profile.is_empty() || profile.chars().any(char::is_control) {
                return Err(
                    "the browser profile's name is empty or holds control characters".to_owned(),
                );
            }
            args.push(format!("--profile-directory={profile}"));
        }
        (_, None) => {}
    }
    match (&choice.container, choice.browser) {
        (Some(name), Browser::Firefox) => args.push(container_url(name, url)),
        (Some(_), _) => return Err("containers are Firefox's: use --browser firefox".to_owned()),
        (None, _) => args.push(url.to_owned()),
    }
    let launches = match platform {
        Platform::MacOs => {
            let mut open = vec![
                "-na".to_owned(),
                choice.browser.macos_app().to_owned(),
                "--args".to_owned(),
            ];
            open.extend(args);
            vec![Launch {
                program: "open".to_owned(),
                args: open,
                retry_on_failure: true,
            }]
        }
        Platform::Windows => choice
            .browser
            .windows_paths()
            .iter()
            .map(|p| Launch {
                program: (*p).to_owned(),
                args: args.clone(),
                retry_on_failure: false,
            })
            .collect(),
        Platform::Unix | Platform::Wsl => choice
            .browser
            .unix_programs()
            .iter()
            .map(|p| Launch {
                program: (*p).to_owned(),
                args: args.clone(),
                retry_on_failure: true,
            })
            .collect(),
    };
    Ok(launches)
}

/// Opens `url` as `choice` says, with the first command of the plan that starts. The error
/// names what was tried (never the URL, which may be a secret). Only
/// [`super::browser::open_in`] calls this, after its URL check.
pub(super) fn launch(env: &Env, choice: &BrowserChoice, url: &str) -> Result<(), String> {
    let plan = plan(choice, url, Platform::current(env))?;
    let mut errors = Vec::new();
    for launch in &plan {
        match browser::run(launch) {
            Ok(()) => return Ok(()),
            Err(e) => errors.push(e),
        }
    }
    Err(errors.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://signin.aws.amazon.com/federation?Action=login&SigninToken=x%2By";

    fn choice(browser: Browser, profile: Option<&str>, container: Option<&str>) -> BrowserChoice {
        BrowserChoice {
            browser,
            profile: profile.map(str::to_owned),
            container: container.map(str::to_owned),
        }
    }

    #[test]
    fn container_urls_encode_both_values() {
        assert_eq!(
            container_url("prod & co", URL),
            "ext+container:name=prod+%26+co&url=https%3A%2F%2Fsignin.aws.amazon.com%2Ffederation%3FAction%3Dlogin%26SigninToken%3Dx%252By"
        );
    }

    #[test]
    fn chromium_browsers_get_the_profile_folder() {
        let plan = plan(
            &choice(Browser::Chrome, Some("Profile 1"), None),
            URL,
            Platform::Unix,
        )
        .unwrap();
        assert_eq!(plan[0].program, "google-chrome");
        assert_eq!(plan[0].args, ["--profile-directory=Profile 1", URL]);
        let mac = plan_for(Browser::Edge, Some("Default"), Platform::MacOs);
        assert_eq!(mac[0].program, "open");
        assert_eq!(
            mac[0].args,
            [
                "-na",
                "Microsoft Edge",
                "--args",
                "--profile-directory=Default",
                URL
            ]
        );
        let win = plan_for(Browser::Edge, None, Platform::Windows);
        assert!(win[0].program.ends_with("msedge.exe"));
        assert_eq!(win[0].args, [URL]);
    }

    fn plan_for(browser: Browser, profile: Option<&str>, platform: Platform) -> Vec<Launch> {
        plan(&choice(browser, profile, None), URL, platform).unwrap()
    }

    #[test]
    fn firefox_gets_its_profile_and_container() {
        let plan = plan(
            &choice(Browser::Firefox, Some("work"), Some("dev")),
            URL,
            Platform::Unix,
        )
        .unwrap();
        assert_eq!(plan[0].program, "firefox");
        assert_eq!(
            plan[0].args,
            [
                "-P".to_owned(),
                "work".to_owned(),
                container_url("dev", URL)
            ]
        );
    }

    #[test]
    fn what_cannot_be_opened_is_refused() {
        for (c, url) in [
            (choice(Browser::Chrome, None, Some("dev")), URL),
            (choice(Browser::Firefox, Some("-safe-mode"), None), URL),
            (choice(Browser::Chrome, Some(""), None), URL),
            (choice(Browser::Firefox, None, None), "file:///etc/passwd"),
        ] {
            assert!(plan(&c, url, Platform::Unix).is_err(), "{c:?} {url}");
        }
    }
}
