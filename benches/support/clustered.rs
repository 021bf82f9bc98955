//! Clustered unit vectors for the index benchmarks, from a fixed seed.

use rolematch::vector::normalize;

/// Dimensions of the vectors (the default model's).
pub const DIM: usize = 384;

/// Unit vectors around 100 random centres, the way embeddings of similar texts cluster
/// (uniformly random 384-d vectors have no near neighbours worth the name).
#[allow(dead_code)] // each bench uses one of the two
pub fn clustered_unit_vectors(n: usize, seed: u64) -> Vec<Vec<f32>> {
    clustered_with_spread(n, seed, 0.6)
}

/// The same, with `spread` the size of the noise around each centre (a centre's coordinates
/// are within ±0.5): the smaller, the tighter the clusters.
#[allow(dead_code)] // each bench uses one of the two
pub fn clustered_with_spread(n: usize, seed: u64, spread: f32) -> Vec<Vec<f32>> {
    let mut next = stream(seed);
    let centres = centres(&mut next);
    around(&centres, n, spread, next)
}

/// `n` queries around the same centres as `clustered_with_spread(_, data_seed, spread)`'s
/// vectors, with noise of their own from `query_seed`: queries that look like the data, as a
/// role looks like the resumes that fit it.
#[allow(dead_code)] // each bench uses one of the two
pub fn queries_near(n: usize, data_seed: u64, query_seed: u64, spread: f32) -> Vec<Vec<f32>> {
    let centres = centres(&mut stream(data_seed));
    around(&centres, n, spread, stream(query_seed ^ 0x9e37_79b9))
}

/// Uniform numbers in [-0.5, 0.5) from a xorshift generator.
fn stream(seed: u64) -> impl FnMut() -> f32 {
    let mut state = seed.max(1);
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f32 / (1u64 << 53) as f32 - 0.5
    }
}

fn centres(next: &mut impl FnMut() -> f32) -> Vec<Vec<f32>> {
    (0..100)
        .map(|_| (0..DIM).map(|_| next()).collect())
        .collect()
}

fn around(
    centres: &[Vec<f32>],
    n: usize,
    spread: f32,
    mut next: impl FnMut() -> f32,
) -> Vec<Vec<f32>> {
    (0..n)
        .map(|i| {
            let centre = &centres[(i * 7919) % centres.len()];
            let mut v: Vec<f32> = centre.iter().map(|c| c + spread * next()).collect();
            normalize(&mut v);
            v
        })
        .collect()
}
