//! `awsso credential-process`: the `credential_process` JSON on stdout, nothing else.
//!
//! The hot path: on a cache hit this reads the config file and one cache file and prints;
//! no SDK client, TLS, async runtime or thread is created (see `sso::session`).

use crate::app::Context;
use crate::cli::CredentialProcessArgs;
use crate::sso::role_cache;
use crate::sso::session::{LoginOptions, RoleOptions};

/// Runs the command.
pub fn run(ctx: &Context, args: &CredentialProcessArgs) -> anyhow::Result<u8> {
    // No AWS_PROFILE default: the SDK that spawns us may have it set to the very profile whose
    // credential_process line this is.
    let target = ctx.resolve(&args.target, Some(&args.role), None)?;
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
    let mut json = role_cache::process_json(&creds);
    json.push('\n');
    ctx.ui.payload(&json)?;
    Ok(0)
}
