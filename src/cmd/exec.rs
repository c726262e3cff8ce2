//! `awsso exec`: run a command with role credentials in its environment.

use anyhow::Context as _;

use crate::app::Context;
use crate::child::{self, ChildEnv};
use crate::cli::ExecArgs;
use crate::cmd::env::{credential_vars, region};
use crate::sso::session::{LoginOptions, RoleOptions};
use crate::sso::target::Selector;

/// Runs the command; returns the child's exit code.
pub fn run(ctx: &Context, args: &ExecArgs) -> anyhow::Result<u8> {
    if let Some(outer) = &ctx.env.awsso_profile
        && !args.force
    {
        return Err(child::ChildError::Nested(outer.clone()).into());
    }
    let target = ctx.resolve(&args.target, Some(&args.role), ctx.env.profile.as_deref())?;
    if ctx.env.aws_access_key_id_set && ctx.env.awsso_profile.is_none() {
        ctx.ui
            .warn("AWS_ACCESS_KEY_ID is already set; the command gets awsso's credentials instead");
    }
    let session = ctx.session(target);
    let (creds, source) = session.role_credentials(&RoleOptions {
        min_remaining: args.min_remaining,
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
    let vars = credential_vars(&creds, region(args.region.as_deref(), target));
    let env = ChildEnv::new(&vars, &marker);
    ctx.ui
        .debug(|| format!("running {:?} with {env:?}", args.command));
    child::run(&args.command, &env).context("cannot run the command")
}
