//! The two pool stores side by side at scale: N synthetic candidates (clustered 384-d unit
//! vectors, each with a short resume-like text and one passage) written to a pool on disk and
//! to a pool in PostgreSQL, then ranked for Q role vectors, each way a pool can be searched:
//! exact and HNSW (the pool's hnsw_rs graph on disk, pgvector's HNSW index in PostgreSQL).
//!
//! Prints one JSON line per store and search: write rate (candidates/s, whole commits
//! included; the HNSW graph or index build is timed apart), ranking latency p50/p99 (the
//! retrieval, reading the candidates and the full scoring of `rank`, top 10), and recall@10:
//! how many of the exact path's top 10 the HNSW path returns. It first checks that the exact
//! paths of both stores give the same top 10 for every query, so a fast wrong path cannot win.
//!
//! Environment: ROLEMATCH_BENCH_STORE (a PostgreSQL URL, required; scripts/bench_stores.sh
//! starts a throwaway server), ROLEMATCH_BENCH_N (default 100,000), ROLEMATCH_BENCH_QUERIES
//! (default 200).

use std::time::{Duration, Instant};

use rolematch::analyze::Analysis;
use rolematch::catalog::Catalog;
use rolematch::embed::WindowEmbedding;
use rolematch::pool::postgres::PgStore;
use rolematch::pool::{DiskWriter, LoadedPool, PoolMeta, PoolStore, PoolWriter};
use rolematch::rank::{rank_candidates, OpeningVectors};
use rolematch::read::document_from_text;
use rolematch::score::{retrieval_width, ScoreWeights};
use rolematch::skills::{SkillExtractor, Taxonomy};

#[path = "support/clustered.rs"]
mod clustered;
use clustered::{clustered_with_spread, queries_near, DIM};

const TOP_K: usize = 10;
/// Candidates per PostgreSQL transaction. A commit on disk rewrites the whole generation, so
/// the disk pool is written in one commit (the fastest it can be).
const PG_COMMIT_EVERY: usize = 1_000;
const SKILLS: [&str; 12] = [
    "Python",
    "PyTorch",
    "Kubernetes",
    "RAG",
    "LangChain",
    "MLflow",
    "Airflow",
    "vLLM",
    "Terraform",
    "Spark",
    "FastAPI",
    "Prometheus",
];

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Candidate `i`'s text: a headline and a line of experience naming three tools.
fn text_of(i: usize) -> String {
    format!(
        "# Candidate {i}\nEngineer who shipped systems with {}, {} and {} at company {}.\n",
        SKILLS[i % 12],
        SKILLS[(i / 12) % 12],
        SKILLS[(i / 144) % 12],
        i % 977
    )
}

/// The candidate as `pool build` would stage it: its vector, and one passage (the whole
/// text) with the same vector.
fn stage(writer: &mut dyn PoolWriter, i: usize, vector: &[f32]) {
    let text = text_of(i);
    let document = document_from_text(&format!("cand-{i:06}.md"), &text);
    let analysis = Analysis::with_vectors(
        document,
        vector.to_vec(),
        vec![WindowEmbedding {
            byte_range: 0..text.len(),
            vector: vector.to_vec(),
        }],
    );
    writer.upsert(format!("cand-{i:06}.md"), analysis);
}

/// Writes every candidate, committing every `commit_every`; returns the seconds taken.
fn write_all(writer: &mut dyn PoolWriter, vectors: &[Vec<f32>], commit_every: usize) -> f64 {
    let start = Instant::now();
    for (i, v) in vectors.iter().enumerate() {
        stage(writer, i, v);
        if (i + 1) % commit_every == 0 || i + 1 == vectors.len() {
            writer.commit().expect("commit");
        }
    }
    start.elapsed().as_secs_f64()
}

/// One search way's figures.
struct Run {
    latencies: Vec<Duration>,
    tops: Vec<Vec<String>>,
}

fn rank_each(queries: &[Vec<f32>], mut rank: impl FnMut(&[f32]) -> Vec<String>) -> Run {
    let mut latencies = Vec::new();
    let mut tops = Vec::new();
    for q in queries {
        let start = Instant::now();
        let top = rank(q);
        latencies.push(start.elapsed());
        assert_eq!(top.len(), TOP_K);
        tops.push(top);
    }
    latencies.sort();
    Run { latencies, tops }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at].as_secs_f64() * 1000.0
}

fn recall(run: &Run, exact: &Run) -> f64 {
    let found: usize = run
        .tops
        .iter()
        .zip(&exact.tops)
        .map(|(a, b)| a.iter().filter(|id| b.contains(id)).count())
        .sum();
    found as f64 / (exact.tops.len() * TOP_K) as f64
}

fn report(
    store: &str,
    search: &str,
    write_rate: f64,
    build_s: Option<f64>,
    run: &Run,
    exact: &Run,
) {
    println!(
        "{}",
        serde_json::json!({
            "store": store,
            "search": search,
            "candidates_per_s": write_rate.round(),
            "index_build_s": build_s.map(|s| (s * 10.0).round() / 10.0),
            "rank_p50_ms": (percentile(&run.latencies, 0.5) * 10.0).round() / 10.0,
            "rank_p99_ms": (percentile(&run.latencies, 0.99) * 10.0).round() / 10.0,
            "recall_at_10": (recall(run, exact) * 1000.0).round() / 1000.0,
        })
    );
}

fn main() {
    let Ok(url) = std::env::var("ROLEMATCH_BENCH_STORE") else {
        eprintln!("stores: set ROLEMATCH_BENCH_STORE to a PostgreSQL URL (scripts/bench_stores.sh); skipped");
        return;
    };
    let n = env_usize("ROLEMATCH_BENCH_N", 100_000);
    let q = env_usize("ROLEMATCH_BENCH_QUERIES", 200);
    let vectors = clustered_with_spread(n, 42, 0.6);
    let queries = queries_near(q, 42, 7, 0.6);
    let taxonomy = Taxonomy::builtin().expect("taxonomy");
    let catalog = Catalog::builtin(&taxonomy).expect("catalog");
    let role = catalog.get("ml-engineer").expect("role").clone();
    let extractor = SkillExtractor::new(taxonomy);
    let weights = ScoreWeights::default();
    let meta = PoolMeta {
        model: "synthetic@0".into(),
        dimensions: DIM,
        catalog_version: catalog.version.clone(),
        blind: false,
        pseudonyms: None,
    };
    let rank = |pool: &LoadedPool, query: &[f32]| -> Vec<String> {
        let vectors = OpeningVectors {
            role: query.to_vec(),
            requirements: Vec::new(),
        };
        rank_candidates(pool, &role, &vectors, &extractor, &weights, TOP_K, 0.0)
            .expect("rank")
            .into_iter()
            .map(|c| c.candidate_id)
            .collect()
    };

    // On disk: exact first, then the same pool committed again with its HNSW graph.
    let home = tempfile::tempdir().expect("temporary folder");
    let name = "bench";
    let mut store = PoolStore::new(home.path(), name).expect("pool");
    store.exact_below = usize::MAX;
    let mut writer = DiskWriter::open(store.clone(), Duration::ZERO, &meta).expect("writer");
    let disk_write = n as f64 / write_all(&mut writer, &vectors, n);
    drop(writer);
    let exact_pool = store.load().expect("load");
    let disk_exact = rank_each(&queries, |q| rank(&exact_pool, q));
    drop(exact_pool);
    store.exact_below = 0;
    let mut writer = DiskWriter::open(store.clone(), Duration::ZERO, &meta).expect("writer");
    let start = Instant::now();
    writer.commit().expect("commit with graph");
    let disk_graph_s = start.elapsed().as_secs_f64();
    drop(writer);
    let graph_pool = store.load().expect("load");
    let disk_hnsw = rank_each(&queries, |q| rank(&graph_pool, q));
    drop(graph_pool);

    // In PostgreSQL: the same candidates, exact, then with the pool's HNSW index.
    let pg = PgStore::new(&url).expect("store URL");
    let pg_name = format!("bench-{}", std::process::id());
    let mut writer = pg
        .writer(&pg_name, &meta, Some(usize::MAX), Duration::from_secs(60))
        .expect("writer");
    let pg_write = n as f64 / write_all(&mut writer, &vectors, PG_COMMIT_EVERY);
    drop(writer);
    let nearest = |q: &[f32]| {
        let (_, data) = pg
            .nearest(&pg_name, q, retrieval_width(TOP_K))
            .expect("nearest");
        LoadedPool::in_memory(data)
    };
    let pg_exact = rank_each(&queries, |q| rank(&nearest(q), q));
    let mut writer = pg
        .writer(&pg_name, &meta, Some(0), Duration::from_secs(60))
        .expect("writer");
    let start = Instant::now();
    writer.commit().expect("commit with index");
    let pg_index_s = start.elapsed().as_secs_f64();
    let pg_hnsw = rank_each(&queries, |q| rank(&nearest(q), q));
    // Writes into the indexed pool: pgvector keeps the index up to date row by row.
    let more = clustered_with_spread(n / 20, 43, 0.6);
    let start = Instant::now();
    for (j, v) in more.iter().enumerate() {
        stage(&mut writer, n + j, v);
        if (j + 1) % PG_COMMIT_EVERY == 0 || j + 1 == more.len() {
            writer.commit().expect("commit");
        }
    }
    let pg_indexed_write = more.len() as f64 / start.elapsed().as_secs_f64();
    drop(writer);
    println!(
        "{}",
        serde_json::json!({"store": "postgres", "search": "hnsw", "added_to_indexed_pool": more.len(), "candidates_per_s": pg_indexed_write.round()})
    );

    // Both exact paths must agree before any figure is printed.
    assert_eq!(
        disk_exact.tops, pg_exact.tops,
        "exact top 10 differ between the stores"
    );
    report("disk", "exact", disk_write, None, &disk_exact, &disk_exact);
    report(
        "disk",
        "hnsw",
        disk_write,
        Some(disk_graph_s),
        &disk_hnsw,
        &disk_exact,
    );
    report("postgres", "exact", pg_write, None, &pg_exact, &disk_exact);
    report(
        "postgres",
        "hnsw",
        pg_write,
        Some(pg_index_s),
        &pg_hnsw,
        &disk_exact,
    );
}
