//! Resolving the command line's selection flags and the config file into an [`SsoTarget`].
//!
//! Pure. Shared by every command:
//!
//! ```ini
//! [profile dev]                 # --profile dev (sso-session format)
//! sso_session = my-sso
//! sso_account_id = 123456789012
//! sso_role_name = Admin
//! region = eu-west-1
//!
//! [sso-session my-sso]          # --sso-session my-sso
//! sso_start_url = https://example.awsapps.com/start
//! sso_region = eu-west-1
//! sso_registration_scopes = sso:account:access
//!
//! [profile legacy]              # --profile legacy (legacy format)
//! sso_start_url = https://example.awsapps.com/start
//! sso_region = eu-west-1
//! sso_account_id = 123456789012
//! sso_role_name = ReadOnly
//! ```
//!
//! `--start-url URL --sso-region R` needs no file at all. Profiles written by `awsso discover`
//! carry `awsso_*` keys instead of `sso_*` ones (SDKs would act on `sso_*` keys before the process line); they are followed too, so
//! `awsso env --profile <generated>` works. `--role-arn` or `--account-id`/`--role-name` override
//! the profile's account and role. Inconsistent configurations are errors naming file:line.

use std::path::Path;

use crate::profile::{ProfileSet, Section, SectionKind};

/// The default registration scope: it makes tokens refreshable.
pub(crate) const DEFAULT_SCOPE: &str = "sso:account:access";

/// How the target was selected; used to print the exact command that fixes things.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Selector {
    /// `--profile NAME` (or AWS_PROFILE).
    Profile(String),
    /// `--sso-session NAME`.
    Session(String),
    /// `--start-url URL --sso-region R`.
    StartUrl,
}

/// A resolved Identity Center instance, and optionally a role in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SsoTarget {
    /// The start URL.
    pub start_url: String,
    /// The Identity Center region.
    pub sso_region: String,
    /// The `sso-session` name, when there is one (it keys the token cache).
    pub session: Option<String>,
    /// Registration scopes.
    pub scopes: Vec<String>,
    /// The account, when known.
    pub account_id: Option<String>,
    /// The role, when known.
    pub role_name: Option<String>,
    /// The profile's `region` (for generated profiles and env exports), as written: read it
    /// through [`SsoTarget::checked_region`].
    pub region: Option<String>,
    /// Where `region` was written (file:line), for errors.
    pub region_location: Option<String>,
    /// How it was selected.
    pub selector: Selector,
    /// A fixed port for the PKCE login's loopback listener (`awsso_callback_port` in the
    /// profile or sso-session section), for an SSH port-forward.
    pub callback_port: Option<u16>,
    /// An `aws login` session profile (`login_session = <principal ARN>`): credentials come
    /// from the sign-in service (`crate::login_session`), not Identity Center; `start_url` and
    /// `sso_region` are empty and `account_id` is the principal's.
    pub login_session: Option<String>,
}

impl SsoTarget {
    /// The instance at `url` in `region`, with no sso-session, role or options (a legacy
    /// target, as `--start-url` selects).
    pub(crate) fn start_url(url: &str, region: &str) -> SsoTarget {
        SsoTarget {
            start_url: url.to_owned(),
            sso_region: region.to_owned(),
            session: None,
            scopes: vec![DEFAULT_SCOPE.to_owned()],
            account_id: None,
            role_name: None,
            region: None,
            region_location: None,
            selector: Selector::StartUrl,
            callback_port: None,
            login_session: None,
        }
    }

    /// A `login_session` profile's target (see [`SsoTarget::login_session`]).
    pub(crate) fn login_session(profile: &str, arn: &str, region: Option<&str>) -> SsoTarget {
        SsoTarget {
            start_url: String::new(),
            sso_region: String::new(),
            session: None,
            scopes: Vec::new(),
            account_id: crate::login_session::account_of(arn).map(str::to_owned),
            role_name: None,
            region: region.map(str::to_owned),
            selector: Selector::Profile(profile.to_owned()),
            callback_port: None,
            login_session: Some(arn.trim().to_owned()),
            region_location: None,
        }
    }

    /// The account and the name credentials are for, as shown to a person: the account and
    /// role, or for a login session the principal's account and name (the ARN's last part).
    pub(crate) fn principal(&self) -> Result<(&str, &str), TargetError> {
        if let (Some(arn), Some(account)) = (&self.login_session, &self.account_id) {
            return Ok((account, arn.rsplit(['/', ':']).next().unwrap_or(arn)));
        }
        self.role()
    }

    /// The account credentials are for: the role's, or a login session principal's.
    pub(crate) fn account(&self) -> Result<&str, TargetError> {
        if self.login_session.is_some()
            && let Some(account) = &self.account_id
        {
            return Ok(account);
        }
        self.role().map(|(account, _)| account)
    }

    /// The profile's `region`, checked to be a region name (it becomes a host name): an error
    /// naming file:line when it is not. `None` when there is none (or it is empty).
    pub(crate) fn checked_region(&self) -> Result<Option<&str>, TargetError> {
        let Some(region) = self.region.as_deref().filter(|r| !r.is_empty()) else {
            return Ok(None);
        };
        crate::ids::check_region(region).map_err(|e| TargetError::Invalid {
            location: self
                .region_location
                .clone()
                .unwrap_or_else(|| "region".to_owned()),
            detail: format!("region: {e}"),
        })?;
        Ok(Some(region))
    }

    /// The token cache key: the session name, or the start URL for legacy profiles.
    pub(crate) fn cache_key(&self) -> &str {
        self.session.as_deref().unwrap_or(&self.start_url)
    }

    /// How the target was named, as the core's selection: what a front end needs to name it
    /// again (the CLI renders it as `--profile dev`, ...).
    pub(crate) fn selection(&self) -> Target {
        match &self.selector {
            Selector::Profile(p) => Target::Profile(p.clone()),
            Selector::Session(s) => Target::Session(s.clone()),
            Selector::StartUrl => Target::StartUrl {
                url: self.start_url.clone(),
                region: self.sso_region.clone(),
            },
        }
    }

    /// The account and role, or an error saying which are missing. Both are checked
    /// ([`crate::ids`]) wherever they came from: flags, an ARN or the config file.
    pub(crate) fn role(&self) -> Result<(&str, &str), TargetError> {
        match (&self.account_id, &self.role_name) {
            (Some(a), Some(r)) => {
                crate::ids::check_account_id(a)?;
                crate::ids::check_role_name(r)?;
                Ok((a, r))
            }
            _ => Err(TargetError::NoRole {
                what: match &self.selector {
                    Selector::Profile(p) => {
                        format!("profile '{p}' has no sso_account_id/sso_role_name")
                    }
                    _ => "no account and role given".to_owned(),
                },
            }),
        }
    }
}

/// A selection that cannot be resolved. The CLI gives each its hint (`cli::report`).
#[derive(Debug, thiserror::Error)]
pub(crate) enum TargetError {
    /// Nothing selected at all.
    #[error("no SSO target selected")]
    NothingSelected,
    /// The profile does not exist.
    #[error("profile '{name}' not found in {path}{known}")]
    UnknownProfile {
        /// The profile.
        name: String,
        /// The config file.
        path: String,
        /// ` (profiles: a, b)` or empty.
        known: String,
    },
    /// The sso-session does not exist.
    #[error("{}no [sso-session {name}] section in {path}", prefix(location.as_deref()))]
    UnknownSession {
        /// The session.
        name: String,
        /// Where it was named (file:line), when a profile named it; `None` when the caller did.
        location: Option<String>,
        /// The config file.
        path: String,
    },
    /// A required key is missing.
    #[error("{location}: [{section}] has no '{key}'")]
    MissingKey {
        /// Where (file:line of the section header).
        location: String,
        /// The section, e.g. `sso-session my-sso`.
        section: String,
        /// The key.
        key: String,
    },
    /// A profile's keys contradict its session.
    #[error("{location}: {detail}")]
    Inconsistent {
        /// Where in the profile.
        location: String,
        /// The key.
        key: String,
        /// Both values and where the other one is.
        detail: String,
    },
    /// The profile is not an SSO profile.
    #[error(
        "{location}: profile '{name}' has no SSO configuration (sso_session, or sso_start_url and sso_region)"
    )]
    NotSso {
        /// The profile.
        name: String,
        /// Where.
        location: String,
    },
    /// `--role-arn` is malformed.
    #[error("invalid role ARN '{arn}': expected arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME")]
    BadRoleArn {
        /// The ARN.
        arn: String,
    },
    /// A value is not valid.
    #[error("{location}: {detail}")]
    Invalid {
        /// Where (file:line).
        location: String,
        /// What is wrong.
        detail: String,
    },
    /// An account id or role name that AWS would not accept.
    #[error(transparent)]
    BadId(#[from] crate::ids::IdError),
    /// No role was given.
    #[error("{what}")]
    NoRole {
        /// What is missing.
        what: String,
    },
}

/// `location: ` or nothing.
fn prefix(location: Option<&str>) -> String {
    location.map(|l| format!("{l}: ")).unwrap_or_default()
}

/// Which Identity Center instance to use: the core's form of the selection flags
/// (`--profile`, `--sso-session`, `--start-url`/`--sso-region`), or of a library call.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub(crate) enum Target {
    /// A profile of the config file (sso-session, legacy or awsso-generated).
    Profile(String),
    /// An `[sso-session NAME]` section of the config file.
    Session(String),
    /// A start URL and its region; no config file is read.
    StartUrl {
        /// The start URL.
        url: String,
        /// The Identity Center region.
        region: String,
    },
}

/// Account and role overrides: `--role-arn`, or `--account-id` and `--role-name`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RoleChoice {
    /// `arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME`.
    pub role_arn: Option<String>,
    /// The account id (12 digits).
    pub account_id: Option<String>,
    /// The role (permission set) name.
    pub role_name: Option<String>,
}

/// Resolves a target (and optional role overrides) against the config file.
/// Reads what resolving `selected` needs from the config file at `config`: nothing for a start
/// URL; otherwise every sso-session and only the selected profile's keys (so a cache hit stays
/// fast with 100,000 generated profiles in the file). Returns the files and the config path as
/// errors should name it (a missing file is said to be missing). The CLI and the library both
/// read through here, then call [`resolve`].
pub(crate) fn read_for(
    selected: &Target,
    config: &Path,
) -> Result<(ProfileSet, String), crate::profile::ProfileError> {
    let wanted = match selected {
        Target::Profile(name) => Some(name.as_str()),
        _ => None,
    };
    let keep = |kind: SectionKind, name: &str| !kind.is_profile() || wanted == Some(name);
    let set = match selected {
        Target::StartUrl { .. } => ProfileSet::parse(None, None),
        _ => ProfileSet::load_keeping(Some(config), None, &keep)?,
    };
    let mut label = config.display().to_string();
    if set.config_document().is_none() && !matches!(selected, Target::StartUrl { .. }) {
        label.push_str(", which does not exist");
    }
    Ok((set, label))
}

pub(crate) fn resolve(
    target: &Target,
    role: Option<&RoleChoice>,
    files: &ProfileSet,
    config_path: &str,
) -> Result<SsoTarget, TargetError> {
    let mut resolved = match target {
        Target::StartUrl { url, region } => {
            crate::ids::check_start_url(url)?;
            crate::ids::check_region(region)?;
            SsoTarget::start_url(url, region)
        }
        Target::Session(name) => {
            let mut t = from_session(files, name, None, config_path)?;
            t.selector = Selector::Session(name.clone());
            t
        }
        Target::Profile(name) => from_profile(files, name, config_path)?,
    };
    if let Some(role) = role {
        if resolved.login_session.is_some() && *role != RoleChoice::default() {
            return Err(TargetError::NoRole {
                what: "--role-arn, --account-id and --role-name do not apply to an `aws login` session profile (login_session): its credentials are the signed-in principal's".to_owned(),
            });
        }
        apply_role(&mut resolved, role)?;
    }
    Ok(resolved)
}

fn apply_role(target: &mut SsoTarget, role: &RoleChoice) -> Result<(), TargetError> {
    if let Some(arn) = &role.role_arn {
        let (account, name) = parse_role_arn(arn)?;
        target.account_id = Some(account);
        target.role_name = Some(name);
    }
    if let Some(a) = &role.account_id {
        target.account_id = Some(a.clone());
    }
    if let Some(r) = &role.role_name {
        target.role_name = Some(r.clone());
    }
    if let Some(a) = &target.account_id {
        crate::ids::check_account_id(a)?;
    }
    if let Some(r) = &target.role_name {
        crate::ids::check_role_name(r)?;
    }
    Ok(())
}

/// Splits `arn:PARTITION:iam::ACCOUNT:role/NAME` into account and role name.
pub(crate) fn parse_role_arn(arn: &str) -> Result<(String, String), TargetError> {
    let bad = || TargetError::BadRoleArn {
        arn: crate::ids::shown(arn),
    };
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [prefix, partition, service, region, account, resource] = parts.as_slice() else {
        return Err(bad());
    };
    if *prefix != "arn" || !partition.starts_with("aws") || *service != "iam" || !region.is_empty()
    {
        return Err(bad());
    }
    let name = resource.strip_prefix("role/").ok_or_else(bad)?;
    if crate::ids::check_account_id(account).is_err() || crate::ids::check_role_name(name).is_err()
    {
        return Err(bad());
    }
    Ok(((*account).to_owned(), name.to_owned()))
}

/// `awsso_callback_port = N` (1–65535) of a profile or sso-session section.
fn callback_port(section: &Section) -> Result<Option<u16>, TargetError> {
    const KEY: &str = "awsso_callback_port";
    let Some(value) = section.get(KEY) else {
        return Ok(None);
    };
    match value.trim().parse::<u16>() {
        Ok(port) if port > 0 => Ok(Some(port)),
        _ => Err(TargetError::Invalid {
            location: section.location(Some(KEY)),
            detail: format!(
                "{KEY} = {} is not a port number (1-65535)",
                crate::escape::for_terminal(value)
            ),
        }),
    }
}

fn required(section: &Section, key: &str, label: &str) -> Result<String, TargetError> {
    let value = section
        .get(key)
        .map(str::to_owned)
        .ok_or_else(|| TargetError::MissingKey {
            location: section.location(None),
            section: label.to_owned(),
            key: key.to_owned(),
        })?;
    check_value(section, key)?;
    Ok(value)
}

/// Checks the value of `key` in `section` when it is a start URL or a region (every key that
/// names one), naming file:line when it is not valid. Other keys pass.
fn check_value(section: &Section, key: &str) -> Result<(), TargetError> {
    let Some(value) = section.get(key) else {
        return Ok(());
    };
    let checked = match key {
        "sso_start_url" | "awsso_start_url" => crate::ids::check_start_url(value),
        "sso_region" | "awsso_sso_region" | "region" => crate::ids::check_region(value),
        _ => Ok(()),
    };
    checked.map_err(|e| TargetError::Invalid {
        location: section.location(Some(key)),
        detail: format!("{key}: {e}"),
    })
}

fn from_session(
    files: &ProfileSet,
    name: &str,
    location: Option<String>,
    config_path: &str,
) -> Result<SsoTarget, TargetError> {
    let section = files
        .sso_session(name)
        .ok_or_else(|| TargetError::UnknownSession {
            name: name.to_owned(),
            location,
            path: config_path.to_owned(),
        })?;
    let label = format!("sso-session {name}");
    let scopes = section
        .get("sso_registration_scopes")
        .map(|s| {
            s.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| vec![DEFAULT_SCOPE.to_owned()]);
    Ok(SsoTarget {
        start_url: required(section, "sso_start_url", &label)?,
        sso_region: required(section, "sso_region", &label)?,
        session: Some(name.to_owned()),
        scopes,
        account_id: None,
        role_name: None,
        region: None,
        region_location: None,
        selector: Selector::Session(name.to_owned()),
        callback_port: callback_port(section)?,
        login_session: None,
    })
}

fn from_profile(
    files: &ProfileSet,
    name: &str,
    config_path: &str,
) -> Result<SsoTarget, TargetError> {
    let profile = files.profile(name).ok_or_else(|| {
        let names = files.profile_names();
        TargetError::UnknownProfile {
            name: name.to_owned(),
            path: config_path.to_owned(),
            known: if names.is_empty() {
                String::new()
            } else {
                format!(" (profiles: {})", names.join(", "))
            },
        }
    })?;
    let sso_keys = [
        "sso_session",
        "sso_start_url",
        "sso_region",
        "awsso_session",
        "awsso_start_url",
    ];
    if let Some(arn) = profile.get("login_session")
        && !sso_keys.iter().any(|k| profile.get(k).is_some())
    {
        // An `aws login` session profile. With SSO keys too, SSO wins (as in every SDK's
        // order); `awsso doctor` reports the mix.
        if arn.trim().is_empty() {
            return Err(TargetError::Invalid {
                location: profile.location(Some("login_session")),
                detail: "login_session is empty (expected the principal ARN)".to_owned(),
            });
        }
        return Ok(SsoTarget::login_session(name, arn, profile.get("region")));
    }
    let mut target = if let Some(session) = profile.get("sso_session") {
        let mut t = from_session(
            files,
            session,
            Some(profile.location(Some("sso_session"))),
            config_path,
        )?;
        for k in ["sso_start_url", "sso_region"] {
            let Some(pv) = profile.get(k) else { continue };
            let session_section = files.sso_session(session).expect("resolved above");
            let sv = if k == "sso_start_url" {
                &t.start_url
            } else {
                &t.sso_region
            };
            if pv.trim_end_matches('/') != sv.trim_end_matches('/') {
                return Err(TargetError::Inconsistent {
                    location: profile.location(Some(k)),
                    key: k.to_owned(),
                    detail: format!(
                        "{k} = {pv} in [profile {name}] differs from {k} = {sv} in [sso-session {session}] ({})",
                        session_section.location(Some(k))
                    ),
                });
            }
        }
        t.account_id = profile.get("sso_account_id").map(str::to_owned);
        t.role_name = profile.get("sso_role_name").map(str::to_owned);
        t
    } else if profile.get("sso_start_url").is_some() || profile.get("sso_region").is_some() {
        let label = if name == "default" {
            "default".to_owned()
        } else {
            format!("profile {name}")
        };
        SsoTarget {
            start_url: required(profile, "sso_start_url", &label)?,
            sso_region: required(profile, "sso_region", &label)?,
            session: None,
            scopes: vec![DEFAULT_SCOPE.to_owned()],
            account_id: profile.get("sso_account_id").map(str::to_owned),
            role_name: profile.get("sso_role_name").map(str::to_owned),
            region: None,
            region_location: None,
            selector: Selector::Profile(name.to_owned()),
            callback_port: None,
            login_session: None,
        }
    } else if let Some(session) = profile.get("awsso_session") {
        // awsso-generated profiles carry awsso_* keys (never sso_*, which SDKs would act on).
        let mut t = from_session(
            files,
            session,
            Some(profile.location(Some("awsso_session"))),
            config_path,
        )?;
        t.account_id = profile.get("awsso_account_id").map(str::to_owned);
        t.role_name = profile.get("awsso_role_name").map(str::to_owned);
        t
    } else if let (Some(url), Some(region)) = (
        profile.get("awsso_start_url"),
        profile.get("awsso_sso_region"),
    ) {
        check_value(profile, "awsso_start_url")?;
        check_value(profile, "awsso_sso_region")?;
        SsoTarget {
            start_url: url.to_owned(),
            sso_region: region.to_owned(),
            session: None,
            scopes: vec![DEFAULT_SCOPE.to_owned()],
            account_id: profile.get("awsso_account_id").map(str::to_owned),
            role_name: profile.get("awsso_role_name").map(str::to_owned),
            region: None,
            region_location: None,
            selector: Selector::Profile(name.to_owned()),
            callback_port: None,
            login_session: None,
        }
    } else {
        return Err(TargetError::NotSso {
            name: name.to_owned(),
            location: profile.location(None),
        });
    };
    // Checked where it is used (SsoTarget::checked_region): a command that never uses it, such
    // as credential-process, does not fail on it.
    target.region = profile.get("region").map(str::to_owned);
    // Only a region that will fail needs its place (kept off the cache-hit path).
    target.region_location = target
        .region
        .as_deref()
        .filter(|r| !r.is_empty() && crate::ids::check_region(r).is_err())
        .map(|_| profile.location(Some("region")));
    target.selector = Selector::Profile(name.to_owned());
    if let Some(port) = callback_port(profile)? {
        target.callback_port = Some(port);
    }
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_arns() {
        assert_eq!(
            parse_role_arn("arn:aws:iam::123456789012:role/Admin").unwrap(),
            ("123456789012".to_owned(), "Admin".to_owned())
        );
        assert!(parse_role_arn("arn:aws-us-gov:iam::123456789012:role/X").is_ok());
        for bad in [
            "arn:aws:iam::123456789012:user/Admin",
            "arn:aws:sts::123456789012:role/Admin",
            "arn:aws:iam::123456789012:role/path/Admin",
            "Admin",
        ] {
            assert!(parse_role_arn(bad).is_err(), "{bad}");
        }
    }
}
