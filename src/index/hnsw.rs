//! Approximate nearest-neighbour search with hnsw_rs over unit vectors (cosine similarity).
//!
//! Results are re-scored exactly and sorted with a stable tie-break, so the same index and
//! query always give the same numbers in the same order.

use std::path::{Path, PathBuf};

use anndists::dist::Distance;
use hnsw_rs::hnsw::Hnsw;
use hnsw_rs::hnswio::HnswIo;

use super::graph_walk::GraphWalk;
use super::{check_dimensions, sort_neighbors, IndexError, Neighbor, VectorIndex};
use crate::vector::dot;

/// 1 − dot product, clamped at 0. hnsw_rs's own `DistDot` asserts `dot <= 1`, which rounding
/// can break for unit vectors, and an assertion would abort the process.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct UnitCosineDistance;

impl Distance<f32> for UnitCosineDistance {
    fn eval(&self, a: &[f32], b: &[f32]) -> f32 {
        (1.0 - dot(a, b)).max(0.0)
    }
}

/// Graph parameters. The defaults suit catalogs and pools up to about a million vectors.
#[derive(Debug, Clone, Copy)]
pub struct HnswParams {
    /// Links per node (hnsw_rs allows at most 256).
    pub max_connections: usize,
    pub ef_construction: usize,
    /// Candidates examined per query; raised to `k` when smaller.
    pub ef_search: usize,
}

impl Default for HnswParams {
    fn default() -> Self {
        HnswParams {
            max_connections: 16,
            ef_construction: 200,
            ef_search: 64,
        }
    }
}

/// From this many vectors on, the graph is built on every core.
pub(crate) const PARALLEL_FROM: usize = 1_000;

/// An HNSW graph built (or loaded) by hnsw_rs, and its compact copy that queries walk, which
/// also holds the vectors for exact re-scoring. hnsw_rs's own structure is kept only after a
/// build, to be dumped; a loaded graph keeps the compact copy alone.
pub struct HnswIndex {
    graph: Option<Hnsw<'static, f32, UnitCosineDistance>>,
    walk: GraphWalk,
    dimensions: usize,
    params: HnswParams,
}

impl HnswIndex {
    /// Builds the graph; ids are positions. Up to [`PARALLEL_FROM`] vectors are inserted in
    /// order, one thread, so the graph is the same on every build (the role catalog's); larger
    /// sets are inserted by hnsw_rs on every core, which gives a slightly different graph on
    /// each build (the search over one graph stays deterministic).
    pub fn build(
        dimensions: usize,
        vectors: Vec<Vec<f32>>,
        params: HnswParams,
    ) -> Result<Self, IndexError> {
        for v in &vectors {
            check_dimensions(dimensions, v)?;
        }
        let params = HnswParams {
            max_connections: params.max_connections.clamp(2, 256),
            ..params
        };
        let max_layer = 16;
        let graph = Hnsw::new(
            params.max_connections,
            vectors.len().max(1),
            max_layer,
            params.ef_construction,
            UnitCosineDistance,
        );
        if vectors.len() < PARALLEL_FROM {
            for (id, v) in vectors.iter().enumerate() {
                graph.insert_slice((v.as_slice(), id));
            }
        } else {
            let items: Vec<(&[f32], usize)> = vectors
                .iter()
                .enumerate()
                .map(|(id, v)| (v.as_slice(), id))
                .collect();
            graph.parallel_insert_slice(&items);
        }
        let walk = GraphWalk::from_hnsw(&graph, dimensions, &vectors);
        Ok(HnswIndex {
            graph: Some(graph),
            walk,
            dimensions,
            params,
        })
    }
}

/// Basename of the graph files hnsw_rs writes: `graph.hnsw.graph` and `graph.hnsw.data`.
pub const GRAPH_BASENAME: &str = "graph";

impl HnswIndex {
    /// The files [`HnswIndex::dump`] writes into `dir`.
    pub(crate) fn dump_files(dir: &Path) -> [PathBuf; 2] {
        [
            dir.join(format!("{GRAPH_BASENAME}.hnsw.graph")),
            dir.join(format!("{GRAPH_BASENAME}.hnsw.data")),
        ]
    }

    /// Writes the graph with hnsw_rs's own dump format into `dir` (which must exist).
    pub(crate) fn dump(&self, dir: &Path) -> Result<[PathBuf; 2], IndexError> {
        use hnsw_rs::api::AnnT;
        let corrupt = |reason: String| IndexError::Corrupt {
            path: dir.to_path_buf(),
            reason,
        };
        let graph = self.graph.as_ref().ok_or(IndexError::NotBuiltHere)?;
        let written = graph
            .file_dump(dir, GRAPH_BASENAME)
            .map_err(|e| corrupt(format!("dumping the graph: {e}")))?;
        if written != GRAPH_BASENAME {
            return Err(corrupt(format!(
                "graph dumped under an unexpected name '{written}'"
            )));
        }
        Ok(Self::dump_files(dir))
    }

    /// Loads a graph dumped by [`HnswIndex::dump`]. hnsw_rs can panic or abort on corrupt
    /// files, so the caller verifies their checksums first; a panic that still happens is
    /// turned into an error here.
    pub fn load(
        dir: &Path,
        dimensions: usize,
        vectors: Vec<Vec<f32>>,
        params: HnswParams,
    ) -> Result<Self, IndexError> {
        for v in &vectors {
            check_dimensions(dimensions, v)?;
        }
        let corrupt = |reason: String| IndexError::Corrupt {
            path: dir.join(format!("{GRAPH_BASENAME}.hnsw.graph")),
            reason,
        };
        // hnsw_rs ties the loaded graph's lifetime to its loader. The loader is a few paths and
        // options; leaking it (once per pool load) gives the graph a 'static lifetime.
        let loader: &'static HnswIo = Box::leak(Box::new(HnswIo::new(dir, GRAPH_BASENAME)));
        let loaded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            loader.load_hnsw_with_dist::<f32, UnitCosineDistance>(UnitCosineDistance)
        }));
        let graph = match loaded {
            Ok(Ok(graph)) => graph,
            Ok(Err(e)) => return Err(corrupt(e.to_string())),
            Err(_) => return Err(corrupt("the graph reader panicked".into())),
        };
        if graph.get_nb_point() != vectors.len() {
            return Err(corrupt(format!(
                "graph holds {} points, the pool {}",
                graph.get_nb_point(),
                vectors.len()
            )));
        }
        let walk = GraphWalk::from_hnsw(&graph, dimensions, &vectors);
        Ok(HnswIndex {
            graph: None,
            walk,
            dimensions,
            params,
        })
    }

    /// Changes how many candidates a query examines: higher is slower and more exact.
    pub fn set_ef_search(&mut self, ef_search: usize) {
        self.params.ef_search = ef_search.max(1);
    }
}

impl VectorIndex for HnswIndex {
    fn len(&self) -> usize {
        self.walk.len()
    }

    fn dimensions(&self) -> usize {
        self.dimensions
    }

    fn search(&self, query: &[f32], k: usize) -> Result<Vec<Neighbor>, IndexError> {
        check_dimensions(self.dimensions, query)?;
        if k == 0 || self.walk.is_empty() {
            return Ok(Vec::new());
        }
        let k = k.min(self.walk.len());
        let ef = self.params.ef_search.max(k);
        let mut found: Vec<Neighbor> = self
            .walk
            .search(query, ef)
            .into_iter()
            .map(|(id, _)| Neighbor {
                id,
                similarity: dot(query, self.walk.vector(id)),
            })
            .collect();
        sort_neighbors(&mut found);
        found.truncate(k);
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::FlatIndex;
    use crate::vector::normalize;

    fn random_unit_vectors(n: usize, dim: usize, seed: u64) -> Vec<Vec<f32>> {
        let mut state = seed;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f32 / (1u64 << 53) as f32 - 0.5
        };
        (0..n)
            .map(|_| {
                let mut v: Vec<f32> = (0..dim).map(|_| next()).collect();
                normalize(&mut v);
                v
            })
            .collect()
    }

    #[test]
    fn hnsw_agrees_with_exact_search_on_random_vectors() {
        let data = random_unit_vectors(2000, 32, 7);
        let queries = random_unit_vectors(100, 32, 99);
        let exact = FlatIndex::from_vectors(32, &data).unwrap();
        let hnsw = HnswIndex::build(32, data, HnswParams::default()).unwrap();
        let mut found = 0;
        for q in &queries {
            let truth: Vec<usize> = exact.search(q, 10).unwrap().iter().map(|n| n.id).collect();
            let got = hnsw.search(q, 10).unwrap();
            found += got.iter().filter(|n| truth.contains(&n.id)).count();
        }
        let recall = found as f64 / (queries.len() * 10) as f64;
        assert!(recall >= 0.95, "recall@10 {recall}");
    }

    #[test]
    fn a_walk_as_wide_as_the_graph_finds_the_exact_answer() {
        // With ef at the number of nodes the walk never stops early, so on a connected graph
        // it must reach every node: a fault in its visited set, heaps or links shows here.
        let data = random_unit_vectors(1500, 24, 21);
        let exact = FlatIndex::from_vectors(24, &data).unwrap();
        let mut hnsw = HnswIndex::build(24, data, HnswParams::default()).unwrap();
        hnsw.set_ef_search(1500);
        for q in random_unit_vectors(20, 24, 8) {
            let truth: Vec<usize> = exact.search(&q, 10).unwrap().iter().map(|n| n.id).collect();
            let got: Vec<usize> = hnsw.search(&q, 10).unwrap().iter().map(|n| n.id).collect();
            assert_eq!(got, truth);
        }
        assert_eq!(hnsw.walk.search(&[0.0; 24], 1500).len(), 1500);
    }

    #[test]
    fn dumped_graph_loads_and_answers_the_same() {
        let data = random_unit_vectors(500, 16, 3);
        let built = HnswIndex::build(16, data.clone(), HnswParams::default()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        built.dump(dir.path()).unwrap();
        let loaded = HnswIndex::load(dir.path(), 16, data, HnswParams::default()).unwrap();
        assert!(matches!(
            loaded.dump(dir.path()),
            Err(IndexError::NotBuiltHere)
        ));
        for q in random_unit_vectors(20, 16, 11) {
            assert_eq!(
                built.search(&q, 10).unwrap(),
                loaded.search(&q, 10).unwrap()
            );
        }
        let wrong_count = HnswIndex::load(
            dir.path(),
            16,
            random_unit_vectors(3, 16, 1),
            HnswParams::default(),
        );
        assert!(matches!(wrong_count, Err(IndexError::Corrupt { .. })));
    }

    #[test]
    fn search_is_deterministic_and_checks_dimensions() {
        let data = random_unit_vectors(300, 16, 1);
        let a = HnswIndex::build(16, data.clone(), HnswParams::default()).unwrap();
        let b = HnswIndex::build(16, data, HnswParams::default()).unwrap();
        let q = random_unit_vectors(1, 16, 5).remove(0);
        assert_eq!(a.search(&q, 5).unwrap(), b.search(&q, 5).unwrap());
        assert!(matches!(
            a.search(&[1.0, 0.0], 5),
            Err(IndexError::DimensionMismatch { .. })
        ));
        let exact_self = a.search(a.walk.vector(3), 1).unwrap();
        assert_eq!(exact_self[0].id, 3);
    }
}
