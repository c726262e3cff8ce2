//! The `awsso` binary: parse, capture the environment, run, map the error to an exit code.
//!
//! `main` is the C entry point (`#![no_main]`) rather than Rust's: `credential-process` is
//! spawned for every AWS call, and std's runtime set-up was a fifth of its cache-hit work (it
//! reads `/proc/self/maps` to place a stack guard). Measured with callgrind: 610k -> 492k
//! instructions, 137 -> 115 page faults per run. What std's start-up did that we now do or
//! forgo: stdout is flushed here before returning; a stack overflow is a plain SIGSEGV
//! without std's message; SIGPIPE keeps its default action, so `awsso list | head` ends
//! quietly the Unix way (std's `Command` still resets it for `exec`'s child). Arguments are
//! still read with `std::env::args_os`, which std captures on Linux and macOS without `main`.
#![no_main]

use std::ffi::{c_char, c_int};
use std::io::Write;

use awsso::app::{self, Context};
use awsso::env::Env;
use awsso::error::{self, EXIT_USAGE};
use awsso::ui::Ui;

/// The process entry point, called by the C runtime.
#[unsafe(no_mangle)]
extern "C" fn main(_argc: c_int, _argv: *const *const c_char) -> c_int {
    let code = run();
    let _ = std::io::stdout().flush();
    c_int::from(code)
}

fn run() -> u8 {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if awsso::complete::answer_request(&args) {
        return 0;
    }
    let cli = match awsso::cli::parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            awsso::ui::print_clap(&e, &Env::capture());
            return if e.use_stderr() { EXIT_USAGE } else { 0 };
        }
    };
    let env = Env::capture();
    let ui = Ui::new(&env, cli.global.verbose, cli.global.quiet);
    let result = Context::new(env, ui.clone()).and_then(|ctx| app::run(cli, &ctx));
    match result {
        Ok(code) => code,
        Err(err) => {
            let report = error::report(&err);
            ui.error(&report.message, &report.causes, report.hint.as_deref());
            report.code
        }
    }
}
