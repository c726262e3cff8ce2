//! Logging out: revoke a cached token (`sso:Logout`), then delete it and awsso's role credentials.
//!
//! I/O. Owns which files a logout may delete: the token cache file of the session being logged
//! out (shared with the AWS CLI, which deletes it the same way) and entries of awsso's own role
//! cache. Client registrations, other tools' files and lock files are never touched (a deleted
//! lock file would let two processes lock two different inodes).
//!
//! The token file's lock (`locks/token-<digest>.lock`, the one refreshes and logins take) is held
//! while logging out, so a concurrent refresh cannot write the token back.

use std::io;
use std::path::{Path, PathBuf};

use time::OffsetDateTime;

use crate::sso::SsoError;
use crate::sso::client::ApiErrorKind;
use crate::sso::role_cache::{self, RoleKey};
use crate::sso::session::{Session, World};
use crate::sso::store::Store;
use crate::sso::target::SsoTarget;
use crate::sso::token_cache::{self, CachedToken};

/// What happened to the token server-side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Revocation {
    /// `sso:Logout` succeeded.
    Revoked,
    /// The token had expired: nothing to revoke, no call made.
    Expired,
    /// The service said the token was already invalid.
    AlreadyInvalid,
    /// No region is known for the token, so the service could not be called.
    NoRegion,
    /// The call failed (network, service error): the token may stay valid until it expires.
    Failed(String),
    /// No token file, or one that could not be read (deleted anyway).
    NoToken,
}

/// The outcome of logging out one token file.
#[derive(Debug, Clone)]
pub(crate) struct TokenLogout {
    /// The token file.
    pub path: PathBuf,
    /// The token's start URL, when known.
    pub start_url: Option<String>,
    /// Whether the file existed and was deleted.
    pub deleted: bool,
    /// What happened server-side.
    pub revocation: Revocation,
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> SsoError + '_ {
    move |source| SsoError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Logs out the token cached at `path`: revokes it when still valid (`fallback_region` is used
/// when the file names none), then deletes the file.
pub(crate) fn logout_token_file(
    world: &World,
    path: &Path,
    fallback_region: Option<&str>,
    now: OffsetDateTime,
) -> Result<TokenLogout, SsoError> {
    let digest = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let _lock = world
        .locks
        .acquire("token", &digest, || {}, None)
        .map_err(|(path, source)| SsoError::Io { path, source })?;
    let (start_url, revocation) = match token_cache::read(path) {
        Ok(Some(token)) => {
            let region = token.region.as_deref().or(fallback_region);
            (token.start_url.clone(), revoke(world, &token, region, now))
        }
        Ok(None) => (None, Revocation::NoToken),
        Err(e) => {
            world
                .observer
                .warn(&format!("{}; deleting it", crate::sso::error_chain(&e)));
            (None, Revocation::NoToken)
        }
    };
    let deleted = match std::fs::remove_file(path) {
        Ok(()) => true,
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(io_err(path)(e)),
    };
    Ok(TokenLogout {
        path: path.to_path_buf(),
        start_url,
        deleted,
        revocation,
    })
}

/// Logs out `session`, whatever its stores (the library's `Sso::logout`): under the token lock,
/// revokes its token when still valid and deletes it, then deletes its role credentials: every
/// entry of a cache folder that belongs to the session, and the entries under `used` in any
/// store (a program's own store cannot be listed). A failed revocation is a warning: the local
/// logout is done either way.
pub(crate) fn logout_session(session: &Session, used: &[RoleKey]) -> Result<Revocation, SsoError> {
    let world = session.world();
    let target = session.target();
    let _lock = session.token_lock(true, None)?;
    let revocation = match session.cached_token() {
        Ok(Some(token)) => {
            let region = token.region.as_deref().unwrap_or(&target.sso_region);
            revoke(world, &token, Some(region), session.now())
        }
        Ok(None) => Revocation::NoToken,
        Err(e) => {
            world
                .observer
                .warn(&format!("{}; deleting it", crate::sso::error_chain(&e)));
            Revocation::NoToken
        }
    };
    if let Revocation::Failed(why) = &revocation {
        world.observer.warn(&format!(
            "could not revoke the token for {} ({why}); deleted it, but the token stays valid until it expires",
            target.start_url
        ));
    }
    world
        .tokens
        .remove(session.token_key())
        .map_err(io_err(&world.tokens.location(session.token_key())))?;
    if let Store::Dir(dir) = &world.roles {
        delete_roles(dir, |k| belongs_to(k, target))?;
    }
    for key in used {
        let digest = key.digest();
        world
            .roles
            .remove(&digest)
            .map_err(io_err(&world.roles.location(&digest)))?;
    }
    Ok(revocation)
}

fn revoke(
    world: &World,
    token: &CachedToken,
    region: Option<&str>,
    now: OffsetDateTime,
) -> Revocation {
    if token.expires_at.get() <= now {
        return Revocation::Expired;
    }
    let Some(region) = region else {
        return Revocation::NoRegion;
    };
    // A target only to reach the right regional endpoint; nothing else of it is used.
    let session = Session::new(
        SsoTarget::start_url(token.start_url.as_deref().unwrap_or_default(), region),
        world.clone(),
    );
    session.debug(|| "calling sso:Logout".to_owned());
    let result = session
        .clients()
        .and_then(|clients| session.block_on(clients.logout(&token.access_token)));
    match result {
        Ok(Ok(())) => Revocation::Revoked,
        Ok(Err(e)) if e.kind == ApiErrorKind::Unauthorized => Revocation::AlreadyInvalid,
        Ok(Err(e)) => Revocation::Failed(e.to_string()),
        Err(e) => Revocation::Failed(e.to_string()),
    }
}

/// Entries of the cache folder that are no regular files (a FIFO, a folder, a link, a device):
/// `logout --all` names them instead of passing over them in silence. With the kind's name
/// and the command that removes each, sorted by path.
pub(crate) fn odd_entries(dir: &Path) -> Vec<(PathBuf, &'static str, String)> {
    // The folder itself may be the odd one (a file where it should be).
    if let Ok(meta) = std::fs::metadata(dir)
        && !meta.is_dir()
    {
        let kind = std::fs::symlink_metadata(dir).map_or(crate::platform::open::Kind::Other, |m| {
            crate::platform::open::kind_of(&m)
        });
        let link = matches!(kind, crate::platform::open::Kind::Link { .. });
        let fix = crate::platform::fix::remove(dir, false, link, crate::platform::Os::HERE);
        return vec![(dir.to_path_buf(), kind.name(), fix)];
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(PathBuf, &'static str, String)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let path = e.path();
            let meta = std::fs::symlink_metadata(&path).ok()?;
            let kind = crate::platform::open::kind_of(&meta);
            if kind == crate::platform::open::Kind::File {
                return None;
            }
            let link = matches!(kind, crate::platform::open::Kind::Link { .. });
            let fix =
                crate::platform::fix::remove(&path, kind.is_dir(), link, crate::platform::Os::HERE);
            Some((path, kind.name(), fix))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Every token file in the cache folder (files that parse as tokens; registrations and
/// unreadable files are left out), sorted by path.
pub(crate) fn token_files(dir: &Path) -> Vec<(PathBuf, CachedToken)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(PathBuf, CachedToken)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter_map(|p| token_cache::read(&p).ok().flatten().map(|t| (p, t)))
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Deletes awsso's cached role credentials whose key matches `which`; returns how many.
pub(crate) fn delete_roles(
    dir: &Path,
    which: impl Fn(&RoleKey) -> bool,
) -> Result<usize, SsoError> {
    let mut n = 0;
    for (path, entry) in role_cache::list(dir) {
        if which(&entry.key) {
            match std::fs::remove_file(&path) {
                Ok(()) => n += 1,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(io_err(&path)(e)),
            }
        }
    }
    Ok(n)
}

/// Whether a role cache entry belongs to `target`'s session (same start URL and session name).
pub(crate) fn belongs_to(key: &RoleKey, target: &SsoTarget) -> bool {
    key.start_url == target.start_url && key.sso_session == target.session
}
