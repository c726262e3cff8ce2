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
//! A subset of TOML: `key = "value"` lines (basic strings with the `\"` and `\\` escapes, or
//! 'literal strings'), blank lines and `#` comments (also after a value). `session`, `account`
//! and `role` (or the config file's `sso_account_id` and `sso_role_name`) are accepted for
//! `sso_session`, `account_id` and `role_name`. Anything else —
//! tables, other types, unknown or repeated keys — is an error naming the file and line, so
//! every file this reads means the same to a full TOML reader. Written by hand rather than
//! with a TOML crate: four string keys do not justify another parser in the executable.

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

/// Parses a folder file (see the module docs). Pure.
pub(crate) fn parse(path: &Path, text: &str) -> Result<FolderChoice, FolderFileError> {
    let mut choice = FolderChoice::default();
    let mut last_line = 0;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        last_line = line_no;
        let fail = |message: String| FolderFileError {
            path: path.display().to_string(),
            line: line_no,
            message,
        };
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, rest)) = line.split_once('=') else {
            return Err(fail("expected key = \"value\"".to_owned()));
        };
        let key = key.trim();
        let (value, tail) = string_value(rest.trim_start())
            .ok_or_else(|| fail(format!("the value of {key} must be a \"quoted string\"")))?;
        let tail = tail.trim();
        if !(tail.is_empty() || tail.starts_with('#')) {
            return Err(fail(format!("unexpected text after the value of {key}")));
        }
        let slot = match key {
            "profile" => &mut choice.profile,
            "sso_session" | "session" => &mut choice.sso_session,
            "account_id" | "account" | "sso_account_id" => &mut choice.account_id,
            "role_name" | "role" | "sso_role_name" => &mut choice.role_name,
            "region" => &mut choice.region,
            _ => {
                return Err(fail(format!(
                    "unknown key '{}' (known: profile, sso_session, account_id, role_name, region)",
                    crate::ids::shown(key)
                )));
            }
        };
        if slot.is_some() {
            return Err(fail(format!(
                "{key} is given twice (or under another name)"
            )));
        }
        if value.is_empty() || value.chars().any(char::is_control) {
            return Err(fail(format!(
                "the value of {key} is empty or holds control characters"
            )));
        }
        *slot = Some(value);
    }
    let fail = |message: &str| FolderFileError {
        path: path.display().to_string(),
        line: last_line.max(1),
        message: message.to_owned(),
    };
    match (&choice.profile, &choice.sso_session) {
        (Some(_), Some(_)) => Err(fail("give either profile or sso_session, not both")),
        (Some(_), None) if choice.account_id.is_some() || choice.role_name.is_some() => Err(fail(
            "account_id and role_name go with sso_session (a profile names its own)",
        )),
        (None, Some(_)) if choice.account_id.is_none() || choice.role_name.is_none() => {
            Err(fail("sso_session needs account_id and role_name"))
        }
        (None, None) => Err(fail("the file names neither a profile nor an sso_session")),
        _ => {
            if let Some(id) = &choice.account_id {
                crate::ids::check_account_id(id).map_err(|e| fail(&e.to_string()))?;
            }
            if let Some(role) = &choice.role_name {
                crate::ids::check_role_name(role).map_err(|e| fail(&e.to_string()))?;
            }
            Ok(choice)
        }
    }
}

/// A TOML basic or literal string at the start of `text`: the value and what follows it.
fn string_value(text: &str) -> Option<(String, &str)> {
    let mut chars = text.char_indices();
    let (_, quote) = chars.next()?;
    if quote == '\'' {
        let end = text[1..].find('\'')? + 1;
        return Some((text[1..end].to_owned(), &text[end + 1..]));
    }
    if quote != '"' {
        return None;
    }
    let mut value = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((value, &text[i + 1..])),
            '\\' => match chars.next()?.1 {
                '"' => value.push('"'),
                '\\' => value.push('\\'),
                _ => return None,
            },
            c => value.push(c),
        }
    }
    None
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
            (
                "profile = dev\n",
                "/p/.awsso.toml:1: the value of profile must be",
            ),
            ("\n[x]\n", "/p/.awsso.toml:2: expected key"),
            (
                "profile = \"a\"\nprofile = \"b\"\n",
                ":2: profile is given twice",
            ),
            ("colour = \"red\"\n", ":1: unknown key 'colour'"),
            ("profile = \"a\" x\n", ":1: unexpected text"),
            ("profile = \"a\\n\"\n", ":1: the value of profile must be"),
            ("profile = \"\"\n", ":1: the value of profile is empty"),
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
