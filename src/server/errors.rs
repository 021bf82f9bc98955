//! Every API error as `{"error": {"code", "message"}}` with the status that fits: bad input is
//! never a 500, and a message never quotes resume text.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::app::AppError;
use crate::pool::PoolError;
use crate::read::ReadError;

/// An error answer.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// Seconds to wait before trying again, sent as `Retry-After` (503 when busy).
    pub retry_after: Option<u32>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    /// 503 with `Retry-After`: the server is busy, not broken.
    pub fn busy(message: impl Into<String>) -> Self {
        ApiError {
            retry_after: Some(2),
            ..ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "busy", message)
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn too_large(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", message)
    }

    pub fn loading() -> Self {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "loading",
            "the model is still loading; try again in a moment",
        )
    }

    /// A document the reader could not use: 413 over a cap, 415 refused (unsupported,
    /// encrypted, scanned, garbled), 422 when parsing failed.
    pub fn unreadable(error: &ReadError) -> Self {
        let message = error.to_string();
        match error {
            ReadError::TooLarge { .. }
            | ReadError::Quality {
                problem: crate::read::QualityProblem::TooMuchText { .. },
                ..
            } => ApiError::too_large(message),
            e if e.is_refusal() => {
                ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "refused", message)
            }
            _ => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "unreadable", message),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"error": {"code": self.code, "message": self.message}});
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(seconds),
            );
        }
        response
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        let message = error.to_string();
        match &error {
            AppError::UnknownRole(_) => ApiError::not_found(message),
            AppError::ModelUnavailable(_) | AppError::ModelLoad { .. } => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "model_unavailable",
                message,
            ),
            AppError::NotBlind(_) | AppError::NoPseudonyms(_) => {
                ApiError::new(StatusCode::CONFLICT, "not_blind", message)
            }
            AppError::Stopped => {
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "stopping", message)
            }
            AppError::NothingReadable { .. } => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "unreadable", message)
            }
            AppError::Request(_) => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "not_possible", message)
            }
            AppError::OpeningNeedsPool => ApiError::bad_request(message),
            AppError::Listing { .. } | AppError::Audit(_) | AppError::RevealNeedsAuditLog => {
                internal(message)
            }
            AppError::Pipeline(inner) => from_layer(inner, message),
        }
    }
}

/// `axum::extract::Query` whose rejection is a JSON 400 like every other error.
pub struct ApiQuery<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for ApiQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, ApiError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| ApiQuery(value))
            .map_err(|rejection| {
                ApiError::bad_request(format!("bad query string: {}", rejection.body_text()))
            })
    }
}

/// `axum::extract::Path` whose rejection (a segment that is not UTF-8, say) is a JSON 400.
pub struct ApiPath<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for ApiPath<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, ApiError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| ApiPath(value))
            .map_err(|rejection| {
                ApiError::bad_request(format!("bad path: {}", rejection.body_text()))
            })
    }
}

fn from_layer(error: &crate::Error, message: String) -> ApiError {
    match error {
        crate::Error::Read(e) => ApiError::unreadable(e),
        crate::Error::Pool(e) => match e {
            PoolError::NoPool { .. } | PoolError::NoOpening { .. } => ApiError::not_found(message),
            PoolError::NotInOpening { .. } => {
                ApiError::new(StatusCode::CONFLICT, "changed", message)
            }
            PoolError::BadOpenings { .. } => {
                ApiError::new(StatusCode::CONFLICT, "damaged", message)
            }
            PoolError::BadPoolName(_) | PoolError::BadOpeningName(_) => {
                ApiError::bad_request(message)
            }
            PoolError::Locked { .. } => ApiError::new(StatusCode::CONFLICT, "locked", message),
            PoolError::ModelMismatch { .. } | PoolError::Stale { .. } => {
                ApiError::new(StatusCode::CONFLICT, "stale", message)
            }
            PoolError::Corrupt { .. }
            | PoolError::NoCurrent { .. }
            | PoolError::Inconsistent { .. } => {
                ApiError::new(StatusCode::CONFLICT, "damaged", message)
            }
            PoolError::Database { .. } | PoolError::Busy { .. } | PoolError::NoPgvector { .. } => {
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "store_unavailable",
                    message,
                )
            }
            _ => internal(message),
        },
        crate::Error::Model(_) | crate::Error::Embed(_) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "model_unavailable",
            message,
        ),
        _ => internal(message),
    }
}

fn internal(message: String) -> ApiError {
    tracing::error!("internal error: {message}");
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
}
