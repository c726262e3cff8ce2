//! What the `awsso` executable, its tests and the fuzz targets need from the crate beyond its
//! API. Compiled only with the `cli` feature, hidden from the docs, and not covered by semver:
//! do not use it from other programs.

pub mod fuzz;

use std::ffi::OsString;

/// Runs the `awsso` command line (`args`, program name first) and returns the exit code: the
/// whole program behind the executable's `main`.
pub fn run_cli(args: Vec<OsString>) -> u8 {
    crate::cli::run(args)
}
