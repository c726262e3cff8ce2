//! `awsso completions SHELL`: the completion script on stdout, generated from the clap types.

use anyhow::Context as _;
use clap::CommandFactory as _;

use crate::app::Context;
use crate::cli::{Cli, CompletionsArgs};

/// The completion script for `shell`, as bytes (the same text as `completions/awsso.*`).
pub fn script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "awsso", &mut out);
    out
}

/// Runs the command.
pub fn run(ctx: &Context, args: &CompletionsArgs) -> anyhow::Result<u8> {
    let text =
        String::from_utf8(script(args.shell)).context("the completion script is not UTF-8")?;
    ctx.ui.payload(&text).context("cannot write to stdout")?;
    Ok(0)
}
