//! The inventory: every account the user can reach and every role in each, paced.
//!
//! Shared by `awsso discover`, `awsso list` and the `write-default` chooser. I/O over pure
//! halves: [`AdaptiveLimiter`] (`sso::pacing`: when may the next request go, and how fast
//! after each answer) and [`backoff`] (how long to wait before a retry) take the time and the
//! randomness as arguments and are unit-tested; [`collect`] drives the API calls.
//!
//! Identity Center throttles the portal API at roughly 20 requests/s for the whole instance
//! (the service answers 429 `TooManyRequestsException`), and a large organisation means one ListAccountRoles call per account, so:
//!
//! - one shared adaptive rate limiter gates every request, retries included: it starts below
//!   the documented 20 requests/s, slows down on each 429 and probes upward otherwise (CUBIC,
//!   like the SDKs' adaptive retry mode; `--rate` caps it);
//! - at most [`Pacing::concurrency`] requests are in flight (futures on the session's
//!   current-thread runtime; no threads);
//! - 429, 5xx and network errors are retried with exponential backoff and jitter; a 429 also
//!   slows the shared limiter, so every in-flight worker slows down, not just the one that was
//!   throttled. The SDK's own retries are off (`max_attempts = 1`): we pace, it does not;
//! - a 429 never leads to a re-login; a 401 goes through [`Session::after_rejection`] once
//!   (outside the runtime, as it may refresh the token) and the run resumes where it stopped;
//! - any other failure, or a transient one that outlasts the retries, aborts the whole run with
//!   an error naming the call: callers never see a partial inventory.
//!
//! Results stream to the caller through an [`Event`] callback as pages arrive.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;

use crate::error::LoginRequiredReason;
use crate::secret::Secret;
use crate::sso::SsoError;
use crate::sso::client::{Account, ApiError, ApiErrorKind, Clients};
use crate::sso::pacing::{AdaptiveLimiter, Pacing, backoff};
use crate::sso::session::{LoginOptions, Session};

/// What to collect.
#[derive(Debug, Clone, Default)]
pub(crate) struct InventoryRequest {
    /// List each account's roles too (false: accounts only).
    pub roles: bool,
    /// List the roles of these accounts only (the accounts are still listed in full).
    pub account_ids: Option<Vec<String>>,
    /// Pacing.
    pub pacing: Pacing,
    /// Log in (with these options) when no valid token is cached, instead of failing.
    pub login: Option<LoginOptions>,
    /// Set by the caller to end the run early: no further request is sent, requests in flight
    /// finish, and the (partial) inventory is returned.
    pub stop: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
}

/// Progress, as pages arrive.
#[derive(Debug)]
pub(crate) enum Event<'a> {
    /// A page of ListAccounts.
    Accounts(&'a [Account]),
    /// A page of ListAccountRoles; `last` when the account is complete.
    Roles {
        /// The account.
        account: &'a Account,
        /// The roles on this page.
        roles: &'a [String],
        /// Whether this was the account's last page.
        last: bool,
    },
    /// A transient failure that will be retried after `delay`.
    Retry {
        /// The failure.
        error: &'a ApiError,
        /// Retry number (1 = first retry).
        attempt: u32,
        /// The wait before it.
        delay: Duration,
    },
    /// The token was rejected (401) and replaced; the run resumes.
    Reauthenticated,
    /// ListAccounts returned an account whose id is not 12 digits; it is left out.
    InvalidAccount(&'a Account),
}

/// One account and its roles.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct AccountRoles {
    /// The account.
    #[serde(flatten)]
    pub account: Account,
    /// Its roles, in the service's order (empty when roles were not requested).
    pub roles: Vec<String>,
}

/// Counters of one run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Stats {
    /// API requests sent, retries included.
    pub requests: u64,
    /// Retries after transient failures.
    pub retries: u64,
    /// Of which after throttling (429).
    pub throttled: u64,
}

/// The complete inventory.
#[derive(Debug, Clone, Default)]
pub(crate) struct Inventory {
    /// Accounts in ListAccounts order, each with its roles.
    pub accounts: Vec<AccountRoles>,
    /// Counters.
    pub stats: Stats,
}

impl Inventory {
    /// Every (account, role) pair, in account order.
    pub(crate) fn roles(&self) -> impl Iterator<Item = (&Account, &str)> {
        self.accounts
            .iter()
            .flat_map(|a| a.roles.iter().map(move |r| (&a.account, r.as_str())))
    }
}

/// Why the inventory could not be collected.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum InventoryError {
    /// No token, or the token could not be replaced after a 401.
    #[error(transparent)]
    Session(#[from] SsoError),
    /// A call failed for good.
    #[error("{what} failed after {attempts} attempt(s); nothing was written")]
    Failed {
        /// The call, e.g. `ListAccountRoles for account 123456789012`.
        what: String,
        /// How many attempts were made.
        attempts: u32,
        /// The last error.
        #[source]
        source: SsoError,
    },
    /// `--account-id` names an account the user cannot reach.
    #[error("account {account_id} is not among the {count} accounts you can access")]
    NoSuchAccount {
        /// The account.
        account_id: String,
        /// How many there are.
        count: usize,
    },
}

/// One unit of work: a page of a listing.
#[derive(Debug, Clone)]
enum Work {
    Accounts(Option<String>),
    Roles {
        index: usize,
        account_id: String,
        next: Option<String>,
    },
}

impl Work {
    fn describe(&self) -> String {
        match self {
            Work::Accounts(_) => "ListAccounts".to_owned(),
            Work::Roles { account_id, .. } => format!("ListAccountRoles for account {account_id}"),
        }
    }
}

enum Page {
    Accounts(Vec<Account>, Option<String>),
    Roles(Vec<String>, Option<String>),
}

enum Outcome {
    Done,
    Rejected,
}

type Sink<'e, 'f> = RefCell<&'e mut (dyn FnMut(Event<'_>) + 'f)>;

/// Mutable run state; survives the pause for a re-authentication.
struct State {
    queue: VecDeque<Work>,
    accounts: Vec<AccountRoles>,
    stats: Stats,
}

/// Lists every account (and, when asked, every role), calling `on_event` as pages arrive.
///
/// The session's environment supplies the endpoint overrides for the dedicated, non-retrying
/// client.
pub(crate) fn collect(
    session: &Session,
    request: &InventoryRequest,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<Inventory, InventoryError> {
    let login = request.login.as_ref();
    let mut token = session.access_token(login)?;
    let clients = Clients::new(&session.world().env, &session.target().sso_region, 1);
    let limiter = RefCell::new(AdaptiveLimiter::new(request.pacing.rate, Instant::now()));
    let sink: Sink<'_, '_> = RefCell::new(on_event);
    let stats = RefCell::new(Stats::default());
    let mut state = State {
        queue: VecDeque::from([Work::Accounts(None)]),
        accounts: Vec::new(),
        stats: Stats::default(),
    };
    let mut reauthenticated = false;
    loop {
        let ctx = Drive {
            clients: &clients,
            token: &token.access_token,
            limiter: &limiter,
            request,
            sink: &sink,
            stats: &stats,
        };
        match session.block_on(ctx.run(&mut state))?? {
            Outcome::Done => break,
            Outcome::Rejected if reauthenticated => {
                return Err(session
                    .login_required(
                        LoginRequiredReason::Rejected,
                        "the service rejected the token (401) again after it was replaced",
                    )
                    .into());
            }
            Outcome::Rejected => {
                token = session.after_rejection(&token, login)?;
                reauthenticated = true;
                (sink.borrow_mut())(Event::Reauthenticated);
            }
        }
    }
    state.stats = *stats.borrow();
    // A caller that stopped listening gets the partial inventory, unchecked.
    let stopped = request
        .stop
        .as_ref()
        .is_some_and(|s| s.load(std::sync::atomic::Ordering::Relaxed));
    if let Some(wanted) = request
        .account_ids
        .iter()
        .flatten()
        .filter(|_| !stopped)
        .find(|wanted| !state.accounts.iter().any(|a| &a.account.id == *wanted))
    {
        return Err(InventoryError::NoSuchAccount {
            account_id: wanted.clone(),
            count: state.accounts.len(),
        });
    }
    Ok(Inventory {
        accounts: state.accounts,
        stats: state.stats,
    })
}

/// Borrowed context of one pass of the driver.
struct Drive<'a, 'e, 'f> {
    clients: &'a Clients,
    token: &'a Secret<String>,
    limiter: &'a RefCell<AdaptiveLimiter>,
    request: &'a InventoryRequest,
    sink: &'a Sink<'e, 'f>,
    stats: &'a RefCell<Stats>,
}

impl Drive<'_, '_, '_> {
    /// Runs work from the queue until it is empty, or until a 401 (then drains what is in
    /// flight, puts the rejected work back, and returns [`Outcome::Rejected`]).
    async fn run(&self, state: &mut State) -> Result<Outcome, InventoryError> {
        let mut in_flight = FuturesUnordered::new();
        let mut rejected = false;
        let concurrency = self.request.pacing.concurrency.max(1);
        loop {
            // A caller that stopped listening (a dropped stream) ends the run: no new calls.
            let stopped = self
                .request
                .stop
                .as_ref()
                .is_some_and(|s| s.load(std::sync::atomic::Ordering::Relaxed));
            while !rejected && !stopped && in_flight.len() < concurrency {
                let Some(work) = state.queue.pop_front() else {
                    break;
                };
                in_flight.push(self.fetch(work));
            }
            let Some((work, attempts, result)) = in_flight.next().await else {
                break;
            };
            match result {
                Ok(page) => self.apply(state, work, page),
                Err(e) if e.kind == ApiErrorKind::Unauthorized => {
                    rejected = true;
                    state.queue.push_front(work);
                }
                Err(e) => {
                    return Err(InventoryError::Failed {
                        what: work.describe(),
                        attempts,
                        source: SsoError::Api(e),
                    });
                }
            }
        }
        Ok(if rejected {
            Outcome::Rejected
        } else {
            Outcome::Done
        })
    }

    /// Records a page, queues the follow-up work and reports it.
    fn apply(&self, state: &mut State, work: Work, page: Page) {
        match (work, page) {
            (Work::Accounts(_), Page::Accounts(accounts, next)) => {
                if let Some(next) = next {
                    // Account pages first: the total is known sooner.
                    state.queue.push_front(Work::Accounts(Some(next)));
                }
                // An id that is not 12 digits cannot be an account: never list, write or call
                // with it.
                let (accounts, invalid): (Vec<Account>, Vec<Account>) = accounts
                    .into_iter()
                    .partition(|a| crate::ids::check_account_id(&a.id).is_ok());
                for account in &invalid {
                    (self.sink.borrow_mut())(Event::InvalidAccount(account));
                }
                for account in &accounts {
                    let wanted = self.request.roles
                        && self
                            .request
                            .account_ids
                            .as_ref()
                            .is_none_or(|ids| ids.contains(&account.id));
                    if wanted {
                        state.queue.push_back(Work::Roles {
                            index: state.accounts.len(),
                            account_id: account.id.clone(),
                            next: None,
                        });
                    }
                    state.accounts.push(AccountRoles {
                        account: account.clone(),
                        roles: Vec::new(),
                    });
                }
                (self.sink.borrow_mut())(Event::Accounts(&accounts));
            }
            (
                Work::Roles {
                    index, account_id, ..
                },
                Page::Roles(roles, next),
            ) => {
                let last = next.is_none();
                if let Some(next) = next {
                    state.queue.push_front(Work::Roles {
                        index,
                        account_id,
                        next: Some(next),
                    });
                }
                let entry = &mut state.accounts[index];
                entry.roles.extend(roles.iter().cloned());
                (self.sink.borrow_mut())(Event::Roles {
                    account: &entry.account,
                    roles: &roles,
                    last,
                });
            }
            // `fetch` answers each kind of work with the same kind of page.
            (Work::Accounts(_), Page::Roles(..)) | (Work::Roles { .. }, Page::Accounts(..)) => {}
        }
    }

    /// One page, paced and retried; returns the work (to re-queue or follow up), the attempts
    /// made, and the page or the last error.
    async fn fetch(&self, work: Work) -> (Work, u32, Result<Page, ApiError>) {
        let pacing = &self.request.pacing;
        let mut attempt = 0;
        loop {
            let wait = self.limiter.borrow_mut().reserve(Instant::now());
            if !wait.is_zero() {
                tokio::time::sleep(wait).await;
            }
            self.stats.borrow_mut().requests += 1;
            attempt += 1;
            let sent = Instant::now();
            let result = match &work {
                Work::Accounts(next) => self
                    .clients
                    .list_accounts_page(self.token, next.clone())
                    .await
                    .map(|(a, n)| Page::Accounts(a, n)),
                Work::Roles {
                    account_id, next, ..
                } => self
                    .clients
                    .list_account_roles_page(self.token, account_id, next.clone())
                    .await
                    .map(|(r, n)| Page::Roles(r, n)),
            };
            let throttled = matches!(&result, Err(e) if e.kind == ApiErrorKind::Throttled);
            self.limiter
                .borrow_mut()
                .record(sent, Instant::now(), throttled);
            match result {
                Err(e) if e.is_transient() && attempt < pacing.max_attempts => {
                    let delay = backoff(
                        attempt - 1,
                        pacing.base_delay,
                        pacing.max_delay,
                        fastrand::f64(),
                    );
                    {
                        let mut stats = self.stats.borrow_mut();
                        stats.retries += 1;
                        if e.kind == ApiErrorKind::Throttled {
                            stats.throttled += 1;
                        }
                    }
                    (self.sink.borrow_mut())(Event::Retry {
                        error: &e,
                        attempt,
                        delay,
                    });
                    tokio::time::sleep(delay).await;
                }
                other => return (work, attempt, other),
            }
        }
    }
}
