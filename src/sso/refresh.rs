//! When to use, refresh or replace a cached token. Pure: `now` is passed in.
//!
//! Like botocore, awsso refreshes a token 15 minutes before it expires (the Rust SDK uses 5), so
//! credential fetches never race an expiry. A token can be refreshed only with a refresh token,
//! a client id and secret, and an unexpired client registration.

use std::time::Duration;

use time::OffsetDateTime;

use crate::sso::timestamp::Timestamp;
use crate::sso::token_cache::CachedToken;

/// The default refresh window.
pub const REFRESH_WINDOW: Duration = Duration::from_secs(15 * 60);

/// What to do with a cached token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Valid well beyond the window: use it as is.
    Use,
    /// Inside the window (or expired) and refreshable: refresh it.
    Refresh,
    /// Inside the window, not refreshable, still valid: use it while it lasts.
    UseUntilExpiry,
    /// Unusable: a new login is needed.
    Login(LoginReason),
}

/// Why a login is needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginReason {
    /// No token is cached.
    NoToken,
    /// The token expired and cannot be refreshed.
    Expired {
        /// When it expired.
        at: Timestamp,
        /// Why it cannot be refreshed.
        why: NotRefreshable,
    },
}

/// Why a token cannot be refreshed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotRefreshable {
    /// No refresh token (registered without `sso:account:access`, or a legacy profile).
    NoRefreshToken,
    /// No client id/secret next to the token.
    NoClient,
    /// The client registration has expired.
    RegistrationExpired,
}

impl std::fmt::Display for LoginReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoginReason::NoToken => f.write_str("no cached token"),
            LoginReason::Expired { at, why } => {
                let why = match why {
                    NotRefreshable::NoRefreshToken => {
                        "it has no refresh token (set sso_registration_scopes = sso:account:access to get refreshable sessions)"
                    }
                    NotRefreshable::NoClient => "the client registration is missing from the cache",
                    NotRefreshable::RegistrationExpired => "the client registration has expired",
                };
                write!(
                    f,
                    "the token expired at {at} and cannot be refreshed: {why}"
                )
            }
        }
    }
}

/// Whether `token` can be refreshed at `now`; the reason when it cannot.
pub fn refreshability(token: &CachedToken, now: OffsetDateTime) -> Result<(), NotRefreshable> {
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

/// Decides what to do with a cached token (or its absence) at `now`.
pub fn decide(token: Option<&CachedToken>, now: OffsetDateTime, window: Duration) -> Decision {
    let Some(token) = token else {
        return Decision::Login(LoginReason::NoToken);
    };
    let expires = token.expires_at.get();
    let refreshable = refreshability(token, now);
    if expires - window > now {
        return Decision::Use;
    }
    match refreshable {
        Ok(()) => Decision::Refresh,
        Err(_) if expires > now => Decision::UseUntilExpiry,
        Err(why) => Decision::Login(LoginReason::Expired {
            at: token.expires_at,
            why,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    fn now() -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap()
    }

    fn token(expires_in_secs: i64, refreshable: bool) -> CachedToken {
        let at = |s: i64| Timestamp::from_unix(now().unix_timestamp() + s);
        CachedToken {
            start_url: None,
            region: None,
            access_token: Secret::new("a".into()),
            expires_at: at(expires_in_secs).unwrap(),
            client_id: refreshable.then(|| "c".into()),
            client_secret: refreshable.then(|| Secret::new("s".into())),
            registration_expires_at: at(86_400),
            refresh_token: refreshable.then(|| Secret::new("r".into())),
        }
    }

    #[test]
    fn decisions() {
        let w = REFRESH_WINDOW;
        assert_eq!(
            decide(None, now(), w),
            Decision::Login(LoginReason::NoToken)
        );
        assert_eq!(decide(Some(&token(3600, false)), now(), w), Decision::Use);
        assert_eq!(decide(Some(&token(600, true)), now(), w), Decision::Refresh);
        assert_eq!(
            decide(Some(&token(-600, true)), now(), w),
            Decision::Refresh
        );
        assert_eq!(
            decide(Some(&token(600, false)), now(), w),
            Decision::UseUntilExpiry
        );
        assert!(matches!(
            decide(Some(&token(-1, false)), now(), w),
            Decision::Login(LoginReason::Expired {
                why: NotRefreshable::NoRefreshToken,
                ..
            })
        ));
    }

    #[test]
    fn expired_registration_blocks_refresh() {
        let mut t = token(-60, true);
        t.registration_expires_at = Timestamp::from_unix(now().unix_timestamp() - 1);
        assert!(matches!(
            decide(Some(&t), now(), REFRESH_WINDOW),
            Decision::Login(LoginReason::Expired {
                why: NotRefreshable::RegistrationExpired,
                ..
            })
        ));
    }
}
