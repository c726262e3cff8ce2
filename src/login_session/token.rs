//! The sign-in service's token call: `POST {base}/v1/token` (`CreateOAuth2Token`).
//!
//! I/O, async (on the caller's runtime). One JSON request, unsigned (no SigV4), with a DPoP
//! proof header; the body is the token input itself, camelCase:
//!
//! ```json
//! {"clientId":"arn:aws:signin:::devtools/same-device","grantType":"refresh_token","refreshToken":"…"}
//! {"clientId":"…","grantType":"authorization_code","code":"…","codeVerifier":"…","redirectUri":"…"}
//! ```
//!
//! The answer: `{"accessToken":{"accessKeyId","secretAccessKey","sessionToken"},"tokenType",
//! "expiresIn","refreshToken","idToken"?}`. Errors are rest-json: an HTTP status, the type in
//! `x-amzn-ErrorType` (`AccessDeniedException`, `ValidationException`, ...) and a body
//! `{"error": CODE, "message": TEXT}` whose code says why ([`RejectCode`]).
//!
//! This is a plain request through the same HTTP stack as the SDK clients
//! ([`Clients::connector`](crate::sso::client::Clients::connector): proxies, `AWS_CA_BUNDLE`,
//! rustls) rather than the generated `aws-sdk-signin` client: one operation with a fixed JSON
//! shape does not justify another SDK crate's compile time and size, and the DPoP header needs
//! the final request URL, which a plain request has at hand. Like the SDKs' standard retry
//! policy, throttling, 5xx and network failures are tried up to three times (each attempt with
//! a fresh proof); a 4xx answer is final.

use std::time::Duration;

use serde::Deserialize;

use crate::login_session::dpop::{self, DpopKey};
use crate::secret::Secret;

/// The grant of a token request.
#[derive(Debug)]
pub(crate) enum Grant<'a> {
    /// A login's authorization code, its PKCE verifier and the redirect it was sent to.
    AuthorizationCode {
        /// The code.
        code: &'a Secret<String>,
        /// The PKCE verifier.
        verifier: &'a Secret<String>,
        /// The redirect URI used in the authorize request.
        redirect_uri: &'a str,
    },
    /// A refresh.
    RefreshToken(&'a Secret<String>),
}

/// A successful answer.
#[derive(Debug)]
pub(crate) struct NewToken {
    /// The access key id.
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: Secret<String>,
    /// The session token.
    pub session_token: Secret<String>,
    /// Seconds the credentials are valid.
    pub expires_in: u64,
    /// The next refresh token (rotated).
    pub refresh_token: Secret<String>,
    /// The id token (authorization-code grant only).
    pub id_token: Option<Secret<String>>,
    /// The token type, verbatim.
    pub token_type: Option<String>,
}

/// Why the service refused a grant (the `error` code of its answer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RejectCode {
    /// `TOKEN_EXPIRED`: the session ended (the principal's session duration, at most 12 h).
    TokenExpired,
    /// `AUTHCODE_EXPIRED`: the login took too long.
    AuthcodeExpired,
    /// `USER_CREDENTIALS_CHANGED`: the password or keys changed since the login.
    UserCredentialsChanged,
    /// `INSUFFICIENT_PERMISSIONS`: the principal may not use `signin:CreateOAuth2Token`
    /// (the `SignInLocalDevelopmentAccess` managed policy grants it).
    InsufficientPermissions,
    /// `INVALID_REQUEST`: a grant the service does not accept (revoked, already used, or sent to
    /// another region than the one that issued it).
    InvalidRequest,
    /// Any other code (or none), with the HTTP status.
    Other(String),
}

impl RejectCode {
    /// The code as the service spells it.
    pub(crate) fn wire(&self) -> &str {
        match self {
            RejectCode::TokenExpired => "TOKEN_EXPIRED",
            RejectCode::AuthcodeExpired => "AUTHCODE_EXPIRED",
            RejectCode::UserCredentialsChanged => "USER_CREDENTIALS_CHANGED",
            RejectCode::InsufficientPermissions => "INSUFFICIENT_PERMISSIONS",
            RejectCode::InvalidRequest => "INVALID_REQUEST",
            RejectCode::Other(code) if code.is_empty() => "no error code",
            RejectCode::Other(code) => code,
        }
    }

    fn of(code: &str) -> RejectCode {
        match code {
            "TOKEN_EXPIRED" => RejectCode::TokenExpired,
            "AUTHCODE_EXPIRED" => RejectCode::AuthcodeExpired,
            "USER_CREDENTIALS_CHANGED" => RejectCode::UserCredentialsChanged,
            "INSUFFICIENT_PERMISSIONS" => RejectCode::InsufficientPermissions,
            "INVALID_REQUEST" => RejectCode::InvalidRequest,
            other => RejectCode::Other(other.to_owned()),
        }
    }
}

/// A failed token request.
#[derive(Debug, thiserror::Error)]
pub(crate) enum TokenError {
    /// The service refused the grant (4xx).
    #[error("{url} refused the request (HTTP {status}, {}){}", code.wire(), message_suffix(message))]
    Rejected {
        /// The token URL.
        url: String,
        /// The HTTP status.
        status: u16,
        /// Why.
        code: RejectCode,
        /// The service's message, escaped and shortened.
        message: String,
    },
    /// A server error or throttling that lasted through every attempt.
    #[error("{url} failed (HTTP {status}){}", message_suffix(message))]
    Server {
        /// The token URL.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The service's message.
        message: String,
    },
    /// No answer.
    #[error("no answer from {url}: {detail}")]
    Network {
        /// The token URL.
        url: String,
        /// What failed.
        detail: String,
    },
    /// An answer that is not a token.
    #[error("{url} answered with something that is not a token ({detail})")]
    BadResponse {
        /// The token URL.
        url: String,
        /// What is wrong.
        detail: String,
    },
}

fn message_suffix(message: &str) -> String {
    if message.is_empty() {
        String::new()
    } else {
        format!(": {message}")
    }
}

const ATTEMPTS: u32 = 3;
const CALL_TIMEOUT: Duration = Duration::from_secs(30);

/// Asks `base`'s token endpoint for a token (see the module docs). `now_unix` stamps the
/// proofs.
pub(crate) async fn create_token(
    env: &crate::env::Env,
    base: &str,
    client_id: &str,
    grant: &Grant<'_>,
    key: &DpopKey,
    now_unix: impl Fn() -> i64,
) -> Result<NewToken, TokenError> {
    let url = crate::login_session::endpoint::token_url(base);
    let network = |detail: String| TokenError::Network {
        url: url.clone(),
        detail,
    };
    let connector = crate::sso::client::Clients::connector(env, &url).map_err(&network)?;
    let body = Secret::new(request_body(client_id, grant));
    // The command's network budget (AWSSO_NETWORK_TIMEOUT, else the command's default: short
    // for credential-process) bounds all attempts together.
    let budget = crate::sso::client::network_budget(env).map_err(&network)?;
    let attempts = async {
        let mut last = None;
        for attempt in 0..ATTEMPTS {
            if attempt > 0 {
                tokio::time::sleep(Duration::from_millis(200 * u64::from(attempt))).await;
            }
            let proof = key.proof("POST", &url, now_unix(), &dpop::new_jti());
            match call(&connector, &url, &body, &proof).await {
                Ok((200..=299, bytes)) => return parse_token(&url, &bytes),
                Ok((status, bytes)) => {
                    let (code, message) = error_of(&bytes);
                    if status == 429 || status >= 500 {
                        last = Some(TokenError::Server {
                            url: url.clone(),
                            status,
                            message,
                        });
                        continue;
                    }
                    return Err(TokenError::Rejected {
                        url: url.clone(),
                        status,
                        code: RejectCode::of(&code),
                        message,
                    });
                }
                Err(detail) => last = Some(network(detail)),
            }
        }
        Err(last.expect("at least one attempt was made"))
    };
    match budget {
        Some(budget) => tokio::time::timeout(budget, attempts)
            .await
            .unwrap_or_else(|_| {
                Err(network(format!(
                    "no answer within the command's {}s network budget (AWSSO_NETWORK_TIMEOUT)",
                    budget.as_secs()
                )))
            }),
        None => attempts.await,
    }
}

/// The JSON body for `grant`.
fn request_body(client_id: &str, grant: &Grant<'_>) -> String {
    let value = match grant {
        Grant::RefreshToken(token) => serde_json::json!({
            "clientId": client_id,
            "grantType": "refresh_token",
            "refreshToken": token.expose(),
        }),
        Grant::AuthorizationCode {
            code,
            verifier,
            redirect_uri,
        } => serde_json::json!({
            "clientId": client_id,
            "grantType": "authorization_code",
            "code": code.expose(),
            "codeVerifier": verifier.expose(),
            "redirectUri": redirect_uri,
        }),
    };
    value.to_string()
}

/// One request; the status and body, or what kept an answer from coming.
async fn call(
    connector: &aws_smithy_runtime_api::client::http::SharedHttpConnector,
    url: &str,
    body: &Secret<String>,
    proof: &str,
) -> Result<(u16, Vec<u8>), String> {
    let mut request = aws_smithy_runtime_api::http::Request::new(
        aws_smithy_types::body::SdkBody::from(body.expose().as_str()),
    );
    request.set_method("POST").map_err(|e| e.to_string())?;
    request
        .set_uri(url)
        .map_err(|_| "the endpoint is not a valid URL".to_owned())?;
    let headers = request.headers_mut();
    headers.insert("content-type", "application/json");
    headers.insert("accept", "application/json");
    headers.insert("dpop", proof.to_owned());
    crate::sso::client::exchange(connector, request, CALL_TIMEOUT).await
}

/// The `error` code and the escaped, shortened `message` of an error body.
fn error_of(bytes: &[u8]) -> (String, String) {
    let value: serde_json::Value = serde_json::from_slice(bytes).unwrap_or_default();
    let field = |k: &str| value.get(k).and_then(|v| v.as_str()).unwrap_or_default();
    let code = field("error").to_owned();
    let message: String = crate::escape::for_terminal(field("message"))
        .chars()
        .take(300)
        .collect();
    (code, message)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Answer {
    access_token: AnswerCredentials,
    token_type: Option<String>,
    expires_in: u64,
    refresh_token: String,
    id_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AnswerCredentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: String,
}

fn parse_token(url: &str, bytes: &[u8]) -> Result<NewToken, TokenError> {
    let answer: Answer = serde_json::from_slice(bytes).map_err(|e| TokenError::BadResponse {
        url: url.to_owned(),
        // serde's message names the field, never its value.
        detail: e.to_string(),
    })?;
    Ok(NewToken {
        access_key_id: answer.access_token.access_key_id,
        secret_access_key: Secret::new(answer.access_token.secret_access_key),
        session_token: Secret::new(answer.access_token.session_token),
        expires_in: answer.expires_in,
        refresh_token: Secret::new(answer.refresh_token),
        id_token: answer.id_token.map(Secret::new),
        token_type: answer.token_type,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_bodies() {
        let r = Secret::new("ASOR1".to_owned());
        let body: serde_json::Value = serde_json::from_str(&request_body(
            crate::login_session::cache::SAME_DEVICE,
            &Grant::RefreshToken(&r),
        ))
        .unwrap();
        assert_eq!(
            body,
            serde_json::json!({"clientId":"arn:aws:signin:::devtools/same-device","grantType":"refresh_token","refreshToken":"ASOR1"})
        );
        let code = Secret::new("c".to_owned());
        let verifier = Secret::new("v".to_owned());
        let body: serde_json::Value = serde_json::from_str(&request_body(
            "x",
            &Grant::AuthorizationCode {
                code: &code,
                verifier: &verifier,
                redirect_uri: "http://127.0.0.1:1/oauth/callback",
            },
        ))
        .unwrap();
        assert_eq!(body["grantType"], "authorization_code");
        assert_eq!(body["codeVerifier"], "v");
        assert_eq!(body["redirectUri"], "http://127.0.0.1:1/oauth/callback");
    }

    #[test]
    fn error_bodies() {
        let (code, message) =
            error_of(br#"{"error":"TOKEN_EXPIRED","message":"Session expired\u001b[31m"}"#);
        assert_eq!(RejectCode::of(&code), RejectCode::TokenExpired);
        assert!(!message.contains('\u{1b}'));
        assert_eq!(error_of(b"<html>").0, "");
    }

    #[test]
    fn answers() {
        let t = parse_token(
            "u",
            br#"{"accessToken":{"accessKeyId":"A","secretAccessKey":"S","sessionToken":"T"},"tokenType":"aws_sigv4","expiresIn":900,"refreshToken":"R2"}"#,
        )
        .unwrap();
        assert_eq!(t.expires_in, 900);
        assert_eq!(t.refresh_token.expose(), "R2");
        assert!(t.id_token.is_none());
        let e = parse_token("u", br#"{"accessToken":{}}"#).unwrap_err();
        assert!(matches!(e, TokenError::BadResponse { .. }));
    }
}
