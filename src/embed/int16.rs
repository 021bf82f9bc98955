//! Dense matrix products in 16-bit integers on the CPU. Weights are quantized per output row
//! when the model loads and activations per row on every call, both symmetrically onto
//! `[-limit, limit]`; AVX-512 VNNI's `vpdpwssd` then does 32 multiply-adds per instruction, twice
//! what an F32 FMA does, into 32-bit sums. Inputs are summed in blocks of 192, each block's sum
//! scaled and added to the F32 output, and `limit` (3,344, almost 12 bits) is the largest that
//! keeps a block's sum from overflowing (`192 · limit² < 2³¹`). Vectors stay within cosine
//! 0.9999 of F32 (the parity tests check it against sentence-transformers). CPUs without VNNI
//! get a portable loop with the same integer sums.

use super::integer_products::{by_tasks, IntegerMatrix, PANEL, TILE_ROWS};

/// Names this quantization scheme in the model fingerprint, so vectors cached by a build with
/// another scheme (block size, limit, rounding) are made again rather than mixed in. Raise it
/// whenever a change here moves the vectors.
pub const SCHEME: &str = "int16-b192";
/// Input pairs summed in 32 bits before the sum is scaled into the F32 output. 96 pairs of a
/// panel (24 KiB) and of a task's rows (18 KiB) also fit the 48 KiB level-1 cache together,
/// so the panel is read from there by every tile of the task.
const BLOCK_PAIRS: usize = 96;

/// A weight matrix `(outputs, inputs)` quantized to 16-bit integers and packed for the kernel:
/// panel by panel of 64 outputs, then pair by pair of inputs, each output's two values side by
/// side (the operand layout of `vpdpwssd`).
pub struct Int16Matrix {
    outputs: usize,
    inputs: usize,
    /// Input pairs, `inputs` rounded up to even and halved.
    pairs: usize,
    /// The largest quantized magnitude, for weights and activations alike.
    limit: f32,
    /// Value of one quantization step of each output row; zero past `outputs`.
    scales: Vec<f32>,
    packed: Vec<i16>,
}

/// Which kernel a product runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kernel {
    #[cfg(target_arch = "x86_64")]
    Avx512Vnni,
    Portable,
}

impl Kernel {
    fn detect() -> Kernel {
        #[cfg(target_arch = "x86_64")]
        if is_x86_feature_detected!("avx512f") && is_x86_feature_detected!("avx512vnni") {
            return Kernel::Avx512Vnni;
        }
        Kernel::Portable
    }
}

/// Whether this CPU multiplies 16-bit integers with AVX-512 VNNI, the case where the int16
/// products are faster than F32.
pub fn has_fast_kernel() -> bool {
    Kernel::detect() != Kernel::Portable
}

impl IntegerMatrix for Int16Matrix {
    fn outputs(&self) -> usize {
        self.outputs
    }

    fn inputs(&self) -> usize {
        self.inputs
    }

    fn forward(&self, x: &[f32], bias: &[f32], residual: Option<&[f32]>) -> Vec<f32> {
        self.forward_with(Kernel::detect(), x, bias, residual)
    }
}

impl Int16Matrix {
    /// Quantizes `weight`, row-major `(outputs, inputs)`.
    pub fn new(weight: &[f32], outputs: usize, inputs: usize) -> Int16Matrix {
        assert_eq!(weight.len(), outputs * inputs, "weight is outputs × inputs");
        let pairs = inputs.div_ceil(2);
        let limit = limit_for(pairs.min(BLOCK_PAIRS));
        let panels = outputs.div_ceil(PANEL);
        let mut scales = vec![0f32; panels * PANEL];
        let mut packed = vec![0i16; panels * pairs * PANEL * 2];
        let mut row = vec![0i16; pairs * 2];
        for (n, values) in weight.chunks_exact(inputs.max(1)).enumerate() {
            scales[n] = quantize_row_portable(values, limit, &mut row);
            let (panel, column) = (n / PANEL, n % PANEL);
            for (k, &q) in row.iter().enumerate() {
                packed[packed_index(pairs, panel, column, k)] = q;
            }
        }
        Int16Matrix {
            outputs,
            inputs,
            pairs,
            limit,
            scales,
            packed,
        }
    }

    fn forward_with(
        &self,
        kernel: Kernel,
        x: &[f32],
        bias: &[f32],
        residual: Option<&[f32]>,
    ) -> Vec<f32> {
        by_tasks(x, self.inputs, self.outputs, bias, residual, |x, out| {
            match kernel {
                #[cfg(target_arch = "x86_64")]
                // SAFETY: `Kernel::detect` found AVX-512F and VNNI on this CPU.
                Kernel::Avx512Vnni => unsafe { self.multiply_rows_avx512(x, out) },
                Kernel::Portable => self.multiply_rows_portable(x, out),
            }
        })
    }

    /// One task's rows with plain integer arithmetic, in the vector kernel's order: the same
    /// sums, scaled and added block by block.
    fn multiply_rows_portable(&self, x: &[f32], out: &mut [f32]) {
        let mut row = vec![0i16; self.pairs * 2];
        let mut sums = [0i32; PANEL];
        for (values, out) in x
            .chunks_exact(self.inputs)
            .zip(out.chunks_exact_mut(self.outputs))
        {
            let row_scale = quantize_row_portable(values, self.limit, &mut row);
            for panel in 0..self.outputs.div_ceil(PANEL) {
                let columns = (self.outputs - panel * PANEL).min(PANEL);
                let weights = &self.packed[panel * self.pairs * PANEL * 2..];
                let scales = &self.scales[panel * PANEL..][..columns];
                let out = &mut out[panel * PANEL..][..columns];
                for first_pair in (0..self.pairs).step_by(BLOCK_PAIRS) {
                    let last_pair = (first_pair + BLOCK_PAIRS).min(self.pairs);
                    sums.fill(0);
                    for p in first_pair..last_pair {
                        let (a0, a1) = (i32::from(row[2 * p]), i32::from(row[2 * p + 1]));
                        let w = &weights[p * PANEL * 2..][..PANEL * 2];
                        for (sum, w) in sums.iter_mut().zip(w.chunks_exact(2)) {
                            // Cannot overflow: |sum| ≤ 192 · limit² < 2³¹ (see `limit_for`).
                            *sum += a0 * i32::from(w[0]) + a1 * i32::from(w[1]);
                        }
                    }
                    for ((out, &sum), &scale) in out.iter_mut().zip(&sums).zip(scales) {
                        *out += sum as f32 * (row_scale * scale);
                    }
                }
            }
        }
    }

    /// One task's rows: quantize them into pairs, then tile by tile of 6 rows × 64 outputs,
    /// one block of input pairs at a time (each block's sums are scaled and added to `out`).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512vnni")]
    fn multiply_rows_avx512(&self, x: &[f32], out: &mut [f32]) {
        let rows = x.len() / self.inputs;
        let tiles = rows.div_ceil(TILE_ROWS);
        // Each i32 holds one input pair of one row: the operand `vpdpwssd` broadcasts.
        let mut quantized = vec![0i32; tiles * TILE_ROWS * self.pairs];
        let mut row_scales = vec![0f32; tiles * TILE_ROWS];
        for ((values, pairs), scale) in x
            .chunks_exact(self.inputs)
            .zip(quantized.chunks_exact_mut(self.pairs))
            .zip(row_scales.iter_mut())
        {
            // SAFETY: an i32 slice seen as twice as many i16, which have a smaller alignment.
            let as_i16 = unsafe {
                std::slice::from_raw_parts_mut(pairs.as_mut_ptr().cast::<i16>(), pairs.len() * 2)
            };
            *scale = avx512::quantize_row(values, self.limit, as_i16);
        }
        for first_pair in (0..self.pairs).step_by(BLOCK_PAIRS) {
            let block = (self.pairs - first_pair).min(BLOCK_PAIRS);
            for panel in 0..self.outputs.div_ceil(PANEL) {
                let columns = (self.outputs - panel * PANEL).min(PANEL);
                let b = &self.packed[(panel * self.pairs + first_pair) * PANEL * 2..]
                    [..block * PANEL * 2];
                let scales = &self.scales[panel * PANEL..][..PANEL];
                for tile in 0..tiles {
                    let first = tile * TILE_ROWS;
                    let a = avx512::Rows {
                        pairs: &quantized[first * self.pairs + first_pair..],
                        stride: self.pairs,
                        scales: &row_scales[first..first + TILE_ROWS],
                        count: (rows - first).min(TILE_ROWS),
                    };
                    let out = &mut out[first * self.outputs + panel * PANEL..];
                    avx512::tile(&a, b, block, scales, out, self.outputs, columns);
                }
            }
        }
    }
}

/// The largest quantized magnitude for blocks of `pairs` input pairs: a sum of `2·pairs`
/// products of two values of at most `limit` each stays below 2³¹.
fn limit_for(pairs: usize) -> f32 {
    let products = (2 * pairs.max(1)) as f64;
    (f64::from(i32::MAX) / products).sqrt().floor().min(32767.0) as f32
}

/// Where input `k` of output `column` of `panel` sits in the packed weights.
fn packed_index(pairs: usize, panel: usize, column: usize, k: usize) -> usize {
    ((panel * pairs + k / 2) * PANEL + column) * 2 + k % 2
}

/// Quantizes `values` onto `[-limit, limit]` (nearest, ties to even) into the front of `out`,
/// zeroes the rest of `out`, and returns the value of one step: 0 for an all-zero row, NaN
/// when a value is not finite (so the product is NaN, as it would be in F32).
fn quantize_row_portable(values: &[f32], limit: f32, out: &mut [i16]) -> f32 {
    out.fill(0);
    if values.iter().any(|v| !v.is_finite()) {
        return f32::NAN;
    }
    let max = values.iter().fold(0f32, |m, v| m.max(v.abs()));
    if max == 0.0 {
        return 0.0;
    }
    let inverse = limit / max;
    for (q, &v) in out.iter_mut().zip(values) {
        *q = (v * inverse).round_ties_even() as i16;
    }
    max / limit
}

#[cfg(target_arch = "x86_64")]
mod avx512 {
    use std::arch::x86_64::*;

    use super::super::integer_products::avx512::add_scaled_sums;
    use super::{PANEL, TILE_ROWS};

    /// `quantize_row_portable` in AVX-512; the conversion rounds to nearest, ties to even (the
    /// default rounding mode), so both give the same integers.
    #[target_feature(enable = "avx512f")]
    pub fn quantize_row(values: &[f32], limit: f32, out: &mut [i16]) -> f32 {
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
            if not_finite != 0 || max == 0.0 {
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

    /// The quantized rows of one tile: 6 rows `stride` pairs apart (rows past `count` are
    /// zero padding), each with its step value.
    pub struct Rows<'a> {
        pub pairs: &'a [i32],
        pub stride: usize,
        pub scales: &'a [f32],
        pub count: usize,
    }

    /// `out[r][c] += scale · Σ a[r]·b[c]` over `pairs` input pairs, for one tile of 6 rows and
    /// `columns` ≤ 64 outputs. `b` is that stretch of one packed panel; `out` starts at the
    /// tile's first element, with rows `stride` apart.
    #[target_feature(enable = "avx512f,avx512vnni")]
    pub fn tile(
        a: &Rows,
        b: &[i16],
        pairs: usize,
        column_scales: &[f32],
        out: &mut [f32],
        stride: usize,
        columns: usize,
    ) {
        let (rows, row_scales, a_stride) = (a.count, a.scales, a.stride);
        assert!(a.pairs.len() >= (TILE_ROWS - 1) * a_stride + pairs);
        assert!(b.len() >= pairs * PANEL * 2);
        assert!(row_scales.len() >= TILE_ROWS && column_scales.len() >= PANEL);
        assert!(rows <= TILE_ROWS && columns <= PANEL);
        assert!(rows == 0 || out.len() >= (rows - 1) * stride + columns);
        let (a, b) = (a.pairs.as_ptr(), b.as_ptr().cast::<__m512i>());
        // SAFETY: the asserts above bound every pointer offset below.
        unsafe {
            let mut sums = [[_mm512_setzero_si512(); 4]; TILE_ROWS];
            for p in 0..pairs {
                let w = [
                    _mm512_loadu_si512(b.add(p * 4)),
                    _mm512_loadu_si512(b.add(p * 4 + 1)),
                    _mm512_loadu_si512(b.add(p * 4 + 2)),
                    _mm512_loadu_si512(b.add(p * 4 + 3)),
                ];
                for (r, sums) in sums.iter_mut().enumerate() {
                    let x = _mm512_set1_epi32(*a.add(r * a_stride + p));
                    for (sum, &w) in sums.iter_mut().zip(&w) {
                        *sum = _mm512_dpwssd_epi32(*sum, x, w);
                    }
                }
            }
            add_scaled_sums(
                &sums,
                rows,
                row_scales,
                column_scales,
                out.as_mut_ptr(),
                stride,
                columns,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::integer_products::test_values::{float_product, values};
    use super::*;

    fn kernels() -> Vec<Kernel> {
        let mut kernels = vec![Kernel::Portable];
        if Kernel::detect() != Kernel::Portable {
            kernels.push(Kernel::detect());
        }
        kernels
    }

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
            let step = quantize_row_portable(row, matrix.limit, &mut q);
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
        for kernel in kernels() {
            let out = matrix.forward_with(kernel, &x, &bias, None);
            for (got, want) in out.iter().zip(&expected) {
                let got = f64::from(*got);
                assert!(
                    (got - want).abs() <= 1e-5 * want.abs().max(1.0),
                    "{kernel:?}: {got} vs {want}"
                );
            }
        }
    }

    #[test]
    fn vector_kernel_gives_the_portable_sums() {
        if Kernel::detect() == Kernel::Portable {
            // Nothing to compare on this CPU; the reference test above checks the portable loop.
            return;
        }
        let (rows, inputs, outputs) = (37, 1536, 384);
        let x = values(rows * inputs, 3);
        let w = values(outputs * inputs, 4);
        let matrix = Int16Matrix::new(&w, outputs, inputs);
        let (bias, residual) = (values(outputs, 5), values(rows * outputs, 6));
        let portable = matrix.forward_with(Kernel::Portable, &x, &bias, Some(&residual));
        let fast = matrix.forward(&x, &bias, Some(&residual));
        // The same integer sums, scaled and added block by block in the same order; only the
        // vector kernel's fused multiply-add rounds differently.
        for (a, b) in portable.iter().zip(&fast) {
            assert!((a - b).abs() <= 1e-5 * a.abs().max(1.0), "{a} vs {b}");
        }
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
        let (inputs, outputs) = (20, 5);
        let w = values(outputs * inputs, 5);
        let matrix = Int16Matrix::new(&w, outputs, inputs);
        let mut x = vec![0f32; 3 * inputs];
        x[inputs + 3] = f32::NAN;
        x[2 * inputs + 7] = f32::INFINITY;
        for kernel in kernels() {
            let out = matrix.forward_with(kernel, &x, &[1.0; 5], None);
            assert!(out[..outputs].iter().all(|&v| v == 1.0), "{kernel:?}");
            assert!(out[outputs..].iter().all(|v| v.is_nan()), "{kernel:?}");
        }
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
