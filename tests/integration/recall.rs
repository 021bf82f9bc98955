//! HNSW as pools use it (a graph proposes candidates, exact scores pick the best) against the
//! exact scan: recall@10 on 20,000 synthetic and 2,000 real-model vectors. Each test bounds
//! how many candidates the graph may propose, so an exact scan in disguise cannot pass.

use std::path::PathBuf;
use std::time::Duration;

use rolematch::index::{FlatIndex, VectorIndex};
use rolematch::pool::{Candidate, PoolData, PoolStore, SearchMode};
use rolematch::vector::{dot, normalize};

use crate::common::embed;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f32 / (1u64 << 53) as f32
    }
}

/// Unit vectors around 200 centres, the way embeddings of similar texts cluster.
pub fn clustered(n: usize, seed: u64) -> Vec<Vec<f32>> {
    let mut rng = Rng(seed);
    let centres: Vec<Vec<f32>> = (0..200)
        .map(|_| (0..384).map(|_| rng.next() - 0.5).collect())
        .collect();
    (0..n)
        .map(|i| {
            let mut v: Vec<f32> = centres[i % centres.len()]
                .iter()
                .map(|c| c + 0.6 * (rng.next() - 0.5))
                .collect();
            normalize(&mut v);
            v
        })
        .collect()
}

/// How a test asks the pool for candidates.
#[derive(Clone, Copy)]
enum Proposals {
    /// The graph's ten nearest, nothing more.
    GraphTopTen,
    /// What `rank` scores for a top 10: the graph's nearest, with the pool's floor.
    AsRankDoes,
}

/// Recall@10 of the pool's graph search against the exact scan, through a committed pool, and
/// the largest share of the pool proposed for one query; one figure per way of asking.
fn pool_recall(
    vectors: Vec<Vec<f32>>,
    queries: &[Vec<f32>],
    ways: &[Proposals],
) -> Vec<(f64, f64)> {
    let dir = tempfile::tempdir().unwrap();
    let mut store = PoolStore::new(dir.path(), "recall").unwrap();
    store.exact_below = 1;
    let mut data = PoolData::empty("test", 384, "test");
    for (i, vector) in vectors.iter().enumerate() {
        let candidate = Candidate {
            id: format!("c{i}"),
            file: PathBuf::from(format!("c{i}")),
            content_hash: String::new(),
            text: String::new(),
            passages: vec![],
            findings: Default::default(),
            added_at: None,
        };
        data.push(candidate, vector.clone(), vec![]);
    }
    let lock = store.lock(Duration::ZERO).unwrap();
    store.commit(&lock, &data).unwrap();
    let pool = store.load().unwrap();
    assert_eq!(pool.search, SearchMode::Hnsw);
    let exact = FlatIndex::from_vectors(384, &vectors).unwrap();
    let truths: Vec<Vec<usize>> = queries
        .iter()
        .map(|q| exact.search(q, 10).unwrap().iter().map(|n| n.id).collect())
        .collect();
    ways.iter()
        .map(|how| {
            let mut found = 0;
            let mut widest = 0;
            for (q, truth) in queries.iter().zip(&truths) {
                let ids = match how {
                    Proposals::GraphTopTen => pool.nearest(q, 10).unwrap(),
                    Proposals::AsRankDoes => pool.candidates_for(q, 10).unwrap(),
                };
                widest = widest.max(ids.len());
                let mut proposed: Vec<(f32, usize)> =
                    ids.into_iter().map(|i| (dot(q, &vectors[i]), i)).collect();
                proposed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                found += proposed
                    .iter()
                    .take(10)
                    .filter(|(_, i)| truth.contains(i))
                    .count();
            }
            let recall = found as f64 / (queries.len() * 10) as f64;
            (recall, widest as f64 / vectors.len() as f64)
        })
        .collect()
}

#[test]
fn recall_on_20000_clustered_vectors() {
    let figures = pool_recall(
        clustered(20_000, 42),
        &clustered(100, 4242),
        &[Proposals::AsRankDoes, Proposals::GraphTopTen],
    );
    let (recall, share) = figures[0];
    eprintln!("recall@10 on 20,000 clustered vectors, as rank scores them: {recall:.4}");
    assert!(share <= 0.03, "proposed {share:.3} of the pool");
    assert!(recall >= 0.99, "recall@10 {recall}");
    // The graph alone, ten candidates at ef 64: the figure better graph settings must raise.
    let (graph, _) = figures[1];
    eprintln!("recall@10 of the graph's own top ten: {graph:.4}");
    assert!(graph >= 0.7 && graph <= recall, "graph recall@10 {graph}");
}

#[test]
fn recall_on_2000_real_model_vectors() {
    const ROLES: &[&str] = &[
        "backend engineer",
        "data scientist",
        "ML engineer",
        "product manager",
        "SRE",
        "researcher",
        "frontend developer",
        "solutions architect",
    ];
    const SKILLS: &[&str] = &[
        "Python",
        "Kubernetes",
        "PyTorch",
        "React",
        "RAG pipelines",
        "Terraform",
        "SQL",
        "LangChain",
        "Spark",
        "evals",
        "Prometheus",
        "TypeScript",
        "CUDA",
        "user research",
        "Go",
        "vector search",
    ];
    const DOMAINS: &[&str] = &[
        "fintech",
        "healthcare",
        "logistics",
        "retail",
        "gaming",
        "insurance",
        "education",
        "media",
    ];
    let mut rng = Rng(7);
    let mut pick =
        |items: &[&'static str]| items[(rng.next() * items.len() as f32) as usize % items.len()];
    let texts: Vec<String> = (0..2_100)
        .map(|i| {
            format!(
                "{} with {} years in {}: {}, {} and {}; led project {i}.",
                pick(ROLES),
                1 + i % 12,
                pick(DOMAINS),
                pick(SKILLS),
                pick(SKILLS),
                pick(SKILLS)
            )
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let vectors: Vec<Vec<f32>> = embed(&refs).into_iter().map(|d| d.vector).collect();
    let (data, queries) = vectors.split_at(2_000);
    let (recall, share) = pool_recall(data.to_vec(), queries, &[Proposals::GraphTopTen])[0];
    eprintln!("recall@10 on 2,000 real-model vectors: {recall:.4}");
    assert!(share <= 0.005, "proposed {share:.3} of the pool");
    assert!(recall >= 0.99, "recall@10 {recall}");
}
