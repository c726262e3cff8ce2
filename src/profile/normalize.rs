//! From a literal [`Document`] to normalised [`Section`]s plus [`Diagnostic`]s: applies the
//! numbered rules of [`crate::profile`]. Pure.
//!
//! Owns merging (duplicate sections, `[profile default]` over `[default]`), key lowercasing,
//! sub-property parsing and every diagnostic. Does not own line syntax ([`crate::ini`]) or header
//! classification (`section.rs`).
//!
//! ```ini
//! [profile dev]          ; raw section 1
//! region = us-east-1
//! [profile  dev]         ; raw section 2: same profile, merged; region below wins
//! region = eu-west-1
//! ```

use std::collections::HashMap;
use std::path::Path;

use super::diagnostic::{Diagnostic, DiagnosticKind};
use super::section::{
    FileKind, HeaderClass, Property, Section, SectionKind, classify_header, is_portable_name,
};
use crate::ini::{
    Document, EntryRef, GarbageReason, LineKind, SectionRef, looks_like_inline_comment,
};

/// The sections and diagnostics of one file.
#[derive(Debug, Default)]
pub(crate) struct Normalized {
    pub(crate) sections: Vec<Section>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// One header's worth of keys before merging.
struct RawSection {
    kind: SectionKind,
    name: String,
    header: String,
    line: usize,
    props: Vec<Property>,
}

struct Collector<'p> {
    path: &'p Path,
    diagnostics: Vec<Diagnostic>,
}

impl Collector<'_> {
    fn push(&mut self, line: usize, kind: DiagnosticKind, message: String) {
        self.diagnostics.push(Diagnostic {
            path: self.path.to_owned(),
            line,
            kind,
            message,
        });
    }
}

/// Normalises one file. Diagnostics come out sorted by line.
///
/// Only sections for which `keep(kind, name)` holds get their keys read; the others are still
/// classified, named and merged (so lookups and "did you mean" lists see them), with no keys.
/// A `credential-process` run needs one profile of a config with 100,000.
pub(crate) fn normalize(
    path: &Path,
    doc: &Document,
    file: FileKind,
    keep: &dyn Fn(SectionKind, &str) -> bool,
) -> Normalized {
    let mut diag = Collector {
        path,
        diagnostics: Vec::new(),
    };
    if doc.has_bom() {
        diag.push(
            1,
            DiagnosticKind::ByteOrderMark,
            "file starts with a utf-8 byte order mark, which other aws tools may fail to parse"
                .to_owned(),
        );
    }
    line_diagnostics(doc, &mut diag);
    let mut raws = doc
        .sections()
        .filter_map(|s| raw_section(s, file, keep, &mut diag))
        .collect::<Vec<_>>();
    if let Some(first) = raws
        .iter()
        .find(|r| r.kind == SectionKind::Profile && r.name == "default")
    {
        let line = first.line;
        for raw in raws.iter().filter(|r| r.kind == SectionKind::Default) {
            diag.push(
                raw.line,
                DiagnosticKind::ShadowedDefault,
                format!(
                    "{} is ignored because [profile default] at line {line} takes precedence",
                    raw.header
                ),
            );
        }
        raws.retain(|r| r.kind != SectionKind::Default);
    }
    let sections = merge(raws, path, &mut diag);
    let mut diagnostics = diag.diagnostics;
    diagnostics.sort_by_key(|d| d.line);
    Normalized {
        sections,
        diagnostics,
    }
}

/// Rules 12 and 13: garbage lines, and indented comments inside a value.
fn line_diagnostics(doc: &Document, diag: &mut Collector<'_>) {
    let mut after_key = false;
    for line in doc.lines() {
        match line.kind() {
            LineKind::Header => after_key = false,
            LineKind::Key => after_key = true,
            LineKind::Garbage(reason) => {
                after_key = false;
                let message = match reason {
                    GarbageReason::KeyAfterBrokenHeader => {
                        "key under a malformed section header; ignored".to_owned()
                    }
                    other => other.describe().to_owned(),
                };
                diag.push(line.number(), DiagnosticKind::Garbage, message);
            }
            LineKind::Comment if after_key && line.is_indented() => diag.push(
                line.number(),
                DiagnosticKind::IndentedComment,
                "indented comment line; botocore skips it, but the aws rust sdk reads it as part \
                 of the value above"
                    .to_owned(),
            ),
            LineKind::Blank | LineKind::Comment | LineKind::Continuation => {}
        }
    }
}

/// Rules 1, 3, 4 and 5: what the header means; then the section's keys.
fn raw_section(
    section: SectionRef<'_>,
    file: FileKind,
    keep: &dyn Fn(SectionKind, &str) -> bool,
    diag: &mut Collector<'_>,
) -> Option<RawSection> {
    let header = format!("[{}]", section.raw_name());
    let line = section.line();
    let (kind, name) = match classify_header(section.raw_name(), file) {
        HeaderClass::Ignored => return None,
        HeaderClass::NotAProfile if section.name().is_empty() => {
            diag.push(
                line,
                DiagnosticKind::InvalidName,
                "empty section name".to_owned(),
            );
            return None;
        }
        HeaderClass::NotAProfile => {
            diag.push(
                line,
                DiagnosticKind::NotAProfile,
                format!(
                    "section {header} is not a profile; config file profiles are written \
                     [profile {}]",
                    section.name()
                ),
            );
            return None;
        }
        HeaderClass::UnknownPrefix => {
            let message = match crate::profile::section::read_differently(section.raw_name(), file)
            {
                Some(fix) => format!(
                    "section [{}] is ignored: botocore (the AWS CLI) reads the name as written \
                     (spaces inside the brackets, quotes) and finds no profile in it, other AWS \
                     tools may read one; write it as [{fix}]",
                    section.raw_name()
                ),
                None if ["profile", "sso-session", "services"]
                    .iter()
                    .any(|p| section.raw_name().starts_with(p)) =>
                {
                    format!(
                        "section {header} is ignored: botocore (the AWS CLI) splits the name like a \
                     shell and finds no single profile name in it; expected [default], \
                     [profile NAME], [sso-session NAME] or [services NAME]"
                    )
                }
                None => format!(
                    "section {header} is ignored; expected [default], [profile NAME], \
                     [sso-session NAME] or [services NAME]"
                ),
            };
            diag.push(line, DiagnosticKind::UnknownSection, message);
            return None;
        }
        HeaderClass::Section(kind, name) => (kind, name),
    };
    let name: &str = &name;
    if name.is_empty() {
        diag.push(
            line,
            DiagnosticKind::InvalidName,
            "empty section name".to_owned(),
        );
        return None;
    }
    let prefixed = name
        .strip_prefix("profile")
        .is_some_and(|rest| rest.starts_with(crate::ini::WHITESPACE));
    if kind == SectionKind::Credentials && prefixed {
        diag.push(
            line,
            DiagnosticKind::ProfilePrefixInCredentials,
            format!(
                "{header} in the credentials file is the profile named {name:?}; credentials \
                 files name profiles without the prefix, e.g. [{}]",
                name["profile".len()..].trim_matches(crate::ini::WHITESPACE)
            ),
        );
    } else if let Some(fix) = crate::profile::section::read_differently(section.raw_name(), file) {
        diag.push(
            line,
            DiagnosticKind::InvalidName,
            format!(
                "name {name:?} in {header}: botocore (the AWS CLI) reads the name as written, \
                 other AWS tools trimmed; write it as [{fix}]"
            ),
        );
    } else if !is_portable_name(name) {
        // botocore splits config headers with shlex (a name with whitespace is dropped) but
        // takes credentials headers verbatim.
        // botocore reads the name as written (after shlex for config headers); the Rust SDK
        // skips it.
        let who = "the aws rust sdk ignores";
        diag.push(
            line,
            DiagnosticKind::InvalidName,
            format!(
                "name {name:?} in {header} uses characters outside A-Z a-z 0-9 _ - / . % @ : +; \
                 {who} this section"
            ),
        );
    }
    let props = if keep(kind, name) {
        properties(section, &header, diag)
    } else {
        Vec::new()
    };
    Some(RawSection {
        kind,
        name: name.to_owned(),
        header,
        line,
        props,
    })
}

/// Rules 6, 7, 8, 10 and 11 for the keys under one header.
fn properties(section: SectionRef<'_>, header: &str, diag: &mut Collector<'_>) -> Vec<Property> {
    let mut props: Vec<Property> = Vec::new();
    // key -> (index in props, line of its first occurrence): one lookup per key, not a scan.
    let mut seen: HashMap<String, (usize, usize)> = HashMap::new();
    for entry in section.entries() {
        let key = entry.key().to_ascii_lowercase();
        let line = entry.line();
        if !is_portable_name(&key) {
            diag.push(
                line,
                DiagnosticKind::InvalidKey,
                format!(
                    "key {:?} in {header} uses characters outside A-Z a-z 0-9 _ - / . % @ : +; \
                     the aws rust sdk ignores it",
                    entry.key()
                ),
            );
        }
        if looks_like_inline_comment(entry.value()) {
            diag.push(
                line,
                DiagnosticKind::InlineComment,
                format!(
                    "value of {key} contains '#' or ';' after whitespace; botocore keeps it in \
                     the value, the aws rust sdk cuts the value there"
                ),
            );
        }
        let property = Property {
            sub: sub_properties(&entry, &key, diag),
            value: entry.joined_value(),
            line,
            key,
        };
        match seen.get(&property.key) {
            Some(&(index, first)) => {
                diag.push(
                    line,
                    DiagnosticKind::DuplicateKey,
                    format!(
                        "duplicate key {} in {header} (first at line {first}); the last value \
                         wins, but the aws cli rejects the file",
                        property.key
                    ),
                );
                props[index] = property;
            }
            None => {
                seen.insert(property.key.clone(), (props.len(), line));
                props.push(property);
            }
        }
    }
    props
}

/// Rule 8: `key =` followed by indented `k = v` lines.
fn sub_properties(
    entry: &EntryRef<'_>,
    key: &str,
    diag: &mut Collector<'_>,
) -> Option<Vec<(String, String)>> {
    if !entry.value().is_empty() || entry.continuation().next().is_none() {
        return None;
    }
    let mut sub = Vec::new();
    for (line, text) in entry.continuation() {
        let parsed = text
            .split_once('=')
            .map(|(k, v)| {
                (
                    k.trim_matches(crate::ini::WHITESPACE),
                    v.trim_matches(crate::ini::WHITESPACE),
                )
            })
            .filter(|(k, _)| !k.is_empty());
        match parsed {
            Some((k, v)) => sub.push((k.to_owned(), v.to_owned())),
            None => diag.push(
                line,
                DiagnosticKind::InvalidSubProperty,
                format!("expected 'key = value' in the sub-properties of {key}"),
            ),
        }
    }
    Some(sub)
}

/// Rule 9: sections with the same kind and name merge; later keys win.
///
/// Linear in the number of sections and keys (hash lookups): a config with 100,000 sections
/// must not slow down a `credential-process` cache hit.
fn merge(raws: Vec<RawSection>, path: &Path, diag: &mut Collector<'_>) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    let mut index: HashMap<(SectionKind, String), usize> = HashMap::new();
    for raw in raws {
        let group = match raw.kind {
            SectionKind::Default | SectionKind::Profile => SectionKind::Profile,
            other => other,
        };
        let Some(&at) = index.get(&(group, raw.name.clone())) else {
            index.insert((group, raw.name.clone()), sections.len());
            sections.push(Section {
                kind: raw.kind,
                name: raw.name,
                path: path.to_owned(),
                header_line: raw.line,
                props: raw.props,
            });
            continue;
        };
        let existing = &mut sections[at];
        diag.push(
            raw.line,
            DiagnosticKind::DuplicateSection,
            format!(
                "duplicate section {} (first at line {}); later keys win",
                raw.header, existing.header_line
            ),
        );
        let mut keys: HashMap<String, usize> = existing
            .props
            .iter()
            .enumerate()
            .map(|(i, p)| (p.key.clone(), i))
            .collect();
        for prop in raw.props {
            match keys.get(&prop.key) {
                Some(&i) => existing.props[i] = prop,
                None => {
                    keys.insert(prop.key.clone(), existing.props.len());
                    existing.props.push(prop);
                }
            }
        }
    }
    sections
}
