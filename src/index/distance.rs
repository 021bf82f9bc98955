//! The distance an HNSW graph is built and searched with: 1 − dot product of unit vectors,
//! where the dot product is compiled for the widest vector unit the CPU has (AVX-512 or AVX2,
//! checked once at run time). It only steers the graph: every result is re-scored with
//! [`crate::vector::dot`], so scores and their order do not depend on the CPU.

use std::sync::LazyLock;

use anndists::dist::Distance;

type DotFn = fn(&[f32], &[f32]) -> f32;

/// The fastest dot product this CPU runs.
static NAVIGATION_DOT: LazyLock<DotFn> = LazyLock::new(fastest_dot);

fn fastest_dot() -> DotFn {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f") {
            return x86::dot_avx512;
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            return x86::dot_avx2;
        }
    }
    crate::vector::dot
}

/// The dot product HNSW navigation uses (not for scores: see the module's note).
pub fn navigation_dot(a: &[f32], b: &[f32]) -> f32 {
    (*NAVIGATION_DOT)(a, b)
}

/// 1 − dot product, clamped at 0. hnsw_rs's own `DistDot` asserts `dot <= 1`, which rounding
/// can break for unit vectors, and an assertion would abort the process.
#[derive(Debug, Clone, Copy, Default)]
pub struct UnitCosineDistance;

impl Distance<f32> for UnitCosineDistance {
    fn eval(&self, a: &[f32], b: &[f32]) -> f32 {
        (1.0 - navigation_dot(a, b)).max(0.0)
    }
}

/// A dot product over `L` independent lanes: with the right target features the compiler
/// keeps them in vector registers (several, to hide the latency of the additions).
#[inline(always)]
fn lanes_dot<const L: usize>(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut lanes = [0.0f32; L];
    let a_chunks = a.chunks_exact(L);
    let b_chunks = b.chunks_exact(L);
    let tail: f32 = a_chunks
        .remainder()
        .iter()
        .zip(b_chunks.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (ca, cb) in a_chunks.zip(b_chunks) {
        for i in 0..L {
            lanes[i] += ca[i] * cb[i];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use super::lanes_dot;

    /// Four 512-bit accumulators.
    pub fn dot_avx512(a: &[f32], b: &[f32]) -> f32 {
        // SAFETY: chosen by `fastest_dot` only on a CPU with AVX-512F.
        unsafe { avx512(a, b) }
    }

    /// Four 256-bit accumulators.
    pub fn dot_avx2(a: &[f32], b: &[f32]) -> f32 {
        // SAFETY: chosen by `fastest_dot` only on a CPU with AVX2.
        unsafe { avx2(a, b) }
    }

    #[target_feature(enable = "avx512f")]
    unsafe fn avx512(a: &[f32], b: &[f32]) -> f32 {
        lanes_dot::<64>(a, b)
    }

    #[target_feature(enable = "avx2")]
    unsafe fn avx2(a: &[f32], b: &[f32]) -> f32 {
        lanes_dot::<32>(a, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_matches_the_plain_sum() {
        let mut variants: Vec<(&str, DotFn)> = vec![("portable", crate::vector::dot)];
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx512f") {
                variants.push(("avx512", x86::dot_avx512));
            }
            if std::arch::is_x86_feature_detected!("avx2") {
                variants.push(("avx2", x86::dot_avx2));
            }
        }
        variants.push(("chosen", navigation_dot));
        for n in [0, 1, 31, 32, 33, 63, 64, 65, 100, 384, 1000] {
            let a: Vec<f32> = (0..n).map(|i| (i as f32 * 0.37).sin()).collect();
            let b: Vec<f32> = (0..n).map(|i| (i as f32 * 0.11).cos()).collect();
            let plain: f64 = a.iter().zip(&b).map(|(x, y)| *x as f64 * *y as f64).sum();
            for (name, dot) in &variants {
                assert!((dot(&a, &b) as f64 - plain).abs() < 1e-3, "{name}, n = {n}");
            }
        }
    }

    #[test]
    fn distance_is_never_negative() {
        // A "unit" vector whose dot product with itself rounds above 1.
        let v = vec![1.0001f32 / (384f32).sqrt(); 384];
        assert!(navigation_dot(&v, &v) > 1.0);
        assert_eq!(UnitCosineDistance.eval(&v, &v), 0.0);
    }
}
