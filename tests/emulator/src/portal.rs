//! SSO portal behaviour of the emulator (test double): `GetRoleCredentials`, `ListAccounts`,
//! `ListAccountRoles` and `Logout`, authenticated by the `x-amz-sso_bearer_token` header.
//!
//! Pure logic over [`Shared`]'s store and config; the HTTP plumbing (counting, latency, faults,
//! rate limiting) is in `server`. A missing, unknown, expired or logged-out token is 401
//! `UnauthorizedException`; an account or role not assigned to the user is 403
//! `ForbiddenException` `"No access"`, as the real service answers (the model does not list it).
//! Page tokens are opaque strings bound to the list they page through.

use std::collections::HashMap;
use std::time::{Instant, SystemTime};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use crate::Account;
use crate::errors::ApiError;
use crate::state::{Shared, epoch_millis, lock};

/// The most items a page may hold (`MaxResultType` max in the model).
const MAX_RESULTS: usize = 100;

/// Query parameters and bearer token of a portal request.
pub(crate) struct PortalRequest {
    pub(crate) token: Option<String>,
    pub(crate) query: HashMap<String, String>,
}

impl PortalRequest {
    fn param(&self, name: &str) -> Option<&str> {
        self.query
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

/// Rejects requests without a valid bearer token.
fn authenticate(shared: &Shared, req: &PortalRequest) -> Result<(), ApiError> {
    let token = req.token.as_deref().ok_or_else(ApiError::unauthorized)?;
    if lock(&shared.store).access_token_valid(token, Instant::now()) {
        Ok(())
    } else {
        Err(ApiError::unauthorized())
    }
}

fn find_account<'a>(shared: &'a Shared, account_id: &str) -> Result<&'a Account, ApiError> {
    shared
        .config
        .accounts
        .iter()
        .find(|a| a.id == account_id)
        .ok_or_else(ApiError::forbidden)
}

fn required<'a>(req: &'a PortalRequest, name: &str) -> Result<&'a str, ApiError> {
    req.param(name).ok_or_else(|| {
        ApiError::portal_invalid_request(&format!("Missing required parameter: {name}"))
    })
}

pub(crate) fn get_role_credentials(
    shared: &Shared,
    req: &PortalRequest,
) -> Result<Value, ApiError> {
    authenticate(shared, req)?;
    let role_name = required(req, "role_name")?;
    let account_id = required(req, "account_id")?;
    let account = find_account(shared, account_id)?;
    if !account.roles.iter().any(|r| r == role_name) {
        return Err(ApiError::forbidden());
    }
    let expiration = SystemTime::now() + shared.config.role_credentials_ttl;
    let (key_id, secret, serial) = {
        let mut store = lock(&shared.store);
        let key_id = key_material(&mut store, 16);
        let secret = key_material(&mut store, 40);
        (key_id, secret, store.next_id(""))
    };
    Ok(json!({
        "roleCredentials": {
            "accessKeyId": format!("ASIA{key_id}"),
            "secretAccessKey": secret,
            // Readable on purpose: tests can tell which role a credential belongs to, and STS
            // can refuse it once it has expired (the last part, in epoch milliseconds).
            "sessionToken": format!(
                "emulator-session/{account_id}/{role_name}/{serial}/{}",
                epoch_millis(expiration)
            ),
            "expiration": epoch_millis(expiration),
        }
    }))
}

/// `len` characters of `[A-Z2-7]`, like AWS key ids.
fn key_material(store: &mut crate::state::Store, len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::with_capacity(len);
    while out.len() < len {
        let mut n = store.next_random();
        for _ in 0..12 {
            if out.len() == len {
                break;
            }
            let digit = usize::try_from(n % 32).expect("a remainder of 32 fits usize");
            out.push(char::from(ALPHABET[digit]));
            n /= 32;
        }
    }
    out
}

/// Reads `max_result` and `next_token`; returns `(offset, page size)`.
fn page_window(
    shared: &Shared,
    req: &PortalRequest,
    list: &str,
) -> Result<(usize, usize), ApiError> {
    let max = match req.param("max_result") {
        None => MAX_RESULTS,
        Some(raw) => match raw.parse::<usize>() {
            Ok(n) if (1..=MAX_RESULTS).contains(&n) => n,
            _ => {
                return Err(ApiError::portal_invalid_request(&format!(
                    "maxResults must be between 1 and {MAX_RESULTS}"
                )));
            }
        },
    };
    let offset = match req.param("next_token") {
        None => 0,
        Some(token) => decode_page_token(token, list)
            .ok_or_else(|| ApiError::portal_invalid_request("Invalid nextToken"))?,
    };
    Ok((
        offset,
        shared.config.page_size.clamp(1, MAX_RESULTS).min(max),
    ))
}

fn encode_page_token(list: &str, offset: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("{list}#{offset}"))
}

fn decode_page_token(token: &str, list: &str) -> Option<usize> {
    let raw = String::from_utf8(URL_SAFE_NO_PAD.decode(token).ok()?).ok()?;
    let (name, offset) = raw.rsplit_once('#')?;
    (name == list).then(|| offset.parse().ok()).flatten()
}

/// Slices `items` by the request's page window; returns the page and the next token.
fn paginate<'a, T>(
    shared: &Shared,
    req: &PortalRequest,
    list: &str,
    items: &'a [T],
) -> Result<(&'a [T], Option<String>), ApiError> {
    let (offset, size) = page_window(shared, req, list)?;
    if offset > items.len() {
        return Err(ApiError::portal_invalid_request("Invalid nextToken"));
    }
    let end = (offset + size).min(items.len());
    let next = (end < items.len()).then(|| encode_page_token(list, end));
    Ok((&items[offset..end], next))
}

fn with_next_token(mut body: Value, next: Option<String>) -> Value {
    if let Some(token) = next {
        body["nextToken"] = Value::String(token);
    }
    body
}

pub(crate) fn list_accounts(shared: &Shared, req: &PortalRequest) -> Result<Value, ApiError> {
    authenticate(shared, req)?;
    let (page, next) = paginate(shared, req, "accounts", &shared.config.accounts)?;
    let list: Vec<Value> = page
        .iter()
        .map(|a| json!({"accountId": a.id, "accountName": a.name, "emailAddress": a.email}))
        .collect();
    Ok(with_next_token(json!({"accountList": list}), next))
}

pub(crate) fn list_account_roles(shared: &Shared, req: &PortalRequest) -> Result<Value, ApiError> {
    authenticate(shared, req)?;
    let account_id = required(req, "account_id")?;
    let account = find_account(shared, account_id)?;
    let (page, next) = paginate(shared, req, &format!("roles/{account_id}"), &account.roles)?;
    let list: Vec<Value> = page
        .iter()
        .map(|r| json!({"roleName": r, "accountId": account_id}))
        .collect();
    Ok(with_next_token(json!({"roleList": list}), next))
}

/// Revokes the bearer token and the refresh token issued with it (the sign-in session ends).
pub(crate) fn logout(shared: &Shared, req: &PortalRequest) -> Result<(), ApiError> {
    authenticate(shared, req)?;
    let token = req.token.as_deref().unwrap_or_default();
    let mut store = lock(&shared.store);
    let refresh = store.access.get_mut(token).and_then(|t| {
        t.revoked = true;
        t.refresh_token.clone()
    });
    if let Some(grant) = refresh.and_then(|r| store.refresh.get_mut(&r)) {
        grant.revoked = true;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_tokens_are_bound_to_their_list() {
        let token = encode_page_token("roles/1", 4);
        assert_eq!(decode_page_token(&token, "roles/1"), Some(4));
        assert_eq!(decode_page_token(&token, "accounts"), None);
        assert_eq!(decode_page_token("garbage!", "accounts"), None);
    }
}
