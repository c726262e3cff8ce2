//! `awsso doctor`: run the checks of [`crate::cli::doctor`] and report each finding with its fix.

use crate::escape::for_terminal;
use std::fmt::Write as _;

use anyhow::Context as _;

use crate::cli::app::Context;
use crate::cli::args::{DoctorArgs, OutputFormat};
use crate::cli::doctor::{self, Finding, Severity};
use crate::cli::file_trust;
use crate::cli::report::EXIT_FAILURE;
use crate::sso::target::Target;
use crate::sso::token_cache;

/// For `--profile P` of an `aws login` session: gets its credentials (refreshing them when
/// due), so a refusal for a missing permission is reported with its fix.
fn login_session_refresh(ctx: &Context, name: &str) -> Option<Finding> {
    let target = ctx
        .resolve(
            &crate::cli::args::TargetArgs {
                profile: Some(name.to_owned()),
                ..Default::default()
            },
            None,
            None,
        )
        .ok()?;
    let arn = target.login_session.clone()?;
    let session = ctx.session(target);
    let opts = crate::sso::session::RoleOptions {
        min_remaining: std::time::Duration::ZERO,
        login: None,
    };
    match session.role_credentials(&opts) {
        Err(crate::sso::SsoError::LoginRequired(login))
            if login.reason == crate::error::LoginRequiredReason::InsufficientPermissions =>
        {
            Some(crate::cli::doctor_login::missing_permission(name, &arn))
        }
        _ => None,
    }
}

/// Runs the command: exit 1 when an error-level finding exists, else 0.
pub(crate) fn run(ctx: &Context, args: &DoctorArgs) -> anyhow::Result<u8> {
    let set = ctx.profiles(true)?;
    let config_path = ctx.paths.config.display().to_string();
    let only = args.profile.as_deref();
    let mut findings = doctor::check_diagnostics(&set);
    let proxy = doctor::check_proxy(&ctx.env.proxy).unwrap_or_else(|f| {
        findings.push(f);
        doctor::ProxySummary::default()
    });
    if set.config_document().is_none() {
        findings.push(Finding {
            severity: Severity::Warning,
            code: "no-config-file",
            location: Some(config_path.clone()),
            message: "the config file does not exist, so no profile or sso-session can be used"
                .to_owned(),
            fix: "run `awsso configure` to create it with an [sso-session] and a profile"
                .to_owned(),
        });
    }
    findings.extend(doctor::check_botocore_reading(&set));
    findings.extend(doctor::check_private_files(&ctx.paths, &set));
    findings.extend(file_trust::doctor_findings(
        &ctx.paths,
        ctx.env.home.as_deref(),
    ));
    findings.extend(file_trust::id_findings(&set, only));
    findings.extend(doctor::check_profiles(&set, only, &config_path));
    findings.extend(doctor::check_credentials(&set, only, ctx.now()));
    findings.extend(crate::cli::doctor_login::check_profiles(&set, only));
    findings.extend(crate::cli::doctor_login::check_cache_files(
        &ctx.paths, &set, only,
    ));
    if let Some(f) = only.and_then(|name| login_session_refresh(ctx, name)) {
        findings.push(f);
    }
    let names: Vec<&str> = match only {
        Some(name) => vec![name],
        None => set.profile_names(),
    };
    for name in names {
        if let Some(p) = set.profile(name)
            && let Some(f) = doctor::check_program(p, ctx.env.path.as_deref())
        {
            findings.push(f);
        }
    }
    let token_file = only.and_then(|name| {
        let target = crate::sso::target::resolve(
            &Target::Profile(name.to_owned()),
            None,
            &set,
            &config_path,
        )
        .ok()?;
        Some(
            ctx.paths
                .token_file(&token_cache::sha1_hex(target.cache_key())),
        )
    });
    if only.is_none() || token_file.is_some() {
        findings.extend(doctor::check_token_files(
            &ctx.paths.sso_cache,
            token_file.as_deref(),
        ));
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    let text = match args.output {
        OutputFormat::Json => {
            let json = serde_json::json!({
                "errors": errors,
                "warnings": warnings,
                "findings": findings,
                "proxy": proxy,
            });
            format!(
                "{}\n",
                serde_json::to_string_pretty(&json).context("cannot render JSON")?
            )
        }
        OutputFormat::Text => findings.iter().map(render).collect(),
    };
    ctx.ui.payload(&text).context("cannot write to stdout")?;
    if proxy != doctor::ProxySummary::default() {
        ctx.ui.status(format!("proxy: {}", proxy.line()));
    }
    if findings.is_empty() {
        ctx.ui.status("No problems found.");
    } else {
        ctx.ui
            .status(format!("{errors} error(s), {warnings} warning(s)."));
    }
    Ok(if errors > 0 { EXIT_FAILURE } else { 0 })
}

fn render(f: &Finding) -> String {
    let mut out = String::new();
    let level = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    // Findings quote config values and file contents: each one line, escaped.
    let message = for_terminal(&f.message);
    let _ = match &f.location {
        Some(loc) => writeln!(out, "{level}[{}]: {}: {message}", f.code, for_terminal(loc)),
        None => writeln!(out, "{level}[{}]: {message}", f.code),
    };
    let _ = writeln!(out, "  fix: {}", for_terminal(&f.fix));
    out
}
