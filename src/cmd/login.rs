//! `awsso login`: make sure a valid SSO token is cached for the selected session.

use crate::app::Context;
use crate::cli::LoginArgs;
use crate::sso::session::{LoginOptions, LoginOutcome, Session};
use crate::sso::target::Selection;
use crate::sso::timestamp::relative;

/// Runs the command.
pub fn run(ctx: &Context, args: &LoginArgs) -> anyhow::Result<u8> {
    let target = ctx.resolve(Selection {
        target: &args.target,
        role: None,
        default_profile: ctx.env.profile.as_deref(),
    })?;
    let session = Session::new(ctx, target);
    let opts = LoginOptions {
        device_code: args.use_device_code || args.no_browser,
        no_browser: args.no_browser,
        timeout: args.timeout,
    };
    let outcome = session.login(&opts, args.force)?;
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
