//! Wire errors of the emulator (test double), shaped as botocore's models define them.
//!
//! restJson1: the status code, an `x-amzn-errortype: <ShapeName>` header and a JSON body. SSO OIDC
//! error shapes carry `error` (an OAuth code such as `authorization_pending`) and
//! `error_description`; SSO portal error shapes carry `message`. Status codes, from the models:
//!
//! | API      | shape                            | status |
//! |----------|----------------------------------|--------|
//! | SSO OIDC | `InvalidClientException`         | 401    |
//! | SSO OIDC | `InternalServerException`        | 500    |
//! | SSO OIDC | every other exception            | 400    |
//! | SSO      | `InvalidRequestException`        | 400    |
//! | SSO      | `UnauthorizedException`          | 401    |
//! | SSO      | `ResourceNotFoundException`      | 404    |
//! | SSO      | `TooManyRequestsException`       | 429    |
//!
//! Two shapes are not in the models but are what the real service sends: `ForbiddenException`
//! (403, `"No access"`) for a role or account not assigned to the user, and 429
//! `TooManyRequestsException` / 500 `InternalServerException` on operations whose model lacks
//! them (injected faults only). SDKs surface those as unmodelled ("unhandled") errors with that
//! code.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::{Fault, Op};

/// Which API family's body layout an error uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    /// `{"error": <oauth code>, "error_description": ...}`.
    Oidc(&'static str),
    /// `{"message": ...}`.
    Portal,
}

/// An error response of either API.
#[derive(Clone, Debug)]
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    /// The shape name sent in `x-amzn-errortype`.
    pub(crate) code: &'static str,
    pub(crate) message: String,
    family: Family,
}

impl ApiError {
    fn oidc(status: StatusCode, code: &'static str, oauth: &'static str, msg: &str) -> ApiError {
        ApiError {
            status,
            code,
            message: msg.to_owned(),
            family: Family::Oidc(oauth),
        }
    }

    fn portal(status: StatusCode, code: &'static str, msg: &str) -> ApiError {
        ApiError {
            status,
            code,
            message: msg.to_owned(),
            family: Family::Portal,
        }
    }

    // SSO OIDC shapes.

    pub(crate) fn invalid_request(msg: &str) -> ApiError {
        Self::oidc(
            StatusCode::BAD_REQUEST,
            "InvalidRequestException",
            "invalid_request",
            msg,
        )
    }
    pub(crate) fn invalid_client(msg: &str) -> ApiError {
        Self::oidc(
            StatusCode::UNAUTHORIZED,
            "InvalidClientException",
            "invalid_client",
            msg,
        )
    }
    pub(crate) fn invalid_grant(msg: &str) -> ApiError {
        Self::oidc(
            StatusCode::BAD_REQUEST,
            "InvalidGrantException",
            "invalid_grant",
            msg,
        )
    }
    pub(crate) fn unauthorized_client(msg: &str) -> ApiError {
        Self::oidc(
            StatusCode::BAD_REQUEST,
            "UnauthorizedClientException",
            "unauthorized_client",
            msg,
        )
    }
    pub(crate) fn unsupported_grant_type(msg: &str) -> ApiError {
        Self::oidc(
            StatusCode::BAD_REQUEST,
            "UnsupportedGrantTypeException",
            "unsupported_grant_type",
            msg,
        )
    }
    pub(crate) fn invalid_client_metadata(msg: &str) -> ApiError {
        Self::oidc(
            StatusCode::BAD_REQUEST,
            "InvalidClientMetadataException",
            "invalid_client_metadata",
            msg,
        )
    }
    pub(crate) fn invalid_redirect_uri(msg: &str) -> ApiError {
        Self::oidc(
            StatusCode::BAD_REQUEST,
            "InvalidRedirectUriException",
            "invalid_redirect_uri",
            msg,
        )
    }
    pub(crate) fn authorization_pending() -> ApiError {
        Self::oidc(
            StatusCode::BAD_REQUEST,
            "AuthorizationPendingException",
            "authorization_pending",
            "Authorization is still pending",
        )
    }
    pub(crate) fn slow_down() -> ApiError {
        Self::oidc(
            StatusCode::BAD_REQUEST,
            "SlowDownException",
            "slow_down",
            "Client is polling too fast",
        )
    }
    pub(crate) fn expired_token(msg: &str) -> ApiError {
        Self::oidc(
            StatusCode::BAD_REQUEST,
            "ExpiredTokenException",
            "expired_token",
            msg,
        )
    }
    pub(crate) fn access_denied(msg: &str) -> ApiError {
        Self::oidc(
            StatusCode::BAD_REQUEST,
            "AccessDeniedException",
            "access_denied",
            msg,
        )
    }
    fn oidc_internal() -> ApiError {
        Self::oidc(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalServerException",
            "server_error",
            "Internal server error (injected)",
        )
    }
    fn oidc_too_many_requests() -> ApiError {
        Self::oidc(
            StatusCode::TOO_MANY_REQUESTS,
            "TooManyRequestsException",
            "too_many_requests",
            "Too many requests",
        )
    }

    // SSO portal shapes.

    pub(crate) fn portal_invalid_request(msg: &str) -> ApiError {
        Self::portal(StatusCode::BAD_REQUEST, "InvalidRequestException", msg)
    }
    /// What the real service answers for a missing, unknown, expired or logged-out token.
    pub(crate) fn unauthorized() -> ApiError {
        Self::portal(
            StatusCode::UNAUTHORIZED,
            "UnauthorizedException",
            "Session token not found or invalid",
        )
    }
    pub(crate) fn too_many_requests() -> ApiError {
        Self::portal(
            StatusCode::TOO_MANY_REQUESTS,
            "TooManyRequestsException",
            "HTTP 429 Unknown Code",
        )
    }
    /// What the real service answers for an account or role not assigned to the user.
    pub(crate) fn forbidden() -> ApiError {
        Self::portal(StatusCode::FORBIDDEN, "ForbiddenException", "No access")
    }
    fn portal_internal() -> ApiError {
        Self::portal(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalServerException",
            "Internal server error (injected)",
        )
    }

    /// The error an injected `fault` produces on `op` (see the table on [`Fault`]).
    pub(crate) fn from_fault(op: Op, fault: Fault) -> ApiError {
        if op.is_portal() {
            match fault {
                Fault::Throttle | Fault::SlowDown => Self::too_many_requests(),
                Fault::ServerError => Self::portal_internal(),
                Fault::Unauthorized | Fault::ExpiredToken => Self::unauthorized(),
                Fault::AccessDenied => Self::forbidden(),
                Fault::AuthorizationPending => {
                    Self::portal_invalid_request("Invalid request (injected)")
                }
            }
        } else {
            match fault {
                Fault::Throttle => Self::oidc_too_many_requests(),
                Fault::ServerError => Self::oidc_internal(),
                Fault::Unauthorized => Self::invalid_client("Invalid client (injected)"),
                Fault::SlowDown => Self::slow_down(),
                Fault::ExpiredToken => Self::expired_token("Token is expired (injected)"),
                Fault::AccessDenied => Self::access_denied("Access denied (injected)"),
                Fault::AuthorizationPending => Self::authorization_pending(),
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = match self.family {
            Family::Oidc(oauth) => json!({"error": oauth, "error_description": self.message}),
            Family::Portal => json!({"message": self.message}),
        };
        let mut response = (self.status, axum::Json(body)).into_response();
        response
            .headers_mut()
            .insert("x-amzn-errortype", HeaderValue::from_static(self.code));
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        response
    }
}
