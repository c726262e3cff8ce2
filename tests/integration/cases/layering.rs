//! The core stands alone: no core module imports the CLI layer (`src/cli/`), and the library
//! without its `cli` feature depends on none of the CLI's crates. The CLI is one client of the
//! library; Rust programs are another.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What is not the core under `src/`: the command line, the executable's and fuzz targets'
/// entry points, and the crate root that declares them.
const NOT_CORE: &[&str] = &["cli", "__private", "lib.rs"];
const CLI_LAYER: &[&str] = &["cli", "__private"];

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            rust_files(&entry.unwrap().path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

/// The CLI-layer modules a line of Rust refers to through `crate::`.
fn cli_references(line: &str) -> Vec<&'static str> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        // `crate::cli::X`, or a group `crate::{cli, sso::x}` (one level of braces).
        let group = rest
            .strip_prefix('{')
            .map_or(rest, |g| g.split('}').next().unwrap_or(g));
        for word in group.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')) {
            let first = word.split("::").next().unwrap_or("");
            if let Some(m) = CLI_LAYER.iter().find(|m| **m == first) {
                found.push(*m);
            }
            if !rest.starts_with('{') {
                break;
            }
        }
    }
    found
}

#[test]
fn core_modules_never_import_the_cli_layer() {
    let src = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).join("src");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !NOT_CORE.contains(&name.as_str()) {
            rust_files(&path, &mut files);
        }
    }
    assert!(
        files.len() > 20,
        "the core was not found under {}",
        src.display()
    );
    let mut offences = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for module in cli_references(code) {
                offences.push(format!(
                    "{}:{}: uses crate::{module}",
                    file.display(),
                    n + 1
                ));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "the core imports the CLI layer:\n{}",
        offences.join("\n")
    );
}

#[test]
fn the_layering_check_sees_every_form_of_import() {
    assert_eq!(cli_references("use crate::cli::args::TargetArgs;"), ["cli"]);
    assert_eq!(
        cli_references("use crate::{cli::app::Context, sso::x};"),
        ["cli"]
    );
    assert_eq!(
        cli_references("let u: crate::__private::X = todo();"),
        ["__private"]
    );
    assert!(cli_references("use crate::sso::client::Clients;").is_empty());
    assert!(cli_references("use crate::{sso, profile::ProfileSet};").is_empty());
}

/// The crates only the command line needs. A program that depends on the library (without the
/// `cli` feature) must compile none of them.
const CLI_CRATES: &[&str] = &[
    "clap",
    "clap_complete",
    "dialoguer",
    "indicatif",
    "csv",
    "similar",
    "regex",
    "anyhow",
];

#[test]
#[allow(clippy::disallowed_methods)] // cargo tells its test processes where it is
fn the_library_alone_depends_on_no_cli_crate() {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .args([
            "tree",
            "--locked",
            "--offline",
            "-p",
            "awsso",
            "-e",
            "normal",
        ])
        .args(["--prefix", "none", "--format", "{p}"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8(out.stdout).unwrap();
    let names: Vec<&str> = tree
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(names.contains(&"aws-config"), "unexpected tree:\n{tree}");
    let found: Vec<&&str> = CLI_CRATES
        .iter()
        .filter(|c| names.contains(&c.replace('_', "-").as_str()))
        .collect();
    assert!(
        found.is_empty(),
        "the library depends on {found:?}:\n{tree}"
    );
}
