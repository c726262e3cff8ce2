//! SSO OIDC behaviour of the emulator (test double): `RegisterClient`,
//! `StartDeviceAuthorization`, `CreateToken` (device code, authorization code + PKCE S256, refresh
//! token) and the browser-facing `/authorize` and device verification pages.
//!
//! Pure logic over [`Shared`]'s store: request structs in, JSON values / outcomes out; the HTTP
//! plumbing (counting, latency, fault injection, rendering) is in `server`. Behaviour follows the
//! real service where it matters to a client:
//! - refresh tokens are issued only to clients registered with the `sso:account:access` scope;
//! - a refresh token is single-use: redeeming it rotates it (the old one then fails with
//!   `InvalidGrantException`), so a client that drops the new one is caught;
//! - `Logout` (in `portal`) revokes the access token and the refresh token issued with it;
//! - loopback redirect URIs match a registered one regardless of port (RFC 8252 §7.3).

use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime};

use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::errors::ApiError;
use crate::state::{
    AuthCode, Device, GRANT_AUTHORIZATION_CODE, GRANT_DEVICE_CODE, GRANT_REFRESH_TOKEN, NewClient,
    Shared, epoch_secs, lock,
};

/// How long a device code stays valid (`expiresIn` of `StartDeviceAuthorization`).
const DEVICE_CODE_TTL: Duration = Duration::from_secs(600);
/// How long an authorization code from `/authorize` may be redeemed.
const AUTH_CODE_TTL: Duration = Duration::from_secs(300);

/// `RegisterClient` input (camelCase members of `RegisterClientRequest`).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RegisterClientRequest {
    client_name: Option<String>,
    client_type: Option<String>,
    scopes: Option<Vec<String>>,
    redirect_uris: Option<Vec<String>>,
    grant_types: Option<Vec<String>>,
    issuer_url: Option<String>,
}

/// `StartDeviceAuthorization` input.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct StartDeviceAuthorizationRequest {
    client_id: Option<String>,
    client_secret: Option<String>,
    start_url: Option<String>,
}

/// `CreateToken` input.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CreateTokenRequest {
    client_id: Option<String>,
    client_secret: Option<String>,
    grant_type: Option<String>,
    device_code: Option<String>,
    code: Option<String>,
    refresh_token: Option<String>,
    redirect_uri: Option<String>,
    code_verifier: Option<String>,
}

/// What `/authorize` answers the browser with.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum BrowserOutcome {
    /// 302 to this location (success or an OAuth error the client must see).
    Redirect(String),
    /// An HTML page with this status: the redirect URI or client could not be trusted.
    Page(StatusCode, String),
}

fn required<'a>(value: &'a Option<String>, name: &str) -> Result<&'a str, ApiError> {
    match value.as_deref() {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(ApiError::invalid_request(&format!(
            "Missing required parameter: {name}"
        ))),
    }
}

pub(crate) fn register_client(
    shared: &Shared,
    req: RegisterClientRequest,
) -> Result<Value, ApiError> {
    let name = req.client_name.unwrap_or_default();
    if name.is_empty() {
        return Err(ApiError::invalid_request(
            "Missing required parameter: clientName",
        ));
    }
    match req.client_type.as_deref() {
        Some("public") => {}
        None | Some("") => {
            return Err(ApiError::invalid_request(
                "Missing required parameter: clientType",
            ));
        }
        Some(other) => {
            return Err(ApiError::invalid_client_metadata(&format!(
                "Invalid client type: {other}"
            )));
        }
    }
    let grant_types = req.grant_types.unwrap_or_default();
    if let Some(bad) = grant_types.iter().find(|g| {
        ![
            GRANT_DEVICE_CODE,
            GRANT_AUTHORIZATION_CODE,
            GRANT_REFRESH_TOKEN,
        ]
        .contains(&g.as_str())
    }) {
        return Err(ApiError::unsupported_grant_type(&format!(
            "Unsupported grant type: {bad}"
        )));
    }
    let redirect_uris = req.redirect_uris.unwrap_or_default();
    if let Some(bad) = redirect_uris.iter().find(|u| split_uri(u).is_none()) {
        return Err(ApiError::invalid_redirect_uri(&format!(
            "Invalid redirect URI: {bad}"
        )));
    }
    if grant_types.iter().any(|g| g == GRANT_AUTHORIZATION_CODE) && redirect_uris.is_empty() {
        return Err(ApiError::invalid_redirect_uri(
            "redirectUris are required for the authorization_code grant",
        ));
    }
    let now = Instant::now();
    let issued_at = SystemTime::now();
    let ttl = shared.config.registration_ttl;
    let (client_id, client_secret) = lock(&shared.store).register(
        NewClient {
            name,
            scopes: req.scopes.unwrap_or_default(),
            grant_types,
            redirect_uris,
            issuer_url: req.issuer_url,
        },
        now + ttl,
    );
    Ok(json!({
        "clientId": client_id,
        "clientSecret": client_secret,
        "clientIdIssuedAt": epoch_secs(issued_at),
        "clientSecretExpiresAt": epoch_secs(issued_at + ttl),
    }))
}

/// Checks the client credentials; returns the client id.
fn authenticate<'a>(
    shared: &Shared,
    client_id: &'a Option<String>,
    client_secret: &Option<String>,
    now: Instant,
) -> Result<&'a str, ApiError> {
    let id = required(client_id, "clientId")?;
    let secret = required(client_secret, "clientSecret")?;
    let store = lock(&shared.store);
    match store.clients.get(id) {
        Some(client) if client.secret == secret && now < client.expires_at => Ok(id),
        Some(client) if client.secret == secret => {
            Err(ApiError::invalid_client("Client registration has expired"))
        }
        _ => Err(ApiError::invalid_client("Invalid client credentials")),
    }
}

pub(crate) fn start_device_authorization(
    shared: &Shared,
    req: StartDeviceAuthorizationRequest,
) -> Result<Value, ApiError> {
    let now = Instant::now();
    let client_id = authenticate(shared, &req.client_id, &req.client_secret, now)?;
    required(&req.start_url, "startUrl")?;
    let mut store = lock(&shared.store);
    if !store
        .clients
        .get(client_id)
        .is_some_and(|c| c.allows_grant(GRANT_DEVICE_CODE))
    {
        return Err(ApiError::unauthorized_client(
            "Client is not registered for the device_code grant",
        ));
    }
    let device_code = store.next_id("emu-device-");
    let user_code = store.next_user_code();
    store.devices.insert(
        device_code.clone(),
        Device {
            client_id: client_id.to_owned(),
            user_code: user_code.clone(),
            pending_polls_left: shared.config.device_pending_polls,
            visited: false,
            expires_at: now + DEVICE_CODE_TTL,
            redeemed: false,
        },
    );
    let verification_uri = format!("{}/device", shared.base_url);
    Ok(json!({
        "deviceCode": device_code,
        "userCode": user_code,
        "verificationUri": verification_uri,
        "verificationUriComplete": format!("{verification_uri}?user_code={user_code}"),
        "expiresIn": DEVICE_CODE_TTL.as_secs(),
        "interval": shared.config.device_interval,
    }))
}

pub(crate) fn create_token(shared: &Shared, req: CreateTokenRequest) -> Result<Value, ApiError> {
    let now = Instant::now();
    let client_id = authenticate(shared, &req.client_id, &req.client_secret, now)?;
    let grant = required(&req.grant_type, "grantType")?;
    if ![
        GRANT_DEVICE_CODE,
        GRANT_AUTHORIZATION_CODE,
        GRANT_REFRESH_TOKEN,
    ]
    .contains(&grant)
    {
        return Err(ApiError::unsupported_grant_type(&format!(
            "Unsupported grant type: {grant}"
        )));
    }
    let mut store = lock(&shared.store);
    if !store
        .clients
        .get(client_id)
        .is_some_and(|c| c.allows_grant(grant))
    {
        return Err(ApiError::unauthorized_client(&format!(
            "Client is not registered for the {grant} grant"
        )));
    }
    match grant {
        GRANT_DEVICE_CODE => {
            let code = required(&req.device_code, "deviceCode")?;
            let deny = shared.config.deny_authorization;
            let device = match store.devices.get_mut(code) {
                Some(d) if d.client_id == client_id => d,
                _ => return Err(ApiError::invalid_grant("Invalid device code provided")),
            };
            if device.redeemed {
                return Err(ApiError::invalid_grant("Device code has already been used"));
            }
            if now >= device.expires_at {
                return Err(ApiError::expired_token("Device code has expired"));
            }
            if !device.visited && device.pending_polls_left > 0 {
                device.pending_polls_left -= 1;
                return Err(ApiError::authorization_pending());
            }
            if deny {
                return Err(ApiError::access_denied("The user denied the authorization"));
            }
            device.redeemed = true;
        }
        GRANT_AUTHORIZATION_CODE => {
            let code = required(&req.code, "code")?;
            let redirect_uri = required(&req.redirect_uri, "redirectUri")?;
            let verifier = required(&req.code_verifier, "codeVerifier")?;
            let auth = match store.codes.get_mut(code) {
                Some(a) if a.client_id == client_id && !a.redeemed && now < a.expires_at => a,
                _ => {
                    return Err(ApiError::invalid_grant(
                        "Invalid authorization code provided",
                    ));
                }
            };
            // A code is burnt by any redemption attempt, as OAuth 2.1 recommends.
            auth.redeemed = true;
            if auth.redirect_uri != redirect_uri {
                return Err(ApiError::invalid_grant(
                    "redirectUri does not match the authorization request",
                ));
            }
            if pkce_challenge(verifier) != auth.code_challenge {
                return Err(ApiError::invalid_grant("Code verifier is invalid"));
            }
        }
        _ => {
            let token = required(&req.refresh_token, "refreshToken")?;
            match store.refresh.get_mut(token) {
                Some(r) if r.client_id == client_id && !r.revoked => r.revoked = true,
                _ => return Err(ApiError::invalid_grant("Invalid refresh token provided")),
            }
        }
    }
    let minted = store.mint(client_id, now, shared.config.access_token_ttl);
    let expires_in = i32::try_from(shared.config.access_token_ttl.as_secs()).unwrap_or(i32::MAX);
    let mut body = json!({
        "accessToken": minted.access_token,
        "tokenType": "Bearer",
        "expiresIn": expires_in,
    });
    if let Some(refresh) = minted.refresh_token {
        body["refreshToken"] = Value::String(refresh);
    }
    Ok(body)
}

/// `base64url-no-pad(sha256(verifier))`, the S256 code challenge.
pub(crate) fn pkce_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// `GET /authorize`: validates the client and redirect URI, then "logs the user in" and
/// redirects back with a code, or with `error=access_denied` when the user declines (`deny`).
pub(crate) fn authorize(
    shared: &Shared,
    params: &HashMap<String, String>,
    deny: bool,
) -> BrowserOutcome {
    let param = |name: &str| params.get(name).map(String::as_str).unwrap_or_default();
    let page = |msg: &str| BrowserOutcome::Page(StatusCode::BAD_REQUEST, msg.to_owned());
    let client_id = param("client_id");
    let redirect_uri = param("redirect_uri");
    let state = param("state");
    let now = Instant::now();
    let mut store = lock(&shared.store);
    let Some(client) = store.clients.get(client_id) else {
        return page("invalid_client: unknown client_id");
    };
    if now >= client.expires_at {
        return page("invalid_client: client registration has expired");
    }
    if !client
        .redirect_uris
        .iter()
        .any(|r| redirect_matches(r, redirect_uri))
    {
        return page("invalid_redirect_uri: redirect_uri is not registered for this client");
    }
    let fail = |error: &str| BrowserOutcome::Redirect(with_query(redirect_uri, error, state));
    if !client.allows_grant(GRANT_AUTHORIZATION_CODE) {
        return fail("unauthorized_client");
    }
    if param("response_type") != "code" {
        return fail("unsupported_response_type");
    }
    let challenge = param("code_challenge");
    if param("code_challenge_method") != "S256" || challenge.is_empty() {
        return fail("invalid_request");
    }
    if deny {
        return fail("access_denied");
    }
    let code = store.next_id("emu-code-");
    store.codes.insert(
        code.clone(),
        AuthCode {
            client_id: client_id.to_owned(),
            redirect_uri: redirect_uri.to_owned(),
            code_challenge: challenge.to_owned(),
            expires_at: now + AUTH_CODE_TTL,
            redeemed: false,
        },
    );
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("code", &code)
        .append_pair("state", state)
        .finish();
    BrowserOutcome::Redirect(append_query(redirect_uri, &query))
}

/// `GET /device?user_code=…`: the user approves (or, with `deny_authorization`, declines) the
/// device; the next `CreateToken` poll then succeeds (or fails with `AccessDeniedException`).
pub(crate) fn verify_device(
    shared: &Shared,
    params: &HashMap<String, String>,
) -> (StatusCode, String) {
    let user_code = params
        .get("user_code")
        .map(String::as_str)
        .unwrap_or_default();
    let mut store = lock(&shared.store);
    let Some(device) = store
        .devices
        .values_mut()
        .find(|d| d.user_code == user_code && !d.redeemed)
    else {
        return (
            StatusCode::NOT_FOUND,
            format!("unknown or used user code {user_code:?}"),
        );
    };
    device.visited = true;
    if shared.config.deny_authorization {
        (StatusCode::OK, format!("Request {user_code} denied."))
    } else {
        (
            StatusCode::OK,
            format!("Request {user_code} approved. You can close this window."),
        )
    }
}

fn with_query(redirect_uri: &str, error: &str, state: &str) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("error", error)
        .append_pair("state", state)
        .finish();
    append_query(redirect_uri, &query)
}

fn append_query(uri: &str, query: &str) -> String {
    let sep = if uri.contains('?') { '&' } else { '?' };
    format!("{uri}{sep}{query}")
}

/// Splits `scheme://host[:port]rest` into `(scheme, host, rest)`; `None` unless http(s).
fn split_uri(uri: &str) -> Option<(&str, &str, &str)> {
    let (scheme, rest) = uri.split_once("://")?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let host = match authority.rfind(':') {
        Some(i) if !authority[i..].contains(']') => &authority[..i],
        _ => authority,
    };
    (!host.is_empty()).then_some((scheme, host, tail))
}

/// Exact match, or the same loopback URI with any port (RFC 8252 §7.3).
fn redirect_matches(registered: &str, given: &str) -> bool {
    if registered == given {
        return true;
    }
    match (split_uri(registered), split_uri(given)) {
        (Some(r), Some(g)) => r == g && matches!(g.1, "127.0.0.1" | "localhost" | "[::1]"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_s256_matches_python_hashlib() {
        assert_eq!(
            pkce_challenge("awsso-emulator-test-verifier-0123456789-abcdefghijklmnopqrstuvwx"),
            "VKqV1dWIS5s1D_k6mburtNifkyfEuxtNe_lYYXobT8U"
        );
    }

    #[test]
    fn loopback_redirects_match_on_any_port() {
        let reg = "http://127.0.0.1/oauth/callback";
        assert!(redirect_matches(
            reg,
            "http://127.0.0.1:4321/oauth/callback"
        ));
        assert!(redirect_matches(reg, reg));
        assert!(!redirect_matches(reg, "http://127.0.0.1:4321/other"));
        assert!(!redirect_matches(
            reg,
            "http://evil.example:4321/oauth/callback"
        ));
        assert!(!redirect_matches(
            "https://app.example/cb",
            "https://app.example:8443/cb"
        ));
    }

    #[test]
    fn query_is_appended_with_the_right_separator() {
        assert_eq!(append_query("http://h/cb", "a=1"), "http://h/cb?a=1");
        assert_eq!(
            append_query("http://h/cb?x=y", "a=1"),
            "http://h/cb?x=y&a=1"
        );
    }
}
