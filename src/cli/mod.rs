//! The `awsso` command line: one client of the library, compiled only with the `cli` feature.
//!
//! Nothing outside this module imports it (the layering test in `tests/integration` checks
//! that the core never does). Layers, argv to output: [`args`] holds only clap types; [`app`]
//! converts them once into library requests and dispatches to one `cmd::<name>` per
//! subcommand; [`ui`] is the only printer; [`report`] maps errors to exit codes and hints.
//! The executable itself (`cli/src/main.rs` in the `awsso-cli` package) only captures the
//! process's arguments and calls [`run`].

pub(crate) mod app;
pub(crate) mod args;
pub(crate) mod child;
pub(crate) mod choice;
pub(crate) mod cmd;
pub(crate) mod complete;
pub(crate) mod doctor;
pub(crate) mod doctor_login;
pub(crate) mod exports;
pub(crate) mod file_trust;
pub(crate) mod folder_file;
pub(crate) mod picker;
pub(crate) mod report;
pub(crate) mod ui;

use std::ffi::OsString;

use crate::env::Env;

/// Runs the command line `args` (program name first) and returns the process's exit code
/// (0–255 on unix; on Windows `exec` passes on its child's whole 32-bit code).
pub(crate) fn run(args: Vec<OsString>) -> u32 {
    if complete::answer_request(&args) {
        return 0;
    }
    let cli = match args::parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            ui::print_clap(&e, &Env::capture());
            return if e.use_stderr() {
                u32::from(report::EXIT_USAGE)
            } else {
                0
            };
        }
    };
    let mut env = Env::capture();
    env.network_timeout_default = app::network_budget(&cli.command);
    let ui = ui::Ui::new(&env, cli.global.verbose, cli.global.quiet);
    let result = app::Context::new(env, ui.clone()).and_then(|ctx| app::run(cli, &ctx));
    match result {
        Ok(code) => code,
        Err(err) => {
            let report = report::report(&err);
            ui.error(&report.message, &report.causes, report.hint.as_deref());
            u32::from(report.code)
        }
    }
}
