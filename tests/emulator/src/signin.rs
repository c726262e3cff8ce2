//! The AWS sign-in service's OAuth endpoints for `aws login` sessions (test double):
//! `GET /v1/authorize` (the browser's approval: a 302 to the redirect URI with `code` and
//! `state`), `GET /v1/sessions/confirmation` (the cross-device page showing the code to paste)
//! and `POST /v1/token` (`CreateOAuth2Token`, both grants).
//!
//! It checks what the real service is documented to check, so tests catch what it would
//! refuse: the client id (`arn:aws:signin:::devtools/same-device|cross-device`), PKCE with
//! method `SHA-256` (the challenge is base64url(SHA-256(verifier)) without padding), single-use
//! codes bound to their redirect URI, and a DPoP proof on every token request: a compact JWS
//! with `typ: dpop+jwt`, `alg: ES256` and the public key as `jwk`, signed (raw r‖s) by that
//! key; `htm` = `POST`, `htu` = the URL requested (scheme, host, port, path), `iat` within
//! 5 minutes of now, a `jti` never seen before. Refresh tokens are bound to the key that got
//! them and rotate: each refresh returns a new one and the used one is refused.
//!
//! Errors are rest-json as the service sends them: the status, `x-amzn-ErrorType` and
//! `{"error": CODE, "message": TEXT}` (`AccessDeniedException` 401 `TOKEN_EXPIRED`, 403
//! `USER_CREDENTIALS_CHANGED` / `INSUFFICIENT_PERMISSIONS`; `ValidationException` 400
//! `INVALID_REQUEST`).

use std::collections::{HashMap, HashSet};
use std::time::SystemTime;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use p256::ecdsa::signature::Verifier as _;
use p256::ecdsa::{Signature, VerifyingKey};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::state::{Shared, epoch_secs, lock};

/// The same-device client id.
pub const SAME_DEVICE: &str = "arn:aws:signin:::devtools/same-device";
/// The cross-device client id.
pub const CROSS_DEVICE: &str = "arn:aws:signin:::devtools/cross-device";

/// A refusal the next token requests get ([`crate::Emulator::reject_signin`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SigninFault {
    /// 401 `AccessDeniedException` `TOKEN_EXPIRED`.
    TokenExpired,
    /// 403 `AccessDeniedException` `USER_CREDENTIALS_CHANGED`.
    UserCredentialsChanged,
    /// 403 `AccessDeniedException` `INSUFFICIENT_PERMISSIONS`.
    InsufficientPermissions,
    /// 500 `InternalServerException`.
    ServerError,
}

#[derive(Debug)]
struct Code {
    client_id: String,
    redirect_uri: String,
    challenge: String,
}

#[derive(Debug)]
struct Refresh {
    client_id: String,
    /// The JWK coordinates the token is bound to.
    key: (String, String),
    used: bool,
}

/// The sign-in state.
#[derive(Debug, Default)]
pub(crate) struct SigninState {
    codes: HashMap<String, Code>,
    refresh: HashMap<String, Refresh>,
    jtis: HashSet<String>,
    next: u64,
    faults: Vec<(SigninFault, u32)>,
    /// Successful refresh-token grants.
    pub(crate) refreshes: u64,
    /// Successful authorization-code grants.
    pub(crate) logins: u64,
    /// Refused token requests, with the reason.
    pub(crate) refused: Vec<String>,
}

impl SigninState {
    fn mint(&mut self, prefix: &str) -> String {
        self.next += 1;
        let random: u64 =
            std::hash::BuildHasher::hash_one(&std::hash::RandomState::new(), self.next);
        format!("{prefix}{:06}{random:016x}", self.next)
    }

    pub(crate) fn inject(&mut self, fault: SigninFault, times: u32) {
        self.faults.push((fault, times));
    }

    fn take_fault(&mut self) -> Option<SigninFault> {
        let (fault, left) = self.faults.first_mut()?;
        let fault = *fault;
        *left -= 1;
        if *left == 0 {
            self.faults.remove(0);
        }
        Some(fault)
    }
}

fn error(status: StatusCode, shape: &str, code: &str, message: &str) -> Response {
    let mut response = (
        status,
        axum::Json(json!({"error": code, "message": message})),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(shape) {
        response.headers_mut().insert("x-amzn-errortype", v);
    }
    response
}

fn invalid(shared: &Shared, why: &str) -> Response {
    lock(&shared.signin).refused.push(why.to_owned());
    error(
        StatusCode::BAD_REQUEST,
        "ValidationException",
        "INVALID_REQUEST",
        why,
    )
}

/// `GET /v1/authorize`: checks the request and approves it at once (302 to the redirect URI).
pub(crate) fn authorize(shared: &Shared, query: &HashMap<String, String>) -> Response {
    let get = |k: &str| query.get(k).map(String::as_str).unwrap_or_default();
    let client_id = get("client_id");
    let redirect_uri = get("redirect_uri");
    let problem = if get("response_type") != "code" {
        Some("response_type must be code")
    } else if client_id != SAME_DEVICE && client_id != CROSS_DEVICE {
        Some("unknown client_id")
    } else if get("code_challenge_method") != "SHA-256" {
        Some("code_challenge_method must be SHA-256")
    } else if get("code_challenge").len() != 43 {
        Some("code_challenge must be 43 characters")
    } else if get("scope") != "openid" {
        Some("scope must be openid")
    } else if get("state").is_empty() {
        Some("state is missing")
    } else if client_id == SAME_DEVICE
        && !(redirect_uri.starts_with("http://127.0.0.1:")
            || redirect_uri.starts_with("http://localhost:"))
    {
        Some("the same-device redirect_uri must be a loopback URL")
    } else if client_id == CROSS_DEVICE
        && redirect_uri != format!("{}/v1/sessions/confirmation", shared.base_url)
    {
        Some("the cross-device redirect_uri must be the confirmation page")
    } else {
        None
    };
    if let Some(why) = problem {
        return (StatusCode::BAD_REQUEST, why.to_owned()).into_response();
    }
    let code = {
        let mut s = lock(&shared.signin);
        let code = s.mint("code-");
        s.codes.insert(
            code.clone(),
            Code {
                client_id: client_id.to_owned(),
                redirect_uri: redirect_uri.to_owned(),
                challenge: get("code_challenge").to_owned(),
            },
        );
        code
    };
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("code", &code)
        .append_pair("state", get("state"))
        .finish();
    let location = format!("{redirect_uri}?{query}");
    let mut response = StatusCode::FOUND.into_response();
    if let Ok(v) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    response
}

/// `GET /v1/sessions/confirmation?code&state`: the page that shows the cross-device code, the
/// standard base64 of `state=…&code=…`, inside `<code>…</code>`.
pub(crate) fn confirmation(query: &HashMap<String, String>) -> Response {
    let text = form_urlencoded::Serializer::new(String::new())
        .append_pair(
            "state",
            query.get("state").map(String::as_str).unwrap_or_default(),
        )
        .append_pair(
            "code",
            query.get("code").map(String::as_str).unwrap_or_default(),
        )
        .finish();
    let html = format!(
        "<!doctype html><title>Sign-in</title><p>Paste this code into your terminal:</p><code>{}</code>",
        STANDARD.encode(text)
    );
    axum::response::Html(html).into_response()
}

/// A verified DPoP proof: the key's coordinates.
fn verify_proof(
    shared: &Shared,
    headers: &HeaderMap,
    now: i64,
) -> Result<(String, String), String> {
    let proof = headers
        .get("dpop")
        .and_then(|v| v.to_str().ok())
        .ok_or("no DPoP header")?;
    let parts: Vec<&str> = proof.split('.').collect();
    let [h, p, sig] = parts.as_slice() else {
        return Err("the DPoP proof is not a compact JWS".into());
    };
    let decode = |part: &str| -> Result<Value, String> {
        let bytes = URL_SAFE_NO_PAD
            .decode(part)
            .map_err(|_| "bad base64url in the proof")?;
        serde_json::from_slice(&bytes).map_err(|_| "bad JSON in the proof".to_owned())
    };
    let header = decode(h)?;
    let payload = decode(p)?;
    if header["typ"] != "dpop+jwt" || header["alg"] != "ES256" {
        return Err("the proof's typ/alg must be dpop+jwt/ES256".into());
    }
    let jwk = &header["jwk"];
    if jwk["kty"] != "EC" || jwk["crv"] != "P-256" {
        return Err("the proof's jwk must be an EC P-256 key".into());
    }
    let coordinate = |k: &str| -> Result<Vec<u8>, String> {
        let c = jwk[k].as_str().ok_or("jwk coordinate missing")?;
        let bytes = URL_SAFE_NO_PAD
            .decode(c)
            .map_err(|_| "bad jwk coordinate")?;
        if bytes.len() == 32 {
            Ok(bytes)
        } else {
            Err("jwk coordinates must be 32 bytes".into())
        }
    };
    let (x, y) = (coordinate("x")?, coordinate("y")?);
    let point = p256::EncodedPoint::from_affine_coordinates(
        x.as_slice().into(),
        y.as_slice().into(),
        false,
    );
    let key =
        VerifyingKey::from_encoded_point(&point).map_err(|_| "the jwk is not a curve point")?;
    let sig = URL_SAFE_NO_PAD
        .decode(sig)
        .map_err(|_| "bad signature encoding")?;
    let sig =
        Signature::from_slice(&sig).map_err(|_| "the signature must be raw r||s (64 bytes)")?;
    key.verify(format!("{h}.{p}").as_bytes(), &sig)
        .map_err(|_| "the DPoP signature does not verify")?;
    if payload["htm"] != "POST" {
        return Err("htm must be POST".into());
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let htu = payload["htu"].as_str().unwrap_or_default();
    let http = format!("http://{host}/v1/token");
    let https = format!("https://{host}/v1/token");
    if host.is_empty() || (htu != http && htu != https) {
        return Err(format!("htu {htu} is not the URL requested ({http})"));
    }
    let iat = payload["iat"].as_i64().ok_or("iat missing")?;
    if (iat - now).abs() > 300 {
        return Err("iat is not within 5 minutes of now".into());
    }
    let jti = payload["jti"]
        .as_str()
        .filter(|j| !j.is_empty())
        .ok_or("jti missing")?;
    if !lock(&shared.signin).jtis.insert(jti.to_owned()) {
        return Err("the jti was used before (replayed proof)".into());
    }
    Ok((
        jwk["x"].as_str().unwrap_or_default().to_owned(),
        jwk["y"].as_str().unwrap_or_default().to_owned(),
    ))
}

fn credentials_for(shared: &Shared, s: &mut SigninState) -> Value {
    let n = s.mint("");
    json!({
        "accessKeyId": format!("ASIALOGIN{}", &n[..6]),
        "secretAccessKey": format!("login-secret-{n}"),
        // The prefix the emulated federation endpoint accepts as its own issued credentials.
        "sessionToken": format!("emulator-session/login-{n}"),
        "_ttl": shared.config.signin.credentials_ttl.as_secs(),
    })
}

/// `POST /v1/token`.
pub(crate) fn token(shared: &Shared, headers: &HeaderMap, body: &[u8]) -> Response {
    let now = epoch_secs(SystemTime::now());
    let Ok(input) = serde_json::from_slice::<Value>(body) else {
        return invalid(shared, "the body is not JSON");
    };
    let field = |k: &str| input[k].as_str().unwrap_or_default().to_owned();
    let client_id = field("clientId");
    if client_id != SAME_DEVICE && client_id != CROSS_DEVICE {
        return invalid(shared, "unknown clientId");
    }
    let key = match verify_proof(shared, headers, now) {
        Ok(key) => key,
        Err(why) => return invalid(shared, &why),
    };
    let mut s = lock(&shared.signin);
    if let Some(fault) = s.take_fault() {
        drop(s);
        return match fault {
            SigninFault::TokenExpired => error(
                StatusCode::UNAUTHORIZED,
                "AccessDeniedException",
                "TOKEN_EXPIRED",
                "Your session has expired",
            ),
            SigninFault::UserCredentialsChanged => error(
                StatusCode::FORBIDDEN,
                "AccessDeniedException",
                "USER_CREDENTIALS_CHANGED",
                "User credentials have changed",
            ),
            SigninFault::InsufficientPermissions => error(
                StatusCode::FORBIDDEN,
                "AccessDeniedException",
                "INSUFFICIENT_PERMISSIONS",
                "User is not authorized to perform: signin:CreateOAuth2Token",
            ),
            SigninFault::ServerError => error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalServerException",
                "server_error",
                "Internal error",
            ),
        };
    }
    let with_id_token = match field("grantType").as_str() {
        "authorization_code" => {
            let Some(code) = s.codes.remove(&field("code")) else {
                drop(s);
                return invalid(shared, "unknown or used authorization code");
            };
            let verifier = field("codeVerifier");
            let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
            let problem = if code.client_id != client_id {
                Some("the code was issued to another client")
            } else if code.redirect_uri != field("redirectUri") {
                Some("redirectUri differs from the authorize request's")
            } else if !(43..=128).contains(&verifier.len()) || challenge != code.challenge {
                Some("the PKCE verifier does not match the challenge")
            } else {
                None
            };
            if let Some(why) = problem {
                drop(s);
                return invalid(shared, why);
            }
            s.logins += 1;
            true
        }
        "refresh_token" => {
            let token = field("refreshToken");
            let problem = match s.refresh.get(&token) {
                None => Some("unknown refresh token"),
                Some(r) if r.used => Some("the refresh token was already used (rotation)"),
                Some(r) if r.client_id != client_id => {
                    Some("the refresh token belongs to another client")
                }
                Some(r) if r.key != key => {
                    Some("the DPoP key is not the one the token is bound to")
                }
                Some(_) => None,
            };
            if let Some(why) = problem {
                drop(s);
                return invalid(shared, why);
            }
            if let Some(r) = s.refresh.get_mut(&token) {
                r.used = true;
            }
            s.refreshes += 1;
            false
        }
        _ => {
            drop(s);
            return invalid(shared, "unknown grantType");
        }
    };
    let refresh_token = s.mint("ASOR");
    s.refresh.insert(
        refresh_token.clone(),
        Refresh {
            client_id,
            key,
            used: false,
        },
    );
    let mut creds = credentials_for(shared, &mut s);
    let ttl = creds["_ttl"].as_u64().unwrap_or(900);
    if let Some(m) = creds.as_object_mut() {
        m.remove("_ttl");
    }
    let mut out = json!({
        "accessToken": creds,
        "tokenType": "aws_sigv4",
        "expiresIn": ttl,
        "refreshToken": refresh_token,
    });
    if with_id_token {
        out["idToken"] = Value::from(id_token(&shared.config.signin.principal, now));
    }
    (StatusCode::OK, axum::Json(out)).into_response()
}

/// An id token (`sub` = the principal); its signature is not meant to be checked.
fn id_token(principal: &str, now: i64) -> String {
    let header = URL_SAFE_NO_PAD
        .encode(json!({"kid": "emulator", "typ": "JWT", "alg": "ES384"}).to_string());
    let payload = URL_SAFE_NO_PAD.encode(
        json!({"sub": principal, "aud": "devtools", "iss": "https://signin.aws.amazon.com/signin", "iat": now, "exp": now + 900})
            .to_string(),
    );
    format!("{header}.{payload}.c2lnbmF0dXJl")
}

/// A cache file for a session logged in now whose credentials expire `expires_in` seconds from
/// now (negative: already expired), with a refresh token bound to a new key.
pub(crate) fn seed(shared: &Shared, expires_in: i64, sign_in_region: Option<&str>) -> String {
    let secret = random_key();
    use p256::elliptic_curve::sec1::ToEncodedPoint as _;
    let point = secret.public_key().to_encoded_point(false);
    let key = (
        URL_SAFE_NO_PAD.encode(point.x().map(|x| x.to_vec()).unwrap_or_default()),
        URL_SAFE_NO_PAD.encode(point.y().map(|y| y.to_vec()).unwrap_or_default()),
    );
    let pem = secret
        .to_sec1_pem(p256::pkcs8::LineEnding::LF)
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let mut s = lock(&shared.signin);
    let refresh_token = s.mint("ASOR");
    s.refresh.insert(
        refresh_token.clone(),
        Refresh {
            client_id: SAME_DEVICE.to_owned(),
            key,
            used: false,
        },
    );
    let mut creds = credentials_for(shared, &mut s);
    let now = epoch_secs(SystemTime::now());
    let expires = time_z(now + expires_in);
    let principal = &shared.config.signin.principal;
    let account = principal.split(':').nth(4).unwrap_or_default();
    if let Some(m) = creds.as_object_mut() {
        m.remove("_ttl");
        m.insert("accountId".into(), Value::from(account));
        m.insert("expiresAt".into(), Value::from(expires));
    }
    let mut doc = json!({
        "accessToken": creds,
        "tokenType": "aws_sigv4",
        "clientId": SAME_DEVICE,
        "refreshToken": refresh_token,
        "idToken": id_token(principal, now),
        "dpopKey": pem,
    });
    if let Some(r) = sign_in_region {
        doc["signInRegion"] = Value::from(r);
    }
    doc.to_string()
}

/// A new P-256 key from the process's random hash keys (a test double needs no CSPRNG).
fn random_key() -> p256::SecretKey {
    loop {
        let mut bytes = [0u8; 32];
        for chunk in bytes.chunks_mut(8) {
            let r = std::hash::BuildHasher::hash_one(&std::hash::RandomState::new(), 0u8);
            chunk.copy_from_slice(&r.to_le_bytes());
        }
        if let Ok(k) = p256::SecretKey::from_slice(&bytes) {
            return k;
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` for unix seconds (civil-from-days, proleptic Gregorian).
fn time_z(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert_eq!(time_z(0), "1970-01-01T00:00:00Z");
        assert_eq!(time_z(1_796_558_400), "2026-12-06T12:00:00Z");
    }
}
