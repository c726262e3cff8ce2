//! The walk over instance → targets → permission sets → assignments, as a stream.
//!
//! I/O over the pure pacing decisions of `sso::pacing` (the adaptive rate limiter and the
//! backoff the inventory uses too). Work items (one page of one listing each) sit in a queue; up to [`Pacing::concurrency`] run at once, every request waits for the shared
//! rate limiter, and each finished item queues its follow-ups and hands over its rows. The
//! stream must be polled inside a tokio runtime with timers enabled (the SDK needs one anyway).

use std::collections::{HashMap, HashSet, VecDeque};
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use aws_config::SdkConfig;
use futures_util::future::BoxFuture;
use futures_util::stream::{self, FuturesUnordered, Stream, StreamExt};
use tokio::sync::OnceCell;

use crate::admin::api::{Call, CallError, Clients, Kind, OrgAccount};
use crate::admin::query::{is_permission_set_id, permission_set_arn};
use crate::admin::{
    AdminError, Assignment, AssignmentQuery, PrincipalSpec, PrincipalType, TargetSpec, TargetType,
};
use crate::sso::pacing::{AdaptiveLimiter, backoff};

/// Progress of a listing, for progress bars and logs.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Event {
    /// More work was found: `n` listing pages or lookups to do.
    Queued(usize),
    /// One of them is done.
    Completed,
    /// A call failed transiently and will be retried after `delay`.
    Retry {
        /// The call and its subject.
        call: String,
        /// What went wrong.
        error: String,
        /// Retry number (1 = the first retry).
        attempt: u32,
        /// The wait before it.
        delay: Duration,
    },
    /// The listing is complete (not sent when it fails).
    Finished(Stats),
}

/// Counters of one listing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Requests sent, retries included.
    pub requests: u64,
    /// Retries after transient failures.
    pub retries: u64,
    /// Of which after throttling.
    pub throttled: u64,
    /// Accounts visited.
    pub accounts: u64,
}

/// Every assignment matching `query`, as a stream of rows found (see the module docs of
/// [`crate::admin`] for the calls made).
///
/// The stream ends after the first error, an [`Error::Admin`](crate::Error::Admin) holding
/// the [`AdminError`]. Poll it inside a tokio runtime.
///
/// ```no_run
/// use awsso::admin::{AssignmentQuery, list_assignments};
/// use futures_util::StreamExt;
///
/// # async fn run() -> Result<(), awsso::Error> {
/// let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
/// let query = AssignmentQuery::default()
///     .permission_set_filter(|_arn, name| name == Some("AdministratorAccess"))
///     .names(true);
/// let mut rows = std::pin::pin!(list_assignments(&config, query));
/// while let Some(row) = rows.next().await {
///     let row = row?;
///     println!("{} {:?} in {}", row.principal_type, row.principal_name, row.target_id);
/// }
/// # Ok(())
/// # }
/// ```
pub fn list_assignments(
    config: &SdkConfig,
    query: AssignmentQuery,
) -> impl Stream<Item = Result<Assignment, crate::Error>> + Send + 'static {
    list_assignments_observed(config, query, |_| {})
}

/// [`list_assignments`] that also reports progress to `observer` (called from the task that
/// polls the stream).
pub fn list_assignments_observed(
    config: &SdkConfig,
    query: AssignmentQuery,
    observer: impl Fn(Event) + Send + Sync + 'static,
) -> impl Stream<Item = Result<Assignment, crate::Error>> + Send + 'static {
    let ctx = Arc::new(Ctx {
        clients: Clients::new(config),
        region: config.region().map(ToString::to_string),
        limiter: Mutex::new(AdaptiveLimiter::new(query.pacing.rate, Instant::now())),
        query,
        ids: OnceLock::new(),
        permission_sets: OnceLock::new(),
        seen: Mutex::new(HashSet::new()),
        ps_names: Mutex::new(HashMap::new()),
        principal_names: Mutex::new(HashMap::new()),
        yielded: Mutex::new(HashSet::new()),
        stats: Mutex::new(Stats::default()),
        observer: Box::new(observer),
    });
    let walker = Walker {
        queue: VecDeque::from([Work::Start]),
        in_flight: FuturesUnordered::new(),
        ready: VecDeque::new(),
        ctx,
    };
    stream::unfold(Some(walker), |state| async move {
        let mut walker = state?;
        match walker.next().await {
            Some(Ok(row)) => Some((Ok(row), Some(walker))),
            Some(Err(e)) => Some((Err(e.into()), None)),
            None => {
                let stats = *lock(&walker.ctx.stats);
                (walker.ctx.observer)(Event::Finished(stats));
                None
            }
        }
    })
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The instance in use.
#[derive(Debug, Clone)]
struct Ids {
    instance_arn: String,
    identity_store_id: Option<String>,
}

type NameCell = Arc<OnceCell<Option<String>>>;

/// What every work item shares.
struct Ctx {
    clients: Clients,
    region: Option<String>,
    query: AssignmentQuery,
    limiter: Mutex<AdaptiveLimiter>,
    ids: OnceLock<Ids>,
    /// The query's permission sets as ARNs (set by `Start`).
    permission_sets: OnceLock<Vec<String>>,
    /// Accounts already queued (an account in two given OUs is visited once).
    seen: Mutex<HashSet<String>>,
    ps_names: Mutex<HashMap<String, NameCell>>,
    principal_names: Mutex<HashMap<(PrincipalType, String), NameCell>>,
    /// Rows yielded: a service that lists an assignment twice (moto stores a repeated
    /// CreateAccountAssignment twice) still yields it once.
    yielded: Mutex<HashSet<(String, String, PrincipalType, String)>>,
    stats: Mutex<Stats>,
    observer: Box<dyn Fn(Event) + Send + Sync>,
}

/// An account to visit.
#[derive(Debug, Clone)]
struct Target {
    id: String,
    name: Option<String>,
}

/// One unit of work: one page of one listing, or one lookup.
#[derive(Debug, Clone)]
enum Work {
    /// Resolve the instance, then queue the targets.
    Start,
    /// A page of `ListAccounts` (no parent) or `ListAccountsForParent`.
    Accounts {
        parent: Option<String>,
        next: Option<String>,
    },
    /// A page of `ListOrganizationalUnitsForParent`.
    ChildOus {
        parent: String,
        next: Option<String>,
    },
    /// `DescribeAccount` for an account given by id.
    DescribeAccount(String),
    /// A page of `ListPermissionSetsProvisionedToAccount` (or the query's permission sets).
    PermissionSets {
        account: Target,
        next: Option<String>,
    },
    /// A page of `ListAccountAssignments`.
    Assignments {
        account: Target,
        permission_set_arn: String,
        permission_set_name: Option<String>,
        next: Option<String>,
    },
}

/// What a finished work item hands back.
#[derive(Default)]
struct Outcome {
    follow: Vec<Work>,
    rows: Vec<Assignment>,
}

struct Walker {
    ctx: Arc<Ctx>,
    queue: VecDeque<Work>,
    in_flight: FuturesUnordered<BoxFuture<'static, Result<Outcome, AdminError>>>,
    ready: VecDeque<Assignment>,
}

impl Walker {
    async fn next(&mut self) -> Option<Result<Assignment, AdminError>> {
        let concurrency = self.ctx.query.pacing.concurrency.max(1);
        loop {
            if let Some(row) = self.ready.pop_front() {
                return Some(Ok(row));
            }
            while self.in_flight.len() < concurrency {
                let Some(work) = self.queue.pop_front() else {
                    break;
                };
                let ctx = Arc::clone(&self.ctx);
                self.in_flight
                    .push(Box::pin(async move { ctx.run(work).await }));
            }
            match self.in_flight.next().await? {
                Ok(outcome) => {
                    (self.ctx.observer)(Event::Completed);
                    if !outcome.follow.is_empty() {
                        (self.ctx.observer)(Event::Queued(outcome.follow.len()));
                    }
                    // Deeper work first: rows come sooner and the queue stays short.
                    for work in outcome.follow.into_iter().rev() {
                        match work {
                            Work::Assignments { .. } => self.queue.push_front(work),
                            _ => self.queue.push_back(work),
                        }
                    }
                    self.ready.extend(outcome.rows);
                }
                Err(e) => {
                    self.in_flight = FuturesUnordered::new();
                    return Some(Err(e));
                }
            }
        }
    }
}

impl Ctx {
    fn names_principals(&self) -> bool {
        self.query.get_principal_names || self.query.principal_filter.is_some()
    }

    fn names_permission_sets(&self) -> bool {
        self.query.get_permission_set_names || self.query.permission_set_filter.is_some()
    }

    fn names_targets(&self) -> bool {
        self.query.get_target_names || self.query.target_filter.is_some()
    }

    fn ids(&self) -> &Ids {
        self.ids
            .get()
            .expect("Start resolves the instance before queueing other work")
    }

    async fn run(&self, work: Work) -> Result<Outcome, AdminError> {
        match work {
            Work::Start => self.start().await,
            Work::Accounts { parent, next } => self.accounts(parent, next).await,
            Work::ChildOus { parent, next } => self.child_ous(parent, next).await,
            Work::DescribeAccount(id) => self.describe_account(id).await,
            Work::PermissionSets { account, next } => self.permission_sets(account, next).await,
            Work::Assignments {
                account,
                permission_set_arn,
                permission_set_name,
                next,
            } => {
                self.assignments(account, permission_set_arn, permission_set_name, next)
                    .await
            }
        }
    }

    /// One call, paced and retried on transient failures.
    async fn call<T, F, Fut>(&self, call: Call, subject: &str, mut send: F) -> Result<T, AdminError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, CallError>>,
    {
        let pacing = &self.query.pacing;
        let mut attempt = 0;
        loop {
            let wait = lock(&self.limiter).reserve(Instant::now());
            if !wait.is_zero() {
                tokio::time::sleep(wait).await;
            }
            lock(&self.stats).requests += 1;
            attempt += 1;
            let sent = Instant::now();
            let result = send().await;
            let throttled = matches!(&result, Err(e) if e.kind == Kind::Throttled);
            lock(&self.limiter).record(sent, Instant::now(), throttled);
            let err = match result {
                Ok(value) => return Ok(value),
                Err(err) => err,
            };
            if !err.is_transient() || attempt >= pacing.max_attempts.max(1) {
                return Err(self.failure(call, subject, err, attempt));
            }
            let delay = backoff(
                attempt - 1,
                pacing.base_delay,
                pacing.max_delay,
                fastrand::f64(),
            );
            {
                let mut stats = lock(&self.stats);
                stats.retries += 1;
                if err.kind == Kind::Throttled {
                    stats.throttled += 1;
                }
            }
            (self.observer)(Event::Retry {
                call: describe(call, subject),
                error: err.to_string(),
                attempt,
                delay,
            });
            tokio::time::sleep(delay).await;
        }
    }

    fn failure(&self, call: Call, subject: &str, err: CallError, attempts: u32) -> AdminError {
        let what = describe(call, subject);
        match err.kind {
            Kind::AccessDenied => AdminError::AccessDenied {
                call: what,
                permission: call.permission(),
                message: err.message,
            },
            Kind::Credentials => AdminError::Credentials {
                call: what,
                message: err.to_string(),
            },
            Kind::NoOrganization => AdminError::NoOrganization {
                call: what,
                message: err.message,
            },
            Kind::NotFound => AdminError::NotFound {
                call: what,
                message: err.message,
            },
            _ => AdminError::Api {
                call: what,
                attempts,
                message: err.to_string(),
                code: err.code,
                status: err.status,
            },
        }
    }

    async fn start(&self) -> Result<Outcome, AdminError> {
        let query = &self.query;
        // Malformed input fails before any call.
        if let Some(bad) = query
            .permission_sets
            .iter()
            .find(|ps| !is_permission_set_id(ps.trim()))
        {
            return Err(AdminError::InvalidQuery(format!(
                "'{bad}' is not a permission set id or ARN (ps-…, ssoins-…/ps-… or \
                 arn:aws:sso:::permissionSet/ssoins-…/ps-…)"
            )));
        }
        let need_store = self.names_principals() && query.identity_store_id.is_none();
        let ids = match (&query.instance_arn, need_store) {
            (Some(arn), false) => Ids {
                instance_arn: arn.clone(),
                identity_store_id: query.identity_store_id.clone(),
            },
            _ => self.lookup_instance().await?,
        };
        let permission_sets = query
            .permission_sets
            .iter()
            .map(|ps| permission_set_arn(ps, &ids.instance_arn))
            .collect::<Result<Vec<_>, _>>()?;
        let mut unique = HashSet::new();
        let permission_sets = permission_sets
            .into_iter()
            .filter(|ps| unique.insert(ps.clone()))
            .collect();
        let _ = self.permission_sets.set(permission_sets);
        let _ = self.ids.set(ids);
        let mut follow = Vec::new();
        if query.targets.is_empty() {
            follow.push(Work::Accounts {
                parent: None,
                next: None,
            });
        }
        let mut given = HashSet::new();
        for target in &query.targets {
            if !given.insert(target.clone()) {
                continue;
            }
            match target {
                TargetSpec::Account(id) if self.names_targets() => {
                    follow.push(Work::DescribeAccount(id.clone()));
                }
                TargetSpec::Account(id) => follow.extend(self.visit(Target {
                    id: id.clone(),
                    name: None,
                })),
                TargetSpec::Ou(ou) => {
                    follow.push(Work::Accounts {
                        parent: Some(ou.clone()),
                        next: None,
                    });
                    if query.ou_recursive {
                        follow.push(Work::ChildOus {
                            parent: ou.clone(),
                            next: None,
                        });
                    }
                }
            }
        }
        Ok(Outcome {
            follow,
            rows: Vec::new(),
        })
    }

    /// `ListInstances`: the given instance (for its identity store) or the first one.
    async fn lookup_instance(&self) -> Result<Ids, AdminError> {
        let mut next = None;
        let mut first = None;
        loop {
            let token = next.clone();
            let (page, token) = self
                .call(Call::ListInstances, "", || {
                    self.clients.list_instances(token.clone())
                })
                .await?;
            for instance in page {
                let wanted = self
                    .query
                    .instance_arn
                    .as_ref()
                    .is_none_or(|arn| arn == &instance.arn);
                if wanted && first.is_none() {
                    first = Some(instance);
                }
            }
            next = token;
            if next.is_none() || first.is_some() {
                break;
            }
        }
        match first {
            Some(instance) => Ok(Ids {
                instance_arn: instance.arn,
                identity_store_id: self
                    .query
                    .identity_store_id
                    .clone()
                    .or(instance.identity_store_id),
            }),
            None if self.query.instance_arn.is_some() => Err(AdminError::InvalidQuery(format!(
                "instance {} is not among the instances ListInstances returns; pass \
                 --identity-store-id to use it without the lookup",
                self.query.instance_arn.as_deref().unwrap_or_default()
            ))),
            None => Err(AdminError::NoInstance {
                region: self.region.clone().unwrap_or_else(|| "(none)".to_owned()),
            }),
        }
    }

    /// Queues an account's permission sets, unless it was seen or is filtered out.
    fn visit(&self, account: Target) -> Option<Work> {
        if let Some(filter) = &self.query.target_filter
            && !filter(TargetType::AwsAccount, &account.id, account.name.as_deref())
        {
            return None;
        }
        if !lock(&self.seen).insert(account.id.clone()) {
            return None;
        }
        lock(&self.stats).accounts += 1;
        Some(Work::PermissionSets {
            account,
            next: None,
        })
    }

    async fn accounts(
        &self,
        parent: Option<String>,
        next: Option<String>,
    ) -> Result<Outcome, AdminError> {
        let (call, subject) = match &parent {
            None => (Call::ListAccounts, String::new()),
            Some(p) => (Call::ListAccountsForParent, format!("for {p}")),
        };
        let (page, token) = self
            .call(call, &subject, || {
                self.clients.list_accounts(parent.as_deref(), next.clone())
            })
            .await?;
        let mut follow = Vec::new();
        if let Some(token) = token {
            follow.push(Work::Accounts {
                parent: parent.clone(),
                next: Some(token),
            });
        }
        for OrgAccount { id, name } in page {
            follow.extend(self.visit(Target { id, name }));
        }
        Ok(Outcome {
            follow,
            rows: Vec::new(),
        })
    }

    async fn child_ous(&self, parent: String, next: Option<String>) -> Result<Outcome, AdminError> {
        let subject = format!("for {parent}");
        let (page, token) = self
            .call(Call::ListOrganizationalUnitsForParent, &subject, || {
                self.clients.list_child_ous(&parent, next.clone())
            })
            .await?;
        let mut follow = Vec::new();
        if let Some(token) = token {
            follow.push(Work::ChildOus {
                parent: parent.clone(),
                next: Some(token),
            });
        }
        for ou in page {
            follow.push(Work::Accounts {
                parent: Some(ou.clone()),
                next: None,
            });
            follow.push(Work::ChildOus {
                parent: ou,
                next: None,
            });
        }
        Ok(Outcome {
            follow,
            rows: Vec::new(),
        })
    }

    async fn describe_account(&self, id: String) -> Result<Outcome, AdminError> {
        let subject = format!("for account {id}");
        let name = self
            .call(Call::DescribeAccount, &subject, || {
                self.clients.describe_account(&id)
            })
            .await?;
        Ok(Outcome {
            follow: self.visit(Target { id, name }).into_iter().collect(),
            rows: Vec::new(),
        })
    }

    async fn permission_sets(
        &self,
        account: Target,
        next: Option<String>,
    ) -> Result<Outcome, AdminError> {
        let instance_arn = &self.ids().instance_arn;
        let given = self.permission_sets.get().filter(|p| !p.is_empty());
        let (arns, token) = match given {
            Some(given) => (given.clone(), None),
            None => {
                let subject = format!("for account {}", account.id);
                self.call(
                    Call::ListPermissionSetsProvisionedToAccount,
                    &subject,
                    || {
                        self.clients.list_provisioned_permission_sets(
                            instance_arn,
                            &account.id,
                            next.clone(),
                        )
                    },
                )
                .await?
            }
        };
        let mut follow = Vec::new();
        if let Some(token) = token {
            follow.push(Work::PermissionSets {
                account: account.clone(),
                next: Some(token),
            });
        }
        let mut unique = HashSet::new();
        for arn in arns {
            if !unique.insert(arn.clone()) {
                continue;
            }
            let name = if self.names_permission_sets() {
                self.permission_set_name(&arn).await?
            } else {
                None
            };
            if let Some(filter) = &self.query.permission_set_filter
                && !filter(&arn, name.as_deref())
            {
                continue;
            }
            follow.push(Work::Assignments {
                account: account.clone(),
                permission_set_arn: arn,
                permission_set_name: name,
                next: None,
            });
        }
        Ok(Outcome {
            follow,
            rows: Vec::new(),
        })
    }

    async fn permission_set_name(&self, arn: &str) -> Result<Option<String>, AdminError> {
        let cell = Arc::clone(lock(&self.ps_names).entry(arn.to_owned()).or_default());
        let instance_arn = &self.ids().instance_arn;
        let name = cell
            .get_or_try_init(|| async {
                let subject = format!("for {arn}");
                self.call(Call::DescribePermissionSet, &subject, || {
                    self.clients.describe_permission_set(instance_arn, arn)
                })
                .await
            })
            .await?;
        Ok(name.clone())
    }

    async fn principal_name(
        &self,
        kind: PrincipalType,
        id: &str,
    ) -> Result<Option<String>, AdminError> {
        let Some(store) = self.ids().identity_store_id.as_deref() else {
            return Ok(None);
        };
        let cell = Arc::clone(
            lock(&self.principal_names)
                .entry((kind, id.to_owned()))
                .or_default(),
        );
        let call = match kind {
            PrincipalType::User => Call::DescribeUser,
            PrincipalType::Group => Call::DescribeGroup,
        };
        let name = cell
            .get_or_try_init(|| async {
                let subject = format!("for {} {id}", kind.as_str().to_ascii_lowercase());
                match self
                    .call(call, &subject, || {
                        self.clients.describe_principal(store, kind, id)
                    })
                    .await
                {
                    // A principal deleted since it was assigned has no name.
                    Err(AdminError::NotFound { .. }) => Ok(None),
                    other => other,
                }
            })
            .await?;
        Ok(name.clone())
    }

    async fn assignments(
        &self,
        account: Target,
        permission_set_arn: String,
        permission_set_name: Option<String>,
        next: Option<String>,
    ) -> Result<Outcome, AdminError> {
        let instance_arn = &self.ids().instance_arn;
        let subject = format!(
            "for account {} and permission set {}",
            account.id,
            permission_set_arn.rsplit('/').next().unwrap_or_default()
        );
        let (page, token) = self
            .call(Call::ListAccountAssignments, &subject, || {
                self.clients.list_account_assignments(
                    instance_arn,
                    &account.id,
                    &permission_set_arn,
                    next.clone(),
                )
            })
            .await?;
        let mut follow = Vec::new();
        if let Some(token) = token {
            follow.push(Work::Assignments {
                account: account.clone(),
                permission_set_arn: permission_set_arn.clone(),
                permission_set_name: permission_set_name.clone(),
                next: Some(token),
            });
        }
        let mut rows = Vec::new();
        for raw in page {
            let Some(kind) = raw.principal_type else {
                continue;
            };
            let key = (
                account.id.clone(),
                permission_set_arn.clone(),
                kind,
                raw.principal_id.clone(),
            );
            if lock(&self.yielded).contains(&key) {
                continue;
            }
            if !self.query.principals.is_empty()
                && !self
                    .query
                    .principals
                    .iter()
                    .any(|p| principal_matches(p, kind, &raw.principal_id))
            {
                continue;
            }
            let name = if self.names_principals() {
                self.principal_name(kind, &raw.principal_id).await?
            } else {
                None
            };
            if let Some(filter) = &self.query.principal_filter
                && !filter(kind, &raw.principal_id, name.as_deref())
            {
                continue;
            }
            lock(&self.yielded).insert(key);
            rows.push(Assignment {
                instance_arn: instance_arn.clone(),
                principal_type: kind,
                principal_id: raw.principal_id,
                principal_name: name,
                permission_set_arn: permission_set_arn.clone(),
                permission_set_name: permission_set_name.clone(),
                target_type: TargetType::AwsAccount,
                target_id: account.id.clone(),
                target_name: account.name.clone(),
            });
        }
        Ok(Outcome { follow, rows })
    }
}

fn principal_matches(spec: &PrincipalSpec, kind: PrincipalType, id: &str) -> bool {
    spec.principal_type.is_none_or(|t| t == kind) && spec.id == id
}

/// `ListAccountAssignments for account 123456789012 and permission set ps-…`.
fn describe(call: Call, subject: &str) -> String {
    if subject.is_empty() {
        call.name().to_owned()
    } else {
        format!("{} {subject}", call.name())
    }
}
