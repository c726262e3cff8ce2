//! `awsso list`: the accounts and roles the user can reach, on stdout.
//!
//! Also owns [`collect`], the inventory run with its progress display that `discover` and the
//! `write-default` chooser share. Text output streams one line per role as pages arrive (so
//! `awsso list | head` stops early); `table` and `json` are printed once the run is complete.

use crate::escape::for_terminal;
use anyhow::Context as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::cli::app::Context;
use crate::cli::args::{ListArgs, ListFormat, PacingArgs};
use crate::sso::inventory::{self, Event, Inventory, InventoryError, InventoryRequest};
use crate::sso::pacing::Pacing;
use crate::sso::session::{LoginOptions, Session};

/// The pacing the flags ask for.
pub(crate) fn pacing(args: &PacingArgs) -> Pacing {
    Pacing::default()
        .rate(args.rate)
        .concurrency(args.concurrency)
}

/// Collects the inventory with a progress bar (or plain lines) on stderr; `on_event` sees every
/// event too (for streaming output).
pub(crate) fn collect(
    ctx: &Context,
    session: &Session,
    request: &InventoryRequest,
    on_event: &mut dyn FnMut(&Event<'_>),
) -> anyhow::Result<Inventory> {
    let progress = ctx.ui.progress(0, "listing accounts and roles");
    let started = std::time::Instant::now();
    let mut accounts = 0_usize;
    let mut sink = |event: Event<'_>| {
        match &event {
            Event::Accounts(page) => {
                accounts += page.len();
                if request.roles {
                    let wanted = page
                        .iter()
                        .filter(|a| {
                            request
                                .account_ids
                                .as_ref()
                                .is_none_or(|ids| ids.contains(&a.id))
                        })
                        .count();
                    progress.inc_length(wanted as u64);
                }
                ctx.ui
                    .debug(|| format!("ListAccounts: {accounts} accounts so far"));
            }
            Event::Roles { last: true, .. } => progress.inc(1),
            Event::Roles { .. } => {}
            Event::Retry {
                error,
                attempt,
                delay,
            } => ctx
                .ui
                .debug(|| format!("{error}; retry {attempt} in {} ms", delay.as_millis())),
            Event::Reauthenticated => {
                progress.println("the token was rejected; refreshed it and resumed")
            }
            Event::InvalidAccount(account) => progress.println(format!(
                "warning: left out an account with the invalid id '{}' ({})",
                for_terminal(&account.id),
                for_terminal(&account.name)
            )),
        }
        on_event(&event);
    };
    let result = inventory::collect(session, request, &mut sink);
    progress.finish();
    let what = format!("cannot list the accounts of {}", session.target().start_url);
    let inventory = match result {
        Ok(inventory) => inventory,
        // Keep the SsoError itself in the chain (the transparent variant would hide it), so
        // `main` finds its exit code and hint.
        Err(InventoryError::Session(e)) => return Err(anyhow::Error::new(e).context(what)),
        Err(e) => return Err(anyhow::Error::new(e).context(what)),
    };
    let stats = inventory.stats;
    ctx.ui.debug(|| {
        format!(
            "{} requests ({} retried, {} throttled) in {:.1} s",
            stats.requests,
            stats.retries,
            stats.throttled,
            started.elapsed().as_secs_f64()
        )
    });
    Ok(inventory)
}

/// Runs the command.
pub(crate) fn run(ctx: &Context, args: &ListArgs) -> anyhow::Result<u8> {
    let target = ctx.resolve(&args.target, None, ctx.env.profile.as_deref())?;
    let session = ctx.session(target);
    let request = InventoryRequest {
        roles: !args.accounts,
        account_ids: args.account_id.clone().map(|id| vec![id]),
        pacing: pacing(&args.pacing),
        login: args.login.then(LoginOptions::default),
        // `awsso list | head`: once stdout is closed, no further request is sent.
        stop: Some(Arc::new(AtomicBool::new(false))),
    };
    let mut closed = false;
    let mut write_error = None;
    let streaming = args.output == ListFormat::Text;
    let mut on_event = |event: &Event<'_>| {
        if !streaming || closed || write_error.is_some() {
            return;
        }
        let lines: String = match event {
            Event::Accounts(page) if !request.roles => page
                .iter()
                .map(|a| format!("{}\t{}\n", one_line(&a.id), one_line(&a.name)))
                .collect(),
            Event::Roles { account, roles, .. } => roles
                .iter()
                .map(|r| {
                    format!(
                        "{}\t{}\t{}\n",
                        one_line(&account.id),
                        one_line(&account.name),
                        one_line(r)
                    )
                })
                .collect(),
            _ => return,
        };
        match ctx.ui.payload(&lines) {
            Ok(true) => {}
            Ok(false) => {
                closed = true;
                if let Some(stop) = &request.stop {
                    stop.store(true, Ordering::Relaxed);
                }
            }
            Err(e) => write_error = Some(e),
        }
    };
    let inventory = collect(ctx, &session, &request, &mut on_event)?;
    if let Some(e) = write_error {
        return Err(e).context("cannot write to stdout");
    }
    let text = match args.output {
        ListFormat::Text => return Ok(0),
        ListFormat::Json => {
            let accounts: Vec<_> = inventory
                .accounts
                .iter()
                .filter(|a| {
                    args.account_id
                        .as_ref()
                        .is_none_or(|id| id == &a.account.id)
                })
                .collect();
            let mut json =
                serde_json::to_string_pretty(&accounts).context("cannot serialise the listing")?;
            json.push('\n');
            json
        }
        ListFormat::Table => table(&inventory, args),
    };
    ctx.ui.payload(&text).context("cannot write to stdout")?;
    Ok(0)
}

/// Aligned columns with a header.
fn table(inventory: &Inventory, args: &ListArgs) -> String {
    let mut rows: Vec<[String; 3]> =
        vec![["ACCOUNT_ID".into(), "ACCOUNT_NAME".into(), "ROLE".into()]];
    for a in &inventory.accounts {
        let (id, name) = (one_line(&a.account.id), one_line(&a.account.name));
        if args
            .account_id
            .as_ref()
            .is_some_and(|id| id != &a.account.id)
        {
            continue;
        }
        if args.accounts {
            rows.push([id.clone(), name.clone(), String::new()]);
        }
        for r in &a.roles {
            rows.push([id.clone(), name.clone(), one_line(r)]);
        }
    }
    let columns = if args.accounts { 2 } else { 3 };
    let mut widths = [0_usize; 3];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in &rows {
        let mut line = String::new();
        for (i, cell) in row.iter().take(columns).enumerate() {
            if i + 1 == columns {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{cell:<w$}  ", w = widths[i]));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Text from the service for one field of a line: control, bidi and invisible characters
/// escaped, so that one line is always one record and nothing reaches the terminal raw.
pub(crate) fn one_line(text: &str) -> String {
    for_terminal(text).into_owned()
}
