//! The pacing of the admin listing: when the next request may go, and how long to wait before
//! a retry. Pure: every decision takes `now`.
//!
//! A fixed rate (`Pacing::rate`, default 18 requests/s, under the admin APIs' ~20/s) as a GCRA
//! reservation without burst, paused for everyone after a throttled answer; the backoff is the
//! inventory's (exponential with jitter). The adaptive limiter of `sso::pacing` (discover,
//! list) is not used here yet: it starts every run at 14 requests/s whatever the ceiling, so
//! `--rate` could not speed up a listing against a faster endpoint (the tests' emulator).
//! Moving to it is a change of this file and of the two calls in `walk`.

use std::time::{Duration, Instant};

pub(crate) use crate::sso::inventory::backoff;

/// A GCRA rate limiter: a request may go when its theoretical arrival time has passed.
#[derive(Debug, Clone)]
pub(crate) struct Limiter {
    interval: Duration,
    /// Theoretical arrival time of the next request.
    tat: Option<Instant>,
}

impl Limiter {
    /// `rate` requests per second (a non-finite or non-positive rate means the default).
    pub(crate) fn new(rate: f64) -> Limiter {
        let rate = if rate.is_finite() && rate > 0.0 {
            rate
        } else {
            crate::admin::Pacing::DEFAULT_RATE
        };
        Limiter {
            interval: Duration::from_secs_f64(1.0 / rate),
            tat: None,
        }
    }

    /// Reserves a slot for one request ready at `now`; returns how long to wait before sending.
    pub(crate) fn reserve(&mut self, now: Instant) -> Duration {
        let tat = self.tat.map_or(now, |t| t.max(now));
        self.tat = Some(tat + self.interval);
        tat.saturating_duration_since(now)
    }

    /// After a throttled answer: no further request may go before `now + pause`.
    pub(crate) fn pause(&mut self, now: Instant, pause: Duration) {
        let until = now + pause;
        self.tat = Some(self.tat.map_or(until, |t| t.max(until)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn requests_are_spaced_evenly_and_a_pause_delays_everyone() {
        let t0 = Instant::now();
        let mut l = Limiter::new(10.0);
        assert_eq!(l.reserve(t0), Duration::ZERO);
        assert_eq!(l.reserve(t0), 100 * MS);
        assert_eq!(
            l.reserve(t0 + 1000 * MS),
            Duration::ZERO,
            "time pays the debt back"
        );
        l.pause(t0 + 1000 * MS, 500 * MS);
        assert_eq!(l.reserve(t0 + 1000 * MS), 500 * MS);
        assert_eq!(l.reserve(t0 + 1000 * MS), 600 * MS);
        let mut l = Limiter::new(f64::NAN);
        l.reserve(t0);
        assert!(
            l.reserve(t0) > Duration::ZERO,
            "falls back to the default rate"
        );
    }
}
