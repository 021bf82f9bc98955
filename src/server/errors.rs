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
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
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
        (self.status, Json(body)).into_response()
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
            AppError::NotBlind(_) => ApiError::new(StatusCode::CONFLICT, "not_blind", message),
            AppError::Stopped => {
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "stopping", message)
            }
            AppError::NothingReadable { .. } => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "unreadable", message)
            }
            AppError::Listing { .. } | AppError::Audit(_) => internal(message),
            AppError::Pipeline(inner) => from_layer(inner, message),
        }
    }
}

fn from_layer(error: &crate::Error, message: String) -> ApiError {
    match error {
        crate::Error::Read(e) => ApiError::unreadable(e),
        crate::Error::Pool(e) => match e {
            PoolError::NoPool { .. } => ApiError::not_found(message),
            PoolError::BadPoolName(_) => ApiError::bad_request(message),
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
