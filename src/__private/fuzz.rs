//! The fuzz targets' bodies (`fuzz/fuzz_targets/*.rs` call one function each): every
//! invariant a target checks, written against the crate's private items so the targets need
//! no public back door into them. Each function takes the fuzzer's bytes and panics on a
//! broken invariant; unstable, not part of the API.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a panic is how a fuzz target reports

use std::path::Path;
use std::time::Duration;

use crate::cli::args as cli;
use crate::cli::exports::{self, Syntax};
use crate::ini::Document;
use crate::ini::configparser;
use crate::profile::{ConfigEditor, FileKind, ProfileSet, write};
use crate::sso::login::{Callback, parse_callback};
use crate::sso::role_cache;
use crate::sso::target;
use crate::sso::token_cache;

/// The argument parsers: role ARNs, durations, rates, concurrency, and whole command lines
/// (selection flags included) never panic, and what they accept is in range.
pub fn args(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok((account, role)) = target::parse_role_arn(text) {
        assert!(crate::ids::check_account_id(&account).is_ok());
        assert!(crate::ids::check_role_name(&role).is_ok());
    }
    if let Ok(d) = cli::parse_duration(text) {
        // Every accepted duration can be added to any timestamp we handle.
        assert!(d.as_secs() <= crate::ids::MAX_DURATION_SECS);
    }
    if let Ok(r) = cli::parse_rate(text) {
        assert!(r.is_finite() && r > 0.0);
        let _ = std::time::Duration::from_secs_f64(1.0 / r);
    }
    let _ = cli::parse_concurrency(text);
    let _ = crate::ids::check_account_id(text);
    let _ = crate::ids::check_role_name(text);
    // A whole command line: words split at NUL.
    let mut args: Vec<std::ffi::OsString> = vec!["awsso".into()];
    args.extend(text.split('\0').map(Into::into));
    let _ = cli::parse_from(args);
}

/// The loopback listener's request handling: any request head classifies without panicking,
/// and a code is only ever returned with exactly the expected state.
pub fn callback(data: &[u8]) {
    let with_expected = parse_callback(data, STATE);
    // Accepted (code, error or no code) for one state means refused for any other state.
    if matches!(
        with_expected,
        Callback::Code(_) | Callback::Error(_) | Callback::NoCode
    ) {
        assert_eq!(parse_callback(data, "another-state"), Callback::WrongState);
    }
    // The same request with the right state appended must never be a state mismatch when it
    // is a callback at all.
    let mut with_state = b"GET /oauth/callback?state=".to_vec();
    with_state.extend_from_slice(STATE.as_bytes());
    with_state.extend_from_slice(b"&code=");
    with_state.extend(data.iter().filter(|b| b.is_ascii_alphanumeric()));
    with_state.extend_from_slice(b" HTTP/1.1\r\n\r\n");
    assert!(matches!(
        parse_callback(&with_state, STATE),
        Callback::Code(_) | Callback::NoCode
    ));
}
const STATE: &str = "s7Xq-expected";

/// Each env exporter: the output, read back by a parser of that syntax's words, gives back the
/// exact value (sh by `shlex`, POSIX word splitting; fish and PowerShell by their single-quote
/// rules; cmd between `set "NAME=` and the last quote; JSON by serde_json; dotenv verbatim).
pub fn exports(data: &[u8]) {
    let Ok(value) = std::str::from_utf8(data) else {
        return;
    };
    let name = "AWS_SESSION_TOKEN";
    for syntax in [
        Syntax::Sh,
        Syntax::Fish,
        Syntax::PowerShell,
        Syntax::Cmd,
        Syntax::Json,
        Syntax::Dotenv,
    ] {
        let Ok(out) = exports::render(syntax, &[(name, value)]) else {
            assert!(
                value.contains('\0')
                    || syntax == Syntax::Dotenv
                    || (syntax == Syntax::Cmd && exports::cmd_refusal(value).is_some())
            );
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
                line.strip_prefix("set -gx AWS_SESSION_TOKEN ")
                    .expect("set"),
            )
            .expect("one fish word"),
            Syntax::PowerShell => unquote_powershell(
                line.strip_prefix("$Env:AWS_SESSION_TOKEN = ")
                    .expect("assignment"),
            )
            .expect("one PowerShell string"),
            Syntax::Cmd => {
                let inner = line
                    .strip_prefix("set \"AWS_SESSION_TOKEN=")
                    .and_then(|l| l.strip_suffix('"'))
                    .expect("set line");
                assert!(exports::cmd_refusal(inner).is_none(), "{line:?}");
                inner.to_owned()
            }
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
}
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

/// Edit invariants of the profile editor. On any file:
/// - an upsert either refuses or produces a file our parser reads back with the values set;
/// - when botocore (the configparser model) reads the input the way we do, the editor accepts
///   it, and botocore reads the output too, with the edited key in the edited section: an edit
///   never turns a file botocore parses into one it does not.
pub fn ini_edit(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (file, edit) = text.split_once('\0').unwrap_or((text, "p\u{1}k\u{1}v"));
    let mut parts = edit.split('\u{1}');
    let name = parts.next().unwrap_or("p");
    let key = parts.next().unwrap_or("k").to_ascii_lowercase();
    let value = parts.next().unwrap_or("v");
    let kind = if name.len() % 2 == 0 {
        FileKind::Config
    } else {
        FileKind::Credentials
    };
    let path = Path::new("f");
    let faithful = write::check_faithful(path, file, false).is_ok();
    let mut editor = ConfigEditor::parse(file, kind);
    if editor.upsert_profile(name, &[(&key, value)]).is_err() {
        return;
    }
    let out = editor.render();
    let (config, credentials) = match kind {
        FileKind::Config => (Some((path, out.as_str())), None),
        FileKind::Credentials => (None, Some((path, out.as_str()))),
    };
    let set = ProfileSet::parse(config, credentials);
    let section = match kind {
        FileKind::Config => set.profile(name),
        FileKind::Credentials => set.credentials(name),
    };
    let section = section.expect("the edited profile reads back");
    assert_eq!(section.get(&key), Some(value), "{out:?}");
    if faithful && configparser::parse(file).is_ok() {
        let read = configparser::parse(&out)
            .unwrap_or_else(|e| panic!("botocore can no longer read the file: {e:?}\n{out:?}"));
        let words = |h: &str| h.split_whitespace().collect::<Vec<_>>().join(" ");
        let headers: Vec<String> = match (kind, name) {
            (FileKind::Config, "default") => vec!["default".into(), "profile default".into()],
            (FileKind::Config, _) => vec![words(&format!("profile {name}"))],
            (FileKind::Credentials, _) => vec![words(name)],
        };
        let found = read.sections.iter().any(|((h, _), keys)| {
            headers.contains(&words(h)) && keys.iter().any(|(k, _)| *k == key)
        });
        assert!(found, "{headers:?} / {key} not in {read:?}\n{out:?}");
    }
}

/// INI parse → render is the identity, and reading a document never panics.
pub fn ini_roundtrip(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let doc = Document::parse(text);
    assert_eq!(doc.render(), text);
    for section in doc.sections() {
        for entry in section.entries() {
            let _ = entry.joined_value();
            let _ = entry.continuation().count();
        }
    }
    let _ = doc.garbage().count();
}

/// AWS profile normalisation over arbitrary config and credentials files never panics, and
/// every diagnostic points at a line of its file.
pub fn profile_normalize(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // One input holds both files, split at the first NUL.
    let (config, credentials) = text.split_once('\0').unwrap_or((text, ""));
    let set = ProfileSet::parse(
        Some((Path::new("config"), config)),
        Some((Path::new("credentials"), credentials)),
    );
    for name in set.profile_names() {
        let profile = set.profile(name).expect("a listed profile exists");
        for (key, _) in profile.keys() {
            let _ = profile.sub_properties(key);
            let _ = profile.location(Some(key));
        }
    }
    for d in set.diagnostics() {
        let lines = if d.path == Path::new("config") {
            config
        } else {
            credentials
        };
        assert!(
            d.line >= 1 && d.line <= lines.split('\n').count().max(1),
            "{d:?}"
        );
    }
}

/// The role-cache reader accepts any bytes without panicking; an accepted entry round-trips and
/// its freshness check never overflows, whatever the expiry and the minimum remaining time.
pub fn role_cache(data: &[u8]) {
    let (head, body) = data.split_at(data.len().min(16));
    let mut n = [0u8; 16];
    n[..head.len()].copy_from_slice(head);
    let secs = u64::from_le_bytes(n[..8].try_into().expect("8 bytes"));
    let now = i64::from_le_bytes(n[8..].try_into().expect("8 bytes")) % 253_402_300_799;
    let Some(entry) = role_cache::parse_entry(body) else {
        return;
    };
    let json = serde_json::to_vec(&entry).expect("an entry serialises");
    assert_eq!(role_cache::parse_entry(&json), Some(entry.clone()));
    let now = time::OffsetDateTime::from_unix_timestamp(now.abs()).expect("in range");
    let _ = role_cache::is_fresh(&entry.credentials, now, Duration::from_secs(secs));
    let _ = role_cache::process_json(&entry.credentials, Some(&entry.key.account_id));
}

/// The token-cache and registration readers accept any bytes without panicking, and what they
/// accept survives a write → read round trip.
pub fn token_cache(data: &[u8]) {
    let path = Path::new("/cache/x.json");
    if let Ok(token) = token_cache::parse(data, path) {
        let json = serde_json::to_vec(&token).expect("a parsed token serialises");
        let again = token_cache::parse(&json, path).expect("a written token parses");
        assert_eq!(again, token);
    }
    let _ = token_cache::parse_registration(data);
}
