//! Exit codes, the mapping from errors to them, and every hint: the core's errors carry facts
//! (which instance, which call, which permission), and this module turns them into the fix in
//! the command line's words (`run \`awsso login --profile dev\``). Login commands are rendered
//! here only ([`login_command`]).
//!
//! Pure. Documented in `awsso --help` and the README:
//!
//! | code | meaning |
//! |------|---------|
//! | 0 | success |
//! | 1 | any other error |
//! | 2 | usage error (bad flags, nothing selected) |
//! | 3 | login required (no, expired or corrupt token) |
//! | 4 | configuration error (profile, sso-session, config file) |
//! | 5 | AWS service or network error |

use crate::admin::AdminError;
use crate::cli::child::ChildError;
use crate::cli::exports::ExportError;
use crate::error::{LoginRequiredReason, NetworkErrorKind};
use crate::fsutil::FileError;
use crate::profile::{ProfileError, WriteError};
use crate::sso::SsoError;
use crate::sso::client::{ApiError, ApiErrorKind, NetworkFailure};
use crate::sso::target::{Target, TargetError};

/// Any other error.
pub(crate) const EXIT_FAILURE: u8 = 1;
/// Bad flags (clap's own code).
pub(crate) const EXIT_USAGE: u8 = 2;
/// Log in first.
pub(crate) const EXIT_LOGIN_REQUIRED: u8 = 3;
/// The configuration is wrong.
pub(crate) const EXIT_CONFIG: u8 = 4;
/// The service or the network failed.
pub(crate) const EXIT_SERVICE: u8 = 5;

/// A command line that cannot work as given (exit 2), with the fix. For mistakes clap cannot
/// see, such as a selection that is missing only because of how it was meant to arrive.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub(crate) struct UsageError {
    /// What is wrong.
    pub message: String,
    /// The fix.
    pub hint: String,
}

/// The fix for a request that got no answer.
fn network_hint(failure: &NetworkFailure) -> String {
    let host = &failure.host;
    match failure.kind {
        NetworkErrorKind::Resolve => format!(
            "check that you are online and that DNS works (try `nslookup {host}`); a wrong sso_region also names a host that does not exist"
        ),
        NetworkErrorKind::Connect => format!(
            "check that you are online and that a firewall or VPN lets HTTPS to {host} through; behind a proxy, set HTTPS_PROXY"
        ),
        NetworkErrorKind::Tls if failure.detail.contains("InvalidContentType") => format!(
            "{host} does not answer in TLS: check the endpoint URL (https:// for a plain-HTTP server?)"
        ),
        NetworkErrorKind::Tls => "if a proxy or firewall inspects TLS, set AWS_CA_BUNDLE to a PEM file of its CA certificate".to_owned(),
        NetworkErrorKind::Proxy => "check HTTPS_PROXY (and NO_PROXY): the proxy must allow CONNECT to the Identity Center hosts".to_owned(),
        NetworkErrorKind::Timeout => "check your network connection, then try again (AWSSO_NETWORK_TIMEOUT=SECONDS gives the command's requests more time)".to_owned(),
        NetworkErrorKind::Other => "check your network connection, then try again (-v shows more)".to_owned(),
    }
}

/// The [`FileError`] behind `error`, if one is in its chain (inside an `io::Error` too).
fn file_error_in<'a>(error: &'a (dyn std::error::Error + 'static)) -> Option<&'a FileError> {
    let mut at: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = at {
        if let Some(f) = e.downcast_ref::<FileError>() {
            return Some(f);
        }
        if let Some(f) = e
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .and_then(|inner| inner.downcast_ref::<FileError>())
        {
            return Some(f);
        }
        at = e.source();
    }
    None
}

/// The fix for a file awsso could not write: the file's own (already in the message) or, when
/// this user may not write there, the command that gives them access.
fn file_hint(path: &std::path::Path, source: &std::io::Error) -> Option<String> {
    if source.get_ref().is_some_and(|e| e.is::<FileError>()) {
        return None; // the message names the fix
    }
    let dir = path.parent().unwrap_or(path);
    match source.kind() {
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            Some(format!(
                "make {} writable for you ({}), then run the command again",
                dir.display(),
                crate::platform::fix::make_private(dir, true, crate::platform::Os::HERE)
            ))
        }
        _ => None,
    }
}

/// The selection flags that name `target` again, e.g. `--profile dev`.
pub(crate) fn selection_flags(target: &Target) -> String {
    match target {
        Target::Profile(p) => format!("--profile {}", shell_word(p)),
        Target::Session(s) => format!("--sso-session {}", shell_word(s)),
        Target::StartUrl { url, region } => format!(
            "--start-url {} --sso-region {}",
            shell_word(url),
            shell_word(region)
        ),
    }
}

/// The command that logs in to `target`: the one place login commands are written.
pub(crate) fn login_command(target: &Target) -> String {
    format!("awsso login {}", selection_flags(target))
}

fn shell_word(s: &str) -> String {
    shlex::try_quote(s).map_or_else(|_| s.to_owned(), |q| q.into_owned())
}

// The fixes of the core's errors. They are inherent methods defined here, with the vocabulary
// they use, so the core keeps facts only and callers still write `e.hint()`.

impl SsoError {
    /// The command or action that fixes the error, if there is one.
    pub(crate) fn hint(&self) -> Option<String> {
        match self {
            // A cache file awsso may not replace (a folder, a FIFO, another user's): `--force`
            // would fail the same way, so the fix is the file's own.
            SsoError::LoginRequired(login)
                if login.reason == LoginRequiredReason::CorruptCache
                    && file_error_in(self).is_some() =>
            {
                file_error_in(self).map(|e| {
                    format!(
                        "{}, then run `{}`",
                        e.fix(),
                        login_command(&login.selection())
                    )
                })
            }
            SsoError::LoginRequired(login) if login.reason == LoginRequiredReason::CorruptCache => {
                Some(format!(
                    "run `{} --force` to replace the cached token",
                    login_command(&login.selection())
                ))
            }
            SsoError::LoginRequired(login)
                if login.reason == LoginRequiredReason::InsufficientPermissions =>
            {
                Some(format!(
                    "attach the SignInLocalDevelopmentAccess managed policy (signin:CreateOAuth2Token) to the principal, then run `{}`",
                    login_command(&login.selection())
                ))
            }
            SsoError::Io { path, source } => file_hint(path, source),
            SsoError::LoginRequired(login) => {
                Some(format!("run `{}`", login_command(&login.selection())))
            }
            SsoError::NoAccess { selection, .. } => Some(format!(
                "run `awsso list {}` to see the accounts and roles you can use",
                selection_flags(selection)
            )),
            SsoError::LoginTimeout(_) | SsoError::LoginDenied | SsoError::DeviceCodeExpired => {
                Some("run the login again and approve it in the browser".to_owned())
            }
            SsoError::Api(e) if e.is_proxy() => e.proxy_hint(),
            SsoError::Api(e) if e.kind == ApiErrorKind::Config => Some(
                "fix or unset the setting named above (AWS_CA_BUNDLE must name a PEM file of CA \
                 certificates; AWSSO_NETWORK_TIMEOUT is a number of seconds)"
                    .to_owned(),
            ),
            SsoError::Api(e) if e.network.is_some() => e.network.as_deref().map(network_hint),
            SsoError::Api(e) if e.is_transient() => Some("try again in a moment".to_owned()),
            SsoError::Target(e) => e.hint(),
            SsoError::CallbackPortInUse(_) => Some(
                "stop the program using it (another login?), or choose another port with --callback-port or awsso_callback_port".to_owned(),
            ),
            _ => None,
        }
    }
}

impl ApiError {
    /// What to do about a proxy failure.
    fn proxy_hint(&self) -> Option<String> {
        match self.kind {
            ApiErrorKind::ProxyConfig => Some(
                "fix or unset the variable; proxy URLs look like http://[USER:PASSWORD@]HOST:PORT"
                    .to_owned(),
            ),
            ApiErrorKind::ProxyUnreachable => Some(
                "check the proxy address, or list the endpoint's host in NO_PROXY to connect \
                 directly (`awsso doctor` shows the proxy settings in effect)"
                    .to_owned(),
            ),
            ApiErrorKind::ProxyAuth => Some(
                "put the proxy credentials in the URL: HTTPS_PROXY=http://USER:PASSWORD@HOST:PORT \
                 (percent-encode special characters, e.g. @ as %40)"
                    .to_owned(),
            ),
            _ => None,
        }
    }
}

impl TargetError {
    /// The command or flags that fix it.
    pub(crate) fn hint(&self) -> Option<String> {
        match self {
            TargetError::NothingSelected => Some(
                "pass --profile NAME, --sso-session NAME, or --start-url URL --sso-region REGION".to_owned(),
            ),
            TargetError::UnknownProfile { name, .. } => Some(format!(
                "run `awsso configure` to write an [sso-session] and a profile, add them by hand (example: `awsso login --help`), or pass --sso-session / --start-url; to sign in with AWS console credentials instead (aws login): awsso login --profile {} --console-credentials",
                crate::escape::for_terminal(&shell_word(name))
            )),
            TargetError::NotSso { .. } => Some(
                "run `awsso configure` to write an [sso-session] and a profile, add them by hand (example: `awsso login --help`), or pass --sso-session / --start-url".to_owned(),
            ),
            TargetError::UnknownSession { name, .. } => Some(format!(
                "add a section [sso-session {name}] with the lines 'sso_start_url = https://YOUR-ID.awsapps.com/start' and 'sso_region = us-east-1'"
            )),
            TargetError::NoRole { .. } => Some(
                "pass --account-id ID --role-name NAME or --role-arn arn:aws:iam::ID:role/NAME (see `awsso list`)".to_owned(),
            ),
            TargetError::BadRoleArn { .. }
            | TargetError::BadId(_)
            | TargetError::Invalid { .. } => None,
            TargetError::MissingKey { key, .. } => Some(format!("add '{key} = ...' to that section")),
            TargetError::Inconsistent { key, .. } => Some(format!(
                "remove {key} from the profile (the [sso-session] section is enough)"
            )),
        }
    }

    /// The message: the core's, with the flag that named a missing session (the core does not
    /// know flags).
    fn message(&self) -> String {
        match self {
            TargetError::UnknownSession { location: None, .. } => format!("--sso-session: {self}"),
            _ => self.to_string(),
        }
    }
}

impl AdminError {
    /// The fix, when one is known.
    pub(crate) fn hint(&self) -> Option<String> {
        match self {
            AdminError::AccessDenied { permission, .. } => Some(format!(
                "grant {permission} to the credentials in use (an Identity Center administrator \
                 or delegated administrator, in the organization's management or delegated \
                 account), or use --profile with such credentials"
            )),
            AdminError::NoInstance { .. } => Some(
                "use the region Identity Center is enabled in (--region), or pass --instance-arn \
                 and --identity-store-id"
                    .to_owned(),
            ),
            AdminError::NoOrganization { .. } => Some(
                "use credentials of the organization's management account or of a delegated \
                 administrator account"
                    .to_owned(),
            ),
            AdminError::Credentials { .. } => Some(
                "check the credentials of the profile in use (--profile, AWS_PROFILE, or \
                 AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY); refresh expired ones (for an SSO \
                 profile: awsso login --profile NAME)"
                    .to_owned(),
            ),
            AdminError::NoRegion => {
                Some("pass --region, set AWS_REGION, or set region in the profile".to_owned())
            }
            _ => None,
        }
    }
}

impl WriteError {
    /// The action that fixes the error, if there is one.
    fn hint(&self) -> Option<String> {
        match self {
            WriteError::Unfaithful {
                forceable: true, ..
            } => Some(
                "AWS tools cannot read this file as it is: fix that line, or pass --force to edit the rest anyway"
                    .to_owned(),
            ),
            WriteError::Unfaithful { .. } => Some(
                "fix that line by hand (plain spaces, LF or CRLF line endings, 'key = value'), then run the command again"
                    .to_owned(),
            ),
            _ => None,
        }
    }
}

/// How `main` reports an error.
#[derive(Debug)]
pub(crate) struct Report {
    /// The top message.
    pub message: String,
    /// Its causes, outermost first.
    pub causes: Vec<String>,
    /// The fix, if known.
    pub hint: Option<String>,
    /// The exit code.
    pub code: u8,
}

/// Nothing selected is a usage mistake (exit 2); every other selection error is in the files.
fn target_code(e: &TargetError) -> u8 {
    match e {
        TargetError::NothingSelected => EXIT_USAGE,
        _ => EXIT_CONFIG,
    }
}

/// `awsso assignments`: a bad region is configuration, a malformed id is usage, the rest is
/// the service's answer.
fn admin_exit_code(e: &AdminError) -> u8 {
    match e {
        AdminError::NoRegion => EXIT_CONFIG,
        AdminError::InvalidQuery(_) => EXIT_USAGE,
        _ => EXIT_SERVICE,
    }
}

/// Classifies an error chain.
pub(crate) fn report(err: &anyhow::Error) -> Report {
    let mut hint = None;
    let mut code = EXIT_FAILURE;
    // A mistake in the selection or the files reads the same whichever command met it: it
    // becomes the message, without the command's "login failed" wrapper.
    let mut mistake: Option<usize> = None;
    for (depth, cause) in err.chain().enumerate() {
        if let Some(e) = cause.downcast_ref::<UsageError>() {
            hint = Some(e.hint.clone());
            code = EXIT_USAGE;
            mistake = Some(depth);
            break;
        }
        if let Some(SsoError::Api(api)) = cause.downcast_ref::<SsoError>()
            && let Some(net) = &api.network
        {
            hint = Some(network_hint(net));
            code = EXIT_SERVICE;
            break;
        }
        if let Some(net) = cause
            .downcast_ref::<ApiError>()
            .and_then(|a| a.network.as_ref())
        {
            hint = Some(network_hint(net));
            code = EXIT_SERVICE;
            break;
        }
        if let Some(e) = cause.downcast_ref::<SsoError>() {
            if matches!(e, SsoError::Profiles(_)) {
                // The planner's own error (a template, an unfaithful file) is further down.
                continue;
            }
            hint = hint.or_else(|| e.hint());
            code = match e {
                _ if e.is_login_required() => EXIT_LOGIN_REQUIRED,
                SsoError::Target(t) => {
                    mistake = Some(depth);
                    target_code(t)
                }
                SsoError::Config(_) | SsoError::NoHome(_) => EXIT_CONFIG,
                SsoError::Api(a) if a.kind == ApiErrorKind::Config => EXIT_CONFIG,
                SsoError::Api(_) | SsoError::NoAccess { .. } => EXIT_SERVICE,
                _ => EXIT_FAILURE,
            };
            break;
        }
        // The library's error: only `assignments` meets it (admin::list_assignments).
        if let Some(e) = cause.downcast_ref::<crate::Error>() {
            code = match e {
                crate::Error::Admin(e) => {
                    hint = hint.or_else(|| e.hint());
                    admin_exit_code(e)
                }
                _ if e.is_login_required() => EXIT_LOGIN_REQUIRED,
                crate::Error::Config(_) => EXIT_CONFIG,
                crate::Error::Service(_) | crate::Error::NoAccess { .. } => EXIT_SERVICE,
                _ => EXIT_FAILURE,
            };
            break;
        }
        if let Some(e) = cause.downcast_ref::<AdminError>() {
            hint = hint.or_else(|| e.hint());
            code = admin_exit_code(e);
            break;
        }
        if let Some(e) = cause.downcast_ref::<TargetError>() {
            hint = hint.or_else(|| e.hint());
            code = target_code(e);
            mistake = Some(depth);
            break;
        }
        if cause.downcast_ref::<crate::paths::NoHome>().is_some() {
            code = EXIT_CONFIG;
            break;
        }
        if cause.downcast_ref::<ProfileError>().is_some() {
            code = EXIT_CONFIG;
            mistake = Some(depth);
            break;
        }
        if let Some(e) = cause.downcast_ref::<ChildError>() {
            hint = hint.or_else(|| e.hint());
            code = e.exit_code();
            break;
        }
        if let Some(e) = cause.downcast_ref::<WriteError>() {
            hint = hint.or_else(|| e.hint());
            if matches!(e, WriteError::Unfaithful { .. }) {
                code = EXIT_CONFIG;
            }
            break;
        }
        if let Some(e) = cause.downcast_ref::<ExportError>() {
            hint = hint.or_else(|| e.hint());
            break;
        }
    }
    let mut chain = err.chain().skip(mistake.unwrap_or(0)).map(|cause| {
        match cause
            .downcast_ref::<TargetError>()
            .or_else(|| match cause.downcast_ref() {
                Some(SsoError::Target(t)) => Some(&**t),
                _ => None,
            }) {
            Some(t) => t.message(),
            // "File exists (os error 17)" alone says neither where nor what it means.
            None => match cause.downcast_ref::<std::io::Error>() {
                Some(io) => crate::fsutil::describe_os_error(io),
                None => cause.to_string(),
            },
        }
    });
    let message = chain.next().unwrap_or_default();
    // Transparent wrappers repeat their source's message; show each text once.
    let mut causes: Vec<String> = Vec::new();
    for c in chain {
        if c != message && causes.last() != Some(&c) {
            causes.push(c);
        }
    }
    Report {
        message,
        causes,
        hint,
        code,
    }
}
