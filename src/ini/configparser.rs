//! How Python's `configparser` (botocore's reader of the AWS config and credentials files) sees a
//! text, and where that differs from this crate's [`Document`].
//!
//! Pure. Owns a model of `RawConfigParser()` with its defaults, the reader botocore uses
//! (`botocore/configloader.py`): strict (duplicate sections or options are errors), delimiters
//! `=` and `:`, whole-line comments `#` and `;`, no inline comments, empty lines allowed in
//! values, option names lowercased, and Python's text-mode reading:
//!
//! - lines end at `\n`, `\r\n` **or a lone `\r`** (universal newlines);
//! - stripping, indentation and the space around a delimiter use Python's idea of whitespace
//!   (`str.isspace`: also U+00A0, U+2000–U+200A, U+3000, `\x0b`, `\x0c`, `\x1c`–`\x1f`, …);
//! - a header is `[` … up to the **last** `]` of the stripped line;
//! - a line is a continuation when a key came before in the section and the line is indented
//!   deeper than the latest key or header line.
//!
//! [`compare`] runs the model and this crate's parser on the same text and reports the first
//! line where they disagree about the structure (which sections, which keys, on which lines).
//! An editor that addresses sections and keys by our parse may only edit a file on which both
//! agree; otherwise it could add a second `[default]` or a duplicate key that botocore rejects.

use std::borrow::Cow;

use super::{Document, LineKind};

/// Python's `str.isspace` for one character.
pub(crate) fn is_python_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// One physical line as Python reads it, with the line number our parser gives it.
struct PyLine<'a> {
    text: &'a str,
    ours: usize,
}

/// Splits like Python's universal newlines; `ours` counts only `\n` (our line breaks).
fn py_lines(text: &str) -> Vec<PyLine<'_>> {
    let mut out = Vec::new();
    let mut ours = 1;
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push(PyLine {
                    text: &text[start..i],
                    ours,
                });
                ours += 1;
                start = i + 1;
            }
            b'\r' => {
                out.push(PyLine {
                    text: &text[start..i],
                    ours,
                });
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                    ours += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < bytes.len() {
        out.push(PyLine {
            text: &text[start..],
            ours,
        });
    }
    out
}

/// A name (section header or option) and the line it is on; borrowed from the text unless
/// lowercasing changed it (files hold hundreds of thousands of names).
pub(crate) type Named<'a> = (Cow<'a, str>, usize);

/// A section's header and its options, in file order.
pub(crate) type SectionShape<'a> = (Named<'a>, Vec<Named<'a>>);

/// What botocore makes of a text: sections (header name, our line) and their option names
/// (lowercased, our line), or the first line it rejects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Structure<'a> {
    /// `(header, line)` of each section, then its `(option, line)`s.
    pub sections: Vec<SectionShape<'a>>,
}

/// Why botocore rejects a file, and where (our 1-based line number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rejected {
    /// The line.
    pub line: usize,
    /// configparser's complaint, in our words.
    pub reason: &'static str,
}

/// Parses `text` the way botocore's `RawConfigParser` does (see the module docs).
pub(crate) fn parse(text: &str) -> Result<Structure<'_>, Rejected> {
    let mut sections: Vec<SectionShape> = Vec::new();
    let mut seen_sections = std::collections::HashSet::new();
    // The options of the current section (section names are unique, so per section suffices).
    let mut seen_options: std::collections::HashSet<Cow<'_, str>> =
        std::collections::HashSet::new();
    let mut in_section = false;
    let mut has_option = false;
    let mut indent_level = 0usize;
    let mut first_error: Option<Rejected> = None;
    for line in py_lines(text) {
        let stripped = line.text.trim_matches(is_python_space);
        if stripped.is_empty() || stripped.starts_with('#') || stripped.starts_with(';') {
            continue;
        }
        let indent = line
            .text
            .char_indices()
            .find(|&(_, c)| !is_python_space(c))
            .map_or(0, |(i, _)| line.text[..i].chars().count());
        if in_section && has_option && indent > indent_level {
            continue; // a continuation of the latest option
        }
        indent_level = indent;
        if let Some(rest) = stripped.strip_prefix('[')
            && let Some(close) = rest.rfind(']')
            && close > 0
        {
            let header = Cow::Borrowed(&rest[..close]);
            if !seen_sections.insert(header.clone()) {
                return Err(Rejected {
                    line: line.ours,
                    reason: "a duplicate section",
                });
            }
            sections.push(((header, line.ours), Vec::new()));
            seen_options.clear();
            in_section = true;
            has_option = false;
            continue;
        }
        if !in_section {
            return Err(Rejected {
                line: line.ours,
                reason: "a line before the first section header",
            });
        }
        let Some(at) = stripped.find(['=', ':']) else {
            first_error.get_or_insert(Rejected {
                line: line.ours,
                reason: "a line that is neither a section, a comment nor 'key = value'",
            });
            continue;
        };
        let option = stripped[..at].trim_end_matches(is_python_space);
        let option: Cow<'_, str> =
            if option.is_ascii() && !option.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Borrowed(option)
            } else {
                Cow::Owned(option.to_lowercase())
            };
        if option.is_empty() {
            first_error.get_or_insert(Rejected {
                line: line.ours,
                reason: "a value without a key",
            });
            continue;
        }
        let Some((_, options)) = sections.last_mut() else {
            continue;
        };
        if !seen_options.insert(option.clone()) {
            return Err(Rejected {
                line: line.ours,
                reason: "a duplicate key",
            });
        }
        options.push((option, line.ours));
        has_option = true;
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(Structure { sections }),
    }
}

/// How our parser's reading of a text compares with botocore's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Agreement {
    /// Same sections and keys on the same lines: an edit by our model reads back in botocore.
    Same,
    /// botocore already rejects the file (an edit cannot make that worse).
    Unreadable(Rejected),
    /// botocore reads the file, but differently from us at this line.
    Different {
        /// Our 1-based line.
        line: usize,
        /// Why, e.g. `a carriage return without a line feed (old Mac line endings)`.
        reason: String,
    },
}

/// A header name or an option name, as [`compare`] walks both readings.
enum Item<'a> {
    Header(&'a str),
    Key(&'a str),
}

impl Item<'_> {
    /// Whether botocore's item (`self`, option names lowercased) is ours (`other`, keys as
    /// written).
    fn same_as_ours(&self, other: &Item<'_>) -> bool {
        match (self, other) {
            (Item::Header(a), Item::Header(b)) => a == b,
            (Item::Key(theirs), Item::Key(ours)) if ours.is_ascii() => {
                theirs.len() == ours.len()
                    && theirs
                        .bytes()
                        .zip(ours.bytes())
                        .all(|(t, o)| t == o.to_ascii_lowercase())
            }
            (Item::Key(theirs), Item::Key(ours)) => *theirs == ours.to_lowercase(),
            _ => false,
        }
    }
}

/// Compares botocore's reading of `text` with ours; see [`Agreement`].
pub(crate) fn compare(text: &str, doc: &Document) -> Agreement {
    let theirs = match parse(text) {
        Ok(s) => s,
        Err(e) => return Agreement::Unreadable(e),
    };
    for line in doc.lines() {
        if let LineKind::Garbage(reason) = line.kind() {
            return different(text, line.number(), Some(reason.describe()));
        }
    }
    // Ours in the same order, compared item by item without copying: headers by raw name,
    // keys lowercased (a file has hundreds of thousands of them).
    let mut theirs_items = theirs.sections.iter().flat_map(|((name, line), keys)| {
        std::iter::once((*line, Item::Header(name.as_ref())))
            .chain(keys.iter().map(|(k, l)| (*l, Item::Key(k.as_ref()))))
    });
    let mut ours_items = doc.sections().flat_map(|section| {
        std::iter::once((section.line(), Item::Header(section.raw_name())))
            .chain(section.entries().map(|e| (e.line(), Item::Key(e.key()))))
    });
    let mismatch = loop {
        match (theirs_items.next(), ours_items.next()) {
            (None, None) => break None,
            (Some((line, _)), None) | (None, Some((line, _))) => break Some(line),
            (Some((a_line, a)), Some((b_line, b))) => {
                if a_line != b_line || !a.same_as_ours(&b) {
                    break Some(a_line.min(b_line));
                }
            }
        }
    };
    match mismatch {
        Some(line) => different(text, line, None),
        None => Agreement::Same,
    }
}

/// The most specific reason for a disagreement at `line`.
fn different(text: &str, line: usize, garbage: Option<&str>) -> Agreement {
    let line_text = text.split('\n').nth(line - 1).unwrap_or("");
    let line_text = line_text.strip_suffix('\r').unwrap_or(line_text);
    let reason = if line_text.contains('\r') {
        "a carriage return without a line feed (old Mac line endings), which botocore reads as a line break".to_owned()
    } else if let Some(c) = line_text
        .chars()
        .find(|&c| is_python_space(c) && c != ' ' && c != '\t')
    {
        format!(
            "the whitespace character U+{:04X}, which botocore treats as a space and awsso does not",
            u32::from(c)
        )
    } else if line_text
        .find(':')
        .is_some_and(|colon| line_text.find('=').is_none_or(|eq| colon < eq))
        && !line_text
            .trim_start_matches(is_python_space)
            .starts_with('[')
    {
        "a ':' before any '=', which botocore reads as the key's delimiter".to_owned()
    } else if line_text
        .trim_start_matches(is_python_space)
        .starts_with('[')
        && line_text.matches(']').count() > 1
    {
        "a second ']' in a section header; botocore's section name runs to the last ']'".to_owned()
    } else if let Some(reason) = garbage {
        format!("{reason}, which botocore reads differently")
    } else {
        "a line botocore reads differently (as a key, a section or a continuation)".to_owned()
    };
    Agreement::Different { line, reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agree(text: &str) -> Agreement {
        compare(text, &Document::parse(text))
    }

    #[test]
    fn ordinary_files_agree() {
        let text = "# c\n[default]\nregion = eu-west-1\ns3 =\n  max = 10\n\n[profile a]\nx=1\r\n";
        assert_eq!(agree(text), Agreement::Same);
    }

    #[test]
    fn lone_carriage_returns_are_line_breaks_to_botocore() {
        let Agreement::Different { line, reason } = agree("[default]\rregion = x\r") else {
            panic!("expected a difference");
        };
        assert_eq!(line, 1);
        assert!(reason.contains("carriage return"), "{reason}");
    }

    #[test]
    fn unicode_whitespace_before_the_delimiter() {
        let Agreement::Different { line, reason } =
            agree("[default]\naws_access_key_id\u{a0}= A\n")
        else {
            panic!("expected a difference");
        };
        assert_eq!(line, 2);
        assert!(reason.contains("U+00A0"), "{reason}");
    }

    #[test]
    fn colon_delimiters_and_last_bracket_headers_differ() {
        assert!(matches!(
            agree("[default]\nregion: x\n"),
            Agreement::Different { line: 2, .. }
        ));
        assert!(matches!(
            agree("[a] ; x]\nk = v\n"),
            Agreement::Different { line: 1, .. }
        ));
    }

    #[test]
    fn files_botocore_rejects_are_unreadable() {
        assert!(matches!(agree("k = v\n"), Agreement::Unreadable(_)));
        assert!(matches!(
            agree("[a]\nk = 1\nK = 2\n"),
            Agreement::Unreadable(Rejected { line: 3, .. })
        ));
        assert!(matches!(
            agree("[a]\n[a]\n"),
            Agreement::Unreadable(Rejected { line: 2, .. })
        ));
        assert!(matches!(
            agree("[a]\nnot a pair\n"),
            Agreement::Unreadable(_)
        ));
    }
}
