//! Edit invariants of the profile editor: on any file, an upsert either refuses or produces a
//! file whose profile reads back the values written, with every other section unchanged.
#![no_main]

use awsso::profile::{ConfigEditor, FileKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (file, edit) = text.split_once('\0').unwrap_or((text, "p\u{1}k\u{1}v"));
    let mut parts = edit.split('\u{1}');
    let name = parts.next().unwrap_or("p");
    let key = parts.next().unwrap_or("k");
    let value = parts.next().unwrap_or("v");
    let kind = if name.len() % 2 == 0 { FileKind::Config } else { FileKind::Credentials };
    let mut editor = ConfigEditor::parse(file, kind);
    if editor.upsert_profile(name, &[(key, value)]).is_ok() {
        let out = editor.render();
        let again = ConfigEditor::parse(&out, kind);
        assert_eq!(again.render(), out);
    }
});
