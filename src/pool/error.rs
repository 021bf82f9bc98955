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
    #[error(transparent)]
    Index(#[from] IndexError),
}

impl PoolError {
    /// True for damage a `recover` can mend: a missing or unreadable `CURRENT`, or a live
    /// generation whose files do not verify.
    pub fn is_damage(&self) -> bool {
        matches!(
            self,
            PoolError::Corrupt { .. } | PoolError::NoCurrent { .. }
        )
    }
}
