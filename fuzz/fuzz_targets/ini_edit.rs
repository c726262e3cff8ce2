//! Edit invariants of the profile editor. On any file:
//! - an upsert either refuses or produces a file our parser reads back with the values set;
//! - when botocore (the configparser model) reads the input the way we do, the editor accepts
//!   it, and botocore reads the output too, with the edited key in the edited section: an edit
//!   never turns a file botocore parses into one it does not.
#![no_main]

use std::path::Path;

use awsso::ini::configparser;
use awsso::profile::{ConfigEditor, FileKind, ProfileSet, write};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
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
});
