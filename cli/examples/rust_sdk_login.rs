//! The Rust SDK's own `aws login` support, run by the integration tests against awsso's cache
//! file: `aws-config` (feature `credentials-login`) resolves the profile in `AWS_PROFILE` with
//! its default chain, which reads `~/.aws/login/cache/<sha256>.json` and refreshes it at
//! `AWS_ENDPOINT_URL_SIGNIN` when 5 minutes or less are left. Prints the access key id as
//! JSON (`{"AccessKeyId": …}`); any error goes to stderr with exit status 1.

// A probe program: its output is what the tests read.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use aws_config::BehaviorVersion;
use aws_credential_types::provider::ProvideCredentials as _;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // Plain HTTP: the tests' sign-in endpoint is on 127.0.0.1.
    let http = aws_smithy_http_client::Builder::new().build_http();
    let config = aws_config::defaults(BehaviorVersion::latest())
        .http_client(http)
        .load()
        .await;
    let Some(provider) = config.credentials_provider() else {
        eprintln!("no credentials provider");
        std::process::exit(1);
    };
    match provider.provide_credentials().await {
        Ok(creds) => {
            let line = serde_json::json!({ "AccessKeyId": creds.access_key_id() });
            println!("{line}");
        }
        Err(e) => {
            eprintln!("{e:?}");
            std::process::exit(1);
        }
    }
}
