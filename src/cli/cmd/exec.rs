//! `awsso exec`: run a command with role credentials in its environment, as static keys or
//! (`--server`) as a credentials endpoint that outlives the role session.

use std::sync::Arc;

use anyhow::Context as _;

use crate::cli::app::Context;
use crate::cli::args::ExecArgs;
use crate::cli::child::{self, ChildEnv};
use crate::cli::cmd::env::{credential_vars, region};
use crate::sso::serve::{self, ServeOptions, Server};
use crate::sso::session::{LoginOptions, RoleOptions};
use crate::sso::target::Selector;

/// Variables that would beat the endpoint in an SDK's credential chain (static keys, another
/// endpoint, a token file), removed from the child's environment with `--server`.
pub(crate) const SHADOWING: [&str; 6] = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_CREDENTIAL_EXPIRATION",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
];

/// Runs the command; returns the child's exit code.
pub(crate) fn run(ctx: &Context, args: &ExecArgs) -> anyhow::Result<u32> {
    if let Some(outer) = &ctx.env.awsso_profile
        && !args.force
    {
        return Err(child::ChildError::Nested(outer.clone()).into());
    }
    let target = ctx.resolve_here(&args.target, Some(&args.role), ctx.env.profile.as_deref())?;
    if ctx.env.aws_access_key_id_set && ctx.env.awsso_profile.is_none() {
        ctx.ui
            .warn("AWS_ACCESS_KEY_ID is already set; the command gets awsso's credentials instead");
    }
    // Checked before any request.
    let region = region(args.region.as_deref(), &target)?.map(str::to_owned);
    let session = Arc::new(ctx.session(target));
    // Fetched (or logged in) before the command starts, so a missing login fails here with
    // its hint rather than inside the command.
    let min_remaining = if args.server {
        args.min_remaining.max(serve::REFRESH_AHEAD)
    } else {
        args.min_remaining
    };
    let (creds, source) = session.role_credentials(&RoleOptions {
        min_remaining,
        login: args.login.then(LoginOptions::default),
    })?;
    ctx.ui
        .debug(|| format!("credentials ({source:?}) valid until {}", creds.expiration));
    let target = session.target();
    let marker = match &target.selector {
        Selector::Profile(p) => p.clone(),
        _ => {
            let (account, role) = target.role()?;
            format!("{account}/{role}")
        }
    };
    let account_id = target.account().ok().map(str::to_owned);
    if !args.server {
        let vars = credential_vars(&creds, account_id.as_deref(), region.as_deref());
        let env = ChildEnv::new(&vars, &marker);
        ctx.ui
            .debug(|| format!("running {:?} with {env:?}", args.command));
        return child::run(&args.command, &env, ctx.env.path.as_deref())
            .context("cannot run the command");
    }
    let server = Server::start(
        Arc::clone(&session),
        ServeOptions {
            login: args.login.then(LoginOptions::default),
            initial: Some(creds),
            ..ServeOptions::default()
        },
    )
    .context("cannot start the credentials endpoint")?;
    ctx.ui
        .debug(|| format!("credentials endpoint on {}", server.url()));
    let mut vars = endpoint_vars(
        &server.url(),
        server.token().expose(),
        None,
        region.as_deref(),
    );
    // The endpoint's answers carry AccountId too; the variable serves tools that read only it.
    if let Some(account_id) = account_id {
        vars.push(("AWS_ACCOUNT_ID", account_id));
    }
    let mut env = ChildEnv::new(&vars, &marker);
    env.remove.extend(SHADOWING);
    ctx.ui
        .debug(|| format!("running {:?} with {env:?}", args.command));
    let code =
        child::run(&args.command, &env, ctx.env.path.as_deref()).context("cannot run the command");
    drop(server);
    code
}

/// The variables that point an SDK at a credentials endpoint: the URL, the token (or the file
/// holding it), and the region variables when a region is known. The token leaves awsso here.
pub(crate) fn endpoint_vars(
    url: &str,
    token: &str,
    token_file: Option<&std::path::Path>,
    region: Option<&str>,
) -> Vec<(&'static str, String)> {
    let mut vars = vec![("AWS_CONTAINER_CREDENTIALS_FULL_URI", url.to_owned())];
    match token_file {
        Some(path) => vars.push((
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
            path.display().to_string(),
        )),
        None => vars.push(("AWS_CONTAINER_AUTHORIZATION_TOKEN", token.to_owned())),
    }
    if let Some(region) = region {
        vars.push(("AWS_REGION", region.to_owned()));
        vars.push(("AWS_DEFAULT_REGION", region.to_owned()));
    }
    vars
}
