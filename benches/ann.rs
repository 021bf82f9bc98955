//! The pool's HNSW graph side by side with hnswlib (scripts/bench_hnsw_vs_hnswlib.sh runs
//! both): writes the vectors, the queries (around the same cluster centres as the vectors, as
//! a role sits among the resumes that fit it) and the exact top 10 of each query into
//! ROLEMATCH_ANN_DIR for the other side to read, then builds the graph (M 16, ef_construction
//! 200, every core) and prints one JSON line for the build and one per ef_search: recall@10
//! against the exact answer and single-thread queries per second, and one for what a pool does
//! per ranking (an exact scan, or the graph's 500 nearest re-scored). ROLEMATCH_ANN_N sets the
//! number of vectors (default 100,000), ROLEMATCH_ANN_SPREAD the noise around the 100 cluster
//! centres (default 0.6, the index bench's diffuse clusters; smaller is tighter).

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use rolematch::index::{FlatIndex, HnswIndex, HnswParams, VectorIndex};

#[path = "support/clustered.rs"]
mod clustered;
use clustered::{clustered_with_spread, queries_near, DIM};

const QUERIES: usize = 1_000;
const EF: [usize; 7] = [16, 32, 64, 128, 256, 384, 512];

fn write_f32(path: &Path, vectors: &[Vec<f32>]) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("writable"));
    for v in vectors {
        for x in v {
            out.write_all(&x.to_le_bytes()).expect("writable");
        }
    }
    out.flush().expect("writable");
}

fn main() {
    let Some(dir) = std::env::var_os("ROLEMATCH_ANN_DIR") else {
        eprintln!("ann: set ROLEMATCH_ANN_DIR to a folder for the shared vectors; skipped");
        return;
    };
    let dir = Path::new(&dir);
    let n: usize = std::env::var("ROLEMATCH_ANN_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let spread: f32 = std::env::var("ROLEMATCH_ANN_SPREAD")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.6);
    let data = clustered_with_spread(n, 42, spread);
    let queries = queries_near(QUERIES, 42, 7, spread);
    let flat = FlatIndex::from_vectors(DIM, &data).expect("flat index");
    let truth: Vec<Vec<usize>> = queries
        .iter()
        .map(|q| flat.search(q, 10).unwrap().iter().map(|h| h.id).collect())
        .collect();
    write_f32(&dir.join("base.f32"), &data);
    write_f32(&dir.join("queries.f32"), &queries);
    std::fs::write(
        dir.join("truth.json"),
        serde_json::to_string(&truth).expect("serialises"),
    )
    .expect("writable");

    let start = Instant::now();
    let mut hnsw = HnswIndex::build(DIM, data, HnswParams::default()).expect("builds");
    let build_s = start.elapsed().as_secs_f64();
    println!(
        "{}",
        serde_json::json!({"system": "rolematch (hnsw_rs)", "n": n, "spread": spread, "build_s": build_s,
            "threads": rayon::current_num_threads()})
    );
    // Queries run one at a time on one thread, as a ranking does.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a thread pool");
    // What a pool does per ranking: an exact scan of every vector, or the graph's 500
    // nearest (ef 500) re-scored exactly.
    let (exact_s, pool_s, pool_hits) = pool.install(|| {
        let start = Instant::now();
        for q in &queries {
            flat.search(q, 10).unwrap();
        }
        let exact_s = start.elapsed().as_secs_f64();
        hnsw.set_ef_search(64);
        let start = Instant::now();
        let mut hits = 0;
        for (q, t) in queries.iter().zip(&truth) {
            let mut found = hnsw.search(q, 500).unwrap();
            found.truncate(10);
            hits += found.iter().filter(|h| t.contains(&h.id)).count();
        }
        (exact_s, start.elapsed().as_secs_f64(), hits)
    });
    println!(
        "{}",
        serde_json::json!({"system": "rolematch (pool)", "exact_ms_per_query": exact_s * 1e3 / QUERIES as f64,
            "graph_500_ms_per_query": pool_s * 1e3 / QUERIES as f64,
            "graph_500_recall_at_10": pool_hits as f64 / (QUERIES * 10) as f64})
    );
    for ef in EF {
        hnsw.set_ef_search(ef);
        let (hits, seconds) = pool.install(|| {
            let start = Instant::now();
            let mut hits = 0;
            for (q, t) in queries.iter().zip(&truth) {
                hits += hnsw
                    .search(q, 10)
                    .unwrap()
                    .iter()
                    .filter(|h| t.contains(&h.id))
                    .count();
            }
            (hits, start.elapsed().as_secs_f64())
        });
        println!(
            "{}",
            serde_json::json!({"system": "rolematch (hnsw_rs)", "ef": ef,
                "recall_at_10": hits as f64 / (QUERIES * 10) as f64,
                "queries_per_s": QUERIES as f64 / seconds})
        );
    }
}
