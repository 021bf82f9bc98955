//! Where ingestion and removal put their changes: the pool's candidates so far and a way to
//! commit what changed, on disk ([`DiskWriter`]) or in PostgreSQL.

use std::collections::HashMap;
use std::time::Duration;

use super::{PoolData, PoolError, PoolLock, PoolMeta, PoolStore, SearchMode};
use crate::analyze::Analysis;

/// A pool opened for writing. Changes are staged with [`PoolWriter::upsert`] and
/// [`PoolWriter::remove`] and become visible to readers together at [`PoolWriter::commit`].
pub trait PoolWriter {
    /// The model, vector length, catalog version and blind flag of the pool.
    fn meta(&self) -> PoolMeta;
    /// The content hash of candidate `id`, committed or staged.
    fn content_hash(&self, id: &str) -> Option<String>;
    /// Every candidate's id and content hash, staged changes included.
    fn hashes(&self) -> Vec<(String, String)>;
    /// Candidates in the pool, staged changes included.
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Whether the pool has been committed at least once.
    fn exists(&self) -> bool;
    /// Stages a candidate, replacing the one with the same id.
    fn upsert(&mut self, id: String, analysis: Analysis);
    /// Stages the removal of candidates by id; returns the ids that were not in the pool.
    fn remove(&mut self, ids: &[String]) -> Vec<String>;
    /// Makes every staged change visible at once; returns the pool's new generation.
    fn commit(&mut self) -> Result<u64, PoolError>;
}

/// A pool on disk, locked for this process: changes are made in memory and each commit
/// writes a complete generation. A commit after a removal also deletes the older generations,
/// so the removed text is gone from disk when it returns.
pub struct DiskWriter {
    store: PoolStore,
    lock: PoolLock,
    staged: Staging,
    removed: bool,
}

/// A pool's contents being changed in memory, with each candidate's position so that a
/// large build stays linear: what the disk and memory writers share.
pub(crate) struct Staging {
    pub(crate) data: PoolData,
    positions: HashMap<String, usize>,
}

impl Staging {
    pub(crate) fn new(data: PoolData) -> Self {
        let positions = positions_of(&data);
        Staging { data, positions }
    }

    pub(crate) fn content_hash(&self, id: &str) -> Option<String> {
        self.positions
            .get(id)
            .map(|&i| self.data.candidate(i).content_hash.clone())
    }

    pub(crate) fn upsert(&mut self, id: String, analysis: Analysis) {
        let at = self.positions.get(&id).copied();
        if at.is_none() {
            self.positions.insert(id.clone(), self.data.len());
        }
        self.data.put(at, id, analysis);
    }

    /// Removes `ids`; returns those that were not there.
    pub(crate) fn remove(&mut self, ids: &[String]) -> Vec<String> {
        let unknown = self.data.remove(ids);
        if unknown.len() < ids.len() {
            self.positions = positions_of(&self.data);
        }
        unknown
    }
}

impl DiskWriter {
    /// Locks the pool (waiting up to `wait` for another writer) and reads it, or starts it
    /// empty with `fresh` when it does not exist yet.
    pub fn open(store: PoolStore, wait: Duration, fresh: &PoolMeta) -> Result<Self, PoolError> {
        let lock = store.lock(wait)?;
        let data = if store.exists() {
            store.load_data()?.1
        } else {
            PoolData::empty_with(fresh)
        };
        Ok(DiskWriter::new(store, lock, data))
    }

    /// Locks and reads a pool that must exist, keeping its search mode (for removals).
    pub(crate) fn open_existing(mut store: PoolStore, wait: Duration) -> Result<Self, PoolError> {
        let lock = store.lock(wait)?;
        let (manifest, data) = store.load_data()?;
        store.exact_below = match manifest.search {
            SearchMode::Hnsw => 0,
            SearchMode::Exact => usize::MAX,
        };
        Ok(DiskWriter::new(store, lock, data))
    }

    fn new(store: PoolStore, lock: PoolLock, data: PoolData) -> Self {
        DiskWriter {
            store,
            lock,
            staged: Staging::new(data),
            removed: false,
        }
    }

    /// The pool's contents as staged.
    pub fn data(&self) -> &PoolData {
        &self.staged.data
    }
}

impl PoolWriter for DiskWriter {
    fn meta(&self) -> PoolMeta {
        self.staged.data.meta().clone()
    }

    fn content_hash(&self, id: &str) -> Option<String> {
        self.staged.content_hash(id)
    }

    fn hashes(&self) -> Vec<(String, String)> {
        self.staged.data.hashes()
    }

    fn len(&self) -> usize {
        self.staged.data.len()
    }

    fn exists(&self) -> bool {
        self.store.exists()
    }

    fn upsert(&mut self, id: String, analysis: Analysis) {
        self.staged.upsert(id, analysis);
    }

    fn remove(&mut self, ids: &[String]) -> Vec<String> {
        let unknown = self.staged.remove(ids);
        self.removed |= unknown.len() < ids.len();
        unknown
    }

    fn commit(&mut self) -> Result<u64, PoolError> {
        let generation = self.store.commit(&self.lock, &self.staged.data)?;
        if self.removed {
            self.store.compact(&self.lock)?;
            self.removed = false;
        }
        Ok(generation)
    }
}

fn positions_of(data: &PoolData) -> HashMap<String, usize> {
    data.candidates()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), i))
        .collect()
}
