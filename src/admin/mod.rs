//! Identity Center administration: every assignment of permission sets to users and groups in
//! accounts (aws-sso-lib's `list_assignments`, aws-sso-util's `admin assignments`).
//!
//! A core module: no `cli`, `app`, `cmd` or `ui` here. It is the only importer of
//! `aws-sdk-ssoadmin`, `aws-sdk-identitystore` and `aws-sdk-organizations` (as
//! `sso::client` is for the portal and OIDC APIs). Unlike the portal, these admin APIs take
//! ordinary SigV4-signed AWS credentials, so the caller hands in an
//! [`aws_config::SdkConfig`] (credentials, region, endpoint overrides such as
//! `AWS_ENDPOINT_URL_SSO_ADMIN`, all resolved by `aws-config`).
//!
//! The Identity Center API answers one account and one permission set at a time, so
//! [`list_assignments`] iterates, in the order aws-sso-lib uses:
//!
//! 1. the instance and its identity store (sso-admin `ListInstances`) unless given;
//! 2. the targets: every account (organizations `ListAccounts`), or the given accounts, or the
//!    accounts of the given OUs (`ListAccountsForParent`, and `ListOrganizationalUnitsForParent`
//!    to descend when [`AssignmentQuery::ou_recursive`] is set); an account reached twice is
//!    visited once;
//! 3. per account, the permission sets provisioned to it
//!    (`ListPermissionSetsProvisionedToAccount`), or the given permission sets;
//! 4. per (account, permission set), `ListAccountAssignments`;
//! 5. names, each looked up once per run: `DescribePermissionSet`, identitystore
//!    `DescribeUser` (`UserName`) / `DescribeGroup` (`DisplayName`), organizations
//!    `DescribeAccount` for accounts given by id. A principal that no longer exists
//!    (`ResourceNotFoundException`) has no name.
//!
//! Every listing is paginated. All requests share one adaptive rate limit ([`Pacing`]: it
//! speeds up until Identity Center throttles — about 20 requests/s for these APIs — then
//! settles just under it) with a few in flight; throttling, 5xx and network errors are retried with exponential backoff and jitter
//! (a throttled answer slows every request down), and the SDK's own retries are off. Any other failure ends the stream
//! with an [`AdminError`] naming the call — for `AccessDenied`, with the IAM permission that is
//! missing.
//!
//! Rows are yielded as they are found, in no particular order across accounts.

mod api;
mod error;
mod query;
mod walk;

pub use error::AdminError;
pub use query::{
    AssignmentQuery, Pacing, PermissionSetFilter, PrincipalFilter, PrincipalSpec, PrincipalType,
    TargetFilter, TargetSpec, TargetType, is_account_id, is_ou_id, is_permission_set_id,
};
pub use walk::{Event, Stats, list_assignments, list_assignments_observed};

/// One assignment: a principal holds a permission set in an account.
///
/// The fields and their order are aws-sso-lib's `Assignment` (and aws-sso-util's CSV columns).
/// Names are `None` when they were not looked up or the thing has no name (a deleted user).
/// Rows come from [`list_assignments`]; a program does not build them.
///
/// ```
/// # fn show(row: &awsso::admin::Assignment) {
/// println!("{} {} holds {} in {}", row.principal_type, row.principal_id,
///          row.permission_set_arn, row.target_id);
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[non_exhaustive]
pub struct Assignment {
    /// The Identity Center instance, `arn:aws:sso:::instance/ssoins-…`.
    pub instance_arn: String,
    /// `USER` or `GROUP`.
    pub principal_type: PrincipalType,
    /// The identity store id of the user or group.
    pub principal_id: String,
    /// The user's `UserName` or the group's `DisplayName`.
    pub principal_name: Option<String>,
    /// `arn:aws:sso:::permissionSet/ssoins-…/ps-…`.
    pub permission_set_arn: String,
    /// The permission set's name.
    pub permission_set_name: Option<String>,
    /// Always `AWS_ACCOUNT` (OUs are expanded to their accounts).
    pub target_type: TargetType,
    /// The 12-digit account id.
    pub target_id: String,
    /// The account's name.
    pub target_name: Option<String>,
}

impl Assignment {
    /// The CSV header aws-sso-util prints, which is also the field order.
    ///
    /// ```
    /// assert_eq!(awsso::admin::Assignment::FIELDS[0], "instance_arn");
    /// ```
    pub const FIELDS: [&'static str; 9] = [
        "instance_arn",
        "principal_type",
        "principal_id",
        "principal_name",
        "permission_set_arn",
        "permission_set_name",
        "target_type",
        "target_id",
        "target_name",
    ];

    /// The fields as text, in [`Assignment::FIELDS`] order (`""` for an absent name).
    ///
    /// ```
    /// # fn csv_line(row: &awsso::admin::Assignment) -> String {
    /// row.values().join(",")
    /// # }
    /// ```
    pub fn values(&self) -> [&str; 9] {
        [
            &self.instance_arn,
            self.principal_type.as_str(),
            &self.principal_id,
            self.principal_name.as_deref().unwrap_or_default(),
            &self.permission_set_arn,
            self.permission_set_name.as_deref().unwrap_or_default(),
            self.target_type.as_str(),
            &self.target_id,
            self.target_name.as_deref().unwrap_or_default(),
        ]
    }
}
