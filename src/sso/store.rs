//! Where the core keeps tokens, client registrations and role credentials, and how it makes
//! work single-flight.
//!
//! I/O. A [`Store`] is a folder of `<key>.json` files (the default: the AWS CLI's token cache
//! folder, awsso's role cache folder), an in-memory map, or a program's own [`CacheStore`]. The
//! folder form goes through the hardened readers and atomic writers of `token_cache` and
//! `role_cache`; the other two hold the same JSON documents as bytes.
//!
//! [`Locks`] serialise refreshes, logins and fetches: OS file locks in awsso's lock folder
//! (shared with every awsso process, released by the kernel when a holder dies), or, when there
//! is no such folder, locks inside this process.

use std::collections::{HashMap, HashSet};
use std::fmt::Debug;
use std::io;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::fsutil::FileLock;
use crate::sso::SsoError;
use crate::sso::cancel::{Cancel, POLL};
use crate::sso::role_cache::{self, RoleCredentials, RoleKey};
use crate::sso::token_cache::{self, CacheError, CachedToken, Registration};

/// A program's own cache: a key-value store of JSON documents (aws-sso-lib's `sso_cache` /
/// `credential_cache`). Keys are lowercase hex digests; values are the documents awsso would
/// write to `<key>.json` (they contain secrets: keep them as safe as the default files).
///
/// ```
/// use std::collections::HashMap;
/// use std::sync::Mutex;
///
/// #[derive(Debug, Default)]
/// struct MyVault(Mutex<HashMap<String, Vec<u8>>>);
///
/// impl awsso::CacheStore for MyVault {
///     fn load(&self, key: &str) -> std::io::Result<Option<Vec<u8>>> {
///         Ok(self.0.lock().unwrap().get(key).cloned())
///     }
///     fn store(&self, key: &str, value: &[u8]) -> std::io::Result<()> {
///         self.0.lock().unwrap().insert(key.to_owned(), value.to_vec());
///         Ok(())
///     }
///     fn remove(&self, key: &str) -> std::io::Result<()> {
///         self.0.lock().unwrap().remove(key);
///         Ok(())
///     }
/// }
///
/// let sso = awsso::Sso::new("https://my-org.awsapps.com/start", "eu-west-1")?
///     .with_token_cache(awsso::Cache::custom(MyVault::default()));
/// # let _ = sso;
/// # Ok::<(), awsso::Error>(())
/// ```
pub trait CacheStore: Send + Sync + Debug {
    /// The document stored under `key`, if any.
    fn load(&self, key: &str) -> io::Result<Option<Vec<u8>>>;
    /// Stores `value` under `key`, replacing any earlier one.
    fn store(&self, key: &str, value: &[u8]) -> io::Result<()>;
    /// Removes `key` (absent keys are not an error).
    fn remove(&self, key: &str) -> io::Result<()>;
}

/// In-memory documents, shared by every clone.
#[derive(Debug, Clone, Default)]
pub(crate) struct MemoryStore(Arc<Mutex<HashMap<String, Vec<u8>>>>);

impl CacheStore for MemoryStore {
    fn load(&self, key: &str) -> io::Result<Option<Vec<u8>>> {
        let map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(map.get(key).cloned())
    }

    fn store(&self, key: &str, value: &[u8]) -> io::Result<()> {
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        map.insert(key.to_owned(), value.to_vec());
        Ok(())
    }

    fn remove(&self, key: &str) -> io::Result<()> {
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        map.remove(key);
        Ok(())
    }
}

/// One cache: a folder, or a key-value store.
#[derive(Debug, Clone)]
pub(crate) enum Store {
    /// `<folder>/<key>.json` files (0600 in a 0700 folder).
    Dir(PathBuf),
    /// A key-value store (in memory, or the program's own).
    Custom(Arc<dyn CacheStore>),
}

impl Store {
    /// A fresh in-memory store.
    pub(crate) fn memory() -> Store {
        Store::Custom(Arc::new(MemoryStore::default()))
    }

    /// Where `key` lives, for messages: a path, or `memory:<key>`.
    pub(crate) fn location(&self, key: &str) -> PathBuf {
        match self {
            Store::Dir(dir) => dir.join(format!("{key}.json")),
            Store::Custom(_) => PathBuf::from(format!("cache:{key}")),
        }
    }

    /// The token stored under `key`; a corrupt document is an error naming where it is.
    pub(crate) fn read_token(&self, key: &str) -> Result<Option<CachedToken>, CacheError> {
        let path = self.location(key);
        match self {
            Store::Dir(_) => token_cache::read(&path),
            Store::Custom(store) => match store.load(key) {
                Ok(None) => Ok(None),
                Ok(Some(bytes)) => token_cache::parse(&bytes, &path).map(Some),
                Err(source) => Err(CacheError::Read { path, source }),
            },
        }
    }

    /// Checks that `key` could be written now, without writing it (see
    /// [`crate::fsutil::check_writable`]): for a folder, its folders, their permissions and
    /// the path itself; a key-value store is the program's to keep writable. The error names
    /// the path and the fix.
    pub(crate) fn check_writable(&self, key: &str) -> Result<(), SsoError> {
        match self {
            Store::Dir(_) => {
                let path = self.location(key);
                crate::fsutil::check_writable(&path).map_err(|source| SsoError::Io { path, source })
            }
            Store::Custom(_) => Ok(()),
        }
    }

    /// Stores a token under `key`.
    pub(crate) fn write_token(&self, key: &str, token: &CachedToken) -> Result<(), CacheError> {
        let path = self.location(key);
        match self {
            Store::Dir(_) => token_cache::write(&path, token),
            Store::Custom(store) => store_json(&**store, key, path, token),
        }
    }

    /// The client registration stored under `key`; unusable documents count as absent.
    pub(crate) fn read_registration(&self, key: &str) -> Option<Registration> {
        match self {
            Store::Dir(_) => token_cache::read_registration(&self.location(key)),
            Store::Custom(store) => token_cache::parse_registration(&store.load(key).ok()??),
        }
    }

    /// Stores a client registration under `key`.
    pub(crate) fn write_registration(
        &self,
        key: &str,
        reg: &Registration,
    ) -> Result<(), CacheError> {
        let path = self.location(key);
        match self {
            Store::Dir(_) => token_cache::write_registration(&path, reg),
            Store::Custom(store) => store_json(&**store, key, path, reg),
        }
    }

    /// Cached role credentials for `key`; anything unusable is a miss (the cache is rewritten).
    pub(crate) fn read_role(&self, key: &RoleKey) -> Option<RoleCredentials> {
        let digest = key.digest();
        match self {
            Store::Dir(_) => role_cache::read(&self.location(&digest), key),
            Store::Custom(store) => role_cache::parse(&store.load(&digest).ok()??, key),
        }
    }

    /// Deletes the document under `key` (a token or role credentials' digest); an absent one
    /// is not an error.
    pub(crate) fn remove(&self, key: &str) -> io::Result<()> {
        match self {
            Store::Dir(_) => match std::fs::remove_file(self.location(key)) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            },
            Store::Custom(store) => store.remove(key),
        }
    }

    /// Caches role credentials for `key`.
    pub(crate) fn write_role(&self, key: &RoleKey, creds: &RoleCredentials) -> io::Result<()> {
        let digest = key.digest();
        match self {
            Store::Dir(_) => role_cache::write(&self.location(&digest), key, creds),
            Store::Custom(store) => store.store(&digest, &role_cache::to_json(key, creds)?),
        }
    }
}

/// Stores `value` as the AWS CLI's pretty JSON under `key` (`path` names it in errors).
fn store_json(
    store: &dyn CacheStore,
    key: &str,
    path: PathBuf,
    value: &impl serde::Serialize,
) -> Result<(), CacheError> {
    let json = serde_json::to_vec_pretty(value).map_err(|e| CacheError::Corrupt {
        path: path.clone(),
        problem: e.to_string(),
    })?;
    store
        .store(key, &json)
        .map_err(|source| CacheError::Write { path, source })
}

/// How single-flight locks are taken.
#[derive(Debug, Clone)]
pub(crate) enum Locks {
    /// OS file locks in this folder (`<kind>-<digest>.lock`), shared across processes.
    Files(PathBuf),
    /// Locks inside this process only (no lock folder is available).
    InProcess,
}

/// A held lock; released on drop (the fields are held, never read).
#[derive(Debug)]
#[allow(dead_code)]
pub(crate) enum LockGuard {
    /// An OS file lock.
    File(FileLock),
    /// An in-process lock.
    InProcess(InProcessGuard),
}

impl Locks {
    /// The lock file for `kind` and `digest`, when locks are files.
    pub(crate) fn path(&self, kind: &str, digest: &str) -> Option<PathBuf> {
        match self {
            Locks::Files(dir) => Some(dir.join(format!("{kind}-{digest}.lock"))),
            Locks::InProcess => None,
        }
    }

    /// Takes the lock `kind`/`digest`, calling `waiting` once if it is held elsewhere; gives up
    /// after `limit` (an error of kind `TimedOut`). Errors carry the lock's path.
    pub(crate) fn acquire(
        &self,
        kind: &str,
        digest: &str,
        waiting: impl FnOnce(),
        limit: Option<Duration>,
    ) -> Result<LockGuard, (PathBuf, io::Error)> {
        self.acquire_cancellable(kind, digest, waiting, limit, None)
    }

    /// [`acquire`](Self::acquire) that also gives up, with an error of kind `Interrupted`,
    /// within [`POLL`] of `cancel` being set.
    pub(crate) fn acquire_cancellable(
        &self,
        kind: &str,
        digest: &str,
        waiting: impl FnOnce(),
        limit: Option<Duration>,
        cancel: Option<&Cancel>,
    ) -> Result<LockGuard, (PathBuf, io::Error)> {
        match self.path(kind, digest) {
            Some(path) => match cancel {
                None => FileLock::acquire_noting(&path, waiting, limit),
                Some(cancel) => file_lock_cancellable(&path, waiting, limit, cancel),
            }
            .map(LockGuard::File)
            .map_err(|e| (path, e)),
            None => InProcessGuard::acquire(format!("{kind}-{digest}"), waiting, limit, cancel)
                .map(LockGuard::InProcess)
                .map_err(|e| (PathBuf::from(format!("lock:{kind}-{digest}")), e)),
        }
    }
}

/// The error of a lock wait given up because of a cancellation.
fn cancelled() -> io::Error {
    io::Error::new(io::ErrorKind::Interrupted, "cancelled")
}

/// A file lock taken in waits of at most [`POLL`], looking at `cancel` between them.
fn file_lock_cancellable(
    path: &std::path::Path,
    waiting: impl FnOnce(),
    limit: Option<Duration>,
    cancel: &Cancel,
) -> io::Result<FileLock> {
    let deadline = limit.map(|l| Instant::now() + l);
    let mut waiting = Some(waiting);
    loop {
        if cancel.is_cancelled() {
            return Err(cancelled());
        }
        let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
        let slice = left.map_or(POLL, |l| l.min(POLL));
        let noting = || {
            if let Some(w) = waiting.take() {
                w();
            }
        };
        match FileLock::acquire_noting(path, noting, Some(slice)) {
            Err(e) if e.kind() == io::ErrorKind::TimedOut && left.is_none_or(|l| l > slice) => {}
            other => return other,
        }
    }
}

static HELD: Mutex<Option<HashSet<String>>> = Mutex::new(None);
static RELEASED: Condvar = Condvar::new();

/// A lock held inside this process.
#[derive(Debug)]
pub(crate) struct InProcessGuard(String);

impl InProcessGuard {
    fn acquire(
        name: String,
        waiting: impl FnOnce(),
        limit: Option<Duration>,
        cancel: Option<&Cancel>,
    ) -> io::Result<InProcessGuard> {
        let deadline = limit.map(|l| Instant::now() + l);
        let mut held = HELD.lock().unwrap_or_else(PoisonError::into_inner);
        let mut waiting = Some(waiting);
        while held.get_or_insert_with(HashSet::new).contains(&name) {
            if let Some(w) = waiting.take() {
                w();
            }
            if cancel.is_some_and(Cancel::is_cancelled) {
                return Err(cancelled());
            }
            let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            if left.is_some_and(|l| l.is_zero()) {
                return Err(io::Error::from(io::ErrorKind::TimedOut));
            }
            // A cancellable wait wakes every POLL to look at the flag.
            let slice = match cancel {
                Some(_) => Some(left.map_or(POLL, |l| l.min(POLL))),
                None => left,
            };
            held = match slice {
                None => RELEASED.wait(held).unwrap_or_else(PoisonError::into_inner),
                Some(slice) => {
                    RELEASED
                        .wait_timeout(held, slice)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0
                }
            };
        }
        held.get_or_insert_with(HashSet::new).insert(name.clone());
        Ok(InProcessGuard(name))
    }
}

impl Drop for InProcessGuard {
    fn drop(&mut self) {
        let mut held = HELD.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(set) = held.as_mut() {
            set.remove(&self.0);
        }
        RELEASED.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_process_locks_exclude_and_time_out() {
        let locks = Locks::InProcess;
        let first = locks.acquire("t", "abc", || {}, None).unwrap();
        let mut noted = false;
        let second = locks.acquire("t", "abc", || noted = true, Some(Duration::from_millis(50)));
        assert!(noted);
        assert_eq!(second.unwrap_err().1.kind(), io::ErrorKind::TimedOut);
        drop(first);
        assert!(
            locks
                .acquire("t", "abc", || {}, Some(Duration::ZERO))
                .is_ok()
        );
    }

    #[test]
    fn a_cancelled_lock_wait_returns_within_a_poll() {
        let dir = tempfile::tempdir().unwrap();
        for locks in [Locks::InProcess, Locks::Files(dir.path().join("locks"))] {
            let _held = locks.acquire("c", "abc", || {}, None).unwrap();
            let cancel = Cancel::new();
            let waiter = {
                let (locks, cancel) = (locks.clone(), cancel.clone());
                std::thread::spawn(move || {
                    locks
                        .acquire_cancellable("c", "abc", || {}, None, Some(&cancel))
                        .map(drop)
                })
            };
            std::thread::sleep(Duration::from_millis(100));
            let started = Instant::now();
            cancel.cancel();
            let err = waiter.join().unwrap().unwrap_err();
            assert_eq!(err.1.kind(), io::ErrorKind::Interrupted);
            assert!(started.elapsed() < POLL * 3, "{:?}", started.elapsed());
        }
    }

    #[test]
    fn memory_store_round_trips_a_role() {
        let store = Store::memory();
        let key = RoleKey {
            start_url: "https://x".into(),
            sso_session: None,
            account_id: "123456789012".into(),
            role_name: "R".into(),
        };
        assert!(store.read_role(&key).is_none());
        let creds = RoleCredentials {
            access_key_id: "AKID".into(),
            secret_access_key: crate::secret::Secret::new("s".into()),
            session_token: crate::secret::Secret::new("t".into()),
            expiration: crate::sso::timestamp::Timestamp::from_unix(2_000_000_000).unwrap(),
        };
        store.write_role(&key, &creds).unwrap();
        assert_eq!(store.read_role(&key), Some(creds));
    }
}
