//! Editing the shared config and credentials files with AWS semantics. Pure text in, text out.
//!
//! Owns *which* section an AWS-level edit touches: the profile `dev` is `[profile dev]` in the
//! config file and `[dev]` in the credentials file, `[profile default]` beats `[default]`,
//! duplicate sections form one profile (edits go to the last one, removals to all), and keys
//! match case-insensitively while keeping their spelling. Line-level placement and lossless
//! rendering are [`crate::ini`]'s. Writing the result to disk (atomically) is the caller's job.
//!
//! ```ini
//! [default]
//! region = us-east-1
//!
//! [profile dev]                 ; upsert_profile("dev", ..) updates keys here
//! Region = eu-west-1            ; upsert of "region" keeps the spelling "Region"
//!                               ; a new [profile x] goes here: after the last profile
//! [sso-session corp]            ; a new [sso-session y] goes after the last sso-session
//! sso_region = us-east-1
//! ```
//!
//! Every write is validated before anything changes: names must be portable
//! ([`is_portable_name`]), keys too, and values single-line text that reads back unchanged (no
//! surrounding whitespace, no `#`/`;` after whitespace, which would read as an inline comment).
//! A refused edit leaves the document untouched.

use std::path::Path;

use super::section::{FileKind, HeaderClass, SectionKind, classify_header, is_portable_name};
use crate::ini::{Change, Document, EditError, Select};

/// What an upsert did to the section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Upsert {
    /// The section did not exist and was created (with the entries).
    Created,
    /// The section existed and at least one key was added or changed.
    Updated,
    /// The section existed with exactly these values; the text is unchanged.
    Unchanged,
}

/// Why an edit was refused. Messages never include values.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum WriteError {
    /// A profile or sso-session name outside the portable set.
    #[error("name {name:?} is not portable: use only letters, digits and _ - / . % @ : +")]
    InvalidName {
        /// The name.
        name: String,
    },
    /// A key outside the portable set.
    #[error("key {key:?} is not portable: use only letters, digits and _ - / . % @ : +")]
    InvalidKey {
        /// The key.
        key: String,
    },
    /// A value containing `\n` or `\r`.
    #[error("value of {key} spans several lines; values must be a single line")]
    MultiLineValue {
        /// The key.
        key: String,
    },
    /// sso-session blocks only exist in the config file.
    #[error("sso-session sections belong in the config file, not the credentials file")]
    NotInCredentials,
    /// The INI layer refused the edit (e.g. a value that would read as an inline comment).
    #[error(transparent)]
    Edit(#[from] EditError),
    /// The file has a line the editor cannot edit the way botocore reads it.
    #[error("{location}: cannot edit this file safely: it has {reason}")]
    Unfaithful {
        /// `path:line`.
        location: String,
        /// What the line has.
        reason: String,
        /// Whether `--force` may override (botocore already rejects the file).
        forceable: bool,
    },
}

/// Checks that the editor can edit `text` (the file at `path`) faithfully: botocore must read
/// the same sections and keys on the same lines as this crate's parser (see
/// [`crate::ini::configparser`]). A file botocore already rejects is refused too, unless
/// `force` (an edit cannot make it less readable); a file botocore reads differently never is.
///
/// A section header botocore reads differently from other AWS tools (`[ default ]`, which
/// botocore does not read as the default profile, `[profile 'x']`, which it reads as `x`) is
/// refused too, whatever `force` says: an edit could only add a second section for a profile
/// one reader already sees there (see [`super::section::read_differently`]).
pub(crate) fn check_faithful(path: &Path, text: &str, force: bool) -> Result<(), WriteError> {
    check_faithful_as(path, text, force, FileKind::Config)
}

/// [`check_faithful`] for a file of `kind`.
pub(crate) fn check_faithful_as(
    path: &Path,
    text: &str,
    force: bool,
    kind: FileKind,
) -> Result<(), WriteError> {
    check_faithful_document(path, text, &Document::parse(text), force, kind)
}

/// [`check_faithful_as`] with `text` already parsed into `doc`.
pub(crate) fn check_faithful_document(
    path: &Path,
    text: &str,
    doc: &Document,
    force: bool,
    kind: FileKind,
) -> Result<(), WriteError> {
    use crate::ini::configparser::{Agreement, compare};
    let location = |line: usize| format!("{}:{line}", path.display());
    for section in doc.sections() {
        if let Some(fix) = super::section::read_differently(section.raw_name(), kind) {
            let botocore = match classify_header(section.raw_name(), kind) {
                HeaderClass::Section(kind, name) if kind.is_profile() => {
                    format!("reads it as the profile {name:?}")
                }
                HeaderClass::Section(kind, name) => format!("reads it as the {kind} {name:?}"),
                _ => "reads no profile in it".to_owned(),
            };
            return Err(WriteError::Unfaithful {
                location: location(section.line()),
                reason: format!(
                    "the section header [{}], which botocore (the AWS CLI) reads as written \
                     (it {botocore}) and other AWS tools read trimmed and unquoted; rename it \
                     to [{fix}]",
                    section.raw_name()
                ),
                forceable: false,
            });
        }
    }
    match compare(text, doc) {
        Agreement::Same => Ok(()),
        Agreement::Unreadable(_) if force => Ok(()),
        Agreement::Unreadable(r) => Err(WriteError::Unfaithful {
            location: location(r.line),
            reason: format!("{} (botocore rejects the file)", r.reason),
            forceable: true,
        }),
        Agreement::Different { line, reason } => Err(WriteError::Unfaithful {
            location: location(line),
            reason,
            forceable: false,
        }),
    }
}

/// Which family of sections an edit addresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Profile,
    SsoSession,
}

/// An AWS-aware editor over one shared file.
#[derive(Clone, Debug)]
pub(crate) struct ConfigEditor {
    doc: Document,
    kind: FileKind,
    /// Each section's classification by ordinal (derived from `doc`; reset when sections are
    /// added or removed), so finding a profile does not re-classify every header each time.
    classes: std::cell::OnceCell<Vec<Option<(SectionKind, String)>>>,
}

impl PartialEq for ConfigEditor {
    fn eq(&self, other: &ConfigEditor) -> bool {
        self.doc == other.doc && self.kind == other.kind
    }
}

impl Eq for ConfigEditor {}

impl ConfigEditor {
    /// Parses `text` as a file of `kind`. Never fails; see [`Document::parse`].
    pub(crate) fn parse(text: &str, kind: FileKind) -> ConfigEditor {
        ConfigEditor::from_document(Document::parse(text), kind)
    }

    /// Wraps an already parsed document (e.g. [`super::ProfileSet::config_document`]).
    pub(crate) fn from_document(doc: Document, kind: FileKind) -> ConfigEditor {
        ConfigEditor {
            doc,
            kind,
            classes: std::cell::OnceCell::new(),
        }
    }

    /// The file's new text.
    pub(crate) fn render(&self) -> String {
        self.doc.render()
    }

    /// Sets `entries` in profile `name`, creating the section if needed: `[profile NAME]` in the
    /// config file (`[default]` for `default`) after the last profile section, or `[NAME]` at the
    /// end of the credentials file. Existing keys are matched case-insensitively and keep their
    /// spelling; with duplicate sections, the last one is edited.
    pub(crate) fn upsert_profile(
        &mut self,
        name: &str,
        entries: &[(&str, &str)],
    ) -> Result<Upsert, WriteError> {
        self.upsert(Family::Profile, name, entries)
    }

    /// Sets `entries` in `[sso-session NAME]` (config file only), creating it after the last
    /// sso-session section (or at the end) if needed.
    pub(crate) fn upsert_sso_session(
        &mut self,
        name: &str,
        entries: &[(&str, &str)],
    ) -> Result<Upsert, WriteError> {
        if self.kind == FileKind::Credentials {
            return Err(WriteError::NotInCredentials);
        }
        self.upsert(Family::SsoSession, name, entries)
    }

    /// Removes `keys` (case-insensitive, every occurrence, with continuation lines) from every
    /// section that makes up profile `name` as readers see it: all its duplicate sections, and
    /// for `default` in the config file the `[profile default]` sections when any exist (an
    /// ignored `[default]` is left alone). Returns whether anything was removed.
    pub(crate) fn remove_keys(&mut self, name: &str, keys: &[&str]) -> bool {
        let mut removed = false;
        for ordinal in self.group(Family::Profile, name) {
            let spellings = self.spellings(ordinal, |k| {
                keys.iter().any(|wanted| wanted.eq_ignore_ascii_case(k))
            });
            for key in spellings {
                removed |= self.doc.remove_key(Select::Nth(ordinal), &key);
            }
        }
        removed
    }

    /// Removes every section of profile `name` (in the config file `default` means both
    /// `[default]` and `[profile default]`), with the comments directly above each header.
    /// Returns whether anything was removed.
    pub(crate) fn remove_profile(&mut self, name: &str) -> bool {
        let ordinals = self.all_sections(Family::Profile, name);
        self.remove_sections(ordinals)
    }

    #[cfg(test)]
    /// Removes every `[sso-session NAME]` section. Returns whether anything was removed.
    pub(crate) fn remove_sso_session(&mut self, name: &str) -> bool {
        let ordinals = self.all_sections(Family::SsoSession, name);
        self.remove_sections(ordinals)
    }

    fn remove_sections(&mut self, ordinals: Vec<usize>) -> bool {
        // Later sections first, so earlier ordinals stay valid.
        for &ordinal in ordinals.iter().rev() {
            self.doc.remove_section(Select::Nth(ordinal));
            self.classes = std::cell::OnceCell::new();
        }
        !ordinals.is_empty()
    }

    fn upsert(
        &mut self,
        family: Family,
        name: &str,
        entries: &[(&str, &str)],
    ) -> Result<Upsert, WriteError> {
        if !is_portable_name(name) {
            return Err(WriteError::InvalidName {
                name: name.to_owned(),
            });
        }
        for (key, value) in entries {
            if !is_portable_name(key) {
                return Err(WriteError::InvalidKey {
                    key: (*key).to_owned(),
                });
            }
            if value.contains(['\n', '\r']) {
                return Err(WriteError::MultiLineValue {
                    key: (*key).to_owned(),
                });
            }
            crate::ini::check_value(key, value)?;
        }
        // Everything the edits below could refuse was checked above, so a refused value leaves
        // the document untouched without copying it (a copy per call made discover quadratic).
        let editor = self;
        let mut created = false;
        let ordinal = match editor.group(family, name).last() {
            Some(&ordinal) => ordinal,
            None => {
                let kind = editor.kind;
                let header = header_name(kind, family, name);
                // The classification cache (filled by `group` above) answers for each
                // section, rather than classifying 100,000 headers again per new section.
                let classes = editor.classes.get();
                editor.doc.insert_section(&header, |ordinal, n| {
                    match classes.and_then(|c| c.get(ordinal)) {
                        Some(class) => class
                            .as_ref()
                            .is_some_and(|(k, _)| kind_in_family(*k, family)),
                        None => in_family(n, kind, family),
                    }
                })?;
                created = true;
                // The new section's place among the sections; the classification cache gets
                // its entry there instead of being rebuilt (a rebuild per new profile made
                // discover slow on big files).
                let ordinal = editor
                    .doc
                    .sections()
                    .position(|s| s.raw_name() == header)
                    .expect("the section was just inserted");
                if let Some(classes) = editor.classes.get_mut() {
                    let class = match classify_header(&header, kind) {
                        HeaderClass::Section(k, n) => Some((k, n.into_owned())),
                        _ => None,
                    };
                    classes.insert(ordinal, class);
                }
                ordinal
            }
        };
        let mut changed = false;
        for (key, value) in entries {
            let spelling = editor
                .spellings(ordinal, |k| k.eq_ignore_ascii_case(key))
                .pop()
                .unwrap_or_else(|| (*key).to_owned());
            let change = editor.doc.set(Select::Nth(ordinal), &spelling, value)?;
            changed |= change != Change::Unchanged;
        }
        Ok(if created {
            Upsert::Created
        } else if changed {
            Upsert::Updated
        } else {
            Upsert::Unchanged
        })
    }

    /// Key spellings in section `ordinal` accepted by `matches`, in file order, deduplicated.
    fn spellings(&self, ordinal: usize, matches: impl Fn(&str) -> bool) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        if let Some(section) = self.doc.section(Select::Nth(ordinal)) {
            for entry in section.entries() {
                let key = entry.key();
                if matches(key) {
                    out.retain(|k| k != key);
                    out.push(key.to_owned());
                }
            }
        }
        out
    }

    /// The sections that make up the effective `name` (what readers see), in file order.
    fn group(&self, family: Family, name: &str) -> Vec<usize> {
        if self.kind == FileKind::Config && family == Family::Profile && name == "default" {
            let prefixed = self.matching(|kind, n| kind == SectionKind::Profile && n == "default");
            if !prefixed.is_empty() {
                return prefixed;
            }
        }
        self.all_sections(family, name)
    }

    /// Every section that names `name` in `family`, in file order.
    fn all_sections(&self, family: Family, name: &str) -> Vec<usize> {
        self.matching(|kind, n| n == name && kind_in_family(kind, family))
    }

    fn matching(&self, wanted: impl Fn(SectionKind, &str) -> bool) -> Vec<usize> {
        let classes = self.classes.get_or_init(|| {
            self.doc
                .sections()
                .map(|s| match classify_header(s.raw_name(), self.kind) {
                    HeaderClass::Section(kind, n) => Some((kind, n.into_owned())),
                    _ => None,
                })
                .collect()
        });
        classes
            .iter()
            .enumerate()
            .filter(|(_, class)| class.as_ref().is_some_and(|(kind, n)| wanted(*kind, n)))
            .map(|(ordinal, _)| ordinal)
            .collect()
    }
}

fn kind_in_family(kind: SectionKind, family: Family) -> bool {
    match family {
        Family::Profile => kind.is_profile(),
        Family::SsoSession => kind == SectionKind::SsoSession,
    }
}

fn in_family(header: &str, file: FileKind, family: Family) -> bool {
    match classify_header(header, file) {
        HeaderClass::Section(kind, _) => kind_in_family(kind, family),
        _ => false,
    }
}

/// The name to write between the brackets of a new section.
fn header_name(file: FileKind, family: Family, name: &str) -> String {
    match (file, family) {
        (FileKind::Credentials, _) => name.to_owned(),
        (FileKind::Config, Family::Profile) if name == "default" => "default".to_owned(),
        (FileKind::Config, Family::Profile) => format!("profile {name}"),
        (FileKind::Config, Family::SsoSession) => format!("sso-session {name}"),
    }
}
