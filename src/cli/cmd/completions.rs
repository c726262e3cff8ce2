//! `awsso completions SHELL`: the script that registers awsso's dynamic completion.
//!
//! The script calls `awsso` back at each TAB (see [`crate::cli::complete`]), so profile and
//! sso-session names come from the config file as it is at that moment.

use anyhow::Context as _;

use crate::cli::app::Context;
use crate::cli::args::CompletionsArgs;

/// The completion script for `shell`, as bytes (the same text as `completions/awsso.*`).
pub(crate) fn script(shell: clap_complete::Shell) -> Vec<u8> {
    crate::cli::complete::registration_script(shell)
}

/// Runs the command.
pub(crate) fn run(ctx: &Context, args: &CompletionsArgs) -> anyhow::Result<u8> {
    let text =
        String::from_utf8(script(args.shell)).context("the completion script is not UTF-8")?;
    ctx.ui.payload(&text).context("cannot write to stdout")?;
    Ok(0)
}
