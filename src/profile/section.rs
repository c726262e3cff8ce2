//! One normalised section (a profile, an sso-session, a services block or a credentials
//! profile) and the rules that turn a header name into one. Pure.
//!
//! Owns: which header means what in which file, portable names, and the read API of a
//! normalised [`Section`] (case-insensitive keys, trimmed values, sub-properties, locations).
//! Does not own merging or diagnostics (`normalize.rs`) or writing (`write.rs`).
//!
//! ```ini
//! [default]                 ; config: the profile "default"
//! [profile   dev ]          ; config: the profile "dev" (prefix and name are trimmed)
//! [sso-session corp]        ; config: the sso-session "corp"
//! [services local]          ; config: the services block "local"
//! [dev]                     ; credentials: the profile "dev"; in config: not a profile
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

use crate::ini::WHITESPACE;

/// Which of the two shared files a text comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum FileKind {
    /// `~/.aws/config`: `[default]`, `[profile NAME]`, `[sso-session NAME]`, `[services NAME]`.
    Config,
    /// `~/.aws/credentials`: `[NAME]`.
    Credentials,
}

/// What a normalised section is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum SectionKind {
    /// `[default]` in the config file (the profile "default").
    Default,
    /// `[profile NAME]` in the config file (including `[profile default]`).
    Profile,
    /// `[sso-session NAME]` in the config file.
    SsoSession,
    /// `[services NAME]` in the config file.
    Services,
    /// `[NAME]` in the credentials file.
    Credentials,
}

impl SectionKind {
    /// A short lowercase label: `default`, `profile`, `sso-session`, `services`, `credentials`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            SectionKind::Default => "default",
            SectionKind::Profile => "profile",
            SectionKind::SsoSession => "sso-session",
            SectionKind::Services => "services",
            SectionKind::Credentials => "credentials",
        }
    }

    /// Whether sections of this kind are profiles (config `Default`/`Profile`, or credentials).
    pub(crate) fn is_profile(self) -> bool {
        matches!(
            self,
            SectionKind::Default | SectionKind::Profile | SectionKind::Credentials
        )
    }
}

impl fmt::Display for SectionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether `name` only uses the characters every AWS tool accepts in profile, sso-session and
/// services names, `[A-Za-z0-9_\-/.%@:+]+`. Generated names must pass this.
pub(crate) fn is_portable_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-/.%@:+".contains(c))
}

/// What a header name means in a given file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HeaderClass<'a> {
    /// A section we model, with its normalised name (`"default"` for `[default]`).
    Section(SectionKind, &'a str),
    /// A known AWS CLI section that is not a profile (`[plugins]`, `[preview]`).
    Ignored,
    /// Config file, no prefix, not `default`: `[dev]`.
    NotAProfile,
    /// Config file, a prefix we do not know: `[Profile dev]`, `[foo bar]`.
    UnknownPrefix,
}

/// Classifies a header by its name (as written between the brackets; trimmed here). The name is
/// split at its first space or tab into a prefix and a name, both trimmed (rule 1).
pub(crate) fn classify_header(name: &str, file: FileKind) -> HeaderClass<'_> {
    let name = name.trim_matches(WHITESPACE);
    match file {
        FileKind::Credentials => HeaderClass::Section(SectionKind::Credentials, name),
        FileKind::Config => match name.split_once(WHITESPACE) {
            Some((prefix, rest)) => {
                let rest = rest.trim_matches(WHITESPACE);
                match prefix {
                    "profile" => HeaderClass::Section(SectionKind::Profile, rest),
                    "sso-session" => HeaderClass::Section(SectionKind::SsoSession, rest),
                    "services" => HeaderClass::Section(SectionKind::Services, rest),
                    _ => HeaderClass::UnknownPrefix,
                }
            }
            None if name == "default" => HeaderClass::Section(SectionKind::Default, name),
            None if name == "plugins" || name == "preview" => HeaderClass::Ignored,
            None => HeaderClass::NotAProfile,
        },
    }
}

/// One key of a normalised section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Property {
    /// Lowercased key.
    pub(crate) key: String,
    /// Trimmed value; continuation lines joined with `\n` (a sub-property block is its lines).
    pub(crate) value: String,
    /// 1-based line of the key.
    pub(crate) line: usize,
    /// Parsed `k = v` lines when the key opens a sub-property block.
    pub(crate) sub: Option<Vec<(String, String)>>,
}

/// A normalised section: duplicates merged, keys lowercased, values trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Section {
    pub(crate) kind: SectionKind,
    pub(crate) name: String,
    pub(crate) path: PathBuf,
    pub(crate) header_line: usize,
    pub(crate) props: Vec<Property>,
}

impl Section {
    /// The normalised name: `dev` for `[profile dev]`, `default` for `[default]`.
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    #[cfg(test)]
    /// What the section is. The profile "default" is [`SectionKind::Profile`] when it comes
    /// from `[profile default]` and [`SectionKind::Default`] when from `[default]`.
    pub(crate) fn kind(&self) -> SectionKind {
        self.kind
    }

    /// The value of `key` (case-insensitive), trimmed. A multi-line value has its lines joined
    /// with `\n`; a sub-property block reads as its `k = v` lines (see [`Self::sub_properties`]).
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.prop(key).map(|p| p.value.as_str())
    }

    /// 1-based line of `key` (case-insensitive); with duplicates, the occurrence that won.
    pub(crate) fn line_of(&self, key: &str) -> Option<usize> {
        self.prop(key).map(|p| p.line)
    }

    /// `PATH:LINE` of `key`, or of the section header when `key` is `None` or absent.
    pub(crate) fn location(&self, key: Option<&str>) -> String {
        let line = key
            .and_then(|k| self.line_of(k))
            .unwrap_or(self.header_line);
        format!("{}:{line}", self.path.display())
    }

    /// The file the section comes from.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    #[cfg(test)]
    /// 1-based line of the (first) header of this section.
    pub(crate) fn header_line(&self) -> usize {
        self.header_line
    }

    /// Every `(key, value)`, keys lowercased, in order of first appearance.
    pub(crate) fn keys(&self) -> impl Iterator<Item = (&str, &str)> {
        self.props
            .iter()
            .map(|p| (p.key.as_str(), p.value.as_str()))
    }

    /// The `k = v` lines under `key` when it opens a sub-property block (`key =` followed by
    /// indented lines), keys and values as written and trimmed; `None` otherwise.
    pub(crate) fn sub_properties(&self, key: &str) -> Option<Vec<(&str, &str)>> {
        self.prop(key)?
            .sub
            .as_ref()
            .map(|sub| sub.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect())
    }

    fn prop(&self, key: &str) -> Option<&Property> {
        self.props.iter().find(|p| p.key.eq_ignore_ascii_case(key))
    }
}

#[cfg(test)]
mod tests {
    use super::{FileKind, HeaderClass, SectionKind, classify_header, is_portable_name};

    #[test]
    fn portable_names() {
        assert!(is_portable_name("some-thing:long/the_one%only.foo@bar+"));
        assert!(is_portable_name("Dev01"));
        for bad in ["", "a b", "foo!bar", "é", "a\tb", "[x]", "a#b"] {
            assert!(!is_portable_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn header_classes() {
        use HeaderClass::{Ignored, NotAProfile, Section, UnknownPrefix};
        use SectionKind::{Credentials, Default, Profile, Services, SsoSession};
        let config = |n| classify_header(n, FileKind::Config);
        assert_eq!(config("default"), Section(Default, "default"));
        assert_eq!(config(" default "), Section(Default, "default"));
        assert_eq!(config("profile default"), Section(Profile, "default"));
        assert_eq!(config(" profile   name "), Section(Profile, "name"));
        assert_eq!(config("profile\tname"), Section(Profile, "name"));
        assert_eq!(config("profile a b"), Section(Profile, "a b"));
        assert_eq!(config("sso-session\tfoo "), Section(SsoSession, "foo"));
        assert_eq!(config("services x"), Section(Services, "x"));
        assert_eq!(config("profilename"), NotAProfile);
        assert_eq!(config("sso-session "), NotAProfile);
        assert_eq!(config("profile"), NotAProfile);
        assert_eq!(config("Profile x"), UnknownPrefix);
        assert_eq!(config("plugins"), Ignored);
        let creds = |n| classify_header(n, FileKind::Credentials);
        assert_eq!(creds(" dev "), Section(Credentials, "dev"));
        assert_eq!(creds("profile x"), Section(Credentials, "profile x"));
    }
}
