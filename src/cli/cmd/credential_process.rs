//! `awsso credential-process`: the `credential_process` JSON on stdout, nothing else.
//!
//! The hot path: on a cache hit this reads the config file and one cache file and prints;
//! no SDK client, TLS, async runtime or thread is created (see `sso::session`).

use crate::cli::app::Context;
use crate::cli::args::CredentialProcessArgs;
use crate::cli::report::UsageError;
use crate::sso::role_cache;
use crate::sso::session::{CredentialSource, LoginOptions, RoleOptions};
use crate::sso::target::TargetError;

/// With nothing selected while AWS_PROFILE is set, says why AWS_PROFILE is not used here.
fn explain_aws_profile(err: anyhow::Error, aws_profile: Option<&str>) -> anyhow::Error {
    let nothing = matches!(
        err.downcast_ref::<TargetError>(),
        Some(TargetError::NothingSelected)
    );
    match aws_profile {
        Some(profile) if nothing => UsageError {
            message: format!(
                "no SSO target selected: credential-process does not use AWS_PROFILE (here '{}')",
                profile.escape_debug()
            ),
            hint: "the SDKs run credential_process for the active profile, so AWS_PROFILE names the \
                   profile holding this very line, not the SSO profile to get credentials from; give \
                   the selection on the command line, e.g. \
                   credential_process = awsso credential-process --profile SSO_PROFILE"
                .to_owned(),
        }
        .into(),
        _ => err,
    }
}

/// Runs the command.
pub(crate) fn run(ctx: &Context, args: &CredentialProcessArgs) -> anyhow::Result<u8> {
    // No AWS_PROFILE default: the SDK that spawns us may have it set to the very profile whose
    // credential_process line this is.
    let target = ctx
        .resolve_unchecked(&args.target, Some(&args.role), None)
        .map_err(|e| explain_aws_profile(e, ctx.env.profile.as_deref()))?;
    let session = ctx.session(target);
    let (creds, source) = session.role_credentials(&RoleOptions {
        min_remaining: args.min_remaining,
        login: args.login.then(LoginOptions::default),
    })?;
    ctx.ui.debug(|| {
        format!(
            "serving credentials ({source:?}) valid until {}",
            creds.expiration
        )
    });
    // Off the cache hit (see `resolve_unchecked`): said whenever the service was asked.
    if source != CredentialSource::Cache {
        ctx.warn_untrusted_settings();
    }
    let account_id = session.target().role().ok().map(|(account, _)| account);
    let mut json = role_cache::process_json(&creds, account_id);
    json.push('\n');
    ctx.ui.payload(&json)?;
    Ok(0)
}
