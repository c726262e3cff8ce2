//! The state of every `aws login` session profile, for `awsso status`.
//!
//! [`assess`] is pure (`now` passed in); [`collect`] reads the cache files. A session is
//! logged in while its cache file is readable: the credentials are used while valid and
//! refreshed after that for as long as the console session lasts (up to 12 hours after the
//! login), which only the sign-in service knows.

use serde::Serialize;
use time::OffsetDateTime;

use crate::login_session::cache::{self, CacheError, LoginToken};
use crate::paths::Paths;
use crate::profile::ProfileSet;
use crate::sso::status::TokenState;
use crate::sso::target::Target;
use crate::sso::timestamp::{Timestamp, relative};

/// One `login_session` profile's status.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LoginSessionStatus {
    /// The profile.
    pub profile: String,
    /// The principal ARN (`login_session`).
    pub principal: String,
    /// The principal's account.
    pub account_id: Option<String>,
    /// The cache file.
    pub cache_file: String,
    /// The cached credentials' state.
    pub credentials: TokenState,
    /// When the credentials expire.
    pub expires_at: Option<Timestamp>,
    /// `in 12m` / `3m ago`.
    pub expires: Option<String>,
    /// The region refreshes go to (`signInRegion`), when the file names it.
    pub sign_in_region: Option<String>,
    /// Whether credentials can be served (valid now, or refreshable).
    pub logged_in: bool,
    /// What is wrong with an unreadable file.
    pub problem: Option<String>,
    /// How to name it to log in to it (the CLI renders the command).
    #[serde(skip)]
    pub login: Target,
}

/// The status of `profile` (with `principal`) from its cache file's contents.
pub(crate) fn assess(
    profile: &str,
    principal: &str,
    cache_file: &std::path::Path,
    token: Result<Option<LoginToken>, CacheError>,
    now: OffsetDateTime,
) -> LoginSessionStatus {
    let mut status = LoginSessionStatus {
        profile: profile.to_owned(),
        principal: principal.to_owned(),
        account_id: crate::login_session::account_of(principal).map(str::to_owned),
        cache_file: cache_file.display().to_string(),
        credentials: TokenState::Missing,
        expires_at: None,
        expires: None,
        sign_in_region: None,
        logged_in: false,
        problem: None,
        login: Target::Profile(profile.to_owned()),
    };
    match token {
        Ok(None) => {}
        Err(e) => {
            status.credentials = TokenState::Corrupt;
            status.problem = Some(crate::sso::error_chain(&e));
        }
        Ok(Some(t)) => {
            let at = t.credentials.expiration;
            status.credentials = if at.get() > now {
                TokenState::Valid
            } else {
                TokenState::Expired
            };
            status.expires_at = Some(at);
            status.expires = Some(relative(at, now));
            status.sign_in_region = t.sign_in_region.clone();
            status.account_id = Some(t.account_id.clone());
            status.logged_in = true;
        }
    }
    status
}

/// Every profile of the config file with `login_session`, in file order.
pub(crate) fn collect(
    set: &ProfileSet,
    paths: &Paths,
    now: OffsetDateTime,
) -> Vec<LoginSessionStatus> {
    let mut out = Vec::new();
    for name in set.profile_names() {
        let Some(principal) = set
            .profile(name)
            .and_then(|p| p.get("login_session"))
            .map(str::trim)
            .filter(|p| !p.is_empty())
        else {
            continue;
        };
        let path = paths.login_cache.join(cache::file_name(principal));
        out.push(assess(name, principal, &path, cache::read(&path), now));
    }
    out
}
