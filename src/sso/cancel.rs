//! Stopping the core's blocking work when its async caller gives up.
//!
//! No I/O. The library runs a login, a credential fetch or a listing on tokio's blocking pool
//! (`api`); when the caller's future is dropped (a timeout, a `select!`, a dropped stream) a
//! [`CancelOnDrop`] guard sets the [`Cancel`], and the blocking side notices it where it waits:
//! at once in the device-code poll loop and the loopback redirect wait
//! ([`Cancel::cancelled`], through [`or_cancelled`]), and within [`POLL`] in a lock wait. The
//! work then returns [`SsoError::Cancelled`] and its locks are released as it unwinds. Work the
//! CLI starts carries no `Cancel`: a process that gives up exits.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::sync::Notify;

use crate::sso::SsoError;

/// How often a blocking wait (a lock held by someone else) looks at the flag.
pub(crate) const POLL: Duration = Duration::from_millis(200);

/// A cancellation flag shared by the async caller and the blocking work; clones share it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cancel(Arc<Inner>);

#[derive(Debug, Default)]
struct Inner {
    /// Set once, never cleared. An `Arc` of its own: the inventory takes it as its stop flag.
    flag: Arc<AtomicBool>,
    /// Wakes async waiters (on any runtime: the session's own, or the caller's).
    notify: Notify,
}

impl Cancel {
    /// A flag that is not set.
    pub(crate) fn new() -> Cancel {
        Cancel::default()
    }

    /// Sets the flag and wakes every waiter.
    pub(crate) fn cancel(&self) {
        self.0.flag.store(true, Ordering::SeqCst);
        self.0.notify.notify_waiters();
    }

    /// Whether the flag is set.
    pub(crate) fn is_cancelled(&self) -> bool {
        self.0.flag.load(Ordering::SeqCst)
    }

    /// The flag itself, for loops that poll an `AtomicBool` (the inventory's stop flag).
    pub(crate) fn flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.0.flag)
    }

    /// Completes once the flag is set.
    pub(crate) async fn cancelled(&self) {
        loop {
            let notified = self.0.notify.notified();
            let mut notified = std::pin::pin!(notified);
            // Registered before the check, so a cancel in between still wakes us.
            notified.as_mut().enable();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }
}

/// Completes once `cancel` is set; never without one.
pub(crate) async fn cancelled(cancel: Option<&Cancel>) {
    match cancel {
        Some(cancel) => cancel.cancelled().await,
        None => std::future::pending().await,
    }
}

/// `work`, unless `cancel` is set first: then [`SsoError::Cancelled`] and `work` is dropped.
pub(crate) async fn or_cancelled<F: Future>(
    cancel: Option<&Cancel>,
    work: F,
) -> Result<F::Output, SsoError> {
    tokio::select! {
        out = work => Ok(out),
        () = cancelled(cancel) => Err(SsoError::Cancelled),
    }
}

/// Sets its [`Cancel`] when dropped, unless [`disarm`](Self::disarm)ed: held by the async side
/// for as long as the blocking work may run on its behalf.
#[derive(Debug)]
pub(crate) struct CancelOnDrop(Option<Cancel>);

impl CancelOnDrop {
    /// A guard for `cancel`.
    pub(crate) fn new(cancel: Cancel) -> CancelOnDrop {
        CancelOnDrop(Some(cancel))
    }

    /// The work finished: dropping the guard no longer cancels anything.
    pub(crate) fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        if let Some(cancel) = self.0.take() {
            cancel.cancel();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_guard_cancels_and_wakes_the_waiter() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let cancel = Cancel::new();
        let guard = CancelOnDrop::new(cancel.clone());
        let waiter = {
            let cancel = cancel.clone();
            std::thread::spawn(move || {
                rt.block_on(async {
                    or_cancelled(Some(&cancel), tokio::time::sleep(Duration::from_secs(60))).await
                })
            })
        };
        std::thread::sleep(Duration::from_millis(50));
        drop(guard);
        assert!(matches!(waiter.join().unwrap(), Err(SsoError::Cancelled)));
        assert!(cancel.is_cancelled());
        assert!(cancel.flag().load(Ordering::SeqCst));
    }

    #[test]
    fn a_disarmed_guard_does_not_cancel() {
        let cancel = Cancel::new();
        CancelOnDrop::new(cancel.clone()).disarm();
        assert!(!cancel.is_cancelled());
    }
}
