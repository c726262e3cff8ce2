//! The core stands alone: no core module imports the CLI layer (`cli`, `app`, `cmd`, `ui`).
//! The CLI is one client of the library; Rust programs are another.

use std::path::{Path, PathBuf};

/// Core modules: folders and single files under `src/`.
const CORE: &[&str] = &[
    "api",
    "sso",
    "profile",
    "ini",
    "admin",
    "env.rs",
    "paths.rs",
    "fsutil.rs",
    "secret.rs",
];
const CLI_LAYER: &[&str] = &["cli", "app", "cmd", "ui"];

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
    for module in CORE {
        rust_files(&src.join(module), &mut files);
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
    assert_eq!(cli_references("use crate::cli::TargetArgs;"), ["cli"]);
    assert_eq!(
        cli_references("use crate::{app::Context, sso::x};"),
        ["app"]
    );
    assert_eq!(cli_references("let u: crate::ui::Ui = todo();"), ["ui"]);
    assert!(cli_references("use crate::sso::client::Clients;").is_empty());
    assert!(cli_references("use crate::{sso, profile::ProfileSet};").is_empty());
}
