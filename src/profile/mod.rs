//! AWS shared config and credentials files: what the sections and keys mean.
//!
//! Owns the AWS semantics over the literal [`crate::ini`] model: which headers are profiles,
//! sso-sessions or services blocks in which file, name and key normalisation, merging, and the
//! [`Diagnostic`]s for everything AWS tools read differently, ignore or reject. Also owns
//! [`ConfigEditor`], the AWS-aware text editor used to write these files. Does not own resolving a
//! profile into an SSO configuration, nor writing files to disk (callers write atomically).
//! Pure, except [`ProfileSet::load`], which reads the two files.
//!
//! ```ini
//! # ~/.aws/config
//! [default]
//! region = us-east-1
//!
//! [profile dev]
//! sso_session = corp
//! sso_account_id = 111122223333
//! sso_role_name = Developer
//! s3 =
//!   max_concurrent_requests = 10
//!
//! [sso-session corp]
//! sso_start_url = https://example.awsapps.com/start
//! sso_region = us-east-1
//! sso_registration_scopes = sso:account:access
//!
//! # ~/.aws/credentials
//! [dev]
//! aws_access_key_id = AKIA...
//! ```
//!
//! # Rules
//!
//! Each rule is pinned by named vectors in `tests/vectors/profile/` (listed after the rule).
//! Where botocore (the AWS CLI) and the AWS Rust SDK disagree, the choice is stated.
//!
//! 1. **Config sections, as botocore reads them.** `[default]` is the profile `default`;
//!    `[profile NAME]` the profile NAME; `[sso-session NAME]` and `[services NAME]` are
//!    sso-session and services blocks. The header name is taken as written between the
//!    brackets: only the exact `default` is the default profile, and a name starting with
//!    `profile`, `sso-session` or `services` is split with Python's `shlex.split` into exactly
//!    two words, the second the name: `[profile   dev ]` and `[profile\tdev]` are `dev`,
//!    `[profile 'my dev']` is `my dev`, `[profiles dev]` is `dev`. `[ default ]`,
//!    `[default ]`, `[ profile dev]` and `[profile a b]` are no profile (botocore ignores them;
//!    the Rust SDK, which trims, would read one): diagnostic `unknown-section`, and editors
//!    refuse such files so no tool ever sees two sections for one profile. Names are
//!    case-sensitive; each kind has its own namespace.
//!    (`config_sections`, `header_whitespace`, `botocore_headers`, `namespaces`)
//! 2. **`[profile default]` beats `[default]`.** When any `[profile default]` exists, every
//!    `[default]` is ignored, as in the Rust SDK and the protocol notes (botocore lets the later
//!    one win); diagnostic `shadowed-default`. (`profile_default_beats_default`)
//! 3. **Not profiles in the config file.** An unprefixed section other than `[default]`
//!    (`[profilename]`, `[dev]`) is not a profile: diagnostic `not-a-profile`. `[plugins]` and
//!    `[preview]` are AWS CLI settings and are skipped silently. An unknown prefix (`[Profile
//!    dev]`, `[foo bar]`) is ignored with `unknown-section`. (`not_a_profile`)
//! 4. **Credentials sections.** Every `[NAME]` is the profile NAME, as written (`[ dev ]` is
//!    ` dev `, as in botocore; editors refuse such a header). `[profile x]` is
//!    the profile literally named `profile x`, as botocore reads it (the Rust SDK ignores it);
//!    diagnostic `profile-prefix-in-credentials`. (`credentials_names`)
//! 5. **Names.** Portable names match `[A-Za-z0-9_\-/.%@:+]+` ([`is_portable_name`]). Other
//!    names are still read (botocore accepts most) with diagnostic `invalid-name` (the Rust SDK
//!    ignores such sections); empty names are dropped. (`invalid_names`)
//! 6. **Keys** are case-insensitive: stored lowercased, looked up case-insensitively. Keys
//!    outside the portable set are kept with `invalid-key`. (`keys_case_insensitive`)
//! 7. **Values** are trimmed of spaces and tabs. An indented line continues the previous value
//!    (across blank and comment lines); lines are joined with `\n`. (`continuation_values`)
//! 8. **Sub-properties.** `key =` with an empty value followed by indented `k = v` lines is a
//!    block, read with [`Section::sub_properties`]; [`Section::get`] returns its lines joined.
//!    Lines without `=` get `invalid-sub-property` (both SDKs reject them). (`sub_properties`)
//! 9. **Duplicate sections** (same kind and normalised name, e.g. `[profile dev]` and
//!    `[profile  dev]`) merge, later keys winning, as the Rust SDK does (botocore rejects
//!    duplicates); diagnostic `duplicate-section`. Locations point at the winning key; the
//!    section's header line is the first one. (`duplicate_sections`)
//! 10. **Duplicate keys** in one section: the later wins; diagnostic `duplicate-key` (the AWS
//!     CLI rejects the file). (`duplicate_keys`)
//! 11. **Comments** are whole lines starting with `#` or `;`. A value containing `#` or `;`
//!     after whitespace is kept whole, as botocore does (the Rust SDK cuts it there); diagnostic
//!     `inline-comment`. Text after a header's `]` may be a comment. (`comments`)
//! 12. **Indented comments** after a key are skipped (botocore); the Rust SDK reads them as
//!     value text; diagnostic `indented-comment`. (`comments`)
//! 13. **Garbage.** Unparseable lines are skipped with diagnostic `garbage` at `path:line`; keys
//!     before the first header, and keys under a malformed header, belong to no section.
//!     (`garbage_lines`)
//! 14. **Encoding.** A UTF-8 byte order mark is skipped with diagnostic `byte-order-mark`; CRLF
//!     and LF endings are equivalent. (`bom_and_crlf`)
//!
//! A missing file reads as empty (`empty_and_missing`).
//!
//! # Limitations
//!
//! - Keys are lowercased with ASCII rules (botocore uses Unicode `lower()`).

mod diagnostic;
pub(crate) mod generate;
mod normalize;
mod section;
#[cfg(test)]
mod tests;
pub(crate) mod write;

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

pub(crate) use diagnostic::{Diagnostic, DiagnosticKind};
pub(crate) use section::{FileKind, Section, SectionKind, is_portable_name};
pub(crate) use write::{ConfigEditor, Upsert, WriteError};

use crate::ini::Document;

/// Why the profile files could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum ProfileError {
    /// A file exists but could not be read (permissions, not UTF-8, ...).
    #[error("cannot read {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
}

/// One parsed file.
#[derive(Clone, Debug)]
struct Source {
    path: PathBuf,
    doc: Document,
}

/// The config and credentials files, parsed and normalised, with their diagnostics.
#[derive(Clone, Debug, Default)]
pub(crate) struct ProfileSet {
    config: Option<Source>,
    credentials: Option<Source>,
    profiles: Vec<Section>,
    sso_sessions: Vec<Section>,
    services: Vec<Section>,
    credentials_profiles: Vec<Section>,
    diagnostics: Vec<Diagnostic>,
    /// Name → position in `profiles`, `sso_sessions`, `credentials_profiles`: lookups stay
    /// O(1), so commands that resolve every profile are linear in the file, not quadratic.
    index: Index,
}

/// Where each name's section is in its list: the first section of that name, as a linear
/// `find` would answer (normalising has already merged duplicates and applied
/// `[profile default]` over `[default]`, so there is one per name and kind).
#[derive(Clone, Debug, Default)]
struct Index {
    profiles: HashMap<String, usize>,
    sso_sessions: HashMap<String, usize>,
    credentials: HashMap<String, usize>,
}

impl Index {
    fn of(sections: &[Section]) -> HashMap<String, usize> {
        let mut map = HashMap::with_capacity(sections.len());
        for (i, s) in sections.iter().enumerate() {
            map.entry(s.name.clone()).or_insert(i);
        }
        map
    }
}

impl ProfileSet {
    /// Parses and normalises the given texts; `None` is an absent file. Pure; never fails.
    pub(crate) fn parse(
        config: Option<(&Path, &str)>,
        credentials: Option<(&Path, &str)>,
    ) -> ProfileSet {
        ProfileSet::parse_keeping(config, credentials, &|_, _| true)
    }

    /// Like [`ProfileSet::parse`], but only sections for which `keep(kind, name)` holds get
    /// their keys (and key diagnostics); every section is still listed. For commands that need
    /// one profile of a huge file (a `credential-process` cache hit).
    pub(crate) fn parse_keeping(
        config: Option<(&Path, &str)>,
        credentials: Option<(&Path, &str)>,
        keep: &dyn Fn(SectionKind, &str) -> bool,
    ) -> ProfileSet {
        let config = config.map(|(path, text)| (path, Document::parse(text)));
        ProfileSet::from_documents(config, credentials, keep)
    }

    /// The profiles, sso-sessions and services of a config file already parsed into `doc`
    /// (an editor's caller parses a big file once and keeps the document):
    /// [`ProfileSet::parse`] without the document itself ([`ProfileSet::config_document`] and
    /// [`ProfileSet::config_path`] are `None`).
    pub(crate) fn sections_of_config(path: &Path, doc: &Document) -> ProfileSet {
        let mut set = ProfileSet::default();
        let normalized = normalize::normalize(path, doc, FileKind::Config, &|_, _| true);
        set.add_config_sections(normalized);
        set.index_names();
        set
    }

    fn from_documents(
        config: Option<(&Path, Document)>,
        credentials: Option<(&Path, &str)>,
        keep: &dyn Fn(SectionKind, &str) -> bool,
    ) -> ProfileSet {
        let mut set = ProfileSet::default();
        if let Some((path, doc)) = config {
            let normalized = normalize::normalize(path, &doc, FileKind::Config, keep);
            set.add_config_sections(normalized);
            set.config = Some(Source {
                path: path.to_owned(),
                doc,
            });
        }
        if let Some((path, text)) = credentials {
            let doc = Document::parse(text);
            let normalized = normalize::normalize(path, &doc, FileKind::Credentials, keep);
            set.credentials_profiles = normalized.sections;
            set.diagnostics.extend(normalized.diagnostics);
            set.credentials = Some(Source {
                path: path.to_owned(),
                doc,
            });
        }
        set.index_names();
        set
    }

    fn add_config_sections(&mut self, normalized: normalize::Normalized) {
        for section in normalized.sections {
            match section.kind {
                SectionKind::SsoSession => self.sso_sessions.push(section),
                SectionKind::Services => self.services.push(section),
                _ => self.profiles.push(section),
            }
        }
        self.diagnostics.extend(normalized.diagnostics);
    }

    fn index_names(&mut self) {
        self.index = Index {
            profiles: Index::of(&self.profiles),
            sso_sessions: Index::of(&self.sso_sessions),
            credentials: Index::of(&self.credentials_profiles),
        };
    }

    /// Reads and parses the files. A `None` path or a missing file counts as an empty file;
    /// any other I/O error (including invalid UTF-8) is [`ProfileError::Read`].
    pub(crate) fn load(
        config: Option<&Path>,
        credentials: Option<&Path>,
    ) -> Result<ProfileSet, ProfileError> {
        ProfileSet::load_keeping(config, credentials, &|_, _| true)
    }

    /// [`ProfileSet::load`] with [`ProfileSet::parse_keeping`]'s filter.
    pub(crate) fn load_keeping(
        config: Option<&Path>,
        credentials: Option<&Path>,
        keep: &dyn Fn(SectionKind, &str) -> bool,
    ) -> Result<ProfileSet, ProfileError> {
        let config_text = config.map(read_optional).transpose()?.flatten();
        let credentials_text = credentials.map(read_optional).transpose()?.flatten();
        Ok(ProfileSet::parse_keeping(
            config.zip(config_text.as_deref()),
            credentials.zip(credentials_text.as_deref()),
            keep,
        ))
    }

    /// The config-file profile `name` (`default` is `[profile default]`, else `[default]`).
    pub(crate) fn profile(&self, name: &str) -> Option<&Section> {
        self.index.profiles.get(name).map(|&i| &self.profiles[i])
    }

    /// The `[sso-session NAME]` block.
    pub(crate) fn sso_session(&self, name: &str) -> Option<&Section> {
        self.index
            .sso_sessions
            .get(name)
            .map(|&i| &self.sso_sessions[i])
    }

    #[cfg(test)]
    /// The `[services NAME]` block.
    pub(crate) fn services(&self, name: &str) -> Option<&Section> {
        self.services.iter().find(|s| s.name == name)
    }

    /// The credentials-file profile `name`.
    pub(crate) fn credentials(&self, name: &str) -> Option<&Section> {
        self.index
            .credentials
            .get(name)
            .map(|&i| &self.credentials_profiles[i])
    }

    /// Config-file profile names, in order of first appearance.
    pub(crate) fn profile_names(&self) -> Vec<&str> {
        self.profiles.iter().map(|s| s.name()).collect()
    }

    /// sso-session names, in order of first appearance.
    pub(crate) fn sso_session_names(&self) -> Vec<&str> {
        self.sso_sessions.iter().map(|s| s.name()).collect()
    }

    #[cfg(test)]
    /// services block names, in order of first appearance.
    pub(crate) fn services_names(&self) -> Vec<&str> {
        self.services.iter().map(|s| s.name()).collect()
    }

    /// Credentials-file profile names, in order of first appearance.
    pub(crate) fn credentials_names(&self) -> Vec<&str> {
        self.credentials_profiles.iter().map(|s| s.name()).collect()
    }

    /// Every diagnostic: config file first, then credentials, each by line.
    pub(crate) fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The parsed config file, for editors; `None` when not given or missing.
    pub(crate) fn config_document(&self) -> Option<&Document> {
        self.config.as_ref().map(|s| &s.doc)
    }

    /// The parsed credentials file, for editors; `None` when not given or missing.
    pub(crate) fn credentials_document(&self) -> Option<&Document> {
        self.credentials.as_ref().map(|s| &s.doc)
    }

    /// The config file's path, when one was read.
    pub(crate) fn config_path(&self) -> Option<&Path> {
        self.config.as_ref().map(|s| s.path.as_path())
    }

    /// The credentials file's path, when one was read.
    pub(crate) fn credentials_path(&self) -> Option<&Path> {
        self.credentials.as_ref().map(|s| s.path.as_path())
    }
}

/// Reads a file; `Ok(None)` when it does not exist.
/// A FIFO, device or huge file is an error naming it, never a hang (see [`crate::fsutil`]).
fn read_optional(path: &Path) -> Result<Option<String>, ProfileError> {
    let read_err = |source| ProfileError::Read {
        path: path.to_owned(),
        source,
    };
    match crate::fsutil::read_user(path).map_err(read_err)? {
        Some(bytes) => String::from_utf8(bytes)
            .map(Some)
            .map_err(|e| read_err(io::Error::new(io::ErrorKind::InvalidData, e.utf8_error()))),
        None => Ok(None),
    }
}
