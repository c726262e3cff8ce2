//! `awsso write-default`: a role's temporary credentials as static keys in the credentials file.
//!
//! The role comes from `--role-arn`/`--account-id --role-name`, the selected profile, or (on a
//! terminal) a fuzzy chooser over the inventory. Credentials come from
//! [`Session::role_credentials`](crate::sso::session::Session::role_credentials), the same cache `credential-process` uses. Only these keys of
//! one section change; every other byte of the file stays:
//!
//! ```ini
//! [default]
//! aws_access_key_id = ASIA...
//! aws_secret_access_key = ...
//! aws_session_token = ...
//! x_security_token_expires = 2026-11-22T11:00:00Z
//! ```
//!
//! `x_security_token_expires` is the expiry key saml2aws writes and tools such as starship read
//! from the credentials file; AWS SDKs ignore it.

use anyhow::{Context as _, bail};

use crate::cli::app::Context;
use crate::cli::args::WriteDefaultArgs;
use crate::fsutil;
use crate::profile::{ConfigEditor, FileKind};
use crate::sso::inventory::InventoryRequest;
use crate::sso::session::{LoginOptions, RoleOptions};
use crate::sso::target::TargetError;
use crate::sso::timestamp::relative;

/// The expiry key written next to the credentials.
pub(crate) const EXPIRATION_KEY: &str = "x_security_token_expires";

/// Runs the command.
pub(crate) fn run(ctx: &Context, args: &WriteDefaultArgs) -> anyhow::Result<u8> {
    let mut target = ctx.resolve(&args.target, Some(&args.role), ctx.env.profile.as_deref())?;
    let login = args.login.then(LoginOptions::default);
    if target.login_session.is_none() && target.role().is_err() {
        if !ctx.ui.is_interactive() {
            return Err(TargetError::NoRole {
                what: "no role given (and no terminal for the interactive chooser): pass --role-arn or --account-id and --role-name"
                    .to_owned(),
            }
            .into());
        }
        let session = ctx.session(target.clone());
        let request = InventoryRequest {
            roles: true,
            login: login.clone(),
            ..InventoryRequest::default()
        };
        let inventory = crate::cli::cmd::list::collect(ctx, &session, &request, &mut |_| {})?;
        let choices: Vec<(String, String)> = inventory
            .roles()
            .map(|(a, r)| (a.id.clone(), r.to_owned()))
            .collect();
        let labels: Vec<String> = inventory
            .roles()
            .map(|(a, r)| {
                format!(
                    "{} ({}) {r}",
                    crate::cli::cmd::list::one_line(&a.name),
                    a.id
                )
            })
            .collect();
        if choices.is_empty() {
            bail!("no roles are assigned to you in {}", target.start_url);
        }
        let Some(index) = ctx
            .ui
            .choose("Account and role", &labels)
            .context("the chooser failed")?
        else {
            bail!("cancelled; nothing was written");
        };
        let (account, role) = choices[index].clone();
        target.account_id = Some(account);
        target.role_name = Some(role);
    }
    let session = ctx.session(target);
    let (creds, _) = session.role_credentials(&RoleOptions {
        min_remaining: args.min_remaining,
        login,
    })?;
    let (account, name) = session.target().principal()?;

    let path = &ctx.paths.credentials;
    let _lock = ctx.lock_for_edit(path)?;
    let old = crate::cli::app::read_user_text(path)?;
    crate::profile::write::check_faithful_as(path, &old, args.force, FileKind::Credentials)?;
    let mut editor = ConfigEditor::parse(&old, FileKind::Credentials);
    let expiration = creds.expiration.to_string();
    editor
        .upsert_profile(
            &args.target_profile,
            &[
                ("aws_access_key_id", creds.access_key_id.as_str()),
                (
                    "aws_secret_access_key",
                    creds.secret_access_key.expose().as_str(),
                ),
                ("aws_session_token", creds.session_token.expose().as_str()),
                (EXPIRATION_KEY, expiration.as_str()),
            ],
        )
        .with_context(|| {
            format!(
                "cannot write [{}] in {}",
                args.target_profile,
                path.display()
            )
        })?;
    let text = editor.render();
    // Written even when unchanged: the write is what makes a loose (0644) file 0600.
    {
        fsutil::atomic_write_mode(path, text.as_bytes(), fsutil::Mode::Secret)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let ui = &ctx.ui;
    ui.status(format!(
        "Wrote credentials for {} {name} in account {account} to [{}] in {}; they expire at {} ({}).",
        if session.target().login_session.is_some() { "principal" } else { "role" },
        args.target_profile,
        path.display(),
        creds.expiration,
        relative(creds.expiration, ctx.now())
    ));
    // Static keys shadow a config-file profile of the same name: say so only when there is one.
    let shadowed = ctx
        .profiles(false)
        .map(|set| set.profile(&args.target_profile).is_some())
        .unwrap_or(false);
    if shadowed {
        ui.warn(format!(
            "static keys in [{name}] of the credentials file take precedence over profile '{name}' in the config file \
             (credential_process, sso_*), and SDKs keep using them after they expire; run this command again to renew them",
            name = args.target_profile
        ));
    }
    Ok(0)
}
