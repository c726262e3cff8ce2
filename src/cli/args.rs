//! Command-line types (clap derive). The doc comments here are the `--help` text.
//!
//! Pure: only types and value parsers. Each `cmd/<name>.rs` turns these into a resolved request.
// Doc comments here are --help text, not rustdoc: `[default]` is an INI section, not a link,
// and URLs are shown as typed.
#![allow(rustdoc::broken_intra_doc_links, rustdoc::bare_urls)]

use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Fast, safe credentials from AWS IAM Identity Center (AWS SSO) for every tool.
///
/// awsso logs in to Identity Center (sharing the AWS CLI's token cache), refreshes tokens
/// silently, and hands role credentials to programs that cannot use SSO profiles themselves:
/// as a `credential_process`, as environment variables, or in ~/.aws/credentials.
#[derive(Debug, Parser)]
#[command(
    name = "awsso",
    version,
    propagate_version = true,
    max_term_width = 100
)]
#[command(after_help = "Examples:
  awsso configure
  awsso login --profile dev
  awsso exec --profile dev -- aws s3 ls
  eval \"$(awsso env --profile dev)\"
  awsso discover --profile dev
  awsso status

Exit codes: 0 success, 1 error, 2 usage error, 3 login required, 4 configuration error,
5 AWS service or network error; exec: the command's own (unix: 128+N for signal N; Windows:
all 32 bits, 0xC000013A after Ctrl-C).")]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,

    /// Flags every subcommand takes.
    #[command(flatten)]
    pub global: GlobalArgs,
}

/// Flags every subcommand takes.
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct GlobalArgs {
    /// More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,

    /// Only errors and warnings on stderr.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
}

/// Parses a command line (`args[0]` is the program name).
///
/// `credential-process` is spawned for every AWS call, and building clap's full command tree
/// (every subcommand and its help) was most of its cache-hit work: ~130 KB of allocations and
/// a third of its instructions. So a command line starting with `credential-process` is first
/// parsed by a command holding only that subcommand's arguments — the same derive types, so
/// there is one definition. Anything that parser does not accept (`--help`, `--version`,
/// errors, global flags before the subcommand) goes through the full parser, so every message
/// is the usual one.
pub(crate) fn parse_from(args: Vec<std::ffi::OsString>) -> Result<Cli, clap::Error> {
    if args.get(1).is_some_and(|a| a == "credential-process")
        && let Some(cli) = parse_credential_process(&args[1..])
    {
        return Ok(cli);
    }
    // `prompt` runs for every shell prompt: the same shortcut, for the same reason.
    if args.get(1).is_some_and(|a| a == "prompt")
        && let Some(cli) = parse_prompt(&args[1..])
    {
        return Ok(cli);
    }
    Cli::try_parse_from(args)
}

fn parse_prompt(args: &[std::ffi::OsString]) -> Option<Cli> {
    use clap::FromArgMatches;
    let cmd = clap::Command::new("prompt");
    let cmd = GlobalArgs::augment_args(PromptArgs::augment_args(cmd));
    let matches = cmd.try_get_matches_from(args).ok()?;
    Some(Cli {
        command: Command::Prompt(PromptArgs::from_arg_matches(&matches).ok()?),
        global: GlobalArgs::from_arg_matches(&matches).ok()?,
    })
}

fn parse_credential_process(args: &[std::ffi::OsString]) -> Option<Cli> {
    use clap::FromArgMatches;
    let cmd = clap::Command::new("credential-process");
    let cmd = GlobalArgs::augment_args(CredentialProcessArgs::augment_args(cmd));
    let matches = cmd.try_get_matches_from(args).ok()?;
    Some(Cli {
        command: Command::CredentialProcess(
            CredentialProcessArgs::from_arg_matches(&matches).ok()?,
        ),
        global: GlobalArgs::from_arg_matches(&matches).ok()?,
    })
}

/// Puts back the example lines of help text that clap wrapped to the terminal width.
///
/// clap wraps `after_help` like prose, so at 80 columns (or at the 100-column cap) a long
/// example such as a `credential_process = ...` line would break in two, and a copied example
/// would no longer work. Given the text clap rendered for any command's help, this finds that
/// command's examples at its end (the same words, differently broken) and replaces them with
/// the lines as written; a long example then runs past the right margin instead. Text that does
/// not end with a known example block is returned unchanged. Pure.
pub(crate) fn unwrap_examples(rendered: &str) -> String {
    use clap::CommandFactory;
    fn collect(cmd: &clap::Command, out: &mut Vec<String>) {
        for text in [cmd.get_after_long_help(), cmd.get_after_help()]
            .into_iter()
            .flatten()
        {
            out.push(text.to_string());
        }
        for sub in cmd.get_subcommands() {
            collect(sub, out);
        }
    }
    let mut blocks = Vec::new();
    collect(&Cli::command(), &mut blocks);
    let body = rendered.trim_end();
    let trailer = &rendered[body.len()..];
    for raw in &blocks {
        let Some(first) = raw.lines().next().filter(|l| !l.trim().is_empty()) else {
            continue;
        };
        let Some(start) = body.rfind(first) else {
            continue;
        };
        if body[start..].split_whitespace().eq(raw.split_whitespace()) {
            return format!("{}{}{trailer}", &body[..start], raw.trim_end());
        }
    }
    rendered.to_owned()
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Set up awsso: write an `[sso-session]` to the AWS config file, log in, add profiles.
    ///
    /// Asks for the start URL, the SSO region and a session name on a terminal, or takes them
    /// from flags (scripts). Writes the `[sso-session NAME]` section to the config file in place
    /// (every other byte stays), logs in, then writes a profile for one account and role
    /// (--profile with --account-id and --role-name, or a chooser on a terminal) or one profile
    /// per account and role (--discover). Needs no AWS CLI.
    #[command(after_help = "Examples:
  awsso configure
  awsso configure --start-url https://my-org.awsapps.com/start --sso-region eu-west-1 --session-name my-sso
  awsso configure --start-url https://my-org.awsapps.com/start --sso-region eu-west-1 --session-name my-sso --discover
  awsso configure --session-name my-sso --start-url https://my-org.awsapps.com/start --sso-region eu-west-1 \\
      --profile dev --account-id 123456789012 --role-name Admin --region eu-west-1")]
    Configure(ConfigureArgs),

    /// Log in to Identity Center and cache the token where the AWS CLI and SDKs find it.
    ///
    /// Uses the authorization code flow with PKCE in your browser, or the device code flow when no
    /// browser can be opened: --use-device-code or --no-browser, AWS_SSO_DISABLE_BROWSER=1, or
    /// no BROWSER variable and no graphical display (DISPLAY, WAYLAND_DISPLAY; over SSH).
    #[command(after_help = "Examples:
  awsso login --profile dev
  awsso login --sso-session my-sso --use-device-code
  awsso login --start-url https://example.awsapps.com/start --sso-region eu-west-1
  awsso login --profile dev --callback-port 8400    # over SSH: forward the port, then log in
  awsso login --profile console --console-credentials --region eu-west-1
  awsso login --profile console --remote            # aws login session, browser on another device

An aws login session profile (IAM user, root or federated console sign-in, as the AWS CLI's
aws login makes) holds login_session; --console-credentials makes a new one:
  [profile console]
  login_session = arn:aws:iam::123456789012:user/alice
  region = eu-west-1

The session comes from ~/.aws/config (awsso configure writes it):
  [profile dev]
  sso_session = my-sso
  sso_account_id = 123456789012
  sso_role_name = Admin

  [sso-session my-sso]
  sso_start_url = https://example.awsapps.com/start
  sso_region = eu-west-1
  sso_registration_scopes = sso:account:access")]
    Login(LoginArgs),

    /// Print role credentials as `credential_process` JSON (for ~/.aws/config).
    ///
    /// stdout carries only the JSON the SDKs expect. Credentials are cached (0600) and re-used
    /// while more than --min-remaining is left; parallel callers share one fetch.
    #[command(after_help = "Example (~/.aws/config):
  [profile dev-admin]
  credential_process = awsso credential-process --sso-session my-sso --account-id 123456789012 --role-name Admin")]
    CredentialProcess(CredentialProcessArgs),

    /// Print lines that set role credentials as environment variables (for `eval`).
    ///
    /// Exports AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and
    /// AWS_CREDENTIAL_EXPIRATION, plus AWS_REGION and AWS_DEFAULT_REGION when a region is known
    /// (--region or the profile's region). stdout holds only the lines; shell values are quoted
    /// so that nothing in them can run as code (dotenv values are written unquoted and refused
    /// if they hold anything but safe characters). Uses the same role cache as
    /// credential-process.
    #[command(after_help = "Examples:
  eval \"$(awsso env --profile dev)\"
  awsso env --profile dev --format fish | source
  awsso env --profile dev --format powershell | Invoke-Expression
  for /f \"delims=\" %i in ('awsso env --profile dev --format cmd') do @%i
  awsso env --sso-session my-sso --role-arn arn:aws:iam::123456789012:role/Admin --format dotenv > .env
  eval \"$(awsso env --unset)\"")]
    Env(EnvArgs),

    /// Run a command with role credentials (and region) in its environment.
    ///
    /// The command gets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
    /// AWS_CREDENTIAL_EXPIRATION, the region variables when a region is known, and AWSSO_PROFILE
    /// (what awsso selected). AWS_PROFILE and AWS_DEFAULT_PROFILE are removed so SDKs use the
    /// injected keys. awsso exits with the command's exit code (on unix 128+N when a signal N
    /// ended it; on Windows the whole 32-bit code, 0xC000013A when Ctrl-C ended it).
    /// Refuses to run inside another `awsso exec` (AWSSO_PROFILE set) unless --force is given.
    #[command(after_help = "Examples:
  awsso exec --profile dev -- aws s3 ls
  awsso exec --sso-session my-sso --role-arn arn:aws:iam::123456789012:role/Admin -- terraform plan
  awsso exec --profile dev --region us-east-1 -- env
  awsso exec --server --profile dev -- terraform apply    # outlives the role session")]
    Exec(ExecArgs),

    /// Serve role credentials to SDKs over HTTP (the container-credentials protocol) until Ctrl-C.
    ///
    /// Prints the variables to set in the program or container (stdout): AWS_CONTAINER_CREDENTIALS_FULL_URI
    /// and AWS_CONTAINER_AUTHORIZATION_TOKEN (or AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE with
    /// --token-file), plus the region variables when a region is known. Requests without the
    /// token get 403. Credentials come from the role cache and are replaced well before they
    /// expire; when a login is needed requests get 503 (and, with --login, one login starts).
    /// Listens on 127.0.0.1 unless --bind says otherwise; SDKs accept plain HTTP only from
    /// loopback addresses, so a container needs host networking to reach it. Ctrl-C, SIGTERM,
    /// SIGHUP (terminal closed), SIGQUIT, SIGUSR1, SIGUSR2 or SIGALRM (on Windows: Ctrl-C,
    /// Ctrl-Break or closing the console) stops it and deletes the token file; the exit code is
    /// 128+N for signal N, e.g. 130 or 143 (on Windows 0xC000013A).
    #[command(after_help = "Examples:
  awsso serve --profile dev
  awsso serve --profile dev --port 9911 --token-file ~/.aws/awsso/serve.token --output json
  docker run --network host -e AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:9911/ \\
    -e AWS_CONTAINER_AUTHORIZATION_TOKEN=... amazon/aws-cli sts get-caller-identity")]
    Serve(ServeArgs),

    /// Open the AWS console signed in as a role (or print the sign-in URL with --print).
    ///
    /// Exchanges the role credentials for a console sign-in token at the partition's sign-in
    /// endpoint (AWS_ENDPOINT_URL_SIGNIN overrides it) and opens the login URL in the browser.
    /// The URL signs in whoever opens it for 15 minutes: it is printed only with --print (on
    /// stdout) and never logged. --shortcut uses the Identity Center portal's shortcut link
    /// instead, which needs no federation call and works with the console's multi-session mode.
    #[command(after_help = "Examples:
  awsso console --profile dev
  awsso console --profile dev --destination s3 --region eu-west-1
  awsso console --profile dev --duration 4h --print | pbcopy
  awsso console --profile dev --shortcut
  awsso console --profile prod --browser chrome --browser-profile 'Profile 1'
  awsso console --profile dev --container dev")]
    Console(ConsoleArgs),

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

    /// List every Identity Center assignment: who has which permission set in which account.
    ///
    /// Uses the admin APIs (sso-admin, identitystore, organizations) with ordinary AWS
    /// credentials from the default chain (--profile or AWS_PROFILE: static keys, assume-role,
    /// SSO or credential_process profiles), not an SSO login. Walks every account (or the given
    /// accounts and OUs), the permission sets provisioned to each, and their assignments;
    /// paced under Identity Center's throttling. CSV rows (aws-sso-util's columns) stream to
    /// stdout as they are found, in no particular order.
    #[command(after_help = "Examples:
  awsso assignments --profile org-admin > assignments.csv
  awsso assignments --group Admins --permission-set AdministratorAccess --output table
  awsso assignments --ou ou-ab12-cd34ef56 --ou-recursive --user '^alice@' --output json
  awsso assignments --account 123456789012 --no-lookup-names

Values of --user, --group, --permission-set and --account match an id exactly or are
regular expressions searched in the name (--account: exact 12-digit ids limit the walk to
those accounts; --permission-set: ps-… ids or ARNs limit it to those permission sets).
Needs sso:ListInstances, sso:ListPermissionSetsProvisionedToAccount,
sso:ListAccountAssignments, sso:DescribePermissionSet, identitystore:DescribeUser,
identitystore:DescribeGroup, organizations:ListAccounts, organizations:ListAccountsForParent,
organizations:ListOrganizationalUnitsForParent and organizations:DescribeAccount.")]
    Assignments(AssignmentsArgs),

    /// Show the login state of every SSO session in the config file and the token cache.
    ///
    /// One line per session or start URL: token expiry, whether it can be refreshed (and why
    /// not), and the cached role credentials. Exits with 0 when every configured session is
    /// logged in (valid or refreshable token), else 3.
    #[command(after_help = "Examples:
  awsso status
  awsso status --output json
  awsso status >/dev/null || awsso login --profile dev")]
    Status(StatusArgs),

    /// Log out: revoke the SSO token and delete it and awsso's cached role credentials.
    ///
    /// Calls sso:Logout (skipped when the token has already expired), then deletes the session's
    /// token cache file and awsso's cached role credentials for it. Client registrations and
    /// other tools' files are left alone.
    #[command(after_help = "Examples:
  awsso logout --profile dev
  awsso logout --sso-session my-sso
  awsso logout --all")]
    Logout(LogoutArgs),

    /// Find configuration problems that break SSO logins and credentials, with their fixes.
    ///
    /// Checks the config and credentials files (profiles that mix sso_* keys with
    /// credential_process, static keys that shadow profiles, unknown or inconsistent
    /// sso-sessions, missing keys, inline comments, duplicates, names SDKs ignore,
    /// non-refreshable setups, credential_process programs that are missing), and the token
    /// cache files (unreadable, corrupt, readable by others). Exits with 1 when an error is found.
    #[command(after_help = "Examples:
  awsso doctor
  awsso doctor --profile dev
  awsso doctor --output json")]
    Doctor(DoctorArgs),

    /// Print a shell completion script on stdout.
    ///
    /// Completes subcommands and flags, and the values of --profile, --sso-session,
    /// --target-profile (from the config and credentials files), --account-id and --role-name
    /// (from the config file and the roles used before). The script calls `awsso` (from PATH) at
    /// each TAB, so the names are always current; print it again after upgrading awsso.
    #[command(after_help = "Examples:
  echo 'source <(awsso completions bash)' >> ~/.bashrc
  echo 'source <(awsso completions zsh)' >> ~/.zshrc
  awsso completions fish > ~/.config/fish/completions/awsso.fish
  awsso completions powershell | Out-String | Invoke-Expression")]
    Completions(CompletionsArgs),

    /// Print the shell function that lets `awsso use` change the current shell (for your rc file).
    ///
    /// The function is the only shell code: `awsso use ...` runs the awsso program, which
    /// prints the assignments for this shell (values quoted so that nothing in them runs), and
    /// the function evaluates them. Every other `awsso` command line is passed to the program
    /// unchanged. --profile-only makes `use` set only AWS_PROFILE (and the region) by default.
    #[command(after_help = "Examples:
  eval \"$(awsso shell-init bash)\"                   # ~/.bashrc
  eval \"$(awsso shell-init zsh)\"                    # ~/.zshrc
  awsso shell-init fish | source                     # ~/.config/fish/config.fish
  awsso shell-init powershell | Out-String | Invoke-Expression    # $PROFILE
  eval \"$(awsso shell-init bash --profile-only)\"")]
    ShellInit(ShellInitArgs),

    /// Switch the current shell to an account and role: a profile, or any role you can reach.
    ///
    /// Needs the function from `awsso shell-init` (the program alone cannot change its shell).
    /// QUERY is a profile name, or part of a profile, account name, account id or role name;
    /// when it matches more than one (or is missing) a fuzzy picker opens on the terminal
    /// (recent choices first; arrows, Enter, Esc). Without QUERY, a `.awsso.toml` in this
    /// folder or a parent is used when there is one. Sets AWS_ACCESS_KEY_ID,
    /// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION (or, with
    /// --profile-only, AWS_PROFILE), the region variables when the region is known, and
    /// AWSSO_USE (what was chosen; read by `awsso prompt`). `awsso use -` goes back to the
    /// previous choice; `awsso use --clear` removes every variable `use` sets.
    #[command(after_help = "Examples:
  awsso use
  awsso use dev
  awsso use account-000
  awsso use -
  awsso use --profile-only prod
  awsso use --clear")]
    Use(UseArgs),

    /// Print the account and role `awsso use` chose in this shell and the minutes left.
    ///
    /// Made for shell prompts: reads only the environment (AWSSO_USE and
    /// AWS_CREDENTIAL_EXPIRATION), no files and no network. Prints nothing when `use` has not
    /// chosen anything; `(expired)` once the credentials have expired.
    #[command(after_help = "Examples:
  awsso prompt
  PS1='$(awsso prompt) '\"$PS1\"                       # bash, zsh (setopt PROMPT_SUBST)

Starship (~/.config/starship.toml):
  [custom.awsso]
  command = \"awsso prompt\"
  when = \"test -n \\\"$AWSSO_USE\\\"\"
  format = \"[$output]($style) \"")]
    Prompt(PromptArgs),
}

/// Which Identity Center instance (and token) to use.
#[derive(Debug, Clone, Default, Args)]
#[group(id = "target", multiple = true)]
pub(crate) struct TargetArgs {
    /// A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format
    /// (default: AWS_PROFILE, for commands that do not need an explicit target).
    #[arg(short, long, value_name = "PROFILE", conflicts_with_all = ["sso_session", "start_url"])]
    pub profile: Option<String>,

    /// An `[sso-session NAME]` section of the AWS config file.
    #[arg(long, value_name = "NAME", conflicts_with = "start_url")]
    pub sso_session: Option<String>,

    /// The Identity Center start URL (with --sso-region), without any config file.
    #[arg(long, value_name = "URL", requires = "sso_region", value_parser = Checked(parse_start_url))]
    pub start_url: Option<String>,

    /// The region of the Identity Center instance (with --start-url).
    #[arg(long, value_name = "REGION", requires = "start_url", value_parser = Checked(parse_region))]
    pub sso_region: Option<String>,
}

/// Which account and role to get credentials for.
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct RoleArgs {
    /// The AWS account ID (overrides the profile's sso_account_id).
    #[arg(long, value_name = "ID", conflicts_with = "role_arn", value_parser = Checked(parse_account_id))]
    pub account_id: Option<String>,

    /// The role (permission set) name (overrides the profile's sso_role_name).
    #[arg(long, value_name = "NAME", conflicts_with = "role_arn", value_parser = Checked(parse_role_name))]
    pub role_name: Option<String>,

    /// The role as an ARN: arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME.
    #[arg(short = 'r', long, value_name = "ARN")]
    pub role_arn: Option<String>,
}

/// `awsso login`.
#[derive(Debug, Clone, Args)]
pub(crate) struct LoginArgs {
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

    /// Give up when the login is not completed within this time. DURATION: 90s, 15m, 2h or 1d;
    /// a bare number is seconds.
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = Checked(parse_duration))]
    pub timeout: Duration,

    /// Listen for the browser's redirect on this fixed 127.0.0.1 port (default: a random one, or
    /// the profile's or sso-session's awsso_callback_port), so it can be forwarded over SSH:
    /// the browser flow then works with the browser on another machine, and the ssh -L command
    /// to run there is printed.
    #[arg(long, value_name = "PORT", value_parser = clap::value_parser!(u16).range(1..))]
    pub callback_port: Option<u16>,

    /// Sign in with your AWS console credentials (IAM user, root user or federated console
    /// session), as aws login does, and write login_session into the profile (created if
    /// missing). Not needed for a profile that already has login_session, or has no credential
    /// source at all (only region, say).
    #[arg(long, conflicts_with_all = ["sso_session", "start_url", "use_device_code"])]
    pub console_credentials: bool,

    /// For an aws login session: sign in with a browser on another device, then paste the
    /// code it shows (no local redirect).
    #[arg(long, conflicts_with_all = ["callback_port", "use_device_code"])]
    pub remote: bool,

    /// For an aws login session: the region to sign in to (default: AWS_REGION, else the
    /// profile's region); written into the profile when it has none.
    #[arg(long, value_name = "REGION", value_parser = Checked(parse_region))]
    pub region: Option<String>,
}

/// `awsso configure`.
#[derive(Debug, Clone, Args)]
pub(crate) struct ConfigureArgs {
    /// The AWS access portal URL of your Identity Center instance
    /// (https://ID.awsapps.com/start, or your custom domain).
    #[arg(long, value_name = "URL", value_parser = Checked(parse_start_url))]
    pub start_url: Option<String>,

    /// The region of the Identity Center instance (e.g. eu-west-1).
    #[arg(long, value_name = "REGION", value_parser = Checked(parse_region))]
    pub sso_region: Option<String>,

    /// The name of the `[sso-session NAME]` section to write.
    #[arg(long, value_name = "NAME")]
    pub session_name: Option<String>,

    /// Registration scopes, comma-separated (default: sso:account:access, which lets awsso
    /// refresh the token without a browser).
    #[arg(long, value_name = "SCOPES")]
    pub scopes: Option<String>,

    /// After the login, write this profile for --account-id and --role-name.
    #[arg(long, value_name = "PROFILE", requires_all = ["account_id", "role_name"], conflicts_with = "discover")]
    pub profile: Option<String>,

    /// The account of the profile written with --profile.
    #[arg(long, value_name = "ID", requires = "profile")]
    pub account_id: Option<String>,

    /// The role (permission set) of the profile written with --profile.
    #[arg(long, value_name = "NAME", requires = "profile")]
    pub role_name: Option<String>,

    /// `region =` in the profiles written (--profile or --discover).
    #[arg(long, value_name = "REGION", value_parser = Checked(parse_region))]
    pub region: Option<String>,

    /// After the login, write one profile per account and role (as `awsso discover`).
    #[arg(long)]
    pub discover: bool,

    /// Replace an existing `[sso-session NAME]` whose start URL or region differ.
    #[arg(long)]
    pub force: bool,

    /// Write the `[sso-session]` section only; do not log in.
    #[arg(long, conflicts_with_all = ["profile", "discover"])]
    pub no_login: bool,

    /// Use the device code flow (a code to confirm in any browser, on any machine).
    #[arg(long)]
    pub use_device_code: bool,

    /// Never open a browser; print the URL and code instead (implies the device code flow).
    #[arg(long)]
    pub no_browser: bool,

    /// Give up when the login is not completed within this time. DURATION: 90s, 15m, 2h or 1d;
    /// a bare number is seconds.
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = Checked(parse_duration))]
    pub timeout: Duration,
}

/// `awsso credential-process`.
#[derive(Debug, Clone, Args)]
pub(crate) struct CredentialProcessArgs {
    #[command(flatten)]
    pub target: TargetArgs,

    #[command(flatten)]
    pub role: RoleArgs,

    /// Log in (browser or device code) when no valid token is cached, instead of failing with
    /// exit code 3.
    #[arg(long)]
    pub login: bool,

    /// Serve cached credentials only while at least this much validity is left. DURATION: 90s, 15m, 2h or 1d; a
    /// bare number is seconds.
    #[arg(long, value_name = "DURATION", default_value = "15m", value_parser = Checked(parse_duration))]
    pub min_remaining: Duration,
}

/// Machine-readable or human output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputFormat {
    /// Lines for humans.
    #[default]
    Text,
    /// JSON for scripts.
    Json,
}

/// Parses `90s`, `15m`, `2h`, `1d` or a bare number of seconds, up to 100 years
/// ([`crate::ids::MAX_DURATION_SECS`]), so no later date arithmetic can overflow.
pub(crate) fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let shown = crate::ids::shown(text);
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let too_long = || format!("'{shown}' is too long: the limit is 100 years (36500d)");
    let n: u64 = match number.parse() {
        Ok(n) => n,
        Err(e) if *e.kind() == std::num::IntErrorKind::PosOverflow => return Err(too_long()),
        Err(_) => {
            return Err(format!(
                "'{shown}' is not a duration (examples: 90s, 15m, 2h)"
            ));
        }
    };
    let scale: u64 = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => {
            return Err(format!(
                "unknown unit '{}' in '{shown}' (use s, m, h or d)",
                crate::ids::shown(unit)
            ));
        }
    };
    match n.checked_mul(scale) {
        Some(secs) if secs <= crate::ids::MAX_DURATION_SECS => Ok(Duration::from_secs(secs)),
        _ => Err(too_long()),
    }
}

/// Parses a console session duration: 15m to 12h.
pub(crate) fn parse_console_duration(text: &str) -> Result<Duration, String> {
    let duration = parse_duration(text)?;
    crate::sso::console::validate_duration(duration).map_err(|e| e.to_string())?;
    Ok(duration)
}

/// The syntax `awsso env` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum EnvFormat {
    /// export NAME='value' for bash, zsh and other POSIX shells.
    Sh,
    /// set -gx NAME 'value' for fish.
    Fish,
    /// $Env:NAME = 'value' for PowerShell.
    Powershell,
    /// set "NAME=value" for cmd.exe (refuses values cmd.exe cannot take literally).
    Cmd,
    /// One JSON object of names and values (null with --unset).
    Json,
    /// NAME=value lines for .env files, unquoted (refuses values such files cannot hold).
    Dotenv,
}

/// `awsso env`.
#[derive(Debug, Clone, Args)]
pub(crate) struct EnvArgs {
    #[command(flatten)]
    pub target: TargetArgs,

    #[command(flatten)]
    pub role: RoleArgs,

    /// The syntax of the lines [default: powershell on Windows (sh in Git Bash and MSYS2, which
    /// set MSYSTEM), sh elsewhere].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<EnvFormat>,

    /// Also export AWS_REGION and AWS_DEFAULT_REGION with this value (default: the profile's region).
    #[arg(long, value_name = "REGION", value_parser = Checked(parse_region))]
    pub region: Option<String>,

    /// Print the lines that remove the variables instead (needs no login).
    #[arg(long, conflicts_with_all = ["profile", "sso_session", "start_url", "account_id", "role_name", "role_arn", "login", "region"])]
    pub unset: bool,

    /// Log in (browser or device code) when no valid token is cached, instead of failing with
    /// exit code 3.
    #[arg(long)]
    pub login: bool,

    /// Serve cached credentials only while at least this much validity is left. DURATION: 90s, 15m, 2h or 1d; a
    /// bare number is seconds.
    #[arg(long, value_name = "DURATION", default_value = "15m", value_parser = Checked(parse_duration))]
    pub min_remaining: Duration,
}

/// `awsso exec`.
#[derive(Debug, Clone, Args)]
pub(crate) struct ExecArgs {
    #[command(flatten)]
    pub target: TargetArgs,

    #[command(flatten)]
    pub role: RoleArgs,

    /// Set AWS_REGION and AWS_DEFAULT_REGION to this value (default: the profile's region).
    #[arg(long, value_name = "REGION", value_parser = Checked(parse_region))]
    pub region: Option<String>,

    /// Log in (browser or device code) when no valid token is cached, instead of failing with
    /// exit code 3.
    #[arg(long)]
    pub login: bool,

    /// Run even inside another `awsso exec` (AWSSO_PROFILE is set).
    #[arg(long)]
    pub force: bool,

    /// Serve cached credentials only while at least this much validity is left. DURATION: 90s, 15m, 2h or 1d; a
    /// bare number is seconds.
    #[arg(long, value_name = "DURATION", default_value = "15m", value_parser = Checked(parse_duration))]
    pub min_remaining: Duration,

    /// Instead of static keys, give the command a credentials endpoint on 127.0.0.1
    /// (AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN): SDKs fetch
    /// fresh credentials from it for as long as the command runs, past the role session's end.
    #[arg(long)]
    pub server: bool,

    /// The command and its arguments (after `--`).
    #[arg(
        value_name = "COMMAND",
        required = true,
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub command: Vec<std::ffi::OsString>,
}

/// `awsso serve`.
#[derive(Debug, Clone, Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub target: TargetArgs,

    #[command(flatten)]
    pub role: RoleArgs,

    /// The port to listen on (default: a free one).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub port: u16,

    /// The address to listen on. Anything but a loopback address exposes the endpoint to the
    /// network (the token still guards it).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,

    /// Also write the token to this file (0600, no trailing newline) and print
    /// AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE instead of the token.
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<std::path::PathBuf>,

    /// Set AWS_REGION and AWS_DEFAULT_REGION to this value (default: the profile's region).
    #[arg(long, value_name = "REGION", value_parser = Checked(parse_region))]
    pub region: Option<String>,

    /// Log in now if needed, and later start one login in the background when the session
    /// ends (requests get 503 until it completes).
    #[arg(long)]
    pub login: bool,

    /// The variables as shell lines (`export`; `$Env:` on Windows, as `awsso env`), or one JSON
    /// object.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text, value_name = "FORMAT")]
    pub output: OutputFormat,
}

/// `awsso console`.
#[derive(Debug, Clone, Args)]
pub(crate) struct ConsoleArgs {
    #[command(flatten)]
    pub target: TargetArgs,

    #[command(flatten)]
    pub role: RoleArgs,

    /// Print the sign-in URL on stdout instead of opening it (it is a secret for 15 minutes).
    #[arg(long)]
    pub print: bool,

    /// Where to land: a console URL (https://…) or a service name (s3, ec2, cloudformation…).
    #[arg(long, value_name = "URL|SERVICE")]
    pub destination: Option<String>,

    /// How long the console session lasts (15m to 12h).
    #[arg(long, value_name = "DURATION", default_value = "1h", value_parser = parse_console_duration)]
    pub duration: Duration,

    /// The console's region, which also picks the partition's sign-in endpoint (default: the
    /// profile's region).
    #[arg(long, value_name = "REGION", value_parser = Checked(parse_region))]
    pub region: Option<String>,

    /// Use the Identity Center portal's shortcut link instead of a federation sign-in.
    #[arg(long, conflicts_with = "duration")]
    pub shortcut: bool,

    /// Open the console in this browser instead of the default one.
    #[arg(long, value_enum, value_name = "BROWSER", conflicts_with = "print")]
    pub browser: Option<BrowserName>,

    /// The browser profile to open it in, so two accounts can be signed in side by side: a
    /// Chrome, Chromium, Edge or Brave profile folder (`Default`, `Profile 1`: see
    /// chrome://version) or a Firefox profile name (see about:profiles). Needs --browser (or
    /// --container).
    #[arg(long, value_name = "NAME", conflicts_with = "print")]
    pub browser_profile: Option<String>,

    /// Open it in this Firefox container (created if missing), through the "Open URL in
    /// Container" extension (its ext+container: links); implies --browser firefox.
    #[arg(long, value_name = "NAME", conflicts_with = "print")]
    pub container: Option<String>,

    /// Run the login flow when the token has expired, instead of failing with a hint.
    #[arg(long)]
    pub login: bool,
}

/// The browsers `awsso console --browser` can open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum BrowserName {
    /// Google Chrome.
    Chrome,
    /// Chromium.
    Chromium,
    /// Microsoft Edge.
    Edge,
    /// Brave.
    Brave,
    /// Mozilla Firefox.
    Firefox,
}

/// `awsso logout`.
#[derive(Debug, Clone, Args)]
pub(crate) struct LogoutArgs {
    #[command(flatten)]
    pub target: TargetArgs,

    /// Log out of every session found in the token cache folder.
    #[arg(long, conflicts_with_all = ["profile", "sso_session", "start_url"])]
    pub all: bool,
}

/// `awsso status`.
#[derive(Debug, Clone, Args)]
pub(crate) struct StatusArgs {
    /// Lines for humans or JSON for scripts.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text, value_name = "FORMAT")]
    pub output: OutputFormat,
}

/// `awsso doctor`.
#[derive(Debug, Clone, Args)]
pub(crate) struct DoctorArgs {
    /// Check only this profile (and its session's token) instead of every profile.
    #[arg(short, long, value_name = "PROFILE")]
    pub profile: Option<String>,

    /// Lines for humans or JSON for scripts.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text, value_name = "FORMAT")]
    pub output: OutputFormat,
}

/// `awsso completions`.
#[derive(Debug, Clone, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// The shells `awsso shell-init` and `awsso use` speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum UseShell {
    /// bash.
    Bash,
    /// zsh.
    Zsh,
    /// fish.
    Fish,
    /// PowerShell.
    Powershell,
}

/// `awsso shell-init`.
#[derive(Debug, Clone, Args)]
pub(crate) struct ShellInitArgs {
    /// The shell.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: UseShell,

    /// Make `awsso use` set only AWS_PROFILE (and the region), not credentials.
    #[arg(long)]
    pub profile_only: bool,
}

/// `awsso use`.
#[derive(Debug, Clone, Args)]
pub(crate) struct UseArgs {
    /// A profile name, or part of a profile, account name, account id or role name; `-` for
    /// the previous choice.
    #[arg(value_name = "QUERY", allow_hyphen_values = true)]
    pub query: Option<String>,

    /// Remove every variable `awsso use` sets.
    #[arg(long, conflicts_with_all = ["query", "region", "login"])]
    pub clear: bool,

    /// Set only AWS_PROFILE (and the region), not credentials; SDKs then get credentials
    /// through the profile. Roles without a profile still get credentials.
    #[arg(long)]
    pub profile_only: bool,

    /// Set credentials even with --profile-only (which the shell function may pass when it was
    /// set up with `awsso shell-init SHELL --profile-only`).
    #[arg(long)]
    pub credentials: bool,

    /// Set AWS_REGION and AWS_DEFAULT_REGION to this value (default: the profile's region, or
    /// the folder file's).
    #[arg(long, value_name = "REGION", value_parser = Checked(parse_region))]
    pub region: Option<String>,

    /// Log in (browser or device code) when no valid token is cached, instead of failing with
    /// exit code 3.
    #[arg(long)]
    pub login: bool,

    /// The shell to print code for (the function from `awsso shell-init` passes it).
    #[arg(long, value_enum, value_name = "SHELL")]
    pub shell: Option<UseShell>,
}

/// `awsso prompt`.
#[derive(Debug, Clone, Args)]
pub(crate) struct PromptArgs {}

/// Request pacing for commands that list the whole inventory.
#[derive(Debug, Clone, Args)]
pub(crate) struct PacingArgs {
    /// The most requests per second to Identity Center, shared by all requests (the pace
    /// starts there, and still slows down when throttled). Without it the pace adapts: it
    /// starts at 14/s and speeds up until the service throttles, then settles just under the
    /// service's limit.
    #[arg(long, value_name = "N", value_parser = Checked(parse_rate), help_heading = "Pacing")]
    pub rate: Option<f64>,

    /// Requests in flight at most.
    #[arg(long, value_name = "N", default_value_t = crate::sso::pacing::Pacing::DEFAULT_CONCURRENCY, value_parser = parse_concurrency,
          help_heading = "Pacing")]
    pub concurrency: usize,
}

/// How generated profiles get credentials.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub(crate) enum DiscoverMode {
    /// credential_process = awsso credential-process ... (works with every SDK and tool).
    #[default]
    Process,
    /// The SDKs' native sso_session, sso_account_id and sso_role_name keys.
    Native,
}

/// `awsso discover`.
#[derive(Debug, Clone, Args)]
pub(crate) struct DiscoverArgs {
    #[command(flatten)]
    pub target: TargetArgs,

    /// `region =` in generated profiles (default: the selected profile's region).
    #[arg(long, value_name = "REGION", value_parser = Checked(parse_region))]
    pub region: Option<String>,

    /// How the generated profiles get credentials.
    #[arg(long, value_enum, default_value_t = DiscoverMode::Process)]
    pub mode: DiscoverMode,

    /// Log in (browser or device code) when no valid token is cached, instead of failing with
    /// exit code 3. Also adds --login to the
    /// generated credential_process lines.
    #[arg(long)]
    pub login: bool,

    /// Profile names: {account_id}, {account_name}, {role_name}, {session}; sanitised to
    /// letters, digits and _ - / . % @ : +
    #[arg(long, value_name = "TEMPLATE", default_value = crate::profile::generate::DEFAULT_TEMPLATE)]
    pub name_template: String,

    /// Also take over profiles with a generated name that awsso did not write, and edit a
    /// config file that AWS tools already cannot read (lines botocore rejects).
    #[arg(long)]
    pub force: bool,

    /// Remove awsso's profiles of this session whose account or role is gone.
    #[arg(long)]
    pub prune: bool,

    /// Exit 1 when a role was skipped because its account id or name is not one AWS allows
    /// (the other profiles are still written; without --strict it is a warning).
    #[arg(long)]
    pub strict: bool,

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
pub(crate) enum ListFormat {
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
pub(crate) struct ListArgs {
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

    /// Log in (browser or device code) when no valid token is cached, instead of failing with
    /// exit code 3.
    #[arg(long)]
    pub login: bool,

    #[command(flatten)]
    pub pacing: PacingArgs,
}

/// Output formats of `awsso assignments`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub(crate) enum AssignmentsFormat {
    /// aws-sso-util's CSV columns with a header, quoted as RFC 4180, streamed as rows are found.
    #[default]
    Csv,
    /// One JSON array of objects with the same keys (printed at the end).
    Json,
    /// Aligned columns (printed at the end).
    Table,
}

/// `awsso assignments`.
#[derive(Debug, Clone, Args)]
pub(crate) struct AssignmentsArgs {
    /// The AWS profile whose credentials to use (default: AWS_PROFILE, then the default chain).
    #[arg(short, long, value_name = "PROFILE")]
    pub profile: Option<String>,

    /// The region of the Identity Center instance (default: AWS_REGION, then the profile's).
    #[arg(long, value_name = "REGION", value_parser = Checked(parse_region))]
    pub region: Option<String>,

    /// The Identity Center instance (default: looked up with ListInstances).
    #[arg(long, visible_alias = "ins", value_name = "ARN")]
    pub instance_arn: Option<String>,

    /// The identity store (default: looked up with ListInstances).
    #[arg(long, visible_alias = "id-store", value_name = "ID")]
    pub identity_store_id: Option<String>,

    /// Only groups with this id, or whose display name matches this regex (repeatable).
    #[arg(short, long, value_name = "ID|NAME_REGEX")]
    pub group: Vec<String>,

    /// Only users with this id, or whose user name matches this regex (repeatable).
    #[arg(short, long, value_name = "ID|NAME_REGEX")]
    pub user: Vec<String>,

    /// Only this permission set: ARN, ps-… id, or a regex on its name (repeatable).
    #[arg(short = 's', long, value_name = "ARN|ps-ID|NAME_REGEX")]
    pub permission_set: Vec<String>,

    /// Only this account: 12-digit id, or a regex on its name (repeatable).
    #[arg(short, long, value_name = "ID|NAME_REGEX")]
    pub account: Vec<String>,

    /// Only the accounts in this OU or root (ou-…, r-…; repeatable).
    #[arg(long, value_name = "OU_ID")]
    pub ou: Vec<String>,

    /// With --ou: include the accounts of child OUs, recursively.
    #[arg(long, requires = "ou")]
    pub ou_recursive: bool,

    /// Do not look up user, group, permission set and account names (fewer calls; names that
    /// a listing returns anyway, or that a name filter needs, are still shown).
    #[arg(long)]
    pub no_lookup_names: bool,

    /// Output format.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = AssignmentsFormat::Csv)]
    pub output: AssignmentsFormat,

    #[command(flatten)]
    pub pacing: PacingArgs,
}

/// `awsso write-default`.
#[derive(Debug, Clone, Args)]
pub(crate) struct WriteDefaultArgs {
    #[command(flatten)]
    pub target: TargetArgs,

    #[command(flatten)]
    pub role: RoleArgs,

    /// The section of the credentials file to write.
    #[arg(long, value_name = "NAME", default_value = "default")]
    pub target_profile: String,

    /// Log in (browser or device code) when no valid token is cached, instead of failing with
    /// exit code 3.
    #[arg(long)]
    pub login: bool,

    /// Serve cached credentials only while at least this much validity is left. DURATION: 90s, 15m, 2h or 1d; a
    /// bare number is seconds.
    #[arg(long, value_name = "DURATION", default_value = "15m", value_parser = Checked(parse_duration))]
    pub min_remaining: Duration,

    /// Edit a credentials file that AWS tools already cannot read (lines botocore rejects).
    #[arg(long)]
    pub force: bool,
}

/// The slowest pace `--rate` accepts: one request every 1000 seconds.
pub(crate) const MIN_RATE: f64 = 0.001;

/// Parses a finite number of requests per second from [`MIN_RATE`] to 1000 (so the pause
/// between requests, `1 / rate` seconds, always fits a `Duration`).
pub(crate) fn parse_rate(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(r) if r.is_finite() && (MIN_RATE..=1000.0).contains(&r) => Ok(r),
        _ => Err(format!(
            "'{}' is not a rate: use a number of requests per second from 0.001 to 1000 (e.g. 10 or 2.5)",
            crate::ids::shown(text)
        )),
    }
}

/// Parses a number of requests in flight, 1 to 64.
pub(crate) fn parse_concurrency(text: &str) -> Result<usize, String> {
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
    fn the_credential_process_shortcut_parses_like_the_full_parser() {
        let lines = [
            "awsso credential-process --profile dev",
            "awsso credential-process --sso-session s --account-id 123456789012 --role-name R -v",
            "awsso credential-process -p dev -r arn:aws:iam::123456789012:role/R --login --min-remaining 30m",
            "awsso credential-process --start-url https://x/start --sso-region eu-west-1 -q",
            "awsso credential-process --profile dev -vv",
        ];
        for line in lines {
            let args: Vec<std::ffi::OsString> = line.split(' ').map(Into::into).collect();
            let fast = parse_credential_process(&args[1..]).expect("the shortcut accepts it");
            let full = Cli::try_parse_from(&args).unwrap();
            assert_eq!(format!("{fast:?}"), format!("{full:?}"), "{line}");
        }
        // What the shortcut rejects falls through to the full parser and its messages.
        for line in [
            "awsso credential-process --help",
            "awsso credential-process --profile",
            "awsso credential-process --profile a --sso-session b",
        ] {
            let args: Vec<std::ffi::OsString> = line.split(' ').map(Into::into).collect();
            assert!(parse_credential_process(&args[1..]).is_none(), "{line}");
            assert!(parse_from(args).is_err(), "{line}");
        }
    }

    #[test]
    fn examples_come_back_unwrapped_at_any_width() {
        let raw = "  credential_process = awsso credential-process --sso-session my-sso --account-id 123456789012 --role-name Admin";
        for width in [30, 80, 100] {
            let mut cmd = Cli::command().term_width(width);
            cmd.build();
            let sub = cmd
                .find_subcommand_mut("credential-process")
                .expect("the subcommand exists");
            let wrapped = sub.render_long_help().to_string();
            assert!(
                !wrapped.lines().any(|l| l == raw),
                "clap wraps it at {width}"
            );
            let fixed = unwrap_examples(&wrapped);
            assert!(fixed.lines().any(|l| l == raw), "{fixed}");
            assert!(fixed.ends_with('\n'));
            // Everything before the examples is clap's text, untouched.
            let head = &wrapped[..wrapped.find("Example (").expect("examples")];
            assert!(fixed.starts_with(head));
        }
        assert_eq!(unwrap_examples("no examples here\n"), "no examples here\n");
    }

    #[test]
    fn clap_definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(
            parse_duration("36500d"),
            Ok(Duration::from_secs(36_500 * 86_400))
        );
        assert!(parse_duration("5x").is_err());
        assert!(parse_duration("").is_err());
    }

    #[test]
    fn huge_durations_are_refused_not_overflowed() {
        for text in [
            "5000000000000d",
            "36501d",
            "99999999999999999999999s",
            "213503982334601d",
        ] {
            let e = parse_duration(text).unwrap_err();
            assert!(e.contains("limit is 100 years"), "{text}: {e}");
        }
    }

    #[test]
    fn rates_keep_the_pause_representable() {
        for text in ["1e-20", "0", "-1", "NaN", "inf", "1e300", "0.0009"] {
            assert!(parse_rate(text).is_err(), "{text}");
        }
        assert_eq!(parse_rate("0.001"), Ok(0.001));
        assert_eq!(parse_rate("2.5"), Ok(2.5));
    }

    #[test]
    fn account_and_role_flags_are_checked_when_parsing() {
        let long = format!(
            "awsso env --sso-session s --account-id 123456789012 --role-name {}",
            "r".repeat(70_000)
        );
        let args: Vec<std::ffi::OsString> = long.split(' ').map(Into::into).collect();
        let e = parse_from(args).unwrap_err();
        assert_eq!(e.kind(), clap::error::ErrorKind::ValueValidation);
        let args: Vec<std::ffi::OsString> =
            "awsso env --sso-session s --account-id 12 --role-name R"
                .split(' ')
                .map(Into::into)
                .collect();
        assert!(parse_from(args).is_err());
    }
}

/// A clap value parser from a checking function whose error message is the whole message:
/// unlike clap's own (`invalid value '…' for '--x'`), it never echoes the raw value, which
/// may be 70,000 characters or hold terminal escapes.
#[derive(Clone, Copy)]
pub(crate) struct Checked<T>(pub fn(&str) -> Result<T, String>);

impl<T: Clone + Send + Sync + 'static> clap::builder::TypedValueParser for Checked<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        let flag = arg.map_or_else(|| "the value".to_owned(), |a| format!("--{}", a.get_id()));
        let fail = |message: String| {
            clap::Error::raw(
                clap::error::ErrorKind::ValueValidation,
                format!("{flag}: {message}\n"),
            )
            .with_cmd(cmd)
        };
        let text = value
            .to_str()
            .ok_or_else(|| fail("the value is not valid UTF-8".to_owned()))?;
        (self.0)(text).map_err(fail)
    }
}

/// Value parser for `--account-id`.
pub(crate) fn parse_account_id(text: &str) -> Result<String, String> {
    crate::ids::check_account_id(text)
        .map(|()| text.to_owned())
        .map_err(|e| e.to_string())
}

/// Value parser for `--region` and `--sso-region`: a region name ([`crate::ids::check_region`]).
pub(crate) fn parse_region(text: &str) -> Result<String, String> {
    crate::ids::check_region(text)
        .map(|()| text.to_owned())
        .map_err(|e| e.to_string())
}

/// Value parser for `--start-url`: https, or http on loopback ([`crate::ids::check_start_url`]).
pub(crate) fn parse_start_url(text: &str) -> Result<String, String> {
    crate::ids::check_start_url(text)
        .map(|()| text.to_owned())
        .map_err(|e| e.to_string())
}

/// Value parser for `--role-name`.
pub(crate) fn parse_role_name(text: &str) -> Result<String, String> {
    crate::ids::check_role_name(text)
        .map(|()| text.to_owned())
        .map_err(|e| e.to_string())
}
