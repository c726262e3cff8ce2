//! The `awsso` binary: parse, capture the environment, run, map the error to an exit code.

use std::process::ExitCode;

use awsso::app::{self, Context};
use awsso::env::Env;
use awsso::error::{self, EXIT_USAGE};
use awsso::ui::Ui;

fn main() -> ExitCode {
    let cli = match awsso::cli::parse_from(std::env::args_os().collect()) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE } else { 0 });
        }
    };
    let env = Env::capture();
    let ui = Ui::new(&env, cli.global.verbose, cli.global.quiet);
    let result = Context::new(env, ui.clone()).and_then(|ctx| app::run(cli, &ctx));
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            let report = error::report(&err);
            ui.error(&report.message, &report.causes, report.hint.as_deref());
            ExitCode::from(report.code)
        }
    }
}
