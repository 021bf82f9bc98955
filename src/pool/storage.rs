//! Where pools live, behind two traits: [`PoolReader`] (names, figures, candidates, the
//! candidates to score for a query) and [`PoolStorage`] (a reader that also opens pools for
//! writing). Three stores implement them: folders on disk ([`DiskPools`]), PostgreSQL
//! ([`super::postgres::PgStore`]) and memory ([`MemoryPools`]: a folder ranked without a pool,
//! and tests). Callers above never ask which one they hold; one conformance suite
//! (`tests/integration/storage.rs`) runs against all three.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use super::openings::OpeningsBook;
use super::postgres::{PgStore, POSTGRES_EXACT_BELOW};
use super::writer::Staging;
use super::{
    check_model, CandidateSummary, DiskWriter, LoadedPool, PoolData, PoolError, PoolMeta,
    PoolStats, PoolStore, PoolWriter, SearchMode, DEFAULT_EXACT_BELOW,
};
use crate::analyze::Analysis;

/// The model a query was embedded with: a pool made with another is refused.
#[derive(Debug, Clone, Copy)]
pub struct QueryModel<'a> {
    pub fingerprint: &'a str,
    pub dimensions: usize,
}

/// How a pool is opened for writing.
#[derive(Debug, Clone, Copy)]
pub enum OpenFor<'a> {
    /// Adding: an existing pool as it is, or a new one made as `fresh` says; pools from
    /// `exact_below` candidates up (the store's default when `None`) are searched
    /// approximately.
    Adding {
        fresh: &'a PoolMeta,
        exact_below: Option<usize>,
    },
    /// Removing: the pool must exist, and keeps its search mode.
    Removing,
}

/// What every pool store answers.
pub trait PoolReader: Send + Sync {
    /// Where the pools live, for messages: a folder, a database server, or memory.
    fn location(&self) -> String;

    /// The names of the pools, sorted.
    fn names(&self) -> Result<Vec<String>, PoolError>;

    /// Counts and sizes of the pool `name`.
    fn stats(&self, name: &str) -> Result<PoolStats, PoolError>;

    /// What the pool `name` was made with, and its candidates without their text, by id.
    fn summaries(&self, name: &str) -> Result<(PoolMeta, Vec<CandidateSummary>), PoolError>;

    /// Reads the whole pool `name` and checks every part of it.
    fn verify(&self, name: &str) -> Result<PoolStats, PoolError>;

    /// The candidates of the pool `name` to score for `query` (embedded with `model`, and
    /// refused for a pool made with another): the whole pool, or, where the store searches
    /// itself, at least the `wanted` nearest.
    fn search(
        &self,
        name: &str,
        query: &[f32],
        wanted: usize,
        model: QueryModel<'_>,
    ) -> Result<LoadedPool, PoolError>;

    /// The openings and decisions kept beside the pool `name` (none yet: an empty book).
    fn openings(&self, name: &str) -> Result<OpeningsBook, PoolError>;

    /// The candidates `ids` of the pool `name` with their text, vectors and findings (those
    /// it does not hold are left out), for what concerns one person: an explanation, an
    /// export of what is held about them.
    fn candidates(&self, name: &str, ids: &[String]) -> Result<PoolData, PoolError>;
}

/// A pool store that can also be written.
pub trait PoolStorage: PoolReader {
    /// The pool `name` opened for writing, waiting up to `wait` for another writer.
    fn writer(
        &self,
        name: &str,
        open: OpenFor<'_>,
        wait: Duration,
    ) -> Result<Box<dyn PoolWriter + '_>, PoolError>;

    /// Changes the openings and decisions of the pool `name` (which must exist) with
    /// `change`, all or nothing: no other writer changes them meanwhile (waiting up to `wait`),
    /// and a crash leaves them as they were or as changed, never half-written. Returns the
    /// book as changed.
    fn change_openings(
        &self,
        name: &str,
        wait: Duration,
        change: &mut dyn FnMut(&mut OpeningsBook) -> Result<(), PoolError>,
    ) -> Result<OpeningsBook, PoolError>;

    /// The folder pools live in, for what only pools on disk do (compact, recover); `None`
    /// for the other stores.
    fn disk_dir(&self) -> Option<&Path> {
        None
    }
}

/// Candidate summaries in id order, as every store gives them.
fn by_id(mut summaries: Vec<CandidateSummary>) -> Vec<CandidateSummary> {
    summaries.sort_by(|a, b| a.id.cmp(&b.id));
    summaries
}

/// Pools on disk, under `<index dir>/pools/`.
#[derive(Debug, Clone)]
pub struct DiskPools {
    index_dir: PathBuf,
}

impl DiskPools {
    pub fn new(index_dir: &Path) -> Self {
        DiskPools {
            index_dir: index_dir.to_path_buf(),
        }
    }

    /// The pool `name` (its name checked, nothing read yet).
    pub fn pool(&self, name: &str) -> Result<PoolStore, PoolError> {
        PoolStore::new(&self.index_dir, name)
    }
}

impl PoolReader for DiskPools {
    fn location(&self) -> String {
        self.index_dir.join("pools").display().to_string()
    }

    fn names(&self) -> Result<Vec<String>, PoolError> {
        Ok(PoolStore::list(&self.index_dir))
    }

    fn stats(&self, name: &str) -> Result<PoolStats, PoolError> {
        self.pool(name)?.stats()
    }

    fn summaries(&self, name: &str) -> Result<(PoolMeta, Vec<CandidateSummary>), PoolError> {
        let (_, data) = self.pool(name)?.load_data()?;
        Ok((data.meta().clone(), by_id(data.summaries())))
    }

    fn verify(&self, name: &str) -> Result<PoolStats, PoolError> {
        let store = self.pool(name)?;
        store.load().and_then(|_| store.stats())
    }

    fn search(
        &self,
        name: &str,
        _query: &[f32],
        _wanted: usize,
        model: QueryModel<'_>,
    ) -> Result<LoadedPool, PoolError> {
        // A pool on disk is read whole; its graph (when it has one) proposes candidates.
        let pool = self.pool(name)?.load()?;
        pool.check_model(name, model.fingerprint, model.dimensions)?;
        Ok(pool)
    }

    fn openings(&self, name: &str) -> Result<OpeningsBook, PoolError> {
        read_book(&self.existing(name)?.dir.join(OPENINGS_FILE))
    }

    fn candidates(&self, name: &str, ids: &[String]) -> Result<PoolData, PoolError> {
        let (_, data) = self.pool(name)?.load_data()?;
        Ok(data.only(ids))
    }
}

impl PoolStorage for DiskPools {
    fn writer(
        &self,
        name: &str,
        open: OpenFor<'_>,
        wait: Duration,
    ) -> Result<Box<dyn PoolWriter + '_>, PoolError> {
        let mut store = self.pool(name)?;
        Ok(Box::new(match open {
            OpenFor::Adding { fresh, exact_below } => {
                store.exact_below = exact_below.unwrap_or(DEFAULT_EXACT_BELOW);
                DiskWriter::open(store, wait, fresh)?
            }
            OpenFor::Removing => DiskWriter::open_existing(store, wait)?,
        }))
    }

    fn change_openings(
        &self,
        name: &str,
        wait: Duration,
        change: &mut dyn FnMut(&mut OpeningsBook) -> Result<(), PoolError>,
    ) -> Result<OpeningsBook, PoolError> {
        let store = self.existing(name)?;
        let _lock = store.lock(wait)?;
        let path = store.dir.join(OPENINGS_FILE);
        let mut book = read_book(&path)?;
        change(&mut book)?;
        let bytes = serde_json::to_vec_pretty(&book).map_err(|e| PoolError::BadOpenings {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        crate::fsutil::write_atomic(&path, &bytes).map_err(|source| PoolError::Io {
            path: path.clone(),
            source,
        })?;
        Ok(book)
    }

    fn disk_dir(&self) -> Option<&Path> {
        Some(&self.index_dir)
    }
}

impl DiskPools {
    /// The pool `name`, which must exist.
    fn existing(&self, name: &str) -> Result<PoolStore, PoolError> {
        let store = self.pool(name)?;
        if !store.exists() {
            return Err(PoolError::NoPool {
                name: name.to_string(),
                dir: self.index_dir.join("pools"),
            });
        }
        Ok(store)
    }
}

/// The file beside a pool's generations that holds its openings and decisions.
const OPENINGS_FILE: &str = "openings.json";

/// The openings and decisions in `path`: an empty book when there is no file yet.
fn read_book(path: &Path) -> Result<OpeningsBook, PoolError> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| PoolError::BadOpenings {
            path: path.display().to_string(),
            reason: e.to_string(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(OpeningsBook::default()),
        Err(source) => Err(PoolError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

impl PoolReader for PgStore {
    fn location(&self) -> String {
        format!("PostgreSQL {}", self.server())
    }

    fn names(&self) -> Result<Vec<String>, PoolError> {
        PgStore::names(self)
    }

    fn stats(&self, name: &str) -> Result<PoolStats, PoolError> {
        PgStore::stats(self, name)
    }

    fn summaries(&self, name: &str) -> Result<(PoolMeta, Vec<CandidateSummary>), PoolError> {
        let row = self.require(name)?;
        Ok((row.meta, self.list(name)?))
    }

    fn verify(&self, name: &str) -> Result<PoolStats, PoolError> {
        PgStore::verify(self, name)
    }

    fn search(
        &self,
        name: &str,
        query: &[f32],
        wanted: usize,
        model: QueryModel<'_>,
    ) -> Result<LoadedPool, PoolError> {
        // Checked before the query: a vector of another length would not even compare.
        let row = self.require(name)?;
        check_model(name, &row.meta, model.fingerprint, model.dimensions)?;
        let (_, data) = self.nearest(name, query, wanted)?;
        Ok(LoadedPool::in_memory(data))
    }

    fn openings(&self, name: &str) -> Result<OpeningsBook, PoolError> {
        self.read_openings(name)
    }

    fn candidates(&self, name: &str, ids: &[String]) -> Result<PoolData, PoolError> {
        self.read_some(name, ids)
    }
}

impl PoolStorage for PgStore {
    fn writer(
        &self,
        name: &str,
        open: OpenFor<'_>,
        wait: Duration,
    ) -> Result<Box<dyn PoolWriter + '_>, PoolError> {
        Ok(Box::new(match open {
            OpenFor::Adding { fresh, exact_below } => PgStore::writer(
                self,
                name,
                fresh,
                Some(exact_below.unwrap_or(POSTGRES_EXACT_BELOW)),
                wait,
            )?,
            OpenFor::Removing => {
                let row = self.require(name)?;
                PgStore::writer(self, name, &row.meta, None, wait)?
            }
        }))
    }

    fn change_openings(
        &self,
        name: &str,
        wait: Duration,
        change: &mut dyn FnMut(&mut OpeningsBook) -> Result<(), PoolError>,
    ) -> Result<OpeningsBook, PoolError> {
        self.write_openings(name, wait, change)
    }
}

/// Pools in memory only: a folder ranked without a pool, and tests. A commit replaces the
/// pool's data whole, as a new generation on disk does.
#[derive(Debug, Default)]
pub struct MemoryPools {
    pools: Mutex<BTreeMap<String, (u64, PoolData)>>,
    books: Mutex<BTreeMap<String, OpeningsBook>>,
}

impl MemoryPools {
    pub fn new() -> Self {
        MemoryPools::default()
    }

    fn with<T>(&self, name: &str, read: impl FnOnce(u64, &PoolData) -> T) -> Result<T, PoolError> {
        let pools = self.pools.lock().unwrap_or_else(|p| p.into_inner());
        match pools.get(name) {
            Some((generation, data)) => Ok(read(*generation, data)),
            None => Err(PoolError::NoPool {
                name: name.to_string(),
                dir: PathBuf::from("memory"),
            }),
        }
    }

    fn stats_of(name: &str, generation: u64, data: &PoolData) -> PoolStats {
        PoolStats {
            name: name.to_string(),
            generation,
            candidates: data.len(),
            passages: data.passage_count(),
            dimensions: data.meta().dimensions,
            model: data.meta().model.clone(),
            catalog_version: data.meta().catalog_version.clone(),
            search: SearchMode::Exact,
            blind: data.meta().blind,
            bytes_on_disk: 0,
        }
    }
}

impl PoolReader for MemoryPools {
    fn location(&self) -> String {
        "memory".into()
    }

    fn names(&self) -> Result<Vec<String>, PoolError> {
        let pools = self.pools.lock().unwrap_or_else(|p| p.into_inner());
        Ok(pools.keys().cloned().collect())
    }

    fn stats(&self, name: &str) -> Result<PoolStats, PoolError> {
        self.with(name, |generation, data| {
            MemoryPools::stats_of(name, generation, data)
        })
    }

    fn summaries(&self, name: &str) -> Result<(PoolMeta, Vec<CandidateSummary>), PoolError> {
        self.with(name, |_, data| {
            (data.meta().clone(), by_id(data.summaries()))
        })
    }

    fn verify(&self, name: &str) -> Result<PoolStats, PoolError> {
        self.stats(name)
    }

    fn search(
        &self,
        name: &str,
        _query: &[f32],
        _wanted: usize,
        model: QueryModel<'_>,
    ) -> Result<LoadedPool, PoolError> {
        let data = self.with(name, |_, data| data.clone())?;
        check_model(name, data.meta(), model.fingerprint, model.dimensions)?;
        Ok(LoadedPool::in_memory(data))
    }

    fn openings(&self, name: &str) -> Result<OpeningsBook, PoolError> {
        self.with(name, |_, _| ())?;
        let books = self.books.lock().unwrap_or_else(|p| p.into_inner());
        Ok(books.get(name).cloned().unwrap_or_default())
    }

    fn candidates(&self, name: &str, ids: &[String]) -> Result<PoolData, PoolError> {
        Ok(self.with(name, |_, data| data.clone())?.only(ids))
    }
}

impl PoolStorage for MemoryPools {
    fn writer(
        &self,
        name: &str,
        open: OpenFor<'_>,
        _wait: Duration,
    ) -> Result<Box<dyn PoolWriter + '_>, PoolError> {
        let existing = self.with(name, |_, data| data.clone());
        let (data, exists) = match (existing, open) {
            (Ok(data), _) => (data, true),
            (Err(_), OpenFor::Adding { fresh, .. }) => (PoolData::empty_with(fresh), false),
            (Err(e), OpenFor::Removing) => return Err(e),
        };
        Ok(Box::new(MemoryWriter {
            pools: self,
            name: name.to_string(),
            staged: Staging::new(data),
            exists,
        }))
    }

    fn change_openings(
        &self,
        name: &str,
        _wait: Duration,
        change: &mut dyn FnMut(&mut OpeningsBook) -> Result<(), PoolError>,
    ) -> Result<OpeningsBook, PoolError> {
        self.with(name, |_, _| ())?;
        let mut books = self.books.lock().unwrap_or_else(|p| p.into_inner());
        let mut book = books.get(name).cloned().unwrap_or_default();
        change(&mut book)?;
        books.insert(name.to_string(), book.clone());
        Ok(book)
    }
}

/// A pool in memory opened for writing: changes are made to a copy, which a commit puts in
/// place.
struct MemoryWriter<'a> {
    pools: &'a MemoryPools,
    name: String,
    staged: Staging,
    exists: bool,
}

impl PoolWriter for MemoryWriter<'_> {
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
        self.exists
    }

    fn upsert(&mut self, id: String, analysis: Analysis) {
        self.staged.upsert(id, analysis);
    }

    fn remove(&mut self, ids: &[String]) -> Vec<String> {
        self.staged.remove(ids)
    }

    fn commit(&mut self) -> Result<u64, PoolError> {
        let mut pools = self.pools.pools.lock().unwrap_or_else(|p| p.into_inner());
        let generation = pools.get(&self.name).map_or(1, |(g, _)| g + 1);
        pools.insert(self.name.clone(), (generation, self.staged.data.clone()));
        self.exists = true;
        Ok(generation)
    }
}
