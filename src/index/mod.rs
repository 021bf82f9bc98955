//! Nearest-neighbour search over unit vectors: the [`VectorIndex`] trait, an HNSW index
//! (hnsw_rs), an exact flat reference, and the on-disk cache of role vectors.

mod flat;
mod graph_walk;
mod hnsw;
mod role_cache;

pub use flat::FlatIndex;
pub use hnsw::{HnswIndex, HnswParams, GRAPH_BASENAME};
pub use role_cache::{RoleVectors, ROLE_CACHE_FORMAT};

use std::path::PathBuf;
use thiserror::Error;

/// Errors of the index layer.
#[derive(Debug, Error)]
pub enum IndexError {
    #[error("query has {actual} dimensions, the index holds {expected}")]
    DimensionMismatch { expected: usize, actual: usize },
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: corrupt index file: {reason}", .path.display())]
    Corrupt { path: PathBuf, reason: String },
    #[error("{}: stale index: {reason}", .path.display())]
    Stale { path: PathBuf, reason: String },
    #[error(
        "only a graph built in this process can be dumped; a loaded one keeps its links alone"
    )]
    NotBuiltHere,
}

/// One search result: the position of a stored vector and its cosine similarity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Neighbor {
    pub id: usize,
    pub similarity: f32,
}

/// A searchable set of unit vectors identified by their insertion position.
pub trait VectorIndex {
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn dimensions(&self) -> usize;
    /// Up to `k` nearest vectors, most similar first; ties go to the lower id.
    fn search(&self, query: &[f32], k: usize) -> Result<Vec<Neighbor>, IndexError>;
}

/// Most similar first, then by id: a total order, so equal inputs always give the same order.
fn rank_order(a: &Neighbor, b: &Neighbor) -> std::cmp::Ordering {
    b.similarity
        .total_cmp(&a.similarity)
        .then_with(|| a.id.cmp(&b.id))
}

pub(crate) fn sort_neighbors(neighbors: &mut [Neighbor]) {
    neighbors.sort_by(rank_order);
}

/// Keeps the `k` best neighbours, sorted; cheaper than sorting everything when k is small.
pub(crate) fn top_k(mut neighbors: Vec<Neighbor>, k: usize) -> Vec<Neighbor> {
    if k == 0 {
        return Vec::new();
    }
    if neighbors.len() > k {
        neighbors.select_nth_unstable_by(k - 1, rank_order);
        neighbors.truncate(k);
    }
    sort_neighbors(&mut neighbors);
    neighbors
}

fn check_dimensions(expected: usize, query: &[f32]) -> Result<(), IndexError> {
    if expected != query.len() {
        return Err(IndexError::DimensionMismatch {
            expected,
            actual: query.len(),
        });
    }
    Ok(())
}
