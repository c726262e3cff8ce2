//! What the `awsso` executable, its tests and the fuzz targets need from the crate beyond its
//! API. Compiled only with the `cli` feature, hidden from the docs, and not covered by semver:
//! do not use it from other programs.

pub mod fuzz;

use std::ffi::OsString;

/// Runs the `awsso` command line (`args`, program name first) and returns the exit code: the
/// whole program behind the executable's `main`. On unix it is 0–255; on Windows `exec` passes
/// on its child's whole 32-bit code (0xC000013A after Ctrl-C, say).
pub fn run_cli(args: Vec<OsString>) -> u32 {
    crate::cli::run(args)
}

/// The command line's clap definition (the man page and CLI reference are generated from it).
pub fn cli_command() -> clap::Command {
    <crate::cli::args::Cli as clap::CommandFactory>::command()
}

/// `--help` text with the examples' line wrapping undone, as `awsso --help` prints it.
pub fn unwrap_examples(rendered: &str) -> String {
    crate::cli::args::unwrap_examples(rendered)
}

/// The completion script `awsso completions SHELL` prints.
pub fn completion_script(shell: clap_complete::Shell) -> Vec<u8> {
    crate::cli::cmd::completions::script(shell)
}
