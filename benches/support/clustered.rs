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
            let mut v: Vec<f32> = centre.iter().map(|c| c + spread * next()).collect();
            normalize(&mut v);
            v
        })
        .collect()
}
