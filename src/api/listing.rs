//! Accounts and roles as streams (aws-sso-lib's `list_available_accounts()` and
//! `list_available_roles()`), paced like `awsso discover`.
//!
//! The inventory runs on tokio's blocking pool and sends each page through a channel as it
//! arrives; the stream yields from the channel. A failure ends the stream with one `Err`; a
//! dropped stream cancels the listing: no further request is sent, and a login it started
//! (with [`Sso::with_login`]) stops and releases the token lock.

use std::sync::Arc;

use futures_util::Stream;
use tokio::sync::mpsc;

use crate::Error;
use crate::sso::SsoError;
use crate::sso::cancel::{Cancel, CancelOnDrop};
use crate::sso::client::Account;
use crate::sso::inventory::{self, Event, InventoryRequest};
use crate::sso::session::Session;

use super::Sso;

/// A role the signed-in user can assume in an account (ListAccountRoles).
///
/// ```
/// let role = awsso::AccountRole::new("123456789012", "prod", "ReadOnly");
/// assert_eq!(format!("arn:aws:iam::{}:role/{}", role.account_id, role.role_name),
///            "arn:aws:iam::123456789012:role/ReadOnly");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[non_exhaustive]
pub struct AccountRole {
    /// The account id.
    pub account_id: String,
    /// The account's name.
    pub account_name: String,
    /// The role (permission set) name.
    pub role_name: String,
}

impl AccountRole {
    /// A role in an account (for tests and fakes: listings build their own).
    ///
    /// ```
    /// let role = awsso::AccountRole::new("123456789012", "prod", "ReadOnly");
    /// assert_eq!(role.account_name, "prod");
    /// ```
    pub fn new(
        account_id: impl Into<String>,
        account_name: impl Into<String>,
        role_name: impl Into<String>,
    ) -> AccountRole {
        AccountRole {
            account_id: account_id.into(),
            account_name: account_name.into(),
            role_name: role_name.into(),
        }
    }
}

impl Sso {
    /// Every account the signed-in user can reach, as pages arrive. Needs a usable token (see
    /// [`login`](Self::login) and [`with_login`](Self::with_login)); it is refreshed as needed.
    ///
    /// ```no_run
    /// # async fn demo(sso: awsso::Sso) -> Result<(), awsso::Error> {
    /// use futures_util::TryStreamExt;
    ///
    /// let accounts: Vec<awsso::Account> = sso.list_available_accounts().try_collect().await?;
    /// # let _ = accounts;
    /// # Ok(()) }
    /// ```
    pub fn list_available_accounts(
        &self,
    ) -> impl Stream<Item = Result<Account, Error>> + Send + 'static {
        let request = InventoryRequest {
            roles: false,
            login: self.login_options().cloned(),
            ..InventoryRequest::default()
        };
        stream(Arc::clone(self.session()), request, |event, send| {
            if let Event::Accounts(page) = event {
                for account in page {
                    send(account.clone());
                }
            }
        })
    }

    /// Every role in every account (`None`) or in the given accounts, as pages arrive.
    ///
    /// ```no_run
    /// # async fn demo(sso: awsso::Sso) -> Result<(), awsso::Error> {
    /// use futures_util::StreamExt;
    ///
    /// let mut roles = std::pin::pin!(sso.list_available_roles(Some(&["123456789012"][..])));
    /// while let Some(role) = roles.next().await {
    ///     let role = role?;
    ///     println!("{} {}", role.account_id, role.role_name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list_available_roles(
        &self,
        account_ids: Option<&[&str]>,
    ) -> impl Stream<Item = Result<AccountRole, Error>> + Send + 'static {
        let request = InventoryRequest {
            roles: true,
            account_ids: account_ids.map(|ids| ids.iter().map(|s| (*s).to_owned()).collect()),
            login: self.login_options().cloned(),
            ..InventoryRequest::default()
        };
        stream(Arc::clone(self.session()), request, |event, send| {
            if let Event::Roles { account, roles, .. } = event {
                for role in roles {
                    send(AccountRole {
                        account_id: account.id.clone(),
                        account_name: account.name.clone(),
                        role_name: role.clone(),
                    });
                }
            }
        })
    }
}

/// Runs the inventory and yields what `pick` sends, then the inventory's error if any. Dropping
/// the stream cancels the run (see the module docs).
fn stream<T: Send + 'static>(
    session: Arc<Session>,
    request: InventoryRequest,
    pick: impl Fn(Event<'_>, &mut dyn FnMut(T)) + Send + 'static,
) -> impl Stream<Item = Result<T, Error>> + Send + 'static {
    let (tx, rx) = mpsc::unbounded_channel::<Result<T, Error>>();
    let cancel = Cancel::new();
    // Held by the stream's state: dropping the stream drops it.
    let guard = CancelOnDrop::new(cancel.clone());
    let start = move || {
        let items = tx.clone();
        let request = InventoryRequest {
            stop: Some(cancel.flag()),
            login: request.login.map(|o| o.with_cancel(cancel.clone())),
            ..request
        };
        let result = inventory::collect(&session, &request, &mut |event| {
            pick(event, &mut |item| {
                // A dropped stream: nobody listens any more, so stop calling the service.
                if items.send(Ok(item)).is_err() {
                    cancel.cancel();
                }
            });
        });
        if let Err(e) = result {
            let _ = tx.send(Err(Error::from(SsoError::Inventory(Box::new(e)))));
        }
    };
    let state = (Some(start), rx, guard);
    futures_util::stream::unfold(state, |(start, mut rx, guard)| async move {
        if let Some(start) = start {
            // Started on first poll: the caller's runtime is known only then.
            let task = tokio::task::spawn_blocking(start);
            drop(task);
        }
        rx.recv().await.map(|item| (item, (None, rx, guard)))
    })
}
