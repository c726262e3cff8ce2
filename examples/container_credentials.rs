//! A program run under `awsso exec --server`: it needs nothing from awsso. The SDK's default
//! credential chain finds `AWS_CONTAINER_CREDENTIALS_FULL_URI` and
//! `AWS_CONTAINER_AUTHORIZATION_TOKEN` and keeps fetching fresh credentials from awsso's
//! endpoint, so it can run for longer than the role session lasts.
//!
//! ```sh
//! awsso exec --server --profile dev -- cargo run --example container_credentials -- 3 1000
//! ```
//!
//! Calls STS GetCallerIdentity COUNT times (default 1), INTERVAL_MS apart (default 0), and
//! prints the caller's ARN and user id, one line each.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line example: it prints

use std::process::ExitCode;
use std::time::Duration;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .map(|a| a.parse().unwrap_or(0))
        .collect();
    let count = args.first().copied().unwrap_or(1).max(1);
    let interval = Duration::from_millis(args.get(1).copied().unwrap_or(0));
    // aws-config's default chain, with a plain-HTTP client (awsso's endpoint is on 127.0.0.1;
    // a real program would use the SDK's default HTTPS client for AWS itself).
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .load()
        .await;
    let sts = aws_sdk_sts::Client::new(&config);
    for i in 0..count {
        if i > 0 {
            tokio::time::sleep(interval).await;
        }
        match sts.get_caller_identity().send().await {
            Ok(me) => println!(
                "{} {}",
                me.arn().unwrap_or_default(),
                me.user_id().unwrap_or_default()
            ),
            Err(e) => {
                eprintln!("error: {}", aws_sdk_sts::error::DisplayErrorContext(&e));
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
