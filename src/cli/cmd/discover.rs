//! `awsso discover`: one generated profile per reachable role, written into the config file.
//!
//! Flags → [`ProfileOptions`]; the inventory (paced, see `sso::inventory`) → the roles; the
//! library's [`crate::discover`] plan → the new text; then either a unified diff (`--dry-run`),
//! nothing (the text is unchanged: the file is not even rewritten), or the plan's write (under
//! the edit lock, refused when the file changed meanwhile).

use crate::cli::report::EXIT_FAILURE;
use crate::escape::for_terminal;
use crate::ids;
use std::path::Path;

use anyhow::{Context as _, anyhow};

use crate::cli::app::Context;
use crate::cli::args::{DiscoverArgs, DiscoverMode, OutputFormat};
use crate::discover::{PlannedProfile, ProfileAction as Action, ProfileOptions, ProfilePlan};
use crate::profile::generate::{RoleRef, Source, Template};
use crate::sso::inventory::InventoryRequest;
use crate::sso::pacing::Pacing;
use crate::sso::session::LoginOptions;
use crate::sso::target::SsoTarget;

/// The `--output json` document.
#[derive(Debug, serde::Serialize)]
struct Report<'a> {
    config: String,
    dry_run: bool,
    changed: bool,
    profiles: &'a [PlannedProfile],
}

/// A discover run, resolved from the flags (or built by `configure`).
#[derive(Debug)]
pub(crate) struct DiscoverRequest {
    /// The instance.
    pub target: SsoTarget,
    /// The profiles' shape; its region is the target's profile region when not given.
    pub options: ProfileOptions,
    /// The inventory's pacing.
    pub pacing: Pacing,
    /// Log in when no token is usable.
    pub login: bool,
    /// Show the diff (or the JSON report) instead of writing.
    pub dry_run: bool,
    /// `--output json`.
    pub json: bool,
    /// Skipped roles make the run fail (exit 1).
    pub strict: bool,
}

/// The path of this executable, for `credential_process` lines.
pub(crate) fn this_program() -> anyhow::Result<String> {
    let program = std::env::current_exe().context("cannot find the path of the awsso binary")?;
    let text = program.to_str().ok_or_else(|| {
        anyhow!(
            "the path of the awsso binary is not UTF-8: {}",
            program.display()
        )
    })?;
    Ok(text.to_owned())
}

/// Runs the command.
pub(crate) fn run(ctx: &Context, args: &DiscoverArgs) -> anyhow::Result<u8> {
    // Everything that can be checked offline is checked before the first request.
    Template::parse(&args.name_template)?;
    let target = ctx.resolve(&args.target, None, ctx.env.profile.as_deref())?;
    let mut options = ProfileOptions::default()
        .name_template(args.name_template.clone())
        .force(args.force)
        .prune(args.prune);
    if args.mode == DiscoverMode::Process {
        options = options.credential_process(this_program()?, args.login);
    }
    if let Some(region) = &args.region {
        options = options.region(region.clone());
    }
    discover(
        ctx,
        DiscoverRequest {
            target,
            options,
            pacing: crate::cli::cmd::list::pacing(&args.pacing),
            login: args.login,
            dry_run: args.dry_run,
            json: args.output == Some(OutputFormat::Json),
            strict: args.strict,
        },
    )
}

/// Lists the roles and plans, shows or writes their profiles.
pub(crate) fn discover(ctx: &Context, req: DiscoverRequest) -> anyhow::Result<u8> {
    let DiscoverRequest {
        target,
        mut options,
        pacing,
        login,
        dry_run,
        json,
        strict,
    } = req;
    if options.region.is_none()
        && let Some(region) = target.checked_region()?
    {
        options = options.region(region.to_owned());
    }
    let source = Source::of(&target);
    let session = ctx.session(target);

    let request = InventoryRequest {
        roles: true,
        account_ids: None,
        pacing,
        login: login.then(LoginOptions::default),
        stop: None,
    };
    let inventory = crate::cli::cmd::list::collect(ctx, &session, &request, &mut |_| {})?;
    // A name the service should never send (a newline, ` #`, a control character) must not
    // reach the config file, nor stop the other profiles from being written.
    let mut skipped = 0_usize;
    let roles: Vec<RoleRef> = inventory
        .roles()
        .filter_map(|(account, role)| {
            if let Err(e) = ids::check_account_id(&account.id).and(ids::check_role_name(role)) {
                ctx.ui.warn(format!(
                    "skipped a role of account {} ({}): {e}",
                    for_terminal(&account.id),
                    for_terminal(&account.name)
                ));
                skipped += 1;
                return None;
            }
            Some(RoleRef {
                account_id: account.id.clone(),
                account_name: account.name.clone(),
                role_name: role.to_owned(),
            })
        })
        .collect();
    ctx.ui.status(format!(
        "Found {} roles in {} accounts ({} requests, {} retried).",
        roles.len(),
        inventory.accounts.len(),
        inventory.stats.requests,
        inventory.stats.retries
    ));

    let path = &ctx.paths.config;
    let mut plan = crate::discover::plan(&ctx.paths, path, &source, &roles, &options, None)?;
    let mut changed = plan.changes_file();

    if dry_run && !json {
        let diff = similar::TextDiff::from_lines(plan.old_text(), plan.new_text())
            .unified_diff()
            .context_radius(3)
            .header(&path.display().to_string(), &path.display().to_string())
            .to_string();
        // Shown to a person: the old file's lines may hold anything.
        let diff: String = diff
            .split_inclusive('\n')
            .map(|line| match line.strip_suffix('\n') {
                Some(l) => format!("{}\n", for_terminal(l)),
                None => for_terminal(line).into_owned(),
            })
            .collect();
        ctx.ui.payload(&diff).context("cannot write to stdout")?;
    } else if changed && !dry_run {
        changed = plan.write()?;
    }
    report(ctx, json, dry_run, path, &plan, changed)?;
    if skipped > 0 {
        if strict {
            ctx.ui.hint(format!(
                "{skipped} role(s) were skipped (see the warnings above); exiting 1 as --strict asks"
            ));
            return Ok(EXIT_FAILURE);
        }
        ctx.ui
            .hint("--strict makes skipped roles an error (exit 1) for scripts");
    }
    Ok(0)
}

fn report(
    ctx: &Context,
    json: bool,
    dry_run: bool,
    path: &Path,
    plan: &ProfilePlan,
    changed: bool,
) -> anyhow::Result<()> {
    let ui = &ctx.ui;
    if json {
        let mut json = serde_json::to_string_pretty(&Report {
            config: path.display().to_string(),
            dry_run,
            changed,
            profiles: plan.profiles(),
        })
        .context("cannot serialise the report")?;
        json.push('\n');
        ui.payload(&json).context("cannot write to stdout")?;
    }
    for e in plan
        .profiles()
        .iter()
        .filter(|e| e.action == Action::Skipped)
    {
        ui.warn(format!(
            "profile '{}' exists and was not written by awsso for this session; left alone (account {}, role {})",
            for_terminal(&e.name), for_terminal(&e.account_id), for_terminal(&e.role_name)
        ));
    }
    if plan.count(Action::Skipped) > 0 {
        ui.hint(
            "use --force to take those profiles over, or --name-template to choose other names",
        );
    }
    let stale = plan.count(Action::Stale);
    if stale > 0 {
        ui.hint(format!(
            "{stale} awsso profile(s) no longer match a role; --prune removes them"
        ));
    }
    let verb = if dry_run { "Would write" } else { "Wrote" };
    let summary = format!(
        "{} created, {} updated, {} unchanged, {} skipped, {} removed",
        plan.count(Action::Created),
        plan.count(Action::Updated),
        plan.count(Action::Unchanged),
        plan.count(Action::Skipped),
        plan.count(Action::Removed),
    );
    if changed {
        ui.status(format!("{verb} {}: {summary}.", path.display()));
    } else {
        ui.status(format!("{} is up to date: {summary}.", path.display()));
    }
    Ok(())
}
