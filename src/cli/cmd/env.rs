//! `awsso env`: role credentials as environment-variable assignments on stdout, nothing else.

use anyhow::Context as _;

use crate::cli::app::Context;
use crate::cli::args::{EnvArgs, EnvFormat};
use crate::cli::exports::{self, Syntax};
use crate::env::Env;
use crate::sso::role_cache::RoleCredentials;
use crate::sso::session::{LoginOptions, RoleOptions};
use crate::sso::target::SsoTarget;

/// Every variable `env` sets, in output order (and what `--unset` removes).
pub(crate) const VARIABLES: [&str; 7] = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_CREDENTIAL_EXPIRATION",
    "AWS_ACCOUNT_ID",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
];

/// The output syntax for a `--format` (without one: this platform's shell, see
/// [`Syntax::default_shell`]).
pub(crate) fn syntax(format: Option<EnvFormat>, env: &Env) -> Syntax {
    match format {
        None => Syntax::default_shell(cfg!(windows), env.msystem),
        Some(EnvFormat::Sh) => Syntax::Sh,
        Some(EnvFormat::Fish) => Syntax::Fish,
        Some(EnvFormat::Powershell) => Syntax::PowerShell,
        Some(EnvFormat::Cmd) => Syntax::Cmd,
        Some(EnvFormat::Json) => Syntax::Json,
        Some(EnvFormat::Dotenv) => Syntax::Dotenv,
    }
}

/// The variables for `creds` (and their account and `region`, when known), in [`VARIABLES`]
/// order. The secrets leave awsso here: the result is written to stdout or into a child's
/// environment. `AWS_ACCOUNT_ID` is what the SDKs use for account-based endpoints.
pub(crate) fn credential_vars(
    creds: &RoleCredentials,
    account_id: Option<&str>,
    region: Option<&str>,
) -> Vec<(&'static str, String)> {
    let mut vars = vec![
        ("AWS_ACCESS_KEY_ID", creds.access_key_id.clone()),
        (
            "AWS_SECRET_ACCESS_KEY",
            creds.secret_access_key.expose().clone(),
        ),
        ("AWS_SESSION_TOKEN", creds.session_token.expose().clone()),
        ("AWS_CREDENTIAL_EXPIRATION", creds.expiration.to_string()),
    ];
    if let Some(account_id) = account_id {
        vars.push(("AWS_ACCOUNT_ID", account_id.to_owned()));
    }
    if let Some(region) = region {
        vars.push(("AWS_REGION", region.to_owned()));
        vars.push(("AWS_DEFAULT_REGION", region.to_owned()));
    }
    vars
}

/// The region to export: the flag, else the profile's `region` (checked: an error naming
/// file:line when it is not a region name).
pub(crate) fn region<'a>(
    flag: Option<&'a str>,
    target: &'a SsoTarget,
) -> Result<Option<&'a str>, crate::sso::target::TargetError> {
    match flag.filter(|r| !r.is_empty()) {
        Some(flag) => Ok(Some(flag)),
        None => target.checked_region(),
    }
}

/// Runs the command.
pub(crate) fn run(ctx: &Context, args: &EnvArgs) -> anyhow::Result<u8> {
    let syntax = syntax(args.format, &ctx.env);
    let text = if args.unset {
        exports::render_unset(syntax, &VARIABLES)?
    } else {
        let target =
            ctx.resolve_here(&args.target, Some(&args.role), ctx.env.profile.as_deref())?;
        // Checked before any request.
        let region = region(args.region.as_deref(), &target)?.map(str::to_owned);
        let session = ctx.session(target);
        let (creds, source) = session.role_credentials(&RoleOptions {
            min_remaining: args.min_remaining,
            login: args.login.then(LoginOptions::default),
        })?;
        ctx.ui
            .debug(|| format!("credentials ({source:?}) valid until {}", creds.expiration));
        let account_id = session.target().account().ok();
        let vars = credential_vars(&creds, account_id, region.as_deref());
        let pairs: Vec<(&str, &str)> = vars.iter().map(|(n, v)| (*n, v.as_str())).collect();
        exports::render(syntax, &pairs)
            .with_context(|| format!("cannot write the credentials as {}", syntax.name()))?
    };
    ctx.ui.payload(&text).context("cannot write to stdout")?;
    Ok(0)
}
