//! `awsso logout`: revoke and delete the token of one session (or all), and awsso's cached role
//! credentials for it.

use anyhow::Context as _;

use crate::cli::app::Context;
use crate::cli::args::LogoutArgs;
use crate::cli::report::EXIT_SERVICE;
use crate::sso::logout::{self, Revocation, TokenLogout};
use crate::sso::token_cache;

/// Runs the command. Exits with 5 when a token could not be revoked (the local files are
/// deleted anyway).
pub(crate) fn run(ctx: &Context, args: &LogoutArgs) -> anyhow::Result<u8> {
    let now = ctx.now();
    let world = ctx.world();
    let roles_dir = ctx.paths.role_cache();
    let mut outcomes = Vec::new();
    let mut odd = Vec::new();
    let roles = if args.all {
        // A FIFO, folder or link where tokens live is no token; say so rather than pass it by.
        odd = logout::odd_entries(&ctx.paths.sso_cache);
        for (path, kind, fix) in &odd {
            let what = if *path == ctx.paths.sso_cache {
                "where the token cache folder should be"
            } else {
                "not a token file"
            };
            ctx.ui.warn(format!(
                "{} is a {kind}, {what}; left as it is (remove it: {fix})",
                path.display()
            ));
        }
        for (path, _) in logout::token_files(&ctx.paths.sso_cache) {
            let out = logout::logout_token_file(&world, &path, None, now)
                .with_context(|| format!("cannot log out {}", path.display()))?;
            outcomes.push((
                out.start_url
                    .clone()
                    .unwrap_or_else(|| path.display().to_string()),
                out,
            ));
        }
        let sessions = crate::cli::cmd::login_session::logout_all(ctx)?;
        if sessions > 0 {
            ctx.ui.status(format!(
                "Deleted {sessions} `aws login` session file(s) from {}.",
                ctx.paths.login_cache.display()
            ));
        }
        logout::delete_roles(&roles_dir, |_| true)
            .context("cannot delete cached role credentials")?
    } else {
        let target = ctx.resolve(&args.target, None, ctx.env.profile.as_deref())?;
        if let Some(arn) = &target.login_session {
            return crate::cli::cmd::login_session::logout(ctx, arn);
        }
        let path = ctx
            .paths
            .token_file(&token_cache::sha1_hex(target.cache_key()));
        let out = logout::logout_token_file(&world, &path, Some(&target.sso_region), now)
            .with_context(|| format!("cannot log out of {}", target.start_url))?;
        outcomes.push((target.start_url.clone(), out));
        logout::delete_roles(&roles_dir, |k| logout::belongs_to(k, &target))
            .context("cannot delete cached role credentials")?
    };
    let mut failed = false;
    for (url, out) in &outcomes {
        failed |= matches!(out.revocation, Revocation::Failed(_));
        report(ctx, url, out);
    }
    let cache_is_odd = odd.iter().any(|(p, _, _)| *p == ctx.paths.sso_cache);
    if outcomes.iter().all(|(_, o)| !o.deleted) && roles == 0 && cache_is_odd {
        ctx.ui.status(format!(
            "No token deleted: {} is not a folder (see above).",
            ctx.paths.sso_cache.display()
        ));
    } else if outcomes.iter().all(|(_, o)| !o.deleted) && roles == 0 && !odd.is_empty() {
        ctx.ui.status(format!(
            "No token deleted: {} holds no token file, only the {} entr{} named above.",
            ctx.paths.sso_cache.display(),
            odd.len(),
            if odd.len() == 1 { "y" } else { "ies" }
        ));
    } else if outcomes.iter().all(|(_, o)| !o.deleted) && roles == 0 {
        ctx.ui.status("Not logged in; nothing to delete.");
    } else if roles > 0 {
        ctx.ui
            .status(format!("Deleted {roles} cached role credential file(s)."));
    }
    Ok(if failed { EXIT_SERVICE } else { 0 })
}

fn report(ctx: &Context, url: &str, out: &TokenLogout) {
    let file = out.path.display();
    match &out.revocation {
        Revocation::Revoked => ctx.ui.status(format!(
            "Logged out of {url}: token revoked, deleted {file}."
        )),
        Revocation::Expired => ctx.ui.status(format!(
            "Logged out of {url}: the token had expired, deleted {file}."
        )),
        Revocation::AlreadyInvalid => {
            ctx.ui.status(format!(
                "Logged out of {url}: the token was already invalid, deleted {file}."
            ));
        }
        Revocation::NoRegion => {
            ctx.ui.warn(format!(
                "{file} names no region, so the token was not revoked; deleted it"
            ));
        }
        Revocation::Failed(e) => {
            ctx.ui.warn(format!(
                "could not revoke the token for {url} ({e}); deleted {file}, but the token stays valid until it expires"
            ));
        }
        Revocation::NoToken if out.deleted => ctx
            .ui
            .status(format!("Deleted the unreadable token file {file}.")),
        Revocation::NoToken => ctx
            .ui
            .debug(|| format!("no token cached for {url} ({file})")),
    }
}
