//! Why an assignment listing failed. Pure.
//!
//! The variants carry facts (the call, the missing IAM permission, the region); the `awsso` CLI
//! gives each its hint.

/// A failed assignment listing.
///
/// ```
/// # fn show(e: &awsso::Error) {
/// if let awsso::Error::Admin(admin) = e {
///     if let awsso::admin::AdminError::AccessDenied { permission, .. } = &**admin {
///         eprintln!("the credentials need {permission}");
///     }
/// }
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AdminError {
    /// The caller is not allowed to make a call.
    #[error(
        "{call} was denied: the credentials lack {permission}{}",
        detail(message)
    )]
    AccessDenied {
        /// The call and its subject, e.g. `ListAccountAssignments for account 123456789012`.
        call: String,
        /// The IAM action that is missing, e.g. `sso:ListAccountAssignments`.
        permission: &'static str,
        /// The service's message.
        message: String,
    },
    /// `ListInstances` found no Identity Center instance.
    #[error("no IAM Identity Center instance is visible in region {region}")]
    NoInstance {
        /// The region asked.
        region: String,
    },
    /// The credentials' account does not belong to an organization.
    #[error(
        "{call} failed: the account is not a member of an organization{}",
        detail(message)
    )]
    NoOrganization {
        /// The call.
        call: String,
        /// The service's message.
        message: String,
    },
    /// The service refused the credentials, or there are none.
    #[error("{call} failed: the AWS credentials were refused or could not be loaded: {message}")]
    Credentials {
        /// The call.
        call: String,
        /// What went wrong.
        message: String,
    },
    /// Something the query names (instance, account, OU, permission set) does not exist.
    #[error("{call} failed: not found{}", detail(message))]
    NotFound {
        /// The call and its subject, e.g. `DescribeAccount for account 123456789012`.
        call: String,
        /// The service's message, which names what is missing.
        message: String,
    },
    /// A call failed for good (after retries, when the failure was transient).
    #[error("{call} failed after {attempts} attempt(s): {message}")]
    Api {
        /// The call and its subject.
        call: String,
        /// Attempts made.
        attempts: u32,
        /// The service's error code, if any.
        code: Option<String>,
        /// The HTTP status, if there was a response.
        status: Option<u16>,
        /// What went wrong.
        message: String,
    },
    /// The query itself is invalid (a malformed id).
    #[error("invalid query: {0}")]
    InvalidQuery(String),
    /// No region is configured for the SDK.
    #[error("no AWS region is configured")]
    NoRegion,
}

fn detail(message: &str) -> String {
    if message.is_empty() {
        String::new()
    } else {
        format!(" ({message})")
    }
}
