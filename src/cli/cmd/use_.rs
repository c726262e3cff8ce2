//! `awsso use`: switch the current shell to a profile or role. Prints the shell code that the
//! function from `awsso shell-init` evaluates: assignments (quoted by [`crate::cli::exports`])
//! and removals. Nothing else reaches stdout; the picker and messages are on stderr.
//!
//! ```text
//! awsso use QUERY      a profile name, or the one candidate containing QUERY; else the picker
//! awsso use            the folder file (.awsso.toml), else the picker
//! awsso use -          AWSSO_USE_PREVIOUS (the choice before this one)
//! awsso use --clear    removes every variable below
//! ```
//!
//! Variables: the credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
//! AWS_CREDENTIAL_EXPIRATION, AWS_ACCOUNT_ID) or, with --profile-only, AWS_PROFILE; AWS_REGION and
//! AWS_DEFAULT_REGION when the region is known (removed when it is not and an earlier `use`
//! may have set them); AWSSO_USE (the choice, for `awsso prompt` and
//! the next `use`) and AWSSO_USE_PREVIOUS. Credentials mode removes AWS_PROFILE and
//! AWS_DEFAULT_PROFILE (the keys are what SDKs should use, as in `awsso exec`); profile mode
//! removes the credential variables (they would beat the profile). A profile that is not an
//! SSO profile (static keys, assume-role) can only be used as AWS_PROFILE.

use anyhow::{Context as _, bail};

use crate::cli::app::Context;
use crate::cli::args::{RoleArgs, TargetArgs, UseArgs, UseShell};
use crate::cli::choice::{self, Candidate, Choice, Chosen, Selection};
use crate::cli::exports::{self, Syntax};
use crate::cli::report::UsageError;
use crate::sso::inventory::InventoryRequest;
use crate::sso::session::{LoginOptions, RoleOptions};
use crate::sso::target::{SsoTarget, TargetError};

/// The credential variables.
const CREDENTIALS: [&str; 5] = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_CREDENTIAL_EXPIRATION",
    "AWS_ACCOUNT_ID",
];

/// Every variable `use` sets (what `--clear` removes).
pub(crate) const VARIABLES: [&str; 11] = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_CREDENTIAL_EXPIRATION",
    "AWS_ACCOUNT_ID",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWSSO_USE",
    "AWSSO_USE_PREVIOUS",
];

/// The syntax of the code for `shell`.
pub(crate) fn syntax(shell: UseShell) -> Syntax {
    match shell {
        UseShell::Bash | UseShell::Zsh => Syntax::Sh,
        UseShell::Fish => Syntax::Fish,
        UseShell::Powershell => Syntax::PowerShell,
    }
}

/// Runs the command.
pub(crate) fn run(ctx: &Context, args: &UseArgs) -> anyhow::Result<u8> {
    let Some(shell) = args.shell else {
        return Err(UsageError {
            message: "`awsso use` changes the current shell, which only the shell function from `awsso shell-init` can do".to_owned(),
            hint: "add `eval \"$(awsso shell-init bash)\"` to ~/.bashrc (zsh: `eval \"$(awsso shell-init zsh)\"`, fish: `awsso shell-init fish | source`), open a new shell, and run `awsso use` again".to_owned(),
        }
        .into());
    };
    let syntax = syntax(shell);
    if args.clear {
        let text = exports::render_unset(syntax, &VARIABLES)?;
        ctx.ui.payload(&text).context("cannot write to stdout")?;
        ctx.ui.status("cleared the variables awsso use had set");
        return Ok(0);
    }
    let mut choice = match args.query.as_deref() {
        Some("-") => {
            let previous = ctx.env.use_previous.as_deref().and_then(Choice::decode);
            previous.ok_or_else(|| UsageError {
                message: "there is no previous choice in this shell".to_owned(),
                hint: "run `awsso use` to choose one".to_owned(),
            })?
        }
        Some(query) => by_query(ctx, query, args.login)?,
        None => match from_folder(ctx)? {
            Some(choice) => choice,
            None => by_query(ctx, "", args.login)?,
        },
    };
    if let Some(region) = &args.region {
        choice.region = Some(region.clone());
    }
    let text = apply(ctx, &choice, args, syntax)?;
    ctx.ui.payload(&text).context("cannot write to stdout")?;
    if let Err(e) = choice::remember(&ctx.paths.recent_choices(), &choice) {
        ctx.ui
            .debug(|| format!("cannot remember the choice in the recent list: {e}"));
    }
    Ok(0)
}

/// The folder file's choice, if there is one (said on stderr).
fn from_folder(ctx: &Context) -> anyhow::Result<Option<Choice>> {
    let cwd = crate::env::Env::current_dir().context("cannot read the current folder")?;
    let Some((path, found)) = crate::cli::folder_file::find(&cwd)? else {
        return Ok(None);
    };
    ctx.ui.status(format!(
        "using {} from {}",
        found.describe(),
        path.display()
    ));
    let chosen = match (found.profile, found.sso_session) {
        (Some(profile), _) => Chosen::Profile(profile),
        (None, Some(session)) => Chosen::Role {
            session,
            // The parse checked that a session comes with both.
            account_id: found.account_id.unwrap_or_default(),
            account_name: None,
            role_name: found.role_name.unwrap_or_default(),
        },
        (None, None) => return Ok(None),
    };
    Ok(Some(Choice {
        chosen,
        region: found.region,
    }))
}

/// The configured profiles as candidates, in config order.
fn profile_candidates(ctx: &Context) -> anyhow::Result<(Vec<Candidate>, Vec<String>)> {
    let set = ctx.profiles(false)?;
    let mut out = Vec::new();
    for name in set.profile_names() {
        let Some(p) = set.profile(name) else { continue };
        let session = p.get("sso_session").or(p.get("sso_start_url"));
        let sso = session.map(|s| (s, p.get("sso_account_id"), p.get("sso_role_name")));
        out.push(Candidate::profile(name, sso));
    }
    let sessions = set
        .sso_session_names()
        .into_iter()
        .map(str::to_owned)
        .collect();
    Ok((out, sessions))
}

/// Every account and role of every `[sso-session]` with a usable token. A session that needs
/// a login is left out with a note (or logged in, with `login`).
fn role_candidates(ctx: &Context, sessions: &[String], login: bool) -> Vec<Candidate> {
    let mut out = Vec::new();
    for name in sessions {
        let args = TargetArgs {
            sso_session: Some(name.clone()),
            ..TargetArgs::default()
        };
        let target = match ctx.resolve(&args, None, None) {
            Ok(t) => t,
            Err(e) => {
                ctx.ui.warn(format!("left out sso-session {name}: {e:#}"));
                continue;
            }
        };
        let session = ctx.session(target);
        let request = InventoryRequest {
            roles: true,
            login: login.then(LoginOptions::default),
            ..InventoryRequest::default()
        };
        match crate::cli::cmd::list::collect(ctx, &session, &request, &mut |_| {}) {
            Ok(inventory) => out.extend(inventory.roles().map(|(a, r)| {
                Candidate::role(name, &a.id, &crate::cli::cmd::list::one_line(&a.name), r)
            })),
            Err(e) => ctx.ui.warn(format!(
                "left out the roles of sso-session {name}: {e:#} (log in with `awsso login --sso-session {name}`, or pass --login)"
            )),
        }
    }
    out
}

/// The choice `query` selects: an exact profile name at once (no network); else among every
/// profile and role, with the picker when the query is empty or ambiguous.
fn by_query(ctx: &Context, query: &str, login: bool) -> anyhow::Result<Choice> {
    let (profiles, sessions) = profile_candidates(ctx)?;
    if let Some(p) = profiles.iter().find(|c| c.names.iter().any(|n| n == query)) {
        return Ok(p.choice.clone());
    }
    let roles = role_candidates(ctx, &sessions, login);
    let recent = choice::read_recent(&ctx.paths.recent_choices());
    let candidates = choice::order(profiles, roles, &recent);
    if candidates.is_empty() {
        bail!(UsageError {
            message: "there is nothing to choose from: no profiles in the config file and no roles from a logged-in sso-session".to_owned(),
            hint: "run `awsso configure`, or `awsso login --sso-session NAME`".to_owned(),
        });
    }
    let matching = if query.is_empty() {
        (0..candidates.len()).collect()
    } else {
        match choice::select(&candidates, query) {
            Selection::One(i) => return Ok(candidates[i].choice.clone()),
            Selection::Ambiguous(found) => found,
        }
    };
    if !ctx.ui.is_interactive() {
        let listed: Vec<&Candidate> = if matching.is_empty() {
            candidates.iter().collect()
        } else {
            matching.iter().map(|&i| &candidates[i]).collect()
        };
        let mut message = if query.is_empty() {
            "no query and no terminal for the picker; the candidates are:".to_owned()
        } else if matching.is_empty() {
            format!("nothing matches '{query}'; the candidates are:")
        } else {
            format!(
                "'{query}' matches {} profiles and roles (and there is no terminal for the picker):",
                matching.len()
            )
        };
        for c in listed.iter().take(50) {
            message.push_str(&format!("\n  {}", c.text));
        }
        if listed.len() > 50 {
            message.push_str(&format!("\n  ... and {} more", listed.len() - 50));
        }
        bail!(UsageError {
            message,
            hint: "pass a profile name or more of a name: `awsso use NAME`".to_owned(),
        });
    }
    let items: Vec<String> = candidates.iter().map(|c| c.text.clone()).collect();
    let picked = ctx
        .ui
        .pick("awsso use", &items, query)
        .context("the picker failed")?;
    match picked {
        Some(i) => Ok(candidates[i].choice.clone()),
        None => bail!(Cancelled),
    }
}

/// The picker was left with Esc or Ctrl-C: nothing changes.
#[derive(Debug, thiserror::Error)]
#[error("cancelled; nothing changed")]
pub(crate) struct Cancelled;

/// The target a choice selects.
fn resolve(ctx: &Context, choice: &Choice) -> anyhow::Result<SsoTarget> {
    let (target, role) = match &choice.chosen {
        Chosen::Profile(name) => (
            TargetArgs {
                profile: Some(name.clone()),
                ..TargetArgs::default()
            },
            RoleArgs::default(),
        ),
        Chosen::Role {
            session,
            account_id,
            role_name,
            ..
        } => (
            TargetArgs {
                sso_session: Some(session.clone()),
                ..TargetArgs::default()
            },
            RoleArgs {
                account_id: Some(account_id.clone()),
                role_name: Some(role_name.clone()),
                role_arn: None,
            },
        ),
    };
    ctx.resolve(&target, Some(&role), None)
}

/// The shell code that switches to `choice`.
fn apply(ctx: &Context, choice: &Choice, args: &UseArgs, syntax: Syntax) -> anyhow::Result<String> {
    let mut profile_only = args.profile_only && !args.credentials;
    let target = match resolve(ctx, choice) {
        Ok(t) => Some(t),
        Err(e) => match (&choice.chosen, e.downcast_ref::<TargetError>()) {
            // Static keys, assume-role or credential_process profiles: the SDKs can use
            // them by name only.
            (Chosen::Profile(_), Some(TargetError::NotSso { .. })) => {
                profile_only = true;
                None
            }
            _ => return Err(e),
        },
    };
    // The profile's own region is not part of the choice: `use -` reads the profile again.
    // It becomes a host name for every SDK in the shell: a region name, checked (the
    // folder file's and --region are checked where they are read, the profile's here).
    let region = match choice.region.clone().filter(|r| !r.is_empty()) {
        Some(region) => {
            crate::ids::check_region(&region)?;
            Some(region)
        }
        None => match &target {
            Some(t) => t.checked_region()?.map(str::to_owned),
            None => None,
        },
    };
    let profile = match &choice.chosen {
        Chosen::Profile(name) if profile_only => Some(name.clone()),
        Chosen::Profile(_) => None,
        Chosen::Role { .. } => {
            if profile_only {
                ctx.ui.warn(format!(
                    "{} has no profile, so the shell gets its credentials (write profiles with `awsso discover`)",
                    choice.label()
                ));
            }
            None
        }
    };
    let profile_only = profile.is_some();
    let mut set: Vec<(&str, String)> = Vec::new();
    let mut remove: Vec<&str> = Vec::new();
    let mut expires = None;
    if let Some(name) = profile {
        set.push(("AWS_PROFILE", name));
        remove.extend(CREDENTIALS);
        remove.push("AWS_DEFAULT_PROFILE");
    } else {
        let target = target.context("no SSO target")?;
        let session = ctx.session(target);
        let (creds, source) = session.role_credentials(&RoleOptions {
            min_remaining: std::time::Duration::from_secs(15 * 60),
            login: args.login.then(LoginOptions::default),
        })?;
        ctx.ui
            .debug(|| format!("credentials ({source:?}) valid until {}", creds.expiration));
        expires = Some(creds.expiration);
        set.extend(crate::cli::cmd::env::credential_vars(
            &creds,
            session.target().account().ok(),
            None,
        ));
        remove.extend(["AWS_PROFILE", "AWS_DEFAULT_PROFILE"]);
    }
    match &region {
        Some(region) => {
            set.push(("AWS_REGION", region.clone()));
            set.push(("AWS_DEFAULT_REGION", region.clone()));
        }
        // The region of the previous choice would be wrong for this one.
        None if ctx.env.use_current.is_some() => {
            remove.extend(["AWS_REGION", "AWS_DEFAULT_REGION"]);
        }
        None => {}
    }
    set.push(("AWSSO_USE", choice.encode()));
    let current = ctx.env.use_current.as_deref().and_then(Choice::decode);
    match &ctx.env.use_current {
        Some(current) => set.push(("AWSSO_USE_PREVIOUS", current.clone())),
        None => remove.push("AWSSO_USE_PREVIOUS"),
    }
    let pairs: Vec<(&str, &str)> = set.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let mut text = exports::render_unset(syntax, &remove)?;
    text.push_str(
        &exports::render(syntax, &pairs)
            .with_context(|| format!("cannot write the variables as {}", syntax.name()))?,
    );
    let what = if profile_only {
        format!("AWS_PROFILE={}", choice.label())
    } else {
        match expires {
            Some(e) => format!(
                "{} (credentials until {e}, {})",
                choice.label(),
                crate::sso::timestamp::relative(e, ctx.now())
            ),
            None => choice.label(),
        }
    };
    let region = region
        .as_deref()
        .map(|r| format!(" in {r}"))
        .unwrap_or_default();
    let from = current
        .filter(|c| !c.same_target(choice))
        .map(|c| format!(" (was {})", c.label()))
        .unwrap_or_default();
    ctx.ui.status(format!("now using {what}{region}{from}"));
    Ok(text)
}
