//! The folder file: a `.awsso.toml` in a project folder (or a parent) that names the profile,
//! or the SSO session, account and role, and the region to use there.
//!
//! ```toml
//! # .awsso.toml
//! profile = "dev"
//! region = "eu-west-1"        # optional
//! ```
//!
//! ```toml
//! sso_session = "my-sso"
//! account_id = "123456789012"
//! role_name = "Admin"
//! ```
//!
//! `awsso use` without a query, and `exec`, `env` and `console` without a selection flag or
//! AWS_PROFILE, use the nearest one (the current folder first, then each parent up to the
//! root) and say so on stderr. Precedence: the command's flags, then AWS_PROFILE, then the
//! folder file. The file is read only when nobody else could have put it there
//! ([`crate::fsutil::read_guarded`]: no link, the user's own file in the user's own folder,
//! neither writable by others); otherwise the command stops with the reason.
//!
//! The search ([`search_path`]) and the parse ([`parse`]) are pure; [`find`] is the thin I/O.
//!
//! # The format
//! TOML, read with the `toml` crate: top-level string keys only. `session`, `account` and
//! `role` (or the config file's `sso_account_id` and `sso_role_name`) are accepted for
//! `sso_session`, `account_id` and `role_name`. Anything else — tables, other types, unknown
//! or repeated keys — is an error naming the file and line.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

/// The file's name.
pub(crate) const FILE_NAME: &str = ".awsso.toml";

/// What a folder file chooses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FolderChoice {
    /// `profile`.
    pub profile: Option<String>,
    /// `sso_session`.
    pub sso_session: Option<String>,
    /// `account_id`.
    pub account_id: Option<String>,
    /// `role_name`.
    pub role_name: Option<String>,
    /// `region`.
    pub region: Option<String>,
}

impl FolderChoice {
    /// A few words for the "using ..." message.
    pub(crate) fn describe(&self) -> String {
        match (&self.profile, &self.sso_session) {
            (Some(p), _) => format!("profile {p}"),
            (None, Some(s)) => format!(
                "role {} in account {} of sso-session {s}",
                self.role_name.as_deref().unwrap_or("?"),
                self.account_id.as_deref().unwrap_or("?")
            ),
            (None, None) => "nothing".to_owned(),
        }
    }
}

/// A folder file that is not in the format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub(crate) struct FolderFileError {
    /// The file.
    pub path: String,
    /// The line (1-based).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The folders searched from `cwd`, nearest first: `cwd` and each of its parents. Pure.
pub(crate) fn search_path(cwd: &Path) -> Vec<PathBuf> {
    cwd.ancestors().map(|dir| dir.join(FILE_NAME)).collect()
}

/// The file as TOML sees it: only these keys (and their other names), each a string.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FolderFileToml {
    profile: Option<String>,
    #[serde(alias = "session")]
    sso_session: Option<String>,
    #[serde(alias = "account", alias = "sso_account_id")]
    account_id: Option<String>,
    #[serde(alias = "role", alias = "sso_role_name")]
    role_name: Option<String>,
    region: Option<String>,
}

/// Parses a folder file (see the module docs). Pure.
pub(crate) fn parse(path: &Path, text: &str) -> Result<FolderChoice, FolderFileError> {
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let fail = |line: usize, message: String| FolderFileError {
        path: path.display().to_string(),
        line,
        message,
    };
    let file: FolderFileToml = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |span| line_of(span.start));
        // The parser's own message, on one line: it may quote the file's text.
        fail(
            line,
            crate::escape::for_terminal(e.message().trim()).into_owned(),
        )
    })?;
    let choice = FolderChoice {
        profile: file.profile,
        sso_session: file.sso_session,
        account_id: file.account_id,
        role_name: file.role_name,
        region: file.region,
    };
    // The line of a key, for the checks below (the first line when it cannot be told).
    let key_line = |keys: &[&str]| {
        text.lines()
            .position(|line| {
                let key = line.split('=').next().unwrap_or("").trim();
                keys.contains(&key)
            })
            .map_or(1, |i| i + 1)
    };
    for (value, keys) in [
        (&choice.profile, &["profile"][..]),
        (&choice.sso_session, &["sso_session", "session"][..]),
        (
            &choice.account_id,
            &["account_id", "account", "sso_account_id"][..],
        ),
        (
            &choice.role_name,
            &["role_name", "role", "sso_role_name"][..],
        ),
        (&choice.region, &["region"][..]),
    ] {
        if let Some(value) = value
            && (value.is_empty() || value.chars().any(char::is_control))
        {
            return Err(fail(
                key_line(keys),
                format!(
                    "the value of {} is empty or holds control characters",
                    keys[0]
                ),
            ));
        }
    }
    let last_line = text.lines().count().max(1);
    let whole = |message: &str| fail(last_line, message.to_owned());
    match (&choice.profile, &choice.sso_session) {
        (Some(_), Some(_)) => Err(whole("give either profile or sso_session, not both")),
        (Some(_), None) if choice.account_id.is_some() || choice.role_name.is_some() => Err(whole(
            "account_id and role_name go with sso_session (a profile names its own)",
        )),
        (None, Some(_)) if choice.account_id.is_none() || choice.role_name.is_none() => {
            Err(whole("sso_session needs account_id and role_name"))
        }
        (None, None) => Err(whole("the file names neither a profile nor an sso_session")),
        _ => {
            if let Some(id) = &choice.account_id {
                crate::ids::check_account_id(id).map_err(|e| {
                    fail(
                        key_line(&["account_id", "account", "sso_account_id"]),
                        e.to_string(),
                    )
                })?;
            }
            if let Some(region) = &choice.region {
                crate::ids::check_region(region)
                    .map_err(|e| fail(key_line(&["region"]), e.to_string()))?;
            }
            if let Some(role) = &choice.role_name {
                crate::ids::check_role_name(role).map_err(|e| {
                    fail(
                        key_line(&["role_name", "role", "sso_role_name"]),
                        e.to_string(),
                    )
                })?;
            }
            Ok(choice)
        }
    }
}

/// Finds and reads the nearest folder file from `cwd` (see the module docs). `Ok(None)` when
/// there is none; an error when the nearest one may not be trusted or is malformed.
pub(crate) fn find(cwd: &Path) -> anyhow::Result<Option<(PathBuf, FolderChoice)>> {
    for path in search_path(cwd) {
        match std::fs::symlink_metadata(&path) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                return Err(e).with_context(|| format!("cannot read {}", path.display()));
            }
        }
        let bytes = crate::fsutil::read_guarded(&path)
            .with_context(|| format!("refusing the folder file {}", path.display()))?;
        let Some(bytes) = bytes else { continue };
        let text = String::from_utf8(bytes)
            .map_err(|_| anyhow::anyhow!("{} is not UTF-8 text", path.display()))?;
        let choice = parse(&path, &text)?;
        return Ok(Some((path, choice)));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Result<FolderChoice, String> {
        parse(Path::new("/p/.awsso.toml"), text).map_err(|e| e.to_string())
    }

    #[test]
    fn a_profile_or_a_session_role() {
        assert_eq!(
            parsed("# project\nprofile = \"dev\"  # the team's\nregion = 'eu-west-1'\n"),
            Ok(FolderChoice {
                profile: Some("dev".into()),
                region: Some("eu-west-1".into()),
                ..FolderChoice::default()
            })
        );
        let role = parsed(
            "sso_session = \"my \\\"sso\\\"\"\naccount_id = \"123456789012\"\nrole_name = \"Admin\"\n",
        )
        .unwrap();
        assert_eq!(role.sso_session.as_deref(), Some("my \"sso\""));
        assert_eq!(
            role.describe(),
            "role Admin in account 123456789012 of sso-session my \"sso\""
        );
    }

    #[test]
    fn anything_else_is_an_error_with_its_line() {
        for (text, expected) in [
            ("profile = dev\n", "/p/.awsso.toml:1: "),
            ("\n[x]\n", "/p/.awsso.toml:2: unknown field `x`"),
            ("profile = \"a\"\nprofile = \"b\"\n", ":2: duplicate key"),
            (
                "profile = \"a\"\nsession = \"b\"\nsso_session = \"c\"\n",
                "duplicate field",
            ),
            ("colour = \"red\"\n", ":1: unknown field `colour`"),
            ("profile = \"a\" x\n", ":1: "),
            ("profile = 3\n", ":1: invalid type"),
            (
                "\nprofile = \"a\\n\"\n",
                ":2: the value of profile is empty or holds control",
            ),
            ("profile = \"\"\n", ":1: the value of profile is empty"),
            ("profile = \"a\"\nregion = \"evil.example#\"\n", ":2: "),
            ("profile = \"a\"\nsso_session = \"b\"\n", "not both"),
            ("sso_session = \"b\"\n", "needs account_id and role_name"),
            (
                "profile = \"a\"\nrole_name = \"R\"\n",
                "go with sso_session",
            ),
            ("# nothing\n", "neither a profile nor an sso_session"),
            (
                "sso_session = \"s\"\naccount_id = \"12\"\nrole_name = \"R\"\n",
                "account",
            ),
        ] {
            let e = parsed(text).unwrap_err();
            assert!(e.contains(expected), "{text:?}: {e}");
        }
    }

    #[test]
    fn the_search_goes_up_to_the_root() {
        let found = search_path(Path::new("/home/me/project/sub"));
        assert_eq!(
            found.first(),
            Some(&PathBuf::from("/home/me/project/sub/.awsso.toml"))
        );
        assert_eq!(found.last(), Some(&PathBuf::from("/.awsso.toml")));
        assert_eq!(found.len(), 5);
    }
}
