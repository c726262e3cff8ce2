//! `awsso-emulator`: the Identity Center emulator (a test double) as a process, for the README
//! demo and the benchmarks.
//!
//! - `awsso-emulator serve [...]` prints exactly one line, the base URL, then serves until killed
//!   (or until stdin reaches EOF with `--exit-on-stdin-eof`).
//! - `awsso-emulator browse URL` is the fake browser: `BROWSER="awsso-emulator browse"`.
//!
//! stdout is the interface here (the URL, the final page), so this file prints directly.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{Read, Write};
use std::process::ExitCode;
use std::time::Duration;

use awsso_emulator::{Config, Emulator, browse};
use clap::{Parser, Subcommand};

/// AWS IAM Identity Center (SSO + SSO OIDC) emulator for awsso's tests, demo and benchmarks.
#[derive(Parser, Debug)]
#[command(version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve both APIs on 127.0.0.1 and print the base URL on stdout.
    Serve(ServeArgs),
    /// Act as the user's browser: GET URL (loopback only), follow redirects, print the page.
    Browse {
        /// The URL to open.
        url: String,
    },
}

#[derive(clap::Args, Debug)]
struct ServeArgs {
    /// Port on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Number of accounts (ids 100000000000, 100000000001, ...).
    #[arg(long, default_value_t = 2)]
    accounts: usize,
    /// Roles per account (Role0, Role1, ...).
    #[arg(long, default_value_t = 2)]
    roles: usize,
    /// Latency added to every API call, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Portal API requests per second before 429 TooManyRequestsException.
    #[arg(long)]
    rate_limit: Option<f64>,
    /// Items per ListAccounts / ListAccountRoles page.
    #[arg(long, default_value_t = 20)]
    page_size: usize,
    /// AuthorizationPending answers before a device code is approved.
    #[arg(long, default_value_t = 0)]
    device_pending_polls: u32,
    /// Access token lifetime in seconds.
    #[arg(long, default_value_t = 8 * 3600)]
    token_ttl_secs: u64,
    /// Also serve the APIs over TLS (a CA generated at start), write the CA certificate (PEM)
    /// to this path, and print the `https://` URL instead of the `http://` one.
    #[arg(long, value_name = "PATH")]
    tls_ca_file: Option<std::path::PathBuf>,
    /// Exit when standard input reaches end of file (lets a parent script own the lifetime).
    #[arg(long)]
    exit_on_stdin_eof: bool,
}

fn serve(args: ServeArgs) -> Result<(), String> {
    if args.rate_limit.is_some_and(|r| r.is_nan() || r <= 0.0) {
        return Err("--rate-limit must be a positive number of requests per second".into());
    }
    let mut config = Config::grid(args.accounts, args.roles);
    config.latency = Duration::from_millis(args.latency_ms);
    config.rate_limit = args.rate_limit;
    config.page_size = args.page_size.max(1);
    config.device_pending_polls = args.device_pending_polls;
    config.access_token_ttl = Duration::from_secs(args.token_ttl_secs);
    let emulator = Emulator::start_on_port_with(config, args.port, args.tls_ca_file.is_some())
        .map_err(|e| format!("cannot serve on 127.0.0.1:{}: {e}", args.port))?;
    emulator.allow_unused();
    let mut url = emulator.url();
    if let Some(path) = &args.tls_ca_file {
        let ca = emulator.ca_file().ok_or("TLS was not set up")?;
        std::fs::copy(&ca, path).map_err(|e| format!("writing {}: {e}", path.display()))?;
        url = emulator.https_url().ok_or("TLS was not set up")?;
    }
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{url}")
        .and_then(|()| stdout.flush())
        .map_err(|e| format!("writing the URL to stdout: {e}"))?;
    drop(stdout);
    if args.exit_on_stdin_eof {
        let mut sink = [0_u8; 1024];
        let mut stdin = std::io::stdin().lock();
        while matches!(stdin.read(&mut sink), Ok(n) if n > 0) {}
    } else {
        loop {
            std::thread::park();
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(args) => serve(args),
        Command::Browse { url } => browse(&url).map(|body| {
            println!("{body}");
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("awsso-emulator: error: {e}");
            ExitCode::FAILURE
        }
    }
}
