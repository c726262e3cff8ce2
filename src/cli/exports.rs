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
//! cmd         set "AWS_SECRET_ACCESS_KEY=it's"            one quoted assignment; some values refused
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
//! - **cmd** (cmd.exe): `set "NAME=value"`. The quotes around the whole assignment keep
//!   `&`, `|`, `<`, `>`, `^`, `(` and `)` literal, both in a batch file (`call creds.cmd`) and in
//!   a line run by `for /f "delims=" %i in ('awsso env --format cmd') do @%i`; `set` drops the
//!   quotes. What cmd.exe cannot take literally in both places is refused with an error naming
//!   it: `"` (it would end the quoting), `%` (a batch file needs `%%`, a `for` line needs `%`:
//!   no spelling works in both), `!` (expanded, with every `^` on the line, when delayed
//!   expansion is on), line breaks and other control characters (a line ends there),
//!   non-ASCII characters (cmd.exe reads them in the console's code page, not UTF-8), and the
//!   empty value (`set "NAME="` removes the variable). Credentials, regions and timestamps
//!   never hold any of these.
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
    /// cmd.exe (`set` lines).
    Cmd,
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
            Syntax::Cmd => "cmd",
            Syntax::Json => "json",
            Syntax::Dotenv => "dotenv",
        }
    }

    /// The shell syntax a person on this platform most likely evaluates (pure): PowerShell on
    /// Windows, except under Git Bash or MSYS2 (`msystem`: they set `MSYSTEM`), where it is sh
    /// as on every other platform. cmd.exe is never the default: PowerShell is Windows' shell
    /// and what Windows Terminal opens.
    pub(crate) fn default_shell(windows: bool, msystem: bool) -> Syntax {
        if windows && !msystem {
            Syntax::PowerShell
        } else {
            Syntax::Sh
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
    /// The value holds something a cmd.exe `set` line cannot carry literally (see the module
    /// docs).
    #[error("the value of {name} cannot be written as a cmd.exe set line: it contains {what}")]
    NotForCmd {
        /// The variable.
        name: String,
        /// What it contains (`a percent sign`, ...).
        what: &'static str,
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
            ExportError::NotForCmd { .. } => {
                Some("use --format powershell (or --format json)".to_owned())
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

/// What in `value` a cmd.exe `set "NAME=value"` line cannot carry literally, if anything (see
/// the module docs for why each is refused).
pub(crate) fn cmd_refusal(value: &str) -> Option<&'static str> {
    if value.is_empty() {
        return Some("nothing (set \"NAME=\" removes a variable)");
    }
    value.chars().find_map(|c| match c {
        '"' => Some("a double quote"),
        '%' => Some("a percent sign"),
        '!' => Some("an exclamation mark"),
        '\r' | '\n' => Some("a line break"),
        c if c.is_control() && c != '\t' => Some("a control character"),
        c if !c.is_ascii() => Some("a non-ASCII character"),
        _ => None,
    })
}

/// The cmd.exe line that sets `name` (checked) to `value`: `set "NAME=value"`.
pub(crate) fn set_cmd(name: &str, value: &str) -> Result<String, ExportError> {
    check_name(name)?;
    match cmd_refusal(value) {
        Some(what) => Err(ExportError::NotForCmd {
            name: name.to_owned(),
            what,
        }),
        None => Ok(format!("set \"{name}={value}\"")),
    }
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
        if syntax == Syntax::Cmd {
            set_cmd(name, value)?;
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
            Syntax::Cmd => writeln!(out, "{}", set_cmd(name, value)?),
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
        // Setting nothing removes the variable (and is no error when it is not set).
        Syntax::Cmd => names.iter().map(|n| format!("set \"{n}=\"")).collect(),
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

    #[test]
    fn cmd_lines() {
        assert_eq!(
            render(Syntax::Cmd, &[("A", "x&y|z<w>v^u(t)s"), ("B", "it's ok")]).unwrap(),
            "set \"A=x&y|z<w>v^u(t)s\"\nset \"B=it's ok\"\n"
        );
        assert_eq!(
            render(
                Syntax::Cmd,
                &[("K", "ASIA+/x=="), ("T", "2026-11-22T10:00:00Z")]
            )
            .unwrap(),
            "set \"K=ASIA+/x==\"\nset \"T=2026-11-22T10:00:00Z\"\n"
        );
        assert_eq!(
            render_unset(Syntax::Cmd, &["A", "B"]).unwrap(),
            "set \"A=\"\nset \"B=\"\n"
        );
    }

    #[test]
    fn cmd_refuses_what_it_cannot_carry() {
        for (value, what) in [
            ("", "nothing"),
            ("a\"b", "double quote"),
            ("100%", "percent"),
            ("%PATH%", "percent"),
            ("hi!", "exclamation"),
            ("a\nb", "line break"),
            ("a\rb", "line break"),
            ("a\u{1a}b", "control"),
            ("caf\u{e9}", "non-ASCII"),
        ] {
            let err = render(Syntax::Cmd, &[("K", value)]).unwrap_err();
            assert!(
                matches!(&err, ExportError::NotForCmd { name, what: w } if name == "K" && w.contains(what)),
                "{value:?}: {err:?}"
            );
            assert!(
                err.to_string()
                    .starts_with("the value of K cannot be written as a cmd.exe set line")
            );
            assert_eq!(
                err.hint().as_deref(),
                Some("use --format powershell (or --format json)")
            );
        }
        // Every hostile value is either written or refused, never written half-way.
        for value in HOSTILE {
            match render(Syntax::Cmd, &[("K", value)]) {
                Ok(line) => {
                    assert_eq!(line, format!("set \"K={value}\"\n"));
                    assert!(cmd_refusal(value).is_none());
                }
                Err(_) => assert!(cmd_refusal(value).is_some(), "{value:?}"),
            }
        }
    }

    #[test]
    fn default_shell_per_platform() {
        assert_eq!(Syntax::default_shell(true, false), Syntax::PowerShell);
        assert_eq!(Syntax::default_shell(true, true), Syntax::Sh, "Git Bash");
        assert_eq!(Syntax::default_shell(false, false), Syntax::Sh);
        assert_eq!(Syntax::default_shell(false, true), Syntax::Sh);
    }

    /// Runs `script` in `shell` with an empty environment (the test is ignored, with its
    /// reason, where the shell is missing: see `awsso_test_tools`).
    fn run(shell: &str, args: &[&str], script: &str) -> std::process::Output {
        let mut cmd = Command::new(shell);
        cmd.args(args).arg(script).env_clear();
        if cfg!(unix) {
            cmd.env("PATH", "/usr/bin:/bin:/opt/microsoft/powershell/7");
        }
        cmd.output()
            .unwrap_or_else(|e| panic!("cannot run {shell}: {e}"))
    }

    /// Evaluates the rendered assignment of each hostile value in a real shell and prints the
    /// variable back.
    fn round_trip(shell: &str, args: &[&str], syntax: Syntax, print: &str) {
        for value in HOSTILE {
            let Ok(lines) = render(syntax, &[("AWSSO_T", value)]) else {
                assert_eq!(syntax, Syntax::Cmd, "{value:?} refused");
                continue;
            };
            let out = run(shell, args, &format!("{lines}{print}"));
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
        let out = run(shell, args, &format!("{set}{unset}{print}"));
        assert_eq!(String::from_utf8_lossy(&out.stdout), "", "{shell}: unset");
    }

    #[test]
    #[cfg_attr(not(unix), ignore = "bash is not a shell of this platform")]
    fn bash_round_trip() {
        round_trip("bash", &["-c"], Syntax::Sh, "printf %s \"$AWSSO_T\"");
    }

    #[test]
    #[cfg_attr(not(unix), ignore = "sh is not a shell of this platform")]
    fn dash_round_trip() {
        round_trip("sh", &["-c"], Syntax::Sh, "printf %s \"$AWSSO_T\"");
    }

    awsso_test_tools::zsh_test! {
        fn zsh_round_trip() {
            round_trip(
                "zsh",
                &["-o", "rcquotes", "-c"],
                Syntax::Sh,
                "printf %s \"$AWSSO_T\"",
            );
        }
    }

    awsso_test_tools::fish_test! {
        fn fish_round_trip() {
            round_trip(
                "fish",
                &["--no-config", "-c"],
                Syntax::Fish,
                "printf %s \"$AWSSO_T\"",
            );
        }
    }

    awsso_test_tools::pwsh_test! {
        fn powershell_round_trip() {
            round_trip(
                "pwsh",
                &["-NoProfile", "-NonInteractive", "-Command"],
                Syntax::PowerShell,
                "[Console]::Out.Write($Env:AWSSO_T)",
            );
        }
    }

    /// cmd.exe runs the lines as a batch file would (`/v:off`: delayed expansion off, as by
    /// default); `%` is refused, so the batch file and `for /f` readings agree.
    #[test]
    #[cfg_attr(not(windows), ignore = "cmd.exe is Windows' shell")]
    fn cmd_round_trip() {
        for value in HOSTILE.iter().filter(|v| cmd_refusal(v).is_none()) {
            let dir = tempfile::tempdir().unwrap();
            let script = dir.path().join("t.cmd");
            let lines = render(Syntax::Cmd, &[("AWSSO_T", value)]).unwrap();
            // `set AWSSO_T` prints NAME=value; the batch file's own echo is off.
            std::fs::write(&script, format!("@echo off\r\n{lines}set AWSSO_T\r\n")).unwrap();
            let out = Command::new("cmd.exe")
                .args(["/d", "/v:off", "/c"])
                .arg(&script)
                .output()
                .unwrap();
            assert_eq!(
                String::from_utf8_lossy(&out.stdout).trim_end_matches(['\r', '\n']),
                format!("AWSSO_T={value}"),
                "{value:?}\n{lines}"
            );
        }
    }
}
