//! `awsso doctor` (placeholder).
use crate::app::Context;
use crate::cli::DoctorArgs;
/// Runs the command.
pub fn run(_ctx: &Context, _args: &DoctorArgs) -> anyhow::Result<u8> {
    Ok(0)
}
