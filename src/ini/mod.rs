//! Lossless INI documents: parse, read, edit and render without losing a byte.
//!
//! Owns the INI *syntax* only. It knows nothing about AWS: which sections are profiles, that keys
//! are case-insensitive, or which names are valid is the job of [`crate::profile`]. Pure: no I/O.
//!
//! ```ini
//! # a comment line (also `;`, also indented)
//! [section name]         ; a header; text after `]` may only be a comment
//! key = value            ; the first `=` splits; key and value are trimmed of spaces and tabs
//! multi = first
//!   second               ; an indented line continues the previous key's value
//! s3 =
//!   max_concurrent_requests = 10   ; an empty value followed by indented lines: sub-properties
//! ```
//!
//! # Model
//!
//! Modelled on `toml_edit`: a [`Document`] is a list of lines. Each line keeps its exact text and
//! its own line ending (`\n`, `\r\n` or none for a last line without newline); a UTF-8 byte order
//! mark is kept as a flag. Parsing never fails: a line that is not blank, a comment, a header, a
//! key or a continuation is kept as [`LineKind::Garbage`] with a [`GarbageReason`], and readers
//! can report it with its line number. The invariant, checked by property tests on arbitrary and
//! on generated INI-like text, is:
//!
//! ```text
//! Document::parse(s).render() == s   // for every s, byte for byte
//! ```
//!
//! Line classification rules (those of botocore and the AWS Rust SDK; where they differ, on an
//! indented `#` line, botocore's):
//! - a line whose first non-blank character is `#` or `;` is a comment;
//! - a line starting with a space or tab continues the value of the latest key of the section,
//!   even across blank and comment lines; with no such key it is garbage;
//! - `[` starts a header; the name is up to the first `]` and may only be followed by
//!   whitespace and a comment;
//! - any other line must be `key = value` inside a section.
//!
//! # Reading
//!
//! [`Document::sections`] yields every header in file order (duplicates included) as a
//! [`SectionRef`]: raw name, trimmed name, 1-based line. [`SectionRef::entries`] yields each key as
//! written ([`EntryRef`]): key, trimmed value, continuation lines, line numbers. Lookups here are
//! exact and case-sensitive; case-insensitive rules belong to the caller.
//!
//! # Editing
//!
//! [`Document::set`], [`Document::remove_key`], [`Document::insert_section`] and
//! [`Document::remove_section`] change only the lines they touch:
//! - `set` on an existing key rewrites only the value part of its line (keeping the key's
//!   spelling and the spacing around `=`) and drops its continuation lines; when a key appears
//!   several times in the section, the **last** occurrence is updated and earlier ones are left
//!   alone (the last one is the one readers use). A new key goes right after the last key of the
//!   section (after its continuation lines), or right after the header.
//! - `remove_key` removes **every** occurrence of the key in the section, with continuations.
//! - `insert_section` places `[name]` after the content of the last section whose name matches a
//!   predicate (before that section's trailing blank lines), else at the end, separated by one
//!   blank line from non-blank neighbours.
//! - `remove_section` removes the comment lines directly above the header, the header, its keys
//!   and its trailing blank lines; comment lines directly above the *next* header belong to the
//!   next section and stay. Removing the last section also drops the blank lines before it.
//! - Sections are chosen with [`Select`]: by trimmed name (the last one with that name) or by
//!   position, so callers can address duplicates.
//! - New lines use the document's dominant line ending ([`Document::line_ending`]); when
//!   inserting after a last line that has no newline, that line gets one first.
//! - Edits never write inline comments, multi-line values, duplicate sections or keys that would
//!   not read back as written: such input is an [`EditError`].
//! - Edits are only faithful where botocore (Python's configparser) reads the file the way this
//!   parser does; [`configparser::compare`] finds the first line where it does not (lone `\r`,
//!   Unicode whitespace, `key: value`, `]` twice in a header, garbage lines), and editors refuse
//!   such files.
//!
//! # Limitations
//!
//! - Only `=` separates keys from values; `key: value` (accepted by Python's configparser) is
//!   garbage here.
//! - Whitespace means space and tab. Other Unicode whitespace is kept as part of keys and values;
//!   configparser would strip it.
//! - A lone `\r` is not a line break (configparser's universal newlines would split on it); it
//!   stays inside the line's text.
//! - Text after a header's `]` is kept but only exposed as raw text; it is never written.
//! - Edits address whole lines: a comment *inside* a run of continuation lines stays when the
//!   value it sat in is replaced.
//! - No escaping or quoting exists in this format; values are exposed exactly as written.
//!
//! # Why not a crate
//!
//! Checked on crates.io: `ini-roundtrip` 0.2.1 is a streaming tokenizer (no document or edit
//! API) that does not record line endings (mixed endings cannot be written back), has no notion
//! of indented continuation lines (an indented `k = v` is just another property) and reports
//! `[name] junk` as an error item. `ini-doc` 0.3.0 builds on it: it rebuilds the text from
//! ordered maps (so spacing, CRLF, duplicate sections and duplicate keys are lost), fails the
//! whole parse on one malformed header, has no continuation or sub-property support, and its
//! 0.2.0 release was yanked. Neither can keep `parse(s).render() == s`, so this module is ~500
//! lines of std-only code instead.

pub(crate) mod configparser;
mod edit;
mod parse;
mod render;
#[cfg(test)]
pub(crate) mod tests;

use std::fmt;

pub(crate) use edit::{Change, EditError, Select, check_value, looks_like_inline_comment};
pub(crate) use parse::WHITESPACE;
use parse::{Kind, Line};

/// A parsed INI file that renders back to the exact input.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Document {
    bom: bool,
    lines: Vec<Line>,
    /// `(header line, end line)` of every well-formed section, derived from `lines` by
    /// [`Document::reindex`] after parsing and after every edit, so lookups do not rescan the
    /// file (they did, which made generating thousands of profiles quadratic).
    sections: Vec<(usize, usize)>,
}

/// The line ending of one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum LineEnding {
    /// `\n`.
    Lf,
    /// `\r\n`.
    CrLf,
    /// No ending: the last line of a file that does not end with a newline.
    None,
}

impl LineEnding {
    /// The ending's text.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
            LineEnding::None => "",
        }
    }
}

/// What a line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum LineKind {
    /// Empty or only spaces and tabs.
    Blank,
    /// First non-blank character is `#` or `;`.
    Comment,
    /// `[name]`, optionally followed by whitespace and a comment.
    Header,
    /// `key = value`.
    Key,
    /// An indented line continuing the previous key's value.
    Continuation,
    /// Anything else; kept verbatim.
    Garbage(GarbageReason),
}

/// Why a line is garbage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum GarbageReason {
    /// Not a header or comment, and no `=`.
    MissingEquals,
    /// Nothing before the `=`.
    EmptyKey,
    /// `[` without a `]`.
    UnclosedHeader,
    /// Something other than a comment after the header's `]`.
    TextAfterHeader,
    /// An indented line with no key before it to continue.
    OrphanContinuation,
    /// A key before the first header.
    KeyOutsideSection,
    /// A key after a malformed header (it belongs to no section).
    KeyAfterBrokenHeader,
}

impl GarbageReason {
    /// Whether the line looked like a section header.
    pub(crate) fn is_header(self) -> bool {
        matches!(
            self,
            GarbageReason::UnclosedHeader | GarbageReason::TextAfterHeader
        )
    }

    /// A short lowercase description, e.g. for diagnostics.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            GarbageReason::MissingEquals => "expected '=' after key",
            GarbageReason::EmptyKey => "expected a key before '='",
            GarbageReason::UnclosedHeader => "section header has no closing ']'",
            GarbageReason::TextAfterHeader => "unexpected text after section header",
            GarbageReason::OrphanContinuation => "indented line does not continue any key",
            GarbageReason::KeyOutsideSection => "key outside any section",
            GarbageReason::KeyAfterBrokenHeader => "key under a malformed section header",
        }
    }
}

impl fmt::Display for GarbageReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// A borrowed view of one line.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LineRef<'a> {
    line: &'a Line,
    number: usize,
}

impl<'a> LineRef<'a> {
    /// 1-based line number.
    pub(crate) fn number(&self) -> usize {
        self.number
    }

    #[cfg(test)]
    /// The text without its line ending.
    pub(crate) fn text(&self) -> &'a str {
        &self.line.text
    }

    #[cfg(test)]
    /// The line ending.
    pub(crate) fn ending(&self) -> LineEnding {
        self.line.ending
    }

    /// What the line is.
    pub(crate) fn kind(&self) -> LineKind {
        match self.line.kind {
            Kind::Blank => LineKind::Blank,
            Kind::Comment => LineKind::Comment,
            Kind::Header { .. } => LineKind::Header,
            Kind::Key { .. } => LineKind::Key,
            Kind::Continuation { .. } => LineKind::Continuation,
            Kind::Garbage(reason) => LineKind::Garbage(reason),
        }
    }

    /// Whether the line starts with a space or tab.
    pub(crate) fn is_indented(&self) -> bool {
        self.line.text.starts_with(parse::WHITESPACE)
    }
}

/// A borrowed view of one section: its header and the lines up to the next header.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SectionRef<'a> {
    doc: &'a Document,
    #[cfg_attr(not(test), allow(dead_code))] // the tests check sections' order with it
    ordinal: usize,
    header: usize,
    end: usize,
}

impl<'a> SectionRef<'a> {
    /// The name as written between `[` and `]`, untrimmed.
    pub(crate) fn raw_name(&self) -> &'a str {
        let line = &self.doc.lines[self.header];
        match &line.kind {
            Kind::Header { name } => &line.text[name.clone()],
            _ => unreachable!("SectionRef always points at a header line"),
        }
    }

    /// The name trimmed of surrounding spaces and tabs.
    pub(crate) fn name(&self) -> &'a str {
        self.raw_name().trim_matches(parse::WHITESPACE)
    }

    /// 1-based line number of the header.
    pub(crate) fn line(&self) -> usize {
        self.header + 1
    }

    #[cfg(test)]
    /// Position among all sections (0-based), for [`Select::Nth`].
    pub(crate) fn ordinal(&self) -> usize {
        self.ordinal
    }

    /// The keys of this section in file order, duplicates included.
    pub(crate) fn entries(&self) -> impl Iterator<Item = EntryRef<'a>> + use<'a> {
        let (doc, end) = (self.doc, self.end);
        (self.header + 1..end)
            .filter(move |&i| matches!(doc.lines[i].kind, Kind::Key { .. }))
            .map(move |index| EntryRef { doc, index, end })
    }

    #[cfg(test)]
    /// The last entry whose key is exactly `key`.
    pub(crate) fn get(&self, key: &str) -> Option<EntryRef<'a>> {
        self.entries().filter(|e| e.key() == key).last()
    }

    #[cfg(test)]
    /// Every line of the section after the header, up to the next header.
    pub(crate) fn lines(&self) -> impl Iterator<Item = LineRef<'a>> + use<'a> {
        let doc = self.doc;
        (self.header + 1..self.end).map(move |i| doc.line_ref(i))
    }
}

/// A borrowed view of one `key = value` line and its continuation lines.
#[derive(Clone, Copy, Debug)]
pub(crate) struct EntryRef<'a> {
    doc: &'a Document,
    index: usize,
    end: usize,
}

impl<'a> EntryRef<'a> {
    fn parts(&self) -> (&'a str, &'a str) {
        let line = &self.doc.lines[self.index];
        match &line.kind {
            Kind::Key { key, value, .. } => (&line.text[key.clone()], &line.text[value.clone()]),
            _ => unreachable!("EntryRef always points at a key line"),
        }
    }

    /// The key as written, trimmed.
    pub(crate) fn key(&self) -> &'a str {
        self.parts().0
    }

    /// The value on the key's own line, trimmed (empty for `key =`).
    pub(crate) fn value(&self) -> &'a str {
        self.parts().1
    }

    /// 1-based line number of the key.
    pub(crate) fn line(&self) -> usize {
        self.index + 1
    }

    /// The continuation lines attached to this key: 1-based line number and trimmed text.
    /// Blank and comment lines between them are skipped, as readers do.
    pub(crate) fn continuation(&self) -> impl Iterator<Item = (usize, &'a str)> + use<'a> {
        let doc = self.doc;
        doc.continuation_of(self.index, self.end).map(move |i| {
            let line = &doc.lines[i];
            match &line.kind {
                Kind::Continuation { value } => (i + 1, &line.text[value.clone()]),
                _ => unreachable!("continuation_of yields continuation lines"),
            }
        })
    }

    /// The value with continuation lines joined by `\n`; an empty first line is skipped, so a
    /// sub-property block reads as its `k = v` lines.
    pub(crate) fn joined_value(&self) -> String {
        let mut out = self.value().to_owned();
        for (_, part) in self.continuation() {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(part);
        }
        out
    }

    #[cfg(test)]
    /// 1-based line number of the last line of the entry (the key or its last continuation).
    pub(crate) fn last_line(&self) -> usize {
        self.doc.entry_end(self.index, self.end)
    }
}

impl Document {
    /// Whether the text starts with a UTF-8 byte order mark (kept when rendering).
    pub(crate) fn has_bom(&self) -> bool {
        self.bom
    }

    #[cfg(test)]
    /// Whether the document has no lines (and no byte order mark).
    pub(crate) fn is_empty(&self) -> bool {
        self.lines.is_empty() && !self.bom
    }

    #[cfg(test)]
    /// Number of lines.
    pub(crate) fn line_count(&self) -> usize {
        self.lines.len()
    }

    /// Every line, in order.
    pub(crate) fn lines(&self) -> impl Iterator<Item = LineRef<'_>> {
        (0..self.lines.len()).map(|i| self.line_ref(i))
    }

    /// The garbage lines, in order.
    pub(crate) fn garbage(&self) -> impl Iterator<Item = (LineRef<'_>, GarbageReason)> {
        self.lines().filter_map(|l| match l.kind() {
            LineKind::Garbage(reason) => Some((l, reason)),
            _ => None,
        })
    }

    /// Every section in file order, duplicates included.
    pub(crate) fn sections(&self) -> impl Iterator<Item = SectionRef<'_>> {
        self.sections
            .iter()
            .enumerate()
            .map(move |(ordinal, &(header, end))| SectionRef {
                doc: self,
                ordinal,
                header,
                end,
            })
    }

    /// The section chosen by `select`, if any.
    pub(crate) fn section<'s>(&self, select: impl Into<Select<'s>>) -> Option<SectionRef<'_>> {
        match select.into() {
            Select::Named(name) => self.sections().filter(|s| s.name() == name).last(),
            Select::Nth(n) => self.sections.get(n).map(|&(header, end)| SectionRef {
                doc: self,
                ordinal: n,
                header,
                end,
            }),
        }
    }

    /// Recomputes the section index from the line kinds (one pass over the lines).
    fn reindex(&mut self) {
        let headers = self.header_indices();
        let ends = self.section_ends(&headers);
        self.sections = headers.into_iter().zip(ends).collect();
    }

    /// [`Document::reindex`] after `count` lines were inserted at `at`: when none of them is
    /// a section boundary, the sections only move (a header at or after `at` moves down, and
    /// so does an end at or after `at`, which takes in the new lines), so the index is shifted
    /// instead of rebuilt from every line (discover inserts lines into files of 100,000
    /// profiles). Line kinds that make boundaries depend on a line's text alone, so the lines
    /// after the insertion cannot gain or lose one.
    fn reindex_after_insert(&mut self, at: usize, count: usize) {
        if (at..at + count).any(|i| self.is_boundary(i)) {
            self.reindex();
            return;
        }
        for (header, end) in &mut self.sections {
            if *header >= at {
                *header += count;
            }
            if *end >= at {
                *end += count;
            }
        }
        #[cfg(test)]
        {
            let shifted = self.sections.clone();
            self.reindex();
            assert_eq!(
                shifted, self.sections,
                "shifted index after inserting at {at}"
            );
        }
    }

    fn line_ref(&self, index: usize) -> LineRef<'_> {
        LineRef {
            line: &self.lines[index],
            number: index + 1,
        }
    }

    fn header_indices(&self) -> Vec<usize> {
        (0..self.lines.len())
            .filter(|&i| matches!(self.lines[i].kind, Kind::Header { .. }))
            .collect()
    }

    /// Where each section stops: at the next header or malformed header, else at the end.
    fn section_ends(&self, headers: &[usize]) -> Vec<usize> {
        headers
            .iter()
            .map(|&h| {
                (h + 1..self.lines.len())
                    .find(|&i| self.is_boundary(i))
                    .unwrap_or(self.lines.len())
            })
            .collect()
    }

    fn is_boundary(&self, index: usize) -> bool {
        match &self.lines[index].kind {
            Kind::Header { .. } => true,
            Kind::Garbage(reason) => reason.is_header(),
            _ => false,
        }
    }

    /// Indices of the continuation lines of the key at `index`, stopping at `end`.
    fn continuation_of(&self, index: usize, end: usize) -> impl Iterator<Item = usize> + '_ {
        (index + 1..end)
            .take_while(|&i| {
                matches!(
                    self.lines[i].kind,
                    Kind::Blank | Kind::Comment | Kind::Continuation { .. }
                )
            })
            .filter(|&i| matches!(self.lines[i].kind, Kind::Continuation { .. }))
    }

    /// Index one past the last line of the entry at `index` (key or last continuation).
    fn entry_end(&self, index: usize, end: usize) -> usize {
        self.continuation_of(index, end).last().unwrap_or(index) + 1
    }
}
