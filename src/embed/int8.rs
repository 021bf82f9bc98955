//! Dense matrix products in 8-bit integers on the CPU, the opt-in `--precision int8`. Weights
//! are quantized per output row, symmetrically onto `[-127, 127]`, when the model loads;
//! activations per row on every call, asymmetrically onto `[0, 255]` with a zero point (the
//! row's range, widened to hold 0, spread over 256 steps), the unsigned operand AVX-512 VNNI's
//! `vpdpbusd` takes: 64 multiply-adds per instruction into 32-bit sums, twice `vpdpwssd`'s. The
//! zero point's share, `zero point · Σ weights` of each output, is taken off once per row. Its
//! vectors are further from F32 than int16's (the parity test's bound says how far), so
//! `auto` never picks it. CPUs without VNNI get a portable loop with the same integer sums.

use super::integer_products::{quantize_symmetric, IntegerMatrix, Kernel, PackedWeights};

/// Names this quantization scheme in the model fingerprint (see `int16::SCHEME`).
pub(crate) const SCHEME: &str = "int8-asym";
/// Input quads summed in 32 bits before the sum is scaled into the F32 output: a panel's 96
/// quads (24 KiB) and a task's (18 KiB) fit the level-1 cache together. The sums cannot
/// overflow: `4 · 96 · 255 · 127 < 2³¹`.
const BLOCK_QUADS: usize = 96;
/// The largest weight magnitude after quantization.
const WEIGHT_LIMIT: f32 = 127.0;

/// A weight matrix quantized to 8-bit integers, packed in input quads (the operand layout of
/// `vpdpbusd`).
pub(crate) struct Int8Matrix {
    weights: PackedWeights<i8>,
    /// Each output row's step times the sum of its quantized weights: what one unit of an
    /// activation row's zero point adds to that output.
    zero_point_terms: Vec<f32>,
}

/// An activation row quantized onto `[0, 255]`: the value of one step and the zero point.
#[derive(Debug, Clone, Copy, PartialEq)]
struct RowScale {
    step: f32,
    zero_point: i32,
}

impl Int8Matrix {
    /// Quantizes `weight`, row-major `(outputs, inputs)`.
    pub fn new(weight: &[f32], outputs: usize, inputs: usize) -> Int8Matrix {
        let mut sums = Vec::with_capacity(outputs);
        let weights = PackedWeights::new(weight, outputs, inputs, |row, out| {
            let step = quantize_symmetric(row, WEIGHT_LIMIT, out);
            sums.push(out.iter().map(|&q| i32::from(q)).sum::<i32>());
            step
        });
        let zero_point_terms = sums
            .iter()
            .zip(&weights.scales)
            .map(|(&sum, step)| step * sum as f32)
            .collect();
        Int8Matrix {
            weights,
            zero_point_terms,
        }
    }
}

impl IntegerMatrix for Int8Matrix {
    fn outputs(&self) -> usize {
        self.weights.outputs
    }

    fn inputs(&self) -> usize {
        self.weights.inputs
    }

    /// Each task quantizes its rows, takes each row's zero-point share off its outputs, then
    /// adds the integer products tile by tile of 6 rows × 64 outputs, block by block of quads.
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
            BLOCK_QUADS,
            |values, words, out| {
                let bytes: &mut [u8] = bytemuck::cast_slice_mut(words);
                let scale = match kernel {
                    #[cfg(target_arch = "x86_64")]
                    // SAFETY: `Kernel::detect` found AVX-512F and BW on this CPU.
                    Kernel::Avx512Vnni => unsafe { avx512::quantize_row(values, bytes) },
                    #[cfg(target_arch = "x86_64")]
                    Kernel::Avx2 => quantize_row(values, bytes),
                    Kernel::Portable => quantize_row(values, bytes),
                };
                let share = scale.step * scale.zero_point as f32;
                for (out, term) in out.iter_mut().zip(&self.zero_point_terms) {
                    *out -= share * term;
                }
                scale.step
            },
        )
    }
}

/// Quantizes `values` onto `[0, 255]` into the front of `out` (nearest, ties to even, then the
/// zero point added and the result clamped), zeroes the rest of `out`, and returns the step and
/// zero point: step 0 for an all-zero row, NaN when a value is not finite (so the product is
/// NaN, as it would be in F32). The range always holds 0, so 0 is exactly the zero point.
fn quantize_row(values: &[f32], out: &mut [u8]) -> RowScale {
    out.fill(0);
    if values.iter().any(|v| !v.is_finite()) {
        return RowScale {
            step: f32::NAN,
            zero_point: 0,
        };
    }
    let low = values.iter().fold(0f32, |m, &v| m.min(v));
    let high = values.iter().fold(0f32, |m, &v| m.max(v));
    if high == low {
        return RowScale {
            step: 0.0,
            zero_point: 0,
        };
    }
    let step = (high - low) / 255.0;
    let inverse = 1.0 / step;
    let zero_point = ((-low * inverse).round_ties_even() as i32).clamp(0, 255);
    for (q, &v) in out.iter_mut().zip(values) {
        *q = ((v * inverse).round_ties_even() as i32 + zero_point).clamp(0, 255) as u8;
    }
    RowScale { step, zero_point }
}

#[cfg(target_arch = "x86_64")]
mod avx512 {
    use std::arch::x86_64::*;

    use super::RowScale;

    /// `quantize_row` in AVX-512: the same range, step and zero point, and the conversion
    /// rounds to nearest, ties to even (the default rounding mode), so both give the same bytes.
    #[target_feature(enable = "avx512f,avx512bw")]
    pub(crate) fn quantize_row(values: &[f32], out: &mut [u8]) -> RowScale {
        let n = values.len();
        assert!(out.len() >= n, "room for every value");
        let whole = n / 16;
        let rest_mask: __mmask16 = (1u32 << (n % 16)).wrapping_sub(1) as u16;
        let src = values.as_ptr();
        let dst = out.as_mut_ptr();
        // SAFETY: every load and store below stays within `values` and `out` (asserted at
        // least as long as `values`); the tail is masked.
        unsafe {
            let (mut low, mut high) = (_mm512_setzero_ps(), _mm512_setzero_ps());
            let mut not_finite: __mmask16 = 0;
            for i in 0..=whole {
                let v = if i < whole {
                    _mm512_loadu_ps(src.add(i * 16))
                } else {
                    _mm512_maskz_loadu_ps(rest_mask, src.add(i * 16))
                };
                // Not at most f32::MAX, or unordered: infinity or NaN.
                let a = _mm512_abs_ps(v);
                not_finite |= _mm512_cmp_ps_mask::<_CMP_NLE_UQ>(a, _mm512_set1_ps(f32::MAX));
                low = _mm512_min_ps(low, v);
                high = _mm512_max_ps(high, v);
            }
            out[n..].fill(0);
            let (low, high) = (_mm512_reduce_min_ps(low), _mm512_reduce_max_ps(high));
            if not_finite != 0 || high == low {
                out[..n].fill(0);
                let step = if not_finite != 0 { f32::NAN } else { 0.0 };
                return RowScale {
                    step,
                    zero_point: 0,
                };
            }
            let step = (high - low) / 255.0;
            let inverse = 1.0 / step;
            let zero_point = ((-low * inverse).round_ties_even() as i32).clamp(0, 255);
            let (scale, zero) = (_mm512_set1_ps(inverse), _mm512_set1_epi32(zero_point));
            let (bottom, top) = (_mm512_setzero_si512(), _mm512_set1_epi32(255));
            let convert = |v: __m512| {
                let q = _mm512_add_epi32(_mm512_cvtps_epi32(_mm512_mul_ps(v, scale)), zero);
                _mm512_min_epi32(_mm512_max_epi32(q, bottom), top)
            };
            for i in 0..whole {
                let q = convert(_mm512_loadu_ps(src.add(i * 16)));
                _mm_storeu_si128(dst.add(i * 16).cast(), _mm512_cvtepi32_epi8(q));
            }
            let q = convert(_mm512_maskz_loadu_ps(rest_mask, src.add(whole * 16)));
            _mm512_mask_cvtepi32_storeu_epi8(dst.add(whole * 16).cast(), rest_mask, q);
            RowScale { step, zero_point }
        }
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
    fn products_match_f32_within_the_quantization_steps_on_odd_shapes() {
        // Odd widths, a partial panel, a partial tile, more than one task of rows, more than
        // one block of quads, and rows all of one sign (the zero point at an end).
        for (rows, inputs, outputs, shift) in [
            (1, 1, 1, 0.0),
            (7, 5, 3, 0.0),
            (53, 67, 130, 0.0),
            (100, 384, 64, 0.0),
            (9, 1000, 70, 1.0),
            (9, 1000, 70, -1.0),
            (0, 4, 2, 0.0),
        ] {
            let x: Vec<f32> = values(rows * inputs, 1).iter().map(|v| v + shift).collect();
            let w = values(outputs * inputs, 2);
            let matrix = Int8Matrix::new(&w, outputs, inputs);
            let expected = float_product(&x, &w, inputs);
            let largest = x.iter().fold(0f32, |m, v| m.max(v.abs()));
            for kernel in kernels() {
                let out = matrix.forward_with(kernel, &x, &vec![0.5; outputs], None);
                assert_eq!(out.len(), expected.len());
                for (got, want) in out.iter().zip(&expected) {
                    // An activation is off by at most half a step of (range / 255), a weight
                    // by half of 1/127 of its row's largest; summed over the inputs.
                    let bound = inputs as f32 * (largest / 255.0 + largest / 254.0) + 1e-4;
                    assert!(
                        (got - 0.5 - want).abs() <= bound,
                        "{kernel:?} {rows}×{inputs}×{outputs}: {got} vs {want} + 0.5"
                    );
                }
            }
        }
    }

    #[test]
    fn every_kernel_gives_the_sums_of_an_independent_integer_reference() {
        // The reference quantizes the documented way and multiplies the integers plainly (no
        // packing, panels or blocks, the zero point subtracted from each value), so a packing,
        // ordering or zero-point fault in either kernel shows, on every CPU.
        let (rows, inputs, outputs) = (9, 1000, 70);
        let x = values(rows * inputs, 7);
        let w = values(outputs * inputs, 8);
        let matrix = Int8Matrix::new(&w, outputs, inputs);
        let bias = values(outputs, 9);
        let weights: Vec<(Vec<i64>, f64)> = w
            .chunks_exact(inputs)
            .map(|row| {
                let max = row.iter().fold(0f32, |m, v| m.max(v.abs()));
                let q = row
                    .iter()
                    .map(|v| (v * (127.0 / max)).round_ties_even() as i64)
                    .collect();
                (q, f64::from(max / 127.0))
            })
            .collect();
        let expected: Vec<f64> = x
            .chunks_exact(inputs)
            .flat_map(|row| {
                let mut q = vec![0u8; inputs];
                let scale = quantize_row(row, &mut q);
                let centred: Vec<i64> = q
                    .iter()
                    .map(|&v| i64::from(v) - i64::from(scale.zero_point))
                    .collect();
                weights
                    .iter()
                    .zip(&bias)
                    .map(|((qw, sw), b)| {
                        let sum: i64 = centred.iter().zip(qw).map(|(a, b)| a * b).sum();
                        sum as f64 * f64::from(scale.step) * sw + f64::from(*b)
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_every_kernel_gives(&matrix, &x, &bias, &expected, 1e-4);
    }

    #[test]
    fn vector_kernel_gives_the_portable_sums() {
        assert_vector_kernel_gives_the_portable_sums(Int8Matrix::new);
    }

    #[test]
    fn the_largest_sums_do_not_overflow() {
        // Every value at the end of its range: each block's sum is 4 · 96 · 255 · 127.
        for inputs in [384, 1536, 4096] {
            let (rows, outputs) = (6, 16);
            let mut x = vec![3.0f32; rows * inputs];
            // One tiny negative value puts the zero point at 0 and every other value at 255.
            x.iter_mut().step_by(inputs).for_each(|v| *v = -1e-6);
            let w = vec![-2.0f32; outputs * inputs];
            let matrix = Int8Matrix::new(&w, outputs, inputs);
            for kernel in kernels() {
                let out = matrix.forward_with(kernel, &x, &[0.0; 16], None);
                let want = -6.0 * (inputs - 1) as f32;
                for got in out {
                    assert!((got - want).abs() <= want.abs() * 1e-3, "{kernel:?}: {got}");
                }
            }
        }
    }

    #[test]
    fn zero_rows_add_nothing_and_non_finite_rows_give_nan() {
        assert_zero_rows_add_nothing_and_non_finite_rows_give_nan(Int8Matrix::new);
    }

    #[test]
    fn vector_quantization_gives_the_portable_bytes() {
        #[cfg(target_arch = "x86_64")]
        if Kernel::detect() == Kernel::Avx512Vnni {
            for (n, shift) in [(1, 0.0), (15, 0.3), (16, -2.0), (383, 0.0), (1536, 1.0)] {
                let x: Vec<f32> = values(n, 11).iter().map(|v| v * 3.0 + shift).collect();
                let (mut plain, mut fast) = (vec![7u8; n + 5], vec![9u8; n + 5]);
                let expected = quantize_row(&x, &mut plain);
                // SAFETY: the CPU has AVX-512F and BW (checked above).
                let got = unsafe { avx512::quantize_row(&x, &mut fast) };
                assert_eq!(got, expected, "n = {n}");
                assert_eq!(fast, plain, "n = {n}");
            }
        }
    }

    #[test]
    fn zero_is_exactly_the_zero_point() {
        let mut q = [0u8; 5];
        let scale = quantize_row(&[-1.0, 0.0, 0.5, 2.0, 0.0], &mut q);
        assert_eq!(i32::from(q[1]), scale.zero_point);
        assert_eq!(q[0], 0);
        assert_eq!(q[3], 255);
        assert!((scale.step - 3.0 / 255.0).abs() < 1e-7);
    }
}
