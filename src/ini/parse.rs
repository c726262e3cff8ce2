//! Splitting text into lines and classifying each line. Pure; never fails.
//!
//! Owns the grammar of one line and the little state that links lines together (are we inside a
//! section, is there a key an indented line may continue). It does not own the document API
//! (`mod.rs`), rendering (`render.rs`) or edits (`edit.rs`).
//!
//! ```ini
//! [section name]   ; header: '[' name ']', optional whitespace and comment after ']'
//! key = value      ; key line: first '=' splits, both sides trimmed of spaces and tabs
//!   more           ; indented line: continues the previous key's value
//! # comment        ; comment: first non-blank character is '#' or ';' (indented too)
//! ```

use std::ops::Range;

use super::{Document, GarbageReason, LineEnding};

/// The characters that count as whitespace for indentation and trimming, as in the AWS shared
/// config file specification (and the Rust SDK). Python's configparser also strips other Unicode
/// whitespace; see the `# Limitations` section of the module docs.
pub(crate) const WHITESPACE: [char; 2] = [' ', '\t'];

/// One physical line: its text without the line ending, the ending, and what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Line {
    pub(crate) text: String,
    pub(crate) ending: LineEnding,
    pub(crate) kind: Kind,
}

/// What a line is, with byte ranges into [`Line::text`] for the parts readers need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Blank,
    Comment,
    /// `name` is everything between `[` and the first `]`, untrimmed.
    Header {
        name: Range<usize>,
    },
    /// `key` and `value` are trimmed; an empty value is an empty range at the end of the text
    /// after `=` and its whitespace.
    Key {
        key: Range<usize>,
        eq: usize,
        value: Range<usize>,
    },
    /// `value` is the line trimmed on both sides.
    Continuation {
        value: Range<usize>,
    },
    Garbage(GarbageReason),
}

/// Where the classifier is, between two lines.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Before the first header.
    Preamble,
    /// After a well-formed header.
    Section,
    /// After a malformed header: keys here belong to no section.
    Broken,
}

impl Document {
    /// Parses `text`. Never fails: lines that are not blank, comments, headers, keys or
    /// continuations are kept as [`LineKind::Garbage`](super::LineKind::Garbage).
    ///
    /// `Document::parse(s).render() == s` holds for every `s`.
    pub(crate) fn parse(text: &str) -> Document {
        let (bom, body) = match text.strip_prefix('\u{feff}') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let mut lines = split_lines(body)
            .map(|(text, ending)| Line {
                text: text.to_owned(),
                ending,
                kind: Kind::Blank,
            })
            .collect::<Vec<_>>();
        classify(&mut lines);
        let mut doc = Document {
            bom,
            lines,
            sections: Vec::new(),
        };
        doc.reindex();
        doc
    }
}

/// Splits on `\n`; a `\r` right before it makes the ending CRLF. A lone `\r` stays in the text.
fn split_lines(mut rest: &str) -> impl Iterator<Item = (&str, LineEnding)> {
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let item = match rest.find('\n') {
            Some(i) => {
                let (line, ending) = match rest[..i].strip_suffix('\r') {
                    Some(line) => (line, LineEnding::CrLf),
                    None => (&rest[..i], LineEnding::Lf),
                };
                rest = &rest[i + 1..];
                (line, ending)
            }
            None => {
                let line = rest;
                rest = "";
                (line, LineEnding::None)
            }
        };
        Some(item)
    })
}

/// (Re)classifies every line. Classification depends only on the texts, so edits change texts
/// and call this again: the model can never disagree with what a fresh parse would see.
pub(crate) fn classify(lines: &mut [Line]) {
    let mut place = Place::Preamble;
    // Whether an indented line would continue a key: set by a key line, kept across blank and
    // comment lines (botocore and the Rust SDK both do), cleared by headers and garbage.
    let mut after_key = false;
    for line in lines {
        line.kind = classify_line(&line.text, place, after_key);
        match &line.kind {
            Kind::Header { .. } => {
                place = Place::Section;
                after_key = false;
            }
            Kind::Key { .. } => after_key = true,
            Kind::Garbage(reason) => {
                after_key = false;
                if reason.is_header() {
                    place = Place::Broken;
                }
            }
            Kind::Blank | Kind::Comment | Kind::Continuation { .. } => {}
        }
    }
}

/// Re-classifies after an edit changed `lines[from..changed_end]` (inserted, rewritten or, with
/// `changed_end == from`, removed lines just before `from`). Classification depends only on the
/// lines above, so it restarts at `from` with the state the earlier lines imply, and stops at
/// the first unchanged header past the edit: a header resets all state, so every line after
/// it keeps its kind. This keeps an edit proportional to the section it touches instead of the
/// whole file (re-classifying everything made generating 3000 profiles take ~20 s).
pub(crate) fn reclassify_from(lines: &mut [Line], from: usize, changed_end: usize) {
    let from = from.min(lines.len());
    let mut place = Place::Preamble;
    for line in lines[..from].iter().rev() {
        match &line.kind {
            Kind::Header { .. } => {
                place = Place::Section;
                break;
            }
            Kind::Garbage(reason) if reason.is_header() => {
                place = Place::Broken;
                break;
            }
            _ => {}
        }
    }
    let mut after_key = lines[..from]
        .iter()
        .rev()
        .find(|l| !matches!(l.kind, Kind::Blank | Kind::Comment))
        .is_some_and(|l| matches!(l.kind, Kind::Key { .. } | Kind::Continuation { .. }));
    for (i, line) in lines.iter_mut().enumerate().skip(from) {
        let kind = classify_line(&line.text, place, after_key);
        let unchanged = kind == line.kind;
        line.kind = kind;
        match &line.kind {
            Kind::Header { .. } => {
                if unchanged && i >= changed_end {
                    break;
                }
                place = Place::Section;
                after_key = false;
            }
            Kind::Key { .. } => after_key = true,
            Kind::Garbage(reason) => {
                after_key = false;
                if reason.is_header() {
                    place = Place::Broken;
                }
            }
            Kind::Blank | Kind::Comment | Kind::Continuation { .. } => {}
        }
    }
    #[cfg(debug_assertions)]
    {
        let mut full = lines.to_vec();
        classify(&mut full);
        debug_assert!(
            full.iter().zip(lines.iter()).all(|(a, b)| a.kind == b.kind),
            "incremental classification diverged from a full pass"
        );
    }
}

fn classify_line(text: &str, place: Place, after_key: bool) -> Kind {
    let content = trim_range(text, 0..text.len());
    if content.is_empty() {
        return Kind::Blank;
    }
    if text[content.clone()].starts_with(['#', ';']) {
        return Kind::Comment;
    }
    if text.starts_with(WHITESPACE) {
        return if after_key {
            Kind::Continuation { value: content }
        } else {
            Kind::Garbage(GarbageReason::OrphanContinuation)
        };
    }
    if text.starts_with('[') {
        return classify_header(text);
    }
    let Some(eq) = text.find('=') else {
        return Kind::Garbage(GarbageReason::MissingEquals);
    };
    let key = trim_range(text, 0..eq);
    if key.is_empty() {
        return Kind::Garbage(GarbageReason::EmptyKey);
    }
    match place {
        Place::Preamble => return Kind::Garbage(GarbageReason::KeyOutsideSection),
        Place::Broken => return Kind::Garbage(GarbageReason::KeyAfterBrokenHeader),
        Place::Section => {}
    }
    let mut value = trim_range(text, eq + 1..text.len());
    if value.is_empty() {
        value = text.len()..text.len();
    }
    Kind::Key { key, eq, value }
}

fn classify_header(text: &str) -> Kind {
    let Some(close) = text.find(']') else {
        return Kind::Garbage(GarbageReason::UnclosedHeader);
    };
    let after = text[close + 1..].trim_matches(WHITESPACE);
    if !after.is_empty() && !after.starts_with(['#', ';']) {
        return Kind::Garbage(GarbageReason::TextAfterHeader);
    }
    Kind::Header { name: 1..close }
}

/// Narrows `range` of `text` to exclude surrounding [`WHITESPACE`].
pub(crate) fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start_matches(WHITESPACE).len());
    let end = range.end - (slice.len() - slice.trim_end_matches(WHITESPACE).len());
    if start >= end {
        start..start
    } else {
        start..end
    }
}

#[cfg(test)]
mod tests {
    use super::{Kind, Place, classify_line, split_lines};
    use crate::ini::{GarbageReason, LineEnding};

    #[test]
    fn splits_endings() {
        let got = split_lines("a\r\nb\nc\rd").collect::<Vec<_>>();
        assert_eq!(
            got,
            [
                ("a", LineEnding::CrLf),
                ("b", LineEnding::Lf),
                ("c\rd", LineEnding::None)
            ]
        );
        assert_eq!(split_lines("").count(), 0);
        assert_eq!(
            split_lines("\n").collect::<Vec<_>>(),
            [("", LineEnding::Lf)]
        );
    }

    #[test]
    fn classifies_lines() {
        let key = |t: &str| classify_line(t, Place::Section, false);
        assert_eq!(
            key("a = b"),
            Kind::Key {
                key: 0..1,
                eq: 2,
                value: 4..5
            }
        );
        assert_eq!(
            key("a ="),
            Kind::Key {
                key: 0..1,
                eq: 2,
                value: 3..3
            }
        );
        assert_eq!(
            key("a =  "),
            Kind::Key {
                key: 0..1,
                eq: 2,
                value: 5..5
            }
        );
        assert_eq!(key("= b"), Kind::Garbage(GarbageReason::EmptyKey));
        assert_eq!(key("a b"), Kind::Garbage(GarbageReason::MissingEquals));
        assert_eq!(key("  # c"), Kind::Comment);
        assert_eq!(key(" \t"), Kind::Blank);
        assert_eq!(key("[a] ; c"), Kind::Header { name: 1..2 });
        assert_eq!(key("[a] x"), Kind::Garbage(GarbageReason::TextAfterHeader));
        assert_eq!(key("[a"), Kind::Garbage(GarbageReason::UnclosedHeader));
        assert_eq!(key("  x"), Kind::Garbage(GarbageReason::OrphanContinuation));
        assert_eq!(
            classify_line("  x", Place::Section, true),
            Kind::Continuation { value: 2..3 }
        );
        assert_eq!(
            classify_line("a=b", Place::Preamble, false),
            Kind::Garbage(GarbageReason::KeyOutsideSection)
        );
        assert_eq!(
            classify_line("a=b", Place::Broken, false),
            Kind::Garbage(GarbageReason::KeyAfterBrokenHeader)
        );
    }
}
