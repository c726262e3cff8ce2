//! Adaptive client-side rate limiting and retry pacing for every paged walk: the portal
//! inventory (discover, list) and the admin listing (assignments). Pure: every decision takes
//! `now`; [`crate::sso::inventory`] and [`crate::admin`]'s walk do the waiting. [`Pacing`] is
//! the one set of knobs both take.
//!
//! The service's throttle is not published for the portal API (Identity Center documents 20
//! requests/s for its admin APIs, and the portal behaves alike), and an instance's budget is
//! shared with every other client of the same organisation. So the pace is found, not
//! configured, the way the AWS SDKs' *adaptive* retry mode does it (botocore
//! `retries/adaptive.py` and `bucket.py`, aws-smithy-runtime `client_rate_limiter.rs`, with
//! the same constants):
//!
//! - the **measured rate** is counted in 0.5 s buckets and smoothed (`0.8·new + 0.2·old`);
//! - on a **throttling** answer (429): `w_max = min(measured, current rate)`, and the rate drops
//!   to `0.7 · w_max` (multiplicative decrease);
//! - on **success** the rate follows CUBIC: `C·(t − t_throttle − K)³ + w_max`, with
//!   `K = ∛(w_max · (1 − 0.7) / C)` — back to `w_max` after `K` seconds, flat around it,
//!   then probing upward faster and faster;
//! - the rate never exceeds twice the measured rate (no bursting on credit from a quiet
//!   period), never falls below 0.5 requests/s, and never exceeds the ceiling (`--rate`).
//!
//! Three departures, the first two for a limiter that is on from the first request:
//!
//! - **The start.** The SDKs' limiter is off until the first throttle (so their first burst is
//!   unbounded by anything but the concurrency). Here the first requests go at 14/s (70 % of
//!   the documented 20/s), or at the ceiling when the user gave one, and, until the first throttle, the rate doubles every
//!   [`SLOW_START_DOUBLING`] seconds (TCP's slow start): an endpoint that never throttles is
//!   walked at the speed of the concurrency within a few seconds, as fast as an unpaced
//!   client, while one that throttles at 20/s is overshot only briefly. The first throttle
//!   ends the slow start for good, and CUBIC takes over from the measured rate. The 2× cap
//!   (below) applies from the first measured bucket; before it, the start rate.
//! - **One decrease per round.** Requests already given a slot at the old rate when the first
//!   429 arrives come back throttled too, and the service's bucket (about a second of requests)
//!   stays empty for a while; counting each would cut the rate several times for one overshoot
//!   (the SDKs do, and lose throughput to it). A 429 for a request sent less than [`HOLD`]
//!   (1 s) after the latest decrease is counted but does not decrease again. And the measured
//!   rate counts *admitted* answers only: while the service's bucket drains, the send rate
//!   overstates what it accepts, and a `w_max` taken from it cut to a rate still above the
//!   limit (measured in the walk simulation of the tests: 1.49x the floor before, 1.00x after
//!   at 20/s).
//! - **The same recovery time at every rate.** The SDKs' `C = 0.4` makes `K` grow with
//!   `∛w_max` (1.6 s at 5 requests/s, 2.5 s at 20/s), so at low rates the probe overshoots every
//!   dozen requests and 429s were 13 % of the calls against a 5/s throttle. Here `C` is scaled
//!   to `w_max` so that `K` is [`RECOVERY`] (5 s) at every rate: the same curve, stretched in
//!   time where the service is slow. Measured: 429s fall to a few percent at 5/s, and at 20/s
//!   the run takes about as long as with the SDK constant.
//!
//! Requests are spaced evenly at the current rate (a GCRA reservation without burst: the
//! service's bucket forgives bursts less than it punishes them).

use std::time::{Duration, Instant};

/// Seconds from a throttle back to the rate that was throttled (CUBIC's `K`); fixes `C`.
pub(crate) const RECOVERY: f64 = 5.0;
/// The multiplicative decrease `β`.
const BETA: f64 = 0.7;
/// The smoothing of the measured rate.
const SMOOTH: f64 = 0.8;
/// The measuring bucket, in seconds.
const BUCKET: f64 = 0.5;
/// The lowest rate, requests per second.
pub(crate) const MIN_RATE: f64 = 0.5;
/// The rate the start state assumes was just throttled (Identity Center's documented 20 TPS).
pub(crate) const ASSUMED_MAX: f64 = 20.0;
/// Seconds in which the rate doubles before the first throttle (the slow start).
pub(crate) const SLOW_START_DOUBLING: f64 = 0.5;
/// Seconds after a decrease during which further throttles do not decrease again: requests
/// already given a slot at the old rate are still arriving, and the service's bucket (about
/// one second of requests) is still empty.
const HOLD: f64 = 1.0;

/// How fast and how persistently a paged walk calls an API: the inventory (`awsso discover`,
/// `awsso list`, [`Sso::list_available_roles`](crate::Sso::list_available_roles)) and
/// [`admin::list_assignments`](crate::admin::list_assignments).
///
/// ```
/// let pacing = awsso::admin::Pacing::default().rate(Some(10.0)).concurrency(4);
/// assert_eq!(pacing.rate_limit(), Some(10.0));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Pacing {
    /// The most requests per second, shared by every request (retries included); `None`: as
    /// fast as the service allows, found adaptively (see the `sso::pacing` module docs).
    pub(crate) rate: Option<f64>,
    /// Requests in flight at most.
    pub(crate) concurrency: usize,
    /// Attempts per request (the first one included) on throttling, 5xx and network errors.
    pub(crate) max_attempts: u32,
    /// The first backoff step.
    pub(crate) base_delay: Duration,
    /// The longest backoff step.
    pub(crate) max_delay: Duration,
}

impl Default for Pacing {
    /// Adaptive rate, 8 requests in flight, 6 attempts, backoff from 200 ms up to 5 s (a
    /// failing endpoint is given up on after about 10 s: the commands using it are
    /// interactive).
    fn default() -> Pacing {
        Pacing {
            rate: None,
            concurrency: Pacing::DEFAULT_CONCURRENCY,
            max_attempts: 6,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
        }
    }
}

impl Pacing {
    /// Default requests in flight.
    ///
    /// ```
    /// use awsso::admin::Pacing;
    ///
    /// let pacing = Pacing::default().concurrency(Pacing::DEFAULT_CONCURRENCY * 2);
    /// # let _ = pacing;
    /// ```
    pub const DEFAULT_CONCURRENCY: usize = 8;

    /// At most `rate` requests per second (`None`, the default: adaptive, as fast as the
    /// service allows). A non-finite or non-positive rate means the default.
    ///
    /// ```
    /// let pacing = awsso::admin::Pacing::default().rate(Some(f64::NAN));
    /// assert_eq!(pacing.rate_limit(), None);
    /// ```
    #[must_use]
    pub fn rate(mut self, rate: Option<f64>) -> Pacing {
        self.rate = rate.filter(|r| r.is_finite() && *r > 0.0);
        self
    }

    /// At most `concurrency` requests in flight (at least 1).
    ///
    /// ```
    /// let one_at_a_time = awsso::admin::Pacing::default().concurrency(0);
    /// # let _ = one_at_a_time;
    /// ```
    #[must_use]
    pub fn concurrency(mut self, concurrency: usize) -> Pacing {
        self.concurrency = concurrency.max(1);
        self
    }

    /// Up to `attempts` attempts per request, the first included (at least 1).
    ///
    /// ```
    /// let no_retries = awsso::admin::Pacing::default().max_attempts(1);
    /// # let _ = no_retries;
    /// ```
    #[must_use]
    pub fn max_attempts(mut self, attempts: u32) -> Pacing {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Exponential backoff between retries, from `base` up to `max` (with jitter).
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let patient = awsso::admin::Pacing::default()
    ///     .backoff(Duration::from_millis(500), Duration::from_secs(20));
    /// # let _ = patient;
    /// ```
    #[must_use]
    pub fn backoff(mut self, base: Duration, max: Duration) -> Pacing {
        self.base_delay = base;
        self.max_delay = max.max(base);
        self
    }

    /// The rate ceiling, if any.
    ///
    /// ```
    /// assert_eq!(awsso::admin::Pacing::default().rate_limit(), None);
    /// ```
    pub fn rate_limit(&self) -> Option<f64> {
        self.rate
    }
}

/// The adaptive limiter's state. See the module docs.
#[derive(Debug, Clone)]
pub(crate) struct AdaptiveLimiter {
    origin: Instant,
    ceiling: Option<f64>,
    start_rate: f64,
    /// Current allowed rate (requests/s).
    rate: f64,
    /// Next free send slot (seconds since `origin`).
    next_slot: f64,
    /// Smoothed measured send rate; 0 until the first bucket closes.
    measured: f64,
    /// Start of the current measuring bucket (seconds since `origin`).
    bucket_start: f64,
    bucket_count: u64,
    /// CUBIC state: the rate at the last throttle, when it happened, and `C`.
    w_max: f64,
    last_throttle: f64,
    c: f64,
    /// No throttle seen yet: the rate grows exponentially (see the module docs).
    slow_start: bool,
}

impl AdaptiveLimiter {
    /// A limiter starting at `now` (see the module docs for the start state); `ceiling` is the
    /// user's `--rate`, if any (non-finite or non-positive values are ignored).
    pub(crate) fn new(ceiling: Option<f64>, now: Instant) -> AdaptiveLimiter {
        let ceiling = ceiling.filter(|c| c.is_finite() && *c > 0.0);
        let w_max = ASSUMED_MAX;
        // A ceiling the user chose is where the pace starts (it is "this fast, at most"); without
        // one, 70 % of the documented limit.
        let start_rate = clamp(ceiling.unwrap_or(w_max * BETA), ceiling);
        AdaptiveLimiter {
            origin: now,
            ceiling,
            start_rate,
            rate: start_rate,
            next_slot: 0.0,
            measured: 0.0,
            bucket_start: 0.0,
            bucket_count: 0,
            w_max,
            last_throttle: 0.0,
            c: cubic_c(w_max),
            slow_start: true,
        }
    }

    #[cfg(test)]
    /// The current allowed rate, requests per second.
    pub(crate) fn rate(&self) -> f64 {
        self.rate
    }

    #[cfg(test)]
    /// The smoothed measured send rate (0 until one bucket has closed).
    pub(crate) fn measured(&self) -> f64 {
        self.measured
    }

    /// Reserves the next send slot for a request ready at `now`; returns how long to wait.
    pub(crate) fn reserve(&mut self, now: Instant) -> Duration {
        let t = self.secs(now);
        let slot = self.next_slot.max(t);
        self.next_slot = slot + 1.0 / self.rate;
        Duration::from_secs_f64(slot - t)
    }

    /// Records the answer to a request sent at `sent` and received at `now`; `throttled` for a
    /// 429 (TooManyRequestsException). Updates the measured rate and the allowed rate.
    pub(crate) fn record(&mut self, sent: Instant, now: Instant, throttled: bool) {
        let t = self.secs(now);
        self.measure(t, !throttled);
        let calculated = if throttled {
            if self.secs(sent) < self.last_throttle + HOLD && !self.slow_start {
                // Sent before the latest decrease took effect: that overshoot was already
                // answered.
                return;
            }
            let base = if self.measured > 0.0 {
                self.measured.min(self.rate)
            } else {
                self.rate
            };
            self.w_max = base;
            self.c = cubic_c(base);
            self.last_throttle = t;
            self.slow_start = false;
            base * BETA
        } else if self.slow_start {
            self.start_rate * (t / SLOW_START_DOUBLING).exp2()
        } else {
            let dt = t - self.last_throttle - RECOVERY;
            self.c * dt * dt * dt + self.w_max
        };
        let cap = if self.measured > 0.0 {
            (2.0 * self.measured).max(self.start_rate)
        } else {
            self.start_rate
        };
        let new_rate = clamp(calculated.min(cap), self.ceiling);
        if throttled {
            // Nobody not yet scheduled goes sooner than one new interval from now.
            self.next_slot = self.next_slot.max(t + 1.0 / new_rate);
        }
        self.rate = new_rate;
    }

    /// Closes measuring buckets up to `t` and counts one answer, when it was `admitted`.
    fn measure(&mut self, t: f64, admitted: bool) {
        let bucket = (t / BUCKET).floor() * BUCKET;
        self.bucket_count += u64::from(admitted);
        if bucket > self.bucket_start {
            let current = self.bucket_count as f64 / (bucket - self.bucket_start);
            self.measured = current * SMOOTH + self.measured * (1.0 - SMOOTH);
            self.bucket_count = 0;
            self.bucket_start = bucket;
        }
    }

    fn secs(&self, at: Instant) -> f64 {
        at.saturating_duration_since(self.origin).as_secs_f64()
    }
}

/// The wait before retry number `attempt` (0 = the first retry): exponential from `base`,
/// capped at `cap`, with "equal jitter" — half fixed, half scaled by `jitter` in `[0, 1)` — so
/// parallel retries spread out but never collapse to zero. Pure.
pub(crate) fn backoff(attempt: u32, base: Duration, cap: Duration, jitter: f64) -> Duration {
    let exp = base
        .saturating_mul(1_u32.checked_shl(attempt.min(31)).unwrap_or(u32::MAX))
        .min(cap);
    let half = exp / 2;
    half + half.mul_f64(jitter.clamp(0.0, 1.0))
}

/// CUBIC's `C` for a curve from `BETA · w_max` back to `w_max` in [`RECOVERY`] seconds.
fn cubic_c(w_max: f64) -> f64 {
    w_max * (1.0 - BETA) / (RECOVERY * RECOVERY * RECOVERY)
}

fn clamp(rate: f64, ceiling: Option<f64>) -> f64 {
    let rate = if rate.is_finite() { rate } else { MIN_RATE };
    let rate = ceiling.map_or(rate, |c| rate.min(c));
    rate.max(MIN_RATE.min(ceiling.unwrap_or(MIN_RATE)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn backoff_grows_exponentially_is_capped_and_jittered() {
        let base = 250 * MS;
        let cap = 10_000 * MS;
        assert_eq!(backoff(0, base, cap, 0.0), 125 * MS);
        assert_eq!(backoff(0, base, cap, 1.0), 250 * MS);
        assert_eq!(backoff(1, base, cap, 0.0), 250 * MS);
        assert_eq!(backoff(3, base, cap, 0.5), 1500 * MS);
        assert_eq!(backoff(10, base, cap, 1.0), cap);
        assert_eq!(backoff(10, base, cap, 0.0), cap / 2);
        assert_eq!(backoff(u32::MAX, base, cap, 0.0), cap / 2, "no overflow");
        // Out-of-range jitter is clamped.
        assert_eq!(backoff(0, base, cap, 7.0), 250 * MS);
    }

    fn at(t0: Instant, secs: f64) -> Instant {
        t0 + Duration::from_secs_f64(secs)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    #[test]
    fn starts_at_seventy_percent_of_the_assumed_limit_and_spaces_evenly() {
        let t0 = Instant::now();
        let mut l = AdaptiveLimiter::new(None, t0);
        assert!(close(l.rate(), 14.0));
        assert_eq!(l.reserve(t0), Duration::ZERO);
        let second = l.reserve(t0).as_secs_f64();
        assert!(close(second, 1.0 / 14.0), "{second}");
        let third = l.reserve(t0).as_secs_f64();
        assert!(close(third, 2.0 / 14.0), "{third}");
        // Time passing frees the slots.
        assert_eq!(l.reserve(at(t0, 5.0)), Duration::ZERO);
    }

    #[test]
    fn a_ceiling_caps_the_start_and_the_growth() {
        let t0 = Instant::now();
        let mut l = AdaptiveLimiter::new(Some(5.0), t0);
        assert!(close(l.rate(), 5.0));
        for i in 0..200 {
            let t = at(t0, f64::from(i) * 0.2);
            l.record(t, t, false);
        }
        assert!(close(l.rate(), 5.0));
        assert!(close(AdaptiveLimiter::new(Some(f64::NAN), t0).rate(), 14.0));
        assert!(close(AdaptiveLimiter::new(Some(0.1), t0).rate(), 0.1));
        // A ceiling above the assumed limit is where the pace starts.
        assert!(close(AdaptiveLimiter::new(Some(1000.0), t0).rate(), 1000.0));
    }

    /// Feeds successes at the allowed rate for `secs` seconds from `from`; returns the end.
    fn run_at_rate(l: &mut AdaptiveLimiter, t0: Instant, from: f64, secs: f64) -> f64 {
        let mut t = from;
        while t < from + secs {
            let now = at(t0, t);
            let wait = l.reserve(now).as_secs_f64();
            t += wait;
            l.record(at(t0, t), at(t0, t), false);
        }
        t
    }

    #[test]
    fn before_any_throttle_the_rate_doubles_within_twice_the_measured_rate() {
        let t0 = Instant::now();
        let mut l = AdaptiveLimiter::new(None, t0);
        let t = run_at_rate(&mut l, t0, 0.0, 3.0);
        // An endpoint that never throttles is soon walked far above the assumed limit...
        assert!(l.rate() > 100.0, "{} at {t}", l.rate());
        // ...but never faster than twice what was actually sent.
        assert!(l.rate() <= 2.0 * l.measured() + 1e-9);
    }

    #[test]
    fn after_a_throttle_success_follows_cubic() {
        let t0 = Instant::now();
        let mut l = AdaptiveLimiter::new(None, t0);
        let t = run_at_rate(&mut l, t0, 0.0, 1.0);
        let sent = at(t0, t);
        l.record(sent, sent, true);
        let w_max = l.w_max;
        let c = cubic_c(w_max);
        // Back at w_max after RECOVERY seconds, flat around it, then above.
        let t2 = run_at_rate(&mut l, t0, t, RECOVERY);
        assert!(
            (l.rate() - w_max).abs() < 0.05 * w_max,
            "{} vs {w_max}",
            l.rate()
        );
        let t3 = run_at_rate(&mut l, t0, t2, 3.0);
        let expected = c * (t3 - t - RECOVERY).powi(3) + w_max;
        assert!(
            l.rate() > w_max && (l.rate() - expected).abs() < 0.05 * w_max,
            "{} vs {expected}",
            l.rate()
        );
        // A later quiet spell never restarts the slow start.
        assert!(!l.slow_start);
    }

    #[test]
    fn a_throttle_cuts_to_seventy_percent_of_the_admitted_rate_once_per_round() {
        let t0 = Instant::now();
        let mut l = AdaptiveLimiter::new(None, t0);
        let t = run_at_rate(&mut l, t0, 0.0, 6.0);
        let measured = l.measured();
        let rate = l.rate();
        let sent = at(t0, t);
        l.record(sent, at(t0, t + 0.02), true);
        assert!(close(l.rate(), measured.min(rate) * 0.7), "{}", l.rate());
        let after_first = l.rate();
        // Another answer for a request sent before the decrease: no second cut.
        l.record(sent, at(t0, t + 0.03), true);
        assert!(close(l.rate(), after_first));
        // Nor for one sent within the hold after it (slots handed out at the old rate).
        l.record(at(t0, t + 0.05), at(t0, t + 0.07), true);
        assert!(close(l.rate(), after_first));
        // One sent after the hold: a second cut.
        l.record(at(t0, t + 0.02 + HOLD), at(t0, t + 0.04 + HOLD), true);
        assert!(l.rate() < after_first);
        // The next request waits at least one new interval.
        let wait = l.reserve(at(t0, t + 0.04 + HOLD)).as_secs_f64();
        assert!(wait >= 1.0 / l.rate() - 1e-9, "{wait}");
    }

    #[test]
    fn repeated_throttles_floor_at_half_a_request_per_second() {
        let t0 = Instant::now();
        let mut l = AdaptiveLimiter::new(None, t0);
        for i in 0..100 {
            let t = at(t0, f64::from(i));
            l.record(t, t, true);
        }
        assert!(close(l.rate(), MIN_RATE));
        // The last throttle (at 99 s) holds the next request back one interval (2 s).
        assert!(close(l.reserve(at(t0, 100.0)).as_secs_f64(), 1.0));
        let t = at(t0, 103.0);
        assert_eq!(l.reserve(t), Duration::ZERO);
        assert!(close(l.reserve(t).as_secs_f64(), 2.0));
    }

    #[test]
    fn measured_rate_is_smoothed_per_half_second_bucket() {
        let t0 = Instant::now();
        let mut l = AdaptiveLimiter::new(None, t0);
        // 5 answers in [0, 0.5), then one at 0.5 closes the bucket: 6 / 0.5 s = 12/s.
        for i in 0..5 {
            let t = at(t0, f64::from(i) * 0.1);
            l.record(t, t, false);
        }
        assert!(close(l.measured(), 0.0));
        let t = at(t0, 0.5);
        l.record(t, t, false);
        assert!(close(l.measured(), 12.0 * 0.8), "{}", l.measured());
    }

    /// A walk of `total` requests by `workers` concurrent workers against a server that
    /// answers in `latency` seconds and admits `limit` requests/s (a token bucket holding one
    /// second of them, as Identity Center and the emulator do), in virtual time. Returns the
    /// time the last request succeeded and the number of throttled answers.
    fn simulate(total: u32, workers: usize, latency: f64, limit: Option<f64>) -> (f64, u32) {
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;
        let t0 = Instant::now();
        let pacing = Pacing::default();
        let mut l = AdaptiveLimiter::new(None, t0);
        let capacity = limit.unwrap_or(1.0).max(1.0);
        let (mut tokens, mut last) = (capacity, 0.0_f64);
        // (time in µs, worker, attempt, sent-at µs; 0 = not yet sent)
        let mut events: BinaryHeap<Reverse<(u64, usize, u32, u64)>> =
            (0..workers).map(|w| Reverse((0, w, 0, 0))).collect();
        let us = |t: f64| (t * 1e6).round() as u64;
        let (mut started, mut done, mut throttles, mut end) = (0_u32, 0_u32, 0_u32, 0.0);
        while let Some(Reverse((t_us, w, attempt, sent_us))) = events.pop() {
            let t = t_us as f64 / 1e6;
            if sent_us == 0 {
                // Ready: take a slot, send, and schedule the answer.
                if attempt == 0 {
                    if started == total {
                        continue;
                    }
                    started += 1;
                }
                let send = t + l.reserve(at(t0, t)).as_secs_f64();
                events.push(Reverse((us(send + latency), w, attempt, us(send).max(1))));
                continue;
            }
            let sent = sent_us as f64 / 1e6;
            let admitted = match limit {
                None => true,
                Some(rate) => {
                    let arrival = sent + latency / 2.0;
                    tokens = (tokens + (arrival - last).max(0.0) * rate).min(capacity);
                    last = last.max(arrival);
                    let ok = tokens >= 1.0;
                    if ok {
                        tokens -= 1.0;
                    }
                    ok
                }
            };
            l.record(at(t0, sent), at(t0, t), !admitted);
            if admitted {
                done += 1;
                end = t;
                events.push(Reverse((t_us, w, 0, 0)));
            } else {
                throttles += 1;
                let delay = backoff(attempt, pacing.base_delay, pacing.max_delay, 0.5);
                events.push(Reverse((us(t + delay.as_secs_f64()), w, attempt + 1, 0)));
            }
        }
        assert_eq!(done, total);
        (end, throttles)
    }

    #[test]
    fn a_throttled_walk_stays_within_a_tenth_of_the_throttles_floor() {
        for limit in [20.0, 5.0] {
            let total = 3000;
            let (end, throttles) = simulate(total, Pacing::DEFAULT_CONCURRENCY, 0.02, Some(limit));
            let floor = f64::from(total) / limit;
            assert!(
                end <= 1.1 * floor,
                "{limit}/s: {end:.1} s for a floor of {floor:.1} s ({:.2}x), {throttles} throttled",
                end / floor
            );
            // Measured: 1.00x with 45 throttled answers at 20/s, 1.09x with 296 at 5/s.
            assert!(
                f64::from(throttles) < 0.12 * f64::from(total),
                "{throttles} throttled"
            );
        }
    }

    #[test]
    fn an_unthrottled_walk_runs_at_the_speed_of_the_concurrency() {
        let total = 3000;
        let (end, throttles) = simulate(total, 8, 0.02, None);
        // 8 in flight at 20 ms: 400 requests/s at most; the slow start costs a few seconds
        // (measured: 10.7 s against 7.5 s unpaced).
        let unpaced = f64::from(total) / 400.0;
        assert!(
            end < 1.25 * unpaced + 2.0,
            "{end:.1} s vs {unpaced:.1} s unpaced"
        );
        assert_eq!(throttles, 0);
    }
}
