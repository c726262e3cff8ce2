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

    /// Write one profile per account and role you can reach into the AWS config file.
    ///
    /// Lists every account (ListAccounts) and its roles (ListAccountRoles), paced to stay under
    /// Identity Center's throttling, then edits the config file in place: comments, blank lines
    /// and every other profile stay byte for byte. Only profiles carrying awsso's metadata
    /// (awsso_account_id, awsso_session) are updated or pruned; a profile you wrote with the same
    /// name is left alone and reported (unless --force). Nothing is written if any call fails.
    #[command(after_help = "Examples:
  awsso discover --profile dev
  awsso discover --sso-session my-sso --region eu-west-1 --dry-run
  awsso discover --sso-session my-sso --name-template '{account_id}-{role_name}' --prune
  awsso discover --profile dev --mode native --output json")]
    Discover(DiscoverArgs),

    /// List the accounts and roles you can reach (one line each, streamed as pages arrive).
    ///
    /// Paced like discover. stdout carries only the listing.
    #[command(after_help = "Examples:
  awsso list --profile dev
  awsso list --sso-session my-sso --accounts
  awsso list --profile dev --account-id 123456789012 --output json")]
    List(ListArgs),

    /// Write a role's temporary credentials into ~/.aws/credentials ([default] by default).
    ///
    /// For programs that read only static keys. Writes aws_access_key_id, aws_secret_access_key,
    /// aws_session_token and x_security_token_expires into one section; every other byte of the
    /// file stays. Without a role on a terminal, offers a fuzzy chooser of your roles.
    #[command(after_help = "Examples:
  awsso write-default --profile dev
  awsso write-default --sso-session my-sso --role-arn arn:aws:iam::123456789012:role/ReadOnly
  awsso write-default --profile dev --target-profile legacy-tool")]
    WriteDefault(WriteDefaultArgs),
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

/// Request pacing for commands that list the whole inventory.
#[derive(Debug, Clone, Args)]
pub struct PacingArgs {
    /// Requests per second to Identity Center, shared by all requests (it throttles at ~20/s
    /// per instance).
    #[arg(long, value_name = "N", default_value_t = crate::sso::inventory::DEFAULT_RATE, value_parser = parse_rate)]
    pub rate: f64,

    /// Requests in flight at most.
    #[arg(long, value_name = "N", default_value_t = crate::sso::inventory::DEFAULT_CONCURRENCY, value_parser = parse_concurrency)]
    pub concurrency: usize,
}

/// How generated profiles get credentials.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum DiscoverMode {
    /// `credential_process = awsso credential-process ...` (works with every SDK and tool).
    #[default]
    Process,
    /// The SDKs' native `sso_session`/`sso_account_id`/`sso_role_name` keys.
    Native,
}

/// `awsso discover`.
#[derive(Debug, Clone, Args)]
pub struct DiscoverArgs {
    #[command(flatten)]
    pub target: TargetArgs,

    /// `region =` in generated profiles (default: the selected profile's region).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// How the generated profiles get credentials.
    #[arg(long, value_enum, default_value_t = DiscoverMode::Process)]
    pub mode: DiscoverMode,

    /// Add --login to the generated credential_process lines (open the browser when the
    /// session has expired), and log in now if needed.
    #[arg(long)]
    pub login: bool,

    /// Profile names: {account_id}, {account_name}, {role_name}, {session}; sanitised to
    /// letters, digits and _ - / . % @ : +
    #[arg(long, value_name = "TEMPLATE", default_value = crate::profile::generate::DEFAULT_TEMPLATE)]
    pub name_template: String,

    /// Also take over profiles with a generated name that awsso did not write.
    #[arg(long)]
    pub force: bool,

    /// Remove awsso's profiles of this session whose account or role is gone.
    #[arg(long)]
    pub prune: bool,

    /// Print a unified diff of the config file on stdout and write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Report format on stdout (json: what was, or would be, written).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,

    #[command(flatten)]
    pub pacing: PacingArgs,
}

/// Output formats of `awsso list`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Tab-separated lines, streamed as pages arrive: ACCOUNT_ID, ACCOUNT_NAME, ROLE.
    #[default]
    Text,
    /// Aligned columns with a header (printed at the end).
    Table,
    /// One JSON array at the end: [{"id", "name", "email", "roles": [...]}].
    Json,
}

/// `awsso list`.
#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub target: TargetArgs,

    /// Accounts only (no ListAccountRoles calls).
    #[arg(long)]
    pub accounts: bool,

    /// Only this account's roles.
    #[arg(long, value_name = "ID", conflicts_with = "accounts")]
    pub account_id: Option<String>,

    /// Output format.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ListFormat::Text)]
    pub output: ListFormat,

    /// Log in if needed instead of failing.
    #[arg(long)]
    pub login: bool,

    #[command(flatten)]
    pub pacing: PacingArgs,
}

/// `awsso write-default`.
#[derive(Debug, Clone, Args)]
pub struct WriteDefaultArgs {
    #[command(flatten)]
    pub target: TargetArgs,

    #[command(flatten)]
    pub role: RoleArgs,

    /// The section of the credentials file to write.
    #[arg(long, value_name = "NAME", default_value = "default")]
    pub target_profile: String,

    /// Log in if needed instead of failing.
    #[arg(long)]
    pub login: bool,

    /// Re-use cached role credentials only while at least this much validity is left.
    #[arg(long, value_name = "DURATION", default_value = "15m", value_parser = parse_duration)]
    pub min_remaining: Duration,
}

/// Parses a positive, finite number of requests per second.
pub fn parse_rate(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(r) if r.is_finite() && r > 0.0 && r <= 1000.0 => Ok(r),
        _ => Err(format!(
            "'{text}' is not a rate: use a number of requests per second above 0 (e.g. 10 or 2.5)"
        )),
    }
}

/// Parses a number of requests in flight, 1 to 64.
pub fn parse_concurrency(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=64).contains(&n) => Ok(n),
        _ => Err(format!(
            "'{text}' is not a concurrency: use a number from 1 to 64"
        )),
    }
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
