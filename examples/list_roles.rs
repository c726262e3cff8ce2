//! Every account and role you can reach in an Identity Center instance, streamed as the pages
//! arrive (aws-sso-lib's `list_available_roles()`).
//!
//! ```sh
//! cargo run --example list_roles -- https://my-org.awsapps.com/start eu-west-1
//! ```
//!
//! Prints `ACCOUNT_ID<TAB>ACCOUNT_NAME<TAB>ROLE_NAME` lines; logs in first when needed.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line example: it prints

use std::process::ExitCode;

use futures_util::StreamExt;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [start_url, sso_region] = &args[..] else {
        eprintln!("usage: list_roles START_URL SSO_REGION");
        return ExitCode::from(2);
    };
    let sso = match awsso::Sso::new(start_url.as_str(), sso_region.as_str()) {
        Ok(sso) => sso.with_login(Some(awsso::LoginOptions::default())),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut roles = std::pin::pin!(sso.list_available_roles(None));
    while let Some(role) = roles.next().await {
        match role {
            Ok(r) => println!("{}\t{}\t{}", r.account_id, r.account_name, r.role_name),
            Err(e) => {
                eprintln!("error: {e}");
                if let awsso::Error::LoginRequired(login) = &e {
                    eprintln!("hint: log in to {} ({:?})", login.start_url, login.reason);
                }
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
