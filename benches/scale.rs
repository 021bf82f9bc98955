//! How a pool's time and memory grow: builds a pool of N synthetic resumes with the real model
//! and the real pool store, ranks it for one role, and prints one JSON line with the time of
//! each stage and the process's peak memory. scripts/bench_scale.sh runs it for several N,
//! one process each, and prints the README's table. With ROLEMATCH_BENCH_MATCH set it instead
//! times `match` of one resume in a warm process.
//!
//! Stages: tokenize (the tokenizer alone, over every text the model sees: each resume and each
//! of its passages), embed (model and tokenizer together, in the batches `pool build` uses;
//! "model" in the table is embed minus tokenize), index (writing the pool generation, with its
//! HNSW graph when the pool is that large, and loading it back), rank (retrieval, scoring and
//! explaining every candidate the pool returns for one role).
//!
//! Before reporting it checks the results: every vector is unit length, a sample of resumes
//! gets the same vector alone as in its batch, the pool's retrieval finds at least 9 of the 10
//! candidates nearest the role by exact search, and the ranking is sorted.
//!
//! Environment: ROLEMATCH_BENCH_POOL (resumes, default 100), ROLEMATCH_BENCH_ROLE (default
//! llmops-engineer), ROLEMATCH_BENCH_MATCH (a resume file: time warm `match` instead).

use std::path::Path;
use std::time::{Duration, Instant};

use rolematch::analyze::{analyze, document_passages};
use rolematch::catalog::Catalog;
use rolematch::embed::{BertEmbedder, Embedder};
use rolematch::model_store::{self, ModelManifest, StoreConfig, DEFAULT_MODEL_ID};
use rolematch::pool::{content_hash, PoolData, PoolStore};
use rolematch::rank::{embed_opening, rank_candidates};
use rolematch::read::{document_from_text, Document};
use rolematch::score::ScoreWeights;
use rolematch::skills::{SkillExtractor, Taxonomy};
use rolematch::vector::dot;
use rolematch::{Matcher, MatcherOptions};

/// Files embedded together, as `pool build` does.
const INGEST_BATCH: usize = 16;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = ModelManifest::find(DEFAULT_MODEL_ID).expect("built-in manifest");
    let files = model_store::resolve(&manifest, &StoreConfig::new(root))
        .expect("model files (run `rolematch model fetch`)");
    let start = Instant::now();
    let embedder = BertEmbedder::load(&files, &candle_core::Device::Cpu).expect("the model loads");
    let load_seconds = start.elapsed().as_secs_f64();
    match std::env::var("ROLEMATCH_BENCH_MATCH") {
        Ok(resume) => warm_match(embedder, Path::new(&resume), load_seconds),
        Err(_) => pool_scale(&embedder, &files.path("tokenizer.json"), root),
    }
}

fn pool_scale(embedder: &BertEmbedder, tokenizer_path: &Path, root: &Path) {
    let n: usize = std::env::var("ROLEMATCH_BENCH_POOL")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let role_id =
        std::env::var("ROLEMATCH_BENCH_ROLE").unwrap_or_else(|_| "llmops-engineer".into());
    let documents = synthetic_resumes(root, n);
    let words: usize = documents
        .iter()
        .map(|d| d.text().split_whitespace().count())
        .sum();

    // Tokenization alone, over exactly the texts the model will see.
    let mut tokenizer = tokenizers::Tokenizer::from_file(tokenizer_path).expect("tokenizer");
    tokenizer.with_truncation(None).expect("no truncation");
    let texts: Vec<&str> = documents
        .iter()
        .flat_map(|d| {
            std::iter::once(d.text())
                .chain(document_passages(d).into_iter().map(move |r| &d.text()[r]))
        })
        .collect();
    let start = Instant::now();
    let tokens: usize = texts
        .chunks(INGEST_BATCH * 8)
        .map(|chunk| {
            let encodings = tokenizer
                .encode_batch(chunk.to_vec(), true)
                .expect("tokenizes");
            encodings.iter().map(|e| e.len()).sum::<usize>()
        })
        .sum();
    let tokenize = start.elapsed();

    let taxonomy = Taxonomy::builtin().expect("built-in skills");
    let catalog = Catalog::builtin(&taxonomy).expect("built-in catalog");
    let extractor = SkillExtractor::new(taxonomy);
    let start = Instant::now();
    let mut prepared = Vec::with_capacity(n);
    for batch in documents.chunks(INGEST_BATCH) {
        prepared.extend(analyze(embedder, &extractor, batch.to_vec(), false).expect("embeds"));
    }
    let embed = start.elapsed();
    for p in &prepared {
        let norm = dot(&p.embedding.vector, &p.embedding.vector);
        assert!(
            (norm - 1.0).abs() < 1e-4,
            "a resume vector is not unit length"
        );
    }
    for i in [0, n / 2, n - 1] {
        let alone =
            analyze(embedder, &extractor, documents[i..=i].to_vec(), false).expect("embeds");
        let cos = dot(&alone[0].embedding.vector, &prepared[i].embedding.vector);
        assert!(
            cos > 0.99999,
            "resume {i}: batched and alone differ ({cos})"
        );
    }

    let dir = tempfile::tempdir().expect("a temporary folder");
    let start = Instant::now();
    let mut data = PoolData::empty(
        embedder.fingerprint(),
        embedder.dimensions(),
        &catalog.version,
    );
    for (i, analysis) in prepared.into_iter().enumerate() {
        data.upsert(format!("resume-{i:05}.md"), analysis);
    }
    // A graph from 1,000 candidates up, so the table shows what it costs.
    let mut store = PoolStore::new(dir.path(), "bench").expect("pool store");
    store.exact_below = 1_000;
    let lock = store.lock(Duration::from_secs(5)).expect("pool lock");
    store.commit(&lock, &data).expect("commits");
    drop(data);
    let pool = store.load().expect("loads");
    let index = start.elapsed();
    assert_eq!(pool.data.len(), n);
    assert!(pool
        .data
        .is_unchanged("resume-00000.md", &content_hash(documents[0].text())));

    let role = catalog
        .roles
        .iter()
        .find(|r| r.id == role_id)
        .unwrap_or_else(|| panic!("no role {role_id}"));
    let start = Instant::now();
    let vectors = embed_opening(embedder, role).expect("embeds");
    let role_vector = vectors.role.clone();
    let ranked = rank_candidates(
        &pool,
        role,
        &vectors,
        &extractor,
        &ScoreWeights::default(),
        20,
        0.0,
    )
    .expect("ranks");
    let rank = start.elapsed();
    assert_eq!(ranked.len(), 20.min(n));
    let mut exact: Vec<(f32, usize)> = pool
        .data
        .vectors()
        .enumerate()
        .map(|(i, v)| (dot(v, &role_vector), i))
        .collect();
    exact.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let retrieved = pool.candidates_for(&role_vector, 60).expect("retrieves");
    let found = exact
        .iter()
        .take(10)
        .filter(|(_, i)| retrieved.contains(i))
        .count();
    assert!(
        found >= 9.min(n),
        "retrieval found {found} of the exact 10 nearest"
    );
    assert!(ranked
        .windows(2)
        .all(|w| w[0].result.score >= w[1].result.score));

    println!(
        "{}",
        serde_json::json!({
            "resumes": n,
            "words": words,
            "texts": texts.len(),
            "tokens": tokens,
            "search": format!("{:?}", pool.search),
            "tokenize_s": tokenize.as_secs_f64(),
            "embed_s": embed.as_secs_f64(),
            "model_s": (embed.saturating_sub(tokenize)).as_secs_f64(),
            "index_s": index.as_secs_f64(),
            "rank_s": rank.as_secs_f64(),
            "resumes_per_s": n as f64 / (embed + index).as_secs_f64(),
            "peak_rss_mb": peak_rss_mb(),
            "pool_bytes": dir_size(dir.path()),
        })
    );
}

/// `match` of one resume, many times in one process after a first (warm-up) run.
fn warm_match(embedder: BertEmbedder, resume: &Path, load_seconds: f64) {
    let taxonomy = Taxonomy::builtin().expect("built-in skills");
    let catalog = Catalog::builtin(&taxonomy).expect("built-in catalog");
    let extractor = SkillExtractor::new(taxonomy);
    let start = Instant::now();
    let matcher = Matcher::new(
        Box::new(embedder),
        catalog,
        extractor,
        MatcherOptions::default(),
    )
    .expect("matcher");
    let catalog_seconds = start.elapsed().as_secs_f64();
    let text = std::fs::read_to_string(resume).expect("the resume is readable");
    let document = document_from_text(&resume.to_string_lossy(), &text);
    let first = matcher
        .match_documents(vec![document.clone()])
        .expect("matches");
    const RUNS: u32 = 10;
    let start = Instant::now();
    for _ in 0..RUNS {
        let again = matcher
            .match_documents(vec![document.clone()])
            .expect("matches");
        assert_eq!(
            again[0].matches, first[0].matches,
            "the same resume gave a different result"
        );
    }
    let per_match = start.elapsed().as_secs_f64() / f64::from(RUNS);
    assert!(!first[0].matches.is_empty(), "the resume matched no role");
    println!(
        "{}",
        serde_json::json!({
            "resume": resume,
            "model_load_s": load_seconds,
            "catalog_embed_s": catalog_seconds,
            "match_s": per_match,
            "best_role": first[0].matches[0].role_id,
            "peak_rss_mb": peak_rss_mb(),
        })
    );
}

/// Resumes made of lines from the project's fixtures, chosen by a fixed generator, each with
/// a summary, an Experience section and a Skills section (about 150 words).
fn synthetic_resumes(root: &Path, n: usize) -> Vec<Document> {
    let mut lines: Vec<String> = Vec::new();
    for dir in [
        "tests/fixtures/resumes",
        "tests/fixtures/labelled",
        "examples",
    ] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
            .expect("fixtures")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).expect("fixture");
            lines.extend(
                text.lines()
                    .map(|l| l.trim().trim_start_matches(['-', '*', '#']).trim())
                    .filter(|l| l.split_whitespace().count() >= 4)
                    .map(str::to_string),
            );
        }
    }
    assert!(lines.len() > 20, "too few fixture lines");
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        // xorshift64*: fixed seed, so every run builds the same pool.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize
    };
    (0..n)
        .map(|i| {
            let mut text = format!(
                "# Candidate {i}\n\n{}\n\n## Experience\n\n",
                lines[next() % lines.len()]
            );
            let mut words = 0;
            while words < 110 {
                let line = &lines[next() % lines.len()];
                words += line.split_whitespace().count();
                text.push_str(&format!("- {line}\n"));
            }
            text.push_str(&format!("\n## Skills\n\n{}\n", lines[next() % lines.len()]));
            document_from_text(&format!("resume-{i:05}.md"), &text)
        })
        .collect()
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}
