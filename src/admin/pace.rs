//! The pacing seam of the admin listing: when the next request may go, and how long to wait
//! before a retry.
//!
//! Pure decisions live in the shared pacing code of the portal inventory (a GCRA rate limiter
//! and exponential backoff with jitter); this file only names them, so that moving every
//! paced caller to another limiter is a change of the one `use` line below.

pub(crate) use crate::sso::inventory::{RateLimiter as Limiter, backoff};
