//! What the 16-bit and 8-bit integer products (`int16.rs`, `int8.rs`) share: the split of a
//! product's rows into parallel tasks that start from bias plus residual, the register tile's
//! shape, and the step that scales a tile's integer sums into the F32 output.

use std::mem::MaybeUninit;

use rayon::prelude::*;

/// Output columns of one weight panel: four AVX-512 vectors of 16 sums.
pub const PANEL: usize = 64;
/// Rows of one register tile: 6 rows × 4 vectors keep 24 of the 32 vector registers as sums.
pub const TILE_ROWS: usize = 6;
/// Rows one parallel task quantizes and multiplies by itself.
const TASK_ROWS: usize = TILE_ROWS * 8;

/// A weight matrix quantized for integer products, as the dense layer uses it.
pub trait IntegerMatrix {
    fn outputs(&self) -> usize;
    fn inputs(&self) -> usize;
    /// `x · Wᵀ + bias`, plus `residual` when given, all row-major F32.
    fn forward(&self, x: &[f32], bias: &[f32], residual: Option<&[f32]>) -> Vec<f32>;
}

/// `x · Wᵀ + bias`, plus `residual` when given, for `x` row-major `(rows, inputs)`: the result,
/// row-major `(rows, outputs)` like `residual`, is cut into tasks of [`TASK_ROWS`] rows; each
/// task writes bias plus residual into its rows, then `multiply(x rows, out rows)` adds the
/// product onto them, so the first pass over the output happens in parallel and while its
/// rows are in cache.
pub fn by_tasks(
    x: &[f32],
    inputs: usize,
    outputs: usize,
    bias: &[f32],
    residual: Option<&[f32]>,
    multiply: impl Fn(&[f32], &mut [f32]) + Sync,
) -> Vec<f32> {
    assert!(inputs > 0 && x.len().is_multiple_of(inputs));
    let rows = x.len() / inputs;
    assert_eq!(bias.len(), outputs, "one bias per output");
    assert!(
        residual.is_none_or(|r| r.len() == rows * outputs),
        "residual is rows × outputs"
    );
    if rows * outputs == 0 {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(rows * outputs);
    out.spare_capacity_mut()[..rows * outputs]
        .par_chunks_mut(TASK_ROWS * outputs)
        .enumerate()
        .for_each(|(task, out)| {
            let first = task * TASK_ROWS * outputs;
            for (r, row) in out.chunks_exact_mut(outputs).enumerate() {
                match residual {
                    Some(residual) => {
                        let residual = &residual[first + r * outputs..][..outputs];
                        for ((out, b), r) in row.iter_mut().zip(bias).zip(residual) {
                            out.write(b + r);
                        }
                    }
                    None => {
                        for (out, b) in row.iter_mut().zip(bias) {
                            out.write(*b);
                        }
                    }
                }
            }
            // SAFETY: every element of this chunk was written just above.
            let out = unsafe { &mut *(out as *mut [MaybeUninit<f32>] as *mut [f32]) };
            let x = &x[first / outputs * inputs..][..out.len() / outputs * inputs];
            multiply(x, out);
        });
    // SAFETY: the tasks above wrote all rows × outputs elements.
    unsafe { out.set_len(rows * outputs) };
    out
}

#[cfg(target_arch = "x86_64")]
pub mod avx512 {
    use std::arch::x86_64::*;

    use super::TILE_ROWS;

    /// `out[r][c] += row_scales[r] · column_scales[c] · sums[r][c]` for the first `rows` rows
    /// and `columns` ≤ 64 columns of a tile; `out` points at the tile's first element, with
    /// rows `stride` apart.
    ///
    /// # Safety
    /// The CPU has AVX-512F; `out` is valid for `(rows − 1) · stride + columns` elements;
    /// `row_scales` holds `rows` and `column_scales` 64 values.
    #[target_feature(enable = "avx512f")]
    pub unsafe fn add_scaled_sums(
        sums: &[[__m512i; 4]; TILE_ROWS],
        rows: usize,
        row_scales: &[f32],
        column_scales: &[f32],
        out: *mut f32,
        stride: usize,
        columns: usize,
    ) {
        for (r, sums) in sums.iter().enumerate().take(rows) {
            let row_scale = _mm512_set1_ps(row_scales[r]);
            for (j, &sum) in sums.iter().enumerate() {
                let first = j * 16;
                if first >= columns {
                    break;
                }
                let mask: __mmask16 = (1u32 << (columns - first).min(16)).wrapping_sub(1) as u16;
                // SAFETY: the caller vouches for `out` and `column_scales`; the mask keeps the
                // last vector within `columns`.
                unsafe {
                    let scale = _mm512_mul_ps(
                        _mm512_loadu_ps(column_scales.as_ptr().add(first)),
                        row_scale,
                    );
                    let dst = out.add(r * stride + first);
                    let sum = _mm512_cvtepi32_ps(sum);
                    let value = _mm512_fmadd_ps(sum, scale, _mm512_maskz_loadu_ps(mask, dst));
                    _mm512_mask_storeu_ps(dst, mask, value);
                }
            }
        }
    }
}

/// Inputs the integer products' tests share.
#[cfg(test)]
pub mod test_values {
    /// A deterministic spread of `n` values in [-1, 1).
    pub fn values(n: usize, seed: u64) -> Vec<f32> {
        let mut state = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (0..n)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((state >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
            })
            .collect()
    }

    /// `x · Wᵀ` in F32, both row-major with `inputs` columns.
    pub fn float_product(x: &[f32], w: &[f32], inputs: usize) -> Vec<f32> {
        x.chunks_exact(inputs)
            .flat_map(|row| {
                w.chunks_exact(inputs)
                    .map(move |col| row.iter().zip(col).map(|(a, b)| a * b).sum::<f32>())
            })
            .collect()
    }
}
