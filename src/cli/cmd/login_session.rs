//! `awsso login` and `awsso logout` for `aws login` session profiles (`login_session`).
//!
//! `awsso login --profile P` signs in with the sign-in service when P has `login_session` or no
//! credential source at all (as `aws login --profile P` does), or when `--console-credentials`
//! asks for it (a new profile, as `aws login` makes one); the
//! browser flow is the same-device one (loopback redirect, `--callback-port` to forward it
//! over SSH), `--remote` the cross-device one (paste the code the browser shows). The cache
//! file is written by the core (`login_session::login`); the profile gets `login_session`
//! (and `region` when it had none) through the lossless config editor, every other byte kept.
//! `awsso logout --profile P` deletes the cache file: the service has no revocation, and
//! credentials already issued stay valid for up to 15 minutes.

use anyhow::{Context as _, bail};

use crate::cli::app::Context;
use crate::cli::args::LoginArgs;
use crate::cli::report::UsageError;
use crate::fsutil;
use crate::login_session::login::{self, Flow};
use crate::profile::{ConfigEditor, FileKind};
use crate::sso::session::LoginOptions;
use crate::sso::target::SsoTarget;
use crate::sso::timestamp::relative;

/// Keys `aws login` refuses to mix with `login_session` in the profile it writes: each names
/// another credential source the SDKs would use instead.
const OTHER_SOURCES: &[&str] = &[
    "sso_session",
    "sso_start_url",
    "sso_account_id",
    "sso_role_name",
    "role_arn",
    "credential_process",
    "aws_access_key_id",
    "web_identity_token_file",
];

/// Keys that make a profile an Identity Center or awsso one (never a console sign-in's).
const NOT_LOGIN: &[&str] = &[
    "sso_region",
    "awsso_session",
    "awsso_start_url",
    "awsso_sso_region",
    "source_profile",
    "credential_source",
];

/// Runs `awsso login` when it is for a login session; `Ok(None)` when it is an Identity
/// Center login.
pub(crate) fn login(ctx: &Context, args: &LoginArgs) -> anyhow::Result<Option<u8>> {
    if args.target.sso_session.is_some() || args.target.start_url.is_some() {
        return Ok(None);
    }
    let name = match (&args.target.profile, &ctx.env.profile) {
        (Some(p), _) | (None, Some(p)) => p.clone(),
        (None, None) if args.console_credentials => "default".to_owned(),
        (None, None) => return Ok(None),
    };
    let set = ctx.profiles(false)?;
    let profile = set.profile(&name);
    let existing = profile.and_then(|p| p.get("login_session")).map(str::trim);
    let is_login = existing.is_some()
        && profile.is_some_and(|p| OTHER_SOURCES.iter().all(|k| p.get(k).is_none()));
    // A profile with no credential source at all can only mean a console sign-in, as
    // `aws login --profile P` treats it.
    let no_source = profile.is_some_and(|p| {
        existing.is_none()
            && OTHER_SOURCES
                .iter()
                .chain(NOT_LOGIN)
                .all(|k| p.get(k).is_none())
    });
    if no_source && !args.console_credentials {
        ctx.ui.status(format!(
            "Profile '{name}' has no credential source; signing in with your AWS console credentials (aws login)."
        ));
    }
    if !args.console_credentials && !is_login && !no_source {
        if args.remote || args.region.is_some() {
            bail!(UsageError {
                message: format!(
                    "--remote and --region are for `aws login` sessions; profile '{name}' has no login_session"
                ),
                hint: format!(
                    "add --console-credentials to sign in with your console credentials: awsso login --profile {name} --console-credentials"
                ),
            });
        }
        return Ok(None);
    }
    if let Some(p) = profile
        && let Some(key) = OTHER_SOURCES.iter().find(|k| p.get(k).is_some())
    {
        bail!(UsageError {
            message: format!(
                "{}: profile '{name}' already gets credentials from {key}; a login_session there would be ignored or win depending on the SDK",
                p.location(Some(key))
            ),
            hint: "choose another --profile name for the console sign-in (or remove that key)"
                .to_owned(),
        });
    }
    let profile_region = profile.and_then(|p| p.get("region")).map(str::to_owned);
    let region = match args
        .region
        .clone()
        .or_else(|| ctx.env.region.clone())
        .or_else(|| profile_region.clone())
    {
        Some(r) => r,
        None if ctx.ui.is_interactive() => ctx
            .ui
            .ask("AWS region to sign in to", Some("us-east-1"))
            .context("cannot read the region")?,
        None => bail!(UsageError {
            message: format!("no region to sign in to for profile '{name}'"),
            hint: format!(
                "pass --region, e.g. awsso login --profile {name} --console-credentials --region us-east-1"
            ),
        }),
    };
    if let Err(e) = crate::ids::check_region(&region) {
        bail!(UsageError {
            message: e.to_string(),
            hint: "regions look like us-east-1 or eu-west-1".to_owned(),
        });
    }
    let session = ctx.session(SsoTarget::login_session(
        &name,
        existing.unwrap_or_default(),
        Some(&region),
    ));
    let now = ctx.now();
    if let Some(arn) = existing.filter(|_| !args.force && is_login)
        && let Ok(token) = crate::login_session::read_token(&session, arn)
        && !crate::login_session::needs_refresh(&token, now, crate::login_session::REFRESH_WINDOW)
    {
        let at = token.credentials.expiration;
        ctx.ui.status(format!(
            "Already logged in as {arn} (credentials valid until {at}, {}); use --force to log in again.",
            relative(at, now)
        ));
        return Ok(Some(0));
    }
    let opts = LoginOptions::default().timeout(args.timeout);
    let read_code =
        || -> std::io::Result<String> { ctx.ui.ask("Paste the code the sign-in page shows", None) };
    let flow = if args.remote {
        if !ctx.ui.is_interactive() {
            bail!(UsageError {
                message: "--remote needs a terminal to paste the code into".to_owned(),
                hint: "run it in an interactive terminal".to_owned(),
            });
        }
        Flow::CrossDevice {
            read_code: &read_code,
        }
    } else {
        let callback_port = args.callback_port.or_else(|| {
            profile
                .and_then(|p| p.get("awsso_callback_port"))
                .and_then(|v| v.trim().parse().ok())
        });
        Flow::SameDevice {
            callback_port,
            open_browser: !args.no_browser && crate::sso::login::browser_usable(&ctx.env, None),
        }
    };
    let done = login::login(&session, &region, &flow, &opts)?;
    if let Some(old) = existing.filter(|old| *old != done.principal) {
        ctx.ui.warn(format!(
            "profile '{name}' was signed in as {old}; it now uses {}",
            done.principal
        ));
    }
    // The profile: login_session, and the region when it had none.
    let path = &ctx.paths.config;
    let _lock = ctx.lock_for_edit(path)?;
    let old = crate::cli::app::read_user_text(path)?;
    crate::profile::write::check_faithful(path, &old, false)?;
    let mut entries = vec![("login_session", done.principal.as_str())];
    if profile_region.is_none() {
        entries.push(("region", region.as_str()));
    }
    let mut editor = ConfigEditor::parse(&old, FileKind::Config);
    editor
        .upsert_profile(&name, &entries)
        .with_context(|| format!("cannot write [profile {name}] in {}", path.display()))?;
    let text = editor.render();
    if text != old {
        fsutil::atomic_write(path, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let at = done.token.credentials.expiration;
    ctx.ui.status(format!(
        "Logged in as {} (account {}); credentials valid until {at} ({}), refreshed automatically for the rest of the console session.",
        done.principal,
        done.token.account_id,
        relative(at, ctx.now())
    ));
    ctx.ui
        .debug(|| format!("cached in {}", done.path.display()));
    Ok(Some(0))
}

/// `awsso logout` for the login session `arn`: deletes its cache file.
pub(crate) fn logout(ctx: &Context, arn: &str) -> anyhow::Result<u8> {
    let path = ctx
        .paths
        .login_cache
        .join(crate::login_session::cache::file_name(arn));
    match std::fs::remove_file(&path) {
        Ok(()) => ctx.ui.status(format!(
            "Logged out of {arn}: deleted {}. Credentials already issued stay valid for up to 15 minutes (the sign-in service has no revocation).",
            path.display()
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            ctx.ui.status(format!("Not logged in as {arn}; nothing to delete."));
        }
        Err(e) => return Err(e).with_context(|| format!("cannot delete {}", path.display())),
    }
    Ok(0)
}

/// `awsso logout --all`: deletes every login session cache file (a JSON file whose
/// `accessToken` has an `accessKeyId`, as `aws logout --all` does); returns how many.
pub(crate) fn logout_all(ctx: &Context) -> anyhow::Result<usize> {
    let dir = &ctx.paths.login_cache;
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e).with_context(|| format!("cannot list {}", dir.display())),
    };
    let mut deleted = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let is_session = fsutil::read_private(&path)
            .ok()
            .flatten()
            .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
            .is_some_and(|v| v["accessToken"]["accessKeyId"].is_string());
        if is_session {
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot delete {}", path.display()))?;
            deleted += 1;
        }
    }
    Ok(deleted)
}
