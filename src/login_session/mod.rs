//! `aws login` sessions: profiles with `login_session = <principal ARN>`, whose short-lived
//! credentials come from the AWS sign-in service and are refreshed with a DPoP-bound refresh
//! token, cached in the file the AWS CLI and the SDKs share.
//!
//! ```ini
//! [profile console]
//! login_session = arn:aws:iam::123456789012:user/alice
//! region = eu-west-1
//! ```
//!
//! Owns the cache file ([`cache`]), the DPoP proofs ([`dpop`]), the sign-in endpoints
//! ([`endpoint`]), the token call ([`token`]), the browser login ([`login`]) and the refresh
//! decision and its single-flight execution (this module). It does not own profile
//! resolution (`sso::target` resolves a `login_session` profile like any other) nor any words
//! a person reads (the CLI's `report` renders the errors' hints).
//!
//! # Refresh
//!
//! Credentials last at most 15 minutes; the refresh token lasts as long as the principal's
//! console session (up to 12 hours). A refresh happens once 5 minutes or less are left
//! ([`needs_refresh`], pure, `now` passed in), the window every SDK uses, so a file another
//! client refreshed is simply used. Refresh tokens rotate: each refresh returns a new one and
//! the old one is then refused. So a refresh is single-flight across awsso processes (the
//! lock `~/.aws/awsso/locks/login-<digest>.lock`), and the file is read again under the lock
//! (another awsso, the AWS CLI or an SDK may have refreshed it meanwhile). The AWS tools take
//! no lock: a refresh they make at the same moment can still win the race, and the service's
//! idempotency window for a repeated refresh token is what keeps both working.
//!
//! The refresh goes to the region that issued the token: the file's `signInRegion` when
//! present (awsso writes it at login), else `AWS_REGION`, else the profile's `region`. A
//! refresh token sent to another region's endpoint is refused with `INVALID_REQUEST`.
//!
//! A refused refresh is a login-required error saying why: the session ended
//! (`TOKEN_EXPIRED`), the password or keys changed (`USER_CREDENTIALS_CHANGED`), the
//! principal lacks `signin:CreateOAuth2Token` (`INSUFFICIENT_PERMISSIONS`; the
//! `SignInLocalDevelopmentAccess` managed policy grants it), or the grant is invalid
//! (`INVALID_REQUEST`). Credentials that are still valid are served, with a warning, when a
//! refresh fails for a transient reason. The file is never deleted or rewritten on failure.

pub(crate) mod cache;
pub(crate) mod dpop;
pub(crate) mod endpoint;
pub(crate) mod login;
pub(crate) mod status;
pub(crate) mod token;

use std::path::PathBuf;
use std::time::Duration;

use time::OffsetDateTime;

use crate::error::{LoginRequired, LoginRequiredReason};
use crate::login_session::cache::LoginToken;
use crate::login_session::token::{Grant, RejectCode, TokenError};
use crate::sso::SsoError;
use crate::sso::client::{ApiError, ApiErrorKind};
use crate::sso::role_cache::RoleCredentials;
use crate::sso::session::{CredentialSource, Session};
use crate::sso::timestamp::Timestamp;

/// Refresh once this much or less is left (the SDKs' window).
pub(crate) const REFRESH_WINDOW: Duration = Duration::from_secs(5 * 60);

/// Whether `token` must be refreshed at `now` to serve credentials with `min_remaining` left.
/// The wish is capped at [`REFRESH_WINDOW`]: the credentials never last much longer than
/// 15 minutes, so asking for more would refresh on every call.
pub(crate) fn needs_refresh(
    token: &LoginToken,
    now: OffsetDateTime,
    min_remaining: Duration,
) -> bool {
    let margin = min_remaining.min(REFRESH_WINDOW);
    let margin = time::Duration::try_from(margin).unwrap_or(time::Duration::ZERO);
    token
        .credentials
        .expiration
        .get()
        .checked_sub(margin)
        .is_none_or(|refresh_at| refresh_at <= now)
}

/// Whether the credentials are still valid at `now` (a failed refresh may fall back to them).
pub(crate) fn still_valid(token: &LoginToken, now: OffsetDateTime) -> bool {
    token.credentials.expiration.get() > now + time::Duration::seconds(10)
}

/// The account id of a principal ARN (`arn:aws:iam::123456789012:user/alice`): its fifth
/// field, digits, as the AWS CLI takes it (it checks no length: its own test vectors use a
/// 13-digit account).
pub(crate) fn account_of(arn: &str) -> Option<&str> {
    let account = arn.split(':').nth(4)?;
    (!account.is_empty() && account.bytes().all(|b| b.is_ascii_digit())).then_some(account)
}

/// The cache file of a session (`None` without a cache folder: a library session in memory).
pub(crate) fn cache_path(session: &Session, arn: &str) -> Option<PathBuf> {
    session
        .world()
        .login_cache
        .as_ref()
        .map(|dir| dir.join(cache::file_name(arn)))
}

/// The region a refresh goes to (see the module docs): the one that issued the token when the
/// file says (`signInRegion`), else `AWS_REGION`, else the profile's. Pure.
pub(crate) fn refresh_region<'a>(
    sign_in_region: Option<&'a str>,
    env_region: Option<&'a str>,
    profile_region: Option<&'a str>,
) -> Option<&'a str> {
    sign_in_region
        .or(env_region)
        .or(profile_region)
        .filter(|r| crate::ids::check_region(r).is_ok())
}

/// The sign-in base URL a session's token calls go to, for `region`.
pub(crate) fn base_url(session: &Session, region: &str) -> String {
    endpoint::base_url(region, session.world().env.signin_endpoint())
}

/// "Log in again" for the login session `arn`.
fn login_required(
    session: &Session,
    reason: LoginRequiredReason,
    detail: impl std::fmt::Display,
) -> SsoError {
    LoginRequired::new(session.target(), reason, detail).into()
}

/// Reads the session's cache file: a missing one is "log in", an unreadable one is a
/// corrupt cache (a login replaces it).
pub(crate) fn read_token(session: &Session, arn: &str) -> Result<LoginToken, SsoError> {
    let Some(path) = cache_path(session, arn) else {
        return Err(login_required(
            session,
            LoginRequiredReason::NoToken,
            "no login session cache folder (no home folder)",
        ));
    };
    match cache::read(&path) {
        Ok(Some(token)) => Ok(token),
        Ok(None) => Err(login_required(
            session,
            LoginRequiredReason::NoToken,
            format!(
                "no cached login session ({} does not exist)",
                path.display()
            ),
        )),
        Err(e) => Err(LoginRequired::new(
            session.target(),
            LoginRequiredReason::CorruptCache,
            "the login session cache is unusable",
        )
        .with_source(e)
        .into()),
    }
}

/// Credentials of the login session `arn` with `min_remaining` left (capped at the refresh
/// window): from the cache file, or refreshed once under the lock (see the module docs).
pub(crate) fn credentials(
    session: &Session,
    arn: &str,
    min_remaining: Duration,
) -> Result<(RoleCredentials, CredentialSource), SsoError> {
    let token = read_token(session, arn)?;
    if !needs_refresh(&token, session.now(), min_remaining) {
        session.debug(|| {
            format!(
                "login session credentials from cache, valid until {}",
                token.credentials.expiration
            )
        });
        return Ok((token.credentials, CredentialSource::Cache));
    }
    let digest = sha256_stem(arn);
    let _lock = session.lock_named(
        "login",
        &digest,
        "waiting for another awsso process refreshing the same login session",
    )?;
    // Another process (awsso, the AWS CLI, an SDK) may have refreshed it while we waited.
    let token = read_token(session, arn)?;
    if !needs_refresh(&token, session.now(), min_remaining) {
        session.debug(|| "the login session was refreshed by another process; using it".to_owned());
        return Ok((token.credentials, CredentialSource::Cache));
    }
    match refresh(session, arn, &token) {
        Ok(new) => Ok((new.credentials, CredentialSource::Fetched)),
        Err(e) if !e.is_login_required() && still_valid(&token, session.now()) => {
            session.observer().warn(&format!(
                "could not refresh the login session: {}; using its credentials until they expire at {}",
                crate::sso::error_chain(&e),
                token.credentials.expiration
            ));
            Ok((token.credentials, CredentialSource::Cache))
        }
        Err(e) => Err(e),
    }
}

/// The cache file stem of `arn` (its lock's name too).
pub(crate) fn sha256_stem(arn: &str) -> String {
    cache::file_name(arn).trim_end_matches(".json").to_owned()
}

/// Refreshes `token` and rewrites the cache file. The caller holds the lock.
fn refresh(session: &Session, arn: &str, token: &LoginToken) -> Result<LoginToken, SsoError> {
    let region = refresh_region(
        token.sign_in_region.as_deref(),
        session.world().env.region.as_deref(),
        session.target().region.as_deref(),
    );
    let override_url = session.world().env.signin_endpoint();
    let Some(region) = region.or(override_url.map(|_| "us-east-1")) else {
        return Err(crate::sso::target::TargetError::Invalid {
            location: format!("login session {arn}"),
            detail: "no region to refresh it in: set region in the profile (or AWS_REGION)"
                .to_owned(),
        }
        .into());
    };
    let path = cache_path(session, arn).expect("read_token found the file");
    let key = token.dpop_key(&path.display().to_string()).map_err(|e| {
        SsoError::from(
            LoginRequired::new(
                session.target(),
                LoginRequiredReason::CorruptCache,
                "the login session cache is unusable",
            )
            .with_source(e),
        )
    })?;
    let base = base_url(session, region);
    session.debug(|| format!("refreshing the login session at {base}"));
    let clock = session.world().clock.clone();
    let answer = session.block_on(token::create_token(
        &session.world().env,
        &base,
        &token.client_id,
        &Grant::RefreshToken(&token.refresh_token),
        &key,
        move || clock.now().unix_timestamp(),
    ))?;
    let new = answer.map_err(|e| token_error(session, e))?;
    let refreshed = LoginToken {
        credentials: RoleCredentials {
            access_key_id: new.access_key_id,
            secret_access_key: new.secret_access_key,
            session_token: new.session_token,
            expiration: expiry(session.now(), new.expires_in),
        },
        refresh_token: new.refresh_token,
        token_type: new.token_type.or_else(|| token.token_type.clone()),
        ..token.clone()
    };
    cache::write(&path, &refreshed).map_err(|e| SsoError::Io {
        path,
        source: std::io::Error::other(e.to_string()),
    })?;
    session.debug(|| {
        format!(
            "login session refreshed; valid until {}",
            refreshed.credentials.expiration
        )
    });
    Ok(refreshed)
}

/// `now + expires_in` seconds.
pub(crate) fn expiry(now: OffsetDateTime, expires_in: u64) -> Timestamp {
    let secs = i64::try_from(expires_in.min(86_400)).unwrap_or(86_400);
    Timestamp::from_unix(now.unix_timestamp().saturating_add(secs))
        .unwrap_or_else(|| Timestamp::new(now))
}

/// A failed token call in the core's terms: a refused grant is "log in again" with the reason;
/// anything else a service or network error.
pub(crate) fn token_error(session: &Session, e: TokenError) -> SsoError {
    let message = e.to_string();
    match e {
        TokenError::Rejected { code, status, .. } => {
            let reason = match code {
                RejectCode::TokenExpired | RejectCode::AuthcodeExpired => {
                    LoginRequiredReason::Expired
                }
                RejectCode::UserCredentialsChanged => LoginRequiredReason::CredentialsChanged,
                RejectCode::InsufficientPermissions => LoginRequiredReason::InsufficientPermissions,
                RejectCode::InvalidRequest => LoginRequiredReason::Rejected,
                RejectCode::Other(_) if status == 401 || status == 403 || status == 400 => {
                    LoginRequiredReason::Rejected
                }
                RejectCode::Other(code) => {
                    return SsoError::Api(ApiError {
                        operation: "CreateOAuth2Token",
                        kind: ApiErrorKind::Service,
                        code: Some(code).filter(|c| !c.is_empty()),
                        message,
                        status: Some(status),
                        network: None,
                    });
                }
            };
            let detail = match reason {
                LoginRequiredReason::Expired => format!("the login session has ended ({message})"),
                LoginRequiredReason::CredentialsChanged => {
                    format!("the password or access keys changed since the login ({message})")
                }
                LoginRequiredReason::InsufficientPermissions => {
                    format!("the principal may not use signin:CreateOAuth2Token ({message})")
                }
                _ => format!("the refresh was refused ({message})"),
            };
            login_required(session, reason, detail)
        }
        TokenError::Server { status, .. } => SsoError::Api(ApiError {
            operation: "CreateOAuth2Token",
            kind: if status == 429 {
                ApiErrorKind::Throttled
            } else {
                ApiErrorKind::Service
            },
            code: None,
            message,
            status: Some(status),
            network: None,
        }),
        TokenError::Network { .. } => SsoError::Api(ApiError {
            operation: "CreateOAuth2Token",
            kind: ApiErrorKind::Network,
            code: None,
            message,
            status: None,
            network: None,
        }),
        TokenError::BadResponse { .. } => SsoError::Api(ApiError {
            operation: "CreateOAuth2Token",
            kind: ApiErrorKind::Service,
            code: None,
            message,
            status: None,
            network: None,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    fn token(expires_unix: i64) -> LoginToken {
        LoginToken::new(
            RoleCredentials {
                access_key_id: "A".to_owned(),
                secret_access_key: Secret::new("S".to_owned()),
                session_token: Secret::new("T".to_owned()),
                expiration: Timestamp::from_unix(expires_unix).unwrap(),
            },
            "123456789012".to_owned(),
            cache::SAME_DEVICE.to_owned(),
            Secret::new("R".to_owned()),
            dpop::DpopKey::generate().unwrap(),
            None,
            None,
            None,
        )
    }

    fn at(unix: i64) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(unix).unwrap()
    }

    #[test]
    fn refreshes_within_five_minutes_of_expiry() {
        let t = token(10_000);
        let fifteen = Duration::from_secs(900);
        assert!(!needs_refresh(&t, at(10_000 - 301), fifteen));
        assert!(needs_refresh(&t, at(10_000 - 300), fifteen));
        assert!(needs_refresh(&t, at(10_001), fifteen));
        // A smaller wish is honoured.
        assert!(!needs_refresh(&t, at(10_000 - 61), Duration::from_secs(60)));
        assert!(needs_refresh(&t, at(10_000 - 60), Duration::from_secs(60)));
        assert!(still_valid(&t, at(9_000)));
        assert!(!still_valid(&t, at(9_995)));
    }

    #[test]
    fn refreshes_go_to_the_region_that_issued_the_token() {
        assert_eq!(
            refresh_region(Some("eu-west-1"), Some("us-east-1"), Some("ap-south-1")),
            Some("eu-west-1")
        );
        assert_eq!(
            refresh_region(None, Some("us-east-1"), Some("ap-south-1")),
            Some("us-east-1")
        );
        assert_eq!(
            refresh_region(None, None, Some("ap-south-1")),
            Some("ap-south-1")
        );
        assert_eq!(refresh_region(None, None, None), None);
        assert_eq!(refresh_region(Some("evil.example/x"), None, None), None);
    }

    #[test]
    fn accounts_of_principals() {
        assert_eq!(
            account_of("arn:aws:iam::123456789012:user/Admin"),
            Some("123456789012")
        );
        assert_eq!(
            account_of("arn:aws:sts::123456789012:assumed-role/Admin/alice"),
            Some("123456789012")
        );
        assert_eq!(
            account_of("arn:aws:iam::0123456789012:user/Admin"),
            Some("0123456789012")
        );
        assert_eq!(account_of("arn:aws:iam:::user/x"), None);
        assert_eq!(account_of("nonsense"), None);
    }
}
