//! Diagnostics: things in the shared files that AWS tools read differently, ignore or reject.
//! Pure data.
//!
//! Owns the [`Diagnostic`] record and its [`DiagnosticKind`]s. Producing them is
//! `normalize.rs`'s job; showing them is the UI's. Messages are lowercase, name the thing, and
//! never quote values (a credentials file holds secrets).
//!
//! ```ini
//! [profile dev]
//! region = us-east-1 # eu    ; config:2: value of region contains '#' after whitespace; ...
//! [profile dev]              ; config:3: duplicate section [profile dev] (first at line 1); ...
//! ```

use std::fmt;
use std::path::PathBuf;

/// One finding, located at `path:line`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Diagnostic {
    /// The file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// What kind of finding this is.
    pub kind: DiagnosticKind,
    /// Lowercase, no trailing period, e.g.
    /// `duplicate section [profile dev] (first at line 3); later keys win`.
    pub message: String,
}

impl Diagnostic {
    /// `PATH:LINE`.
    pub(crate) fn location(&self) -> String {
        format!("{}:{}", self.path.display(), self.line)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

/// The kinds of [`Diagnostic`]; the numbers refer to the rules in [`crate::profile`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub(crate) enum DiagnosticKind {
    /// A line that is not a header, key, continuation, comment or blank (rule 13).
    Garbage,
    /// The file starts with a UTF-8 byte order mark (rule 14).
    ByteOrderMark,
    /// Config file: an unprefixed section other than `[default]` (rule 3).
    NotAProfile,
    /// Config file: a section with an unknown prefix, e.g. `[Profile dev]` (rule 3).
    UnknownSection,
    /// Credentials file: `[profile x]`, which names the profile "profile x" (rule 4).
    ProfilePrefixInCredentials,
    /// A section name outside the portable set, or empty (rule 5).
    InvalidName,
    /// A key outside the portable set (rule 6).
    InvalidKey,
    /// `[default]` ignored because `[profile default]` exists (rule 2).
    ShadowedDefault,
    /// The same section twice; merged, later keys win (rule 9).
    DuplicateSection,
    /// The same key twice in one section; the later wins (rule 10).
    DuplicateKey,
    /// ` #` or ` ;` inside a value; botocore keeps it, the Rust SDK cuts it (rule 11).
    InlineComment,
    /// An indented comment inside a value; the Rust SDK reads it as value text (rule 12).
    IndentedComment,
    /// A line in a sub-property block that is not `k = v` (rule 8).
    InvalidSubProperty,
}

impl DiagnosticKind {
    /// A stable kebab-case label, e.g. `duplicate-section`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            DiagnosticKind::Garbage => "garbage",
            DiagnosticKind::ByteOrderMark => "byte-order-mark",
            DiagnosticKind::NotAProfile => "not-a-profile",
            DiagnosticKind::UnknownSection => "unknown-section",
            DiagnosticKind::ProfilePrefixInCredentials => "profile-prefix-in-credentials",
            DiagnosticKind::InvalidName => "invalid-name",
            DiagnosticKind::InvalidKey => "invalid-key",
            DiagnosticKind::ShadowedDefault => "shadowed-default",
            DiagnosticKind::DuplicateSection => "duplicate-section",
            DiagnosticKind::DuplicateKey => "duplicate-key",
            DiagnosticKind::InlineComment => "inline-comment",
            DiagnosticKind::IndentedComment => "indented-comment",
            DiagnosticKind::InvalidSubProperty => "invalid-sub-property",
        }
    }
}

impl fmt::Display for DiagnosticKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
