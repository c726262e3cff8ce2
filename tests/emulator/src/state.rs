//! The emulator's in-memory state (test double): call counters, injected faults, the portal rate
//! limiter, and the store of clients, device codes, authorization codes and tokens.
//!
//! No I/O and no HTTP here; `oidc` and `portal` implement the operations over [`Store`], and
//! `server` turns their results into responses. Expiry uses [`Instant`]; epoch timestamps on the
//! wire use [`SystemTime`].

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::{Config, Fault, IssuedToken, Op};

/// The scope that makes Identity Center issue refresh tokens.
pub(crate) const REFRESH_SCOPE: &str = "sso:account:access";
/// OAuth grant type names as sent in `grantType` / `grantTypes`.
pub(crate) const GRANT_DEVICE_CODE: &str = "urn:ietf:params:oauth:grant-type:device_code";
pub(crate) const GRANT_AUTHORIZATION_CODE: &str = "authorization_code";
pub(crate) const GRANT_REFRESH_TOKEN: &str = "refresh_token";

/// Locks `mutex`, ignoring poisoning: every critical section leaves the data consistent, and a
/// panicking test must not cascade into unrelated failures.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Seconds since the Unix epoch.
pub(crate) fn epoch_secs(t: SystemTime) -> i64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Milliseconds since the Unix epoch.
pub(crate) fn epoch_millis(t: SystemTime) -> i64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Everything the server's handlers share, behind one `Arc`.
pub(crate) struct Shared {
    pub(crate) config: Config,
    /// `http://127.0.0.1:PORT`, for verification URIs.
    pub(crate) base_url: String,
    counters: [AtomicU64; Op::ALL.len()],
    unknown: AtomicU64,
    throttled: AtomicU64,
    /// Pending injections, oldest first: (op, fault, remaining).
    faults: Mutex<Vec<(Op, Fault, u32)>>,
    limiter: Option<Mutex<TokenBucket>>,
    pub(crate) store: Mutex<Store>,
    /// Console sign-in (`getSigninToken`) requests received, in order.
    pub(crate) signins: Mutex<Vec<crate::SigninRequest>>,
    pub(crate) admin: crate::admin::AdminState,
    /// The sign-in service (`aws login` sessions).
    pub(crate) signin: Mutex<crate::signin::SigninState>,
}

impl Shared {
    pub(crate) fn new(config: Config, base_url: String) -> Shared {
        let limiter = config
            .rate_limit
            .map(|rate| Mutex::new(TokenBucket::new(rate, Instant::now())));
        let admin = crate::admin::AdminState::new(config.admin.clone());
        Shared {
            config,
            base_url,
            counters: Default::default(),
            unknown: AtomicU64::new(0),
            throttled: AtomicU64::new(0),
            faults: Mutex::new(Vec::new()),
            limiter,
            store: Mutex::new(Store::new()),
            signins: Mutex::new(Vec::new()),
            admin,
            signin: Mutex::new(crate::signin::SigninState::default()),
        }
    }

    pub(crate) fn calls(&self, op: Op) -> u64 {
        self.counters[op.index()].load(Ordering::SeqCst)
    }

    pub(crate) fn unknown_calls(&self) -> u64 {
        self.unknown.load(Ordering::SeqCst)
    }

    pub(crate) fn total_calls(&self) -> u64 {
        let signins = self.signins.lock().map_or(0, |s| s.len() as u64);
        Op::ALL.iter().map(|op| self.calls(*op)).sum::<u64>()
            + self.unknown_calls()
            + signins
            + self.admin.total_calls()
    }

    /// Portal calls refused by the rate limit (429).
    pub(crate) fn throttled_calls(&self) -> u64 {
        self.throttled.load(Ordering::SeqCst)
    }

    pub(crate) fn count_throttled(&self) {
        self.throttled.fetch_add(1, Ordering::SeqCst);
    }

    pub(crate) fn count_unknown(&self) {
        self.unknown.fetch_add(1, Ordering::SeqCst);
    }

    pub(crate) fn inject(&self, op: Op, fault: Fault, times: u32) {
        if times > 0 {
            lock(&self.faults).push((op, fault, times));
        }
    }

    /// Counts a call of `op`, sleeps the configured latency, then consumes and returns an
    /// injected fault if one is pending for `op`.
    pub(crate) async fn enter(&self, op: Op) -> Option<Fault> {
        self.counters[op.index()].fetch_add(1, Ordering::SeqCst);
        if !self.config.latency.is_zero() {
            tokio::time::sleep(self.config.latency).await;
        }
        let mut faults = lock(&self.faults);
        let pos = faults.iter().position(|(o, _, _)| *o == op)?;
        let fault = faults[pos].1;
        faults[pos].2 -= 1;
        if faults[pos].2 == 0 {
            faults.remove(pos);
        }
        Some(fault)
    }

    /// Takes one token from the portal rate limiter; `false` means throttle the request.
    pub(crate) fn admit_portal_call(&self) -> bool {
        match &self.limiter {
            Some(bucket) => lock(bucket).try_take(Instant::now()),
            None => true,
        }
    }

    pub(crate) fn expire_access_tokens(&self, now: Instant) {
        for token in lock(&self.store).access.values_mut() {
            token.expires_at = token.expires_at.min(now);
        }
    }

    pub(crate) fn issue_token(&self, start_url: &str, scopes: &[&str]) -> IssuedToken {
        let now = Instant::now();
        let mut store = lock(&self.store);
        let (client_id, client_secret) = store.register(
            NewClient {
                name: "awsso-emulator-issue-token".into(),
                scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
                grant_types: vec![GRANT_AUTHORIZATION_CODE.into(), GRANT_REFRESH_TOKEN.into()],
                redirect_uris: vec!["http://127.0.0.1/oauth/callback".into()],
                issuer_url: Some(start_url.to_owned()),
            },
            now + self.config.registration_ttl,
        );
        let minted = store.mint(&client_id, now, self.config.access_token_ttl);
        IssuedToken {
            client_id,
            client_secret,
            access_token: minted.access_token,
            refresh_token: minted.refresh_token,
            expires_in: self.config.access_token_ttl,
            registration_expires_in: self.config.registration_ttl,
        }
    }

    /// `{"RegisterClient": n, ..., "unknown": n, "throttled": n, "total": n}` for `GET /_emulator/calls`.
    pub(crate) fn counters_json(&self) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        for op in Op::ALL {
            map.insert(op.name().into(), self.calls(op).into());
        }
        for op in crate::AdminOp::ALL {
            // organizations' ListAccounts shares its name with the portal's.
            let key = if map.contains_key(op.name()) {
                format!("admin:{}", op.name())
            } else {
                op.name().to_owned()
            };
            map.insert(key, self.admin.calls(op).into());
        }
        map.insert("unsigned".into(), self.admin.unsigned_calls().into());
        map.insert("unknown".into(), self.unknown_calls().into());
        map.insert("throttled".into(), self.throttled_calls().into());
        map.insert("total".into(), self.total_calls().into());
        serde_json::Value::Object(map)
    }
}

/// A token bucket holding at most one second of requests (at least one), refilled continuously.
struct TokenBucket {
    rate: f64,
    capacity: f64,
    tokens: f64,
    last: Instant,
}

impl TokenBucket {
    fn new(rate: f64, now: Instant) -> TokenBucket {
        let capacity = rate.max(1.0);
        TokenBucket {
            rate: rate.max(0.0),
            capacity,
            tokens: capacity,
            last: now,
        }
    }

    fn try_take(&mut self, now: Instant) -> bool {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.rate).min(self.capacity);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// A registered OIDC client.
pub(crate) struct Client {
    pub(crate) secret: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) grant_types: Vec<String>,
    pub(crate) redirect_uris: Vec<String>,
    pub(crate) expires_at: Instant,
}

impl Client {
    /// Clients registered without `grantTypes` (the AWS CLI's legacy device-flow registration)
    /// may use the device code and refresh token grants.
    pub(crate) fn allows_grant(&self, grant: &str) -> bool {
        if self.grant_types.is_empty() {
            grant != GRANT_AUTHORIZATION_CODE
        } else {
            self.grant_types.iter().any(|g| g == grant)
        }
    }
}

/// `RegisterClient` input after validation.
pub(crate) struct NewClient {
    /// Kept for realism; the emulator does not use it.
    #[allow(dead_code)]
    pub(crate) name: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) grant_types: Vec<String>,
    pub(crate) redirect_uris: Vec<String>,
    /// Kept for realism; the emulator does not use it.
    #[allow(dead_code)]
    pub(crate) issuer_url: Option<String>,
}

/// A pending device authorization.
pub(crate) struct Device {
    pub(crate) client_id: String,
    pub(crate) user_code: String,
    pub(crate) pending_polls_left: u32,
    /// Set when the verification page was visited: approved (or denied) without further polls.
    pub(crate) visited: bool,
    pub(crate) expires_at: Instant,
    pub(crate) redeemed: bool,
}

/// An authorization code handed out by `/authorize`.
pub(crate) struct AuthCode {
    pub(crate) client_id: String,
    pub(crate) redirect_uri: String,
    pub(crate) code_challenge: String,
    pub(crate) expires_at: Instant,
    pub(crate) redeemed: bool,
}

/// An issued access token.
pub(crate) struct AccessToken {
    pub(crate) expires_at: Instant,
    pub(crate) revoked: bool,
    /// The refresh token issued alongside, revoked together with it by `Logout`.
    pub(crate) refresh_token: Option<String>,
}

/// An issued refresh token.
pub(crate) struct RefreshGrant {
    pub(crate) client_id: String,
    pub(crate) revoked: bool,
}

/// The result of minting a token.
pub(crate) struct Minted {
    pub(crate) access_token: String,
    pub(crate) refresh_token: Option<String>,
}

/// Clients, codes and tokens. Identifiers are unique per emulator and across emulators (a random
/// per-instance nonce), so a token leaking between tests is rejected.
pub(crate) struct Store {
    nonce: u64,
    seq: u64,
    pub(crate) clients: HashMap<String, Client>,
    pub(crate) devices: HashMap<String, Device>,
    pub(crate) codes: HashMap<String, AuthCode>,
    pub(crate) access: HashMap<String, AccessToken>,
    pub(crate) refresh: HashMap<String, RefreshGrant>,
}

impl Store {
    fn new() -> Store {
        Store {
            nonce: RandomState::new().hash_one(Instant::now()),
            seq: 0,
            clients: HashMap::new(),
            devices: HashMap::new(),
            codes: HashMap::new(),
            access: HashMap::new(),
            refresh: HashMap::new(),
        }
    }

    /// A fresh identifier: `prefix` + per-instance nonce + sequence number.
    pub(crate) fn next_id(&mut self, prefix: &str) -> String {
        self.seq += 1;
        format!("{prefix}{:016x}{:08}", self.nonce, self.seq)
    }

    /// A fresh pseudo-random value for key material.
    pub(crate) fn next_random(&mut self) -> u64 {
        self.seq += 1;
        RandomState::new().hash_one((self.nonce, self.seq))
    }

    /// A fresh `XXXX-XXXX` user code of vowel-free capitals, like the real service's.
    pub(crate) fn next_user_code(&mut self) -> String {
        const ALPHABET: &[u8] = b"BCDFGHJKLMNPQRSTVWXZ";
        let mut n = self.next_random();
        let mut code = String::with_capacity(9);
        for i in 0..8 {
            if i == 4 {
                code.push('-');
            }
            let digit = usize::try_from(n % ALPHABET.len() as u64)
                .expect("a remainder of the alphabet length fits usize");
            code.push(char::from(ALPHABET[digit]));
            n /= ALPHABET.len() as u64;
        }
        code
    }

    /// Stores a client and returns `(clientId, clientSecret)`.
    pub(crate) fn register(&mut self, client: NewClient, expires_at: Instant) -> (String, String) {
        let id = self.next_id("emu-client-");
        let secret = self.next_id("emu-secret-");
        self.clients.insert(
            id.clone(),
            Client {
                secret: secret.clone(),
                scopes: client.scopes,
                grant_types: client.grant_types,
                redirect_uris: client.redirect_uris,
                expires_at,
            },
        );
        (id, secret)
    }

    /// Issues an access token for `client_id`, plus a refresh token when the client was
    /// registered with [`REFRESH_SCOPE`].
    pub(crate) fn mint(&mut self, client_id: &str, now: Instant, ttl: Duration) -> Minted {
        let refreshable = self
            .clients
            .get(client_id)
            .is_some_and(|c| c.scopes.iter().any(|s| s == REFRESH_SCOPE));
        let refresh_token = refreshable.then(|| {
            let token = self.next_id("emu-refresh-");
            self.refresh.insert(
                token.clone(),
                RefreshGrant {
                    client_id: client_id.to_owned(),
                    revoked: false,
                },
            );
            token
        });
        let access_token = self.next_id("emu-access-");
        self.access.insert(
            access_token.clone(),
            AccessToken {
                expires_at: now + ttl,
                revoked: false,
                refresh_token: refresh_token.clone(),
            },
        );
        Minted {
            access_token,
            refresh_token,
        }
    }

    /// Whether `token` is a known, unexpired, not logged-out access token.
    pub(crate) fn access_token_valid(&self, token: &str, now: Instant) -> bool {
        self.access
            .get(token)
            .is_some_and(|t| !t.revoked && now < t.expires_at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_bucket_allows_one_second_of_burst_then_refills() {
        let start = Instant::now();
        let mut bucket = TokenBucket::new(2.0, start);
        assert!(bucket.try_take(start));
        assert!(bucket.try_take(start));
        assert!(!bucket.try_take(start));
        assert!(bucket.try_take(start + Duration::from_millis(500)));
        assert!(!bucket.try_take(start + Duration::from_millis(500)));
    }

    #[test]
    fn refresh_tokens_only_for_the_account_access_scope() {
        let now = Instant::now();
        let mut store = Store::new();
        let client = |scopes: Vec<String>| NewClient {
            name: "t".into(),
            scopes,
            grant_types: vec![],
            redirect_uris: vec![],
            issuer_url: None,
        };
        let (plain, _) = store.register(client(vec![]), now + Duration::from_secs(60));
        let (scoped, _) = store.register(
            client(vec![REFRESH_SCOPE.into()]),
            now + Duration::from_secs(60),
        );
        assert!(
            store
                .mint(&plain, now, Duration::from_secs(60))
                .refresh_token
                .is_none()
        );
        let minted = store.mint(&scoped, now, Duration::from_secs(60));
        assert!(minted.refresh_token.is_some());
        assert!(store.access_token_valid(&minted.access_token, now));
        assert!(!store.access_token_valid(&minted.access_token, now + Duration::from_secs(61)));
    }

    #[test]
    fn user_codes_look_like_the_real_ones() {
        let mut store = Store::new();
        let code = store.next_user_code();
        assert_eq!(code.len(), 9);
        assert_eq!(&code[4..5], "-");
    }
}
