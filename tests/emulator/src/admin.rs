//! The admin APIs behind `awsso assignments` (test double): sso-admin, identitystore and
//! organizations, over one modelled organization and Identity Center instance.
//!
//! All three are awsJson1_1: `POST /` with `X-Amz-Target: <Service>.<Operation>`, a JSON body
//! and JSON answers; errors carry `x-amzn-errortype` and `{"__type", "message"}`. Unlike the
//! portal they take SigV4-signed AWS credentials: a request whose `Authorization` header does
//! not name [`Directory::access_key_id`] and the operation's signing name (`sso`,
//! `identitystore`, `organizations`) in its credential scope is refused
//! (`MissingAuthenticationTokenException` / `UnrecognizedClientException`, as AWS answers).
//!
//! The model follows the real API, not moto's shortcuts: a permission set is provisioned to
//! the accounts listed in [`Directory::provisioned`] (every assigned pair, plus any listed
//! without assignments), `ListPermissionSetsProvisionedToAccount` answers for the given account
//! and paginates, and a deleted user keeps its assignments but `DescribeUser` answers
//! `ResourceNotFoundException`. Every listing pages at [`Directory::page_size`].

use std::collections::HashSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::state::lock;

/// One admin operation the emulator serves, counts and can inject faults into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AdminOp {
    /// sso-admin `ListInstances`.
    ListInstances,
    /// sso-admin `ListPermissionSets`.
    ListPermissionSets,
    /// sso-admin `ListPermissionSetsProvisionedToAccount`.
    ListPermissionSetsProvisionedToAccount,
    /// sso-admin `ListAccountAssignments`.
    ListAccountAssignments,
    /// sso-admin `DescribePermissionSet`.
    DescribePermissionSet,
    /// identitystore `DescribeUser`.
    DescribeUser,
    /// identitystore `DescribeGroup`.
    DescribeGroup,
    /// organizations `ListAccounts`.
    ListAccounts,
    /// organizations `ListAccountsForParent`.
    ListAccountsForParent,
    /// organizations `ListOrganizationalUnitsForParent`.
    ListOrganizationalUnitsForParent,
    /// organizations `ListChildren` (served so a caller using it is visible in the counters).
    ListChildren,
    /// organizations `DescribeAccount`.
    DescribeAccount,
}

/// The admin services, by `X-Amz-Target` prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Service {
    SsoAdmin,
    IdentityStore,
    Organizations,
}

impl Service {
    fn signing_name(self) -> &'static str {
        match self {
            Service::SsoAdmin => "sso",
            Service::IdentityStore => "identitystore",
            Service::Organizations => "organizations",
        }
    }

    /// The service's throttling error shape.
    fn throttling(self) -> &'static str {
        match self {
            Service::Organizations => "TooManyRequestsException",
            _ => "ThrottlingException",
        }
    }

    fn validation(self) -> &'static str {
        match self {
            Service::Organizations => "InvalidInputException",
            _ => "ValidationException",
        }
    }
}

impl AdminOp {
    /// Every operation, in declaration order.
    pub const ALL: [AdminOp; 12] = [
        AdminOp::ListInstances,
        AdminOp::ListPermissionSets,
        AdminOp::ListPermissionSetsProvisionedToAccount,
        AdminOp::ListAccountAssignments,
        AdminOp::DescribePermissionSet,
        AdminOp::DescribeUser,
        AdminOp::DescribeGroup,
        AdminOp::ListAccounts,
        AdminOp::ListAccountsForParent,
        AdminOp::ListOrganizationalUnitsForParent,
        AdminOp::ListChildren,
        AdminOp::DescribeAccount,
    ];

    /// The operation's name as AWS spells it.
    pub fn name(self) -> &'static str {
        match self {
            AdminOp::ListInstances => "ListInstances",
            AdminOp::ListPermissionSets => "ListPermissionSets",
            AdminOp::ListPermissionSetsProvisionedToAccount => {
                "ListPermissionSetsProvisionedToAccount"
            }
            AdminOp::ListAccountAssignments => "ListAccountAssignments",
            AdminOp::DescribePermissionSet => "DescribePermissionSet",
            AdminOp::DescribeUser => "DescribeUser",
            AdminOp::DescribeGroup => "DescribeGroup",
            AdminOp::ListAccounts => "ListAccounts",
            AdminOp::ListAccountsForParent => "ListAccountsForParent",
            AdminOp::ListOrganizationalUnitsForParent => "ListOrganizationalUnitsForParent",
            AdminOp::ListChildren => "ListChildren",
            AdminOp::DescribeAccount => "DescribeAccount",
        }
    }

    fn service(self) -> Service {
        match self {
            AdminOp::DescribeUser | AdminOp::DescribeGroup => Service::IdentityStore,
            AdminOp::ListAccounts
            | AdminOp::ListAccountsForParent
            | AdminOp::ListOrganizationalUnitsForParent
            | AdminOp::ListChildren
            | AdminOp::DescribeAccount => Service::Organizations,
            _ => Service::SsoAdmin,
        }
    }

    fn from_target(target: &str) -> Option<AdminOp> {
        let (prefix, name) = target.split_once('.')?;
        let op = AdminOp::ALL.into_iter().find(|op| op.name() == name)?;
        let service = match prefix {
            "SWBExternalService" => Service::SsoAdmin,
            "AWSIdentityStore" => Service::IdentityStore,
            "AWSOrganizationsV20161128" => Service::Organizations,
            _ => return None,
        };
        (op.service() == service).then_some(op)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A failure to inject with `Emulator::inject_admin`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminFault {
    /// `ThrottlingException` (organizations: `TooManyRequestsException`), HTTP 400.
    Throttle,
    /// `AccessDeniedException`, HTTP 400.
    AccessDenied,
    /// `InternalServerException` (organizations: `ServiceException`), HTTP 500.
    ServerError,
}

/// An organizational unit.
#[derive(Clone, Debug)]
pub struct Ou {
    /// `ou-xxxx-yyyyyyyy`.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The parent OU or root id.
    pub parent: String,
}

/// An account of the organization.
#[derive(Clone, Debug)]
pub struct OrgAccount {
    /// 12 digits.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Root email.
    pub email: String,
    /// The OU or root it sits in.
    pub parent: String,
}

/// A permission set of the instance.
#[derive(Clone, Debug)]
pub struct PermissionSet {
    /// `arn:aws:sso:::permissionSet/ssoins-…/ps-…`.
    pub arn: String,
    /// Its name.
    pub name: String,
}

/// A user or group of the identity store.
#[derive(Clone, Debug)]
pub struct Principal {
    /// `USER` or `GROUP`.
    pub principal_type: &'static str,
    /// The identity store id.
    pub id: String,
    /// `UserName` or `DisplayName`.
    pub name: String,
}

/// One assignment.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AssignmentRow {
    /// The account.
    pub account_id: String,
    /// The permission set.
    pub permission_set_arn: String,
    /// `USER` or `GROUP`.
    pub principal_type: &'static str,
    /// The principal (which may no longer exist in the identity store).
    pub principal_id: String,
}

/// The organization and Identity Center instance the admin APIs serve.
#[derive(Clone, Debug)]
pub struct Directory {
    /// The instance ARN; empty: `ListInstances` lists no instance.
    pub instance_arn: String,
    /// Its identity store.
    pub identity_store_id: String,
    /// The access key id requests must be signed with.
    pub access_key_id: String,
    /// The root id, `r-…`.
    pub root_id: String,
    /// OUs, any order.
    pub ous: Vec<Ou>,
    /// Accounts, in `ListAccounts` order.
    pub accounts: Vec<OrgAccount>,
    /// Permission sets.
    pub permission_sets: Vec<PermissionSet>,
    /// Users and groups that exist.
    pub principals: Vec<Principal>,
    /// Assignments (their pairs are provisioned).
    pub assignments: Vec<AssignmentRow>,
    /// (account, permission set) pairs provisioned without assignments.
    pub provisioned: Vec<(String, String)>,
    /// Items per page of every listing (a smaller `MaxResults` wins).
    pub page_size: usize,
    /// Requests per second over all admin operations before throttling (one second of burst).
    pub rate_limit: Option<f64>,
}

/// The sample instance's ARN.
pub const SAMPLE_INSTANCE_ARN: &str = "arn:aws:sso:::instance/ssoins-72230123456789ab";
/// The sample identity store.
pub const SAMPLE_IDENTITY_STORE_ID: &str = "d-9067012345";
/// The access key id the sample expects.
pub const SAMPLE_ACCESS_KEY_ID: &str = "AKIAEMULATORADMIN01";

fn ps_arn(n: u32) -> String {
    format!("arn:aws:sso:::permissionSet/ssoins-72230123456789ab/ps-{n:016x}")
}

fn user_id(n: u32) -> String {
    format!("90670123ab-1111-2222-3333-{n:012}")
}

fn group_id(n: u32) -> String {
    format!("90670123ab-4444-5555-6666-{n:012}")
}

impl Directory {
    /// The sample organization of the tests: 40 accounts in nested OUs under root `r-a1b2`
    ///
    /// ```text
    /// r-a1b2                      accounts 0, 6, 12, …   (i % 6 == 0)
    /// ├── ou-a1b2-prod0001  Production            i % 6 == 1
    /// │   └── ou-a1b2-prodeu01  Production EU     i % 6 == 2
    /// │       └── ou-a1b2-payments  Payments      i % 6 == 3
    /// ├── ou-a1b2-dev00001  Development           i % 6 == 4
    /// │   └── ou-a1b2-sandbox1  Sandbox           i % 6 == 5
    /// └── ou-a1b2-empty001  Empty (no accounts)
    /// ```
    ///
    /// with five permission sets (AdministratorAccess, ReadOnlyAccess, Billing, DataScientist,
    /// and Unused, provisioned to every fourth account but never assigned), users alice, bob,
    /// carol and a deleted user, groups Admins, Developers and `Auditors, "Inc"`, and
    /// assignments by rule (see the source). Account 7 is named `Data, "Lake"`.
    pub fn sample() -> Directory {
        let root = "r-a1b2".to_owned();
        let ou = |id: &str, name: &str, parent: &str| Ou {
            id: id.to_owned(),
            name: name.to_owned(),
            parent: parent.to_owned(),
        };
        let ous = vec![
            ou("ou-a1b2-prod0001", "Production", &root),
            ou("ou-a1b2-prodeu01", "Production EU", "ou-a1b2-prod0001"),
            ou("ou-a1b2-payments", "Payments", "ou-a1b2-prodeu01"),
            ou("ou-a1b2-dev00001", "Development", &root),
            ou("ou-a1b2-sandbox1", "Sandbox", "ou-a1b2-dev00001"),
            ou("ou-a1b2-empty001", "Empty", &root),
        ];
        let parents = [
            root.as_str(),
            "ou-a1b2-prod0001",
            "ou-a1b2-prodeu01",
            "ou-a1b2-payments",
            "ou-a1b2-dev00001",
            "ou-a1b2-sandbox1",
        ];
        let accounts: Vec<OrgAccount> = (0..40_u32)
            .map(|i| OrgAccount {
                id: format!("{}", 200_000_000_000_u64 + u64::from(i) * 1_111),
                name: if i == 7 {
                    "Data, \"Lake\"".to_owned()
                } else {
                    format!("acct-{i:02}")
                },
                email: format!("acct-{i:02}@example.com"),
                parent: parents[(i % 6) as usize].to_owned(),
            })
            .collect();
        let names = [
            "AdministratorAccess",
            "ReadOnlyAccess",
            "Billing",
            "DataScientist",
            "Unused",
        ];
        let permission_sets = names
            .iter()
            .zip(1..)
            .map(|(name, n)| PermissionSet {
                arn: ps_arn(n),
                name: (*name).to_owned(),
            })
            .collect();
        let user = |n: u32, name: &str| Principal {
            principal_type: "USER",
            id: user_id(n),
            name: name.to_owned(),
        };
        let group = |n: u32, name: &str| Principal {
            principal_type: "GROUP",
            id: group_id(n),
            name: name.to_owned(),
        };
        let principals = vec![
            user(1, "alice@example.com"),
            user(2, "bob@example.com"),
            user(3, "carol@example.com"),
            group(1, "Admins"),
            group(2, "Developers"),
            group(3, "Auditors, \"Inc\""),
        ];
        let mut assignments = Vec::new();
        let mut provisioned = Vec::new();
        let mut assign = |account: &OrgAccount, ps: u32, kind: &'static str, id: String| {
            assignments.push(AssignmentRow {
                account_id: account.id.clone(),
                permission_set_arn: ps_arn(ps),
                principal_type: kind,
                principal_id: id,
            });
        };
        for (i, account) in (0_u32..).zip(&accounts) {
            let in_dev = matches!(i % 6, 4 | 5);
            let in_prod = matches!(i % 6, 1..=3);
            assign(account, 1, "GROUP", group_id(1));
            if in_dev {
                assign(account, 2, "GROUP", group_id(2));
                assign(account, 1, "USER", user_id(3));
            }
            if in_prod {
                assign(account, 2, "GROUP", group_id(3));
            }
            if i % 5 == 0 {
                assign(account, 3, "USER", user_id(1));
            }
            if i % 7 == 0 {
                assign(account, 4, "USER", user_id(2));
                assign(account, 4, "GROUP", group_id(2));
            }
            if i == 0 || i == 13 {
                // A user deleted after it was assigned.
                assign(account, 2, "USER", user_id(99));
            }
            if i % 4 == 0 {
                provisioned.push((account.id.clone(), ps_arn(5)));
            }
        }
        Directory {
            instance_arn: SAMPLE_INSTANCE_ARN.to_owned(),
            identity_store_id: SAMPLE_IDENTITY_STORE_ID.to_owned(),
            access_key_id: SAMPLE_ACCESS_KEY_ID.to_owned(),
            root_id: root,
            ous,
            accounts,
            permission_sets,
            principals,
            assignments,
            provisioned,
            page_size: 3,
            rate_limit: None,
        }
    }

    /// A flat organization for benchmarks: `accounts` accounts under the root, each with
    /// `permission_sets` permission sets provisioned and one group assigned to each.
    pub fn grid(accounts: usize, permission_sets: usize) -> Directory {
        let accounts: Vec<OrgAccount> = (0..accounts)
            .map(|i| OrgAccount {
                id: format!("{:012}", 300_000_000_000_u64 + i as u64),
                name: format!("account-{i:04}"),
                email: format!("account-{i:04}@example.com"),
                parent: "r-a1b2".to_owned(),
            })
            .collect();
        let sets: Vec<PermissionSet> = (1..=permission_sets)
            .map(|n| PermissionSet {
                arn: ps_arn(n as u32),
                name: format!("PermissionSet{n}"),
            })
            .collect();
        let mut assignments = Vec::new();
        for account in &accounts {
            for ps in &sets {
                assignments.push(AssignmentRow {
                    account_id: account.id.clone(),
                    permission_set_arn: ps.arn.clone(),
                    principal_type: "GROUP",
                    principal_id: group_id(1),
                });
            }
        }
        Directory {
            accounts,
            permission_sets: sets,
            principals: vec![Principal {
                principal_type: "GROUP",
                id: group_id(1),
                name: "Admins".to_owned(),
            }],
            assignments,
            provisioned: Vec::new(),
            ous: Vec::new(),
            page_size: 20,
            ..Directory::sample()
        }
    }

    /// Every assignment as aws-sso-util prints it (names looked up; empty for a deleted
    /// principal), sorted: the expected output of a complete listing.
    pub fn expected_rows(&self) -> Vec<[String; 9]> {
        let mut rows: Vec<[String; 9]> = self
            .assignments
            .iter()
            .map(|a| {
                let principal = self
                    .principals
                    .iter()
                    .find(|p| p.id == a.principal_id && p.principal_type == a.principal_type);
                let ps = self
                    .permission_sets
                    .iter()
                    .find(|p| p.arn == a.permission_set_arn);
                let account = self.accounts.iter().find(|x| x.id == a.account_id);
                [
                    self.instance_arn.clone(),
                    a.principal_type.to_owned(),
                    a.principal_id.clone(),
                    principal.map(|p| p.name.clone()).unwrap_or_default(),
                    a.permission_set_arn.clone(),
                    ps.map(|p| p.name.clone()).unwrap_or_default(),
                    "AWS_ACCOUNT".to_owned(),
                    a.account_id.clone(),
                    account.map(|x| x.name.clone()).unwrap_or_default(),
                ]
            })
            .collect();
        rows.sort();
        rows.dedup();
        rows
    }

    /// The accounts under `parent`, directly or (with `recursive`) through child OUs.
    pub fn accounts_under(&self, parent: &str, recursive: bool) -> Vec<&OrgAccount> {
        let mut parents = vec![parent.to_owned()];
        if recursive {
            let mut i = 0;
            while i < parents.len() {
                let p = parents[i].clone();
                parents.extend(
                    self.ous
                        .iter()
                        .filter(|o| o.parent == p)
                        .map(|o| o.id.clone()),
                );
                i += 1;
            }
        }
        self.accounts
            .iter()
            .filter(|a| parents.contains(&a.parent))
            .collect()
    }
}

/// Counters, faults, the rate limiter and the directory.
pub(crate) struct AdminState {
    directory: Option<Directory>,
    counters: [AtomicU64; AdminOp::ALL.len()],
    /// Requests refused for a missing or wrong signature.
    unsigned: AtomicU64,
    faults: Mutex<Vec<(AdminOp, AdminFault, u32)>>,
    bucket: Option<Mutex<(f64, Instant)>>,
}

impl AdminState {
    pub(crate) fn new(directory: Option<Directory>) -> AdminState {
        let bucket = directory
            .as_ref()
            .and_then(|d| d.rate_limit)
            .map(|rate| Mutex::new((rate.max(1.0), Instant::now())));
        AdminState {
            directory,
            counters: Default::default(),
            unsigned: AtomicU64::new(0),
            faults: Mutex::new(Vec::new()),
            bucket,
        }
    }

    pub(crate) fn calls(&self, op: AdminOp) -> u64 {
        self.counters[op.index()].load(Ordering::SeqCst)
    }

    pub(crate) fn unsigned_calls(&self) -> u64 {
        self.unsigned.load(Ordering::SeqCst)
    }

    pub(crate) fn total_calls(&self) -> u64 {
        AdminOp::ALL.iter().map(|op| self.calls(*op)).sum::<u64>() + self.unsigned_calls()
    }

    pub(crate) fn inject(&self, op: AdminOp, fault: AdminFault, times: u32) {
        if times > 0 {
            lock(&self.faults).push((op, fault, times));
        }
    }

    fn take_fault(&self, op: AdminOp) -> Option<AdminFault> {
        let mut faults = lock(&self.faults);
        let pos = faults.iter().position(|(o, _, _)| *o == op)?;
        let fault = faults[pos].1;
        faults[pos].2 -= 1;
        if faults[pos].2 == 0 {
            faults.remove(pos);
        }
        Some(fault)
    }

    /// A token bucket holding one second of requests.
    fn admit(&self, rate: Option<f64>) -> bool {
        let (Some(bucket), Some(rate)) = (&self.bucket, rate) else {
            return true;
        };
        let mut b = lock(bucket);
        let now = Instant::now();
        let capacity = rate.max(1.0);
        b.0 = (b.0 + now.saturating_duration_since(b.1).as_secs_f64() * rate).min(capacity);
        b.1 = now;
        if b.0 >= 1.0 {
            b.0 -= 1.0;
            true
        } else {
            false
        }
    }
}

#[derive(Debug)]
struct AdminError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl AdminError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> AdminError {
        AdminError {
            status,
            code,
            message: message.into(),
        }
    }
    fn bad(code: &'static str, message: impl Into<String>) -> AdminError {
        AdminError::new(StatusCode::BAD_REQUEST, code, message)
    }
}

fn json_1_1(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-amz-json-1.1"),
    );
    response
}

impl IntoResponse for AdminError {
    fn into_response(self) -> Response {
        let mut response = json_1_1(
            self.status,
            &json!({"__type": self.code, "message": self.message}),
        );
        response
            .headers_mut()
            .insert("x-amzn-errortype", HeaderValue::from_static(self.code));
        response
    }
}

/// Checks the SigV4 `Authorization` header: algorithm, access key id and signing name.
fn check_signature(headers: &HeaderMap, dir: &Directory, op: AdminOp) -> Result<(), AdminError> {
    let Some(auth) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return Err(AdminError::bad(
            "MissingAuthenticationTokenException",
            "Missing Authentication Token",
        ));
    };
    let scope = auth
        .strip_prefix("AWS4-HMAC-SHA256 Credential=")
        .and_then(|rest| rest.split([',', ' ']).next())
        .unwrap_or_default();
    // AKID/yyyymmdd/region/service/aws4_request
    let parts: Vec<&str> = scope.split('/').collect();
    let signed = headers.contains_key("x-amz-date")
        && auth.contains("SignedHeaders=")
        && auth.contains("Signature=");
    if parts.len() != 5
        || parts[0] != dir.access_key_id
        || parts[3] != op.service().signing_name()
        || parts[4] != "aws4_request"
        || !signed
    {
        return Err(AdminError::bad(
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
        ));
    }
    Ok(())
}

/// `POST /`: an awsJson1_1 admin call.
pub(crate) async fn handle(
    shared: &crate::state::Shared,
    headers: &HeaderMap,
    body: &Bytes,
) -> Response {
    let state = &shared.admin;
    let target = headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let (Some(op), Some(dir)) = (AdminOp::from_target(target), state.directory.as_ref()) else {
        shared.count_unknown();
        return AdminError::bad(
            "UnknownOperationException",
            format!("awsso-emulator: no such operation '{target}'"),
        )
        .into_response();
    };
    if let Err(e) = check_signature(headers, dir, op) {
        state.unsigned.fetch_add(1, Ordering::SeqCst);
        return e.into_response();
    }
    state.counters[op.index()].fetch_add(1, Ordering::SeqCst);
    if !shared.config.latency.is_zero() {
        tokio::time::sleep(shared.config.latency).await;
    }
    let service = op.service();
    let fault = state.take_fault(op);
    let result = match fault {
        Some(AdminFault::Throttle) => Err(AdminError::bad(service.throttling(), "Rate exceeded")),
        Some(AdminFault::AccessDenied) => Err(AdminError::bad(
            "AccessDeniedException",
            format!(
                "User: arn:aws:iam::200000000000:user/emulator is not authorized to perform: {}:{} (injected)",
                service.signing_name(),
                op.name()
            ),
        )),
        Some(AdminFault::ServerError) => Err(AdminError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            if service == Service::Organizations {
                "ServiceException"
            } else {
                "InternalServerException"
            },
            "Internal failure (injected)",
        )),
        None if !state.admit(dir.rate_limit) => {
            Err(AdminError::bad(service.throttling(), "Rate exceeded"))
        }
        None => match serde_json::from_slice::<Value>(body) {
            Ok(input) if input.is_object() => serve(dir, op, &input),
            _ => Err(AdminError::bad(
                "SerializationException",
                "the request body is not a JSON object",
            )),
        },
    };
    match result {
        Ok(value) => json_1_1(StatusCode::OK, &value),
        Err(e) => e.into_response(),
    }
}

fn text<'a>(input: &'a Value, key: &str, op: AdminOp) -> Result<&'a str, AdminError> {
    input.get(key).and_then(Value::as_str).ok_or_else(|| {
        AdminError::bad(
            op.service().validation(),
            format!("1 validation error detected: Value null at '{key}' failed to satisfy constraint: Member must not be null"),
        )
    })
}

/// One page of `items`; the token encodes the listing and the offset.
fn paginate<'a, T>(
    dir: &Directory,
    op: AdminOp,
    listing: &str,
    input: &Value,
    items: &'a [T],
) -> Result<(&'a [T], Option<String>), AdminError> {
    let max = input
        .get("MaxResults")
        .and_then(Value::as_u64)
        .map_or(dir.page_size, |m| {
            (m as usize).clamp(1, dir.page_size.max(1))
        })
        .max(1);
    let start = match input.get("NextToken").and_then(Value::as_str) {
        None => 0,
        Some(token) => token
            .strip_prefix(&format!("{listing}#"))
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|n| *n <= items.len())
            .ok_or_else(|| {
                let code = if op.service() == Service::Organizations {
                    "InvalidInputException"
                } else {
                    "ValidationException"
                };
                AdminError::bad(code, "The NextToken is invalid")
            })?,
    };
    let end = (start + max).min(items.len());
    let next = (end < items.len()).then(|| format!("{listing}#{end}"));
    Ok((&items[start..end], next))
}

fn with_next(mut value: Value, next: Option<String>) -> Value {
    if let (Some(next), Some(map)) = (next, value.as_object_mut()) {
        map.insert("NextToken".into(), Value::String(next));
    }
    value
}

fn account_json(a: &OrgAccount) -> Value {
    json!({
        "Id": a.id,
        "Arn": format!("arn:aws:organizations::200000000000:account/o-a1b2c3d4e5/{}", a.id),
        "Email": a.email,
        "Name": a.name,
        "Status": "ACTIVE",
        "JoinedMethod": "CREATED",
        "JoinedTimestamp": 1.7e9,
    })
}

fn check_instance(dir: &Directory, input: &Value, op: AdminOp) -> Result<(), AdminError> {
    let arn = text(input, "InstanceArn", op)?;
    if arn != dir.instance_arn {
        return Err(AdminError::bad(
            "ResourceNotFoundException",
            format!("Instance {arn} does not exist"),
        ));
    }
    Ok(())
}

fn check_store(dir: &Directory, input: &Value, op: AdminOp) -> Result<(), AdminError> {
    let store = text(input, "IdentityStoreId", op)?;
    if store != dir.identity_store_id {
        return Err(AdminError::bad(
            "ResourceNotFoundException",
            format!("Identity store {store} does not exist"),
        ));
    }
    Ok(())
}

fn is_parent(dir: &Directory, id: &str) -> bool {
    id == dir.root_id || dir.ous.iter().any(|o| o.id == id)
}

fn serve(dir: &Directory, op: AdminOp, input: &Value) -> Result<Value, AdminError> {
    match op {
        // An empty ARN models a region without an instance.
        AdminOp::ListInstances if dir.instance_arn.is_empty() => Ok(json!({"Instances": []})),
        AdminOp::ListInstances => Ok(json!({"Instances": [{
            "InstanceArn": dir.instance_arn,
            "IdentityStoreId": dir.identity_store_id,
            "OwnerAccountId": "200000000000",
            "Name": "emulator",
            "Status": "ACTIVE",
            "CreatedDate": 1.7e9,
        }]})),
        AdminOp::ListPermissionSets => {
            check_instance(dir, input, op)?;
            let arns: Vec<&str> = dir.permission_sets.iter().map(|p| p.arn.as_str()).collect();
            let (page, next) = paginate(dir, op, "ps", input, &arns)?;
            Ok(with_next(json!({"PermissionSets": page}), next))
        }
        AdminOp::ListPermissionSetsProvisionedToAccount => {
            check_instance(dir, input, op)?;
            let account = text(input, "AccountId", op)?;
            let mut seen = HashSet::new();
            let arns: Vec<&str> = dir
                .permission_sets
                .iter()
                .map(|p| p.arn.as_str())
                .filter(|arn| {
                    dir.assignments
                        .iter()
                        .any(|a| a.account_id == account && a.permission_set_arn == *arn)
                        || dir
                            .provisioned
                            .iter()
                            .any(|(acc, ps)| acc == account && ps == arn)
                })
                .filter(|arn| seen.insert(*arn))
                .collect();
            let (page, next) = paginate(dir, op, &format!("prov/{account}"), input, &arns)?;
            Ok(with_next(json!({"PermissionSets": page}), next))
        }
        AdminOp::ListAccountAssignments => {
            check_instance(dir, input, op)?;
            let account = text(input, "AccountId", op)?;
            let ps = text(input, "PermissionSetArn", op)?;
            if !dir.permission_sets.iter().any(|p| p.arn == ps) {
                return Err(AdminError::bad(
                    "ResourceNotFoundException",
                    format!("Could not find PermissionSet with id {ps}"),
                ));
            }
            let rows: Vec<Value> = dir
                .assignments
                .iter()
                .filter(|a| a.account_id == account && a.permission_set_arn == ps)
                .map(|a| {
                    json!({
                        "AccountId": a.account_id,
                        "PermissionSetArn": a.permission_set_arn,
                        "PrincipalType": a.principal_type,
                        "PrincipalId": a.principal_id,
                    })
                })
                .collect();
            let (page, next) = paginate(dir, op, &format!("aa/{account}/{ps}"), input, &rows)?;
            Ok(with_next(json!({"AccountAssignments": page}), next))
        }
        AdminOp::DescribePermissionSet => {
            check_instance(dir, input, op)?;
            let arn = text(input, "PermissionSetArn", op)?;
            let ps = dir
                .permission_sets
                .iter()
                .find(|p| p.arn == arn)
                .ok_or_else(|| {
                    AdminError::bad(
                        "ResourceNotFoundException",
                        format!("Could not find PermissionSet with id {arn}"),
                    )
                })?;
            Ok(json!({"PermissionSet": {
                "Name": ps.name,
                "PermissionSetArn": ps.arn,
                "CreatedDate": 1.7e9,
                "SessionDuration": "PT1H",
            }}))
        }
        AdminOp::DescribeUser | AdminOp::DescribeGroup => {
            check_store(dir, input, op)?;
            let (kind, key) = if op == AdminOp::DescribeUser {
                ("USER", "UserId")
            } else {
                ("GROUP", "GroupId")
            };
            let id = text(input, key, op)?;
            let p = dir
                .principals
                .iter()
                .find(|p| p.principal_type == kind && p.id == id)
                .ok_or_else(|| {
                    AdminError::bad(
                        "ResourceNotFoundException",
                        format!(
                            "{} not found",
                            if kind == "USER" { "USER" } else { "GROUP" }
                        ),
                    )
                })?;
            Ok(if kind == "USER" {
                json!({"IdentityStoreId": dir.identity_store_id, "UserId": p.id, "UserName": p.name, "DisplayName": p.name})
            } else {
                json!({"IdentityStoreId": dir.identity_store_id, "GroupId": p.id, "DisplayName": p.name})
            })
        }
        AdminOp::ListAccounts => {
            let all: Vec<Value> = dir.accounts.iter().map(account_json).collect();
            let (page, next) = paginate(dir, op, "accounts", input, &all)?;
            Ok(with_next(json!({"Accounts": page}), next))
        }
        AdminOp::ListAccountsForParent => {
            let parent = text(input, "ParentId", op)?;
            if !is_parent(dir, parent) {
                return Err(AdminError::bad(
                    "ParentNotFoundException",
                    "We can't find a root or OU with the ParentId that you specified.",
                ));
            }
            let list: Vec<Value> = dir
                .accounts
                .iter()
                .filter(|a| a.parent == parent)
                .map(account_json)
                .collect();
            let (page, next) = paginate(dir, op, &format!("afp/{parent}"), input, &list)?;
            Ok(with_next(json!({"Accounts": page}), next))
        }
        AdminOp::ListOrganizationalUnitsForParent | AdminOp::ListChildren => {
            let parent = text(input, "ParentId", op)?;
            if !is_parent(dir, parent) {
                return Err(AdminError::bad(
                    "ParentNotFoundException",
                    "We can't find a root or OU with the ParentId that you specified.",
                ));
            }
            let list: Vec<Value> = dir
                .ous
                .iter()
                .filter(|o| o.parent == parent)
                .map(|o| {
                    json!({
                        "Id": o.id,
                        "Arn": format!("arn:aws:organizations::200000000000:ou/o-a1b2c3d4e5/{}", o.id),
                        "Name": o.name,
                    })
                })
                .collect();
            let (page, next) = paginate(dir, op, &format!("ous/{parent}"), input, &list)?;
            Ok(with_next(json!({"OrganizationalUnits": page}), next))
        }
        AdminOp::DescribeAccount => {
            let id = text(input, "AccountId", op)?;
            let account = dir.accounts.iter().find(|a| a.id == id).ok_or_else(|| {
                AdminError::bad(
                    "AccountNotFoundException",
                    "You specified an account that doesn't exist.",
                )
            })?;
            Ok(json!({"Account": account_json(account)}))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(auth: Option<&str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-amz-date", HeaderValue::from_static("20261201T000000Z"));
        if let Some(auth) = auth {
            h.insert(header::AUTHORIZATION, HeaderValue::from_str(auth).unwrap());
        }
        h
    }

    fn auth(key: &str, service: &str) -> String {
        format!(
            "AWS4-HMAC-SHA256 Credential={key}/20261201/eu-west-1/{service}/aws4_request, \
             SignedHeaders=host;x-amz-date;x-amz-target, Signature=0123abcd"
        )
    }

    #[test]
    fn only_requests_signed_with_the_expected_key_and_service_pass() {
        let dir = Directory::sample();
        let op = AdminOp::ListAccountAssignments;
        assert!(
            check_signature(&headers(Some(&auth(SAMPLE_ACCESS_KEY_ID, "sso"))), &dir, op).is_ok()
        );
        let refused = |h: HeaderMap| check_signature(&h, &dir, op).err().map(|e| e.code);
        assert_eq!(
            refused(headers(None)),
            Some("MissingAuthenticationTokenException")
        );
        assert_eq!(
            refused(headers(Some(&auth("AKIAOTHER", "sso")))),
            Some("UnrecognizedClientException")
        );
        assert_eq!(
            refused(headers(Some(&auth(SAMPLE_ACCESS_KEY_ID, "organizations")))),
            Some("UnrecognizedClientException"),
            "signed for another service"
        );
        assert_eq!(
            refused(headers(Some("Bearer token"))),
            Some("UnrecognizedClientException")
        );
    }

    #[test]
    fn targets_name_the_right_service() {
        assert_eq!(
            AdminOp::from_target("SWBExternalService.ListAccountAssignments"),
            Some(AdminOp::ListAccountAssignments)
        );
        assert_eq!(
            AdminOp::from_target("AWSOrganizationsV20161128.ListAccounts"),
            Some(AdminOp::ListAccounts)
        );
        assert_eq!(
            AdminOp::from_target("AWSIdentityStore.DescribeUser"),
            Some(AdminOp::DescribeUser)
        );
        assert_eq!(
            AdminOp::from_target("SWBExternalService.ListAccounts"),
            None
        );
        assert_eq!(AdminOp::from_target("ListAccounts"), None);
    }

    #[test]
    fn pages_chain_and_bad_tokens_are_refused() {
        let mut dir = Directory::sample();
        dir.page_size = 2;
        let items = [1, 2, 3, 4, 5];
        let op = AdminOp::ListAccounts;
        let (page, next) = paginate(&dir, op, "x", &json!({}), &items).unwrap();
        assert_eq!((page, next.as_deref()), (&items[..2], Some("x#2")));
        let (page, next) = paginate(&dir, op, "x", &json!({"NextToken": "x#4"}), &items).unwrap();
        assert_eq!((page, next), (&items[4..], None));
        let (page, _) = paginate(&dir, op, "x", &json!({"MaxResults": 1}), &items).unwrap();
        assert_eq!(page, &items[..1]);
        for bad in ["y#2", "x#9", "x#", "garbage"] {
            let err = paginate(&dir, op, "x", &json!({"NextToken": bad}), &items).err();
            assert_eq!(err.map(|e| e.code), Some("InvalidInputException"), "{bad}");
        }
    }
}
