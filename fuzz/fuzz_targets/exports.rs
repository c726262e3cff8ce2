//! Each env exporter: the output, read back by a parser of that syntax's words, gives back the
//! exact value (sh by `shlex`, POSIX word splitting; fish and PowerShell by their single-quote
//! rules; JSON by serde_json; dotenv verbatim).
#![no_main]

use awsso::exports::{self, Syntax};
use libfuzzer_sys::fuzz_target;

/// fish: inside '…' only \\ and \' are escapes.
fn unquote_fish(word: &str) -> Option<String> {
    let inner = word.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                e @ ('\\' | '\'') => out.push(e),
                other => {
                    out.push('\\');
                    out.push(other);
                }
            },
            '\'' => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

fn is_ps_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

/// PowerShell: inside '…' a quote (any of the four typographic ones too) is written twice.
fn unquote_powershell(word: &str) -> Option<String> {
    let mut chars = word.chars();
    if !is_ps_quote(chars.next()?) {
        return None;
    }
    let mut out = String::new();
    let mut chars = chars.peekable();
    while let Some(c) = chars.next() {
        if is_ps_quote(c) {
            match chars.peek() {
                Some(&n) if is_ps_quote(n) => {
                    chars.next();
                    out.push(n);
                }
                None => return Some(out),
                Some(_) => return None,
            }
        } else {
            out.push(c);
        }
    }
    None
}

fuzz_target!(|data: &[u8]| {
    let Ok(value) = std::str::from_utf8(data) else {
        return;
    };
    let name = "AWS_SESSION_TOKEN";
    for syntax in [
        Syntax::Sh,
        Syntax::Fish,
        Syntax::PowerShell,
        Syntax::Json,
        Syntax::Dotenv,
    ] {
        let Ok(out) = exports::render(syntax, &[(name, value)]) else {
            assert!(value.contains('\0') || syntax == Syntax::Dotenv);
            continue;
        };
        let line = out.strip_suffix('\n').expect("ends with a newline");
        let back = match syntax {
            Syntax::Sh => {
                let words = shlex::split(line).expect("sh output splits");
                assert_eq!(words.len(), 2, "{line:?}");
                assert_eq!(words[0], "export");
                words[1]
                    .strip_prefix("AWS_SESSION_TOKEN=")
                    .expect("assignment")
                    .to_owned()
            }
            Syntax::Fish => unquote_fish(
                line.strip_prefix("set -gx AWS_SESSION_TOKEN ").expect("set"),
            )
            .expect("one fish word"),
            Syntax::PowerShell => unquote_powershell(
                line.strip_prefix("$Env:AWS_SESSION_TOKEN = ").expect("assignment"),
            )
            .expect("one PowerShell string"),
            Syntax::Json => {
                let v: serde_json::Value = serde_json::from_str(line).expect("JSON");
                v[name].as_str().expect("a string").to_owned()
            }
            Syntax::Dotenv => line
                .strip_prefix("AWS_SESSION_TOKEN=")
                .expect("assignment")
                .to_owned(),
        };
        assert_eq!(back, value, "{syntax:?}: {line:?}");
    }
});
