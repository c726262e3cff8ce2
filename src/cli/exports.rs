//! Environment-variable assignments (and their removal) rendered for shells, JSON and .env files.
//!
//! Pure. Owns the quoting rules that keep every value inert: whatever a value contains
//! (quotes, `$(…)`, backticks, newlines, backslashes), evaluating the output assigns exactly that
//! value and runs nothing. Does not own which variables are exported (`cmd/env.rs` does).
//!
//! ```text
//! sh          export AWS_SECRET_ACCESS_KEY='it'\''s'      single quotes; ' becomes '\''
//! fish        set -gx AWS_SECRET_ACCESS_KEY 'it\'s'       single quotes; \ and ' escaped
//! powershell  $Env:AWS_SECRET_ACCESS_KEY = 'it''s'       single quotes; every quote doubled
//! json        {"AWS_SECRET_ACCESS_KEY":"it's"}            JSON strings
//! dotenv      AWS_SECRET_ACCESS_KEY=abc+/=                unquoted, strict character set
//! ```
//!
//! - **sh** (bash, zsh, dash, ksh): nothing is special inside single quotes, so a quote is
//!   closed, written as `\'` and reopened. Empty quoted segments are never emitted (zsh's
//!   `RC_QUOTES` would read `''` inside a quoted word as a quote).
//! - **fish**: inside single quotes only `\\` and `\'` are escapes.
//! - **PowerShell**: inside single quotes only the quote is special, and PowerShell treats the
//!   typographic quotes U+2018, U+2019, U+201A and U+201B as single quotes too: each is doubled.
//! - **dotenv**: the dialects disagree (Docker's `--env-file` keeps quotes as part of the value,
//!   python-dotenv and Compose interpolate `$` in some quote styles), so values are written
//!   unquoted and only when they consist of `A-Za-z0-9+/=._:@%,-`; anything else is refused
//!   rather than written ambiguously. Credentials, regions and timestamps always fit.
//!
//! A NUL byte cannot be held by any environment variable and is refused in every syntax.

use std::fmt::Write as _;

/// The output syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    /// POSIX shells: bash, zsh, dash, ksh.
    Sh,
    /// fish.
    Fish,
    /// PowerShell.
    PowerShell,
    /// One JSON object.
    Json,
    /// `.env` files.
    Dotenv,
}

impl Syntax {
    /// The name used in messages and `--format`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Syntax::Sh => "sh",
            Syntax::Fish => "fish",
            Syntax::PowerShell => "powershell",
            Syntax::Json => "json",
            Syntax::Dotenv => "dotenv",
        }
    }
}

/// A variable that cannot be written safely in the chosen syntax.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ExportError {
    /// The name is not `[A-Za-z_][A-Za-z0-9_]*`.
    #[error("'{0}' is not a valid environment variable name")]
    InvalidName(String),
    /// The value holds a NUL byte, which no environment variable can hold.
    #[error("the value of {0} contains a NUL byte")]
    Nul(String),
    /// The value has characters the syntax cannot hold unambiguously.
    #[error("the value of {name} contains characters {syntax} files cannot hold unambiguously")]
    NotRepresentable {
        /// The variable.
        name: String,
        /// The syntax.
        syntax: &'static str,
    },
    /// The syntax has no way to remove a variable.
    #[error("{0} files cannot remove variables")]
    NoUnset(&'static str),
}

impl ExportError {
    /// The fix.
    pub(crate) fn hint(&self) -> Option<String> {
        match self {
            ExportError::NotRepresentable { .. } | ExportError::NoUnset(_) => {
                Some("use --format json or --format sh".to_owned())
            }
            _ => None,
        }
    }
}

fn check_name(name: &str) -> Result<(), ExportError> {
    let mut chars = name.chars();
    let ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(ExportError::InvalidName(name.to_owned()))
    }
}

/// Quotes `value` as one POSIX shell word that expands to exactly `value`.
pub(crate) fn quote_sh(value: &str) -> String {
    if value.is_empty() {
        return "''".to_owned();
    }
    let mut out = String::with_capacity(value.len() + 2);
    for (i, part) in value.split('\'').enumerate() {
        if i > 0 {
            out.push_str("\\'");
        }
        if !part.is_empty() {
            out.push('\'');
            out.push_str(part);
            out.push('\'');
        }
    }
    out
}

/// Quotes `value` as one fish word that expands to exactly `value`.
pub(crate) fn quote_fish(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        if c == '\\' || c == '\'' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// Quotes `value` as a PowerShell verbatim string that evaluates to exactly `value`.
pub(crate) fn quote_powershell(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

fn dotenv_safe(value: &str) -> bool {
    value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "+/=._:@%,-".contains(c))
}

/// Renders assignments of `vars` (name, value) in `syntax`, one per line (JSON: one object),
/// ending with a newline.
pub(crate) fn render(syntax: Syntax, vars: &[(&str, &str)]) -> Result<String, ExportError> {
    for (name, value) in vars {
        check_name(name)?;
        if value.contains('\0') {
            return Err(ExportError::Nul((*name).to_owned()));
        }
        if syntax == Syntax::Dotenv && !dotenv_safe(value) {
            return Err(ExportError::NotRepresentable {
                name: (*name).to_owned(),
                syntax: syntax.name(),
            });
        }
    }
    let mut out = String::new();
    if syntax == Syntax::Json {
        let entries: Vec<String> = vars
            .iter()
            .map(|(n, v)| format!("{}:{}", json_string(n), json_string(v)))
            .collect();
        return Ok(format!("{{{}}}\n", entries.join(",")));
    }
    for (name, value) in vars {
        // Writing to a String cannot fail.
        let _ = match syntax {
            Syntax::Sh => writeln!(out, "export {name}={}", quote_sh(value)),
            Syntax::Fish => writeln!(out, "set -gx {name} {}", quote_fish(value)),
            Syntax::PowerShell => writeln!(out, "$Env:{name} = {}", quote_powershell(value)),
            Syntax::Dotenv => writeln!(out, "{name}={value}"),
            Syntax::Json => Ok(()),
        };
    }
    Ok(out)
}

/// Renders the lines that remove `names` (JSON: an object of `null`s).
pub(crate) fn render_unset(syntax: Syntax, names: &[&str]) -> Result<String, ExportError> {
    for name in names {
        check_name(name)?;
    }
    let lines: Vec<String> = match syntax {
        Syntax::Sh => vec![format!("unset {}", names.join(" "))],
        Syntax::Fish => names.iter().map(|n| format!("set -e {n}")).collect(),
        Syntax::PowerShell => names
            .iter()
            .map(|n| format!("Remove-Item Env:{n} -ErrorAction SilentlyContinue"))
            .collect(),
        Syntax::Json => {
            let entries: Vec<String> = names
                .iter()
                .map(|n| format!("{}:null", json_string(n)))
                .collect();
            vec![format!("{{{}}}", entries.join(","))]
        }
        Syntax::Dotenv => return Err(ExportError::NoUnset(syntax.name())),
    };
    Ok(lines.iter().map(|l| format!("{l}\n")).collect())
}

fn json_string(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    /// Values that would run code or break out of a naive assignment.
    const HOSTILE: &[&str] = &[
        "",
        "plain",
        "it's",
        "'",
        "''",
        "'leading and trailing'",
        "$(touch /tmp/awsso-pwned)",
        "`touch /tmp/awsso-pwned`",
        "${HOME}",
        "$HOME",
        "a\"b\"c",
        "back\\slash\\",
        "\\'",
        "new\nline",
        "\n",
        "cr\r\nlf",
        "tab\there",
        "semi; rm -rf /; #",
        "x' ; touch /tmp/awsso-pwned ; echo '",
        "\u{2018}smart\u{2019} \u{201A}quotes\u{201B}",
        "ünïcödé ✓",
        "!history !! ^x",
        "*glob?[a]",
        "~tilde",
    ];

    #[test]
    fn sh_quoting() {
        assert_eq!(quote_sh("abc"), "'abc'");
        assert_eq!(quote_sh("it's"), "'it'\\''s'");
        assert_eq!(quote_sh("'"), "\\'");
        assert_eq!(quote_sh(""), "''");
        assert_eq!(quote_sh("$(x)`y`"), "'$(x)`y`'");
        assert_eq!(quote_sh("a''b"), "'a'\\'\\''b'", "no empty quoted segments");
    }

    #[test]
    fn fish_quoting() {
        assert_eq!(quote_fish("it's"), "'it\\'s'");
        assert_eq!(quote_fish("a\\b"), "'a\\\\b'");
        assert_eq!(quote_fish("$(x)\n"), "'$(x)\n'");
    }

    #[test]
    fn powershell_quoting() {
        assert_eq!(quote_powershell("it's"), "'it''s'");
        assert_eq!(quote_powershell("\u{2019}"), "'\u{2019}\u{2019}'");
        assert_eq!(quote_powershell("$x `n"), "'$x `n'");
    }

    #[test]
    fn json_and_unset() {
        let out = render(Syntax::Json, &[("A", "x\"y\n"), ("B", "z")]).unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["A"], "x\"y\n");
        assert_eq!(out.trim_end().lines().count(), 1);
        assert_eq!(
            render_unset(Syntax::Sh, &["A", "B"]).unwrap(),
            "unset A B\n"
        );
        assert_eq!(
            render_unset(Syntax::Json, &["A"]).unwrap(),
            "{\"A\":null}\n"
        );
        assert!(render_unset(Syntax::Dotenv, &["A"]).is_err());
    }

    #[test]
    fn dotenv_is_strict() {
        assert_eq!(
            render(
                Syntax::Dotenv,
                &[("K", "ASIA+/x=="), ("T", "2026-11-22T10:00:00Z")]
            )
            .unwrap(),
            "K=ASIA+/x==\nT=2026-11-22T10:00:00Z\n"
        );
        for bad in ["it's", "a b", "$(x)", "a\nb", "\"", "#x", ""] {
            if bad.is_empty() {
                continue;
            }
            assert!(
                matches!(
                    render(Syntax::Dotenv, &[("K", bad)]),
                    Err(ExportError::NotRepresentable { .. })
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn names_and_nul_are_checked() {
        for syntax in [
            Syntax::Sh,
            Syntax::Fish,
            Syntax::PowerShell,
            Syntax::Json,
            Syntax::Dotenv,
        ] {
            assert!(render(syntax, &[("A;B", "x")]).is_err());
            assert!(render(syntax, &[("1A", "x")]).is_err());
            assert!(render(syntax, &[("A", "x\0y")]).is_err());
        }
    }

    /// Runs `script` in `shell` with an empty environment; `None` when the shell is absent.
    fn run(shell: &str, args: &[&str], script: &str) -> Option<std::process::Output> {
        match Command::new(shell)
            .args(args)
            .arg(script)
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .output()
        {
            Ok(out) => Some(out),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                eprintln!("notice: {shell} is not installed; skipping its round-trip test");
                None
            }
            Err(e) => panic!("{shell}: {e}"),
        }
    }

    /// Evaluates the rendered assignment in a real shell and prints the variable back.
    fn round_trip(shell: &str, args: &[&str], syntax: Syntax, print: &str) {
        for value in HOSTILE {
            let lines = render(syntax, &[("AWSSO_T", value)]).unwrap();
            let Some(out) = run(shell, args, &format!("{lines}{print}")) else {
                return;
            };
            assert!(
                out.status.success(),
                "{shell} {value:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(
                String::from_utf8_lossy(&out.stdout),
                *value,
                "{shell} {value:?}\n{lines}"
            );
            assert!(
                out.stderr.is_empty(),
                "{shell} {value:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let unset = render_unset(syntax, &["AWSSO_T"]).unwrap();
        let set = render(syntax, &[("AWSSO_T", "x")]).unwrap();
        if let Some(out) = run(shell, args, &format!("{set}{unset}{print}")) {
            assert_eq!(String::from_utf8_lossy(&out.stdout), "", "{shell}: unset");
        }
    }

    #[test]
    fn bash_round_trip() {
        round_trip("bash", &["-c"], Syntax::Sh, "printf %s \"$AWSSO_T\"");
    }

    #[test]
    fn dash_round_trip() {
        round_trip("sh", &["-c"], Syntax::Sh, "printf %s \"$AWSSO_T\"");
    }

    #[test]
    fn zsh_round_trip() {
        round_trip(
            "zsh",
            &["-o", "rcquotes", "-c"],
            Syntax::Sh,
            "printf %s \"$AWSSO_T\"",
        );
    }

    #[test]
    fn fish_round_trip() {
        round_trip(
            "fish",
            &["--no-config", "-c"],
            Syntax::Fish,
            "printf %s \"$AWSSO_T\"",
        );
    }

    #[test]
    fn powershell_round_trip() {
        round_trip(
            "pwsh",
            &["-NoProfile", "-NonInteractive", "-Command"],
            Syntax::PowerShell,
            "[Console]::Out.Write($Env:AWSSO_T)",
        );
    }
}
