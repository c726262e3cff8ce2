//! The one clock the core reads. Decisions take `now` as an argument; the I/O layer
//! ([`Session`](crate::sso::session::Session)) asks its [`Clock`] for it, so tests can pin time.

use std::fmt::Debug;

use time::OffsetDateTime;

/// A source of the current time.
pub(crate) trait Clock: Send + Sync + Debug {
    /// The current time (UTC).
    fn now(&self) -> OffsetDateTime;
}

/// The system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}
