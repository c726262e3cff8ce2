//! The console sign-in endpoint (test double): `getSigninToken` and `login` at `/federation`.
//!
//! `Action=getSigninToken` takes `Session` (JSON: `sessionId`, `sessionKey`, `sessionToken`) and
//! an optional `SessionDuration` (900–43200), in the query or a form body, records them, and
//! answers `{"SigninToken": "emulator-signin/N"}` for credentials the emulator issued (an
//! `ASIA…` key id and an `emulator-session/…` token); anything else gets 400 like the real
//! endpoint. `Action=login` answers a page naming the destination.

use std::collections::HashMap;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::SigninRequest;
use crate::state::Shared;

/// Answers one `/federation` request.
pub(crate) fn handle(shared: &Shared, method: &str, params: &HashMap<String, String>) -> Response {
    match params.get("Action").map(String::as_str) {
        Some("getSigninToken") => signin_token(shared, method, params),
        Some("login") => {
            let ok = params.contains_key("SigninToken") && params.contains_key("Destination");
            let status = if ok {
                StatusCode::OK
            } else {
                StatusCode::BAD_REQUEST
            };
            let text =
                format!("<!doctype html><title>awsso-emulator</title><p>signed in: {ok}</p>");
            (status, Html(text)).into_response()
        }
        _ => (StatusCode::BAD_REQUEST, "unknown Action").into_response(),
    }
}

fn signin_token(shared: &Shared, method: &str, params: &HashMap<String, String>) -> Response {
    let session: Option<serde_json::Value> = params
        .get("Session")
        .and_then(|s| serde_json::from_str(s).ok());
    let duration = params.get("SessionDuration").map(|d| d.parse::<u64>());
    let request = SigninRequest {
        method: method.to_owned(),
        session: session.clone().unwrap_or(serde_json::Value::Null),
        duration: duration.clone().and_then(Result::ok),
    };
    let count = {
        let mut all = match shared.signins.lock() {
            Ok(all) => all,
            Err(poisoned) => poisoned.into_inner(),
        };
        all.push(request);
        all.len()
    };
    let issued = session.as_ref().is_some_and(|s| {
        s["sessionId"]
            .as_str()
            .is_some_and(|k| k.starts_with("ASIA"))
            && s["sessionKey"].as_str().is_some_and(|k| !k.is_empty())
            && s["sessionToken"]
                .as_str()
                .is_some_and(|t| t.starts_with("emulator-session/"))
    });
    let duration_ok = match duration {
        None => true,
        Some(Ok(d)) => (900..=43_200).contains(&d),
        Some(Err(_)) => false,
    };
    if !issued || !duration_ok {
        return (StatusCode::BAD_REQUEST, "Bad Request").into_response();
    }
    (
        StatusCode::OK,
        axum::Json(serde_json::json!({ "SigninToken": format!("emulator-signin/{count}") })),
    )
        .into_response()
}
