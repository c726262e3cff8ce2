//! `awsso configure`.

use crate::app::Context;
use crate::cli::ConfigureArgs;

/// Runs the command.
pub fn run(_ctx: &Context, _args: &ConfigureArgs) -> anyhow::Result<u8> {
    anyhow::bail!("not yet")
}
