//! `awsso assignments`: every Identity Center assignment, as CSV (streamed), JSON or a table.
//!
//! Turns the flags into an [`AssignmentQuery`] (aws-sso-util's `admin assignments` semantics:
//! a value is an exact id or a regex searched in the name), loads ordinary AWS credentials and
//! the region with `aws-config`, runs [`admin::list_assignments_observed`] on a current-thread
//! runtime, and writes the rows. Notes on stderr say which filter value matched nothing.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use anyhow::Context as _;
use futures_util::StreamExt;
use regex::Regex;

use crate::admin::{
    self, AdminError, Assignment, AssignmentQuery, Event, PrincipalType, TargetSpec,
};
use crate::cli::app::Context;
use crate::cli::args::{AssignmentsArgs, AssignmentsFormat};

/// A `--user`/`--group`/`--permission-set`/`--account` value: an exact id, and a regex on names.
struct Pattern {
    flag: &'static str,
    raw: String,
    regex: Option<Regex>,
    /// Rows printed that this value matched.
    hits: AtomicU64,
}

impl Pattern {
    fn new(flag: &'static str, raw: &str, regex: bool) -> anyhow::Result<Pattern> {
        let regex = if regex {
            Some(Regex::new(raw).with_context(|| {
                format!("{flag} '{raw}' is neither an id nor a valid regular expression")
            })?)
        } else {
            None
        };
        Ok(Pattern {
            flag,
            raw: raw.to_owned(),
            regex,
            hits: AtomicU64::new(0),
        })
    }

    fn matches(&self, id: &str, name: Option<&str>) -> bool {
        id == self.raw
            || self
                .regex
                .as_ref()
                .is_some_and(|re| name.is_some_and(|n| re.is_match(n)))
    }
}

/// The patterns of one run, shared with the query's filters.
struct Patterns {
    users: Vec<Pattern>,
    groups: Vec<Pattern>,
    permission_sets: Vec<Pattern>,
    accounts: Vec<Pattern>,
}

impl Patterns {
    fn principal(&self, kind: PrincipalType) -> &[Pattern] {
        match kind {
            PrincipalType::User => &self.users,
            PrincipalType::Group => &self.groups,
        }
    }

    /// Counts the row against every pattern it matches (for the "matched nothing" notes).
    fn count(&self, row: &Assignment) {
        let principal_name = row.principal_name.as_deref();
        for p in self.principal(row.principal_type) {
            if p.matches(&row.principal_id, principal_name) {
                p.hits.fetch_add(1, Ordering::Relaxed);
            }
        }
        for p in &self.permission_sets {
            if permission_set_matches(
                p,
                &row.permission_set_arn,
                row.permission_set_name.as_deref(),
            ) {
                p.hits.fetch_add(1, Ordering::Relaxed);
            }
        }
        for p in &self.accounts {
            if p.matches(&row.target_id, row.target_name.as_deref()) {
                p.hits.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    fn unmatched(&self) -> impl Iterator<Item = &Pattern> {
        self.users
            .iter()
            .chain(&self.groups)
            .chain(&self.permission_sets)
            .chain(&self.accounts)
            .filter(|p| p.hits.load(Ordering::Relaxed) == 0)
    }
}

/// aws-sso-util's permission set match: the ARN, `ssoins-…/ps-…`, `ps-…`, or a regex on the name.
fn permission_set_matches(p: &Pattern, arn: &str, name: Option<&str>) -> bool {
    let mut parts = arn.splitn(2, '/');
    let after_first = parts.nth(1).unwrap_or_default();
    let last = arn.rsplit('/').next().unwrap_or_default();
    arn == p.raw || after_first == p.raw || last == p.raw || p.matches(arn, name)
}

/// The query the flags ask for, and the patterns its filters share.
fn query(args: &AssignmentsArgs) -> anyhow::Result<(AssignmentQuery, Arc<Patterns>)> {
    let all_ps_ids = args
        .permission_set
        .iter()
        .all(|v| admin::is_permission_set_id(v));
    let all_account_ids = args.account.iter().all(|v| admin::is_account_id(v));
    let patterns = Arc::new(Patterns {
        users: (args.user.iter())
            .map(|v| Pattern::new("--user", v, true))
            .collect::<Result<_, _>>()?,
        groups: (args.group.iter())
            .map(|v| Pattern::new("--group", v, true))
            .collect::<Result<_, _>>()?,
        permission_sets: (args.permission_set.iter())
            .map(|v| Pattern::new("--permission-set", v, !all_ps_ids))
            .collect::<Result<_, _>>()?,
        accounts: (args.account.iter())
            .map(|v| Pattern::new("--account", v, !all_account_ids))
            .collect::<Result<_, _>>()?,
    });
    let mut query = AssignmentQuery {
        instance_arn: args.instance_arn.clone(),
        identity_store_id: args.identity_store_id.clone(),
        ou_recursive: args.ou_recursive,
        pacing: crate::cli::cmd::list::pacing(&args.pacing),
        ..AssignmentQuery::default()
    }
    .names(!args.no_lookup_names);
    if !patterns.users.is_empty() || !patterns.groups.is_empty() {
        let p = Arc::clone(&patterns);
        query = query.principal_filter(move |kind, id, name| {
            p.principal(kind).iter().any(|p| p.matches(id, name))
        });
    }
    if all_ps_ids {
        query.permission_sets = args.permission_set.clone();
    } else {
        let p = Arc::clone(&patterns);
        query = query.permission_set_filter(move |arn, name| {
            p.permission_sets
                .iter()
                .any(|p| permission_set_matches(p, arn, name))
        });
    }
    for ou in &args.ou {
        match TargetSpec::parse(ou)? {
            TargetSpec::Ou(id) => query.targets.push(TargetSpec::Ou(id)),
            TargetSpec::Account(id) => anyhow::bail!(
                "--ou {id} is an account id: use --account {id} (--ou takes ou-… or r-… ids)"
            ),
        }
    }
    if all_account_ids {
        // Exact ids: visit only those accounts (with the OUs' accounts).
        query.targets.extend(
            args.account
                .iter()
                .map(|id| TargetSpec::Account(id.clone())),
        );
    } else {
        let p = Arc::clone(&patterns);
        query = query
            .target_filter(move |_kind, id, name| p.accounts.iter().any(|p| p.matches(id, name)));
    }
    Ok((query, patterns))
}

/// Runs the command.
pub(crate) fn run(ctx: &Context, args: &AssignmentsArgs) -> anyhow::Result<u8> {
    let (query, patterns) = query(args)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let profile = args.profile.clone().or_else(|| ctx.env.profile.clone());
    let http = crate::sso::client::Clients::https_client(&ctx.env)?;
    let config = runtime.block_on(async {
        let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest());
        // awsso's HTTP client, as for every other command: AWS_CA_BUNDLE replaces the trust
        // roots and the proxy variables apply (the Rust SDK ignores both by itself).
        loader = loader.http_client(http);
        if let Some(profile) = &profile {
            loader = loader.profile_name(profile);
        }
        if let Some(region) = &args.region {
            loader = loader.region(aws_config::Region::new(region.clone()));
        }
        loader.load().await
    });
    // An empty AWS_REGION comes back as an empty region: as good as none.
    if config.region().is_none_or(|r| r.as_ref().trim().is_empty()) {
        return Err(AdminError::NoRegion.into());
    }
    // The region becomes the endpoints' host names: refuse one that is not a region name,
    // naming where it came from (a bad --region never gets this far).
    if let Some(region) = config.region()
        && let Err(e) = crate::ids::check_region(region.as_ref())
    {
        let source = if ctx.env.region.is_some() {
            "AWS_REGION (or AWS_DEFAULT_REGION)".to_owned()
        } else {
            format!(
                "the region of profile '{}' in the config file",
                profile.as_deref().unwrap_or("default")
            )
        };
        return Err(crate::cli::report::UsageError {
            message: format!("{e} (from {source})"),
            hint: "set a region name such as eu-west-1, or pass --region".to_owned(),
        }
        .into());
    }
    ctx.ui.debug(|| {
        format!(
            "assignments: profile {}, region {}",
            profile.as_deref().unwrap_or("(default chain)"),
            config.region().map(ToString::to_string).unwrap_or_default()
        )
    });

    let progress = Arc::new(ctx.ui.progress(0, "listing assignments"));
    let stats = Arc::new(Mutex::new(admin::Stats::default()));
    let observer = {
        let progress = Arc::clone(&progress);
        let stats = Arc::clone(&stats);
        let ui = ctx.ui.clone();
        move |event: Event| match event {
            Event::Queued(n) => progress.inc_length(n as u64),
            Event::Completed => progress.inc(1),
            Event::Retry {
                call,
                error,
                attempt,
                delay,
            } => ui.debug(|| {
                format!(
                    "{call}: {error}; retry {attempt} in {} ms",
                    delay.as_millis()
                )
            }),
            Event::Finished(s) => {
                *stats
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = s;
            }
        }
    };
    let started = std::time::Instant::now();
    let mut writer = Output::new(args.output);
    let result: anyhow::Result<()> = runtime.block_on(async {
        let rows = admin::list_assignments_observed(&config, query, observer);
        let mut rows = std::pin::pin!(rows);
        while let Some(row) = rows.next().await {
            let row = row?;
            patterns.count(&row);
            if !writer.row(ctx, row)? {
                break; // stdout closed
            }
        }
        Ok(())
    });
    if let Ok(progress) = Arc::try_unwrap(progress) {
        progress.finish();
    }
    result?;
    writer.start(ctx)?; // the header alone when there was no row
    writer.finish(ctx)?;
    let stats = *stats
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    ctx.ui.debug(|| {
        format!(
            "{} rows, {} accounts, {} requests ({} retried, {} throttled) in {:.1} s",
            writer.count,
            stats.accounts,
            stats.requests,
            stats.retries,
            stats.throttled,
            started.elapsed().as_secs_f64()
        )
    });
    for p in patterns.unmatched() {
        ctx.ui.status(format!(
            "note: {} '{}' matched no assignment",
            p.flag, p.raw
        ));
    }
    if writer.count == 0 && patterns.unmatched().next().is_none() {
        ctx.ui.status("note: no assignment matched");
    }
    Ok(0)
}

/// Writes rows in the chosen format: CSV as they come, JSON and tables at the end.
struct Output {
    format: AssignmentsFormat,
    rows: Vec<Assignment>,
    count: u64,
    closed: bool,
    /// Whether the CSV header was written (before the first row, so that a listing failing
    /// before any row leaves stdout empty).
    started: bool,
}

impl Output {
    fn new(format: AssignmentsFormat) -> Output {
        Output {
            format,
            rows: Vec::new(),
            count: 0,
            closed: false,
            started: false,
        }
    }

    fn write(&mut self, ctx: &Context, text: &str) -> anyhow::Result<bool> {
        if self.closed {
            return Ok(false);
        }
        let open = ctx.ui.payload(text).context("cannot write to stdout")?;
        self.closed = !open;
        Ok(open)
    }

    fn start(&mut self, ctx: &Context) -> anyhow::Result<bool> {
        if self.format == AssignmentsFormat::Csv && !std::mem::replace(&mut self.started, true) {
            let header = csv_line(&Assignment::FIELDS)?;
            return self.write(ctx, &header);
        }
        Ok(true)
    }

    fn row(&mut self, ctx: &Context, row: Assignment) -> anyhow::Result<bool> {
        self.count += 1;
        if self.format == AssignmentsFormat::Csv {
            if !self.start(ctx)? {
                return Ok(false);
            }
            let values = row.values().map(printable);
            let refs: Vec<&str> = values.iter().map(String::as_str).collect();
            let line = csv_line(&refs)?;
            return self.write(ctx, &line);
        }
        self.rows.push(row);
        Ok(true)
    }

    fn finish(&mut self, ctx: &Context) -> anyhow::Result<()> {
        self.rows.sort();
        let text = match self.format {
            AssignmentsFormat::Csv => return Ok(()),
            AssignmentsFormat::Json => {
                let mut json = serde_json::to_string_pretty(&self.rows)
                    .context("cannot serialise the assignments")?;
                json.push('\n');
                json
            }
            AssignmentsFormat::Table => table(&self.rows),
        };
        self.write(ctx, &text)?;
        Ok(())
    }
}

/// One CSV record, quoted where needed (RFC 4180).
fn csv_line(fields: &[&str]) -> anyhow::Result<String> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(fields).context("cannot format a CSV row")?;
    let bytes = w.into_inner().context("cannot format a CSV row")?;
    String::from_utf8(bytes).context("cannot format a CSV row")
}

/// Names are free text: control characters other than tab and line breaks (which CSV quotes)
/// become U+FFFD, so no escape sequence reaches a terminal.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// Aligned columns with a header; control characters become spaces.
fn table(rows: &[Assignment]) -> String {
    let header = [
        "PRINCIPAL_TYPE",
        "PRINCIPAL_NAME",
        "PRINCIPAL_ID",
        "PERMISSION_SET",
        "PERMISSION_SET_ID",
        "ACCOUNT_ID",
        "ACCOUNT_NAME",
    ];
    let one_line = crate::cli::cmd::list::one_line;
    let mut lines: Vec<[String; 7]> = vec![header.map(str::to_owned)];
    for r in rows {
        lines.push([
            r.principal_type.as_str().to_owned(),
            one_line(r.principal_name.as_deref().unwrap_or("-")),
            one_line(&r.principal_id),
            one_line(r.permission_set_name.as_deref().unwrap_or("-")),
            one_line(r.permission_set_arn.rsplit('/').next().unwrap_or_default()),
            one_line(&r.target_id),
            one_line(r.target_name.as_deref().unwrap_or("-")),
        ]);
    }
    let mut widths = [0_usize; 7];
    for line in &lines {
        for (w, cell) in widths.iter_mut().zip(line) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for line in &lines {
        let mut text = String::new();
        for (i, cell) in line.iter().enumerate() {
            text.push_str(&format!("{cell:<w$}  ", w = widths[i]));
        }
        out.push_str(text.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_like_rfc_4180() {
        assert_eq!(
            csv_line(&["a", "b,c", "d\"e", ""]).unwrap(),
            "a,\"b,c\",\"d\"\"e\",\n"
        );
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        assert_eq!(printable("a\x1b[31mb\nc"), "a\u{FFFD}[31mb\nc");
    }

    #[test]
    fn permission_set_values_match_like_aws_sso_util() {
        let arn = "arn:aws:sso:::permissionSet/ssoins-1/ps-2";
        for (raw, regex, expected) in [
            (arn, false, true),
            ("ssoins-1/ps-2", false, true),
            ("ps-2", false, true),
            ("^Admin", true, true),
            ("Read", true, false),
        ] {
            let p = Pattern::new("--permission-set", raw, regex).unwrap();
            assert_eq!(
                permission_set_matches(&p, arn, Some("AdministratorAccess")),
                expected,
                "{raw}"
            );
        }
    }
}
