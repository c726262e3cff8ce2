//! Edits on a [`Document`]: set or remove a key, insert or remove a section. Pure.
//!
//! Owns *where* new text goes and *which* lines an edit removes; the rules are listed under
//! "Editing" in the module docs of [`crate::ini`]. Every edit changes line texts, then re-runs the
//! line classifier, so the document always equals a fresh parse of its rendering.
//!
//! ```ini
//! # about a                <- removed with [a] (directly above its header)
//! [a]
//! x = 1                    <- set(a, y, 2) inserts `y = 2` after this line
//!                          <- insert_section(new, after a) goes here, before a's trailing blank
//! # about b                <- stays when [a] is removed (directly above [b])
//! [b]
//! ```

use super::parse::{self, Kind, Line};
use super::{Document, GarbageReason, LineEnding};

/// Which section an edit addresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Select<'a> {
    /// The last section whose trimmed name is exactly this.
    Named(&'a str),
    /// The n-th section in file order, 0-based (see [`SectionRef::ordinal`](super::SectionRef::ordinal)).
    Nth(usize),
}

impl<'a> From<&'a str> for Select<'a> {
    fn from(name: &'a str) -> Select<'a> {
        Select::Named(name)
    }
}

/// What [`Document::set`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Change {
    /// The key was missing and a line was added.
    Inserted,
    /// The key existed and its value (or continuation lines) changed.
    Updated,
    /// The key already had exactly this single-line value; nothing was touched.
    Unchanged,
}

/// Why an edit was refused. Messages never include values, which may be secrets.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum EditError {
    /// The selected section does not exist.
    #[error("no section {section}")]
    NoSuchSection {
        /// The selector, e.g. `[default]` or `#3`.
        section: String,
    },
    /// A section with this trimmed name already exists.
    #[error("section [{name}] already exists")]
    SectionExists {
        /// The name.
        name: String,
    },
    /// The section name cannot be written as a header that reads back as the same name.
    #[error("invalid section name {name:?}: {reason}")]
    InvalidSectionName {
        /// The name.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The key cannot be written as a key that reads back as the same key.
    #[error("invalid key {key:?}: {reason}")]
    InvalidKey {
        /// The key.
        key: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The value cannot be written on one line that reads back as the same value.
    #[error("invalid value for {key}: {reason}")]
    InvalidValue {
        /// The key the value was for (the value itself is not repeated).
        key: String,
        /// What is wrong with it.
        reason: &'static str,
    },
}

impl Document {
    /// Sets `key` to `value` in the selected section.
    ///
    /// An existing key keeps its spelling and the spacing around `=`; only the value changes and
    /// its continuation lines are removed. If the key appears several times, the last occurrence
    /// is updated and the others are left as they are. A missing key is inserted after the last
    /// key of the section (or after the header) as `key = value`.
    pub(crate) fn set<'s>(
        &mut self,
        section: impl Into<Select<'s>>,
        key: &str,
        value: &str,
    ) -> Result<Change, EditError> {
        check_key(key)?;
        check_value(key, value)?;
        let (header, end) = self.resolve(section.into())?;
        let existing = (header + 1..end)
            .rev()
            .find(|&i| self.key_at(i) == Some(key));
        let Some(index) = existing else {
            let mut at = (header + 1..end)
                .filter(|&i| self.key_at(i).is_some())
                .map(|i| self.entry_end(i, end))
                .max()
                .unwrap_or(header + 1);
            // Indented garbage lines just below would become this key's continuation: go past.
            let mut next = at;
            while next < end {
                match self.lines[next].kind {
                    Kind::Garbage(GarbageReason::OrphanContinuation) => at = next + 1,
                    Kind::Blank | Kind::Comment => {}
                    _ => break,
                }
                next += 1;
            }
            let text = if value.is_empty() {
                format!("{key} =")
            } else {
                format!("{key} = {value}")
            };
            self.insert_lines(at, vec![text]);
            return Ok(Change::Inserted);
        };
        let continuation = self.continuation_of(index, end).collect::<Vec<_>>();
        let line = &self.lines[index];
        let Kind::Key {
            eq, value: range, ..
        } = &line.kind
        else {
            unreachable!("key_at only matches key lines");
        };
        if &line.text[range.clone()] == value && continuation.is_empty() {
            return Ok(Change::Unchanged);
        }
        let text = if value.is_empty() {
            line.text[..=*eq].to_owned()
        } else {
            let mut text = line.text[..range.start].to_owned();
            if range.is_empty() && range.start == eq + 1 {
                text.push(' ');
            }
            text.push_str(value);
            text.push_str(&line.text[range.end..]);
            text
        };
        self.lines[index].text = text;
        for &i in continuation.iter().rev() {
            self.lines.remove(i);
        }
        parse::reclassify_from(&mut self.lines, index, index + 1);
        self.reindex();
        Ok(Change::Updated)
    }

    /// Removes every occurrence of `key` (exact spelling) from the selected section, with their
    /// continuation lines. Returns whether anything was removed; a missing section is `false`.
    pub(crate) fn remove_key<'s>(&mut self, section: impl Into<Select<'s>>, key: &str) -> bool {
        let Ok((header, end)) = self.resolve(section.into()) else {
            return false;
        };
        let mut doomed = Vec::new();
        for i in header + 1..end {
            if self.key_at(i) == Some(key) {
                doomed.push(i);
                doomed.extend(self.continuation_of(i, end));
            }
        }
        doomed.sort_unstable();
        for &i in doomed.iter().rev() {
            self.lines.remove(i);
        }
        if let Some(&first) = doomed.first() {
            parse::reclassify_from(&mut self.lines, first, first);
            self.reindex();
        }
        !doomed.is_empty()
    }

    /// Inserts an empty section `[name]` after the content of the last section whose ordinal
    /// and trimmed name satisfy `after` (before its trailing blank lines), or at the end of the
    /// document. A blank line separates it from non-blank neighbours.
    pub(crate) fn insert_section(
        &mut self,
        name: &str,
        after: impl Fn(usize, &str) -> bool,
    ) -> Result<(), EditError> {
        check_section_name(name)?;
        if self.sections().any(|s| s.name() == name) {
            return Err(EditError::SectionExists {
                name: name.to_owned(),
            });
        }
        let target = self
            .sections()
            .filter(|s| after(s.ordinal, s.name()))
            .last()
            .map(|s| (s.header, s.end));
        let at = match target {
            Some((header, end)) => {
                let mut at = self.own_end(header, end);
                while at > header + 1 && self.lines[at - 1].kind == Kind::Blank {
                    at -= 1;
                }
                at
            }
            None => self.lines.len(),
        };
        let mut texts = Vec::new();
        if at > 0 && self.lines[at - 1].kind != Kind::Blank {
            texts.push(String::new());
        }
        texts.push(format!("[{name}]"));
        if at < self.lines.len() && self.lines[at].kind != Kind::Blank {
            texts.push(String::new());
        }
        self.insert_lines(at, texts);
        Ok(())
    }

    /// Removes the selected section: the comment lines directly above its header, the header,
    /// its keys and other lines, and its trailing blank lines. Comment lines directly above the
    /// next header stay with the next section. When the section is the last one, the blank lines
    /// before it go too. Returns whether a section was removed.
    pub(crate) fn remove_section<'s>(&mut self, section: impl Into<Select<'s>>) -> bool {
        let Ok((header, end)) = self.resolve(section.into()) else {
            return false;
        };
        let stop = self.own_end(header, end);
        let mut start = header;
        while start > 0 && self.lines[start - 1].kind == Kind::Comment {
            start -= 1;
        }
        if end == self.lines.len() {
            while start > 0 && self.lines[start - 1].kind == Kind::Blank {
                start -= 1;
            }
        }
        self.lines.drain(start..stop);
        parse::reclassify_from(&mut self.lines, start, start);
        self.reindex();
        true
    }

    /// Header and end indices of the selected section.
    fn resolve(&self, select: Select<'_>) -> Result<(usize, usize), EditError> {
        self.section(select)
            .map(|s| (s.header, s.end))
            .ok_or_else(|| EditError::NoSuchSection {
                section: match select {
                    Select::Named(name) => format!("[{name}]"),
                    Select::Nth(n) => format!("#{n}"),
                },
            })
    }

    /// One past the last line owned by the section at `header` ending at `end`: the comment
    /// lines directly above the next header belong to that header.
    fn own_end(&self, header: usize, end: usize) -> usize {
        let mut stop = end;
        if end < self.lines.len() {
            while stop > header + 1 && self.lines[stop - 1].kind == Kind::Comment {
                stop -= 1;
            }
        }
        stop
    }

    fn key_at(&self, index: usize) -> Option<&str> {
        let line = &self.lines[index];
        match &line.kind {
            Kind::Key { key, .. } => Some(&line.text[key.clone()]),
            _ => None,
        }
    }

    /// Inserts new lines at `at` with the dominant line ending; the line before gets an ending
    /// first if it had none.
    fn insert_lines(&mut self, at: usize, texts: Vec<String>) {
        let ending = self.line_ending();
        if at > 0 && self.lines[at - 1].ending == LineEnding::None {
            let before = &mut self.lines[at - 1];
            // A lone trailing `\r` followed by `\n` would read as CRLF and vanish from the text.
            before.ending = if before.text.ends_with('\r') {
                LineEnding::CrLf
            } else {
                ending
            };
        }
        let new = texts.into_iter().map(|text| Line {
            text,
            ending,
            kind: Kind::Blank,
        });
        let count = new.len();
        self.lines.splice(at..at, new);
        parse::reclassify_from(&mut self.lines, at, at + count);
        self.reindex_after_insert(at, count);
    }
}

fn has_line_break(s: &str) -> bool {
    s.contains(['\n', '\r'])
}

/// Leading or trailing whitespace as Python's `str.strip` sees it (botocore trims that, and it
/// is more than space and tab: U+00A0, `\x0c`, …).
fn has_surrounding_whitespace(s: &str) -> bool {
    s.trim_matches(super::configparser::is_python_space).len() != s.len()
}

/// Whether `s` contains `#` or `;` right after a space or tab: the AWS Rust SDK (and many INI
/// readers) would cut the text there as an inline comment, botocore would not.
pub(crate) fn looks_like_inline_comment(s: &str) -> bool {
    s.as_bytes()
        .windows(2)
        .any(|w| matches!(w[0], b' ' | b'\t') && matches!(w[1], b'#' | b';'))
}

fn check_section_name(name: &str) -> Result<(), EditError> {
    let reason = if name.is_empty() {
        Some("it is empty")
    } else if has_line_break(name) {
        Some("it contains a line break")
    } else if name.contains(['[', ']']) {
        Some("it contains a bracket")
    } else if name.contains(['#', ';']) {
        Some("it contains a comment character")
    } else if has_surrounding_whitespace(name) {
        Some("it has leading or trailing whitespace")
    } else {
        None
    };
    match reason {
        Some(reason) => Err(EditError::InvalidSectionName {
            name: name.to_owned(),
            reason,
        }),
        None => Ok(()),
    }
}

fn check_key(key: &str) -> Result<(), EditError> {
    let reason = if key.is_empty() {
        Some("it is empty")
    } else if has_line_break(key) {
        Some("it contains a line break")
    } else if key.contains('=') {
        Some("it contains '='")
    } else if key.contains(':') {
        Some("it contains ':', where botocore would end the key")
    } else if key.starts_with(['[', '#', ';']) {
        Some("it starts with '[', '#' or ';'")
    } else if has_surrounding_whitespace(key) {
        Some("it has leading or trailing whitespace")
    } else if looks_like_inline_comment(key) {
        Some("it contains ' #' or ' ;', which reads as a comment")
    } else {
        None
    };
    match reason {
        Some(reason) => Err(EditError::InvalidKey {
            key: key.to_owned(),
            reason,
        }),
        None => Ok(()),
    }
}

/// Whether [`Document::set`] accepts `value` for `key`; lets callers validate a batch of
/// edits before making any.
pub(crate) fn check_value(key: &str, value: &str) -> Result<(), EditError> {
    let reason = if has_line_break(value) {
        Some("values must be a single line")
    } else if has_surrounding_whitespace(value) {
        Some("it has leading or trailing whitespace, which readers trim")
    } else if looks_like_inline_comment(value) {
        Some("it contains ' #' or ' ;', which some readers cut as an inline comment")
    } else {
        None
    };
    match reason {
        Some(reason) => Err(EditError::InvalidValue {
            key: key.to_owned(),
            reason,
        }),
        None => Ok(()),
    }
}
