//! Where a pool's generations live, how a new one is committed, and how the live one is read.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::format::{manifest_hash, read_generation, verify_generation, write_generation};
use super::{Manifest, PoolData, PoolError, PoolLock, PoolMeta, PoolStats, SearchMode};
use crate::fault;
use crate::fsutil::{sync_dir, write_atomic};
use crate::index::{HnswIndex, HnswParams};

/// Pools with fewer candidates are searched exactly (every candidate scored); larger ones get
/// an HNSW graph. Set by measurement (`scripts/bench_hnsw_vs_hnswlib.sh`): `rank` asks one
/// query per run; at 100,000 vectors the exact scan takes 9.4 ms and never misses (linear:
/// about 95 ms at a million), the graph's 500 nearest take 0.43 ms with the same top 10 but
/// the graph costs a 49 s rebuild on two cores at every commit.
pub const DEFAULT_EXACT_BELOW: usize = 1_000_000;

const CURRENT: &str = "CURRENT";
/// `CURRENT` holds one short line; anything longer is damage, and is not read whole.
const MAX_CURRENT_BYTES: u64 = 256;
/// Candidates proposed for full scoring (vector similarity first, then skills), at least.
const MIN_SCORED_CANDIDATES: usize = 500;

/// How many of a pool's candidates, nearest first, are scored fully for `wanted` results.
pub fn candidates_to_score(wanted: usize) -> usize {
    wanted.max(MIN_SCORED_CANDIDATES)
}
/// Times a reader follows `CURRENT` when writers keep replacing the generation under it.
const READ_ATTEMPTS: usize = 5;

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

/// What `recover` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recovery {
    /// The live generation verifies: nothing was changed.
    Healthy { generation: u64 },
    /// `CURRENT` now names `generation`, the newest that verifies; `skipped` are newer ones
    /// that did not, with the reason.
    Restored {
        generation: u64,
        candidates: usize,
        skipped: Vec<(u64, String)>,
    },
}

impl PoolStore {
    /// The pool `name` under `index_dir`; the name must be a plain file name.
    pub fn new(index_dir: &Path, name: &str) -> Result<Self, PoolError> {
        if !is_valid_name(name) {
            return Err(PoolError::BadPoolName(name.to_string()));
        }
        Ok(PoolStore {
            name: name.to_string(),
            dir: index_dir.join("pools").join(name),
            exact_below: DEFAULT_EXACT_BELOW,
        })
    }

    /// Names of the pools under `index_dir` (damaged ones too), sorted.
    pub fn list(index_dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(index_dir.join("pools"))
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter_map(|e| e.file_name().into_string().ok())
                    .filter(|name| is_valid_name(name))
                    .filter(|name| {
                        PoolStore::new(index_dir, name).is_ok_and(|store| store.exists())
                    })
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    /// True when the pool has anything on disk: a `CURRENT` or a generation. A pool with
    /// generations and no `CURRENT` exists, damaged; it is never taken for an empty one.
    pub fn exists(&self) -> bool {
        self.dir.join(CURRENT).exists() || self.generations().is_ok_and(|g| !g.is_empty())
    }

    /// Waits up to `wait` for the pool's write lock.
    pub fn lock(&self, wait: Duration) -> Result<PoolLock, PoolError> {
        PoolLock::acquire(&self.dir, wait)
    }

    /// The live generation's number and manifest checksum, as `CURRENT` records them.
    fn current(&self) -> Result<(u64, String), PoolError> {
        let path = self.dir.join(CURRENT);
        let mut bytes = Vec::new();
        let read = std::fs::File::open(&path)
            .and_then(|f| f.take(MAX_CURRENT_BYTES + 1).read_to_end(&mut bytes));
        match read {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let generations = self.generations()?.len();
                if generations == 0 {
                    return Err(PoolError::NoPool {
                        name: self.name.clone(),
                        dir: self.dir.parent().map(Path::to_path_buf).unwrap_or_default(),
                    });
                }
                return Err(PoolError::NoCurrent {
                    name: self.name.clone(),
                    dir: self.dir.clone(),
                    generations,
                    reason: "no CURRENT file says which one is live".into(),
                });
            }
            Err(source) => return Err(PoolError::Io { path, source }),
        }
        let malformed = |what: &str| PoolError::Corrupt {
            path: path.clone(),
            reason: format!("{what}; expected one line `gen-NNNNNN <blake3>`"),
        };
        if bytes.len() as u64 > MAX_CURRENT_BYTES {
            return Err(malformed(&format!("over {MAX_CURRENT_BYTES} bytes")));
        }
        let text = std::str::from_utf8(&bytes).map_err(|_| malformed("not text"))?;
        let mut parts = text.split_whitespace();
        let generation = parts
            .next()
            .and_then(|g| g.strip_prefix("gen-"))
            .and_then(|n| n.parse::<u64>().ok());
        match (generation, parts.next(), parts.next()) {
            (Some(g), Some(hash), None)
                if hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()) =>
            {
                Ok((g, hash.to_string()))
            }
            _ => Err(malformed("unreadable")),
        }
    }

    /// The live generation's number, when `CURRENT` can be read.
    pub(crate) fn live_generation(&self) -> Option<u64> {
        self.current().ok().map(|(g, _)| g)
    }

    fn generation_dir(&self, generation: u64) -> PathBuf {
        self.dir.join(format!("gen-{generation:06}"))
    }

    /// Reads and verifies the live generation's data (not its graph).
    pub(crate) fn load_data(&self) -> Result<(Manifest, PoolData), PoolError> {
        self.load_data_with(&mut || {})
    }

    /// [`Self::load_data`], calling `between` after `CURRENT` is read and before the
    /// generation is (tests put a racing writer there).
    fn load_data_with(&self, between: &mut dyn FnMut()) -> Result<(Manifest, PoolData), PoolError> {
        // A writer may replace CURRENT and delete the generation it named while we read it:
        // when CURRENT has moved on, the failure was that race, and the new one is read.
        let mut attempt = 0;
        loop {
            let (generation, hash) = self.current()?;
            between();
            let dir = self.generation_dir(generation);
            let result = if dir.is_dir() {
                read_generation(&dir, &hash)
            } else {
                Err(PoolError::Corrupt {
                    path: self.dir.join(CURRENT),
                    reason: format!("names gen-{generation:06}, which is not on disk"),
                })
            };
            attempt += 1;
            match result {
                Err(_)
                    if attempt < READ_ATTEMPTS
                        && self.current().ok() != Some((generation, hash)) => {}
                other => return other,
            }
        }
    }

    /// Reads and verifies the live generation, with its graph when it has one.
    pub fn load(&self) -> Result<LoadedPool, PoolError> {
        let (manifest, data) = self.load_data()?;
        let graph = match manifest.search {
            SearchMode::Exact => None,
            SearchMode::Hnsw => Some(HnswIndex::load(
                &self.generation_dir(manifest.generation),
                data.meta().dimensions,
                data.vectors().map(<[f32]>::to_vec).collect(),
                HnswParams::default(),
            )?),
        };
        Ok(LoadedPool {
            data,
            search: manifest.search,
            graph,
        })
    }

    /// Writes `data` as a new generation and makes it live. Once the new generation has been
    /// read back and verified, every other one is deleted but the one that was live before
    /// (readers may be inside it). Returns the new generation.
    pub fn commit(&self, _lock: &PoolLock, data: &PoolData) -> Result<u64, PoolError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source: std::io::Error| PoolError::Io { path, source }
        };
        let previous = self.live_generation();
        self.delete_temporaries()?;
        let generation = self.generations()?.last().copied().unwrap_or(0) + 1;
        let tmp = self.dir.join(format!(".gen-{generation:06}.tmp"));
        std::fs::create_dir_all(&tmp).map_err(io(&tmp))?;
        let search = if data.len() >= self.exact_below {
            SearchMode::Hnsw
        } else {
            SearchMode::Exact
        };
        let hash = write_generation(&tmp, generation, data, search)?;
        fault::point("commit:generation-synced");
        let target = self.generation_dir(generation);
        std::fs::rename(&tmp, &target).map_err(io(&target))?;
        sync_dir(&self.dir).map_err(io(&self.dir))?;
        fault::point("commit:renamed");
        let current = self.dir.join(CURRENT);
        write_atomic(&current, format!("gen-{generation:06} {hash}\n").as_bytes())
            .map_err(io(&current))?;
        fault::point("commit:current-replaced");
        verify_generation(&target, &hash)?;
        let keep: Vec<u64> = [Some(generation), previous].into_iter().flatten().collect();
        self.delete_generations_except(&keep, "commit:deleting")?;
        Ok(generation)
    }

    /// Deletes every generation but the live one, so removed candidates are gone from disk.
    /// The live generation is verified first; when it does not verify, nothing is deleted.
    pub fn compact(&self, _lock: &PoolLock) -> Result<usize, PoolError> {
        let (manifest, _) = self.load_data()?;
        self.delete_temporaries()?;
        self.delete_generations_except(&[manifest.generation], "compact:deleting")
    }

    /// Mends a pool whose `CURRENT` is missing or names a generation that does not verify:
    /// points `CURRENT` at the newest generation whose every file verifies. Deletes nothing.
    pub fn recover(&self, _lock: &PoolLock) -> Result<Recovery, PoolError> {
        match self.load_data() {
            Ok((manifest, _)) => {
                return Ok(Recovery::Healthy {
                    generation: manifest.generation,
                })
            }
            Err(e) if e.is_damage() => {}
            Err(e) => return Err(e),
        }
        let mut skipped = Vec::new();
        for generation in self.generations()?.into_iter().rev() {
            let dir = self.generation_dir(generation);
            let verified = manifest_hash(&dir)
                .and_then(|hash| read_generation(&dir, &hash).map(|(_, data)| (hash, data)));
            match verified {
                Ok((hash, data)) => {
                    let current = self.dir.join(CURRENT);
                    write_atomic(&current, format!("gen-{generation:06} {hash}\n").as_bytes())
                        .map_err(|source| PoolError::Io {
                            path: current,
                            source,
                        })?;
                    return Ok(Recovery::Restored {
                        generation,
                        candidates: data.len(),
                        skipped,
                    });
                }
                Err(e) => skipped.push((generation, e.to_string())),
            }
        }
        Err(PoolError::NothingToRecover {
            name: self.name.clone(),
            dir: self.dir.clone(),
        })
    }

    /// Generation numbers present on disk, ascending.
    fn generations(&self) -> Result<Vec<u64>, PoolError> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(PoolError::Io {
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

    /// Removes every generation not in `keep`; `point` names the crash point after the first.
    fn delete_generations_except(&self, keep: &[u64], point: &str) -> Result<usize, PoolError> {
        let mut removed = 0;
        for generation in self.generations()? {
            if keep.contains(&generation) {
                continue;
            }
            let dir = self.generation_dir(generation);
            std::fs::remove_dir_all(&dir).map_err(|source| PoolError::Io { path: dir, source })?;
            removed += 1;
            if removed == 1 {
                fault::point(point);
            }
        }
        sync_dir(&self.dir).map_err(|source| PoolError::Io {
            path: self.dir.clone(),
            source,
        })?;
        Ok(removed)
    }

    /// Removes what a crashed writer left unfinished: temporary generations (`.gen-*.tmp`)
    /// and temporary files (`.CURRENT.<pid>.tmp`). Only a lock holder calls this, so no
    /// other writer can be filling them.
    fn delete_temporaries(&self) -> Result<(), PoolError> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Ok(());
        };
        for e in entries.filter_map(Result::ok) {
            let name = e.file_name().to_string_lossy().into_owned();
            if !(name.starts_with('.') && name.ends_with(".tmp")) {
                continue;
            }
            let path = e.path();
            let removed = if e.file_type().is_ok_and(|t| t.is_dir()) {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            removed.map_err(|source| PoolError::Io { path, source })?;
        }
        Ok(())
    }

    /// Counts and sizes for `rolematch pool stats`.
    pub fn stats(&self) -> Result<PoolStats, PoolError> {
        let (manifest, data) = self.load_data()?;
        Ok(self.stats_of(&manifest, &data))
    }

    /// Counts and sizes of a generation already read with [`Self::load_data`].
    pub(crate) fn stats_of(&self, manifest: &Manifest, data: &PoolData) -> PoolStats {
        let bytes_on_disk = dir_size(&self.dir);
        PoolStats {
            name: self.name.clone(),
            generation: manifest.generation,
            candidates: data.len(),
            passages: data.passage_count(),
            dimensions: data.meta().dimensions,
            model: data.meta().model.clone(),
            catalog_version: data.meta().catalog_version.clone(),
            search: manifest.search,
            blind: data.meta().blind,
            bytes_on_disk,
        }
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

    /// The candidates to score fully for a query: the nearest `max(wanted, 500)` by exact
    /// cosine in an exact pool (every one in a pool of 500 or fewer), the graph's nearest as
    /// many in a large one, so the skill part has room to reorder.
    pub fn candidates_for(&self, query: &[f32], wanted: usize) -> Result<Vec<usize>, PoolError> {
        let n = candidates_to_score(wanted);
        match &self.graph {
            None if n >= self.data.len() => Ok((0..self.data.len()).collect()),
            None => Ok(exact_nearest(&self.data, query, n)),
            Some(_) => self.nearest(query, n),
        }
    }

    /// The graph's `n` nearest candidates, most similar first (every candidate, in order, in
    /// an exact pool). Recall tests measure the graph through this, with no floor.
    pub fn nearest(&self, query: &[f32], n: usize) -> Result<Vec<usize>, PoolError> {
        use crate::index::VectorIndex;
        match &self.graph {
            None => Ok((0..self.data.len()).collect()),
            Some(graph) => Ok(graph.search(query, n)?.into_iter().map(|n| n.id).collect()),
        }
    }

    /// Refuses a pool made with another model or vector length, saying how to rebuild it.
    pub fn check_model(&self, pool: &str, model: &str, dimensions: usize) -> Result<(), PoolError> {
        check_model(pool, self.data.meta(), model, dimensions)
    }
}

/// Refuses the pool `pool`, made as `meta` says, when this run uses another model, precision
/// or vector length. Pools on disk and in PostgreSQL are checked alike.
pub fn check_model(
    pool: &str,
    meta: &PoolMeta,
    model: &str,
    dimensions: usize,
) -> Result<(), PoolError> {
    if meta.model == model && meta.dimensions == dimensions {
        return Ok(());
    }
    Err(PoolError::ModelMismatch {
        pool: pool.to_string(),
        built_with: meta.model.clone(),
        built_dimensions: meta.dimensions,
        model: model.to_string(),
        dimensions,
    })
}

/// The `n` candidates of `data` nearest to `query` by exact cosine, nearest first; equal
/// similarities are ordered by candidate id, as in PostgreSQL's exact search.
pub fn exact_nearest(data: &PoolData, query: &[f32], n: usize) -> Vec<usize> {
    let mut scored: Vec<(f32, usize)> = data
        .vectors()
        .enumerate()
        .map(|(i, v)| (crate::vector::dot(query, v), i))
        .collect();
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| data.candidate(a.1).id.cmp(&data.candidate(b.1).id))
    });
    scored.into_iter().take(n).map(|(_, i)| i).collect()
}

/// A pool name is a plain file name: letters, digits, '-', '_' and '.', not starting with '.'.
fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name.len() <= 128
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
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
    use crate::analyze::Analysis;
    use crate::embed::WindowEmbedding;
    use crate::read::document_from_text;

    fn data(n: usize) -> PoolData {
        let mut pool = PoolData::empty("fake@0", 4, "v1");
        for i in 0..n {
            let text = format!("resume number {i} with Python");
            let doc = document_from_text(&format!("{i}.md"), &text);
            let x = (i as f32 + 1.0).recip();
            pool.upsert(
                format!("{i}.md"),
                Analysis::with_vectors(
                    doc,
                    vec![x, 1.0 - x, 0.5, 0.25],
                    vec![WindowEmbedding {
                        byte_range: 0..6,
                        vector: vec![0.0, 0.0, 1.0, x],
                    }],
                ),
            );
        }
        // When each was added is the clock's: fixed, so two calls give equal data.
        for i in 0..pool.len() {
            pool.candidate_mut(i).added_at = Some("2026-01-01T00:00:00Z".to_string());
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
        assert!(matches!(store.load(), Err(PoolError::NoPool { .. })));
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
        let query = loaded.data.vector(7).to_vec();
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
                            PoolError::Corrupt { .. }
                            | PoolError::Stale { .. }
                            | PoolError::Io { .. }
                            | PoolError::NoPool { .. },
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
        let err = check_model(&store.name, data(1).meta(), "other@1", 4).unwrap_err();
        assert!(matches!(err, PoolError::ModelMismatch { .. }));
        assert!(err.to_string().contains("other@1"), "{err}");
        assert!(check_model(&store.name, data(1).meta(), "fake@0", 8).is_err());
        assert!(check_model(&store.name, data(1).meta(), "fake@0", 4).is_ok());
    }

    /// A pool with generations 1 (`n1` candidates) and 2 (`n2`), generation 2 live.
    fn two_generations(dir: &Path, n1: usize, n2: usize) -> (PoolStore, PoolLock) {
        let store = store(dir);
        let lock = store.lock(Duration::ZERO).unwrap();
        store.commit(&lock, &data(n1)).unwrap();
        store.commit(&lock, &data(n2)).unwrap();
        assert_eq!(store.generations().unwrap(), vec![1, 2]);
        (store, lock)
    }

    #[test]
    fn compact_deletes_nothing_when_current_names_a_missing_generation() {
        let dir = tempfile::tempdir().unwrap();
        let (store, lock) = two_generations(dir.path(), 40, 40);
        let current = store.dir.join(CURRENT);
        let text = std::fs::read_to_string(&current).unwrap();
        std::fs::write(&current, text.replace("gen-000002", "gen-000003")).unwrap();
        let err = store.compact(&lock).unwrap_err();
        assert!(err.is_damage(), "{err}");
        assert!(err.to_string().contains("not on disk"), "{err}");
        assert_eq!(store.generations().unwrap(), vec![1, 2], "nothing deleted");
        // recover points CURRENT at the newest generation that verifies.
        match store.recover(&lock).unwrap() {
            Recovery::Restored {
                generation,
                candidates,
                skipped,
            } => assert_eq!((generation, candidates, skipped.len()), (2, 40, 0)),
            other => panic!("{other:?}"),
        }
        assert_eq!(store.load_data().unwrap().1, data(40));
        assert_eq!(
            store.recover(&lock).unwrap(),
            Recovery::Healthy { generation: 2 }
        );
    }

    #[test]
    fn compact_keeps_the_previous_generation_when_the_live_one_is_corrupt() {
        let dir = tempfile::tempdir().unwrap();
        let (store, lock) = two_generations(dir.path(), 40, 41);
        let vectors = store.generation_dir(2).join("vectors.f32");
        let mut bytes = std::fs::read(&vectors).unwrap();
        bytes[5] ^= 1;
        std::fs::write(&vectors, bytes).unwrap();
        assert!(store.compact(&lock).unwrap_err().is_damage());
        assert_eq!(store.generations().unwrap(), vec![1, 2], "nothing deleted");
        match store.recover(&lock).unwrap() {
            Recovery::Restored {
                generation,
                candidates,
                skipped,
            } => {
                assert_eq!((generation, candidates), (1, 40));
                assert_eq!(skipped.len(), 1);
                assert!(skipped[0].1.contains("vectors.f32"), "{skipped:?}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(store.load_data().unwrap().1, data(40));
    }

    #[test]
    fn a_pool_without_current_is_damaged_not_empty() {
        let dir = tempfile::tempdir().unwrap();
        let (store, lock) = two_generations(dir.path(), 40, 40);
        std::fs::remove_file(store.dir.join(CURRENT)).unwrap();
        assert!(store.exists(), "generations on disk: the pool exists");
        assert_eq!(PoolStore::list(dir.path()), vec!["team".to_string()]);
        let err = store.load_data().unwrap_err();
        assert!(
            matches!(&err, PoolError::NoCurrent { generations: 2, .. }),
            "{err}"
        );
        assert!(store.compact(&lock).is_err());
        assert_eq!(store.generations().unwrap(), vec![1, 2]);
        assert!(matches!(
            store.recover(&lock).unwrap(),
            Recovery::Restored { generation: 2, .. }
        ));
        assert_eq!(store.load_data().unwrap().1.len(), 40);
    }

    #[test]
    fn nothing_to_recover_when_no_generation_verifies() {
        let dir = tempfile::tempdir().unwrap();
        let (store, lock) = two_generations(dir.path(), 3, 4);
        for g in [1, 2] {
            std::fs::remove_file(store.generation_dir(g).join("candidates.json")).unwrap();
        }
        let err = store.load_data().unwrap_err();
        assert!(
            err.to_string().contains("candidates.json") && err.to_string().contains("missing"),
            "a missing data file is named as such: {err}"
        );
        assert!(matches!(
            store.recover(&lock),
            Err(PoolError::NothingToRecover { .. })
        ));
    }

    #[test]
    fn a_huge_or_binary_current_is_one_typed_error() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _lock) = two_generations(dir.path(), 1, 2);
        let current = store.dir.join(CURRENT);
        std::fs::write(&current, vec![0xffu8; 10 * 1024 * 1024]).unwrap();
        let err = store.load_data().unwrap_err();
        assert!(matches!(err, PoolError::Corrupt { .. }), "{err}");
        let message = err.to_string();
        assert!(message.contains("over 256 bytes"), "{message}");
        assert!(message.len() < 300, "one short message: {message}");
        std::fs::write(&current, b"\xff\xfe gen").unwrap();
        assert!(matches!(store.load_data(), Err(PoolError::Corrupt { .. })));
    }

    #[test]
    fn a_reader_racing_commits_and_a_compaction_follows_current() {
        let dir = tempfile::tempdir().unwrap();
        let (store, lock) = two_generations(dir.path(), 1, 2);
        // Between the reader's look at CURRENT and its read of the generation, a writer
        // commits twice and compacts: the generation the reader was sent to is gone.
        let mut raced = false;
        let (manifest, data_read) = store
            .load_data_with(&mut || {
                if !raced {
                    raced = true;
                    store.commit(&lock, &data(3)).unwrap();
                    store.commit(&lock, &data(4)).unwrap();
                    store.compact(&lock).unwrap();
                }
            })
            .unwrap();
        assert!(raced);
        assert_eq!(manifest.generation, 4);
        assert_eq!(data_read, data(4));
    }

    #[test]
    fn a_commit_deletes_all_but_the_new_and_the_previous_generation() {
        let dir = tempfile::tempdir().unwrap();
        let (store, lock) = two_generations(dir.path(), 1, 2);
        // A crash after renaming generation 3 and before CURRENT left it uncommitted, and a
        // crash inside the next write left a temporary folder.
        std::fs::create_dir(store.generation_dir(3)).unwrap();
        std::fs::create_dir(store.dir.join(".gen-000004.tmp")).unwrap();
        assert_eq!(store.commit(&lock, &data(5)).unwrap(), 4);
        assert_eq!(store.generations().unwrap(), vec![2, 4]);
        assert!(!store.dir.join(".gen-000004.tmp").exists());
        assert_eq!(store.load_data().unwrap().1, data(5));
    }

    #[test]
    fn bad_names_are_refused() {
        for name in ["", "../x", ".hidden", "a/b", "a b"] {
            assert!(matches!(
                PoolStore::new(Path::new("."), name),
                Err(PoolError::BadPoolName(_))
            ));
        }
    }
}
