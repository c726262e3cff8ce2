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

use std::borrow::Cow;

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
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum HeaderClass<'a> {
    /// A section we model, with its name as botocore reads it (`"default"` for `[default]`);
    /// borrowed from the header unless quotes or backslashes made it another string.
    Section(SectionKind, Cow<'a, str>),
    /// A known AWS CLI section that is not a profile (`[plugins]`, `[preview]`).
    Ignored,
    /// Config file, no prefix, not `default`: `[dev]`.
    NotAProfile,
    /// Config file, a header botocore reads as no profile, sso-session or services block: an
    /// unknown prefix (`[Profile dev]`, `[foo bar]`), spaces inside the brackets (`[ default ]`,
    /// `[ profile dev]`), or a name botocore's `shlex` does not split into one word
    /// (`[profile a b]`, `[profile 'x]`).
    UnknownPrefix,
}

/// Classifies a header by its name exactly as written between the brackets, the way botocore
/// (the AWS CLI) reads it (rule 1; `botocore/configloader.py`, `build_profile_map`):
///
/// - config file: a name that starts with `profile`, `sso-session` or `services` is split
///   with Python's `shlex.split`, and names a section of that kind only when it gives exactly
///   two words, the second being the name (`[profile   dev ]` and `[profile 'dev']` are
///   `dev`); only the exact `default` is the default profile; anything else (`[ default ]`,
///   `[ profile dev]`, `[profile a b]`) is no profile;
/// - credentials file: the name as written is the profile (`[ dev ]` is the profile ` dev `).
pub(crate) fn classify_header(raw: &str, file: FileKind) -> HeaderClass<'_> {
    match file {
        FileKind::Credentials => HeaderClass::Section(SectionKind::Credentials, raw.into()),
        FileKind::Config => {
            for (prefix, kind) in [
                ("profile", SectionKind::Profile),
                ("sso-session", SectionKind::SsoSession),
                ("services", SectionKind::Services),
            ] {
                if raw.starts_with(prefix) {
                    return match shlex_second_word(raw) {
                        Some(Some(name)) => HeaderClass::Section(kind, name),
                        _ if !raw.contains(|c: char| c.is_whitespace()) => HeaderClass::NotAProfile,
                        _ => HeaderClass::UnknownPrefix,
                    };
                }
            }
            match raw {
                "default" => HeaderClass::Section(SectionKind::Default, raw.into()),
                "plugins" | "preview" => HeaderClass::Ignored,
                _ if raw.contains(|c: char| c.is_whitespace()) => HeaderClass::UnknownPrefix,
                _ => HeaderClass::NotAProfile,
            }
        }
    }
}

/// The header other tools (the AWS SDK for Rust, older awsso) would read as another profile
/// than botocore does: they trim the name and split it at its first space or tab, so
/// `[ default ]` is the default profile to them and no profile to botocore. Returns the header
/// to write instead (`default`, `profile x`), or `None` when the readers agree or only
/// botocore reads the section (`[profile 'x']` is `x` to botocore; the others skip the name
/// `'x'`, which is not portable). Editors refuse such files: an edit would give one reader a
/// second section for a profile.
pub(crate) fn read_differently(raw: &str, file: FileKind) -> Option<String> {
    let trimmed = raw.trim_matches(WHITESPACE);
    let theirs: Option<(SectionKind, &str)> = match file {
        FileKind::Credentials => Some((SectionKind::Credentials, trimmed)),
        FileKind::Config => match trimmed.split_once(WHITESPACE) {
            Some((prefix, rest)) => {
                let rest = rest.trim_matches(WHITESPACE);
                match prefix {
                    "profile" => Some((SectionKind::Profile, rest)),
                    "sso-session" => Some((SectionKind::SsoSession, rest)),
                    "services" => Some((SectionKind::Services, rest)),
                    _ => None,
                }
            }
            None if trimmed == "default" => Some((SectionKind::Default, trimmed)),
            None => None,
        },
    };
    // Those readers skip names outside the portable set (`'x'`, `a b`): no second reader.
    let theirs = theirs.filter(|(_, name)| is_portable_name(name));
    let botocore = match classify_header(raw, file) {
        HeaderClass::Section(kind, name) => Some((kind, name)),
        _ => None,
    };
    if theirs.is_none() || botocore.as_ref().map(|(k, n)| (*k, n.as_ref())) == theirs {
        return None;
    }
    if file == FileKind::Credentials {
        return Some(trimmed.to_owned());
    }
    let (kind, name) = botocore
        .as_ref()
        .map(|(k, n)| (*k, n.as_ref()))
        .or(theirs)?;
    Some(match kind {
        SectionKind::Default | SectionKind::Credentials => name.to_owned(),
        kind => format!("{kind} {name}"),
    })
}

/// The second of exactly two words `shlex.split(text)` gives: `None` when Python raises,
/// `Some(None)` for another number of words. Without quotes or backslashes (every ordinary
/// header) the words are the whitespace-separated parts, borrowed.
fn shlex_second_word(text: &str) -> Option<Option<Cow<'_, str>>> {
    if !text.contains(['\'', '"', '\\']) {
        let mut words = text
            .split([' ', '\t', '\r', '\n'])
            .filter(|w| !w.is_empty());
        return Some(match (words.next(), words.next(), words.next()) {
            (Some(_), Some(second), None) => Some(Cow::Borrowed(second)),
            _ => None,
        });
    }
    let mut words = python_shlex_split(text)?;
    Some((words.len() == 2).then(|| Cow::Owned(words.pop().unwrap_or_default())))
}

/// Python's `shlex.split(text)` (POSIX mode, no comments), which botocore applies to config
/// headers; `None` where Python raises `ValueError` (an unclosed quote, a trailing backslash).
///
/// Hand-written rather than the `shlex` crate's `split`: that one follows the POSIX shell
/// (`#` starts a comment), and this must agree with Python's function character for
/// character, including what it rejects.
fn python_shlex_split(text: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\r' | '\n' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\\' => {
                word.push(chars.next()?);
                in_word = true;
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '\'' => break,
                        c => word.push(c),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => match chars.next()? {
                            c @ ('"' | '\\') => word.push(c),
                            c => {
                                word.push('\\');
                                word.push(c);
                            }
                        },
                        c => word.push(c),
                    }
                }
            }
            c => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Some(words)
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
        let s = |kind, n: &'static str| Section(kind, n.into());
        assert_eq!(config("default"), s(Default, "default"));
        assert_eq!(config(" default "), UnknownPrefix);
        assert_eq!(config("default "), UnknownPrefix);
        assert_eq!(config("profile default"), s(Profile, "default"));
        assert_eq!(config(" profile   name "), UnknownPrefix);
        assert_eq!(config("profile   name "), s(Profile, "name"));
        assert_eq!(config("profile\tname"), s(Profile, "name"));
        assert_eq!(config("profile 'my name'"), s(Profile, "my name"));
        assert_eq!(config("profile \"x\""), s(Profile, "x"));
        assert_eq!(config("profile a b"), UnknownPrefix);
        assert_eq!(config("profile 'x"), UnknownPrefix);
        assert_eq!(config("sso-session\tfoo "), s(SsoSession, "foo"));
        assert_eq!(config("services x"), s(Services, "x"));
        assert_eq!(config("profilename"), NotAProfile);
        assert_eq!(config("sso-session "), UnknownPrefix);
        assert_eq!(config("profile"), NotAProfile);
        assert_eq!(config("Profile x"), UnknownPrefix);
        assert_eq!(config("plugins"), Ignored);
        assert_eq!(config("dev"), NotAProfile);
        let creds = |n| classify_header(n, FileKind::Credentials);
        assert_eq!(creds(" dev "), s(Credentials, " dev "));
        assert_eq!(creds("profile x"), s(Credentials, "profile x"));
    }

    /// Python's shlex.split, as botocore calls it (values checked against CPython 3).
    #[test]
    fn shlex_like_python() {
        let split = |t| super::python_shlex_split(t);
        let words = |w: &[&str]| Some(w.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        assert_eq!(split("profile  x "), words(&["profile", "x"]));
        assert_eq!(split("profile 'a b'"), words(&["profile", "a b"]));
        assert_eq!(
            split(r#"profile "a\"b\c""#),
            words(&["profile", r#"a"b\c"#])
        );
        assert_eq!(split(r"profile a\ b"), words(&["profile", "a b"]));
        assert_eq!(split("profile #x"), words(&["profile", "#x"]));
        assert_eq!(split("profile ''"), words(&["profile", ""]));
        assert_eq!(split("profile x'y'z"), words(&["profile", "xyz"]));
        assert_eq!(split("profile 'x"), None);
        assert_eq!(split("profile x\\"), None);
    }

    #[test]
    fn headers_other_readers_read_differently() {
        let config = |n| super::read_differently(n, FileKind::Config);
        assert_eq!(config("default"), None);
        assert_eq!(config("profile x"), None);
        assert_eq!(config("profile  x "), None);
        assert_eq!(config(" default "), Some("default".to_owned()));
        assert_eq!(config(" profile x"), Some("profile x".to_owned()));
        assert_eq!(config("profile 'x'"), None, "only botocore reads it: as x");
        assert_eq!(config("profile a b"), None, "nobody reads it");
        assert_eq!(config("foo"), None);
        let creds = |n| super::read_differently(n, FileKind::Credentials);
        assert_eq!(creds("dev"), None);
        assert_eq!(creds(" dev "), Some("dev".to_owned()));
    }
}
