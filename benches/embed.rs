//! Embedding throughput with the real model (fetched into models/ on first run): short texts
//! (~15 words), long resumes (~650 words, 5 windows each) and a mix of both with mid-length
//! texts. Each bench first checks its result is right: batched vectors equal one-at-a-time
//! vectors. Throughput is in texts; benches/throughput.rs reports tokens/s too.

use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rolematch::embed::{BertEmbedder, Embedder};
use rolematch::model_store::{self, ModelManifest, StoreConfig, DEFAULT_MODEL_ID};
use rolematch::vector::dot;

fn embedder() -> BertEmbedder {
    let manifest = ModelManifest::find(DEFAULT_MODEL_ID).expect("built-in manifest");
    let files = model_store::resolve(
        &manifest,
        &StoreConfig::new(Path::new(env!("CARGO_MANIFEST_DIR"))),
    )
    .expect("model files (run `rolematch model fetch`)");
    BertEmbedder::load(&files, &candle_core::Device::Cpu).expect("model loads")
}

fn short_texts(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("Engineer number {i} shipped retrieval, evals and dashboards for LLM features in production."))
        .collect()
}

fn resume_text() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/resume.md"))
        .expect("example resume")
        .repeat(3)
}

fn assert_batch_equals_single(embedder: &BertEmbedder, texts: &[&str]) {
    let batch = embedder.embed_documents(texts).unwrap();
    for (text, b) in texts.iter().zip(&batch) {
        let single = embedder.embed_documents(&[text]).unwrap().remove(0);
        assert!(
            dot(&single.vector, &b.vector) > 0.99999,
            "batched vector differs for {text:?}"
        );
    }
}

fn bench_embedding(c: &mut Criterion) {
    let embedder = embedder();
    let short = short_texts(64);
    let short_refs: Vec<&str> = short.iter().map(String::as_str).collect();
    let resume = resume_text();
    assert_batch_equals_single(&embedder, &short_refs[..8]);
    assert_batch_equals_single(&embedder, &[&resume, short_refs[0]]);

    let mut group = c.benchmark_group("embed");
    group.sample_size(10);
    group.throughput(Throughput::Elements(short_refs.len() as u64));
    group.bench_function(BenchmarkId::new("short_texts", short_refs.len()), |b| {
        b.iter(|| embedder.embed_documents(&short_refs).unwrap())
    });
    let resumes: Vec<&str> = std::iter::repeat_n(resume.as_str(), 8).collect();
    group.throughput(Throughput::Elements(resumes.len() as u64));
    group.bench_function(BenchmarkId::new("long_resumes", resumes.len()), |b| {
        b.iter(|| embedder.embed_documents(&resumes).unwrap())
    });
    // The mix a pool build sees: whole resumes, their passages, and short queries.
    let mut mixed: Vec<&str> = short_refs[..32].to_vec();
    mixed.extend(std::iter::repeat_n(resume.as_str(), 4));
    let passages: Vec<&str> = resume.split("\n\n").filter(|p| p.len() > 80).collect();
    mixed.extend(passages.iter().cycle().take(16));
    assert_batch_equals_single(&embedder, &mixed[30..38]);
    group.throughput(Throughput::Elements(mixed.len() as u64));
    group.bench_function(BenchmarkId::new("mixed", mixed.len()), |b| {
        b.iter(|| embedder.embed_documents(&mixed).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench_embedding);
criterion_main!(benches);
