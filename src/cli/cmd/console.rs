//! `awsso console`: the AWS console signed in as a role, opened in the browser or printed.

use anyhow::Context as _;

use crate::cli::app::Context;
use crate::cli::args::ConsoleArgs;
use crate::sso::console;
use crate::sso::session::{LoginOptions, RoleOptions};

/// Runs the command.
pub(crate) fn run(ctx: &Context, args: &ConsoleArgs) -> anyhow::Result<u8> {
    // Bad flags fail before any network call.
    let duration = if args.shortcut {
        None
    } else {
        Some(console::validate_duration(args.duration)?)
    };
    let target = ctx.resolve(&args.target, Some(&args.role), ctx.env.profile.as_deref())?;
    let region = args
        .region
        .as_deref()
        .or(target.region.as_deref())
        .filter(|r| !r.is_empty())
        .map(str::to_owned);
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
            open(ctx, url.expose(), None)?;
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
            open(ctx, &url, Some(&url))?;
            ctx.ui.status(format!(
                "opened the portal's console link for {role} in {account}"
            ));
        }
    }
    Ok(0)
}

/// Opens `url` in the browser. `shown` is what may be shown if that fails (the secret sign-in
/// URL is not).
fn open(ctx: &Context, url: &str, shown: Option<&str>) -> anyhow::Result<()> {
    crate::sso::login::open_browser(&ctx.env, url).map_err(|e| match shown {
        Some(url) => anyhow::anyhow!("cannot open a browser ({e}); open this URL: {url}"),
        None => anyhow::anyhow!(
            "cannot open a browser ({e}); run again with --print to get the sign-in URL"
        ),
    })
}
