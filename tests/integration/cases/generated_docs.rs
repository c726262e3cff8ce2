//! The generated files — shell completions, the man page and the CLI reference — match the clap
//! definitions. Regenerate them all with:
//!
//! ```sh
//! AWSSO_REGENERATE=1 cargo test --test integration generated_docs
//! ```

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap_complete::Shell;

const REGENERATE: &str = "AWSSO_REGENERATE=1 cargo test --test integration generated_docs";

/// A fixed width, so the output does not depend on the terminal running the tests.
fn command() -> clap::Command {
    fn fixed(cmd: clap::Command) -> clap::Command {
        cmd.term_width(100).mut_subcommands(fixed)
    }
    let mut cmd = fixed(awsso::__private::cli_command());
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
        let help = awsso::__private::unwrap_examples(&c.render_long_help().to_string());
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

/// Removes the Markdown backticks of doc comments (man pages would show them literally).
fn plain(text: &str) -> String {
    text.replace('`', "")
}

/// The command for a man page: backticks dropped, the examples taken out (they get their own
/// EXAMPLES section).
fn for_man(cmd: &clap::Command) -> clap::Command {
    let mut c = cmd.clone().after_help("").after_long_help("");
    if let Some(about) = cmd.get_about() {
        c = c.about(plain(&about.to_string()));
    }
    if let Some(long) = cmd.get_long_about() {
        c = c.long_about(plain(&long.to_string()));
    }
    let subs: Vec<String> = c
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for sub in subs {
        // clap's `help` subcommand has no page of its own (`awsso help X` is `awsso X --help`):
        // a SUBCOMMANDS entry would refer to an awsso-help(1) that does not exist.
        c = if sub == "help" {
            c.mut_subcommand(sub, |s| s.hide(true))
        } else {
            c.mut_subcommand(sub, |s| for_man(&s))
        };
    }
    c.mut_args(|a| {
        let help = a.get_help().map(|h| plain(&h.to_string()));
        let long = a.get_long_help().map(|h| plain(&h.to_string()));
        let a = match help {
            Some(h) => a.help(h),
            None => a,
        };
        match long {
            Some(h) => a.long_help(h),
            None => a,
        }
    })
}

/// Environment variables awsso reads: (name, meaning).
const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "AWS_CONFIG_FILE",
        "The config file (default: ~/.aws/config).",
    ),
    (
        "AWS_SHARED_CREDENTIALS_FILE",
        "The credentials file (default: ~/.aws/credentials).",
    ),
    (
        "AWS_PROFILE, AWS_DEFAULT_PROFILE",
        "The profile when no --profile, --sso-session or --start-url is given, for every command that takes one except credential-process (which the SDKs run on behalf of a profile: its selection must be on its own command line) and doctor (which checks every profile unless given --profile).",
    ),
    (
        "AWS_ENDPOINT_URL_SSO, AWS_ENDPOINT_URL_SSO_OIDC, AWS_ENDPOINT_URL",
        "Endpoint overrides for the portal and OIDC services, as in the AWS SDKs; ignored when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true.",
    ),
    (
        "AWS_CA_BUNDLE",
        "A PEM file of trust roots used instead of the system's.",
    ),
    (
        "BROWSER",
        "The command that opens the login URL. When it is set, the browser (PKCE) flow is used even without DISPLAY.",
    ),
    (
        "AWS_SSO_DISABLE_BROWSER",
        "1 or true: never open a browser; use the device code flow.",
    ),
    (
        "DISPLAY, WAYLAND_DISPLAY, SSH_CONNECTION, SSH_TTY",
        "Without BROWSER, a browser is opened only with a graphical display and outside SSH.",
    ),
    ("AWSSO_LOG", "debug or trace: log like -v or -vv."),
    (
        "AWSSO_PROFILE",
        "Set by awsso exec in its command; a nested awsso exec refuses to run unless given --force.",
    ),
    ("NO_COLOR", "Set and not empty: no colours."),
    ("HOME", "Where ~/.aws is."),
];

/// Files awsso reads and writes: (path, meaning).
const FILES: &[(&str, &str)] = &[
    (
        "~/.aws/config",
        "Profiles and [sso-session] sections (AWS_CONFIG_FILE). Edited in place by configure and discover: every byte outside the edited keys stays.",
    ),
    (
        "~/.aws/credentials",
        "Static keys (AWS_SHARED_CREDENTIALS_FILE); written by write-default.",
    ),
    (
        "~/.aws/sso/cache/",
        "SSO tokens, shared with the AWS CLI and SDKs (0600).",
    ),
    (
        "~/.aws/awsso/roles/",
        "awsso's cache of role credentials (0600, folder 0700).",
    ),
    (
        "~/.aws/awsso/locks/",
        "Lock files that let parallel awsso processes share one login or refresh.",
    ),
];

/// Exit statuses: the common ones, then a command's own.
fn exit_status(name: &str) -> Vec<(&'static str, &'static str)> {
    let mut rows = vec![
        ("0", "Success."),
        ("1", "Any other error."),
        ("2", "Usage error (bad flags, nothing selected)."),
        (
            "3",
            "Login required (no, expired or corrupt token): run awsso login.",
        ),
        (
            "4",
            "Configuration error (profile, sso-session, config file).",
        ),
        ("5", "AWS service or network error."),
    ];
    match name {
        "awsso-exec" => rows.push(("other", "The command's own exit status; 126 when it cannot run, 127 when it is not found; on unix 128+N when signal N ended it, on Windows the whole 32-bit code (0xC000013A when Ctrl-C ended it).")),
        "awsso-serve" => rows.push(("128+N", "Stopped by signal N: Ctrl-C (SIGINT, 130), SIGTERM (143), SIGHUP (129), SIGQUIT, SIGUSR1, SIGUSR2 or SIGALRM; on Windows 0xC000013A, stopped by Ctrl-C, Ctrl-Break or closing the console. The token file is deleted.")),
        "awsso-status" => rows[3] = ("3", "A configured session is not logged in."),
        "awsso-doctor" => rows[1] = ("1", "An error was found (or any other error)."),
        _ => {}
    }
    rows
}

fn man_page(cmd: &clap::Command, name: &str, siblings: &[String]) -> Vec<u8> {
    use clap_mangen::roff::{Roff, bold, roman};
    let version = cmd.get_version().unwrap_or_default();
    let man = clap_mangen::Man::new(for_man(cmd))
        .title(name.to_uppercase())
        .source(format!("awsso {version}"));
    let mut out = Vec::new();
    man.render_title(&mut out).unwrap();
    man.render_name_section(&mut out).unwrap();
    man.render_synopsis_section(&mut out).unwrap();
    man.render_description_section(&mut out).unwrap();
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut out).unwrap();
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(&mut out).unwrap();
    }
    let mut roff = Roff::new();
    let defs = |roff: &mut Roff, title: &str, rows: &[(&str, &str)]| {
        roff.control("SH", [title]);
        for (term, text) in rows {
            roff.control("TP", []);
            roff.text([bold(*term)]);
            roff.text([roman(*text)]);
        }
    };
    defs(&mut roff, "ENVIRONMENT", ENVIRONMENT);
    defs(&mut roff, "FILES", FILES);
    defs(&mut roff, "EXIT STATUS", &exit_status(name));
    if let Some(after) = cmd.get_after_help() {
        roff.control("SH", ["EXAMPLES"]);
        // Exit codes have their own section.
        let after = after.to_string();
        let blocks = after.split("\n\n").filter(|b| !b.starts_with("Exit codes"));
        for block in blocks {
            let mut lines = block.lines();
            if let Some(title) = lines.next().filter(|t| *t != "Examples:") {
                roff.control("PP", []);
                roff.text([roman(title.trim_end_matches(':'))]);
            }
            roff.control("PP", []);
            roff.control("RS", ["4"]);
            roff.control("nf", []);
            for line in lines {
                roff.text([roman(line.strip_prefix("  ").unwrap_or(line))]);
            }
            roff.control("fi", []);
            roff.control("RE", []);
        }
    }
    roff.control("SH", ["SEE ALSO"]);
    let refs: Vec<String> = siblings
        .iter()
        .filter(|s| s.as_str() != name)
        .map(|s| format!("{s}(1)"))
        .chain(["aws(1)".to_owned()])
        .collect();
    roff.text([roman(refs.join(", "))]);
    if let Some(version) = cmd.get_version() {
        roff.control("SH", ["VERSION"]);
        roff.text([roman(format!("v{version}"))]);
    }
    roff.to_writer(&mut out).unwrap();
    out
}

/// One man page per command: `awsso.1` and `awsso-SUBCOMMAND.1`.
fn man_pages() -> Vec<(String, Vec<u8>)> {
    let cmd = command();
    let subs: Vec<&clap::Command> = cmd
        .get_subcommands()
        .filter(|s| s.get_name() != "help" && !s.is_hide_set())
        .collect();
    let names: Vec<String> = std::iter::once("awsso".to_owned())
        .chain(subs.iter().map(|s| format!("awsso-{}", s.get_name())))
        .collect();
    let mut pages = vec![("awsso".to_owned(), man_page(&cmd, "awsso", &names))];
    for sub in subs {
        let name = format!("awsso-{}", sub.get_name());
        // A subcommand's page lists only the main page and itself among awsso's.
        pages.push((name.clone(), man_page(sub, &name, &names[..1])));
    }
    pages
}

fn generated() -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
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
            awsso::__private::completion_script(shell),
        ));
    }
    for (name, page) in man_pages() {
        files.push((root.join(format!("docs/man/{name}.1")), page));
    }
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
    assert_eq!(out.stdout, awsso::__private::completion_script(Shell::Bash));
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

/// Every command's example lines, as written in src/cli.rs.
fn examples() -> Vec<(String, Vec<String>)> {
    let cmd = command();
    let mut out = vec![(String::new(), &cmd)];
    out.extend(
        cmd.get_subcommands()
            .filter(|s| s.get_name() != "help")
            .map(|s| (s.get_name().to_owned(), s)),
    );
    out.into_iter()
        .map(|(name, c)| {
            let text = c
                .get_after_help()
                .map(ToString::to_string)
                .unwrap_or_default();
            let lines = text
                .lines()
                .filter(|l| l.starts_with("  "))
                .map(str::to_owned)
                .collect();
            (name, lines)
        })
        .collect()
}

/// Copied examples must work: no example line of any help is ever wrapped, whatever the
/// terminal width (clap caps help at 100 columns and wraps everything else to the terminal).
#[test]
fn example_lines_never_wrap_in_help_or_the_reference() {
    let env = crate::support::TestEnv::new();
    env.emu.expect_no_calls();
    let reference = std::fs::read_to_string(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).join("docs/cli.md"),
    )
    .unwrap();
    let reference_lines: Vec<&str> = reference.lines().collect();
    let mut checked = 0;
    for (name, lines) in examples() {
        assert!(!lines.is_empty(), "awsso {name} has no example lines");
        for width in ["30", "60", "80", "100", "120", "200"] {
            for flag in ["--help", "-h"] {
                let mut cmd = env.cmd();
                if !name.is_empty() {
                    cmd.arg(&name);
                }
                let out = cmd.arg(flag).env("COLUMNS", width).output().unwrap();
                assert!(out.status.success());
                let help = String::from_utf8(out.stdout).unwrap();
                let help_lines: Vec<&str> = help.lines().collect();
                for line in &lines {
                    assert!(
                        help_lines.contains(&line.as_str()),
                        "awsso {name} {flag} at {width} columns wraps or lacks the example line\n{line}\n---\n{help}"
                    );
                    checked += 1;
                }
            }
        }
        for line in &lines {
            assert!(
                reference_lines.contains(&line.as_str()),
                "docs/cli.md wraps the example line of awsso {name}:\n{line}"
            );
        }
    }
    assert!(checked > 100, "{checked}");
}

#[test]
fn every_subcommand_has_a_man_page_with_the_sections_a_man_page_needs() {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).join("docs/man");
    let cmd = command();
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let path = root.join(format!("awsso-{}.1", sub.get_name()));
        let page =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for section in [
            "NAME",
            "SYNOPSIS",
            "DESCRIPTION",
            "OPTIONS",
            "ENVIRONMENT",
            "FILES",
            "\"EXIT STATUS\"",
            "EXAMPLES",
            "\"SEE ALSO\"",
        ] {
            assert!(
                page.contains(&format!(".SH {section}\n")),
                "{}: no {section}",
                path.display()
            );
        }
        assert!(!page.contains(".SH EXTRA"), "{}", path.display());
        assert!(!page.contains('`'), "{}: literal backticks", path.display());
    }
}

/// The man page names a page refers to (`awsso-login(1)`, `aws(1)`), roff's `\-` read as `-`.
fn referenced_pages(page: &str) -> Vec<String> {
    let text = page.replace("\\-", "-");
    let mut names = Vec::new();
    for (at, _) in text.match_indices("(1)") {
        let name: String = text[..at]
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if !name.is_empty() {
            names.push(name);
        }
    }
    names
}

#[test]
fn every_man_page_a_page_refers_to_exists() {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).join("docs/man");
    let mut checked = 0;
    for (name, page) in man_pages() {
        let page = String::from_utf8(page).unwrap();
        for referenced in referenced_pages(&page) {
            if referenced == "aws" {
                continue; // the AWS CLI's page, not ours
            }
            assert!(
                man_pages().iter().any(|(n, _)| *n == referenced)
                    && root.join(format!("{referenced}.1")).is_file(),
                "{name}(1) refers to {referenced}(1), which does not exist"
            );
            checked += 1;
        }
    }
    assert!(
        checked > 15,
        "only {checked} references found: is the parsing right?"
    );
}
