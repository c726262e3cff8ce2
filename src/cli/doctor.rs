//! `awsso doctor`'s checks: what breaks SSO logins and credentials, each finding with its fix.
//!
//! The profile checks ([`check_profiles`], [`check_credentials`], [`check_diagnostics`]) are
//! pure over a [`ProfileSet`]; [`check_token_files`] and [`check_program`] read the file system.
//! Owns the severity of each finding: an **error** means some AWS tool will fail or silently use
//! other credentials than intended; a **warning** means a tool may read the file differently, or
//! sessions will not last. Does not own printing.
//!
//! ```ini
//! [profile dev]
//! sso_session = corp            # error: SDKs use SSO and never run credential_process
//! credential_process = awsso credential-process --profile dev
//! region = eu-west-1 # Ireland  # warning: botocore keeps "# Ireland" in the value
//! ```

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use serde::Serialize;
use time::OffsetDateTime;

use crate::env::ProxyEnv;
use crate::platform::access::Verdict;
use crate::platform::open::{self, Kind};
use crate::platform::security;
use crate::platform::{Os, fix, program};
use crate::profile::{DiagnosticKind, ProfileSet, Section};
use crate::sso::proxy::{Proxy, ProxySettings};
use crate::sso::target::{self, Target};
use crate::sso::timestamp::Timestamp;
use crate::sso::token_cache;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Severity {
    /// Tools read it differently, or sessions will not last.
    Warning,
    /// Some tool will fail, or use other credentials than intended.
    Error,
}

/// One problem and its fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Finding {
    /// How bad it is.
    pub severity: Severity,
    /// A stable kebab-case identifier, e.g. `sso-and-credential-process`.
    pub code: &'static str,
    /// `PATH:LINE` or a path, when the finding has a place.
    pub location: Option<String>,
    /// What is wrong (lowercase, no trailing period).
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

fn finding(
    severity: Severity,
    code: &'static str,
    location: Option<String>,
    message: String,
    fix: String,
) -> Finding {
    Finding {
        severity,
        code,
        location,
        message,
        fix,
    }
}

fn is_sso_key(key: &str) -> bool {
    key.starts_with("sso_")
}

/// Checks each config profile (or only `only`): SSO keys next to `credential_process`, SSO
/// settings that do not resolve, mixed formats, missing account/role, non-refreshable setups.
/// `credential_process` programs are checked separately ([`check_program`]).
pub(crate) fn check_profiles(
    set: &ProfileSet,
    only: Option<&str>,
    config_path: &str,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let names: Vec<&str> = match only {
        Some(name) => {
            if set.profile(name).is_none() {
                out.push(finding(
                    Severity::Error,
                    "unknown-profile",
                    Some(config_path.to_owned()),
                    format!("profile '{name}' not found"),
                    format!("add [profile {name}] to {config_path}, or check the name"),
                ));
            }
            vec![name]
        }
        None => set.profile_names(),
    };
    let mut sessions_used = Vec::new();
    for name in names {
        let Some(p) = set.profile(name) else { continue };
        let label = if name == "default" {
            "[default]".to_owned()
        } else {
            format!("[profile {name}]")
        };
        let has_sso = p.keys().any(|(k, _)| is_sso_key(k));
        if has_sso && p.get("credential_process").is_some() {
            out.push(finding(
                Severity::Error,
                "sso-and-credential-process",
                Some(p.location(Some("credential_process"))),
                format!("{label} has sso_* keys and credential_process: SDKs use SSO and never run the process"),
                format!("keep one: remove the sso_* keys from {label} (awsso reads awsso_* keys), or remove credential_process"),
            ));
        }
        let is_target =
            has_sso || p.get("awsso_session").is_some() || p.get("awsso_start_url").is_some();
        if !is_target {
            continue;
        }
        match target::resolve(&Target::Profile(name.to_owned()), None, set, config_path) {
            Err(e) => {
                let fix = e.hint().unwrap_or_else(|| format!("correct {label}"));
                out.push(finding(
                    Severity::Error,
                    "invalid-sso-profile",
                    None,
                    e.to_string(),
                    fix,
                ));
            }
            Ok(t) => {
                if let Some(session) = &t.session {
                    sessions_used.push(session.clone());
                }
                if p.get("sso_session").is_some() {
                    for key in ["sso_start_url", "sso_region"] {
                        if p.get(key).is_some() {
                            out.push(finding(
                                Severity::Warning,
                                "mixed-sso-formats",
                                Some(p.location(Some(key))),
                                format!("{label} has sso_session and {key}: the AWS SDK for Rust rejects the profile"),
                                format!("remove {key} from {label}; the [sso-session] section holds it"),
                            ));
                        }
                    }
                } else if p.get("sso_start_url").is_some() {
                    out.push(finding(
                        Severity::Warning,
                        "legacy-sso-profile",
                        Some(p.location(Some("sso_start_url"))),
                        format!("{label} uses the legacy SSO format: tokens the AWS CLI gets for it cannot be refreshed"),
                        "move sso_start_url and sso_region into an [sso-session NAME] section with \
                         sso_registration_scopes = sso:account:access, and set sso_session = NAME in the profile"
                            .to_owned(),
                    ));
                }
                if has_sso
                    && (p.get("sso_account_id").is_none() || p.get("sso_role_name").is_none())
                {
                    out.push(finding(
                        Severity::Warning,
                        "missing-sso-role",
                        Some(p.location(None)),
                        format!("{label} has no sso_account_id/sso_role_name: SDKs cannot get credentials from it"),
                        format!("add sso_account_id and sso_role_name to {label} (see `awsso list`), or use it only to log in"),
                    ));
                }
            }
        }
    }
    let sessions: Vec<String> = match only {
        Some(_) => sessions_used,
        None => set
            .sso_session_names()
            .into_iter()
            .map(str::to_owned)
            .collect(),
    };
    for name in sessions {
        let Some(s) = set.sso_session(&name) else {
            continue;
        };
        if s.get("sso_registration_scopes").is_none() {
            out.push(finding(
                Severity::Warning,
                "no-registration-scopes",
                Some(s.location(None)),
                format!("[sso-session {name}] has no sso_registration_scopes: the AWS CLI's tokens for it cannot be refreshed"),
                format!("add 'sso_registration_scopes = sso:account:access' to [sso-session {name}]"),
            ));
        }
    }
    out
}

const EXPIRATION_KEYS: [&str; 3] = ["aws_expiration", "expiration", "aws_session_expiration"];

/// Checks the credentials file: static keys that shadow a config profile's SSO or
/// `credential_process` settings, and expired keys (SDKs use them as-is).
pub(crate) fn check_credentials(
    set: &ProfileSet,
    only: Option<&str>,
    now: OffsetDateTime,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for name in set.credentials_names() {
        if only.is_some_and(|o| o != name) {
            continue;
        }
        let Some(c) = set.credentials(name) else {
            continue;
        };
        if c.get("aws_access_key_id").is_none() {
            continue;
        }
        if let Some(p) = set.profile(name) {
            let shadowed =
                p.get("credential_process").is_some() || p.keys().any(|(k, _)| is_sso_key(k));
            if shadowed {
                out.push(finding(
                    Severity::Error,
                    "static-keys-shadow-profile",
                    Some(c.location(Some("aws_access_key_id"))),
                    format!(
                        "static keys in [{name}] of the credentials file are used instead of the SSO or \
                         credential_process settings at {}",
                        p.location(None)
                    ),
                    format!("remove aws_access_key_id, aws_secret_access_key and aws_session_token from [{name}] in {}", c.path().display()),
                ));
            }
        }
        for key in EXPIRATION_KEYS {
            let Some(text) = c.get(key) else { continue };
            if let Some(at) = Timestamp::parse(text)
                && at.get() <= now
            {
                out.push(finding(
                    Severity::Error,
                    "expired-static-keys",
                    Some(c.location(Some(key))),
                    format!("the keys in [{name}] of the credentials file expired at {at}; SDKs still use them"),
                    format!("remove the keys from [{name}] in {}, or replace them", c.path().display()),
                ));
            }
        }
    }
    out
}

/// Turns the parser's diagnostics (duplicates, inline comments, invalid names, garbage lines, …)
/// into findings with fixes. They concern whole files, so `--profile` does not filter them.
pub(crate) fn check_diagnostics(set: &ProfileSet) -> Vec<Finding> {
    set.diagnostics()
        .iter()
        .map(|d| {
            let (severity, fix) = match d.kind {
                DiagnosticKind::DuplicateSection => (
                    Severity::Error,
                    "merge the sections into one (the AWS CLI rejects the file)",
                ),
                DiagnosticKind::DuplicateKey => (
                    Severity::Error,
                    "delete one of the two lines (the AWS CLI rejects the file)",
                ),
                DiagnosticKind::InlineComment => {
                    (Severity::Warning, "move the comment to a line of its own")
                }
                DiagnosticKind::IndentedComment => {
                    (Severity::Warning, "start the comment line at column 1")
                }
                DiagnosticKind::InvalidName => (
                    Severity::Warning,
                    "rename it with only A-Z a-z 0-9 _ - / . % @ : +",
                ),
                DiagnosticKind::InvalidKey => (
                    Severity::Warning,
                    "rename the key with only A-Z a-z 0-9 _ - / . % @ : +",
                ),
                DiagnosticKind::Garbage => (
                    Severity::Warning,
                    "delete the line, or make it a comment with '#'",
                ),
                DiagnosticKind::NotAProfile => {
                    (Severity::Warning, "write [profile NAME] in the config file")
                }
                DiagnosticKind::UnknownSection => (
                    Severity::Warning,
                    "use [profile NAME], [sso-session NAME] or [services NAME]",
                ),
                DiagnosticKind::ShadowedDefault => {
                    (Severity::Warning, "merge [default] into [profile default]")
                }
                DiagnosticKind::ProfilePrefixInCredentials => (
                    Severity::Warning,
                    "write [NAME] without 'profile' in the credentials file",
                ),
                DiagnosticKind::InvalidSubProperty => (
                    Severity::Warning,
                    "write the indented line as 'key = value'",
                ),
                DiagnosticKind::ByteOrderMark => (
                    Severity::Warning,
                    "save the file as UTF-8 without a byte order mark",
                ),
            };
            finding(
                severity,
                d.kind.as_str(),
                Some(d.location()),
                d.message.clone(),
                fix.to_owned(),
            )
        })
        .collect()
}

/// Checks the token cache folder (or only `only`, a file in it): unreadable files, corrupt
/// tokens (e.g. no `expiresAt`), and files with secrets that others may read (not 0600).
pub(crate) fn check_token_files(dir: &Path, only: Option<&Path>) -> Vec<Finding> {
    let files: Vec<PathBuf> = match only {
        Some(path) => vec![path.to_path_buf()],
        None => {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return Vec::new();
            };
            let mut files: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect();
            files.sort();
            files
        }
    };
    let mut out = Vec::new();
    for path in files {
        let location = Some(path.display().to_string());
        let bytes = match crate::fsutil::read_private(&path) {
            Ok(Some(b)) => b,
            Ok(None) => continue,
            // A folder others can write is reported once, by check_private_files.
            Err(e)
                if e.get_ref()
                    .and_then(|i| i.downcast_ref::<crate::fsutil::FileError>())
                    .is_some_and(|f| matches!(f, crate::fsutil::FileError::OpenFolder { .. })) =>
            {
                continue;
            }
            Err(e)
                if e.get_ref()
                    .is_some_and(|i| i.is::<crate::fsutil::FileError>()) =>
            {
                out.push(finding(
                    Severity::Error,
                    "token-cache-unsafe",
                    location,
                    e.to_string(),
                    "remove the file and log in again (awsso login --force)".to_owned(),
                ));
                continue;
            }
            Err(e) => {
                out.push(finding(
                    Severity::Error,
                    "token-cache-unreadable",
                    location,
                    format!("cannot read the file: {e}"),
                    format!(
                        "fix its owner and permissions ({}), or delete it and log in again",
                        fix::make_private(&path, false, Os::HERE)
                    ),
                ));
                continue;
            }
        };
        let value: Option<serde_json::Value> = serde_json::from_slice(&bytes).ok();
        let has = |key: &str| {
            value
                .as_ref()
                .and_then(|v| v.as_object())
                .is_some_and(|m| m.keys().any(|k| k.eq_ignore_ascii_case(key)))
        };
        let is_token = has("accessToken");
        if (value.is_none() || is_token)
            && let Err(e) = token_cache::parse(&bytes, &path)
        {
            let message = match e {
                token_cache::CacheError::Corrupt { problem, .. } => problem,
                other => other.to_string(),
            };
            out.push(finding(
                Severity::Error,
                "token-cache-corrupt",
                location.clone(),
                message,
                format!(
                    "delete {} and log in again (awsso login --force)",
                    path.display()
                ),
            ));
        }
        let secret = is_token || has("clientSecret");
        if secret
            && let Ok(facts) = security::of_path(&path)
            && let Some(others) = facts.access.others()
        {
            out.push(finding(
                Severity::Error,
                "token-cache-permissions",
                location,
                format!("the file holds secrets and has {others}: other users may read it"),
                fix::make_private(&path, false, Os::HERE),
            ));
        }
    }
    out
}

/// Checks the files awsso keeps secrets in, and their folders, under the rules of
/// [`crate::fsutil`]: every folder (`~/.aws/awsso`, its `roles` and `locks`, `~/.aws/sso` and
/// its `cache`) owned by us and not writable by others (awsso's own also not readable by
/// others); every role-cache and lock file a regular file of ours (role caches private); and
/// the credentials file private when it holds secret keys. "Private" is a mode on unix
/// (`0600`, `0700`) and an ACL on Windows (see [`crate::platform::access`]); each fix is the
/// platform's command (`chmod`, or `icacls`).
pub(crate) fn check_private_files(paths: &crate::paths::Paths, set: &ProfileSet) -> Vec<Finding> {
    let here = Os::HERE;
    let mut out = Vec::new();
    let sso_dir = paths.sso_cache.parent().map(Path::to_path_buf);
    let folders = [
        (Some(paths.awsso_dir.clone()), true),
        (Some(paths.role_cache()), true),
        (Some(paths.locks()), true),
        (sso_dir, false),
        (Some(paths.sso_cache.clone()), false),
    ];
    for (dir, own) in folders.into_iter().filter_map(|(d, own)| Some((d?, own))) {
        let Ok(facts) = security::of_path(&dir) else {
            continue;
        };
        let location = Some(dir.display().to_string());
        if let Some(owner) = facts.owner.not_ours(here) {
            out.push(finding(
                Severity::Error,
                "folder-owner",
                location,
                format!("the folder is owned by another user ({owner}): awsso does not trust files in it"),
                format!(
                    "{} (or remove it)",
                    fix::take_ownership(&dir, security::my_uid(), here)
                ),
            ));
        } else if let Verdict::OthersWrite(others) = &facts.access {
            out.push(finding(
                Severity::Error,
                "folder-writable-by-others",
                location,
                format!("the folder has {others}: other users can replace the files in it"),
                fix::deny_others_write(&dir, here),
            ));
        } else if let Some(others) = facts.access.others()
            && own
        {
            out.push(finding(
                Severity::Warning,
                "folder-permissions",
                location,
                format!("awsso's folder has {others}: other users can list it"),
                fix::make_private(&dir, true, here),
            ));
        }
    }
    for (dir, secret) in [(paths.role_cache(), true), (paths.locks(), false)] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        files.sort();
        for path in files {
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            let location = Some(path.display().to_string());
            let kind = open::kind_of(&meta);
            if kind != Kind::File {
                let link = matches!(kind, Kind::Link { .. });
                let what = match kind {
                    Kind::Link { .. } => format!("a {}", open::LINK_NAME),
                    Kind::Dir => "a directory".to_owned(),
                    _ => "a special file (FIFO, device or socket)".to_owned(),
                };
                out.push(finding(
                    Severity::Error,
                    "unsafe-file",
                    location,
                    format!("{what} where awsso keeps its own files"),
                    fix::remove(&path, kind.is_dir(), link, here),
                ));
                continue;
            }
            let Ok(facts) = security::of_path(&path) else {
                continue;
            };
            if let Some(owner) = facts.owner.not_ours(here) {
                out.push(finding(
                    Severity::Error,
                    "file-owner",
                    location,
                    format!("the file is owned by another user ({owner})"),
                    fix::remove(&path, false, false, here),
                ));
            } else if let Some(others) = facts.access.others()
                && secret
            {
                out.push(finding(
                    Severity::Error,
                    "role-cache-permissions",
                    location,
                    format!(
                        "the file holds role credentials and has {others}: other users may read it"
                    ),
                    fix::make_private(&path, false, here),
                ));
            }
        }
    }
    if let Some(path) = set.credentials_path()
        && let Ok(facts) = security::of_path(path)
        && let Some(others) = facts.access.others()
        && set.credentials_names().iter().any(|name| {
            set.credentials(name)
                .is_some_and(|s| s.keys().any(|(k, _)| k == "aws_secret_access_key"))
        })
    {
        out.push(finding(
            Severity::Error,
            "credentials-file-permissions",
            Some(path.display().to_string()),
            format!("the file holds secret keys and has {others}: other users may read it"),
            fix::make_private(path, false, here),
        ));
    }
    out
}

/// Lines of the config and credentials files that botocore reads differently from awsso and
/// the Rust SDK (see [`crate::ini::configparser`]): awsso refuses to edit such files.
pub(crate) fn check_botocore_reading(set: &ProfileSet) -> Vec<Finding> {
    use crate::ini::configparser::{Agreement, compare};
    let files = [
        (set.config_path(), set.config_document()),
        (set.credentials_path(), set.credentials_document()),
    ];
    let mut out = Vec::new();
    for (path, doc) in files {
        let (Some(path), Some(doc)) = (path, doc) else {
            continue;
        };
        if let Agreement::Different { line, reason } = compare(&doc.render(), doc) {
            out.push(finding(
                Severity::Error,
                "botocore-reads-differently",
                Some(format!("{}:{line}", path.display())),
                format!("this line has {reason}; awsso will not edit the file"),
                "rewrite the line with plain spaces, LF or CRLF line endings and 'key = value'"
                    .to_owned(),
            ));
        }
    }
    out
}

/// Checks that the program of `[profile NAME]`'s `credential_process` exists and is executable
/// (the line is split like botocore does, with shell-like quoting, and looked up on `path_var`).
pub(crate) fn check_program(profile: &Section, path_var: Option<&OsStr>) -> Option<Finding> {
    let line = profile.get("credential_process")?;
    let location = Some(profile.location(Some("credential_process")));
    let label = format!("[profile {}]", profile.name());
    let Some(words) = shlex::split(line) else {
        return Some(finding(
            Severity::Error,
            "credential-process-unparsable",
            location,
            format!("the credential_process line of {label} has unbalanced quotes"),
            "close the quotes around the program path or arguments".to_owned(),
        ));
    };
    let program = words.first()?;
    let names = program::candidate_names(program, Os::HERE);
    let candidates: Vec<PathBuf> = if program::has_folder(program, Os::HERE) {
        names.iter().map(PathBuf::from).collect()
    } else {
        path_var
            .map(|p| {
                std::env::split_paths(p)
                    .flat_map(|d| names.iter().map(move |n| d.join(n)))
                    .collect()
            })
            .unwrap_or_default()
    };
    let found: Vec<(PathBuf, bool)> = candidates
        .into_iter()
        .filter_map(|c| {
            std::fs::metadata(&c)
                .ok()
                .filter(|m| m.is_file())
                .map(|m| (c, program::is_executable(&m)))
        })
        .collect();
    if found.iter().any(|(_, runs)| *runs) {
        return None;
    }
    Some(match found.first() {
        Some((path, _)) => finding(
            Severity::Error,
            "credential-process-not-executable",
            location,
            format!("the credential_process program of {label} is not executable: {}", path.display()),
            format!("chmod +x {}", path.display()),
        ),
        None => finding(
            Severity::Error,
            "credential-process-not-found",
            location,
            format!("the credential_process program of {label} was not found: {program}"),
            "install it, or write its full path in the line (SDKs run it without your shell's PATH changes)".to_owned(),
        ),
    })
}

/// The proxy settings in effect (passwords masked), for `awsso doctor`; the default value
/// means no proxy variable is set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct ProxySummary {
    /// For `https://` endpoints (every real one): `URL (from VARIABLE)`, or `None`: direct.
    pub https: Option<String>,
    /// For `http://` endpoints (local emulators, private endpoints).
    pub http: Option<String>,
    /// `NO_PROXY`: `VALUE (from VARIABLE)`.
    pub no_proxy: Option<String>,
}

impl ProxySummary {
    /// One line: `https:// via URL (from VAR); http:// direct; NO_PROXY=...`.
    pub(crate) fn line(&self) -> String {
        let via = |p: &Option<String>| {
            p.as_ref()
                .map_or("direct".to_owned(), |p| format!("via {p}"))
        };
        let mut line = format!("https:// {}; http:// {}", via(&self.https), via(&self.http));
        if let Some(no) = &self.no_proxy {
            line.push_str(&format!("; no proxy for {no}"));
        }
        line
    }
}

/// The proxy settings in effect, or an error finding naming the invalid variable.
pub(crate) fn check_proxy(env: &ProxyEnv) -> Result<ProxySummary, Finding> {
    let settings = ProxySettings::from_env(env).map_err(|e| {
        finding(
            Severity::Error,
            "invalid-proxy",
            None,
            format!("invalid proxy setting {e}"),
            format!(
                "fix or unset {}: proxy URLs look like http://[USER:PASSWORD@]HOST:PORT",
                e.variable
            ),
        )
    })?;
    let show = |p: Option<&Proxy>| p.map(|p| format!("{} (from {})", p.url.display(), p.variable));
    Ok(ProxySummary {
        https: show(settings.https.as_ref().or(settings.all.as_ref())),
        http: show(settings.http.as_ref().or(settings.all.as_ref())),
        no_proxy: settings
            .no_proxy
            .variable
            .map(|v| format!("{} (from {v})", settings.no_proxy.value)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(unix)]
    use std::os::unix::fs::PermissionsExt;

    fn set(config: &str, credentials: &str) -> ProfileSet {
        ProfileSet::parse(
            Some((Path::new("/h/.aws/config"), config)),
            Some((Path::new("/h/.aws/credentials"), credentials)),
        )
    }

    fn codes(findings: &[Finding]) -> Vec<&'static str> {
        findings.iter().map(|f| f.code).collect()
    }

    const SESSION: &str = "[sso-session corp]\nsso_start_url = https://x/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n";

    #[test]
    fn a_clean_config_has_no_findings() {
        let s = set(
            &format!(
                "[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = A\n{SESSION}"
            ),
            "",
        );
        assert_eq!(check_profiles(&s, None, "/h/.aws/config"), vec![]);
        assert_eq!(check_diagnostics(&s), vec![]);
    }

    #[test]
    fn sso_keys_with_credential_process() {
        let s = set(
            &format!(
                "[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = A\ncredential_process = awsso x\n{SESSION}"
            ),
            "",
        );
        let f = check_profiles(&s, None, "/h/.aws/config");
        assert_eq!(codes(&f), ["sso-and-credential-process"]);
        assert_eq!(f[0].location.as_deref(), Some("/h/.aws/config:5"));
        assert_eq!(f[0].severity, Severity::Error);
    }

    #[test]
    fn unknown_session_mixed_legacy_and_scopes() {
        let s = set(
            "[profile a]\nsso_session = nope\n\
             [profile b]\nsso_session = s2\nsso_start_url = https://x/start\nsso_account_id = 123456789012\nsso_role_name = A\n\
             [profile c]\nsso_start_url = https://x/start\nsso_region = eu-west-1\n\
             [sso-session s2]\nsso_start_url = https://x/start\nsso_region = eu-west-1\n",
            "",
        );
        let f = check_profiles(&s, None, "/h/.aws/config");
        assert_eq!(
            codes(&f),
            [
                "invalid-sso-profile",
                "mixed-sso-formats",
                "legacy-sso-profile",
                "missing-sso-role",
                "no-registration-scopes"
            ]
        );
        assert!(
            f[0].message.contains("no [sso-session nope] section"),
            "{}",
            f[0].message
        );
        assert!(f[0].fix.contains("[sso-session nope]"), "{}", f[0].fix);
        let only_b = check_profiles(&s, Some("b"), "/h/.aws/config");
        assert_eq!(
            codes(&only_b),
            ["mixed-sso-formats", "no-registration-scopes"]
        );
        assert_eq!(
            codes(&check_profiles(&s, Some("zz"), "/h/.aws/config")),
            ["unknown-profile"]
        );
    }

    #[test]
    fn static_keys_shadowing_and_expired() {
        let now = OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap();
        let s = set(
            "[default]\ncredential_process = awsso x\n",
            "[default]\naws_access_key_id = AKIA\naws_secret_access_key = s\n\
             [old]\naws_access_key_id = AKIA\naws_expiration = 2020-01-01T00:00:00Z\n\
             [fine]\naws_access_key_id = AKIA\nexpiration = 2099-01-01T00:00:00Z\n",
        );
        let f = check_credentials(&s, None, now);
        assert_eq!(
            codes(&f),
            ["static-keys-shadow-profile", "expired-static-keys"]
        );
        assert_eq!(f[1].location.as_deref(), Some("/h/.aws/credentials:6"));
    }

    #[test]
    fn diagnostics_become_findings_with_fixes() {
        let s = set(
            "[profile a]\nregion = eu-west-1 # x\nregion = us-east-1\n[profile a]\n",
            "",
        );
        let f = check_diagnostics(&s);
        assert!(codes(&f).contains(&"inline-comment"), "{f:?}");
        assert!(codes(&f).contains(&"duplicate-key"), "{f:?}");
        assert!(codes(&f).contains(&"duplicate-section"), "{f:?}");
        assert!(f.iter().all(|f| !f.fix.is_empty()));
    }

    #[test]
    #[cfg(unix)] // modes; the Windows ACL rules are tested in crate::platform::access
    fn credential_process_programs() {
        let dir = tempfile::tempdir().unwrap();
        let exe = dir.path().join("helper");
        std::fs::write(&exe, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o644)).unwrap();
        let config = format!(
            "[profile ok]\ncredential_process = sh -c x\n\
             [profile missing]\ncredential_process = no-such-program-awsso --x\n\
             [profile noexec]\ncredential_process = \"{}\" --x\n\
             [profile quotes]\ncredential_process = \"unbalanced\n",
            exe.display()
        );
        let s = set(&config, "");
        let path = std::ffi::OsString::from("/usr/bin:/bin");
        let check = |n: &str| check_program(s.profile(n).unwrap(), Some(&path)).map(|f| f.code);
        assert_eq!(check("ok"), None);
        assert_eq!(check("missing"), Some("credential-process-not-found"));
        assert_eq!(check("noexec"), Some("credential-process-not-executable"));
        assert_eq!(check("quotes"), Some("credential-process-unparsable"));
    }

    #[test]
    #[cfg(unix)] // modes; the Windows ACL rules are tested in crate::platform::access
    fn token_files() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str, mode: u32| {
            let p = dir.path().join(name);
            std::fs::write(&p, text).unwrap();
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
        };
        write(
            "good.json",
            r#"{"accessToken":"a","expiresAt":"2099-01-01T00:00:00Z"}"#,
            0o600,
        );
        write(
            "loose.json",
            r#"{"accessToken":"a","expiresAt":"2099-01-01T00:00:00Z"}"#,
            0o644,
        );
        write("noexpiry.json", r#"{"accessToken":"a"}"#, 0o600);
        write("garbage.json", "{not json", 0o600);
        write(
            "registration.json",
            r#"{"clientId":"c","clientSecret":"s","expiresAt":"2099-01-01T00:00:00Z"}"#,
            0o600,
        );
        let f = check_token_files(dir.path(), None);
        assert_eq!(
            codes(&f),
            [
                "token-cache-corrupt",
                "token-cache-permissions",
                "token-cache-corrupt"
            ]
        );
        assert!(
            f[2].message.contains("missing field 'expiresAt'"),
            "{}",
            f[2].message
        );
        assert_eq!(
            check_token_files(dir.path(), Some(&dir.path().join("good.json"))),
            vec![]
        );
    }

    #[test]
    #[cfg(windows)]
    fn token_files_others_may_read_get_the_icacls_fix() {
        use crate::platform::security::test_acl;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("loose.json");
        std::fs::write(
            &path,
            r#"{"accessToken":"a","expiresAt":"2099-01-01T00:00:00Z"}"#,
        )
        .unwrap();
        security::make_private(&path, false).unwrap();
        if security::of_path(&path).unwrap().access.others().is_some() {
            // Windows keeps every ACL; Wine keeps only what a unix mode can say.
            eprintln!("skipped: this file system does not keep access control lists");
            return;
        }
        assert_eq!(check_token_files(dir.path(), None), vec![]);
        test_acl::users_may(&path, test_acl::READ).unwrap();
        let access = security::of_path(&path).unwrap().access;
        let others = access.others().expect("BUILTIN\\Users may read the file");
        let f = check_token_files(dir.path(), None);
        assert_eq!(codes(&f), ["token-cache-permissions"]);
        assert_eq!(
            f[0].message,
            format!("the file holds secrets and has {others}: other users may read it")
        );
        assert_eq!(
            f[0].fix,
            format!(
                "icacls \"{}\" /inheritance:r /grant:r \"%USERNAME%:F\"",
                path.display()
            )
        );
    }
}
