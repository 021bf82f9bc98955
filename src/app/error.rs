//! What a workspace call can fail with: a layer's typed error, or a fact about the request
//! itself (an unknown role, a folder with nothing readable).

use std::path::PathBuf;

use thiserror::Error;

use crate::read::FileError;

/// Errors of [`super::Workspace`] calls.
#[derive(Debug, Error)]
pub enum AppError {
    #[error(transparent)]
    Pipeline(#[from] crate::Error),
    #[error("no role '{0}' in the catalog")]
    UnknownRole(String),
    #[error("{}: no readable resume in this folder", .path.display())]
    NothingReadable {
        path: PathBuf,
        errors: Vec<FileError>,
    },
    #[error("listing {}: {source}", .path.display())]
    Listing {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the audit log could not be written: {0}")]
    Audit(#[source] crate::audit::AuditError),
    /// Reading or checking the audit log failed; the message names the file.
    #[error(transparent)]
    AuditRead(crate::audit::AuditError),
    /// A bias audit's input is wrong; the message names the file.
    #[error(transparent)]
    Bias(#[from] crate::fairness::InputError),
    #[error("pool '{pool}' has no candidate '{id}': {hint}")]
    UnknownCandidate {
        pool: String,
        id: String,
        /// Where to find the ids the pool knows.
        hint: &'static str,
    },
    #[error("the model is not available: {0}")]
    ModelUnavailable(String),
    #[error("pool '{0}' was built without --blind, so its texts hold identity cues: rebuild it with `rolematch pool build --blind` for a blind ranking")]
    NotBlind(String),
    #[error("pool '{0}' has no pseudonyms: its candidates are known by their file names (it is not blind, or it was made blind before pseudonyms; build the folder into a new pool with `rolematch pool build DIR --pool NEW-NAME --blind` to give them pseudonyms)")]
    NoPseudonyms(String),
    #[error("revealing who a pseudonym is must be recorded, and the audit log is off: run `pool reveal` without --no-audit-log (or ROLEMATCH_NO_AUDIT_LOG)")]
    RevealNeedsAuditLog,
    #[error("the service is stopping")]
    Stopped,
    /// What was asked cannot be done as asked; the message says why and what to do.
    #[error("{0}")]
    Request(String),
    #[error("an opening is kept with a pool: build the folder into a pool (`rolematch pool build DIR --pool NAME`) and rank the pool")]
    OpeningNeedsPool,
    /// A measurement's set could not be read or run; the message names the file.
    #[error(transparent)]
    Eval(Box<crate::eval::EvalError>),
    #[error("keeping the measurement in {}", .path.display())]
    Keep {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("loading the model from {}: {source}", .dir.display())]
    ModelLoad {
        dir: PathBuf,
        #[source]
        source: Box<crate::Error>,
    },
}

impl AppError {
    /// The layer error inside, when there is one.
    pub fn pipeline(&self) -> Option<&crate::Error> {
        match self {
            AppError::Pipeline(e) => Some(e),
            AppError::ModelLoad { source, .. } => Some(source),
            AppError::Eval(e) => match e.as_ref() {
                crate::eval::EvalError::Pipeline(e) => Some(e),
                _ => None,
            },
            _ => None,
        }
    }
}
