//! Dense matrix products in 16-bit integers on the CPU. Weights are quantized per output row
//! when the model loads and activations per row on every call, both symmetrically onto
//! `[-limit, limit]`; AVX-512 VNNI's `vpdpwssd` then does 32 multiply-adds per instruction, twice
//! what an F32 FMA does, into 32-bit sums. Inputs are summed in blocks of 192, each block's sum
//! scaled and added to the F32 output, and `limit` (3,344, almost 12 bits) is the largest that
//! keeps a block's sum from overflowing (`192 · limit² < 2³¹`). Vectors stay within cosine
//! 0.9999 of F32 (the parity tests check it against sentence-transformers). CPUs with AVX2 but
//! not VNNI get `vpmaddwd` and `vpaddd` (16 multiply-adds and an add per instruction pair, the
//! same integer sums; on an AVX2-only AMD EPYC int16 ran 1.4–1.6× F32); others a portable loop
//! with the same sums.

use super::integer_products::{quantize_symmetric, IntegerMatrix, Kernel, PackedWeights};

/// Names this quantization scheme in the model fingerprint, so vectors cached by a build with
/// another scheme (block size, limit, rounding) are made again rather than mixed in. Raise it
/// whenever a change here moves the vectors.
pub(crate) const SCHEME: &str = "int16-b192";
/// Input pairs summed in 32 bits before the sum is scaled into the F32 output. 96 pairs of a
/// panel (24 KiB) and of a task's rows (18 KiB) also fit the 48 KiB level-1 cache together,
/// so the panel is read from there by every tile of the task.
const BLOCK_PAIRS: usize = 96;

/// A weight matrix quantized to 16-bit integers, packed in input pairs (the operand layout of
/// `vpdpwssd`).
pub(crate) struct Int16Matrix {
    weights: PackedWeights<i16>,
    /// The largest quantized magnitude, for weights and activations alike.
    limit: f32,
}

/// Whether this CPU multiplies 16-bit integers in vectors (AVX-512 VNNI, or AVX2's
/// `vpmaddwd`), the cases where the int16 products are faster than F32.
pub(crate) fn has_fast_kernel() -> bool {
    Kernel::detect() != Kernel::Portable
}

impl Int16Matrix {
    /// Quantizes `weight`, row-major `(outputs, inputs)`.
    pub fn new(weight: &[f32], outputs: usize, inputs: usize) -> Int16Matrix {
        let limit = limit_for(inputs.div_ceil(2).min(BLOCK_PAIRS));
        let weights = PackedWeights::new(weight, outputs, inputs, |row, out| {
            quantize_symmetric(row, limit, out)
        });
        Int16Matrix { weights, limit }
    }
}

impl IntegerMatrix for Int16Matrix {
    fn outputs(&self) -> usize {
        self.weights.outputs
    }

    fn inputs(&self) -> usize {
        self.weights.inputs
    }

    /// Each task quantizes its rows into pairs, then multiplies them tile by tile of 6 rows × 64
    /// outputs, one block of input pairs at a time.
    fn forward_with(
        &self,
        kernel: Kernel,
        x: &[f32],
        bias: &[f32],
        residual: Option<&[f32]>,
    ) -> Vec<f32> {
        self.weights.forward(
            kernel,
            x,
            bias,
            residual,
            BLOCK_PAIRS,
            |values, words, _| {
                let as_i16: &mut [i16] = bytemuck::cast_slice_mut(words);
                match kernel {
                    #[cfg(target_arch = "x86_64")]
                    // SAFETY: `Kernel::detect` found AVX-512F on this CPU.
                    Kernel::Avx512Vnni => unsafe {
                        avx512::quantize_row(values, self.limit, as_i16)
                    },
                    #[cfg(target_arch = "x86_64")]
                    // SAFETY: `Kernel::detect` found AVX2 on this CPU.
                    Kernel::Avx2 => unsafe { avx2::quantize_row(values, self.limit, as_i16) },
                    Kernel::Portable => quantize_symmetric(values, self.limit, as_i16),
                }
            },
        )
    }
}

/// The largest quantized magnitude for blocks of `pairs` input pairs: a sum of `2·pairs`
/// products of two values of at most `limit` each stays below 2³¹.
fn limit_for(pairs: usize) -> f32 {
    let products = (2 * pairs.max(1)) as f64;
    (f64::from(i32::MAX) / products).sqrt().floor().min(32767.0) as f32
}

#[cfg(target_arch = "x86_64")]
mod avx512 {
    use std::arch::x86_64::*;

    /// `quantize_symmetric` onto 16 bits in AVX-512; the conversion rounds to nearest, ties to
    /// even (the default rounding mode), so both give the same integers.
    #[target_feature(enable = "avx512f")]
    pub(crate) fn quantize_row(values: &[f32], limit: f32, out: &mut [i16]) -> f32 {
        let n = values.len();
        assert!(out.len() >= n, "room for every value");
        let whole = n / 16;
        let rest_mask: __mmask16 = (1u32 << (n % 16)).wrapping_sub(1) as u16;
        let src = values.as_ptr();
        let dst = out.as_mut_ptr();
        // SAFETY: every load and store below stays within `values` and `out` (asserted at
        // least as long as `values`); the tail is masked.
        unsafe {
            let mut max = _mm512_setzero_ps();
            let mut not_finite: __mmask16 = 0;
            for i in 0..=whole {
                let v = if i < whole {
                    _mm512_loadu_ps(src.add(i * 16))
                } else {
                    _mm512_maskz_loadu_ps(rest_mask, src.add(i * 16))
                };
                let a = _mm512_abs_ps(v);
                // Not at most f32::MAX, or unordered: infinity or NaN.
                not_finite |= _mm512_cmp_ps_mask::<_CMP_NLE_UQ>(a, _mm512_set1_ps(f32::MAX));
                max = _mm512_max_ps(max, a);
            }
            out[n..].fill(0);
            let max = _mm512_reduce_max_ps(max);
            if not_finite != 0 || !(limit / max).is_finite() {
                out[..n].fill(0);
                return if not_finite != 0 { f32::NAN } else { 0.0 };
            }
            let inverse = _mm512_set1_ps(limit / max);
            for i in 0..whole {
                let q =
                    _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_loadu_ps(src.add(i * 16)), inverse));
                _mm256_storeu_si256(dst.add(i * 16).cast(), _mm512_cvtepi32_epi16(q));
            }
            let v = _mm512_maskz_loadu_ps(rest_mask, src.add(whole * 16));
            let q = _mm512_cvtps_epi32(_mm512_mul_ps(v, inverse));
            _mm512_mask_cvtepi32_storeu_epi16(dst.add(whole * 16).cast(), rest_mask, q);
            max / limit
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::*;

    /// `quantize_symmetric` onto 16 bits in AVX2, 8 values at a time (the tail as the portable
    /// loop does it); the conversion rounds to nearest, ties to even (the default rounding
    /// mode), so both give the same integers. Without it the portable loop calls libm's
    /// `rintf` for every value.
    #[target_feature(enable = "avx2")]
    pub(crate) fn quantize_row(values: &[f32], limit: f32, out: &mut [i16]) -> f32 {
        let n = values.len();
        assert!(out.len() >= n, "room for every value");
        let whole = n / 8 * 8;
        let src = values.as_ptr();
        let dst = out.as_mut_ptr();
        let sign = _mm256_set1_ps(-0.0);
        let largest = _mm256_set1_ps(f32::MAX);
        let mut max = _mm256_setzero_ps();
        let mut not_finite = 0;
        for i in (0..whole).step_by(8) {
            // SAFETY: `i + 8 <= whole <= n`: the load reads 8 values of `values`.
            let a = _mm256_andnot_ps(sign, unsafe { _mm256_loadu_ps(src.add(i)) });
            // Not at most f32::MAX, or unordered: infinity or NaN.
            not_finite |= _mm256_movemask_ps(_mm256_cmp_ps::<_CMP_NLE_UQ>(a, largest));
            max = _mm256_max_ps(max, a);
        }
        let mut lanes = [0f32; 8];
        // SAFETY: `lanes` holds 8 floats.
        unsafe { _mm256_storeu_ps(lanes.as_mut_ptr(), max) };
        let tail = &values[whole..];
        let not_finite = not_finite != 0 || tail.iter().any(|v| !v.is_finite());
        let max = tail.iter().chain(&lanes).fold(0f32, |m, v| m.max(v.abs()));
        out.fill(0);
        if not_finite || !(limit / max).is_finite() {
            return if not_finite { f32::NAN } else { 0.0 };
        }
        let inverse = limit / max;
        let inverse_lanes = _mm256_set1_ps(inverse);
        for i in (0..whole).step_by(8) {
            // SAFETY: as above for the load; the store writes 8 i16 of `out`, which is at
            // least as long as `values`.
            unsafe {
                let q =
                    _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(src.add(i)), inverse_lanes));
                let packed =
                    _mm_packs_epi32(_mm256_castsi256_si128(q), _mm256_extracti128_si256::<1>(q));
                _mm_storeu_si128(dst.add(i).cast(), packed);
            }
        }
        for (q, &v) in out[whole..n].iter_mut().zip(tail) {
            *q = (v * inverse).round_ties_even() as i16;
        }
        max / limit
    }
}

#[cfg(test)]
mod tests {
    use super::super::integer_products::test_values::{
        assert_every_kernel_gives, assert_vector_kernel_gives_the_portable_sums,
        assert_zero_rows_add_nothing_and_non_finite_rows_give_nan, float_product, kernels, values,
    };
    use super::*;

    #[test]
    fn products_match_f32_within_the_quantization_step_on_odd_shapes() {
        // Odd widths, a partial panel, a partial tile and more than one task of rows.
        for (rows, inputs, outputs) in [
            (1, 1, 1),
            (7, 5, 3),
            (53, 67, 130),
            (100, 384, 64),
            (0, 4, 2),
        ] {
            let x = values(rows * inputs, 1);
            let w = values(outputs * inputs, 2);
            let matrix = Int16Matrix::new(&w, outputs, inputs);
            let expected = float_product(&x, &w, inputs);
            for kernel in kernels() {
                let out = matrix.forward_with(kernel, &x, &vec![0.5; outputs], None);
                for (got, want) in out.iter().zip(&expected) {
                    // Each value is off by at most half a step of 1/limit; summed over inputs.
                    let bound = inputs as f32 * 2.0 / matrix.limit + 1e-5;
                    assert!(
                        (got - 0.5 - want).abs() <= bound,
                        "{kernel:?} {rows}×{inputs}×{outputs}: {got} vs {want} + 0.5"
                    );
                }
            }
        }
    }

    #[test]
    fn avx2_quantization_gives_the_portable_integers() {
        #[cfg(target_arch = "x86_64")]
        if is_x86_feature_detected!("avx2") {
            let limit = limit_for(96);
            let mut cases: Vec<Vec<f32>> = [1, 7, 8, 15, 384, 1539]
                .iter()
                .map(|&n| values(n, 12).iter().map(|v| v * 3.0).collect())
                .collect();
            cases.push(vec![0.0; 20]);
            // So small that `limit / max` overflows: a zero row, not -32768 in every lane.
            cases.push(vec![1e-37; 11]);
            let mut nan = values(20, 13);
            nan[9] = f32::NAN;
            cases.push(nan);
            let mut infinite = values(19, 14);
            infinite[18] = f32::NEG_INFINITY;
            cases.push(infinite);
            for x in cases {
                let n = x.len();
                let (mut plain, mut fast) = (vec![7i16; n + 5], vec![9i16; n + 5]);
                let expected = quantize_symmetric(&x, limit, &mut plain);
                // SAFETY: the CPU has AVX2 (checked above).
                let got = unsafe { avx2::quantize_row(&x, limit, &mut fast) };
                assert_eq!(got.to_bits(), expected.to_bits(), "n = {n}");
                assert_eq!(fast, plain, "n = {n}");
            }
        }
    }

    #[test]
    fn every_kernel_gives_the_sums_of_an_independent_integer_reference() {
        // The reference quantizes rows the documented way and multiplies the integers plainly
        // (no packing, no panels, no blocks), so a packing or ordering fault in either kernel
        // shows, on every CPU.
        let (rows, inputs, outputs) = (9, 1000, 70);
        let x = values(rows * inputs, 7);
        let w = values(outputs * inputs, 8);
        let matrix = Int16Matrix::new(&w, outputs, inputs);
        let bias = values(outputs, 9);
        let quantize = |row: &[f32]| {
            let mut q = vec![0i16; row.len()];
            let step = quantize_symmetric(row, matrix.limit, &mut q);
            (q, f64::from(step))
        };
        let weights: Vec<_> = w.chunks_exact(inputs).map(quantize).collect();
        let expected: Vec<f64> = x
            .chunks_exact(inputs)
            .flat_map(|row| {
                let (qx, sx) = quantize(row);
                weights
                    .iter()
                    .zip(&bias)
                    .map(|((qw, sw), b)| {
                        let sum: i64 = qx
                            .iter()
                            .zip(qw)
                            .map(|(a, b)| i64::from(*a) * i64::from(*b))
                            .sum();
                        sum as f64 * sx * sw + f64::from(*b)
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_every_kernel_gives(&matrix, &x, &bias, &expected, 1e-5);
    }

    #[test]
    fn vector_kernel_gives_the_portable_sums() {
        assert_vector_kernel_gives_the_portable_sums(Int16Matrix::new);
    }

    #[test]
    fn the_largest_sums_do_not_overflow() {
        // Every value at full scale: each block's sum is 192 · limit², the case the limit is for.
        for inputs in [384, 1536, 4096] {
            let (rows, outputs) = (6, 16);
            let x = vec![-3.0f32; rows * inputs];
            let w = vec![2.0f32; outputs * inputs];
            let matrix = Int16Matrix::new(&w, outputs, inputs);
            for kernel in kernels() {
                let out = matrix.forward_with(kernel, &x, &[0.0; 16], None);
                let want = -6.0 * inputs as f32;
                for got in out {
                    assert!((got - want).abs() <= want.abs() * 1e-5, "{kernel:?}: {got}");
                }
            }
        }
    }

    #[test]
    fn zero_rows_add_nothing_and_non_finite_rows_give_nan() {
        assert_zero_rows_add_nothing_and_non_finite_rows_give_nan(Int16Matrix::new);
    }

    #[test]
    fn limit_keeps_the_worst_sum_below_two_to_the_31() {
        for pairs in [1, 2, 192, 768, 2048, 100_000] {
            let limit = f64::from(limit_for(pairs));
            assert!(2.0 * pairs as f64 * limit * limit <= f64::from(i32::MAX));
            assert!(limit <= 32767.0);
        }
        assert_eq!(limit_for(BLOCK_PAIRS), 3344.0);
    }
}
