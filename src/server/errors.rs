//! Every API error as `{"error": {"code", "message"}}` with the status that fits: bad input is
//! never a 500, and a message never quotes resume text.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::AppError;
use crate::pool::PoolError;
use crate::read::ReadError;

// What each error status means, with the codes it comes with, for the API description.
pub(crate) const BAD_REQUEST: &str =
    "`bad_request`: JSON, a field, the query string or a path segment \
     that cannot be used as sent; the message says which";
pub(crate) const UNAUTHORIZED: &str =
    "`unauthorized`: the server was started with a token and the request does not carry it \
     (`Authorization: Bearer <token>`)";
pub(crate) const FORBIDDEN: &str = "`cross_origin`: a request from another origin (`Origin`) or \
     another site (`Sec-Fetch-Site: cross-site`)";
pub(crate) const NOT_FOUND: &str = "`not_found`: no such pool, role, opening or candidate";
pub(crate) const CONFLICT: &str = "`locked` (another writer has the pool), `stale` (built with \
     another model or catalog), `damaged`, `changed` (the opening's latest run does not show \
     the candidate) or `not_blind` (a blind ranking of a pool not built blind)";
pub(crate) const TOO_LARGE: &str =
    "`too_large`: over a size cap (one file, the request, a JSON body \
     of 1 MiB, a text of 40,000 characters)";
pub(crate) const UNSUPPORTED: &str = "`unsupported_media_type` (a body that is neither JSON nor \
     multipart), `multipart_required`, or `refused`: a document turned down (unsupported, \
     encrypted, scanned, garbled, empty)";
pub(crate) const WRONG_HOST: &str =
    "`wrong_host`: a `Host` this server is not reached by (behind a \
     reverse proxy, start it with --allowed-host NAME)";
pub(crate) const UNPROCESSABLE: &str = "`unreadable` (a document that could not be parsed) or \
     `not_possible` (what was asked cannot be done as asked; the message says why)";
pub(crate) const INTERNAL: &str =
    "`internal`: a fault of the server (a disk that fails, say), never \
     bad input";
pub(crate) const UNAVAILABLE: &str =
    "`loading` (the model is still loading), `model_unavailable`, \
     `busy` (as many requests as the server takes, with `Retry-After`), `timeout` (the \
     request ran past its time limit), `stopping`, or `store_unavailable` (the PostgreSQL \
     store cannot be used)";
pub(crate) const NO_SPACE: &str = "`no_space`: an upload could not be stored for reading";

/// An error answer.
#[derive(Debug)]
pub(crate) struct ApiError {
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

    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub(crate) fn too_large(message: impl Into<String>) -> Self {
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

/// The body of every error answer.
#[derive(Serialize, ToSchema)]
#[schema(as = Error)]
pub(crate) struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong: a code a program can act on and a message for a person.
#[derive(Serialize, ToSchema)]
pub(crate) struct ErrorDetail {
    #[schema(example = "not_found")]
    pub code: &'static str,
    pub message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: self.message,
            },
        };
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
            AppError::UnknownRole(_) | AppError::UnknownCandidate { .. } => {
                ApiError::not_found(message)
            }
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
            AppError::Listing { .. }
            | AppError::Audit(_)
            | AppError::RevealNeedsAuditLog
            | AppError::Keep { .. }
            | AppError::AuditRead(_) => internal(message),
            AppError::Bias(_) => ApiError::bad_request(message),
            AppError::Eval(_) => match error.pipeline() {
                Some(inner) => from_layer(inner, message),
                None => ApiError::bad_request(message),
            },
            AppError::Pipeline(inner) => from_layer(inner, message),
        }
    }
}

/// `axum::extract::Query` whose rejection is a JSON 400 like every other error.
pub(crate) struct ApiQuery<T>(pub T);

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
pub(crate) struct ApiPath<T>(pub T);

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

pub(super) fn internal(message: String) -> ApiError {
    tracing::error!("internal error: {message}");
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
}

/// The statuses the mappings above answer with, for the test that every operation of the API
/// description names each status its handler can answer.
#[cfg(test)]
pub(super) mod statuses {
    use std::collections::BTreeSet;
    use std::path::PathBuf;

    use super::*;
    use crate::read::QualityProblem;

    /// Every status a workspace call's error maps to ([`From<AppError>`]): one error of each
    /// kind the mapping tells apart, mapped.
    pub(crate) fn of_workspace_calls() -> BTreeSet<u16> {
        let path = || PathBuf::from("cv.md");
        let pool = |e: PoolError| AppError::Pipeline(crate::Error::Pool(e));
        let read = |e: ReadError| AppError::Pipeline(crate::Error::Read(e));
        let embed = || crate::embed::EmbedError::Tokenize("x".into());
        let samples = vec![
            AppError::UnknownRole("r".into()),
            AppError::UnknownCandidate {
                pool: "p".into(),
                id: "c".into(),
                hint: "h",
            },
            AppError::NothingReadable {
                path: path(),
                errors: vec![],
            },
            AppError::Listing {
                path: path(),
                source: std::io::Error::other("x"),
            },
            AppError::Audit(crate::audit::AuditError::Key {
                path: path(),
                reason: "x".into(),
            }),
            AppError::ModelUnavailable("x".into()),
            AppError::NotBlind("p".into()),
            AppError::NoPseudonyms("p".into()),
            AppError::RevealNeedsAuditLog,
            AppError::Stopped,
            AppError::Request("x".into()),
            AppError::OpeningNeedsPool,
            AppError::ModelLoad {
                dir: path(),
                source: Box::new(crate::Error::Embed(embed())),
            },
            AppError::Pipeline(crate::Error::Embed(embed())),
            pool(PoolError::NoPool {
                name: "p".into(),
                dir: path(),
            }),
            pool(PoolError::NotInOpening {
                candidate: "c".into(),
                opening: "o".into(),
            }),
            pool(PoolError::BadPoolName("p".into())),
            pool(PoolError::Locked {
                path: path(),
                holder: "h".into(),
            }),
            pool(PoolError::Busy {
                server: "s".into(),
                reason: "r".into(),
            }),
            pool(PoolError::NoRandomness("r".into())),
            read(ReadError::TooLarge {
                path: path(),
                size: 2,
                max: 1,
            }),
            read(ReadError::Quality {
                path: path(),
                problem: QualityProblem::TooMuchText {
                    what: "characters",
                    count: 2,
                    max: 1,
                },
            }),
            read(ReadError::Empty { path: path() }),
            read(ReadError::NotFound { path: path() }),
            AppError::Eval(Box::new(crate::eval::EvalError::Empty { path: path() })),
            AppError::Keep {
                path: path(),
                source: std::io::Error::other("full"),
            },
            AppError::Bias(crate::fairness::InputError::NoRankings { path: path() }),
        ];
        for sample in &samples {
            has_a_sample(sample);
        }
        samples
            .into_iter()
            .map(|e| ApiError::from(e).status.as_u16())
            .collect()
    }

    /// Stops compiling when [`AppError`] gains a kind: give it a sample above.
    fn has_a_sample(error: &AppError) {
        match error {
            AppError::Pipeline(_)
            | AppError::UnknownRole(_)
            | AppError::UnknownCandidate { .. }
            | AppError::NothingReadable { .. }
            | AppError::Listing { .. }
            | AppError::Audit(_)
            | AppError::ModelUnavailable(_)
            | AppError::NotBlind(_)
            | AppError::NoPseudonyms(_)
            | AppError::RevealNeedsAuditLog
            | AppError::Stopped
            | AppError::Request(_)
            | AppError::OpeningNeedsPool
            | AppError::Eval(_)
            | AppError::Keep { .. }
            | AppError::AuditRead(_)
            | AppError::Bias(_)
            | AppError::ModelLoad { .. } => {}
        }
    }

    /// Every status an unusable upload maps to ([`ApiError::unreadable`]).
    pub(crate) fn of_unreadable_documents() -> BTreeSet<u16> {
        let path = || PathBuf::from("cv.pdf");
        [
            ReadError::TooLarge {
                path: path(),
                size: 2,
                max: 1,
            },
            ReadError::Binary { path: path() },
            ReadError::NotFound { path: path() },
        ]
        .iter()
        .map(|e| ApiError::unreadable(e).status.as_u16())
        .collect()
    }
}
