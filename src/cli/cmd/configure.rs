//! `awsso configure`: first-run set-up without the AWS CLI.
//!
//! Writes (or confirms) an `[sso-session NAME]` section in the config file, logs in to it, then
//! writes profiles: one for a given (or chosen) account and role, or one per account and role
//! through `discover`. Values come from flags, or from prompts on a terminal; without a
//! terminal a missing value is a usage error (exit 2), never a hang. Edits go through the
//! lossless [`ConfigEditor`] and [`fsutil::atomic_write`] under the config file's edit lock, as
//! in `discover`: every byte outside the keys written stays. The section written:
//!
//! ```ini
//! [sso-session my-sso]
//! sso_start_url = https://my-org.awsapps.com/start
//! sso_region = eu-west-1
//! sso_registration_scopes = sso:account:access
//! ```
//!
//! and a profile in the SDKs' native format (what `aws configure sso` writes), which every awsso
//! command also accepts with `--profile`:
//!
//! ```ini
//! [profile dev]
//! sso_session = my-sso
//! sso_account_id = 123456789012
//! sso_role_name = Admin
//! region = eu-west-1
//! ```

use anyhow::{Context as _, bail};

use crate::cli::app::Context;
use crate::cli::args::{ConfigureArgs, TargetArgs};
use crate::cli::cmd::discover::DiscoverRequest;
use crate::cli::report::UsageError;
use crate::discover::ProfileOptions;
use crate::fsutil;
use crate::profile::{ConfigEditor, FileKind, ProfileSet, Upsert};
use crate::sso::inventory::InventoryRequest;
use crate::sso::pacing::Pacing;
use crate::sso::session::{LoginOptions, LoginOutcome, Session};
use crate::sso::target::Target;
use crate::sso::timestamp::relative;

/// The scope that lets a token be refreshed without a browser.
const DEFAULT_SCOPES: &str = "sso:account:access";

/// The values of the `[sso-session]` section, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SessionSpec {
    /// The section name.
    pub name: String,
    /// `sso_start_url`.
    pub start_url: String,
    /// `sso_region`.
    pub sso_region: String,
    /// `sso_registration_scopes`, comma-separated.
    pub scopes: String,
}

/// Checks a start URL ([`crate::ids::check_start_url`]: https, or http on loopback). Pure.
pub(crate) fn check_start_url(url: &str) -> Result<(), String> {
    crate::ids::check_start_url(url).map_err(|e| e.to_string())
}

/// Checks a region name such as `eu-west-1` or `us-gov-west-1`. Pure.
pub(crate) fn check_region(region: &str) -> Result<(), String> {
    crate::ids::check_region(region).map_err(|e| e.to_string())?;
    let parts: Vec<&str> = region.split('-').collect();
    let ok = parts.len() >= 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
        && parts
            .last()
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{region:?} is not an AWS region: expected a name such as eu-west-1 or us-east-1"
        ))
    }
}

/// Normalises a comma-separated scope list (`"a, b"` → `"a,b"`); empty entries are dropped. Pure.
pub(crate) fn normalize_scopes(text: &str) -> String {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(",")
}

/// A session name from a start URL: the `ID` of `https://ID.awsapps.com/start`, else the host,
/// sanitised to the portable name set. Pure.
pub(crate) fn session_name_for(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', ':', '?', '#']).next().unwrap_or(rest);
    let name = host.strip_suffix(".awsapps.com").unwrap_or(host);
    let name = crate::profile::generate::sanitize_name(name);
    if name.is_empty() {
        "sso".to_owned()
    } else {
        name
    }
}

fn usage(message: String, hint: &str) -> anyhow::Error {
    UsageError {
        message,
        hint: hint.to_owned(),
    }
    .into()
}

const FLAGS_EXAMPLE: &str = "awsso configure --start-url https://YOUR-ID.awsapps.com/start --sso-region REGION --session-name NAME";

/// The session values from the flags, asking on a terminal for the ones missing.
fn gather(ctx: &Context, args: &ConfigureArgs) -> anyhow::Result<SessionSpec> {
    let ui = &ctx.ui;
    let interactive = ui.is_interactive();
    if !interactive {
        let missing: Vec<&str> = [
            ("--start-url", args.start_url.is_none()),
            ("--sso-region", args.sso_region.is_none()),
        ]
        .into_iter()
        .filter_map(|(flag, missing)| missing.then_some(flag))
        .collect();
        if !missing.is_empty() {
            return Err(usage(
                format!(
                    "missing {}: there is no terminal to ask on",
                    missing.join(" and ")
                ),
                &format!("run `{FLAGS_EXAMPLE}`"),
            ));
        }
    }
    let asked = |prompt: &str, default: Option<&str>| -> anyhow::Result<String> {
        ui.ask(prompt, default)
            .context("cannot read the answer from the terminal")
    };
    let start_url = match &args.start_url {
        Some(u) => u.trim().to_owned(),
        None => asked(
            "AWS access portal URL (e.g. https://my-org.awsapps.com/start)",
            None,
        )?,
    };
    check_start_url(&start_url).map_err(|m| usage(m, &format!("run `{FLAGS_EXAMPLE}`")))?;
    let sso_region = match &args.sso_region {
        Some(r) => r.trim().to_owned(),
        None => asked("Region of Identity Center (e.g. eu-west-1)", None)?,
    };
    check_region(&sso_region).map_err(|m| usage(m, &format!("run `{FLAGS_EXAMPLE}`")))?;
    let derived = session_name_for(&start_url);
    let name = match &args.session_name {
        Some(n) => n.trim().to_owned(),
        None if interactive => asked("Session name", Some(&derived))?,
        None => derived,
    };
    if !crate::profile::is_portable_name(&name) {
        return Err(usage(
            format!(
                "session name {name:?} is not portable: use only letters, digits and _ - / . % @ : +"
            ),
            "pass --session-name with a name such as my-sso",
        ));
    }
    let scopes = normalize_scopes(args.scopes.as_deref().unwrap_or(DEFAULT_SCOPES));
    Ok(SessionSpec {
        name,
        start_url,
        sso_region,
        scopes,
    })
}

/// Writes `[sso-session NAME]` (under the edit lock, atomically). Refuses to change the start
/// URL or region of an existing section without `force`.
fn write_session(ctx: &Context, spec: &SessionSpec, force: bool) -> anyhow::Result<Upsert> {
    let path = &ctx.paths.config;
    let _lock = ctx.lock_for_edit(path)?;
    let old = crate::cli::app::read_user_text(path)?;
    // botocore must read the edit where awsso writes it (no second section for one name).
    crate::profile::write::check_faithful(path, &old, false)?;
    let existing = ProfileSet::parse(Some((path, &old)), None);
    if let Some(section) = existing.sso_session(&spec.name)
        && !force
    {
        for (key, want) in [
            ("sso_start_url", &spec.start_url),
            ("sso_region", &spec.sso_region),
        ] {
            if let Some(have) = section.get(key)
                && have.trim_end_matches('/') != want.trim_end_matches('/')
            {
                bail!(UsageError {
                    message: format!(
                        "{}: [sso-session {}] already has {key} = {have}, not {want}",
                        section.location(Some(key)),
                        spec.name
                    ),
                    hint: "pass --force to replace it, or choose another --session-name".to_owned(),
                });
            }
        }
    }
    let mut editor = ConfigEditor::parse(&old, FileKind::Config);
    let upsert = editor
        .upsert_sso_session(
            &spec.name,
            &[
                ("sso_start_url", spec.start_url.as_str()),
                ("sso_region", spec.sso_region.as_str()),
                ("sso_registration_scopes", spec.scopes.as_str()),
            ],
        )
        .with_context(|| {
            format!(
                "cannot write [sso-session {}] in {}",
                spec.name,
                path.display()
            )
        })?;
    let text = editor.render();
    if text != old {
        fsutil::atomic_write(path, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(upsert)
}

/// A profile for one account and role, in the SDKs' native SSO format.
struct ProfileSpec<'a> {
    name: &'a str,
    session: &'a str,
    account_id: &'a str,
    role_name: &'a str,
    region: Option<&'a str>,
}

/// Writes `[profile NAME]`. An existing profile that gets credentials another way
/// (credential_process, static keys, a role to assume) or names another account, role or
/// session is only changed with `force`.
fn write_profile(ctx: &Context, spec: &ProfileSpec<'_>, force: bool) -> anyhow::Result<Upsert> {
    if spec.account_id.len() != 12 || !spec.account_id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(usage(
            format!(
                "invalid account id '{}': expected 12 digits",
                spec.account_id.escape_debug()
            ),
            "run `awsso list --sso-session NAME` to see the accounts and roles you can use",
        ));
    }
    let path = &ctx.paths.config;
    let _lock = ctx.lock_for_edit(path)?;
    let old = crate::cli::app::read_user_text(path)?;
    // botocore must read the edit where awsso writes it (no second section for one name).
    crate::profile::write::check_faithful(path, &old, false)?;
    let existing = ProfileSet::parse(Some((path, &old)), None);
    if let Some(profile) = existing.profile(spec.name)
        && !force
    {
        let other_source = [
            "credential_process",
            "aws_access_key_id",
            "role_arn",
            "sso_start_url",
        ]
        .into_iter()
        .find(|k| profile.get(k).is_some());
        let differs = [
            ("sso_session", spec.session),
            ("sso_account_id", spec.account_id),
            ("sso_role_name", spec.role_name),
        ]
        .into_iter()
        .find(|(k, v)| profile.get(k).is_some_and(|have| have != *v));
        if let Some(key) = other_source.or(differs.map(|(k, _)| k)) {
            bail!(UsageError {
                message: format!(
                    "{}: profile '{}' already exists with {key}",
                    profile.location(Some(key)),
                    spec.name
                ),
                hint: "pass --force to overwrite its SSO keys, or choose another --profile name"
                    .to_owned(),
            });
        }
    }
    let mut entries = vec![
        ("sso_session", spec.session),
        ("sso_account_id", spec.account_id),
        ("sso_role_name", spec.role_name),
    ];
    if let Some(region) = spec.region {
        entries.push(("region", region));
    }
    let mut editor = ConfigEditor::parse(&old, FileKind::Config);
    let upsert = editor
        .upsert_profile(spec.name, &entries)
        .with_context(|| format!("cannot write [profile {}] in {}", spec.name, path.display()))?;
    let text = editor.render();
    if text != old {
        fsutil::atomic_write(path, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(upsert)
}

/// `awsso discover` for the session just configured, with its defaults.
fn discover_session(ctx: &Context, session: &Session, region: Option<&str>) -> anyhow::Result<u8> {
    let mut options = ProfileOptions::default()
        .credential_process(crate::cli::cmd::discover::this_program()?, false);
    if let Some(region) = region {
        options = options.region(region);
    }
    crate::cli::cmd::discover::discover(
        ctx,
        DiscoverRequest {
            target: session.target().clone(),
            options,
            pacing: Pacing::default(),
            login: false,
            dry_run: false,
            json: false,
            strict: false,
        },
    )
}

/// On a terminal: choose an account and role from the inventory, name the profile.
fn choose_profile(
    ctx: &Context,
    session: &Session,
    spec: &SessionSpec,
    region: Option<&str>,
    force: bool,
) -> anyhow::Result<Option<String>> {
    let request = InventoryRequest {
        roles: true,
        ..InventoryRequest::default()
    };
    let inventory = crate::cli::cmd::list::collect(ctx, session, &request, &mut |_| {})?;
    let roles: Vec<(String, String, String)> = inventory
        .roles()
        .map(|(a, r)| (a.id.clone(), a.name.clone(), r.to_owned()))
        .collect();
    if roles.is_empty() {
        ctx.ui.warn(format!(
            "no roles are assigned to you in {}",
            spec.start_url
        ));
        return Ok(None);
    }
    let labels: Vec<String> = roles
        .iter()
        .map(|(id, name, role)| format!("{} ({id}) {role}", crate::cli::cmd::list::one_line(name)))
        .collect();
    let Some(index) = ctx
        .ui
        .choose("Account and role", &labels)
        .context("the chooser failed")?
    else {
        return Ok(None);
    };
    let (account_id, _, role_name) = &roles[index];
    let suggested = crate::profile::generate::sanitize_name(&format!("{role_name}-{account_id}"));
    let name = ctx
        .ui
        .ask("Profile name", Some(&suggested))
        .context("cannot read the answer from the terminal")?;
    let region = match region {
        Some(r) => Some(r.to_owned()),
        None => Some(
            ctx.ui
                .ask("Default region for the profile", Some(&spec.sso_region))
                .context("cannot read the answer from the terminal")?,
        )
        .filter(|r| !r.is_empty()),
    };
    if let Some(r) = &region {
        check_region(r).map_err(|m| usage(m, "answer with a region such as eu-west-1"))?;
    }
    write_profile(
        ctx,
        &ProfileSpec {
            name: &name,
            session: &spec.name,
            account_id,
            role_name,
            region: region.as_deref(),
        },
        force,
    )?;
    Ok(Some(name))
}

/// Runs the command.
pub(crate) fn run(ctx: &Context, args: &ConfigureArgs) -> anyhow::Result<u8> {
    let ui = &ctx.ui;
    if let Some(region) = &args.region {
        check_region(region)
            .map_err(|m| usage(m, "pass --region with a name such as eu-west-1"))?;
    }
    let spec = gather(ctx, args)?;
    let config = ctx.paths.config.display().to_string();
    match write_session(ctx, &spec, args.force)? {
        Upsert::Created => ui.status(format!("Added [sso-session {}] to {config}.", spec.name)),
        Upsert::Updated => ui.status(format!("Updated [sso-session {}] in {config}.", spec.name)),
        Upsert::Unchanged => ui.status(format!(
            "[sso-session {}] in {config} is already set up.",
            spec.name
        )),
    }
    if args.no_login {
        ui.hint(format!(
            "run `{}` to log in",
            crate::cli::report::login_command(&Target::Session(spec.name.clone()))
        ));
        return Ok(0);
    }

    let selection = TargetArgs {
        sso_session: Some(spec.name.clone()),
        ..TargetArgs::default()
    };
    let target = ctx.resolve(&selection, None, None)?;
    let session = ctx.session(target);
    let mut opts = LoginOptions::default().timeout(args.timeout);
    if args.use_device_code || args.no_browser {
        opts = opts.device_code(true);
    }
    if args.no_browser {
        opts = opts.disable_browser(true);
    }
    let now = ctx.now();
    match session.login(&opts)? {
        LoginOutcome::AlreadyValid(at) | LoginOutcome::Refreshed(at) => ui.status(format!(
            "Already logged in to {} (token valid until {at}, {}).",
            spec.start_url,
            relative(at, now)
        )),
        LoginOutcome::LoggedIn(at) => ui.status(format!(
            "Logged in to {} (token valid until {at}, {}).",
            spec.start_url,
            relative(at, now)
        )),
    }

    let region = args.region.as_deref();
    let written = if let Some(name) = &args.profile {
        let (Some(account_id), Some(role_name)) = (&args.account_id, &args.role_name) else {
            // clap enforces `requires_all`; this only guards against a change there.
            return Err(usage(
                "--profile needs --account-id and --role-name".to_owned(),
                "run `awsso list --sso-session NAME` to see the accounts and roles you can use",
            ));
        };
        let upsert = write_profile(
            ctx,
            &ProfileSpec {
                name,
                session: &spec.name,
                account_id,
                role_name,
                region,
            },
            args.force,
        )?;
        let verb = match upsert {
            Upsert::Created => "Added",
            Upsert::Updated => "Updated",
            Upsert::Unchanged => "Kept",
        };
        ui.status(format!(
            "{verb} [profile {name}] ({role_name} in account {account_id}) in {config}."
        ));
        Some(name.clone())
    } else if args.discover {
        discover_session(ctx, &session, region)?;
        None
    } else if ui.is_interactive() {
        let choices = [
            "Add one profile: choose an account and role".to_owned(),
            "Add one profile per account and role (awsso discover)".to_owned(),
            "No profiles now".to_owned(),
        ];
        match ui
            .choose("Profiles", &choices)
            .context("the chooser failed")?
        {
            Some(0) => choose_profile(ctx, &session, &spec, region, args.force)?,
            Some(1) => {
                discover_session(ctx, &session, region)?;
                None
            }
            _ => None,
        }
    } else {
        ui.hint(format!(
            "add profiles with `awsso discover --sso-session {}`, or pick one with \
             `awsso configure --session-name {} --start-url ... --sso-region ... --profile NAME --account-id ID --role-name ROLE`",
            spec.name, spec.name
        ));
        None
    };
    if let Some(name) = written {
        ui.status(format!(
            "Ready: try `awsso exec --profile {name} -- aws sts get-caller-identity` \
             (or `aws sts get-caller-identity --profile {name}`)."
        ));
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_urls() {
        assert!(check_start_url("https://my-org.awsapps.com/start").is_ok());
        assert!(check_start_url("https://sso.example.com/start#/").is_ok());
        assert!(check_start_url("my-org.awsapps.com").is_err());
        assert!(check_start_url("https://").is_err());
        assert!(check_start_url("https://a b/start").is_err());
    }

    #[test]
    fn regions() {
        for ok in ["eu-west-1", "us-east-1", "us-gov-west-1", "ap-southeast-2"] {
            assert!(check_region(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "eu",
            "eu-west",
            "EU-WEST-1",
            "eu-west-1 ",
            "eu--1",
            "eu-west-x",
        ] {
            assert!(check_region(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn session_names_and_scopes() {
        assert_eq!(
            session_name_for("https://my-org.awsapps.com/start"),
            "my-org"
        );
        assert_eq!(
            session_name_for("https://sso.example.com:8443/start"),
            "sso.example.com"
        );
        assert_eq!(
            normalize_scopes(" sso:account:access , ,x "),
            "sso:account:access,x"
        );
    }
}
