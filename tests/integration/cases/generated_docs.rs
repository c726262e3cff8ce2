//! The generated files — shell completions, the man page and the CLI reference — match the clap
//! definitions. Regenerate them all with:
//!
//! ```sh
//! AWSSO_REGENERATE=1 cargo test --test integration generated_docs
//! ```

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use awsso::cli::Cli;
use clap::CommandFactory as _;
use clap_complete::Shell;

const REGENERATE: &str = "AWSSO_REGENERATE=1 cargo test --test integration generated_docs";

/// A fixed width, so the output does not depend on the terminal running the tests.
fn command() -> clap::Command {
    fn fixed(cmd: clap::Command) -> clap::Command {
        cmd.term_width(100).mut_subcommands(fixed)
    }
    let mut cmd = fixed(Cli::command());
    cmd.build();
    cmd
}

/// The CLI reference: every command's `--help`, in tree order.
fn markdown(cmd: &clap::Command) -> String {
    let mut out = format!(
        "# awsso command-line reference\n\n\
         <!-- Generated from src/cli.rs; do not edit. Regenerate with `{REGENERATE}`. -->\n\n"
    );
    let mut stack = vec![(cmd.clone(), "awsso".to_owned())];
    let mut sections = Vec::new();
    while let Some((mut c, name)) = stack.pop() {
        let subs: Vec<clap::Command> = c
            .get_subcommands()
            .filter(|s| s.get_name() != "help")
            .cloned()
            .collect();
        for s in subs.into_iter().rev() {
            stack.push((s.clone(), format!("{name} {}", s.get_name())));
        }
        let help = c.render_long_help().to_string();
        let help: String = help
            .lines()
            .map(|l| format!("{}\n", l.trim_end()))
            .collect();
        sections.push((name, c.get_about().map(ToString::to_string), help));
    }
    out.push_str("Commands:\n\n");
    for (name, about, _) in sections.iter().skip(1) {
        let anchor = name.replace(' ', "-");
        let _ = writeln!(
            out,
            "- [`{name}`](#{anchor}) — {}",
            about.as_deref().unwrap_or("")
        );
    }
    for (name, _, help) in &sections {
        let _ = write!(out, "\n## {name}\n\n```text\n{help}```\n");
    }
    out
}

fn generated() -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for (shell, ext) in [
        (Shell::Bash, "bash"),
        (Shell::Zsh, "zsh"),
        (Shell::Fish, "fish"),
        (Shell::PowerShell, "ps1"),
        (Shell::Elvish, "elv"),
    ] {
        files.push((
            root.join(format!("completions/awsso.{ext}")),
            awsso::cmd::completions::script(shell),
        ));
    }
    let mut man = Vec::new();
    clap_mangen::Man::new(command())
        .render(&mut man)
        .expect("render the man page");
    files.push((root.join("docs/awsso.1"), man));
    files.push((root.join("docs/cli.md"), markdown(&command()).into_bytes()));
    files
}

#[test]
fn generated_docs_match_the_cli() {
    #[allow(clippy::disallowed_methods)] // a test switch, not product behaviour
    let regenerate = std::env::var_os("AWSSO_REGENERATE").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for (path, want) in generated() {
        let have = std::fs::read(&path).ok();
        if have.as_deref() == Some(want.as_slice()) {
            continue;
        }
        if regenerate {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &want).unwrap();
            eprintln!("regenerated {}", path.display());
        } else {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "generated files differ from the clap definitions in src/cli.rs:\n  {}\nregenerate them with:\n  {REGENERATE}",
        stale.join("\n  ")
    );
}

#[test]
fn completions_command_prints_the_same_script() {
    let env = crate::support::TestEnv::new();
    env.emu.expect_no_calls();
    let out = env.cmd().args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(out.stdout, awsso::cmd::completions::script(Shell::Bash));
    assert!(out.stderr.is_empty());
}

#[test]
fn every_command_has_an_example() {
    let cmd = command();
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let after = sub
            .get_after_help()
            .map(ToString::to_string)
            .unwrap_or_default();
        assert!(
            after.contains("awsso ") || after.contains("credential_process"),
            "{} has no example",
            sub.get_name()
        );
    }
}
