//! Untrusted text made safe for a terminal: the one escaping function for every human-facing
//! output (stderr messages, listings, tables, status lines, diffs shown to a person).
//!
//! Pure. Text from outside — account and role names from the service, start URLs and role
//! names from cache files other processes can write, redirect parameters, config values — may
//! hold escape sequences (which recolour, move the cursor or retitle the terminal), carriage
//! returns and newlines (which forge whole lines), or Unicode bidi controls (which reorder what
//! is shown, e.g. U+202E). [`for_terminal`] shows each such character as a visible escape
//! (`\x1b`, `\n`, `\u{202e}`) and leaves everything else, including ordinary non-ASCII
//! letters, untouched.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` must not reach a terminal as is.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'                  // Arabic letter mark
            | '\u{200b}'..='\u{200f}'   // zero-width characters, LRM, RLM
            | '\u{2028}' | '\u{2029}'   // line and paragraph separators
            | '\u{202a}'..='\u{202e}'   // bidi embeddings and overrides
            | '\u{2060}'..='\u{2069}'   // word joiner, invisible operators, bidi isolates
            | '\u{feff}'                // zero-width no-break space (BOM)
        )
}

/// `text` with every control, bidi and invisible formatting character shown as an escape:
/// `"a\x1b[2Jb"` becomes `a\x1b[2Jb`, `"evil\u{202e}txt"` becomes `evil\u{202e}txt`.
pub(crate) fn for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !is_unsafe(c) {
            out.push(c);
            continue;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_ascii() => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn controls_and_bidi_are_shown_as_escapes() {
        use super::for_terminal;
        assert_eq!(for_terminal("prod"), "prod");
        assert_eq!(for_terminal("a\x1b[2Jb\nc"), "a\\x1b[2Jb\\nc");
        assert_eq!(for_terminal("evil\u{202e}txt.exe"), "evil\\u{202e}txt.exe");
    }

    use super::*;

    #[test]
    fn every_class_is_escaped_and_nothing_else() {
        let cases = [
            ("plain ascii", "plain ascii"),
            ("Zürich – 東京", "Zürich – 東京"),
            ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),
            ("line\r\nforged", "line\\r\\nforged"),
            // Every line separator: one line when shown.
            (
                "a\u{b}b\u{c}c\u{85}d\u{2028}e\u{2029}f",
                "a\\x0bb\\x0cc\\u{85}d\\u{2028}e\\u{2029}f",
            ),
            ("tab\there", "tab\\there"),
            ("\u{7f}\u{85}\u{9b}", "\\x7f\\u{85}\\u{9b}"),
            (
                "\u{202e}\u{2066}\u{200f}\u{feff}",
                "\\u{202e}\\u{2066}\\u{200f}\\u{feff}",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(for_terminal(input), expected, "{input:?}");
            assert_eq!(
                matches!(for_terminal(input), Cow::Owned(_)),
                input != expected
            );
        }
    }
}
