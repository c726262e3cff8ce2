//! Rendering a [`Document`] back to text. Pure.
//!
//! Owns the output side of the round-trip invariant: every line is written as its stored text
//! followed by its own stored ending, after the byte order mark if there was one. Nothing is
//! normalised here; edits decide what new text looks like.
//!
//! ```ini
//! [default]\r\n        <- each line keeps its own ending
//! region = eu-west-1\n
//! output = json        <- a last line without newline stays without one
//! ```

use std::fmt;

use super::{Document, LineEnding};

impl Document {
    /// The document as text, byte for byte what was parsed plus any edits.
    pub(crate) fn render(&self) -> String {
        let len = self
            .lines
            .iter()
            .map(|l| l.text.len() + l.ending.as_str().len())
            .sum::<usize>();
        let mut out = String::with_capacity(len + 3);
        if self.bom {
            out.push('\u{feff}');
        }
        for line in &self.lines {
            out.push_str(&line.text);
            out.push_str(line.ending.as_str());
        }
        out
    }

    /// The ending used for new lines: CRLF when more lines end in CRLF than in LF, else LF.
    pub(crate) fn line_ending(&self) -> LineEnding {
        let (mut lf, mut crlf) = (0usize, 0usize);
        for line in &self.lines {
            match line.ending {
                LineEnding::Lf => lf += 1,
                LineEnding::CrLf => crlf += 1,
                LineEnding::None => {}
            }
        }
        if crlf > lf {
            LineEnding::CrLf
        } else {
            LineEnding::Lf
        }
    }

    #[cfg(test)]
    /// Whether the text ends with a line ending (an empty document does not).
    pub(crate) fn ends_with_newline(&self) -> bool {
        self.lines
            .last()
            .is_some_and(|l| l.ending != LineEnding::None)
    }
}

impl fmt::Display for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}
