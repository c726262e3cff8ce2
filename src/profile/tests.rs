//! Tests for [`crate::profile`]: rule vectors, editor in/out vectors, unit and property tests.
//!
//! Rule vectors live in `tests/vectors/profile/`: `NAME.config` and/or `NAME.credentials` are
//! parsed (as files named `config` and `credentials`) and the normalised result is compared with
//! `NAME.expected` (see [`dump`]). Editor vectors live in `tests/vectors/profile/write/`:
//! `NAME.in.ini` is edited by the test and compared with `NAME.out.ini`. `AWSSO_BLESS=1`
//! rewrites the expected files; review the diff.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use proptest::collection::vec;
use proptest::prelude::{Just, Strategy, prop_assert, prop_assert_eq, prop_oneof, proptest};

use super::{
    ConfigEditor, DiagnosticKind, FileKind, ProfileError, ProfileSet, SectionKind, Upsert,
    WriteError,
};
use crate::ini::{EditError, tests::expect_file};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/profile/");
const WRITE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/profile/write/");

fn read_optional(path: &Path) -> Option<String> {
    match fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == ErrorKind::NotFound => None,
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    }
}

fn parse(config: Option<&str>, credentials: Option<&str>) -> ProfileSet {
    ProfileSet::parse(
        config.map(|t| (Path::new("config"), t)),
        credentials.map(|t| (Path::new("credentials"), t)),
    )
}

/// Everything a reader can see, one fact per line.
fn dump(set: &ProfileSet) -> String {
    let mut out = String::new();
    let yes = |b: bool| if b { "yes" } else { "no" };
    writeln!(
        out,
        "files: config={} credentials={}",
        yes(set.config_document().is_some()),
        yes(set.credentials_document().is_some())
    )
    .unwrap();
    type Get = for<'a> fn(&'a ProfileSet, &str) -> Option<&'a super::Section>;
    let families: [(&str, Vec<&str>, Get); 4] = [
        ("profile", set.profile_names(), ProfileSet::profile),
        (
            "sso-session",
            set.sso_session_names(),
            ProfileSet::sso_session,
        ),
        ("services", set.services_names(), ProfileSet::services),
        (
            "credentials",
            set.credentials_names(),
            ProfileSet::credentials,
        ),
    ];
    for (label, names, get) in families {
        for name in names {
            let s = get(set, name).unwrap();
            assert_eq!(s.name(), name);
            writeln!(out, "{label} {name:?} ({}) @{}", s.kind(), s.location(None)).unwrap();
            for (key, value) in s.keys() {
                writeln!(out, "  {key} = {value:?} @{}", s.location(Some(key))).unwrap();
                for (k, v) in s.sub_properties(key).unwrap_or_default() {
                    writeln!(out, "    .{k} = {v:?}").unwrap();
                }
            }
        }
    }
    for d in set.diagnostics() {
        writeln!(out, "{} {}: {}", d.location(), d.kind, d.message).unwrap();
    }
    out
}

fn rule_vector(name: &str) -> ProfileSet {
    let config = read_optional(&PathBuf::from(DIR).join(format!("{name}.config")));
    let credentials = read_optional(&PathBuf::from(DIR).join(format!("{name}.credentials")));
    assert!(
        config.is_some() || credentials.is_some(),
        "{name}: no .config or .credentials file"
    );
    let set = parse(config.as_deref(), credentials.as_deref());
    expect_file(DIR, &format!("{name}.expected"), &dump(&set));
    set
}

const RULE_VECTORS: &[&str] = &[
    "bom_and_crlf",
    "botocore_headers",
    "comments",
    "config_sections",
    "continuation_values",
    "credentials_names",
    "duplicate_keys",
    "duplicate_sections",
    "empty_and_missing",
    "garbage_lines",
    "header_whitespace",
    "invalid_names",
    "keys_case_insensitive",
    "namespaces",
    "not_a_profile",
    "profile_default_beats_default",
    "sub_properties",
];

const WRITE_VECTORS: &[&str] = &[
    "credentials_remove",
    "credentials_upsert",
    "empty_upsert",
    "remove_keys",
    "remove_profile_comments",
    "remove_profile_default",
    "upsert_crlf",
    "upsert_default_existing",
    "upsert_default_new",
    "upsert_duplicate_sections",
    "upsert_existing_keeps_spelling",
    "upsert_new_profile",
    "upsert_no_trailing_newline",
    "upsert_spaced_header",
    "upsert_sub_properties",
    "upsert_unchanged",
];

fn stems(dir: &str, suffixes: &[&str]) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter_map(|n| {
            suffixes
                .iter()
                .find_map(|s| n.strip_suffix(s).map(str::to_owned))
        })
        .collect()
}

#[test]
fn every_vector_file_has_a_test() {
    let listed = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<BTreeSet<_>>();
    assert_eq!(
        stems(DIR, &[".config", ".credentials"]),
        listed(RULE_VECTORS)
    );
    assert_eq!(stems(WRITE_DIR, &[".in.ini"]), listed(WRITE_VECTORS));
}

macro_rules! rule_vectors {
    ($($name:ident => |$set:ident| $body:block)*) => {$(
        #[test]
        fn $name() {
            let name = stringify!($name);
            assert!(RULE_VECTORS.contains(&name), "add {name} to RULE_VECTORS");
            let $set = rule_vector(name);
            $body
        }
    )*};
}

macro_rules! write_vectors {
    ($($name:ident ($kind:ident) => |$ed:ident| $body:block)*) => {$(
        #[test]
        fn $name() {
            let name = stringify!($name);
            assert!(WRITE_VECTORS.contains(&name), "add {name} to WRITE_VECTORS");
            let input = fs::read_to_string(PathBuf::from(WRITE_DIR).join(format!("{name}.in.ini")))
                .unwrap();
            #[allow(unused_mut)]
            let mut $ed = ConfigEditor::parse(&input, FileKind::$kind);
            assert_eq!($ed.render(), input, "{name}: round trip");
            $body
            let output = $ed.render();
            expect_file(WRITE_DIR, &format!("{name}.out.ini"), &output);
            // Edits never add findings.
            let count = |text: &str| match FileKind::$kind {
                FileKind::Config => parse(Some(text), None).diagnostics().len(),
                FileKind::Credentials => parse(None, Some(text)).diagnostics().len(),
            };
            assert!(count(&output) <= count(&input), "{name}: new diagnostics");
        }
    )*};
}

rule_vectors! {
    bom_and_crlf => |set| {
        assert_eq!(set.profile("dev").unwrap().get("region"), Some("eu-west-1"));
    }
    comments => |set| {
        let dev = set.profile("dev").unwrap();
        assert_eq!(dev.get("region"), Some("us-east-1 # inline"));
        assert_eq!(dev.get("url"), Some("https://x/#/y\ntail"));
    }
    config_sections => |set| {
        assert_eq!(set.profile_names(), ["default", "dev"]);
        assert_eq!(set.sso_session_names(), ["corp"]);
        assert_eq!(set.services_names(), ["local"]);
        assert_eq!(set.profile("default").unwrap().kind(), SectionKind::Default);
        assert!(set.diagnostics().is_empty());
    }
    continuation_values => |set| {
        let dev = set.profile("dev").unwrap();
        assert_eq!(dev.get("description"), Some("first line\nsecond line\nthird after blank\nfourth"));
        assert_eq!(dev.line_of("description"), Some(2));
    }
    credentials_names => |set| {
        // `[ dev ]` is the profile " dev " to botocore (rule 4).
        assert_eq!(set.credentials_names(), ["default", " dev ", "profile prod", "sso-session x"]);
        assert!(set.profile(" dev ").is_none(), "credentials profiles are not config profiles");
        assert_eq!(set.credentials(" dev ").unwrap().kind(), SectionKind::Credentials);
    }
    duplicate_keys => |set| {
        let dev = set.profile("dev").unwrap();
        assert_eq!(dev.get("region"), Some("ap-south-1"));
        assert_eq!(dev.location(Some("Region")), "config:4");
    }
    duplicate_sections => |set| {
        let dev = set.profile("dev").unwrap();
        assert_eq!(dev.get("region"), Some("eu-west-1"));
        assert_eq!(dev.get("output"), Some("json"));
        assert_eq!(dev.header_line(), 1);
        assert_eq!(dev.location(Some("region")), "config:9");
        assert_eq!(set.diagnostics()[0].to_string(),
            "config:8: duplicate section [profile  dev] (first at line 1); later keys win");
    }
    empty_and_missing => |set| {
        assert!(set.profile_names().is_empty());
        assert!(set.credentials_document().is_none());
        assert!(set.config_document().is_some_and(|d| d.is_empty()));
    }
    garbage_lines => |set| {
        assert_eq!(set.profile("dev").unwrap().keys().count(), 1);
        assert!(set.profile("broken").is_none());
        assert!(set.diagnostics().iter().any(|d| d.kind == DiagnosticKind::Garbage
            && d.location() == "credentials:2"));
    }
    header_whitespace => |set| {
        // `[ default ]` and `[ profile   spaced]` are no profiles to botocore (rule 1).
        assert_eq!(set.profile_names(), ["spaced", "tabbed", "with-comment"]);
        assert_eq!(set.sso_session_names(), ["corp"]);
        assert!(set.profile("spaced").unwrap().get("b").is_none());
    }
    botocore_headers => |set| {
        // botocore's reading: names as written, `shlex`-split after the prefix (rule 1).
        assert_eq!(
            set.profile_names(),
            ["quoted", "double quoted", "sloppy", "trailing"]
        );
        assert!(set.profile("default").is_none());
        assert!(set.profile("leading-space").is_none());
        assert_eq!(set.profile("quoted").unwrap().get("a"), Some("3"));
        assert_eq!(set.credentials_names(), [" spaced ", "dev"]);
        assert!(set.credentials("spaced").is_none());
    }
    invalid_names => |set| {
        assert_eq!(set.profile("my!profile").unwrap().get("a"), Some("1"));
        assert!(set.profile("ok.name@x:y+z/%").is_some());
    }
    keys_case_insensitive => |set| {
        let dev = set.profile("dev").unwrap();
        assert_eq!(dev.get("REGION"), Some("us-east-1"));
        assert_eq!(dev.get("sso_account_id"), Some("111122223333"));
        assert_eq!(dev.keys().map(|(k, _)| k).collect::<Vec<_>>(), ["region", "sso_account_id", "bad key"]);
    }
    namespaces => |set| {
        assert_eq!(set.profile("corp").unwrap().get("kind"), Some("profile"));
        assert_eq!(set.sso_session("corp").unwrap().get("kind"), Some("sso-session"));
        assert_eq!(set.services("corp").unwrap().get("kind"), Some("services"));
        assert!(set.profile("Dev").is_some() && set.profile("dev").is_some());
    }
    not_a_profile => |set| {
        assert_eq!(set.profile_names(), ["ok"]);
    }
    profile_default_beats_default => |set| {
        let default = set.profile("default").unwrap();
        assert_eq!(default.kind(), SectionKind::Profile);
        assert_eq!(default.get("region"), Some("eu-west-1"));
        assert_eq!(default.get("only_in_default"), None);
    }
    sub_properties => |set| {
        let dev = set.profile("dev").unwrap();
        assert_eq!(
            dev.sub_properties("S3"),
            Some(vec![("max_concurrent_requests", "10"), ("Max_Queue_Size", "1000")])
        );
        assert_eq!(dev.sub_properties("region"), None);
        assert_eq!(dev.sub_properties("missing"), None);
    }
}

write_vectors! {
    credentials_remove (Credentials) => |ed| {
        // `[profile dev]` in a credentials file is the profile "profile dev": it stays.
        assert!(ed.remove_profile("dev"));
        assert!(!ed.remove_profile("dev"));
    }
    credentials_upsert (Credentials) => |ed| {
        assert_eq!(ed.upsert_profile("default", &[("aws_session_token", "tok")]), Ok(Upsert::Updated));
        assert_eq!(ed.upsert_profile("dev", &[("aws_access_key_id", "AKIDNEW")]), Ok(Upsert::Created));
        assert_eq!(ed.upsert_sso_session("x", &[]), Err(WriteError::NotInCredentials));
    }
    empty_upsert (Config) => |ed| {
        assert_eq!(ed.upsert_profile("dev", &[("sso_session", "corp"), ("region", "eu-west-1")]), Ok(Upsert::Created));
        assert_eq!(ed.upsert_sso_session("corp", &[("sso_region", "us-east-1")]), Ok(Upsert::Created));
        assert_eq!(ed.upsert_profile("ops", &[("region", "us-east-2")]), Ok(Upsert::Created));
    }
    remove_keys (Config) => |ed| {
        assert!(ed.remove_keys("dev", &["SSO_START_URL", "sso_region", "s3"]));
        assert!(!ed.remove_keys("dev", &["sso_region"]));
        assert!(!ed.remove_keys("missing", &["region"]));
    }
    remove_profile_comments (Config) => |ed| {
        assert!(ed.remove_profile("a"));
        assert!(ed.remove_sso_session("old"));
    }
    remove_profile_default (Config) => |ed| {
        assert!(ed.remove_profile("default"));
    }
    upsert_crlf (Config) => |ed| {
        assert_eq!(ed.upsert_profile("b", &[("region", "eu-west-1")]), Ok(Upsert::Created));
        assert_eq!(ed.upsert_profile("a", &[("output", "json")]), Ok(Upsert::Updated));
    }
    upsert_default_existing (Config) => |ed| {
        assert_eq!(ed.upsert_profile("default", &[("region", "ap-south-1")]), Ok(Upsert::Updated));
    }
    upsert_default_new (Config) => |ed| {
        assert_eq!(ed.upsert_profile("default", &[("region", "ap-south-1")]), Ok(Upsert::Created));
    }
    upsert_duplicate_sections (Config) => |ed| {
        assert_eq!(
            ed.upsert_profile("dev", &[("region", "eu-west-1"), ("output", "text")]),
            Ok(Upsert::Updated)
        );
    }
    upsert_existing_keeps_spelling (Config) => |ed| {
        assert_eq!(
            ed.upsert_profile("dev", &[("region", "eu-west-1"), ("output", "json"), ("sso_role_name", "Admin")]),
            Ok(Upsert::Updated)
        );
    }
    upsert_new_profile (Config) => |ed| {
        assert_eq!(ed.upsert_profile("b", &[("sso_session", "corp"), ("sso_account_id", "111122223333")]), Ok(Upsert::Created));
        assert_eq!(ed.upsert_sso_session("other", &[("sso_region", "eu-west-1")]), Ok(Upsert::Created));
        assert_eq!(ed.upsert_sso_session("corp", &[("sso_region", "us-east-1")]), Ok(Upsert::Unchanged));
    }
    upsert_no_trailing_newline (Config) => |ed| {
        assert_eq!(ed.upsert_profile("a", &[("output", "json")]), Ok(Upsert::Updated));
        assert_eq!(ed.upsert_profile("b", &[("output", "json")]), Ok(Upsert::Created));
    }
    upsert_spaced_header (Config) => |ed| {
        assert_eq!(ed.upsert_profile("dev", &[("region", "eu-west-1")]), Ok(Upsert::Updated));
    }
    upsert_sub_properties (Config) => |ed| {
        assert_eq!(ed.upsert_profile("dev", &[("region", "eu-west-1")]), Ok(Upsert::Updated));
    }
    upsert_unchanged (Config) => |ed| {
        assert_eq!(
            ed.upsert_profile("dev", &[("REGION", "us-east-1"), ("output", "json")]),
            Ok(Upsert::Unchanged)
        );
        assert!(!ed.remove_keys("dev", &["missing"]));
        assert!(!ed.remove_profile("missing"));
    }
}

#[test]
fn upsert_validates_before_changing_anything() {
    let input = "[profile dev]\nregion = us-east-1\n";
    let mut ed = ConfigEditor::parse(input, FileKind::Config);
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], WriteError);
    let cases: [Case<'_>; 5] = [
        (
            "my profile",
            &[],
            WriteError::InvalidName {
                name: "my profile".into(),
            },
        ),
        (
            "dev",
            &[("bad key", "v")],
            WriteError::InvalidKey {
                key: "bad key".into(),
            },
        ),
        (
            "dev",
            &[("region", "eu-west-1"), ("x", "a\nb")],
            WriteError::MultiLineValue { key: "x".into() },
        ),
        (
            "dev",
            &[("x", "a\r")],
            WriteError::MultiLineValue { key: "x".into() },
        ),
        (
            "dev",
            &[("region", "eu-west-1"), ("note", "a # b")],
            WriteError::Edit(EditError::InvalidValue {
                key: "note".into(),
                reason: "it contains ' #' or ' ;', which some readers cut as an inline comment",
            }),
        ),
    ];
    for (name, entries, expected) in cases {
        assert_eq!(ed.upsert_profile(name, entries), Err(expected));
        assert_eq!(ed.render(), input, "a refused upsert changes nothing");
    }
    let created = ed.upsert_profile("new", &[("ok", "1"), ("bad", " padded")]);
    assert!(matches!(
        created,
        Err(WriteError::Edit(EditError::InvalidValue { .. }))
    ));
    assert_eq!(ed.render(), input, "not even the new section");
}

#[test]
fn write_error_messages() {
    assert_eq!(
        WriteError::MultiLineValue {
            key: "credential_process".into()
        }
        .to_string(),
        "value of credential_process spans several lines; values must be a single line"
    );
    assert_eq!(
        WriteError::InvalidName { name: "a b".into() }.to_string(),
        "name \"a b\" is not portable: use only letters, digits and _ - / . % @ : +"
    );
}

#[test]
fn load_reads_files_and_treats_missing_as_empty() {
    let dir = std::env::temp_dir().join(format!("awsso-profile-load-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config");
    fs::write(&config, "[profile dev]\nregion = us-east-1\n").unwrap();
    let missing = dir.join("credentials");
    let set = ProfileSet::load(Some(&config), Some(&missing)).unwrap();
    assert_eq!(
        set.profile("dev").unwrap().location(Some("region")),
        format!("{}:2", config.display())
    );
    assert!(set.credentials_document().is_none());
    assert_eq!(set.config_path(), Some(config.as_path()));

    let set = ProfileSet::load(None, None).unwrap();
    assert!(set.profile_names().is_empty());

    // A directory is not readable as a file: that is an error, not an empty file.
    let err = ProfileSet::load(Some(&dir), None).unwrap_err();
    let ProfileError::Read { path, .. } = &err;
    assert_eq!(path, &dir);
    assert_eq!(err.to_string(), format!("cannot read {}", dir.display()));
    assert!(std::error::Error::source(&err).is_some());

    fs::write(&config, b"[default]\n\xff\n").unwrap();
    assert!(
        ProfileSet::load(Some(&config), None).is_err(),
        "invalid utf-8"
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn section_location_falls_back_to_header() {
    let set = parse(Some("\n[profile dev]\nregion = x\n"), None);
    let dev = set.profile("dev").unwrap();
    assert_eq!(dev.location(None), "config:2");
    assert_eq!(dev.location(Some("missing")), "config:2");
    assert_eq!(dev.location(Some("REGION")), "config:3");
    assert_eq!(dev.path(), Path::new("config"));
}

// ---------------------------------------------------------------------------------------------
// Property tests.

/// Config-file text made of profile-ish sections with random spacing, duplicates and CRLF.
fn config_text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        "\\[(profile |sso-session )[ ]{0,2}[a-c]\\]",
        Just("[default]".to_owned()),
        "[a-cA-C_]{1,4} = [a-z0-9]{0,4}",
        "  [a-c] = [0-9]",
        "[#;] [a-z]{0,4}",
        Just(String::new()),
        "[a-z]{1,3}",
    ];
    (vec(line, 0..16), proptest::bool::ANY).prop_map(|(lines, crlf)| {
        let ending = if crlf { "\r\n" } else { "\n" };
        lines.iter().map(|l| format!("{l}{ending}")).collect()
    })
}

proptest! {
    #[test]
    fn parse_never_panics(config in proptest::prelude::any::<String>(), credentials in config_text()) {
        let set = parse(Some(&config), Some(&credentials));
        let _ = dump(&set);
    }

    #[test]
    fn upsert_reads_back(
        text in config_text(),
        name in "[a-c]",
        entries in vec(("[a-c_]{1,3}", "[a-z0-9:/._-]{0,5}"), 0..4),
    ) {
        let mut ed = ConfigEditor::parse(&text, FileKind::Config);
        let before = parse(Some(&text), None);
        let entries = entries.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect::<Vec<_>>();
        let outcome = ed.upsert_profile(&name, &entries).unwrap();
        let after = parse(Some(&ed.render()), None);
        let profile = after.profile(&name).unwrap();
        // The last value given for each key wins.
        for (k, _) in &entries {
            let expected = entries.iter().rev().find(|(k2, _)| k2.eq_ignore_ascii_case(k)).unwrap().1;
            prop_assert_eq!(profile.get(k), Some(expected));
        }
        // Other profiles keep their values.
        for other in before.profile_names() {
            if other != name {
                let old = before.profile(other).unwrap().keys().collect::<Vec<_>>();
                let new = after.profile(other).unwrap().keys().collect::<Vec<_>>();
                prop_assert_eq!(old, new);
            }
        }
        let new_kinds = after.diagnostics().iter().map(|d| d.kind).collect::<BTreeSet<_>>();
        let old_kinds = before.diagnostics().iter().map(|d| d.kind).collect::<BTreeSet<_>>();
        prop_assert!(new_kinds.is_subset(&old_kinds), "{:?} vs {:?}", new_kinds, old_kinds);
        if outcome == Upsert::Unchanged {
            prop_assert_eq!(ed.render(), text);
        }
    }

    #[test]
    fn remove_profile_removes_it(text in config_text(), name in "[a-c]") {
        let mut ed = ConfigEditor::parse(&text, FileKind::Config);
        let before = parse(Some(&text), None);
        let removed = ed.remove_profile(&name);
        prop_assert_eq!(removed, before.profile(&name).is_some());
        let after = parse(Some(&ed.render()), None);
        prop_assert!(after.profile(&name).is_none());
        for other in before.profile_names() {
            if other != name {
                prop_assert!(after.profile(other).is_some());
            }
        }
        prop_assert_eq!(after.sso_session_names(), before.sso_session_names());
    }
}
