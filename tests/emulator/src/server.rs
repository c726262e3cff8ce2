//! HTTP plumbing of the emulator (test double): the axum router, per-call bookkeeping (count,
//! latency, injected faults, portal rate limit) and the server loop on its own runtime.
//!
//! Bodies are read as raw bytes and parsed here so a missing `Content-Type` or malformed JSON
//! becomes a modelled `InvalidRequestException` rather than an axum rejection. Every response
//! carries an `x-amzn-requestid`, which the SDKs attach to errors.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::sync::oneshot;
use tokio_rustls::TlsAcceptor;

use crate::errors::ApiError;
use crate::oidc::{self, BrowserOutcome};
use crate::portal::{self, PortalRequest};
use crate::state::Shared;
use crate::{Fault, Op};

type AppState = State<Arc<Shared>>;

/// Serves `shared` on `listener` (plain HTTP) and, when given, on a second listener over TLS,
/// until `stop` fires (or its sender is dropped), then drops every open connection.
///
/// Accepted sockets get `TCP_NODELAY`: without it a TLS 1.3 server's session tickets, written
/// after the handshake, make Nagle's algorithm hold the first response back until the client's
/// delayed ACK (~40 ms on Linux), which would distort every latency measured against us.
pub(crate) fn run(
    runtime: tokio::runtime::Runtime,
    listener: std::net::TcpListener,
    tls: Option<(std::net::TcpListener, TlsAcceptor)>,
    shared: Arc<Shared>,
    stop: oneshot::Receiver<()>,
) {
    runtime.block_on(async move {
        let app = router(shared);
        let plain = accept_loop(listener, None, app.clone());
        let secure = async move {
            match tls {
                Some((listener, acceptor)) => accept_loop(listener, Some(acceptor), app).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = plain => {}
            _ = secure => {}
            _ = stop => {}
        }
    });
    // Keep-alive connections and in-flight requests are abandoned, not awaited.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
}

/// Accepts connections forever, serving each on its own task (HTTP/1.1, keep-alive).
async fn accept_loop(listener: std::net::TcpListener, tls: Option<TlsAcceptor>, app: Router) {
    let listener = tokio::net::TcpListener::from_std(listener)
        .expect("register the emulator's listener with the runtime");
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of file descriptors and the like: wait and go on, as axum::serve does.
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            continue;
        };
        // Best effort: a socket that refuses the option is still served.
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let tls = tls.clone();
        tokio::spawn(async move {
            let service = TowerToHyperService::new(app);
            let http = hyper::server::conn::http1::Builder::new();
            // A client that hangs up mid-request or fails the handshake is not our problem.
            match tls {
                Some(acceptor) => {
                    if let Ok(stream) = acceptor.accept(stream).await {
                        let _ = http.serve_connection(TokioIo::new(stream), service).await;
                    }
                }
                None => {
                    let _ = http.serve_connection(TokioIo::new(stream), service).await;
                }
            }
        });
    }
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/client/register", post(register_client))
        .route("/device_authorization", post(start_device_authorization))
        .route("/token", post(create_token))
        .route("/authorize", get(authorize))
        .route("/device", get(verify_device))
        .route("/federation/credentials", get(get_role_credentials))
        .route("/assignment/accounts", get(list_accounts))
        .route("/assignment/roles", get(list_account_roles))
        .route("/logout", post(logout))
        .route("/federation", get(federation_get).post(federation_post))
        .route("/v1/authorize", get(signin_authorize))
        .route("/v1/sessions/confirmation", get(signin_confirmation))
        .route("/v1/token", post(signin_token))
        .route("/_emulator/calls", get(calls))
        .route("/_emulator/login-session", get(seed_login_session))
        .route("/sts", post(sts))
        .route("/sts/", post(sts))
        .route("/", post(admin_call))
        .fallback(unknown_route)
        .layer(axum::middleware::map_response(add_request_id))
        .with_state(shared)
}

async fn federation_get(State(s): AppState, RawQuery(raw): RawQuery) -> Response {
    crate::federation::handle(&s, "GET", &parse_query(raw))
}

async fn federation_post(State(s): AppState, RawQuery(raw): RawQuery, body: Bytes) -> Response {
    // Parameters may come in the query, the form body, or both.
    let mut params = parse_query(raw);
    params.extend(form_urlencoded::parse(&body).into_owned());
    crate::federation::handle(&s, "POST", &params)
}

async fn signin_authorize(State(s): AppState, RawQuery(raw): RawQuery) -> Response {
    if let Some(fault) = s.enter(Op::SigninAuthorize).await {
        return ApiError::from_fault(Op::SigninAuthorize, fault).into_response();
    }
    crate::signin::authorize(&s, &parse_query(raw))
}

async fn signin_confirmation(RawQuery(raw): RawQuery) -> Response {
    crate::signin::confirmation(&parse_query(raw))
}

async fn signin_token(State(s): AppState, headers: HeaderMap, body: Bytes) -> Response {
    if let Some(fault) = s.enter(Op::SigninToken).await {
        return ApiError::from_fault(Op::SigninToken, fault).into_response();
    }
    crate::signin::token(&s, &headers, &body)
}

async fn sts(headers: HeaderMap, body: Bytes) -> Response {
    crate::sts::handle(&headers, &body)
}

async fn add_request_id(mut response: Response) -> Response {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let id = format!(
        "00000000-0000-4000-8000-{:012x}",
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-amzn-requestid", value);
    }
    response
}

fn json_response(result: Result<Value, ApiError>) -> Response {
    match result {
        Ok(body) => (StatusCode::OK, axum::Json(body)).into_response(),
        Err(err) => err.into_response(),
    }
}

fn parse_body<T: DeserializeOwned + Default>(body: &Bytes) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body)
        .map_err(|e| ApiError::invalid_request(&format!("Invalid request body: {e}")))
}

fn parse_query(raw: Option<String>) -> HashMap<String, String> {
    form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

/// Counts, delays and applies injected faults for an OIDC or portal API call.
async fn enter_api(shared: &Shared, op: Op) -> Result<(), ApiError> {
    if let Some(fault) = shared.enter(op).await {
        return Err(ApiError::from_fault(op, fault));
    }
    if matches!(
        op,
        Op::GetRoleCredentials | Op::ListAccounts | Op::ListAccountRoles
    ) && !shared.admit_portal_call()
    {
        shared.count_throttled();
        return Err(ApiError::too_many_requests());
    }
    Ok(())
}

async fn oidc_call<T: DeserializeOwned + Default>(
    shared: &Shared,
    op: Op,
    body: &Bytes,
    handle: impl FnOnce(&Shared, T) -> Result<Value, ApiError>,
) -> Response {
    let result = async {
        enter_api(shared, op).await?;
        handle(shared, parse_body(body)?)
    };
    json_response(result.await)
}

async fn register_client(State(s): AppState, body: Bytes) -> Response {
    oidc_call(&s, Op::RegisterClient, &body, oidc::register_client).await
}

async fn start_device_authorization(State(s): AppState, body: Bytes) -> Response {
    oidc_call(
        &s,
        Op::StartDeviceAuthorization,
        &body,
        oidc::start_device_authorization,
    )
    .await
}

async fn create_token(State(s): AppState, body: Bytes) -> Response {
    oidc_call(&s, Op::CreateToken, &body, oidc::create_token).await
}

fn page(status: StatusCode, text: &str) -> Response {
    let html = format!(
        "<!doctype html><title>awsso-emulator</title><p>{}</p>",
        text.replace('&', "&amp;").replace('<', "&lt;")
    );
    (status, Html(html)).into_response()
}

fn browser_fault(fault: Fault) -> Option<Response> {
    let (status, text) = match fault {
        Fault::AccessDenied => return None,
        Fault::Throttle | Fault::SlowDown => (StatusCode::TOO_MANY_REQUESTS, "Rate exceeded"),
        Fault::ServerError => (StatusCode::INTERNAL_SERVER_ERROR, "Internal server error"),
        Fault::Unauthorized => (StatusCode::UNAUTHORIZED, "Unauthorized"),
        Fault::ExpiredToken | Fault::AuthorizationPending => {
            (StatusCode::BAD_REQUEST, "Bad request")
        }
    };
    Some(page(status, &format!("{text} (injected)")))
}

async fn authorize(State(s): AppState, RawQuery(raw): RawQuery) -> Response {
    let params = parse_query(raw);
    // An injected `AccessDenied` answers exactly as a declining user would.
    let deny = match s.enter(Op::Authorize).await {
        None => s.config.deny_authorization,
        Some(fault) => match browser_fault(fault) {
            Some(response) => return response,
            None => true,
        },
    };
    let outcome = oidc::authorize(&s, &params, deny);
    match outcome {
        BrowserOutcome::Redirect(location) => match HeaderValue::from_str(&location) {
            Ok(value) => (StatusCode::FOUND, [(header::LOCATION, value)]).into_response(),
            Err(_) => page(StatusCode::BAD_REQUEST, "invalid_redirect_uri"),
        },
        BrowserOutcome::Page(status, text) => page(status, &text),
    }
}

async fn verify_device(State(s): AppState, RawQuery(raw): RawQuery) -> Response {
    if let Some(fault) = s.enter(Op::Authorize).await
        && let Some(response) = browser_fault(fault)
    {
        return response;
    }
    let (status, text) = oidc::verify_device(&s, &parse_query(raw));
    page(status, &text)
}

fn portal_request(headers: &HeaderMap, raw: Option<String>) -> PortalRequest {
    PortalRequest {
        token: headers
            .get("x-amz-sso_bearer_token")
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.is_empty())
            .map(str::to_owned),
        query: parse_query(raw),
    }
}

async fn portal_call(
    shared: &Shared,
    op: Op,
    headers: &HeaderMap,
    raw: Option<String>,
    handle: impl FnOnce(&Shared, &PortalRequest) -> Result<Value, ApiError>,
) -> Response {
    let result = async {
        enter_api(shared, op).await?;
        handle(shared, &portal_request(headers, raw))
    };
    json_response(result.await)
}

async fn get_role_credentials(
    State(s): AppState,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    portal_call(
        &s,
        Op::GetRoleCredentials,
        &headers,
        raw,
        portal::get_role_credentials,
    )
    .await
}

async fn list_accounts(
    State(s): AppState,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    portal_call(&s, Op::ListAccounts, &headers, raw, portal::list_accounts).await
}

async fn list_account_roles(
    State(s): AppState,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    portal_call(
        &s,
        Op::ListAccountRoles,
        &headers,
        raw,
        portal::list_account_roles,
    )
    .await
}

async fn logout(State(s): AppState, headers: HeaderMap, RawQuery(raw): RawQuery) -> Response {
    let result = async {
        enter_api(&s, Op::Logout).await?;
        portal::logout(&s, &portal_request(&headers, raw))
    };
    match result.await {
        Ok(()) => StatusCode::OK.into_response(),
        Err(err) => err.into_response(),
    }
}

async fn admin_call(State(s): AppState, headers: HeaderMap, body: Bytes) -> Response {
    crate::admin::handle(&s, &headers, &body).await
}

/// `GET /_emulator/login-session?expires_in=SECS`: a login session cache file for the
/// principal (what [`crate::Emulator::seed_login_session`] returns), for the benchmarks.
async fn seed_login_session(State(s): AppState, RawQuery(raw): RawQuery) -> Response {
    let expires_in = parse_query(raw)
        .get("expires_in")
        .and_then(|v| v.parse().ok())
        .unwrap_or(900);
    let body = crate::signin::seed(&s, expires_in, None);
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

async fn calls(State(s): AppState) -> Response {
    (StatusCode::OK, axum::Json(s.counters_json())).into_response()
}

async fn unknown_route(State(s): AppState) -> Response {
    s.count_unknown();
    let mut response = (
        StatusCode::NOT_FOUND,
        axum::Json(serde_json::json!({"message": "awsso-emulator: no such route"})),
    )
        .into_response();
    response.headers_mut().insert(
        "x-amzn-errortype",
        HeaderValue::from_static("UnknownOperationException"),
    );
    response
}
