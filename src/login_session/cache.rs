//! The login session cache file shared with the AWS CLI and the SDKs:
//! `~/.aws/login/cache/<sha256(login_session)>.json` (or `$AWS_LOGIN_CACHE_DIRECTORY`).
//!
//! Pure ([`parse`], [`render`], [`file_name`]) plus thin I/O ([`read`], [`write`]). The file
//! name is the lowercase hex SHA-256 of the profile's `login_session` value (trimmed). The
//! document, as every writer produces it:
//!
//! ```json
//! {"accessToken": {"accessKeyId": "ASIA…", "secretAccessKey": "…", "sessionToken": "…",
//!                  "accountId": "123456789012", "expiresAt": "2026-12-07T10:15:00Z"},
//!  "tokenType": "aws_sigv4", "clientId": "arn:aws:signin:::devtools/same-device",
//!  "refreshToken": "…", "idToken": "…", "signInRegion": "eu-west-1",
//!  "dpopKey": "-----BEGIN EC PRIVATE KEY-----\n…\n-----END EC PRIVATE KEY-----\n"}
//! ```
//!
//! Reading is lenient where writers differ: keys match case-insensitively (as the Rust SDK
//! reads them), `expiresAt` may carry fractional seconds (the JavaScript SDK writes
//! milliseconds, the Rust SDK microseconds) or an offset, and `dpopKey` may be SEC1 or PKCS#8.
//! Writing is strict, in the forms all three SDKs accept: `expiresAt` as
//! `YYYY-MM-DDTHH:MM:SSZ` (the Rust SDK refuses offsets), `dpopKey` as SEC1 PEM (the Rust SDK
//! reads nothing else). A rewrite keeps every field awsso does not know (other tools may add
//! some) and the spelling of the keys it found.
//!
//! `signInRegion` is optional: the region whose sign-in endpoint issued the refresh token.
//! Refreshes go there (the token is refused in any other region); botocore and the
//! JavaScript SDK honour it too, the Rust SDK neither reads nor keeps it.
//!
//! The file holds credentials and a private key: it is written atomically, 0600 (an
//! owner-only ACL on Windows), in a private folder ([`crate::fsutil::write_private`]), and read
//! only if it is a regular file of ours ([`crate::fsutil::read_private`]).

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::login_session::dpop::DpopKey;
use crate::secret::Secret;
use crate::sso::role_cache::RoleCredentials;
use crate::sso::timestamp::Timestamp;

/// The `clientId` of the same-device (loopback) flow.
pub(crate) const SAME_DEVICE: &str = "arn:aws:signin:::devtools/same-device";
/// The `clientId` of the cross-device (`--remote`) flow.
pub(crate) const CROSS_DEVICE: &str = "arn:aws:signin:::devtools/cross-device";

/// One login session as cached.
#[derive(Debug, Clone)]
pub(crate) struct LoginToken {
    /// The short-lived credentials and their expiry (`accessToken.expiresAt`).
    pub credentials: RoleCredentials,
    /// `accessToken.accountId`.
    pub account_id: String,
    /// `clientId`: replayed on refresh.
    pub client_id: String,
    /// `refreshToken`: rotated by every refresh.
    pub refresh_token: Secret<String>,
    /// `dpopKey` as read (PEM): signs every token request's proof. Parsed only when a refresh
    /// needs it ([`LoginToken::dpop_key`]), so a cache hit does no elliptic-curve work.
    pub dpop_pem: Secret<String>,
    /// `signInRegion`: the region that issued the token, when known.
    pub sign_in_region: Option<String>,
    /// `idToken` (kept, never read).
    pub id_token: Option<Secret<String>>,
    /// `tokenType` (opaque, stored verbatim).
    pub token_type: Option<String>,
    /// The document as read, for the fields awsso does not know.
    pub(crate) rest: Map<String, Value>,
}

/// What is wrong with a cache file.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CacheError {
    /// Not a JSON object.
    #[error("{path}: not a login session cache file (expected a JSON object)")]
    NotJson {
        /// The file.
        path: String,
    },
    /// A required field is missing or not a string.
    #[error("{path}: '{field}' is missing or not a string")]
    Missing {
        /// The file.
        path: String,
        /// The field, e.g. `accessToken.expiresAt`.
        field: &'static str,
    },
    /// `expiresAt` is not a timestamp.
    #[error("{path}: accessToken.expiresAt is not an RFC 3339 timestamp")]
    BadExpiry {
        /// The file.
        path: String,
    },
    /// `dpopKey` is not a key.
    #[error("{path}: {source}")]
    BadKey {
        /// The file.
        path: String,
        /// What.
        source: crate::login_session::dpop::BadKey,
    },
    /// The file cannot be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// The file name for a `login_session` value: lowercase hex SHA-256 of the trimmed value.
pub(crate) fn file_name(login_session: &str) -> String {
    let digest = Sha256::digest(login_session.trim().as_bytes());
    let mut out = String::with_capacity(69);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out.push_str(".json");
    out
}

/// The value of `key` in `map`, matched case-insensitively.
fn get<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// Sets `key` in `map`, keeping the spelling of an existing key.
fn set(map: &mut Map<String, Value>, key: &str, value: Value) {
    let existing = map
        .keys()
        .find(|k| k.eq_ignore_ascii_case(key))
        .cloned()
        .unwrap_or_else(|| key.to_owned());
    map.insert(existing, value);
}

fn text<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    get(map, key).and_then(Value::as_str)
}

/// Parses a cache file's bytes (`path` only names it in errors).
pub(crate) fn parse(bytes: &[u8], path: &str) -> Result<LoginToken, CacheError> {
    let Ok(Value::Object(rest)) = serde_json::from_slice::<Value>(bytes) else {
        return Err(CacheError::NotJson {
            path: path.to_owned(),
        });
    };
    let missing = |field| CacheError::Missing {
        path: path.to_owned(),
        field,
    };
    let access = match get(&rest, "accessToken") {
        Some(Value::Object(m)) => m,
        _ => return Err(missing("accessToken")),
    };
    let expires = text(access, "expiresAt").ok_or_else(|| missing("accessToken.expiresAt"))?;
    let expiration = Timestamp::parse(expires).ok_or_else(|| CacheError::BadExpiry {
        path: path.to_owned(),
    })?;
    let credentials = RoleCredentials {
        access_key_id: text(access, "accessKeyId")
            .ok_or_else(|| missing("accessToken.accessKeyId"))?
            .to_owned(),
        secret_access_key: Secret::new(
            text(access, "secretAccessKey")
                .ok_or_else(|| missing("accessToken.secretAccessKey"))?
                .to_owned(),
        ),
        session_token: Secret::new(
            text(access, "sessionToken")
                .ok_or_else(|| missing("accessToken.sessionToken"))?
                .to_owned(),
        ),
        expiration,
    };
    let account_id = text(access, "accountId")
        .ok_or_else(|| missing("accessToken.accountId"))?
        .to_owned();
    let dpop_pem = Secret::new(
        text(&rest, "dpopKey")
            .ok_or_else(|| missing("dpopKey"))?
            .to_owned(),
    );
    Ok(LoginToken {
        credentials,
        account_id,
        client_id: text(&rest, "clientId")
            .ok_or_else(|| missing("clientId"))?
            .to_owned(),
        refresh_token: Secret::new(
            text(&rest, "refreshToken")
                .ok_or_else(|| missing("refreshToken"))?
                .to_owned(),
        ),
        dpop_pem,
        sign_in_region: text(&rest, "signInRegion")
            .map(str::to_owned)
            .filter(|r| !r.is_empty()),
        id_token: text(&rest, "idToken").map(|t| Secret::new(t.to_owned())),
        token_type: text(&rest, "tokenType").map(str::to_owned),
        rest,
    })
}

impl LoginToken {
    /// The DPoP key (SEC1 or PKCS#8 PEM); `path` names the file in the error.
    pub(crate) fn dpop_key(&self, path: &str) -> Result<DpopKey, CacheError> {
        DpopKey::from_pem(self.dpop_pem.expose()).map_err(|source| CacheError::BadKey {
            path: path.to_owned(),
            source,
        })
    }

    /// A token from a login (no earlier document to keep fields of).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        credentials: RoleCredentials,
        account_id: String,
        client_id: String,
        refresh_token: Secret<String>,
        dpop_key: DpopKey,
        sign_in_region: Option<String>,
        id_token: Option<Secret<String>>,
        token_type: Option<String>,
    ) -> LoginToken {
        LoginToken {
            credentials,
            account_id,
            client_id,
            refresh_token,
            dpop_pem: dpop_key.to_sec1_pem(),
            sign_in_region,
            id_token,
            token_type,
            rest: Map::new(),
        }
    }
}

/// The document for `token`: the fields read from the file it came from, with awsso's known
/// fields replaced (compact JSON, a trailing newline).
pub(crate) fn render(token: &LoginToken) -> Secret<Vec<u8>> {
    let mut doc = token.rest.clone();
    let mut access = match get(&doc, "accessToken") {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    };
    let c = &token.credentials;
    set(
        &mut access,
        "accessKeyId",
        Value::from(c.access_key_id.as_str()),
    );
    set(
        &mut access,
        "secretAccessKey",
        Value::from(c.secret_access_key.expose().as_str()),
    );
    set(
        &mut access,
        "sessionToken",
        Value::from(c.session_token.expose().as_str()),
    );
    set(
        &mut access,
        "accountId",
        Value::from(token.account_id.as_str()),
    );
    set(
        &mut access,
        "expiresAt",
        Value::from(c.expiration.to_string()),
    );
    set(&mut doc, "accessToken", Value::Object(access));
    if let Some(t) = &token.token_type {
        set(&mut doc, "tokenType", Value::from(t.as_str()));
    }
    set(&mut doc, "clientId", Value::from(token.client_id.as_str()));
    set(
        &mut doc,
        "refreshToken",
        Value::from(token.refresh_token.expose().as_str()),
    );
    if let Some(t) = &token.id_token {
        set(&mut doc, "idToken", Value::from(t.expose().as_str()));
    }
    if let Some(r) = &token.sign_in_region {
        set(&mut doc, "signInRegion", Value::from(r.as_str()));
    }
    // Always SEC1 (the one form every SDK reads): a PKCS#8 key another tool wrote is
    // converted; text that is no key at all is kept as it was.
    let pem = DpopKey::from_pem(token.dpop_pem.expose())
        .map(|k| k.to_sec1_pem())
        .unwrap_or_else(|_| token.dpop_pem.clone());
    set(&mut doc, "dpopKey", Value::from(pem.expose().as_str()));
    let mut bytes =
        serde_json::to_vec(&Value::Object(doc)).expect("serialising a JSON value cannot fail");
    bytes.push(b'\n');
    Secret::new(bytes)
}

/// Reads the cache file at `path`; `Ok(None)` when there is none.
pub(crate) fn read(path: &Path) -> Result<Option<LoginToken>, CacheError> {
    let bytes = crate::fsutil::read_private(path).map_err(|source| CacheError::Io {
        path: path.to_owned(),
        source,
    })?;
    bytes
        .map(|b| parse(&b, &path.display().to_string()))
        .transpose()
}

/// Writes `token` to `path` atomically, private (see the module docs).
pub(crate) fn write(path: &Path, token: &LoginToken) -> Result<(), CacheError> {
    crate::fsutil::write_private(path, render(token).expose()).map_err(|source| CacheError::Io {
        path: path.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_the_sha256_of_the_session() {
        assert_eq!(
            file_name("arn:aws:iam::0123456789012:user/Admin"),
            "36db1d138ff460920374e4c3d8e01f53f9f73537e89c88d639f68393df0e2726.json"
        );
        assert_eq!(
            file_name("arn:aws:sts::012345678910:assumed-role/Admin/admin"),
            "4b0ba8f99f075c0633e122fd73346ce203a3faf18ea0310eb2d29df1bab2e255.json"
        );
        assert_eq!(
            file_name(" arn:aws:sts::012345678910:assumed-role/Admin/admin\n"),
            "4b0ba8f99f075c0633e122fd73346ce203a3faf18ea0310eb2d29df1bab2e255.json"
        );
    }

    fn sample(expires: &str, extra: &str) -> String {
        let key = DpopKey::generate().unwrap();
        let pem = serde_json::to_string(key.to_sec1_pem().expose()).unwrap();
        format!(
            r#"{{"accessToken":{{"accessKeyId":"ASIAX","secretAccessKey":"s","sessionToken":"t","accountId":"123456789012","expiresAt":"{expires}"}},"tokenType":"aws_sigv4","clientId":"{SAME_DEVICE}","refreshToken":"r1","idToken":"a.b.c","dpopKey":{pem}{extra}}}"#
        )
    }

    #[test]
    fn fractional_seconds_and_any_key_case_are_read() {
        for expires in [
            "2026-12-07T10:15:00Z",
            "2026-12-07T10:15:00.123Z",
            "2026-12-07T10:15:00.050917Z",
        ] {
            let t = parse(sample(expires, "").as_bytes(), "f").unwrap();
            assert_eq!(t.credentials.expiration.to_string(), "2026-12-07T10:15:00Z");
        }
        let lower = sample("2026-12-07T10:15:00Z", "").replace("refreshToken", "REFRESHTOKEN");
        let t = parse(lower.as_bytes(), "f").unwrap();
        assert_eq!(t.refresh_token.expose(), "r1");
    }

    #[test]
    fn rewrites_keep_unknown_fields_and_use_z_and_sec1() {
        let src = sample(
            "2026-12-07T10:15:00.123+00:00",
            r#","signInRegion":"eu-west-1","futureField":{"a":1}"#,
        );
        let mut t = parse(src.as_bytes(), "f").unwrap();
        assert_eq!(t.sign_in_region.as_deref(), Some("eu-west-1"));
        t.refresh_token = Secret::new("r2".to_owned());
        let out: Value = serde_json::from_slice(render(&t).expose()).unwrap();
        assert_eq!(out["futureField"]["a"], 1);
        assert_eq!(out["refreshToken"], "r2");
        assert_eq!(out["signInRegion"], "eu-west-1");
        assert_eq!(out["accessToken"]["expiresAt"], "2026-12-07T10:15:00Z");
        assert_eq!(out["idToken"], "a.b.c");
        assert!(
            out["dpopKey"]
                .as_str()
                .unwrap()
                .starts_with("-----BEGIN EC PRIVATE KEY-----")
        );
    }

    #[test]
    fn a_pkcs8_key_is_rewritten_as_sec1() {
        use p256::pkcs8::EncodePrivateKey as _;
        let secret = p256::SecretKey::from_slice(&[7u8; 32]).unwrap();
        let pkcs8 = secret.to_pkcs8_pem(p256::pkcs8::LineEnding::LF).unwrap();
        let src = sample("2026-12-07T10:15:00Z", "");
        let mut doc: Value = serde_json::from_str(&src).unwrap();
        doc["dpopKey"] = Value::from(pkcs8.as_str());
        let t = parse(doc.to_string().as_bytes(), "f").unwrap();
        let key = t.dpop_key("f").unwrap();
        let out: Value = serde_json::from_slice(render(&t).expose()).unwrap();
        let pem = out["dpopKey"].as_str().unwrap();
        assert!(pem.starts_with("-----BEGIN EC PRIVATE KEY-----"), "{pem}");
        assert_eq!(
            DpopKey::from_pem(pem).unwrap().jwk_coordinates(),
            key.jwk_coordinates()
        );
    }

    #[test]
    fn missing_fields_are_named() {
        let src = sample("2026-12-07T10:15:00Z", "").replace("\"accountId\"", "\"nope\"");
        let e = parse(src.as_bytes(), "f.json").unwrap_err();
        assert_eq!(
            e.to_string(),
            "f.json: 'accessToken.accountId' is missing or not a string"
        );
        assert!(parse(b"[]", "f").is_err());
        assert!(parse(b"\xff", "f").is_err());
    }
}
