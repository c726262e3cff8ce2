//! The login state of every SSO session: configured ones and those found in the token cache.
//!
//! [`assess`] is pure (`now` passed in); [`collect`] reads the token and role cache folders.
//! Owns what "logged in" means for `awsso status`: a token that is still valid, or one that can
//! be refreshed silently. Does not own printing (`cmd/status.rs` renders, `ui.rs` prints).
//!
//! ```ini
//! [sso-session corp]            -> one entry, token file sha1("corp").json
//! [profile legacy]
//! sso_start_url = https://…     -> one entry per legacy start URL, token file sha1(url).json
//! ```
//! Token files that match no configured session are listed too (`configured: false`).

use std::collections::HashSet;
use std::path::Path;

use serde::Serialize;
use time::OffsetDateTime;

use crate::paths::Paths;
use crate::profile::ProfileSet;
use crate::sso::lifecycle::{self, NotRefreshable};
use crate::sso::role_cache::{self, Entry};
use crate::sso::target::Target;
use crate::sso::timestamp::{Timestamp, relative};
use crate::sso::token_cache::{self, CacheError, CachedToken, sha1_hex};

/// Which session an entry is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SessionRef {
    /// The `sso-session` name, for sessions (None for legacy start URLs and unknown files).
    pub name: Option<String>,
    /// The start URL, when known.
    pub start_url: Option<String>,
    /// The SSO region, when known.
    pub sso_region: Option<String>,
    /// Whether the config file names it.
    pub configured: bool,
    /// How to name it to log in to it (the CLI renders the command).
    pub login: Option<Target>,
}

/// The state of the cached token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum TokenState {
    /// No token file.
    Missing,
    /// Valid now.
    Valid,
    /// Past its expiry.
    Expired,
    /// The file cannot be read or parsed.
    Corrupt,
    /// The service rejected the token (revoked, or signed out everywhere); `problem` says when.
    Rejected,
}

/// Cached role credentials of a session.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RoleStatus {
    /// The account.
    pub account_id: String,
    /// The role.
    pub role_name: String,
    /// When the credentials expire.
    pub expires_at: Timestamp,
    /// `in 55m` / `3m ago`.
    pub expires: String,
}

/// One session's status.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SessionStatus {
    /// The `sso-session` name.
    pub name: Option<String>,
    /// The start URL.
    pub start_url: Option<String>,
    /// The SSO region.
    pub sso_region: Option<String>,
    /// Whether the config file names it.
    pub configured: bool,
    /// The token cache file.
    pub token_file: String,
    /// The token's state.
    pub token: TokenState,
    /// When the token expires.
    pub expires_at: Option<Timestamp>,
    /// `in 7h 59m` / `2h ago`.
    pub expires: Option<String>,
    /// Whether awsso can refresh it silently.
    pub refreshable: bool,
    /// Why not, when it cannot.
    pub not_refreshable: Option<String>,
    /// Valid, or refreshable.
    pub logged_in: bool,
    /// What is wrong with a corrupt file.
    pub problem: Option<String>,
    /// How to name the session to log in to it (the CLI renders the command).
    #[serde(skip)]
    pub login: Option<Target>,
    /// awsso's cached role credentials for this session.
    pub roles: Vec<RoleStatus>,
}

/// Why a token cannot be refreshed, as a phrase.
pub(crate) fn why_not_refreshable(why: NotRefreshable) -> &'static str {
    match why {
        NotRefreshable::NoRefreshToken => {
            "no refresh token (log in with sso_registration_scopes = sso:account:access)"
        }
        NotRefreshable::NoClient => "no client registration next to the token",
        NotRefreshable::RegistrationExpired => "the client registration has expired",
        // Learned only by trying, which status never does.
        NotRefreshable::Rejected(_) | NotRefreshable::Failed(_) => "a refresh failed",
        NotRefreshable::RejectedEarlier(_) => "the service rejected the token",
    }
}

/// The status of one session from its token file's contents and its role cache entries.
pub(crate) fn assess(
    session: &SessionRef,
    token_file: &Path,
    token: Result<Option<CachedToken>, CacheError>,
    roles: &[&Entry],
    now: OffsetDateTime,
) -> SessionStatus {
    let mut status = SessionStatus {
        name: session.name.clone(),
        start_url: session.start_url.clone(),
        sso_region: session.sso_region.clone(),
        configured: session.configured,
        token_file: token_file.display().to_string(),
        token: TokenState::Missing,
        expires_at: None,
        expires: None,
        refreshable: false,
        not_refreshable: None,
        logged_in: false,
        problem: None,
        login: session.login.clone(),
        roles: roles
            .iter()
            .map(|e| RoleStatus {
                account_id: e.key.account_id.clone(),
                role_name: e.key.role_name.clone(),
                expires_at: e.credentials.expiration,
                expires: relative(e.credentials.expiration, now),
            })
            .collect(),
    };
    match token {
        Ok(None) => {}
        Err(e) => {
            status.token = TokenState::Corrupt;
            status.problem = Some(crate::sso::error_chain(&e));
        }
        Ok(Some(t)) if t.rejected_at.is_some() => {
            status.token = TokenState::Rejected;
            status.expires_at = Some(t.expires_at);
            status.expires = Some(relative(t.expires_at, now));
            status.not_refreshable =
                Some(why_not_refreshable(NotRefreshable::RejectedEarlier(t.expires_at)).to_owned());
            status.problem = t
                .rejected_at
                .map(|at| format!("the service rejected the token at {at}"));
            if status.start_url.is_none() {
                status.start_url = t.start_url.clone();
            }
            if status.sso_region.is_none() {
                status.sso_region = t.region.clone();
            }
        }
        Ok(Some(t)) => {
            let valid = t.expires_at.get() > now;
            status.token = if valid {
                TokenState::Valid
            } else {
                TokenState::Expired
            };
            status.expires_at = Some(t.expires_at);
            status.expires = Some(relative(t.expires_at, now));
            match lifecycle::refreshability(&t, now) {
                Ok(()) => status.refreshable = true,
                Err(why) => status.not_refreshable = Some(why_not_refreshable(why).to_owned()),
            }
            status.logged_in = valid || status.refreshable;
            if status.start_url.is_none() {
                status.start_url = t.start_url.clone();
            }
            if status.sso_region.is_none() {
                status.sso_region = t.region.clone();
            }
        }
    }
    status
}

/// The sessions the config file names: every `[sso-session]`, then each legacy start URL
/// (from `sso_start_url` or `awsso_start_url` profiles without a session), in file order.
pub(crate) fn configured(set: &ProfileSet) -> Vec<SessionRef> {
    let mut out = Vec::new();
    for name in set.sso_session_names() {
        let section = set.sso_session(name);
        out.push(SessionRef {
            name: Some(name.to_owned()),
            start_url: section
                .and_then(|s| s.get("sso_start_url"))
                .map(str::to_owned),
            sso_region: section.and_then(|s| s.get("sso_region")).map(str::to_owned),
            configured: true,
            login: Some(Target::Session(name.to_owned())),
        });
    }
    let mut seen = HashSet::new();
    for name in set.profile_names() {
        let Some(p) = set.profile(name) else { continue };
        if p.get("sso_session").is_some() || p.get("awsso_session").is_some() {
            continue;
        }
        let (url, region) = match (p.get("sso_start_url"), p.get("awsso_start_url")) {
            (Some(u), _) => (u, p.get("sso_region")),
            (None, Some(u)) => (u, p.get("awsso_sso_region")),
            _ => continue,
        };
        if seen.insert(url.to_owned()) {
            out.push(SessionRef {
                name: None,
                start_url: Some(url.to_owned()),
                sso_region: region.map(str::to_owned),
                configured: true,
                login: Some(Target::Profile(name.to_owned())),
            });
        }
    }
    out
}

/// The status of every configured session and every other token file in the cache folder.
pub(crate) fn collect(set: &ProfileSet, paths: &Paths, now: OffsetDateTime) -> Vec<SessionStatus> {
    let roles = role_cache::list(&paths.role_cache());
    let mut out = Vec::new();
    let mut seen_files = HashSet::new();
    for session in configured(set) {
        let key = session
            .name
            .clone()
            .or_else(|| session.start_url.clone())
            .unwrap_or_default();
        let file = paths.token_file(&sha1_hex(&key));
        seen_files.insert(file.clone());
        let mine: Vec<&Entry> = roles
            .iter()
            .map(|(_, e)| e)
            .filter(|e| {
                e.key.sso_session == session.name
                    && session.start_url.as_deref() == Some(e.key.start_url.as_str())
            })
            .collect();
        out.push(assess(
            &session,
            &file,
            token_cache::read(&file),
            &mine,
            now,
        ));
    }
    for (file, token) in crate::sso::logout::token_files(&paths.sso_cache) {
        if seen_files.contains(&file) {
            continue;
        }
        let session = SessionRef {
            name: None,
            start_url: token.start_url.clone(),
            sso_region: token.region.clone(),
            configured: false,
            login: None,
        };
        let mine: Vec<&Entry> = roles
            .iter()
            .map(|(_, e)| e)
            .filter(|e| {
                token.start_url.as_deref() == Some(e.key.start_url.as_str())
                    && e.key.sso_session.is_none()
            })
            .collect();
        out.push(assess(&session, &file, Ok(Some(token)), &mine, now));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    fn now() -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap()
    }

    fn token(expires_in: i64, refreshable: bool) -> CachedToken {
        let at = |s: i64| Timestamp::from_unix(now().unix_timestamp() + s);
        CachedToken {
            start_url: Some("https://x/start".into()),
            region: Some("eu-west-1".into()),
            access_token: Secret::new("a".into()),
            expires_at: at(expires_in).unwrap(),
            client_id: Some("c".into()),
            client_secret: Some(Secret::new("s".into())),
            registration_expires_at: at(86_400),
            refresh_token: refreshable.then(|| Secret::new("r".into())),
            rejected_at: None,
        }
    }

    fn session() -> SessionRef {
        SessionRef {
            name: Some("corp".into()),
            start_url: None,
            sso_region: None,
            configured: true,
            login: None,
        }
    }

    #[test]
    fn logged_in_means_valid_or_refreshable() {
        let p = Path::new("/c/x.json");
        let s = assess(&session(), p, Ok(Some(token(3600, false))), &[], now());
        assert!(s.logged_in && s.token == TokenState::Valid && !s.refreshable);
        assert!(
            s.not_refreshable
                .as_deref()
                .unwrap()
                .contains("sso:account:access")
        );
        assert_eq!(s.expires.as_deref(), Some("in 1h 0m"));
        let s = assess(&session(), p, Ok(Some(token(-60, true))), &[], now());
        assert!(s.logged_in && s.token == TokenState::Expired && s.refreshable);
        let s = assess(&session(), p, Ok(Some(token(-60, false))), &[], now());
        assert!(!s.logged_in);
        let s = assess(&session(), p, Ok(None), &[], now());
        assert!(!s.logged_in && s.token == TokenState::Missing);
        assert_eq!(s.start_url, None);
    }
}
