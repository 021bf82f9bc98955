//! Candidate pools: resumes embedded once and kept on disk between runs, so a recruiter can
//! rank the same folder for many openings.
//!
//! A pool lives in `index/pools/<name>/` as immutable generations (`gen-000001/`, ...), each a
//! manifest plus data files with their blake3 sums; `CURRENT` names the live generation and
//! its manifest's sum. A change writes a complete new generation, fsyncs it, renames it into
//! place and only then points `CURRENT` at it, so a crash at any moment leaves the previous
//! generation readable. A lock file keeps two writers apart.

mod data;
mod error;
mod format;
mod lock;
pub mod openings;
pub mod postgres;
mod pseudonym;
mod storage;
mod store;
mod writer;

pub use data::{
    content_hash, Candidate, CandidateSummary, PoolData, PoolMeta, PoolStats, SearchMode,
};
pub use error::PoolError;
pub use format::{Manifest, POOL_FORMAT};
pub use lock::PoolLock;
pub use pseudonym::{PseudonymKey, PREFIX as PSEUDONYM_PREFIX};
pub use storage::{DiskPools, MemoryPools, OpenFor, PoolReader, PoolStorage, QueryModel};
pub use store::{
    candidates_to_score, check_model, exact_nearest, LoadedPool, PoolStore, Recovery,
    DEFAULT_EXACT_BELOW,
};
pub use writer::{DiskWriter, PoolWriter};
