//! What to list: [`AssignmentQuery`] and the specifications and filters it holds.
//!
//! Pure: parsing of ids and ARNs, no I/O.

use std::fmt;
use std::sync::Arc;

use crate::admin::AdminError;

/// The kind of principal an assignment is for.
///
/// ```
/// use awsso::admin::PrincipalType;
///
/// assert_eq!(PrincipalType::Group.to_string(), "GROUP");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum PrincipalType {
    /// An identity store user.
    #[serde(rename = "USER")]
    User,
    /// An identity store group.
    #[serde(rename = "GROUP")]
    Group,
}

impl PrincipalType {
    /// `USER` or `GROUP`, as the API spells it.
    ///
    /// ```
    /// assert_eq!(awsso::admin::PrincipalType::User.as_str(), "USER");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalType::User => "USER",
            PrincipalType::Group => "GROUP",
        }
    }
}

impl fmt::Display for PrincipalType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kind of target of an assignment or a query.
///
/// ```
/// use awsso::admin::TargetType;
///
/// assert_eq!(TargetType::AwsAccount.to_string(), "AWS_ACCOUNT");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum TargetType {
    /// An AWS account.
    #[serde(rename = "AWS_ACCOUNT")]
    AwsAccount,
    /// An organizational unit (or the organization's root): its accounts.
    #[serde(rename = "AWS_OU")]
    AwsOu,
}

impl TargetType {
    /// `AWS_ACCOUNT` or `AWS_OU`, as the APIs spell it.
    ///
    /// ```
    /// assert_eq!(awsso::admin::TargetType::AwsOu.as_str(), "AWS_OU");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            TargetType::AwsAccount => "AWS_ACCOUNT",
            TargetType::AwsOu => "AWS_OU",
        }
    }
}

impl fmt::Display for TargetType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A principal to list: an id, optionally with its type (aws-sso-lib accepts both).
///
/// ```
/// use awsso::admin::{PrincipalSpec, PrincipalType};
///
/// let anyone = PrincipalSpec::from("906747e2a2-0d1f9b7c-4d55-4a52-9c39-2f0e3e1f6c01");
/// let group = PrincipalSpec::from((PrincipalType::Group, "906747e2a2-group"));
/// assert_eq!(anyone.principal_type, None);
/// assert_eq!(group.principal_type, Some(PrincipalType::Group));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PrincipalSpec {
    /// `None` matches a user or a group with this id.
    pub principal_type: Option<PrincipalType>,
    /// The identity store id.
    pub id: String,
}

impl From<&str> for PrincipalSpec {
    fn from(id: &str) -> PrincipalSpec {
        PrincipalSpec {
            principal_type: None,
            id: id.to_owned(),
        }
    }
}

impl From<(PrincipalType, &str)> for PrincipalSpec {
    fn from((principal_type, id): (PrincipalType, &str)) -> PrincipalSpec {
        PrincipalSpec {
            principal_type: Some(principal_type),
            id: id.to_owned(),
        }
    }
}

/// A target to list: an account, or the accounts of an OU or of the root.
///
/// ```
/// use awsso::admin::TargetSpec;
///
/// let targets = [TargetSpec::Account("123456789012".into()), TargetSpec::Ou("r-ab12".into())];
/// # let _ = targets;
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TargetSpec {
    /// A 12-digit account id.
    Account(String),
    /// An OU id (`ou-…`) or a root id (`r-…`).
    Ou(String),
}

impl TargetSpec {
    /// Reads an account id (12 digits), an OU id (`ou-xxxx-yyyyyyyy`) or a root id (`r-xxxx`).
    ///
    /// ```
    /// use awsso::admin::TargetSpec;
    ///
    /// assert_eq!(TargetSpec::parse("ou-ab12-cd34ef56")?, TargetSpec::Ou("ou-ab12-cd34ef56".into()));
    /// assert!(TargetSpec::parse("prod").is_err());
    /// # Ok::<(), awsso::admin::AdminError>(())
    /// ```
    pub fn parse(text: &str) -> Result<TargetSpec, AdminError> {
        let text = text.trim();
        if is_account_id(text) {
            Ok(TargetSpec::Account(text.to_owned()))
        } else if is_ou_id(text) {
            Ok(TargetSpec::Ou(text.to_owned()))
        } else {
            Err(AdminError::InvalidQuery(format!(
                "'{text}' is neither an account id (12 digits) nor an OU or root id \
                 (ou-xxxx-yyyyyyyy, r-xxxx)"
            )))
        }
    }
}

/// Whether `text` is a 12-digit account id.
///
/// ```
/// assert!(awsso::admin::is_account_id("123456789012"));
/// assert!(!awsso::admin::is_account_id("prod"));
/// ```
pub fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `text` is an OU id (`ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}`) or a root id
/// (`r-[a-z0-9]{4,32}`), as Organizations defines them.
///
/// ```
/// assert!(awsso::admin::is_ou_id("ou-ab12-cd34ef56"));
/// assert!(awsso::admin::is_ou_id("r-ab12"));
/// ```
pub fn is_ou_id(text: &str) -> bool {
    let part = |s: &str, min: usize| {
        (min..=32).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    };
    if let Some(rest) = text.strip_prefix("r-") {
        return part(rest, 4);
    }
    if let Some(rest) = text.strip_prefix("ou-")
        && let Some((a, b)) = rest.split_once('-')
    {
        return part(a, 4) && part(b, 8);
    }
    false
}

/// Whether `text` names a permission set by id or ARN: `ps-…`, `ssoins-…/ps-…` or
/// `arn:aws:sso:::permissionSet/ssoins-…/ps-…` (any partition).
///
/// ```
/// assert!(awsso::admin::is_permission_set_id("ps-0123abcd"));
/// assert!(!awsso::admin::is_permission_set_id("AdministratorAccess"));
/// ```
pub fn is_permission_set_id(text: &str) -> bool {
    let hex = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit());
    let ps = |s: &str| s.strip_prefix("ps-").is_some_and(hex);
    let ins = |s: &str| {
        s.strip_prefix("ssoins-")
            .or_else(|| s.strip_prefix("ins-"))
            .is_some_and(hex)
    };
    let rest = match text.strip_prefix("arn:") {
        Some(arn) => match arn.split_once(":sso:::permissionSet/") {
            Some((partition, rest)) if !partition.is_empty() && !partition.contains(':') => rest,
            _ => return false,
        },
        None => text,
    };
    match rest.split_once('/') {
        Some((i, p)) => ins(i) && ps(p),
        None => ps(rest),
    }
}

/// The ARN of a permission set given as `ps-…`, `ssoins-…/ps-…` or an ARN, in `instance_arn`'s
/// instance.
pub(crate) fn permission_set_arn(text: &str, instance_arn: &str) -> Result<String, AdminError> {
    let text = text.trim();
    if !is_permission_set_id(text) {
        return Err(AdminError::InvalidQuery(format!(
            "'{text}' is not a permission set id or ARN (ps-…, ssoins-…/ps-… or \
             arn:aws:sso:::permissionSet/ssoins-…/ps-…)"
        )));
    }
    if text.starts_with("arn:") {
        return Ok(text.to_owned());
    }
    // arn:PARTITION:sso:::instance/ssoins-…
    let (prefix, instance_id) = instance_arn.split_once(":instance/").ok_or_else(|| {
        AdminError::InvalidQuery(format!("'{instance_arn}' is not an instance ARN"))
    })?;
    if text.contains('/') {
        return Ok(format!("{prefix}:permissionSet/{text}"));
    }
    Ok(format!("{prefix}:permissionSet/{instance_id}/{text}"))
}

/// Keeps a principal when it returns true: `(type, id, name)`; `name` is `None` when the
/// principal has no name (deleted) — names are always looked up for a filter.
///
/// ```
/// use std::sync::Arc;
///
/// let only_groups: awsso::admin::PrincipalFilter =
///     Arc::new(|kind, _id, _name| kind == awsso::admin::PrincipalType::Group);
/// # let _ = only_groups;
/// ```
pub type PrincipalFilter = Arc<dyn Fn(PrincipalType, &str, Option<&str>) -> bool + Send + Sync>;
/// Keeps a permission set when it returns true: `(arn, name)`.
///
/// ```
/// use std::sync::Arc;
///
/// let admins: awsso::admin::PermissionSetFilter =
///     Arc::new(|_arn, name| name.is_some_and(|n| n.contains("Admin")));
/// # let _ = admins;
/// ```
pub type PermissionSetFilter = Arc<dyn Fn(&str, Option<&str>) -> bool + Send + Sync>;
/// Keeps an account when it returns true: `(type, id, name)`; the type is always
/// [`TargetType::AwsAccount`] (OUs are expanded first).
///
/// ```
/// use std::sync::Arc;
///
/// let prod: awsso::admin::TargetFilter =
///     Arc::new(|_kind, _id, name| name.is_some_and(|n| n.starts_with("prod")));
/// # let _ = prod;
/// ```
pub type TargetFilter = Arc<dyn Fn(TargetType, &str, Option<&str>) -> bool + Send + Sync>;

pub use crate::sso::pacing::Pacing;

/// What [`list_assignments`](crate::admin::list_assignments) lists: aws-sso-lib's arguments.
///
/// Each of principals, permission sets and targets is given explicitly (only those are
/// visited), or filtered by a closure (everything is visited, the closure decides), or both.
/// As in aws-sso-lib, names are looked up by default ([`names`](Self::names)`(false)` saves
/// the calls).
///
/// ```
/// use awsso::admin::{AssignmentQuery, PrincipalType, TargetSpec};
///
/// let query = AssignmentQuery::default()
///     .target(TargetSpec::parse("ou-ab12-cd34ef56").unwrap())
///     .ou_recursive(true)
///     .principal_filter(|kind, _id, name| {
///         kind == PrincipalType::Group && name.is_some_and(|n| n.starts_with("admins"))
///     })
///     .names(true);
/// assert!(query.get_principal_names);
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub struct AssignmentQuery {
    /// The instance; looked up with `ListInstances` when absent.
    pub instance_arn: Option<String>,
    /// The identity store; looked up with `ListInstances` when absent and needed.
    pub identity_store_id: Option<String>,
    /// Only these principals (empty: all).
    pub principals: Vec<PrincipalSpec>,
    /// Keeps a principal when it returns true.
    pub principal_filter: Option<PrincipalFilter>,
    /// Only these permission sets (ARNs or `ps-…` ids; empty: those provisioned to each account).
    pub permission_sets: Vec<String>,
    /// Keeps a permission set when it returns true.
    pub permission_set_filter: Option<PermissionSetFilter>,
    /// Only these accounts and OUs (empty: every account of the organization).
    pub targets: Vec<TargetSpec>,
    /// Keeps an account when it returns true.
    pub target_filter: Option<TargetFilter>,
    /// Descend into child OUs of the OUs in `targets`.
    pub ou_recursive: bool,
    /// Look up user and group names.
    pub get_principal_names: bool,
    /// Look up permission set names.
    pub get_permission_set_names: bool,
    /// Look up the names of accounts given by id (accounts found by listing come with names).
    pub get_target_names: bool,
    /// Request pacing.
    pub pacing: Pacing,
}

impl Default for AssignmentQuery {
    /// Every assignment of the instance `ListInstances` finds, with every name looked up
    /// (aws-sso-lib's defaults).
    fn default() -> AssignmentQuery {
        AssignmentQuery {
            instance_arn: None,
            identity_store_id: None,
            principals: Vec::new(),
            principal_filter: None,
            permission_sets: Vec::new(),
            permission_set_filter: None,
            targets: Vec::new(),
            target_filter: None,
            ou_recursive: false,
            get_principal_names: true,
            get_permission_set_names: true,
            get_target_names: true,
            pacing: Pacing::default(),
        }
    }
}

impl fmt::Debug for AssignmentQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssignmentQuery")
            .field("instance_arn", &self.instance_arn)
            .field("identity_store_id", &self.identity_store_id)
            .field("principals", &self.principals)
            .field("principal_filter", &self.principal_filter.is_some())
            .field("permission_sets", &self.permission_sets)
            .field(
                "permission_set_filter",
                &self.permission_set_filter.is_some(),
            )
            .field("targets", &self.targets)
            .field("target_filter", &self.target_filter.is_some())
            .field("ou_recursive", &self.ou_recursive)
            .field("get_principal_names", &self.get_principal_names)
            .field("get_permission_set_names", &self.get_permission_set_names)
            .field("get_target_names", &self.get_target_names)
            .field("pacing", &self.pacing)
            .finish()
    }
}

impl AssignmentQuery {
    /// Sets the instance ARN.
    ///
    /// ```
    /// let query = awsso::admin::AssignmentQuery::default()
    ///     .instance_arn("arn:aws:sso:::instance/ssoins-0123456789abcdef");
    /// # let _ = query;
    /// ```
    pub fn instance_arn(mut self, arn: impl Into<String>) -> Self {
        self.instance_arn = Some(arn.into());
        self
    }

    /// Sets the identity store id.
    ///
    /// ```
    /// let query = awsso::admin::AssignmentQuery::default().identity_store_id("d-0123456789");
    /// # let _ = query;
    /// ```
    pub fn identity_store_id(mut self, id: impl Into<String>) -> Self {
        self.identity_store_id = Some(id.into());
        self
    }

    /// Adds a principal.
    ///
    /// ```
    /// use awsso::admin::{AssignmentQuery, PrincipalType};
    ///
    /// let query = AssignmentQuery::default().principal((PrincipalType::User, "906747e2a2-user"));
    /// assert_eq!(query.principals.len(), 1);
    /// ```
    pub fn principal(mut self, principal: impl Into<PrincipalSpec>) -> Self {
        self.principals.push(principal.into());
        self
    }

    /// Sets the principal filter.
    ///
    /// ```
    /// let query = awsso::admin::AssignmentQuery::default()
    ///     .principal_filter(|_kind, _id, name| name.is_some_and(|n| n.ends_with("@example.com")));
    /// # let _ = query;
    /// ```
    pub fn principal_filter(
        mut self,
        filter: impl Fn(PrincipalType, &str, Option<&str>) -> bool + Send + Sync + 'static,
    ) -> Self {
        self.principal_filter = Some(Arc::new(filter));
        self
    }

    /// Adds a permission set (ARN or `ps-…` id).
    ///
    /// ```
    /// let query = awsso::admin::AssignmentQuery::default().permission_set("ps-0123abcd");
    /// assert_eq!(query.permission_sets, ["ps-0123abcd"]);
    /// ```
    pub fn permission_set(mut self, permission_set: impl Into<String>) -> Self {
        self.permission_sets.push(permission_set.into());
        self
    }

    /// Sets the permission set filter.
    ///
    /// ```
    /// let query = awsso::admin::AssignmentQuery::default()
    ///     .permission_set_filter(|_arn, name| name == Some("ReadOnly"));
    /// # let _ = query;
    /// ```
    pub fn permission_set_filter(
        mut self,
        filter: impl Fn(&str, Option<&str>) -> bool + Send + Sync + 'static,
    ) -> Self {
        self.permission_set_filter = Some(Arc::new(filter));
        self
    }

    /// Adds a target.
    ///
    /// ```
    /// use awsso::admin::{AssignmentQuery, TargetSpec};
    ///
    /// let query = AssignmentQuery::default().target(TargetSpec::Account("123456789012".into()));
    /// assert_eq!(query.targets.len(), 1);
    /// ```
    pub fn target(mut self, target: TargetSpec) -> Self {
        self.targets.push(target);
        self
    }

    /// Sets the target filter.
    ///
    /// ```
    /// let query = awsso::admin::AssignmentQuery::default()
    ///     .target_filter(|_kind, id, _name| id.starts_with("1234"));
    /// # let _ = query;
    /// ```
    pub fn target_filter(
        mut self,
        filter: impl Fn(TargetType, &str, Option<&str>) -> bool + Send + Sync + 'static,
    ) -> Self {
        self.target_filter = Some(Arc::new(filter));
        self
    }

    /// Sets `ou_recursive`.
    ///
    /// ```
    /// use awsso::admin::{AssignmentQuery, TargetSpec};
    ///
    /// let query = AssignmentQuery::default()
    ///     .target(TargetSpec::Ou("r-ab12".into()))
    ///     .ou_recursive(true);
    /// assert!(query.ou_recursive);
    /// ```
    pub fn ou_recursive(mut self, recursive: bool) -> Self {
        self.ou_recursive = recursive;
        self
    }

    /// Sets all three `get_*_names` flags.
    ///
    /// ```
    /// // Ids only: no DescribeUser, DescribeGroup, DescribePermissionSet or DescribeAccount calls.
    /// let query = awsso::admin::AssignmentQuery::default().names(false);
    /// assert!(!query.get_principal_names);
    /// ```
    pub fn names(mut self, names: bool) -> Self {
        self.get_principal_names = names;
        self.get_permission_set_names = names;
        self.get_target_names = names;
        self
    }

    /// Sets the pacing.
    ///
    /// ```
    /// use awsso::admin::{AssignmentQuery, Pacing};
    ///
    /// let query = AssignmentQuery::default().pacing(Pacing::default().rate(Some(5.0)));
    /// assert_eq!(query.pacing.rate_limit(), Some(5.0));
    /// ```
    pub fn pacing(mut self, pacing: Pacing) -> Self {
        self.pacing = pacing;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse_like_organizations_ids() {
        assert_eq!(
            TargetSpec::parse("123456789012").unwrap(),
            TargetSpec::Account("123456789012".into())
        );
        assert_eq!(
            TargetSpec::parse("ou-ab12-cd34ef56").unwrap(),
            TargetSpec::Ou("ou-ab12-cd34ef56".into())
        );
        assert_eq!(
            TargetSpec::parse("r-ab12").unwrap(),
            TargetSpec::Ou("r-ab12".into())
        );
        for bad in [
            "12345678901",
            "ou-ab12",
            "ou-AB12-cd34ef56",
            "r-a",
            "prod",
            "",
        ] {
            assert!(TargetSpec::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_default_query_looks_up_every_name_as_aws_sso_lib_does() {
        let query = AssignmentQuery::default();
        assert!(query.get_principal_names);
        assert!(query.get_permission_set_names);
        assert!(query.get_target_names);
        let query = query.names(false);
        assert!(!query.get_principal_names && !query.get_target_names);
    }

    #[test]
    fn permission_sets_are_completed_to_arns() {
        let ins = "arn:aws:sso:::instance/ssoins-0123456789abcdef";
        assert_eq!(
            permission_set_arn("ps-0a1b", ins).unwrap(),
            "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0a1b"
        );
        assert_eq!(
            permission_set_arn("ssoins-1/ps-2", ins).unwrap(),
            "arn:aws:sso:::permissionSet/ssoins-1/ps-2"
        );
        let arn = "arn:aws-cn:sso:::permissionSet/ssoins-1/ps-2";
        assert_eq!(permission_set_arn(arn, ins).unwrap(), arn);
        for bad in [
            "Admin",
            "ps-",
            "ps-xyz",
            "arn:aws:iam::1:role/x",
            "ssoins-1/",
        ] {
            assert!(permission_set_arn(bad, ins).is_err(), "{bad}");
        }
    }
}
