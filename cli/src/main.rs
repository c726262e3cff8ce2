//! The `awsso` binary: the process entry point. Everything else (parsing, running, mapping
//! errors to exit codes) is the library's `cli` feature, reached through `run_cli`.
//!
//! On unix, `main` is the C entry point (`#![no_main]`) rather than Rust's: `credential-process`
//! is spawned for every AWS call, and std's runtime set-up was a fifth of its cache-hit work
//! (it reads `/proc/self/maps` to place a stack guard). Measured with callgrind: 610k -> 492k
//! instructions, 137 -> 115 page faults per run. What std's start-up did, and what this entry
//! does instead:
//!
//! - **fds 0–2**: std re-opens `/dev/null` on any of them that is closed; so does the C `main`
//!   (otherwise the next file or socket opened — the tokio epoll fd, a lock file — becomes fd 1
//!   and the payload is written into it).
//! - **Arguments**: taken from `argc`/`argv` here, on every unix (std captures them without
//!   its `main` only on some targets).
//! - **SIGPIPE**: ignored, as std does, and stated once here. No write can kill the process by
//!   a signal (a peer closing a socket, `awsso list | head`): a write to a closed pipe fails with
//!   `EPIPE`, and awsso stops quietly when that happens on stdout (exit 0, nothing on stderr);
//!   std's `Command` restores the default action in children (`exec`, the browser).
//! - **stdout** is flushed here before returning; a stack overflow is a plain SIGSEGV without
//!   std's message.
//!
//! On Windows (and any other platform) `main` is Rust's: the arguments come from
//! [`std::env::args_os`], which reads the UTF-16 command line (never the ANSI code page's
//! `argv`), so every Unicode argument and path arrives intact. There are no fds to fix (std
//! treats a missing standard handle as an empty input and a discarding output) and no SIGPIPE
//! (a write to a closed pipe fails with an error, as above). The exit code is the whole 32-bit
//! value: `exec` passes on its child's (0xC000013A when Ctrl-C ended it).
#![cfg_attr(unix, no_main)]

#[cfg(unix)]
mod unix_entry;

/// The process entry point on platforms other than unix: Rust's `main`, Unicode arguments.
#[cfg(not(unix))]
fn main() {
    use std::io::Write as _;
    let code = awsso::__private::run_cli(std::env::args_os().collect());
    let _ = std::io::stdout().flush();
    // The whole code: Windows reports all 32 bits (`ExitCode` holds only 8).
    std::process::exit(code.cast_signed());
}
