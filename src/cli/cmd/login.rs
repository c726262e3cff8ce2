//! `awsso login`: make sure a valid SSO token is cached for the selected session (an `aws
//! login` session profile is `cmd::login_session`'s).

use crate::cli::app::Context;
use crate::cli::args::LoginArgs;
use crate::sso::session::{LoginOptions, LoginOutcome};
use crate::sso::timestamp::relative;

/// Runs the command.
pub(crate) fn run(ctx: &Context, args: &LoginArgs) -> anyhow::Result<u8> {
    if let Some(code) = crate::cli::cmd::login_session::login(ctx, args)? {
        return Ok(code);
    }
    let target = ctx.resolve(&args.target, None, ctx.env.profile.as_deref())?;
    let session = ctx.session(target);
    let mut opts = LoginOptions::default()
        .force_refresh(args.force)
        .timeout(args.timeout);
    if args.use_device_code || (args.no_browser && args.callback_port.is_none()) {
        opts = opts.device_code(true);
    }
    if let Some(port) = args.callback_port {
        opts = opts.callback_port(port);
    }
    if args.no_browser {
        opts = opts.disable_browser(true);
    }
    let outcome = session.login(&opts)?;
    let url = &session.target().start_url;
    let now = ctx.now();
    match outcome {
        LoginOutcome::AlreadyValid(at) => ctx.ui.status(format!(
            "Already logged in to {url} (token valid until {at}, {}); use --force to log in again.",
            relative(at, now)
        )),
        LoginOutcome::Refreshed(at) => ctx.ui.status(format!(
            "Refreshed the token for {url} (valid until {at}, {}).",
            relative(at, now)
        )),
        LoginOutcome::LoggedIn(at) => ctx.ui.status(format!(
            "Logged in to {url} (token valid until {at}, {}).",
            relative(at, now)
        )),
    }
    Ok(0)
}
