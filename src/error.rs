//! Exit codes and the mapping from errors to them.
//!
//! Pure. Documented in `awsso --help` and the README:
//!
//! | code | meaning |
//! |------|---------|
//! | 0 | success |
//! | 1 | any other error |
//! | 2 | usage error (bad flags) |
//! | 3 | login required (no, expired or corrupt token) |
//! | 4 | configuration error (profile, sso-session, config file) |
//! | 5 | AWS service or network error |

use crate::admin::AdminError;
use crate::child::ChildError;
use crate::exports::ExportError;
use crate::profile::ProfileError;
use crate::sso::SsoError;
use crate::sso::target::TargetError;

/// Any other error.
pub const EXIT_FAILURE: u8 = 1;
/// Bad flags (clap's own code).
pub const EXIT_USAGE: u8 = 2;
/// Log in first.
pub const EXIT_LOGIN_REQUIRED: u8 = 3;
/// The configuration is wrong.
pub const EXIT_CONFIG: u8 = 4;
/// The service or the network failed.
pub const EXIT_SERVICE: u8 = 5;

/// How `main` reports an error.
#[derive(Debug)]
pub struct Report {
    /// The top message.
    pub message: String,
    /// Its causes, outermost first.
    pub causes: Vec<String>,
    /// The fix, if known.
    pub hint: Option<String>,
    /// The exit code.
    pub code: u8,
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
pub fn report(err: &anyhow::Error) -> Report {
    let mut hint = None;
    let mut code = EXIT_FAILURE;
    for cause in err.chain() {
        if let Some(e) = cause.downcast_ref::<SsoError>() {
            hint = hint.or_else(|| e.hint());
            code = match e {
                _ if e.is_login_required() => EXIT_LOGIN_REQUIRED,
                SsoError::Target(_) | SsoError::Config(_) | SsoError::NoHome(_) => EXIT_CONFIG,
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
            code = EXIT_CONFIG;
            break;
        }
        if cause.downcast_ref::<ProfileError>().is_some() {
            code = EXIT_CONFIG;
            break;
        }
        if let Some(e) = cause.downcast_ref::<ChildError>() {
            hint = hint.or_else(|| e.hint());
            code = e.exit_code();
            break;
        }
        if let Some(e) = cause.downcast_ref::<ExportError>() {
            hint = hint.or_else(|| e.hint());
            break;
        }
    }
    let mut chain = err.chain().map(ToString::to_string);
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
