//! STS `GetCallerIdentity` (awsQuery, XML) for credentials the emulator issued: enough for a
//! program to prove that an SDK client signed its request with the role credentials awsso
//! handed it.
//!
//! Served at `POST /sts` (point `AWS_ENDPOINT_URL_STS` at `<emulator>/sts`). The request must be
//! SigV4-signed (`Authorization: AWS4-HMAC-SHA256 Credential=ASIA…/…`) and carry the session
//! token the emulator issued (`X-Amz-Security-Token`), whose readable form names the account and
//! role; the answer is that role's assumed-role ARN, with the signing access key id as the
//! role session name (so tests can tell which credentials a program used). Credentials past
//! their expiration get `ExpiredToken`, as from STS. Anything else gets STS's error document.

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Answers one STS request.
pub(crate) fn handle(headers: &HeaderMap, body: &Bytes) -> Response {
    let params: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
    let action = params
        .iter()
        .find(|(k, _)| k == "Action")
        .map(|(_, v)| v.as_str());
    if action != Some("GetCallerIdentity") {
        return error(
            StatusCode::BAD_REQUEST,
            "InvalidAction",
            "the emulator implements only GetCallerIdentity",
        );
    }
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let signed_key = header(header::AUTHORIZATION.as_str())
        .and_then(|a| a.strip_prefix("AWS4-HMAC-SHA256 Credential="))
        .and_then(|rest| rest.split('/').next())
        .filter(|akid| akid.starts_with("ASIA"));
    if signed_key.is_none() {
        return error(
            StatusCode::FORBIDDEN,
            "MissingAuthenticationToken",
            "Request is missing Authentication Token",
        );
    }
    let role = header("x-amz-security-token")
        .and_then(|t| t.strip_prefix("emulator-session/"))
        .and_then(|t| {
            let mut parts = t.split('/');
            let (account, role, _serial) = (parts.next()?, parts.next()?, parts.next()?);
            let expires = parts.next().and_then(|e| e.parse::<u128>().ok());
            Some((account, role, expires))
        });
    let Some((account, role, expires)) = role else {
        return error(
            StatusCode::FORBIDDEN,
            "InvalidClientTokenId",
            "The security token included in the request is invalid.",
        );
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    if expires.is_some_and(|e| e <= now) {
        return error(
            StatusCode::FORBIDDEN,
            "ExpiredToken",
            "The security token included in the request is expired",
        );
    }
    let akid = signed_key.unwrap_or_default();
    let xml = format!(
        "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
         <GetCallerIdentityResult>\
         <Arn>arn:aws:sts::{account}:assumed-role/{role}/awsso</Arn>\
         <UserId>AROAEMULATOR:{akid}</UserId>\
         <Account>{account}</Account>\
         </GetCallerIdentityResult>\
         <ResponseMetadata><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ResponseMetadata>\
         </GetCallerIdentityResponse>"
    );
    (StatusCode::OK, [(header::CONTENT_TYPE, "text/xml")], xml).into_response()
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    let xml = format!(
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
         <Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>\
         <RequestId>00000000-0000-4000-8000-000000000000</RequestId></ErrorResponse>"
    );
    (status, [(header::CONTENT_TYPE, "text/xml")], xml).into_response()
}
