//! `awsso console`: the AWS console signed in as a role, opened in the browser or printed.

use anyhow::Context as _;

use crate::cli::app::Context;
use crate::cli::args::{BrowserName, ConsoleArgs};
use crate::cli::report::UsageError;
use crate::platform::browser_choice::{Browser, BrowserChoice};
use crate::sso::console;
use crate::sso::session::{LoginOptions, RoleOptions};

/// Runs the command.
pub(crate) fn run(ctx: &Context, args: &ConsoleArgs) -> anyhow::Result<u8> {
    // Bad flags fail before any network call.
    let browser = browser_choice(args)?;
    if let Some(choice) = &browser {
        crate::platform::browser_choice::plan(
            choice,
            "https://console.aws.amazon.com/",
            crate::platform::browser::Platform::Unix,
        )
        .map_err(anyhow::Error::msg)?;
    }
    let duration = if args.shortcut {
        None
    } else {
        Some(console::validate_duration(args.duration)?)
    };
    let target = ctx.resolve_here(&args.target, Some(&args.role), ctx.env.profile.as_deref())?;
    let region = crate::cli::cmd::env::region(args.region.as_deref(), &target)?.map(str::to_owned);
    let partition = console::partition(region.as_deref());
    let destination =
        console::destination_url(args.destination.as_deref(), &partition, region.as_deref())?;
    let (account, role) = target.principal()?;
    if target.login_session.is_some() && duration.is_none() {
        anyhow::bail!(
            "--shortcut opens the Identity Center portal's link; profile '{}' is an `aws login` session (login_session), which has no portal: run without --shortcut",
            args.target
                .profile
                .as_deref()
                .or(ctx.env.profile.as_deref())
                .unwrap_or_default()
        );
    }
    if let Some(duration) = duration {
        let session = ctx.session(target.clone());
        let (creds, _) = session.role_credentials(&RoleOptions {
            // The console session may outlast the credentials; they only need to be valid now.
            min_remaining: std::time::Duration::from_secs(60),
            login: args.login.then(LoginOptions::default),
        })?;
        let endpoint = console::signin_endpoint(&ctx.env, &partition);
        ctx.ui
            .debug(|| format!("getSigninToken at {endpoint} for {role} in {account}"));
        let token = console::signin_token(&ctx.env, &endpoint, &creds, duration)
            .context("cannot get a console sign-in token")?;
        let url = console::login_url(&endpoint, &target.start_url, &destination, &token);
        if args.print {
            ctx.ui
                .payload(&format!("{}\n", url.expose()))
                .context("cannot write to stdout")?;
        } else {
            // The sign-in URL is a bearer secret: the browser gets a one-time loopback URL
            // that redirects to it, never the URL itself in its command line.
            crate::sso::loopback::open_once(&ctx.env, &url, browser.as_ref(), HANDOFF_WAIT, None)
                .map_err(|e| {
                    anyhow::anyhow!(
                        "cannot open the sign-in link in a browser ({e}); run again with --print to get the sign-in URL"
                    )
                })?;
            ctx.ui.status(format!(
                "opened the console as {role} in {account} (the sign-in link expires in 15 minutes)"
            ));
        }
    } else {
        let destination = args.destination.as_ref().map(|_| destination.as_str());
        let url = console::shortcut_url(&target.start_url, account, role, destination);
        if args.print {
            ctx.ui
                .payload(&format!("{url}\n"))
                .context("cannot write to stdout")?;
        } else {
            let plain_http_loopback = target.start_url.to_ascii_lowercase().starts_with("http://");
            open(ctx, &url, plain_http_loopback, browser.as_ref())?;
            ctx.ui.status(format!(
                "opened the portal's console link for {role} in {account}"
            ));
        }
    }
    Ok(0)
}

/// The browser, profile and container the flags choose, if any (the one clap → platform
/// conversion).
pub(crate) fn browser_choice(args: &ConsoleArgs) -> anyhow::Result<Option<BrowserChoice>> {
    let browser = match (args.browser, &args.container) {
        (Some(name), _) => match name {
            BrowserName::Chrome => Browser::Chrome,
            BrowserName::Chromium => Browser::Chromium,
            BrowserName::Edge => Browser::Edge,
            BrowserName::Brave => Browser::Brave,
            BrowserName::Firefox => Browser::Firefox,
        },
        (None, Some(_)) => Browser::Firefox,
        (None, None) if args.browser_profile.is_some() => {
            return Err(UsageError {
                message: "--browser-profile needs --browser (or --container)".to_owned(),
                hint: "add --browser chrome, chromium, edge, brave or firefox".to_owned(),
            }
            .into());
        }
        (None, None) => return Ok(None),
    };
    Ok(Some(BrowserChoice {
        browser,
        profile: args.browser_profile.clone(),
        container: args.container.clone(),
    }))
}

/// How long the browser has to follow the one-time sign-in link.
const HANDOFF_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// Opens the portal's shortcut `url` (not secret) in the browser `choice` names, else the
/// default one; the URL is shown if that fails. `plain_http_loopback`: the start URL is a
/// loopback test server's (checked when resolved).
fn open(
    ctx: &Context,
    url: &str,
    plain_http_loopback: bool,
    choice: Option<&BrowserChoice>,
) -> anyhow::Result<()> {
    let origin = crate::platform::browser::Origin::Remote {
        plain_http_loopback,
    };
    crate::platform::browser::open_in(&ctx.env, url, origin, choice).map_err(|e| {
        anyhow::anyhow!(
            "cannot open a browser ({e}); open this URL: {}",
            crate::escape::for_terminal(url)
        )
    })
}
