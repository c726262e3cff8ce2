//! `awsso discover`: one generated profile per reachable role, written into the config file.
//!
//! Flags → a [`generate::GenerationRequest`]; the inventory (paced, see `sso::inventory`) → the roles;
//! [`generate::plan`] → the new text; then either a unified diff (`--dry-run`), nothing (the
//! text is unchanged: the file is not even rewritten), or one [`fsutil::atomic_write`]. The
//! read-modify-write runs under a lock so two concurrent runs cannot lose each other's edits.

use crate::cli::report::EXIT_FAILURE;
use crate::escape::for_terminal;
use crate::ids;
use std::path::Path;

use anyhow::{Context as _, anyhow};

use crate::cli::app::Context;
use crate::cli::args::{DiscoverArgs, DiscoverMode, OutputFormat};
use crate::fsutil;
use crate::profile::generate::{self, Action, Mode, Plan, RoleRef, Source, Template};
use crate::sso::inventory::InventoryRequest;
use crate::sso::session::LoginOptions;
use crate::sso::target::SsoTarget;

/// The `--output json` document.
#[derive(Debug, serde::Serialize)]
struct Report<'a> {
    config: String,
    dry_run: bool,
    changed: bool,
    profiles: &'a [generate::Entry],
}

/// The generation source for a resolved target.
pub(crate) fn source(target: &SsoTarget) -> Source {
    match &target.session {
        Some(name) => Source::Session {
            name: name.clone(),
            start_url: target.start_url.clone(),
            sso_region: target.sso_region.clone(),
        },
        None => Source::Legacy {
            start_url: target.start_url.clone(),
            sso_region: target.sso_region.clone(),
        },
    }
}

/// Runs the command.
pub(crate) fn run(ctx: &Context, args: &DiscoverArgs) -> anyhow::Result<u8> {
    // Everything that can be checked offline is checked before the first request.
    let template = Template::parse(&args.name_template)?;
    let target = ctx.resolve(&args.target, None, ctx.env.profile.as_deref())?;
    let program = std::env::current_exe().context("cannot find the path of the awsso binary")?;
    let program = program
        .to_str()
        .ok_or_else(|| {
            anyhow!(
                "the path of the awsso binary is not UTF-8: {}",
                program.display()
            )
        })?
        .to_owned();
    let region = args.region.clone().or_else(|| target.region.clone());
    let source = source(&target);
    let session = ctx.session(target);

    let request = InventoryRequest {
        roles: true,
        account_ids: None,
        pacing: crate::cli::cmd::list::pacing(&args.pacing),
        login: args.login.then(LoginOptions::default),
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

    let gen_request = generate::GenerationRequest {
        source: &source,
        mode: match args.mode {
            DiscoverMode::Process => Mode::Process,
            DiscoverMode::Native => Mode::Native,
        },
        template: &template,
        region: region.as_deref(),
        login: args.login,
        force: args.force,
        prune: args.prune,
        program: &program,
    };
    let path = &ctx.paths.config;
    let _lock = ctx.lock_for_edit(path)?;
    let old = crate::cli::app::read_user_text(path)?;
    let plan = generate::plan(path, &old, &gen_request, &roles)?;
    let changed = plan.text != old;

    if args.dry_run && args.output != Some(OutputFormat::Json) {
        let diff = similar::TextDiff::from_lines(&old, &plan.text)
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
    } else if changed && !args.dry_run {
        fsutil::atomic_write(path, plan.text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    report(ctx, args, path, &plan, changed)?;
    if skipped > 0 {
        if args.strict {
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
    args: &DiscoverArgs,
    path: &Path,
    plan: &Plan,
    changed: bool,
) -> anyhow::Result<()> {
    let ui = &ctx.ui;
    if args.output == Some(OutputFormat::Json) {
        let mut json = serde_json::to_string_pretty(&Report {
            config: path.display().to_string(),
            dry_run: args.dry_run,
            changed,
            profiles: &plan.entries,
        })
        .context("cannot serialise the report")?;
        json.push('\n');
        ui.payload(&json).context("cannot write to stdout")?;
    }
    for e in plan.entries.iter().filter(|e| e.action == Action::Skipped) {
        ui.warn(format!(
            "profile '{}' exists and was not written by awsso for this session; left alone (account {}, role {})",
            for_terminal(&e.profile), for_terminal(&e.account_id), for_terminal(&e.role_name)
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
    let verb = if args.dry_run { "Would write" } else { "Wrote" };
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
