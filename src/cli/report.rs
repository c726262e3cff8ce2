//! Exit codes and the mapping from errors to them.
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
use crate::profile::ProfileError;
use crate::sso::SsoError;
use crate::sso::client::{ApiError, NetworkFailure, NetworkFailureKind};
use crate::sso::target::TargetError;

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
        NetworkFailureKind::Resolve => format!(
            "check that you are online and that DNS works (try `nslookup {host}`); a wrong sso_region also names a host that does not exist"
        ),
        NetworkFailureKind::Connect => format!(
            "check that you are online and that a firewall or VPN lets HTTPS to {host} through; behind a proxy, set HTTPS_PROXY"
        ),
        NetworkFailureKind::Tls if failure.detail.contains("InvalidContentType") => format!(
            "{host} does not answer in TLS: check the endpoint URL (https:// for a plain-HTTP server?)"
        ),
        NetworkFailureKind::Tls => "if a proxy or firewall inspects TLS, set AWS_CA_BUNDLE to a PEM file of its CA certificate".to_owned(),
        NetworkFailureKind::Proxy => "check HTTPS_PROXY (and NO_PROXY): the proxy must allow CONNECT to the Identity Center hosts".to_owned(),
        NetworkFailureKind::Timeout => "check your network connection, then try again".to_owned(),
        NetworkFailureKind::Other => "check your network connection, then try again (-v shows more)".to_owned(),
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
                SsoError::Api(_) | SsoError::NoAccess { .. } => EXIT_SERVICE,
                SsoError::Admin(e) => admin_exit_code(e),
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
        if let Some(e) = cause.downcast_ref::<crate::profile::WriteError>() {
            hint = hint.or_else(|| e.hint());
            if matches!(e, crate::profile::WriteError::Unfaithful { .. }) {
                code = EXIT_CONFIG;
            }
            break;
        }
        if let Some(e) = cause.downcast_ref::<ExportError>() {
            hint = hint.or_else(|| e.hint());
            break;
        }
    }
    let mut chain = err
        .chain()
        .skip(mistake.unwrap_or(0))
        .map(ToString::to_string);
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
