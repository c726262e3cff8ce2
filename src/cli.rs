//! Command-line types (clap derive). The doc comments here are the `--help` text.
//!
//! Pure: only types and value parsers. Each `cmd/<name>.rs` turns these into a resolved request.

use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Fast, safe credentials from AWS IAM Identity Center (AWS SSO) for every tool.
///
/// awsso logs in to Identity Center (sharing the AWS CLI's token cache), refreshes tokens
/// silently, and hands role credentials to programs that cannot use SSO profiles themselves:
/// as a `credential_process`, as environment variables, or in ~/.aws/credentials.
#[derive(Debug, Parser)]
#[command(name = "awsso", version, propagate_version = true, max_term_width = 100)]
#[command(after_help = "Exit codes: 0 success, 1 error, 2 usage error, 3 login required, \
4 configuration error, 5 AWS service or network error.")]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,

    /// More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,

    /// Only errors and warnings on stderr.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Log in to Identity Center and cache the token where the AWS CLI and SDKs find it.
    ///
    /// Uses the authorization code flow with PKCE in your browser, or the device code flow when no
    /// browser can be opened (SSH, no display, --no-browser, AWS_SSO_DISABLE_BROWSER=1).
    #[command(after_help = "Examples:
  awsso login --profile dev
  awsso login --sso-session my-sso --use-device-code
  awsso login --start-url https://example.awsapps.com/start --sso-region eu-west-1")]
    Login(LoginArgs),

    /// Print role credentials as `credential_process` JSON (for ~/.aws/config).
    ///
    /// stdout carries only the JSON the SDKs expect. Credentials are cached (0600) and re-used
    /// while more than --min-remaining is left; parallel callers share one fetch.
    #[command(after_help = "Example (~/.aws/config):
  [profile dev-admin]
  credential_process = awsso credential-process --sso-session my-sso --account-id 123456789012 --role-name Admin")]
    CredentialProcess(CredentialProcessArgs),
}

/// Which Identity Center instance (and token) to use.
#[derive(Debug, Clone, Default, Args)]
#[group(id = "target", multiple = true)]
pub struct TargetArgs {
    /// A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format
    /// (default: AWS_PROFILE, for commands that do not need an explicit target).
    #[arg(short, long, value_name = "PROFILE", conflicts_with_all = ["sso_session", "start_url"])]
    pub profile: Option<String>,

    /// An `[sso-session NAME]` section of the AWS config file.
    #[arg(long, value_name = "NAME", conflicts_with = "start_url")]
    pub sso_session: Option<String>,

    /// The Identity Center start URL (with --sso-region), without any config file.
    #[arg(long, value_name = "URL", requires = "sso_region")]
    pub start_url: Option<String>,

    /// The region of the Identity Center instance (with --start-url).
    #[arg(long, value_name = "REGION", requires = "start_url")]
    pub sso_region: Option<String>,
}

/// Which account and role to get credentials for.
#[derive(Debug, Clone, Default, Args)]
pub struct RoleArgs {
    /// The AWS account ID (overrides the profile's sso_account_id).
    #[arg(long, value_name = "ID", conflicts_with = "role_arn")]
    pub account_id: Option<String>,

    /// The role (permission set) name (overrides the profile's sso_role_name).
    #[arg(long, value_name = "NAME", conflicts_with = "role_arn")]
    pub role_name: Option<String>,

    /// The role as an ARN: arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME.
    #[arg(short = 'r', long, value_name = "ARN")]
    pub role_arn: Option<String>,
}

/// `awsso login`.
#[derive(Debug, Clone, Args)]
pub struct LoginArgs {
    #[command(flatten)]
    pub target: TargetArgs,

    /// Use the device code flow (a code to confirm in any browser, on any machine).
    #[arg(long)]
    pub use_device_code: bool,

    /// Never open a browser; print the URL and code instead (implies the device code flow).
    #[arg(long)]
    pub no_browser: bool,

    /// Log in even when the cached token is still valid.
    #[arg(long)]
    pub force: bool,

    /// Give up when the login is not completed in time.
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = parse_duration)]
    pub timeout: Duration,
}

/// `awsso credential-process`.
#[derive(Debug, Clone, Args)]
pub struct CredentialProcessArgs {
    #[command(flatten)]
    pub target: TargetArgs,

    #[command(flatten)]
    pub role: RoleArgs,

    /// Run the login flow when the token has expired, instead of failing with a hint.
    #[arg(long)]
    pub login: bool,

    /// Serve cached credentials only while at least this much validity is left.
    #[arg(long, value_name = "DURATION", default_value = "15m", value_parser = parse_duration)]
    pub min_remaining: Duration,
}

/// Machine-readable or human output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Lines for humans.
    #[default]
    Text,
    /// JSON for scripts.
    Json,
}

/// Parses `90s`, `15m`, `2h`, `1d` or a bare number of seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let n: u64 = number
        .parse()
        .map_err(|_| format!("'{text}' is not a duration (examples: 90s, 15m, 2h)"))?;
    let secs = match unit {
        "" | "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        "d" => n * 86_400,
        _ => return Err(format!("unknown unit '{unit}' in '{text}' (use s, m, h or d)")),
    };
    Ok(Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert!(parse_duration("5x").is_err());
        assert!(parse_duration("").is_err());
    }
}
