//! The SSO token cache shared with the AWS CLI and every SDK: `~/.aws/sso/cache/<sha1>.json`.
//!
//! Pure parsing and serialisation; [`read`] and [`write`] are the thin I/O edges.
//!
//! ```json
//! {"startUrl": "https://example.awsapps.com/start", "region": "eu-west-1",
//!  "accessToken": "…", "expiresAt": "2026-11-22T18:00:00Z",
//!  "clientId": "…", "clientSecret": "…", "registrationExpiresAt": "2027-02-20T10:00:00Z",
//!  "refreshToken": "…"}
//! ```
//!
//! The file name is `sha1(key)` in lowercase hex, where the key is the `sso_session` name, or
//! the start URL for legacy profiles. Keys are matched case-insensitively on read (as the Rust
//! SDK does); only `accessToken` and `expiresAt` are required. Client registrations live in the
//! same folder under a different key (see [`Registration`]).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha1::{Digest, Sha1};

use crate::fsutil;
use crate::secret::Secret;
use crate::sso::timestamp::Timestamp;

/// Lowercase hex of the SHA-1 of `text`.
pub(crate) fn sha1_hex(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(40);
    for b in Sha1::digest(text.as_bytes()) {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    out
}

/// A cached SSO access token, as the AWS CLI writes it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CachedToken {
    /// The Identity Center start URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_url: Option<String>,
    /// The Identity Center region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The bearer token for the portal API.
    pub access_token: Secret<String>,
    /// When the access token expires.
    pub expires_at: Timestamp,
    /// The registered OIDC client (needed to refresh).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// The registered client's secret (needed to refresh).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<Secret<String>>,
    /// When the client registration expires; refresh is impossible after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_expires_at: Option<Timestamp>,
    /// The refresh token, when the registration scopes allowed one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Secret<String>>,
    /// awsso's own field: when the service rejected this access token (401) and it could not
    /// be replaced without a login. Such a token is not used again (no call is made with it),
    /// `status` says so, and `login` logs in without `--force`. The AWS CLI and the SDKs
    /// ignore the field; any new token (a login, a refresh, by any tool) is written without it.
    #[serde(
        default,
        rename = "awssoRejectedAt",
        skip_serializing_if = "Option::is_none"
    )]
    pub rejected_at: Option<Timestamp>,
}

/// Why a token cache file could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum CacheError {
    /// The file could not be read.
    #[error("cannot read {path}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid JSON or lacks a required field.
    #[error("{path}: {problem}")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong, e.g. `missing field 'expiresAt'`.
        problem: String,
    },
    /// The file could not be written.
    #[error("cannot write {path}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

/// Lowercases the keys of a JSON object so `AccessToken` and `accessToken` both match, then maps
/// the lowercase names back to the camelCase the structs expect.
fn normalise_keys(value: serde_json::Value, names: &[&str]) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut out = serde_json::Map::new();
            for (key, v) in map {
                let lower = key.to_ascii_lowercase();
                let name = names
                    .iter()
                    .find(|n| n.to_ascii_lowercase() == lower)
                    .map_or(key, |n| (*n).to_owned());
                out.insert(name, v);
            }
            serde_json::Value::Object(out)
        }
        other => other,
    }
}

const TOKEN_FIELDS: &[&str] = &[
    "startUrl",
    "region",
    "accessToken",
    "expiresAt",
    "clientId",
    "clientSecret",
    "registrationExpiresAt",
    "refreshToken",
];

/// Parses a token cache file's bytes. `path` is only used in error messages.
pub(crate) fn parse(bytes: &[u8], path: &Path) -> Result<CachedToken, CacheError> {
    let corrupt = |problem: String| CacheError::Corrupt {
        path: path.to_path_buf(),
        problem,
    };
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        if e.is_eof() {
            corrupt(format!(
                "truncated JSON (line {}, column {})",
                e.line(),
                e.column()
            ))
        } else {
            corrupt(format!("invalid JSON: {e}"))
        }
    })?;
    if !value.is_object() {
        return Err(corrupt("expected a JSON object".to_owned()));
    }
    let value = normalise_keys(value, TOKEN_FIELDS);
    serde_json::from_value(value).map_err(|e| corrupt(describe_serde(&e)))
}

/// Turns serde's `missing field `expiresAt`` into our wording.
fn describe_serde(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.strip_prefix("missing field `") {
        Some(rest) => format!("missing field '{}'", rest.split('`').next().unwrap_or(rest)),
        None => text,
    }
}

/// Reads the token at `path`; `Ok(None)` when there is no such file. The file is opened
/// without following links or blocking, and must be a regular file of ours under
/// [`fsutil::CACHE_LIMIT`] bytes in a folder only we can write (see [`fsutil`]).
pub(crate) fn read(path: &Path) -> Result<Option<CachedToken>, CacheError> {
    match fsutil::read_private(path) {
        Ok(None) => Ok(None),
        Ok(Some(bytes)) => parse(&bytes, path).map(Some),
        Err(source) => Err(CacheError::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Writes the token atomically: always 0600, folder 0700, a link at `path` replaced (never
/// followed).
pub(crate) fn write(path: &Path, token: &CachedToken) -> Result<(), CacheError> {
    let json = serde_json::to_vec_pretty(token).map_err(|e| CacheError::Corrupt {
        path: path.to_path_buf(),
        problem: e.to_string(),
    })?;
    fsutil::write_private(path, &json).map_err(|source| CacheError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// A cached OIDC client registration, re-used until it expires so the user is not asked for
/// consent at every login.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Registration {
    /// The client id.
    pub client_id: String,
    /// The client secret.
    pub client_secret: Secret<String>,
    /// When the registration expires.
    pub expires_at: Timestamp,
    /// The scopes it was registered with.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// The grant types it was registered with.
    #[serde(default)]
    pub grant_types: Vec<String>,
}

/// The registration cache key: like the AWS CLI's (a sorted JSON of tool, start URL, region,
/// scopes and session name) but with `tool = awsso` so each tool keeps its own registrations.
pub(crate) fn registration_key(
    start_url: &str,
    region: &str,
    scopes: &[String],
    session: Option<&str>,
) -> String {
    let key = serde_json::json!({
        "region": region,
        "scopes": scopes,
        "session_name": session,
        "startUrl": start_url,
        "tool": "awsso",
    });
    sha1_hex(&key.to_string())
}

/// Reads a cached registration; unusable files (unsafe ones included, see [`read`]) count as
/// absent (we simply register again).
pub(crate) fn read_registration(path: &Path) -> Option<Registration> {
    let bytes = fsutil::read_private(path).ok()??;
    parse_registration(&bytes)
}

/// Parses a cached registration's bytes; `None` when unusable.
pub(crate) fn parse_registration(bytes: &[u8]) -> Option<Registration> {
    let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    serde_json::from_value(normalise_keys(
        value,
        &[
            "clientId",
            "clientSecret",
            "expiresAt",
            "scopes",
            "grantTypes",
        ],
    ))
    .ok()
}

/// Writes a registration atomically, like [`write`].
pub(crate) fn write_registration(path: &Path, reg: &Registration) -> Result<(), CacheError> {
    let json = serde_json::to_vec_pretty(reg).map_err(|e| CacheError::Corrupt {
        path: path.to_path_buf(),
        problem: e.to_string(),
    })?;
    fsutil::write_private(path, &json).map_err(|source| CacheError::Write {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> PathBuf {
        PathBuf::from("/c/x.json")
    }

    #[test]
    fn cache_file_name_is_sha1_of_the_key() {
        // sha1("my-sso") as the AWS CLI computes it.
        assert_eq!(sha1_hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
    }

    #[test]
    fn parses_the_aws_cli_format_and_round_trips() {
        let text = r#"{"startUrl": "https://d-1.awsapps.com/start", "region": "us-east-1",
            "accessToken": "tok", "expiresAt": "2026-11-22T18:00:00Z", "clientId": "cid",
            "clientSecret": "sec", "registrationExpiresAt": "2027-02-20T10:00:00Z",
            "refreshToken": "ref"}"#;
        let t = parse(text.as_bytes(), &p()).unwrap();
        assert_eq!(t.access_token.expose(), "tok");
        assert_eq!(t.expires_at.to_string(), "2026-11-22T18:00:00Z");
        let again = parse(&serde_json::to_vec(&t).unwrap(), &p()).unwrap();
        assert_eq!(again, t);
        let written = serde_json::to_string(&t).unwrap();
        assert!(written.starts_with(r#"{"startUrl":"#), "{written}");
    }

    #[test]
    fn keys_match_case_insensitively() {
        let t = parse(
            br#"{"AccessToken":"a","ExpiresAt":"2026-11-22T18:00:00UTC"}"#,
            &p(),
        )
        .unwrap();
        assert_eq!(t.access_token.expose(), "a");
    }

    #[test]
    fn corrupt_files_say_what_is_wrong() {
        let missing = parse(br#"{"accessToken":"a"}"#, &p())
            .unwrap_err()
            .to_string();
        assert_eq!(missing, "/c/x.json: missing field 'expiresAt'");
        let truncated = parse(br#"{"accessToken":"a","#, &p())
            .unwrap_err()
            .to_string();
        assert!(truncated.contains("truncated JSON"), "{truncated}");
        let bad = parse(b"not json", &p()).unwrap_err().to_string();
        assert!(bad.contains("invalid JSON"), "{bad}");
        let array = parse(b"[]", &p()).unwrap_err().to_string();
        assert!(array.contains("expected a JSON object"), "{array}");
        let stamp = parse(br#"{"accessToken":"a","expiresAt":"soon"}"#, &p()).unwrap_err();
        assert!(
            stamp.to_string().contains("invalid timestamp 'soon'"),
            "{stamp}"
        );
    }

    /// Found by the `token_cache` fuzz target (crash-716ba868): a negative year parsed, and
    /// the token written back could not be read again.
    #[test]
    fn fuzz_token_cache_negative_year_is_refused() {
        let text = br#"{"startUrl": "https://d-1.awsapps.com", "accessToken": "tok", "expiresAt": "-0678-11-22T18:00:00Z"}"#;
        let err = parse(text, &p()).unwrap_err().to_string();
        assert!(err.contains("invalid timestamp"), "{err}");
    }

    #[test]
    fn secrets_are_not_in_debug_output() {
        let t = parse(br#"{"accessToken":"s3cr3t","expiresAt":"2026-11-22T18:00:00Z","refreshToken":"r3fr3sh"}"#, &p()).unwrap();
        let debug = format!("{t:?}");
        assert!(
            !debug.contains("s3cr3t") && !debug.contains("r3fr3sh"),
            "{debug}"
        );
    }
}
