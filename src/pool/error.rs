//! What can go wrong with a pool: its files, its lock, its name, or the model it was built with.

use std::path::PathBuf;

use thiserror::Error;

use crate::index::IndexError;

/// Errors of the pool layer. Messages say what is wrong; the command-line layer adds which
/// command mends it.
#[derive(Debug, Error)]
pub enum PoolError {
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: corrupt pool file: {reason}", .path.display())]
    Corrupt { path: PathBuf, reason: String },
    #[error("{}: stale pool: {reason}", .path.display())]
    Stale { path: PathBuf, reason: String },
    /// The pool was embedded with another model, precision or vector length.
    #[error("pool '{pool}' was built with {built_with} ({built_dimensions} dimensions); this run uses {model} ({dimensions})")]
    ModelMismatch {
        pool: String,
        built_with: String,
        built_dimensions: usize,
        model: String,
        dimensions: usize,
    },
    #[error("{}: another process is writing this pool ({holder}); try again when it is done", .path.display())]
    Locked { path: PathBuf, holder: String },
    #[error("no pool '{name}' in {}", .dir.display())]
    NoPool { name: String, dir: PathBuf },
    /// Generations are on disk but no readable `CURRENT` says which one is live: the pool is
    /// damaged, not empty.
    #[error("{}: pool '{name}' has {generations} generation(s) on disk but {reason}", .dir.display())]
    NoCurrent {
        name: String,
        dir: PathBuf,
        generations: usize,
        reason: String,
    },
    #[error("no generation of pool '{name}' in {} verifies", .dir.display())]
    NothingToRecover { name: String, dir: PathBuf },
    #[error("bad pool name '{0}': use letters, digits, '-', '_' and '.'")]
    BadPoolName(String),
    #[error("bad opening name '{0}': use up to 100 letters, digits, '-', '_' and '.'")]
    BadOpeningName(String),
    #[error("no opening '{opening}' in pool '{pool}' (see `rolematch openings --pool {pool}`)")]
    NoOpening { pool: String, opening: String },
    #[error("candidate '{candidate}' is no longer in the latest run of opening '{opening}' (it was forgotten, or the opening ran again meanwhile): decide on what the opening shows now")]
    NotInOpening { candidate: String, opening: String },
    #[error("{path}: the pool's openings and decisions cannot be read: {reason}")]
    BadOpenings { path: String, reason: String },
    #[error(transparent)]
    Index(#[from] IndexError),
    /// A `--store` that is not a PostgreSQL URL rolematch can use.
    #[error("--store: {reason}")]
    BadStoreUrl { reason: String },
    /// PostgreSQL said no, or could not be reached. `server` names it without the password.
    #[error("PostgreSQL {server}: {what}: {}", database_reason(.source))]
    Database {
        server: String,
        what: String,
        #[source]
        source: postgres::Error,
    },
    /// Every reader connection of a PostgreSQL store stayed in use longer than a read may
    /// wait for one.
    #[error("PostgreSQL {server}: the store is busy: {reason}; try again shortly")]
    Busy { server: String, reason: String },
    /// The server has no pgvector extension to create.
    #[error("PostgreSQL {server}: the pgvector extension ('vector') is not available on this server ({reason}); install pgvector there, or ask its administrator to")]
    NoPgvector { server: String, reason: String },
    /// The database holds something rolematch did not write, or rows that do not add up.
    #[error("PostgreSQL {server}: pool '{pool}' does not verify: {reason}")]
    Inconsistent {
        server: String,
        pool: String,
        reason: String,
    },
    /// The change was held back because the record of it could not be written first.
    #[error("nothing was changed: the audit record of this change could not be written ({reason}); mend the audit log (`rolematch audit verify`) and try again")]
    NotRecorded { reason: String },
    /// A command that only makes sense for pools on disk.
    #[error("{what} works on pools on disk; pools in PostgreSQL {instead}")]
    DiskOnly { what: String, instead: String },
    /// A new blind pool needs a random secret for its pseudonyms.
    #[error("the system gave no randomness for a new blind pool's pseudonym secret: {0}")]
    NoRandomness(String),
}

/// PostgreSQL's own message: the server's error text when it sent one, else the client's
/// with its causes (each said once).
fn database_reason(error: &postgres::Error) -> String {
    if let Some(db) = error.as_db_error() {
        return db.message().to_string();
    }
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(&format!(": {cause_text}"));
        }
        source = cause.source();
    }
    text
}

impl PoolError {
    /// True for damage a `recover` can mend: a missing or unreadable `CURRENT`, or a live
    /// generation whose files do not verify.
    pub(crate) fn is_damage(&self) -> bool {
        matches!(
            self,
            PoolError::Corrupt { .. } | PoolError::NoCurrent { .. }
        )
    }

    /// True when a PostgreSQL store was too busy to answer in time: a lock or statement
    /// timeout (maintenance such as `VACUUM FULL` holding the tables), or no free reader
    /// connection. Trying again later may succeed.
    pub fn is_busy(&self) -> bool {
        use postgres::error::SqlState;
        match self {
            PoolError::Busy { .. } => true,
            PoolError::Database { source, .. } => source.code().is_some_and(|c| {
                *c == SqlState::LOCK_NOT_AVAILABLE || *c == SqlState::QUERY_CANCELED
            }),
            _ => false,
        }
    }
}
