//! awsso's cache of role credentials: `~/.aws/awsso/roles/<sha1>.json`, 0600.
//!
//! Pure decisions ([`is_fresh`], [`RoleKey::digest`]) and thin I/O ([`read`], [`write`]).
//! Each file holds the credential_process payload plus what `status` and `logout` need:
//!
//! ```json
//! {"Version":1,"AccessKeyId":"ASIA…","SecretAccessKey":"…","SessionToken":"…",
//!  "Expiration":"2026-11-22T11:00:00Z","StartUrl":"https://…","SsoSession":"my-sso",
//!  "AccountId":"123456789012","RoleName":"Admin"}
//! ```

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::fsutil;
use crate::secret::Secret;
use crate::sso::timestamp::Timestamp;
use crate::sso::token_cache::sha1_hex;

/// Temporary credentials for one role.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct RoleCredentials {
    /// The access key id (not secret on its own, but printed only in payloads).
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: Secret<String>,
    /// The session token.
    pub session_token: Secret<String>,
    /// When the credentials expire.
    pub expiration: Timestamp,
}

/// Which role a cache entry belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct RoleKey {
    /// The Identity Center start URL.
    pub start_url: String,
    /// The `sso-session` name, when the target came from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sso_session: Option<String>,
    /// The account.
    pub account_id: String,
    /// The role (permission set) name.
    pub role_name: String,
}

impl RoleKey {
    /// The cache file's name stem: sha1 over every field, so a changed start URL never serves
    /// another organisation's credentials.
    pub(crate) fn digest(&self) -> String {
        sha1_hex(&format!(
            "awsso-role-v1\n{}\n{}\n{}\n{}",
            self.start_url,
            self.sso_session.as_deref().unwrap_or(""),
            self.account_id,
            self.role_name
        ))
    }
}

/// One cache file: the credentials and the role they are for.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct Entry {
    /// Always 1 (the credential_process payload version).
    #[serde(rename = "Version")]
    pub version: u8,
    /// The credentials.
    #[serde(flatten)]
    pub credentials: RoleCredentials,
    /// The role.
    #[serde(flatten)]
    pub key: RoleKey,
}

/// Whether cached credentials may be served at `now`: more than `min_remaining` must be left
/// (botocore re-runs the process under 15 minutes, so serving less would only cause churn).
/// Any `min_remaining` is accepted: one longer than the time since the epoch simply means
/// "never fresh" (no overflow).
pub(crate) fn is_fresh(
    creds: &RoleCredentials,
    now: OffsetDateTime,
    min_remaining: Duration,
) -> bool {
    time::Duration::try_from(min_remaining)
        .ok()
        .and_then(|m| creds.expiration.get().checked_sub(m))
        .is_some_and(|serve_until| serve_until > now)
}

/// The credential_process JSON (one line, no trailing newline), fields in the documented order.
/// `account_id`, when known, is the `AccountId` field the SDKs use for account-based endpoints
/// (botocore, the JS and Rust SDKs read it; older readers ignore it). Every credential source
/// prints through here.
pub(crate) fn process_json(creds: &RoleCredentials, account_id: Option<&str>) -> String {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Payload<'a> {
        version: u8,
        access_key_id: &'a str,
        secret_access_key: &'a str,
        session_token: &'a str,
        expiration: Timestamp,
        #[serde(skip_serializing_if = "Option::is_none")]
        account_id: Option<&'a str>,
    }
    let payload = Payload {
        version: 1,
        access_key_id: &creds.access_key_id,
        secret_access_key: creds.secret_access_key.expose(),
        session_token: creds.session_token.expose(),
        expiration: creds.expiration,
        account_id,
    };
    serde_json::to_string(&payload).expect("serialising strings and a timestamp cannot fail")
}

#[cfg(test)]
/// The cache file of `key` in `dir`.
pub(crate) fn path(dir: &Path, key: &RoleKey) -> PathBuf {
    dir.join(format!("{}.json", key.digest()))
}

/// Parses a cache file's bytes; `None` when they are not an entry.
pub(crate) fn parse_entry(bytes: &[u8]) -> Option<Entry> {
    serde_json::from_slice(bytes).ok()
}

/// Reads an entry. Missing, corrupt or unsafe files (a link, a FIFO, another user's file, a
/// file in a folder others can write: see [`fsutil::read_private`]) are a miss — the cache is
/// ours and is simply rewritten, replacing the file; a file for another role (digest collision
/// or hand edit) is a miss too.
pub(crate) fn read(path: &Path, key: &RoleKey) -> Option<RoleCredentials> {
    let bytes = fsutil::read_private(path).ok()??;
    parse(&bytes, key)
}

/// Parses an entry's bytes: the credentials when they are for `key`.
pub(crate) fn parse(bytes: &[u8], key: &RoleKey) -> Option<RoleCredentials> {
    let entry = parse_entry(bytes)?;
    (entry.key == *key).then_some(entry.credentials)
}

/// An entry's JSON document.
pub(crate) fn to_json(key: &RoleKey, creds: &RoleCredentials) -> std::io::Result<Vec<u8>> {
    let entry = Entry {
        version: 1,
        credentials: creds.clone(),
        key: key.clone(),
    };
    serde_json::to_vec(&entry).map_err(std::io::Error::other)
}

/// Writes an entry atomically: always 0600 in a 0700 folder, a link at `path` replaced.
pub(crate) fn write(path: &Path, key: &RoleKey, creds: &RoleCredentials) -> std::io::Result<()> {
    fsutil::write_private(path, &to_json(key, creds)?)
}

/// Every entry in the cache folder (for `status` and `logout`); unreadable and unsafe files
/// (FIFOs included: nothing blocks) are skipped.
pub(crate) fn list(dir: &Path) -> Vec<(PathBuf, Entry)> {
    let Ok(read_dir) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(PathBuf, Entry)> = read_dir
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter_map(|p| {
            let bytes = fsutil::read_private(&p).ok()??;
            Some((p, parse_entry(&bytes)?))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds(exp: i64) -> RoleCredentials {
        RoleCredentials {
            access_key_id: "ASIAEXAMPLE".into(),
            secret_access_key: Secret::new("sk".into()),
            session_token: Secret::new("st".into()),
            expiration: Timestamp::from_unix(exp).unwrap(),
        }
    }

    fn key() -> RoleKey {
        RoleKey {
            start_url: "https://x/start".into(),
            sso_session: Some("s".into()),
            account_id: "123456789012".into(),
            role_name: "Admin".into(),
        }
    }

    #[test]
    fn freshness_needs_more_than_min_remaining() {
        let now = OffsetDateTime::from_unix_timestamp(1_000_000).unwrap();
        let m = Duration::from_secs(900);
        assert!(is_fresh(&creds(1_000_000 + 901), now, m));
        assert!(!is_fresh(&creds(1_000_000 + 900), now, m));
        assert!(!is_fresh(&creds(999_000), now, m));
    }

    #[test]
    fn payload_is_what_sdks_parse() {
        let text = process_json(&creds(1_800_000_000), Some("123456789012"));
        assert!(
            text.starts_with(r#"{"Version":1,"AccessKeyId":"ASIAEXAMPLE","#),
            "{text}"
        );
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["Version"], 1);
        assert_eq!(v["AccessKeyId"], "ASIAEXAMPLE");
        assert_eq!(v["Expiration"], "2027-01-15T08:00:00Z");
        assert_eq!(v["AccountId"], "123456789012");
        let unknown = process_json(&creds(1_800_000_000), None);
        assert!(!unknown.contains("AccountId"), "{unknown}");
    }

    /// Found by the `role_cache` fuzz target (crash-2a503769): an entry with a negative-year
    /// expiration parsed, and was written back in a form no reader parses.
    #[test]
    fn fuzz_role_cache_negative_year_is_not_an_entry() {
        let text = br#"{"Version":0,"AccessKeyId":"ASIA","SecretAccessKey":"s","SessionToken":"t","Expiration":"-0052-11-23T11:00:00Z","StartUrl":"start","AccountId":"123456789012","RoleName":"A"}"#;
        assert_eq!(parse_entry(text), None);
    }

    #[test]
    fn entries_round_trip_and_are_keyed() {
        // A folder inside the temp folder: the writer also checks the folder above the cache
        // folder, and the system's temp folder is writable by everyone.
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("roles");
        let p = path(&dir, &key());
        write(&p, &key(), &creds(5)).unwrap();
        assert_eq!(read(&p, &key()), Some(creds(5)));
        let other = RoleKey {
            role_name: "Other".into(),
            ..key()
        };
        assert_eq!(read(&p, &other), None);
        assert_eq!(list(&dir).len(), 1);
    }
}
