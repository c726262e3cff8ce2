//! aws-sso-lib's quickstart in Rust: log in if needed, get an `SdkConfig` for an account and
//! role, and call STS GetCallerIdentity with it.
//!
//! ```sh
//! cargo run --example quickstart -- https://my-org.awsapps.com/start eu-west-1 123456789012 ReadOnly
//! ```
//!
//! Prints the role's ARN on stdout. The login (browser, or a URL and code on stderr) happens
//! only when no usable token is cached; `awsso` and the AWS CLI share that token.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line example: it prints

use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [start_url, sso_region, account_id, role_name, rest @ ..] = &args[..] else {
        eprintln!("usage: quickstart START_URL SSO_REGION ACCOUNT_ID ROLE_NAME [REGION]");
        return ExitCode::from(2);
    };
    let region = rest.first().cloned().unwrap_or_else(|| sso_region.clone());
    match run(start_url, sso_region, account_id, role_name, &region).await {
        Ok(arn) => {
            println!("{arn}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(
    start_url: &str,
    sso_region: &str,
    account_id: &str,
    role_name: &str,
    region: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    let sso = awsso::Sso::new(start_url, sso_region)?;
    // A no-op while the cached token lasts; a refresh or an interactive login otherwise.
    let token = sso.login(awsso::LoginOptions::default()).await?;
    eprintln!(
        "logged in to {} (refreshable: {})",
        token.start_url, token.refreshable
    );
    let config = sso
        .sdk_config(account_id, role_name)
        .region(region)
        .load()
        .await?;
    let identity = aws_sdk_sts::Client::new(&config)
        .get_caller_identity()
        .send()
        .await?;
    Ok(identity.arn().unwrap_or_default().to_owned())
}
