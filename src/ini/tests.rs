//! Tests for [`crate::ini`]: named vector files, unit tests and property tests.
//!
//! Vectors live in `tests/vectors/ini/`: `NAME.in.ini` is parsed and must render back byte for
//! byte; `NAME.tree` is the expected line-by-line classification (see [`outline`]); when the test
//! performs an edit, `NAME.out.ini` is the expected rendering afterwards. Run with
//! `AWSSO_BLESS=1` to (re)write `.tree` and `.out.ini` files from the current output, then
//! review the diff.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

use proptest::collection::vec;
use proptest::prelude::{Just, Strategy, any, prop_assert, prop_assert_eq, prop_oneof, proptest};

use super::{Change, Document, EditError, LineEnding, LineKind, Select};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/ini/");

/// Whether to rewrite expected files instead of comparing (test-harness switch only).
#[allow(clippy::disallowed_methods)]
fn bless() -> bool {
    std::env::var_os("AWSSO_BLESS").is_some_and(|v| v == "1")
}

fn path(name: &str) -> PathBuf {
    PathBuf::from(DIR).join(name)
}

fn read(name: &str) -> String {
    fs::read_to_string(path(name)).unwrap_or_else(|e| panic!("cannot read vector {name}: {e}"))
}

/// Compares `actual` with the expected file, or writes it when blessing.
pub(crate) fn expect_file(dir: &str, name: &str, actual: &str) {
    let file = PathBuf::from(dir).join(name);
    if bless() {
        fs::write(&file, actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}\nactual:\n{actual}", file.display()));
    assert!(
        expected == actual,
        "{} differs\n--- expected\n{expected}\n--- actual\n{actual}\n---\n{:?}\n{:?}",
        file.display(),
        expected,
        actual
    );
}

/// One line per physical line: number, ending, kind and the parts a reader sees.
fn outline(doc: &Document) -> String {
    let mut out = String::new();
    if doc.has_bom() {
        out.push_str("bom\n");
    }
    let sections = doc.sections().map(|s| (s.line(), s)).collect::<Vec<_>>();
    let entries = doc
        .sections()
        .flat_map(|s| s.entries())
        .map(|e| (e.line(), e))
        .collect::<Vec<_>>();
    for line in doc.lines() {
        let ending = match line.ending() {
            LineEnding::Lf => "lf",
            LineEnding::CrLf => "crlf",
            LineEnding::None => "none",
        };
        let n = line.number();
        let detail = match line.kind() {
            LineKind::Blank => "blank".to_owned(),
            LineKind::Comment => "comment".to_owned(),
            LineKind::Header => {
                let (_, s) = sections.iter().find(|(l, _)| *l == n).unwrap();
                format!(
                    "header #{} {:?} raw {:?}",
                    s.ordinal(),
                    s.name(),
                    s.raw_name()
                )
            }
            LineKind::Key => {
                let (_, e) = entries.iter().find(|(l, _)| *l == n).unwrap();
                let mut d = format!("key {:?} = {:?}", e.key(), e.value());
                if e.last_line() != n {
                    write!(d, " joined {:?}", e.joined_value()).unwrap();
                }
                d
            }
            LineKind::Continuation => {
                format!("continuation {:?}", line.text().trim_matches([' ', '\t']))
            }
            LineKind::Garbage(reason) => format!("garbage: {reason}"),
        };
        writeln!(out, "{n:>3} {ending:<4} {detail}").unwrap();
    }
    out
}

/// Round-trips `NAME.in.ini` and checks `NAME.tree`; returns the parsed document.
fn vector(name: &str) -> Document {
    let input = read(&format!("{name}.in.ini"));
    let doc = Document::parse(&input);
    assert_eq!(doc.render(), input, "{name}: round trip");
    expect_file(DIR, &format!("{name}.tree"), &outline(&doc));
    doc
}

/// Checks the edited document against `NAME.out.ini`, and that it re-parses to itself.
fn expect_out(name: &str, doc: &Document) {
    let rendered = doc.render();
    assert_eq!(
        &Document::parse(&rendered),
        doc,
        "{name}: edit is a fresh parse"
    );
    expect_file(DIR, &format!("{name}.out.ini"), &rendered);
}

/// Every `*.in.ini` in the vector folder must have a test in [`VECTORS`], and the reverse.
const VECTORS: &[&str] = &[
    "basic",
    "bom",
    "continuation",
    "crlf",
    "duplicate_keys",
    "duplicate_sections",
    "empty",
    "garbage",
    "header_forms",
    "indented_comment",
    "insert_section_between",
    "insert_section_no_newline",
    "keys_before_section",
    "lone_cr",
    "mixed_endings",
    "no_trailing_newline",
    "remove_last_section",
    "remove_section_comments",
    "set_empty_value",
    "sub_properties",
    "tabs",
    "unicode",
];

#[test]
fn every_vector_file_has_a_test() {
    let on_disk = fs::read_dir(DIR)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter_map(|n| n.strip_suffix(".in.ini").map(str::to_owned))
        .collect::<BTreeSet<_>>();
    let listed = VECTORS
        .iter()
        .map(|s| (*s).to_owned())
        .collect::<BTreeSet<_>>();
    assert_eq!(on_disk, listed);
}

macro_rules! vectors {
    ($($name:ident => |$doc:ident| $body:block)*) => {$(
        #[test]
        fn $name() {
            let name = stringify!($name);
            assert!(VECTORS.contains(&name), "add {name} to VECTORS");
            #[allow(unused_mut)]
            let mut $doc = vector(name);
            $body
        }
    )*};
}

vectors! {
    basic => |doc| {
        assert_eq!(doc.set("default", "region", "eu-west-1"), Ok(Change::Updated));
        assert_eq!(doc.set("profile dev", "output", "json"), Ok(Change::Inserted));
        assert_eq!(doc.set("default", "output", "text"), Ok(Change::Unchanged));
        expect_out("basic", &doc);
    }
    bom => |doc| {
        assert!(doc.has_bom());
        assert_eq!(doc.set("default", "region", "us-east-2"), Ok(Change::Inserted));
        expect_out("bom", &doc);
    }
    continuation => |doc| {
        // Replacing a multi-line value drops its continuation lines but keeps the comment.
        assert_eq!(doc.set("default", "long", "short"), Ok(Change::Updated));
        expect_out("continuation", &doc);
    }
    crlf => |doc| {
        assert_eq!(doc.line_ending(), LineEnding::CrLf);
        assert_eq!(doc.set("profile a", "new_key", "v"), Ok(Change::Inserted));
        doc.insert_section("profile b", |_, n| n.starts_with("profile ")).unwrap();
        doc.set("profile b", "k", "v").unwrap();
        expect_out("crlf", &doc);
    }
    duplicate_keys => |doc| {
        // set updates the last occurrence only; remove_key removes them all.
        assert_eq!(doc.set("a", "k", "3"), Ok(Change::Updated));
        let a = doc.section("a").unwrap();
        assert_eq!(a.entries().filter(|e| e.key() == "k").count(), 2);
        assert_eq!(a.get("k").unwrap().value(), "3");
        assert!(doc.remove_key("b", "k"));
        expect_out("duplicate_keys", &doc);
    }
    duplicate_sections => |doc| {
        assert_eq!(doc.section("dup").unwrap().line(), 7);
        assert_eq!(doc.section(Select::Nth(0)).unwrap().name(), "dup");
        assert_eq!(doc.set("dup", "x", "9"), Ok(Change::Updated));
        assert_eq!(doc.set(Select::Nth(0), "y", "8"), Ok(Change::Inserted));
        assert_eq!(
            doc.insert_section("dup", |_, _| false),
            Err(EditError::SectionExists { name: "dup".into() })
        );
        assert!(doc.remove_section("dup"));
        expect_out("duplicate_sections", &doc);
    }
    empty => |doc| {
        assert!(doc.is_empty());
        assert_eq!(
            doc.set("default", "k", "v"),
            Err(EditError::NoSuchSection { section: "[default]".into() })
        );
        doc.insert_section("default", |_, _| true).unwrap();
        doc.set("default", "region", "eu-west-1").unwrap();
        expect_out("empty", &doc);
    }
    garbage => |doc| {
        assert_eq!(doc.garbage().count(), 7);
        assert_eq!(doc.set("ok", "k", "2"), Ok(Change::Updated));
        expect_out("garbage", &doc);
    }
    header_forms => |doc| {
        let names = doc.sections().map(|s| s.name()).collect::<Vec<_>>();
        assert_eq!(names, ["spaced", "profile   many", "with comment", "tab", ""]);
    }
    indented_comment => |doc| {
        let e = doc.section("s").unwrap().get("k").unwrap();
        assert_eq!(e.joined_value(), "a\nb");
        assert_eq!(doc.set("s", "k", "c"), Ok(Change::Updated));
        expect_out("indented_comment", &doc);
    }
    insert_section_between => |doc| {
        doc.insert_section("profile c", |_, n| n.starts_with("profile ")).unwrap();
        doc.set("profile c", "region", "eu-west-1").unwrap();
        doc.insert_section("sso-session z", |_, n| n.starts_with("sso-session ")).unwrap();
        expect_out("insert_section_between", &doc);
    }
    insert_section_no_newline => |doc| {
        assert!(!doc.ends_with_newline());
        doc.insert_section("b", |_, _| false).unwrap();
        doc.set("b", "k", "v").unwrap();
        expect_out("insert_section_no_newline", &doc);
    }
    keys_before_section => |doc| {
        assert_eq!(doc.garbage().count(), 2);
        assert_eq!(doc.sections().count(), 1);
    }
    lone_cr => |doc| {
        assert_eq!(doc.section("a").unwrap().get("k").unwrap().value(), "x\ry");
    }
    mixed_endings => |doc| {
        assert_eq!(doc.line_ending(), LineEnding::Lf);
        doc.set("a", "new", "1").unwrap();
        expect_out("mixed_endings", &doc);
    }
    no_trailing_newline => |doc| {
        assert!(!doc.ends_with_newline());
        doc.set("a", "y", "2").unwrap();
        expect_out("no_trailing_newline", &doc);
    }
    remove_last_section => |doc| {
        assert!(doc.remove_section("b"));
        assert!(!doc.remove_section("b"));
        expect_out("remove_last_section", &doc);
    }
    remove_section_comments => |doc| {
        assert!(doc.remove_section("a"));
        expect_out("remove_section_comments", &doc);
    }
    set_empty_value => |doc| {
        assert_eq!(doc.set("a", "empty", "now"), Ok(Change::Updated));
        assert_eq!(doc.set("a", "spaced", "now"), Ok(Change::Updated));
        assert_eq!(doc.set("a", "full", ""), Ok(Change::Updated));
        assert_eq!(doc.set("a", "tight", "2"), Ok(Change::Updated));
        assert_eq!(doc.set("a", "added", ""), Ok(Change::Inserted));
        expect_out("set_empty_value", &doc);
    }
    sub_properties => |doc| {
        let s3 = doc.section("default").unwrap().get("s3").unwrap();
        assert_eq!(s3.value(), "");
        assert_eq!(
            s3.continuation().collect::<Vec<_>>(),
            [(3, "max_concurrent_requests = 10"), (5, "max_queue_size = 1000")]
        );
        assert_eq!(doc.set("default", "region", "eu-west-1"), Ok(Change::Inserted));
        expect_out("sub_properties", &doc);
    }
    tabs => |doc| {
        let s = doc.section("tabbed").unwrap();
        assert_eq!(s.get("key").unwrap().value(), "value\twith tab");
        doc.set("tabbed", "key", "v2").unwrap();
        expect_out("tabs", &doc);
    }
    unicode => |doc| {
        let s = doc.section("ünï").unwrap();
        assert_eq!(s.get("clé").unwrap().value(), "välue 🐱");
        doc.set("ünï", "clé", "ok").unwrap();
        expect_out("unicode", &doc);
    }
}

#[test]
fn rejects_values_that_would_not_read_back() {
    let mut doc = Document::parse("[a]\n");
    for bad in ["x\ny", "x\r", " x", "x ", "x # c", "x\t;c"] {
        assert!(
            matches!(doc.set("a", "k", bad), Err(EditError::InvalidValue { .. })),
            "{bad:?}"
        );
    }
    for bad in ["", "a=b", "[a", "#a", " a", "a\nb", "a #b"] {
        assert!(
            matches!(doc.set("a", bad, "v"), Err(EditError::InvalidKey { .. })),
            "{bad:?}"
        );
    }
    for bad in ["", "a]", "a[", " a", "a\n", "a;b"] {
        assert!(
            matches!(
                doc.insert_section(bad, |_, _| false),
                Err(EditError::InvalidSectionName { .. })
            ),
            "{bad:?}"
        );
    }
    assert_eq!(doc.render(), "[a]\n", "refused edits change nothing");
    // '#' without whitespace before it is an ordinary character.
    assert_eq!(doc.set("a", "url", "https://x/#/y"), Ok(Change::Inserted));
}

#[test]
fn error_messages_do_not_repeat_values() {
    let mut doc = Document::parse("[a]\n");
    let err = doc.set("a", "secret", "hunter2\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid value for secret: values must be a single line"
    );
}

#[test]
fn remove_key_and_section_on_missing_targets() {
    let mut doc = Document::parse("[a]\nk = v\n");
    assert!(!doc.remove_key("a", "K"));
    assert!(!doc.remove_key("b", "k"));
    assert!(!doc.remove_section(Select::Nth(3)));
    assert_eq!(doc.render(), "[a]\nk = v\n");
}

#[test]
fn appending_after_a_trailing_lone_cr_keeps_it() {
    let mut doc = Document::parse("[a]\nk = v\r");
    doc.set("a", "x", "1").unwrap();
    assert_eq!(doc.render(), "[a]\nk = v\r\r\nx = 1\n");
    assert_eq!(Document::parse(&doc.render()), doc);
    assert_eq!(doc.section("a").unwrap().get("k").unwrap().value(), "v\r");
}

#[test]
fn remove_only_section_leaves_preamble() {
    let mut doc = Document::parse("# file header\n\n[a]\nk = v\n");
    assert!(doc.remove_section("a"));
    assert_eq!(doc.render(), "# file header\n");
}

// ---------------------------------------------------------------------------------------------
// Property tests.

/// One INI-ish line (without ending), biased toward the interesting shapes.
fn ini_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[ \t]{1,3}",
        "[#;][ a-z#;=\\[\\]]{0,10}",
        "[ \t]{1,2}[#;][ a-z]{0,5}",
        "\\[[ \t]{0,2}(profile |sso-session |services )?[a-z]{0,5}[ \t]{0,2}\\]([ \t]*[;#][a-z ]*)?",
        "[a-zA-Z_]{1,6}[ \t]{0,2}=[ \t]{0,2}[a-z0-9 #;=\t]{0,8}",
        "[ \t]{1,3}[a-z_]{1,5}[ \t]?=[ \t]?[a-z]{0,4}",
        "[ \t]{1,3}[a-z]{1,5}",
        "[a-z]{1,5}",
        "\\[[a-z ]{0,4}",
        "\\[[a-z]{1,3}\\][a-z]{1,3}",
        "=[a-z]{0,3}",
        "[\u{0}-\u{7f}]{1,6}",
    ]
}

/// A whole INI-ish document: optional BOM, lines with random endings, optional final newline.
fn ini_text() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        vec((ini_line(), prop_oneof![Just("\n"), Just("\r\n")]), 0..24),
        any::<bool>(),
    )
        .prop_map(|(bom, lines, final_newline)| {
            let mut s = if bom {
                "\u{feff}".to_owned()
            } else {
                String::new()
            };
            let count = lines.len();
            for (i, (line, ending)) in lines.into_iter().enumerate() {
                s.push_str(&line);
                if i + 1 < count || final_newline {
                    s.push_str(ending);
                }
            }
            s
        })
}

/// The raw text of everything except the section at `ordinal` (header to the next header).
fn outside(doc: &Document, ordinal: usize) -> (String, String) {
    let lines = doc.lines().collect::<Vec<_>>();
    let s = doc.section(Select::Nth(ordinal)).unwrap();
    let start = s.line() - 1;
    let end = start + 1 + s.lines().count();
    let join = |ls: &[super::LineRef<'_>]| {
        ls.iter()
            .map(|l| format!("{}{}", l.text(), l.ending().as_str()))
            .collect::<String>()
    };
    (join(&lines[..start]), join(&lines[end..]))
}

proptest! {
    #[test]
    fn round_trips_arbitrary_strings(s in any::<String>()) {
        prop_assert_eq!(Document::parse(&s).render(), s);
    }

    #[test]
    fn round_trips_ini_alphabet(s in "[\\[\\]=#; \t\r\na-z\u{feff}\u{a0}é]{0,80}") {
        prop_assert_eq!(Document::parse(&s).render(), s);
    }

    #[test]
    fn round_trips_generated_ini(s in ini_text()) {
        let doc = Document::parse(&s);
        prop_assert_eq!(doc.render(), s.clone());
        // Views never panic and agree with the line count.
        let numbered = doc.lines().map(|l| l.number()).collect::<Vec<_>>();
        prop_assert_eq!(numbered, (1..=doc.line_count()).collect::<Vec<_>>());
        for section in doc.sections() {
            for entry in section.entries() {
                let _ = entry.joined_value();
                prop_assert!(entry.last_line() >= entry.line());
            }
        }
    }

    #[test]
    fn set_reads_back_and_touches_only_its_section(
        s in ini_text(),
        pick in any::<usize>(),
        key in "[a-z_]{1,5}",
        value in "[a-z0-9:/._-]{0,8}",
    ) {
        let mut doc = Document::parse(&s);
        let count = doc.sections().count();
        if count > 0 {
            let ordinal = pick % count;
            let before = outside(&doc, ordinal);
            let name = doc.section(Select::Nth(ordinal)).unwrap().name().to_owned();
            doc.set(Select::Nth(ordinal), &key, &value).unwrap();
            let reparsed = Document::parse(&doc.render());
            prop_assert_eq!(&reparsed, &doc);
            let section = reparsed.section(Select::Nth(ordinal)).unwrap();
            prop_assert_eq!(section.name(), name);
            let entry = section.get(&key).unwrap();
            prop_assert_eq!(entry.value(), value.as_str());
            prop_assert_eq!(entry.continuation().count(), 0);
            let (head, tail) = outside(&reparsed, ordinal);
            prop_assert_eq!(head, before.0);
            prop_assert_eq!(tail, before.1);
            prop_assert_eq!(reparsed.sections().count(), count);
        }
    }

    #[test]
    fn remove_section_keeps_the_others(s in ini_text(), pick in any::<usize>()) {
        let mut doc = Document::parse(&s);
        let names = doc.sections().map(|s| s.name().to_owned()).collect::<Vec<_>>();
        if !names.is_empty() {
            let ordinal = pick % names.len();
            prop_assert!(doc.remove_section(Select::Nth(ordinal)));
            let mut expected = names.clone();
            expected.remove(ordinal);
            let reparsed = Document::parse(&doc.render());
            prop_assert_eq!(&reparsed, &doc);
            let after = reparsed.sections().map(|s| s.name().to_owned()).collect::<Vec<_>>();
            prop_assert_eq!(after, expected);
        }
    }

    #[test]
    fn insert_section_adds_exactly_one(s in ini_text(), name in "[a-z]{1,4} [a-z]{1,4}", prefix in "[a-z]{0,2}") {
        let mut doc = Document::parse(&s);
        let before = doc.sections().map(|s| s.name().to_owned()).collect::<Vec<_>>();
        let garbage = doc.garbage().count();
        match doc.insert_section(&name, |_, n| n.starts_with(prefix.as_str())) {
            Err(EditError::SectionExists { .. }) => prop_assert!(before.contains(&name)),
            Err(e) => prop_assert!(false, "unexpected {e}"),
            Ok(()) => {
                let reparsed = Document::parse(&doc.render());
                prop_assert_eq!(&reparsed, &doc);
                let mut after = reparsed.sections().map(|s| s.name().to_owned()).collect::<Vec<_>>();
                let at = after.iter().position(|n| *n == name).unwrap();
                after.remove(at);
                prop_assert_eq!(after, before);
                prop_assert_eq!(reparsed.garbage().count(), garbage);
                prop_assert_eq!(doc.set(name.as_str(), "k", "v"), Ok(Change::Inserted));
            }
        }
    }

    #[test]
    fn remove_key_removes_all_and_only_that_key(s in ini_text(), pick in any::<usize>()) {
        let mut doc = Document::parse(&s);
        let count = doc.sections().count();
        if count > 0 {
            let ordinal = pick % count;
            let keys = doc.section(Select::Nth(ordinal)).unwrap().entries().map(|e| e.key().to_owned()).collect::<Vec<_>>();
            if let Some(key) = keys.get(pick % keys.len().max(1)) {
                prop_assert!(doc.remove_key(Select::Nth(ordinal), key));
                let reparsed = Document::parse(&doc.render());
                prop_assert_eq!(&reparsed, &doc);
                let left = reparsed.section(Select::Nth(ordinal)).unwrap().entries().map(|e| e.key().to_owned()).collect::<Vec<_>>();
                let expected = keys.iter().filter(|k| *k != key).cloned().collect::<Vec<_>>();
                prop_assert_eq!(left, expected);
            }
        }
    }
}

/// Found by the `ini_edit` fuzz target (crash-94797409): a new key containing ':' was written,
/// and botocore read the text before the ':' as the key. Edits now refuse keys and values that
/// botocore would not read back as written.
#[test]
fn fuzz_ini_edit_keys_and_values_read_back_in_botocore() {
    let mut doc = Document::parse("[profile ut]\n");
    let err = doc
        .set("profile ut", "ouupa9ss::gns", "v")
        .expect_err("':' ends a key for botocore");
    assert!(err.to_string().contains("':'"), "{err}");
    for value in ["v\u{a0}", "\u{3000}v", "v\u{c}"] {
        assert!(doc.set("profile ut", "k", value).is_err(), "{value:?}");
    }
    doc.set("profile ut", "k", "a\u{a0}b")
        .expect("inner whitespace reads back");
    let text = doc.render();
    let read = super::configparser::parse(&text).expect("botocore reads it");
    assert_eq!(read.sections[0].1[0].0, "k");
}
