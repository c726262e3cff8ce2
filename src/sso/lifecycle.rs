//! The token lifecycle: given a cached token and the situation, what to do next. Pure: `now`
//! is passed in.
//!
//! One function, [`next_step`], decides for every caller (a credential fetch, `login`, the retry
//! after the service rejected a token, a forced login); the session only carries the step out
//! and, when a refresh fails, asks again with what it learned. The rules, in order:
//!
//! 1. A token the service **rejected** (HTTP 401) is never used again: refresh it if it can be
//!    refreshed, else log in (when allowed), else fail with the login hint. A rejection that
//!    could not be repaired is remembered in the cache file (`rejected_at`): later runs treat
//!    the token as rejected and not refreshable, without asking the service again.
//! 2. **Forced** (`login --force`, `force_refresh`): log in (when allowed).
//! 3. No token: log in (when allowed), else fail.
//! 4. Valid for longer than the window: use it.
//! 5. Inside the window (or expired) and refreshable: refresh it (15 minutes before expiry, as
//!    botocore does; the Rust SDK uses 5).
//! 6. Not refreshable but still valid, and the caller only needs a usable token (a credential
//!    fetch): use it until it expires.
//! 7. Otherwise log in (when allowed), else fail saying why it cannot be refreshed.
//!
//! A token is refreshable only with a refresh token, a client id and secret, and an unexpired
//! client registration — and only until a refresh has been rejected.
//!
//! The table in `tests/vectors/token_lifecycle.txt` pins every rule.

use std::time::Duration;

use time::OffsetDateTime;

use crate::sso::timestamp::Timestamp;
use crate::sso::token_cache::CachedToken;

/// The default refresh window.
pub(crate) const REFRESH_WINDOW: Duration = Duration::from_secs(15 * 60);

/// Why a token cannot be refreshed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub(crate) enum NotRefreshable {
    /// No refresh token (registered without `sso:account:access`, or a legacy profile).
    NoRefreshToken,
    /// No client id/secret next to the token.
    NoClient,
    /// The client registration has expired.
    RegistrationExpired,
    /// The service rejected a refresh (revoked refresh token or registration).
    Rejected(String),
    /// A refresh failed for now (network, throttling, 5xx).
    Failed(String),
    /// The service rejected the token at this time and it could not be replaced then (the
    /// cache remembers it: see [`CachedToken::rejected_at`]); trying again would only fail
    /// again.
    RejectedEarlier(Timestamp),
}

impl std::fmt::Display for NotRefreshable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotRefreshable::NoRefreshToken => f.write_str(
                "it has no refresh token (set sso_registration_scopes = sso:account:access to get refreshable sessions)",
            ),
            NotRefreshable::NoClient => {
                f.write_str("the client registration is missing from the cache")
            }
            NotRefreshable::RegistrationExpired => {
                f.write_str("the client registration has expired")
            }
            NotRefreshable::Rejected(why) => write!(f, "the refresh was rejected ({why})"),
            NotRefreshable::Failed(why) => write!(f, "the refresh failed ({why})"),
            NotRefreshable::RejectedEarlier(at) => {
                write!(f, "it was rejected at {at} and could not be replaced then")
            }
        }
    }
}

/// Why a login is needed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub(crate) enum LoginReason {
    /// No token is cached.
    NoToken,
    /// The token expired (or is about to) and cannot be refreshed.
    Expired {
        /// When it expires or expired.
        at: Timestamp,
        /// Whether that moment has passed.
        past: bool,
        /// Why it cannot be refreshed.
        why: NotRefreshable,
    },
    /// The service rejected the token and it cannot be refreshed.
    Rejected {
        /// Why it cannot be refreshed.
        why: NotRefreshable,
    },
    /// A new login was asked for.
    Forced,
}

impl std::fmt::Display for LoginReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoginReason::NoToken => f.write_str("no cached token"),
            LoginReason::Expired {
                at,
                past: true,
                why,
            } => write!(
                f,
                "the token expired at {at} and cannot be refreshed: {why}"
            ),
            LoginReason::Expired {
                at,
                past: false,
                why,
            } => write!(
                f,
                "the token expires at {at} and cannot be refreshed: {why}"
            ),
            LoginReason::Rejected { why } => write!(
                f,
                "the service rejected the token (401) and it cannot be refreshed: {why}"
            ),
            LoginReason::Forced => f.write_str("a new login was requested"),
        }
    }
}

/// What the caller needs from the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    /// A token valid now (a credential fetch: the role credentials outlive it anyway).
    Usable,
    /// A token valid for longer than the window (`login`).
    Fresh,
}

/// Everything the decision depends on.
#[derive(Debug, Clone)]
pub(crate) struct Situation<'a> {
    /// The cached token, if any.
    pub token: Option<&'a CachedToken>,
    /// What was learned about refreshing it in this run (a failed or rejected refresh), which
    /// overrides what the cache file says.
    pub refresh_failure: Option<&'a NotRefreshable>,
    /// The current time.
    pub now: OffsetDateTime,
    /// Refresh (or, for [`Need::Fresh`], re-login) this long before expiry.
    pub window: Duration,
    /// What the caller needs.
    pub need: Need,
    /// Whether an interactive login may be started.
    pub may_login: bool,
    /// Whether the service rejected this token (HTTP 401).
    pub rejected: bool,
    /// Whether a new login was asked for even if the token is valid.
    pub forced: bool,
}

/// The next step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    /// Use the cached token as it is.
    Use,
    /// Refresh it with its refresh token.
    Refresh,
    /// Start an interactive login.
    Login(LoginReason),
    /// Stop: a login is needed but not allowed here.
    Fail(LoginReason),
}

/// Whether `token` can be refreshed at `now`; the reason when it cannot.
pub(crate) fn refreshability(
    token: &CachedToken,
    now: OffsetDateTime,
) -> Result<(), NotRefreshable> {
    if token.refresh_token.is_none() {
        return Err(NotRefreshable::NoRefreshToken);
    }
    if token.client_id.is_none() || token.client_secret.is_none() {
        return Err(NotRefreshable::NoClient);
    }
    match token.registration_expires_at {
        Some(at) if at.get() > now => Ok(()),
        // Without a registration expiry we cannot know; let the service decide.
        None => Ok(()),
        Some(_) => Err(NotRefreshable::RegistrationExpired),
    }
}

/// Decides the next step (see the module docs for the rules).
pub(crate) fn next_step(s: &Situation<'_>) -> Step {
    let login = |reason: LoginReason| {
        if s.may_login {
            Step::Login(reason)
        } else {
            Step::Fail(reason)
        }
    };
    let Some(token) = s.token else {
        return if s.forced {
            login(LoginReason::Forced)
        } else {
            login(LoginReason::NoToken)
        };
    };
    let refreshable = match s.refresh_failure {
        Some(why) => Err(why.clone()),
        None => refreshability(token, s.now),
    };
    if s.rejected {
        return match refreshable {
            Ok(()) => Step::Refresh,
            Err(why) => login(LoginReason::Rejected { why }),
        };
    }
    if s.forced {
        return login(LoginReason::Forced);
    }
    let expires = token.expires_at.get();
    if expires - s.window > s.now {
        return Step::Use;
    }
    match refreshable {
        Ok(()) => Step::Refresh,
        Err(_) if s.need == Need::Usable && expires > s.now => Step::Use,
        Err(why) => login(LoginReason::Expired {
            at: token.expires_at,
            past: expires <= s.now,
            why,
        }),
    }
}

#[cfg(test)]
mod tests {
    //! The vectors: one named test per row of `tests/vectors/token_lifecycle.txt`.
    use super::*;
    use crate::secret::Secret;

    fn now() -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("valid timestamp")
    }

    /// A token expiring in `minutes` with the refreshability `kind`.
    fn token(minutes: i64, kind: &str) -> CachedToken {
        let at = |s: i64| Timestamp::from_unix(now().unix_timestamp() + s).expect("in range");
        let mut t = CachedToken {
            start_url: None,
            region: None,
            access_token: Secret::new("a".into()),
            expires_at: at(minutes * 60),
            client_id: Some("c".into()),
            client_secret: Some(Secret::new("s".into())),
            registration_expires_at: Some(at(86_400)),
            refresh_token: Some(Secret::new("r".into())),
            rejected_at: None,
        };
        match kind {
            "refreshable" | "rejected-refresh" | "failed-refresh" => {}
            "no-refresh-token" => t.refresh_token = None,
            "no-client" => t.client_id = None,
            "registration-expired" => t.registration_expires_at = Some(at(-60)),
            other => panic!("unknown token kind {other}"),
        }
        t
    }

    fn step_name(step: &Step) -> String {
        let reason = |r: &LoginReason| match r {
            LoginReason::NoToken => "no-token",
            LoginReason::Expired { .. } => "expired",
            LoginReason::Rejected { .. } => "rejected",
            LoginReason::Forced => "forced",
        };
        match step {
            Step::Use => "use".to_owned(),
            Step::Refresh => "refresh".to_owned(),
            Step::Login(r) => format!("login:{}", reason(r)),
            Step::Fail(r) => format!("fail:{}", reason(r)),
        }
    }

    fn run_vector(name: &str) {
        let table = include_str!("../../tests/vectors/token_lifecycle.txt");
        let row = table
            .lines()
            .map(str::split_whitespace)
            .map(Iterator::collect::<Vec<_>>)
            .find(|cols| cols.first() == Some(&name))
            .unwrap_or_else(|| panic!("no row {name} in token_lifecycle.txt"));
        let [
            _,
            minutes,
            kind,
            need,
            may_login,
            rejected,
            forced,
            expected,
        ] = row[..]
        else {
            panic!("row {name} has {} columns, expected 8", row.len());
        };
        let t = (minutes != "-").then(|| token(minutes.parse().expect("minutes"), kind));
        let failure = match kind {
            "rejected-refresh" => Some(NotRefreshable::Rejected("invalid_grant".into())),
            "failed-refresh" => Some(NotRefreshable::Failed("timeout".into())),
            _ => None,
        };
        let yes = |v: &str| v == "yes";
        let situation = Situation {
            token: t.as_ref(),
            refresh_failure: failure.as_ref(),
            now: now(),
            window: REFRESH_WINDOW,
            need: if need == "fresh" {
                Need::Fresh
            } else {
                Need::Usable
            },
            may_login: yes(may_login),
            rejected: yes(rejected),
            forced: yes(forced),
        };
        assert_eq!(step_name(&next_step(&situation)), expected, "vector {name}");
    }

    macro_rules! vectors {
        ($($name:ident),* $(,)?) => {
            $(
                #[test]
                fn $name() {
                    run_vector(stringify!($name));
                }
            )*
            const NAMES: &[&str] = &[$(stringify!($name)),*];
        };
    }

    #[test]
    fn every_row_of_the_table_has_a_test() {
        let table = include_str!("../../tests/vectors/token_lifecycle.txt");
        let rows: Vec<&str> = table
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        assert_eq!(rows, NAMES);
    }

    vectors!(
        no_token_fails,
        no_token_logs_in_when_allowed,
        valid_token_is_used,
        valid_token_is_used_by_login,
        refreshable_in_window_is_refreshed,
        refreshable_expired_is_refreshed,
        unrefreshable_in_window_is_used_until_expiry,
        unrefreshable_in_window_login_command_logs_in,
        unrefreshable_expired_fails,
        unrefreshable_expired_logs_in_when_allowed,
        registration_expired_expired_fails,
        no_client_in_window_is_used,
        rejected_refreshable_is_refreshed,
        rejected_unrefreshable_fails,
        rejected_unrefreshable_in_window_logs_in_with_login,
        rejected_unrefreshable_long_valid_logs_in_with_login,
        rejected_after_failed_refresh_logs_in,
        rejected_refresh_in_window_falls_back_to_use,
        rejected_refresh_expired_logs_in,
        failed_refresh_in_window_is_used,
        failed_refresh_expired_fails,
        forced_logs_in,
        forced_without_token_logs_in,
        forced_without_login_fails,
    );
}
