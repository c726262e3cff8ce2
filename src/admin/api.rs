//! The admin API calls, one page each: the only importer of `aws-sdk-ssoadmin`,
//! `aws-sdk-identitystore` and `aws-sdk-organizations`.
//!
//! I/O. Clients are built from the caller's [`SdkConfig`] with the SDK's retries off (the
//! walker paces and retries itself). Errors become a [`CallError`] classified by error code,
//! so the walker matches on one small enum instead of ten operation-specific SDK error types.

use std::fmt;
use std::time::Duration;

use aws_config::SdkConfig;
use aws_sdk_identitystore as identitystore;
use aws_sdk_organizations as organizations;
use aws_sdk_ssoadmin as ssoadmin;
use aws_sdk_ssoadmin::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

use crate::admin::PrincipalType;

/// The calls made, with the IAM action each needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Call {
    ListInstances,
    ListAccounts,
    ListAccountsForParent,
    ListOrganizationalUnitsForParent,
    DescribeAccount,
    ListPermissionSetsProvisionedToAccount,
    ListAccountAssignments,
    DescribePermissionSet,
    DescribeUser,
    DescribeGroup,
}

impl Call {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Call::ListInstances => "ListInstances",
            Call::ListAccounts => "ListAccounts",
            Call::ListAccountsForParent => "ListAccountsForParent",
            Call::ListOrganizationalUnitsForParent => "ListOrganizationalUnitsForParent",
            Call::DescribeAccount => "DescribeAccount",
            Call::ListPermissionSetsProvisionedToAccount => {
                "ListPermissionSetsProvisionedToAccount"
            }
            Call::ListAccountAssignments => "ListAccountAssignments",
            Call::DescribePermissionSet => "DescribePermissionSet",
            Call::DescribeUser => "DescribeUser",
            Call::DescribeGroup => "DescribeGroup",
        }
    }

    /// The IAM action that allows the call.
    pub(crate) fn permission(self) -> &'static str {
        match self {
            Call::ListInstances => "sso:ListInstances",
            Call::ListAccounts => "organizations:ListAccounts",
            Call::ListAccountsForParent => "organizations:ListAccountsForParent",
            Call::ListOrganizationalUnitsForParent => {
                "organizations:ListOrganizationalUnitsForParent"
            }
            Call::DescribeAccount => "organizations:DescribeAccount",
            Call::ListPermissionSetsProvisionedToAccount => {
                "sso:ListPermissionSetsProvisionedToAccount"
            }
            Call::ListAccountAssignments => "sso:ListAccountAssignments",
            Call::DescribePermissionSet => "sso:DescribePermissionSet",
            Call::DescribeUser => "identitystore:DescribeUser",
            Call::DescribeGroup => "identitystore:DescribeGroup",
        }
    }
}

/// What kind of failure a call had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Throttled,
    AccessDenied,
    NotFound,
    NoOrganization,
    /// The credentials were refused (unknown key, bad signature, expired) or are missing.
    Credentials,
    /// 5xx or no answer: worth retrying.
    Transient,
    Other,
}

/// A failed call.
#[derive(Debug, Clone)]
pub(crate) struct CallError {
    pub(crate) kind: Kind,
    pub(crate) code: Option<String>,
    pub(crate) status: Option<u16>,
    pub(crate) message: String,
}

impl CallError {
    pub(crate) fn is_transient(&self) -> bool {
        matches!(self.kind, Kind::Throttled | Kind::Transient)
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.status, &self.code) {
            (Some(status), Some(code)) => write!(f, "HTTP {status} {code}")?,
            (Some(status), None) => write!(f, "HTTP {status}")?,
            (None, Some(code)) => f.write_str(code)?,
            (None, None) => {}
        }
        if !self.message.is_empty() {
            if self.status.is_some() || self.code.is_some() {
                f.write_str(": ")?;
            }
            f.write_str(&self.message)?;
        }
        Ok(())
    }
}

fn classify<E>(err: SdkError<E>) -> CallError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let status = err.raw_response().map(|r| r.status().as_u16());
    // The HTTP client's cap on every answer (see sso::client::capped).
    let mut chain: Option<&(dyn std::error::Error + 'static)> = Some(&err);
    while let Some(e) = chain {
        if e.is::<http_body_util::LengthLimitError>() {
            return CallError {
                kind: Kind::Other,
                code: None,
                status: None,
                message: format!(
                    "the answer is larger than {} KiB, more than any real answer: refused",
                    crate::sso::client::MAX_RESPONSE_BODY / 1024
                ),
            };
        }
        chain = e.source();
    }
    match &err {
        SdkError::ServiceError(service) => {
            let e = service.err();
            let code = e.code().map(str::to_owned);
            let kind = match code.as_deref() {
                Some(
                    "ThrottlingException"
                    | "TooManyRequestsException"
                    | "Throttling"
                    | "ThrottledException"
                    | "RequestLimitExceeded"
                    | "SlowDown",
                ) => Kind::Throttled,
                Some("AccessDeniedException" | "AccessDenied") => Kind::AccessDenied,
                Some(
                    "ResourceNotFoundException"
                    | "AccountNotFoundException"
                    | "ParentNotFoundException"
                    | "OrganizationalUnitNotFoundException",
                ) => Kind::NotFound,
                Some("AWSOrganizationsNotInUseException") => Kind::NoOrganization,
                Some(
                    "UnrecognizedClientException"
                    | "InvalidSignatureException"
                    | "SignatureDoesNotMatch"
                    | "IncompleteSignature"
                    | "InvalidClientTokenId"
                    | "ExpiredTokenException"
                    | "ExpiredToken"
                    | "MissingAuthenticationTokenException"
                    | "MissingAuthenticationToken",
                ) => Kind::Credentials,
                _ if status == Some(429) => Kind::Throttled,
                _ if status == Some(403) => Kind::AccessDenied,
                _ if status.is_some_and(|s| s >= 500) => Kind::Transient,
                _ => Kind::Other,
            };
            CallError {
                kind,
                code,
                status,
                message: e.message().unwrap_or_default().to_owned(),
            }
        }
        // No credentials (or none that load): the request was never signed.
        SdkError::ConstructionFailure(_) => CallError {
            kind: Kind::Credentials,
            code: None,
            status,
            message: DisplayErrorContext(&err).to_string(),
        },
        // Connection failures are worth retrying; identity resolution failures (no
        // credentials in the chain) are reported as dispatch failures too, and are not.
        SdkError::DispatchFailure(failure) if !failure.is_io() && !failure.is_timeout() => {
            let message = DisplayErrorContext(&err).to_string();
            CallError {
                kind: if message.contains("credential") {
                    Kind::Credentials
                } else {
                    Kind::Other
                },
                code: None,
                status,
                message,
            }
        }
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => CallError {
            kind: Kind::Transient,
            code: None,
            status,
            message: DisplayErrorContext(&err).to_string(),
        },
        _ => CallError {
            kind: if status.is_some_and(|s| s >= 500) {
                Kind::Transient
            } else {
                Kind::Other
            },
            code: None,
            status,
            message: DisplayErrorContext(&err).to_string(),
        },
    }
}

/// An account as Organizations lists it.
#[derive(Debug, Clone)]
pub(crate) struct OrgAccount {
    pub(crate) id: String,
    pub(crate) name: Option<String>,
}

/// An instance as `ListInstances` lists it.
#[derive(Debug, Clone)]
pub(crate) struct Instance {
    pub(crate) arn: String,
    pub(crate) identity_store_id: Option<String>,
}

/// One assignment as `ListAccountAssignments` lists it.
#[derive(Debug, Clone)]
pub(crate) struct RawAssignment {
    pub(crate) principal_type: Option<PrincipalType>,
    pub(crate) principal_id: String,
}

/// A page and the token of the next one.
pub(crate) type Page<T> = (Vec<T>, Option<String>);

/// The three service clients.
#[derive(Debug, Clone)]
pub(crate) struct Clients {
    ssoadmin: ssoadmin::Client,
    identitystore: identitystore::Client,
    organizations: organizations::Client,
}

/// A server that accepts the connection but never answers must not hang the listing: each
/// attempt times out (and is retried as a network failure).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);

impl Clients {
    pub(crate) fn new(config: &SdkConfig) -> Clients {
        let timeouts = || {
            aws_config::timeout::TimeoutConfig::builder()
                .connect_timeout(CONNECT_TIMEOUT)
                .operation_attempt_timeout(ATTEMPT_TIMEOUT)
                .build()
        };
        // An SdkConfig without an HTTP client (built by hand) gets awsso's default one; either
        // way every answer's size is capped.
        let http = crate::sso::client::capped(
            config
                .http_client()
                .unwrap_or_else(crate::sso::client::Clients::default_https_client),
        );
        let ssoadmin = ssoadmin::config::Builder::from(config)
            .http_client(http.clone())
            .retry_config(ssoadmin::config::retry::RetryConfig::disabled())
            .timeout_config(timeouts())
            .build();
        let identitystore = identitystore::config::Builder::from(config)
            .http_client(http.clone())
            .retry_config(identitystore::config::retry::RetryConfig::disabled())
            .timeout_config(timeouts())
            .build();
        let organizations = organizations::config::Builder::from(config)
            .http_client(http)
            .retry_config(organizations::config::retry::RetryConfig::disabled())
            .timeout_config(timeouts())
            .build();
        Clients {
            ssoadmin: ssoadmin::Client::from_conf(ssoadmin),
            identitystore: identitystore::Client::from_conf(identitystore),
            organizations: organizations::Client::from_conf(organizations),
        }
    }

    pub(crate) async fn list_instances(
        &self,
        next: Option<String>,
    ) -> Result<Page<Instance>, CallError> {
        let out = self
            .ssoadmin
            .list_instances()
            .set_next_token(next)
            .send()
            .await
            .map_err(classify)?;
        let instances = out
            .instances()
            .iter()
            .filter_map(|i| {
                Some(Instance {
                    arn: i.instance_arn()?.to_owned(),
                    identity_store_id: i.identity_store_id().map(str::to_owned),
                })
            })
            .collect();
        Ok((instances, out.next_token().map(str::to_owned)))
    }

    pub(crate) async fn list_accounts(
        &self,
        parent: Option<&str>,
        next: Option<String>,
    ) -> Result<Page<OrgAccount>, CallError> {
        let (accounts, next) = match parent {
            None => {
                let out = self
                    .organizations
                    .list_accounts()
                    .set_next_token(next)
                    .send()
                    .await
                    .map_err(classify)?;
                (
                    accounts(out.accounts()),
                    out.next_token().map(str::to_owned),
                )
            }
            Some(parent) => {
                let out = self
                    .organizations
                    .list_accounts_for_parent()
                    .parent_id(parent)
                    .set_next_token(next)
                    .send()
                    .await
                    .map_err(classify)?;
                (
                    accounts(out.accounts()),
                    out.next_token().map(str::to_owned),
                )
            }
        };
        Ok((accounts, next))
    }

    pub(crate) async fn list_child_ous(
        &self,
        parent: &str,
        next: Option<String>,
    ) -> Result<Page<String>, CallError> {
        let out = self
            .organizations
            .list_organizational_units_for_parent()
            .parent_id(parent)
            .set_next_token(next)
            .send()
            .await
            .map_err(classify)?;
        let ous = out
            .organizational_units()
            .iter()
            .filter_map(|ou| ou.id().map(str::to_owned))
            .collect();
        Ok((ous, out.next_token().map(str::to_owned)))
    }

    pub(crate) async fn describe_account(&self, id: &str) -> Result<Option<String>, CallError> {
        let out = self
            .organizations
            .describe_account()
            .account_id(id)
            .send()
            .await
            .map_err(classify)?;
        Ok(out.account().and_then(|a| a.name()).map(str::to_owned))
    }

    pub(crate) async fn list_provisioned_permission_sets(
        &self,
        instance_arn: &str,
        account_id: &str,
        next: Option<String>,
    ) -> Result<Page<String>, CallError> {
        let out = self
            .ssoadmin
            .list_permission_sets_provisioned_to_account()
            .instance_arn(instance_arn)
            .account_id(account_id)
            .set_next_token(next)
            .send()
            .await
            .map_err(classify)?;
        Ok((
            out.permission_sets().to_vec(),
            out.next_token().map(str::to_owned),
        ))
    }

    pub(crate) async fn list_account_assignments(
        &self,
        instance_arn: &str,
        account_id: &str,
        permission_set_arn: &str,
        next: Option<String>,
    ) -> Result<Page<RawAssignment>, CallError> {
        let out = self
            .ssoadmin
            .list_account_assignments()
            .instance_arn(instance_arn)
            .account_id(account_id)
            .permission_set_arn(permission_set_arn)
            .set_next_token(next)
            .send()
            .await
            .map_err(classify)?;
        let rows = out
            .account_assignments()
            .iter()
            .filter_map(|a| {
                Some(RawAssignment {
                    principal_type: match a.principal_type()? {
                        ssoadmin::types::PrincipalType::User => Some(PrincipalType::User),
                        ssoadmin::types::PrincipalType::Group => Some(PrincipalType::Group),
                        _ => None,
                    },
                    principal_id: a.principal_id()?.to_owned(),
                })
            })
            .collect();
        Ok((rows, out.next_token().map(str::to_owned)))
    }

    pub(crate) async fn describe_permission_set(
        &self,
        instance_arn: &str,
        arn: &str,
    ) -> Result<Option<String>, CallError> {
        let out = self
            .ssoadmin
            .describe_permission_set()
            .instance_arn(instance_arn)
            .permission_set_arn(arn)
            .send()
            .await
            .map_err(classify)?;
        Ok(out
            .permission_set()
            .and_then(|p| p.name())
            .map(str::to_owned))
    }

    /// The user's `UserName` or the group's `DisplayName`.
    pub(crate) async fn describe_principal(
        &self,
        identity_store_id: &str,
        kind: PrincipalType,
        id: &str,
    ) -> Result<Option<String>, CallError> {
        match kind {
            PrincipalType::User => {
                let out = self
                    .identitystore
                    .describe_user()
                    .identity_store_id(identity_store_id)
                    .user_id(id)
                    .send()
                    .await
                    .map_err(classify)?;
                Ok(out.user_name().map(str::to_owned))
            }
            PrincipalType::Group => {
                let out = self
                    .identitystore
                    .describe_group()
                    .identity_store_id(identity_store_id)
                    .group_id(id)
                    .send()
                    .await
                    .map_err(classify)?;
                Ok(out.display_name().map(str::to_owned))
            }
        }
    }
}

fn accounts(list: &[organizations::types::Account]) -> Vec<OrgAccount> {
    list.iter()
        .filter_map(|a| {
            Some(OrgAccount {
                id: a.id()?.to_owned(),
                name: a.name().map(str::to_owned),
            })
        })
        .collect()
}
