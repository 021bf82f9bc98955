//! Where a pool's generations live, how a new one is committed, and how the live one is read.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::format::{read_generation, write_generation};
use super::{Manifest, PoolData, PoolLock, PoolStats, SearchMode};
use crate::fsutil::{sync_dir, write_atomic};
use crate::index::{HnswIndex, HnswParams, IndexError};

/// Pools with fewer candidates are searched exactly (every candidate scored); larger ones get
/// an HNSW graph. `rank` asks one query per run: an exact scan of 100,000 vectors takes about
/// 19 ms here and never misses, while hnsw_rs needed 104 s to build that graph and found only
/// half of the true top 10 among 500 candidates on the benchmark's clustered vectors.
pub const DEFAULT_EXACT_BELOW: usize = 200_000;

const CURRENT: &str = "CURRENT";
/// Candidates the graph proposes for full scoring, at least.
const MIN_GRAPH_CANDIDATES: usize = 500;

/// A named pool under `<index dir>/pools/<name>/`.
#[derive(Debug, Clone)]
pub struct PoolStore {
    pub name: String,
    pub dir: PathBuf,
    pub exact_below: usize,
}

/// A pool ready to search: the live generation, or resumes read from a folder on the fly.
pub struct LoadedPool {
    pub data: PoolData,
    pub search: SearchMode,
    graph: Option<HnswIndex>,
}

impl PoolStore {
    /// The pool `name` under `index_dir`; the name must be a plain file name.
    pub fn new(index_dir: &Path, name: &str) -> Result<Self, IndexError> {
        let valid = !name.is_empty()
            && !name.starts_with('.')
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !valid {
            return Err(IndexError::BadPoolName(name.to_string()));
        }
        Ok(PoolStore {
            name: name.to_string(),
            dir: index_dir.join("pools").join(name),
            exact_below: DEFAULT_EXACT_BELOW,
        })
    }

    /// Names of the pools under `index_dir`, sorted.
    pub fn list(index_dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(index_dir.join("pools"))
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter(|e| e.path().join(CURRENT).is_file())
                    .filter_map(|e| e.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    pub fn exists(&self) -> bool {
        self.dir.join(CURRENT).is_file()
    }

    /// Waits up to `wait` for the pool's write lock.
    pub fn lock(&self, wait: Duration) -> Result<PoolLock, IndexError> {
        PoolLock::acquire(&self.dir, wait)
    }

    /// The live generation's number and manifest checksum.
    fn current(&self) -> Result<(u64, String), IndexError> {
        let path = self.dir.join(CURRENT);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(IndexError::NoPool {
                    name: self.name.clone(),
                    dir: self.dir.parent().map(Path::to_path_buf).unwrap_or_default(),
                })
            }
            Err(source) => return Err(IndexError::Io { path, source }),
        };
        let mut parts = text.split_whitespace();
        let generation = parts
            .next()
            .and_then(|g| g.strip_prefix("gen-"))
            .and_then(|n| n.parse::<u64>().ok());
        match (generation, parts.next(), parts.next()) {
            (Some(g), Some(hash), None) if hash.len() == 64 => Ok((g, hash.to_string())),
            _ => Err(IndexError::Corrupt {
                path,
                reason: "expected `gen-NNNNNN <blake3>`".into(),
            }),
        }
    }

    fn generation_dir(&self, generation: u64) -> PathBuf {
        self.dir.join(format!("gen-{generation:06}"))
    }

    /// Reads and verifies the live generation's data (not its graph).
    pub fn load_data(&self) -> Result<(Manifest, PoolData), IndexError> {
        // A writer may delete an old generation between our reading CURRENT and its files:
        // then CURRENT has moved on, and one more read finds the new one.
        let mut last = None;
        for _ in 0..2 {
            let (generation, hash) = self.current()?;
            match read_generation(&self.generation_dir(generation), &hash) {
                Err(IndexError::Io { source, .. })
                    if source.kind() == std::io::ErrorKind::NotFound =>
                {
                    last = Some(IndexError::Corrupt {
                        path: self.generation_dir(generation),
                        reason: "the generation CURRENT names is missing".into(),
                    });
                }
                other => return other,
            }
        }
        Err(last.unwrap_or(IndexError::NoPool {
            name: self.name.clone(),
            dir: self.dir.clone(),
        }))
    }

    /// Reads and verifies the live generation, with its graph when it has one.
    pub fn load(&self) -> Result<LoadedPool, IndexError> {
        let (manifest, data) = self.load_data()?;
        let graph = match manifest.search {
            SearchMode::Exact => None,
            SearchMode::Hnsw => Some(HnswIndex::load(
                &self.generation_dir(manifest.generation),
                data.dimensions,
                data.vectors.clone(),
                HnswParams::default(),
            )?),
        };
        Ok(LoadedPool {
            data,
            search: manifest.search,
            graph,
        })
    }

    /// Writes `data` as a new generation and makes it live; keeps the one before it readable
    /// for readers already inside it and deletes older ones. Returns the new generation.
    pub fn commit(&self, _lock: &PoolLock, data: &PoolData) -> Result<u64, IndexError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source: std::io::Error| IndexError::Io { path, source }
        };
        let generation = self.generations()?.last().copied().unwrap_or(0) + 1;
        let tmp = self.dir.join(format!(".gen-{generation:06}.tmp"));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).map_err(io(&tmp))?;
        }
        std::fs::create_dir_all(&tmp).map_err(io(&tmp))?;
        let search = if data.len() >= self.exact_below {
            SearchMode::Hnsw
        } else {
            SearchMode::Exact
        };
        let hash = write_generation(&tmp, generation, data, search)?;
        let target = self.generation_dir(generation);
        std::fs::rename(&tmp, &target).map_err(io(&target))?;
        sync_dir(&self.dir).map_err(io(&self.dir))?;
        let current = self.dir.join(CURRENT);
        write_atomic(&current, format!("gen-{generation:06} {hash}\n").as_bytes())
            .map_err(io(&current))?;
        self.delete_generations_before(generation.saturating_sub(1))?;
        Ok(generation)
    }

    /// Deletes every generation but the live one, so removed candidates are gone from disk.
    pub fn compact(&self, _lock: &PoolLock) -> Result<usize, IndexError> {
        let (live, _) = self.current()?;
        self.delete_generations_before(live)
    }

    /// Generation numbers present on disk, ascending.
    fn generations(&self) -> Result<Vec<u64>, IndexError> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(IndexError::Io {
                    path: self.dir.clone(),
                    source,
                })
            }
        };
        let mut numbers: Vec<u64> = entries
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().into_string().ok())
            .filter_map(|n| n.strip_prefix("gen-").and_then(|g| g.parse().ok()))
            .collect();
        numbers.sort_unstable();
        Ok(numbers)
    }

    /// Removes generations older than `keep_from` and unfinished temporary ones.
    fn delete_generations_before(&self, keep_from: u64) -> Result<usize, IndexError> {
        let mut removed = 0;
        for generation in self.generations()?.into_iter().filter(|&g| g < keep_from) {
            let dir = self.generation_dir(generation);
            std::fs::remove_dir_all(&dir).map_err(|source| IndexError::Io { path: dir, source })?;
            removed += 1;
        }
        if let Ok(entries) = std::fs::read_dir(&self.dir) {
            for e in entries.filter_map(Result::ok) {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with(".gen-") && name.ends_with(".tmp") {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        sync_dir(&self.dir).map_err(|source| IndexError::Io {
            path: self.dir.clone(),
            source,
        })?;
        Ok(removed)
    }

    /// Counts and sizes for `rolematch index stats`.
    pub fn stats(&self) -> Result<PoolStats, IndexError> {
        let (manifest, data) = self.load_data()?;
        let bytes_on_disk = dir_size(&self.dir);
        Ok(PoolStats {
            name: self.name.clone(),
            generation: manifest.generation,
            candidates: data.len(),
            passages: data.passage_count(),
            dimensions: data.dimensions,
            model: data.model.clone(),
            catalog_version: data.catalog_version.clone(),
            search: manifest.search,
            bytes_on_disk,
        })
    }
}

impl LoadedPool {
    /// A pool that lives in memory only, searched exactly.
    pub fn in_memory(data: PoolData) -> Self {
        LoadedPool {
            data,
            search: SearchMode::Exact,
            graph: None,
        }
    }

    /// The candidates to score fully for a query: every one in an exact pool; the graph's
    /// nearest `max(wanted, 500)` in a large one.
    pub fn candidates_for(&self, query: &[f32], wanted: usize) -> Result<Vec<usize>, IndexError> {
        use crate::index::VectorIndex;
        match &self.graph {
            None => Ok((0..self.data.len()).collect()),
            Some(graph) => Ok(graph
                .search(query, wanted.max(MIN_GRAPH_CANDIDATES))?
                .into_iter()
                .map(|n| n.id)
                .collect()),
        }
    }

    /// Refuses a pool made with another model or vector length, saying how to rebuild it.
    pub fn check_model(
        &self,
        store: &PoolStore,
        model: &str,
        dimensions: usize,
    ) -> Result<(), IndexError> {
        check_model(&self.data, store, model, dimensions)
    }
}

/// Refuses pool data made with another model or vector length, saying how to rebuild it.
pub fn check_model(
    data: &PoolData,
    store: &PoolStore,
    model: &str,
    dimensions: usize,
) -> Result<(), IndexError> {
    if data.model == model && data.dimensions == dimensions {
        return Ok(());
    }
    Err(IndexError::Stale {
        path: store.dir.clone(),
        reason: format!(
            "pool '{}' was built with {} ({} dimensions), this run uses {model} ({dimensions}); rebuild it with `rolematch index build DIR --pool {}`, or, where only the precision after '/' differs, run with that --precision",
            store.name, data.model, data.dimensions, store.name
        ),
    })
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => dir_size(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::{DocumentEmbedding, WindowEmbedding};
    use crate::prepare::PreparedDocument;
    use crate::read::document_from_text;

    fn data(n: usize) -> PoolData {
        let mut pool = PoolData::empty("fake@0", 4, "v1");
        for i in 0..n {
            let text = format!("resume number {i} with Python");
            let doc = document_from_text(&format!("{i}.md"), &text);
            let x = (i as f32 + 1.0).recip();
            pool.upsert(
                format!("{i}.md"),
                &doc,
                PreparedDocument {
                    embedding: DocumentEmbedding {
                        vector: vec![x, 1.0 - x, 0.5, 0.25],
                        windows: vec![],
                    },
                    passages: vec![WindowEmbedding {
                        byte_range: 0..6,
                        vector: vec![0.0, 0.0, 1.0, x],
                    }],
                },
            );
        }
        pool
    }

    fn store(dir: &Path) -> PoolStore {
        PoolStore::new(dir, "team").unwrap()
    }

    #[test]
    fn commit_then_load_round_trips_and_keeps_one_previous_generation() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        assert!(matches!(store.load(), Err(IndexError::NoPool { .. })));
        let lock = store.lock(Duration::ZERO).unwrap();
        for n in 1..=4 {
            assert_eq!(store.commit(&lock, &data(n)).unwrap(), n as u64);
        }
        let loaded = store.load().unwrap();
        assert_eq!(loaded.data, data(4));
        assert_eq!(store.generations().unwrap(), vec![3, 4]);
        assert_eq!(store.compact(&lock).unwrap(), 1);
        assert_eq!(store.generations().unwrap(), vec![4]);
        assert_eq!(PoolStore::list(dir.path()), vec!["team".to_string()]);
    }

    #[test]
    fn large_pools_get_a_graph_that_finds_the_same_best_candidate() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(dir.path());
        store.exact_below = 10;
        let lock = store.lock(Duration::ZERO).unwrap();
        store.commit(&lock, &data(30)).unwrap();
        let loaded = store.load().unwrap();
        assert_eq!(loaded.search, SearchMode::Hnsw);
        let query = loaded.data.vectors[7].clone();
        assert!(loaded.candidates_for(&query, 5).unwrap().contains(&7));
    }

    #[test]
    fn every_truncation_or_flipped_byte_is_a_typed_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(dir.path());
        store.exact_below = 3;
        let lock = store.lock(Duration::ZERO).unwrap();
        store.commit(&lock, &data(5)).unwrap();
        let (generation, _) = store.current().unwrap();
        let gen_dir = store.generation_dir(generation);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&gen_dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.push(store.dir.join(CURRENT));
        files.sort();
        assert!(files.len() >= 7, "{files:?}");
        for path in files {
            let original = std::fs::read(&path).unwrap();
            let step = (original.len() / 40).max(1);
            for at in (0..original.len()).step_by(step) {
                let mut flipped = original.clone();
                flipped[at] ^= 0x20;
                for bytes in [flipped, original[..at].to_vec()] {
                    std::fs::write(&path, &bytes).unwrap();
                    match store.load() {
                        Err(
                            IndexError::Corrupt { .. }
                            | IndexError::Stale { .. }
                            | IndexError::Io { .. }
                            | IndexError::NoPool { .. },
                        ) => {}
                        // Only CURRENT's trailing newline may go without changing its meaning.
                        Ok(_) if bytes.trim_ascii() == original.trim_ascii() => {}
                        other => panic!("{} changed at {at}: {:?}", path.display(), other.err()),
                    }
                }
            }
            std::fs::write(&path, &original).unwrap();
            store.load().unwrap();
        }
    }

    #[test]
    fn a_pool_of_another_model_is_stale_and_says_how_to_rebuild() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        let err = check_model(&data(1), &store, "other@1", 4).unwrap_err();
        assert!(matches!(err, IndexError::Stale { .. }));
        assert!(
            err.to_string()
                .contains("rolematch index build DIR --pool team"),
            "{err}"
        );
        assert!(check_model(&data(1), &store, "fake@0", 8).is_err());
        assert!(check_model(&data(1), &store, "fake@0", 4).is_ok());
    }

    #[test]
    fn bad_names_are_refused() {
        for name in ["", "../x", ".hidden", "a/b", "a b"] {
            assert!(matches!(
                PoolStore::new(Path::new("."), name),
                Err(IndexError::BadPoolName(_))
            ));
        }
    }
}
