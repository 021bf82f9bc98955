//! HNSW build and query on clustered unit vectors of 384 dimensions, with recall@10 against the
//! exact flat index measured (and asserted) before timing.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use rolematch::index::{FlatIndex, HnswIndex, HnswParams, VectorIndex};
use rolematch::vector::normalize;

const DIM: usize = 384;

/// Unit vectors around 100 random centres, the way embeddings of similar texts cluster
/// (uniformly random 384-d vectors have no near neighbours worth the name).
fn clustered_unit_vectors(n: usize, seed: u64) -> Vec<Vec<f32>> {
    let mut state = seed.max(1);
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f32 / (1u64 << 53) as f32 - 0.5
    };
    let centres: Vec<Vec<f32>> = (0..100)
        .map(|_| (0..DIM).map(|_| next()).collect())
        .collect();
    (0..n)
        .map(|i| {
            let centre = &centres[(i * 7919) % centres.len()];
            let mut v: Vec<f32> = centre.iter().map(|c| c + 0.6 * next()).collect();
            normalize(&mut v);
            v
        })
        .collect()
}

fn recall_at_10(hnsw: &HnswIndex, flat: &FlatIndex, queries: &[Vec<f32>]) -> f64 {
    let mut found = 0;
    for q in queries {
        let truth: Vec<usize> = flat.search(q, 10).unwrap().iter().map(|n| n.id).collect();
        found += hnsw
            .search(q, 10)
            .unwrap()
            .iter()
            .filter(|n| truth.contains(&n.id))
            .count();
    }
    found as f64 / (queries.len() * 10) as f64
}

fn bench_index(c: &mut Criterion) {
    let n = 10_000;
    let data = clustered_unit_vectors(n, 42);
    let queries = clustered_unit_vectors(200, 7);
    let flat = FlatIndex::from_vectors(DIM, &data).unwrap();
    let mut hnsw = HnswIndex::build(DIM, data.clone(), HnswParams::default()).unwrap();
    let mut recalls = Vec::new();
    for ef in [64, 128, 256] {
        hnsw.set_ef_search(ef);
        let recall = recall_at_10(&hnsw, &flat, &queries);
        eprintln!("hnsw recall@10 on {n} clustered vectors, ef_search {ef}: {recall:.3}");
        recalls.push(recall);
    }
    assert!(recalls[2] >= 0.95, "recall@10 at ef 256: {}", recalls[2]);

    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.bench_function(BenchmarkId::new("hnsw_build", n), |b| {
        b.iter(|| HnswIndex::build(DIM, data.clone(), HnswParams::default()).unwrap())
    });
    for ef in [64, 256] {
        hnsw.set_ef_search(ef);
        group.bench_function(BenchmarkId::new(format!("hnsw_query_k10_ef{ef}"), n), |b| {
            let mut i = 0;
            b.iter(|| {
                i = (i + 1) % queries.len();
                hnsw.search(&queries[i], 10).unwrap()
            })
        });
    }
    group.bench_function(BenchmarkId::new("flat_query_k10", n), |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % queries.len();
            flat.search(&queries[i], 10).unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_index);
criterion_main!(benches);
