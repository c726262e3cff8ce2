//! INI parse → render is the identity, and reading a document never panics.
#![no_main]

use awsso::ini::Document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
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
});
