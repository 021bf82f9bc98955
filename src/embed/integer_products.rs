//! What the 16-bit and 8-bit integer products (`int16.rs`, `int8.rs`) share: the split of a
//! product's rows into parallel tasks that start from bias plus residual, the packed weight
//! panels, and the register tiles that multiply them (AVX-512 VNNI; AVX2 for 16-bit weights; or
//! a portable loop with the same integer sums) and scale the sums into the F32 output. The two differ only in how they
//! quantize and in the integer type of a weight.

use std::mem::MaybeUninit;

use rayon::prelude::*;

/// Output columns of one weight panel: four AVX-512 vectors of 16 sums.
const PANEL: usize = 64;
/// Rows of one register tile: 6 rows × 4 vectors keep 24 of the 32 vector registers as sums.
const TILE_ROWS: usize = 6;
/// Rows one parallel task quantizes and multiplies by itself.
const TASK_ROWS: usize = TILE_ROWS * 8;

/// A weight matrix quantized for integer products, as the dense layer uses it.
pub(crate) trait IntegerMatrix {
    fn outputs(&self) -> usize;
    fn inputs(&self) -> usize;
    /// `x · Wᵀ + bias`, plus `residual` when given, all row-major F32, on `kernel`.
    fn forward_with(
        &self,
        kernel: Kernel,
        x: &[f32],
        bias: &[f32],
        residual: Option<&[f32]>,
    ) -> Vec<f32>;
    /// The same on the fastest kernel this CPU has.
    fn forward(&self, x: &[f32], bias: &[f32], residual: Option<&[f32]>) -> Vec<f32> {
        self.forward_with(Kernel::detect(), x, bias, residual)
    }
}

/// `x · Wᵀ + bias`, plus `residual` when given, for `x` row-major `(rows, inputs)`: the result,
/// row-major `(rows, outputs)` like `residual`, is cut into tasks of [`TASK_ROWS`] rows; each
/// task writes bias plus residual into its rows, then `multiply(x rows, out rows)` adds the
/// product onto them, so the first pass over the output happens in parallel and while its
/// rows are in cache.
pub(crate) fn by_tasks(
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

/// Which kernel a product runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kernel {
    /// AVX-512 VNNI, with BW (which every CPU with VNNI has).
    #[cfg(target_arch = "x86_64")]
    Avx512Vnni,
    /// AVX2 (with FMA for the scaling), on CPUs without AVX-512 VNNI: `vpmaddwd` and `vpaddd`
    /// give `vpdpwssd`'s sums for 16-bit weights; 8-bit weights take the portable loop.
    #[cfg(target_arch = "x86_64")]
    Avx2,
    /// Plain integer arithmetic: the vector kernel's sums, in its order.
    Portable,
}

impl Kernel {
    pub(crate) fn detect() -> Kernel {
        #[cfg(target_arch = "x86_64")]
        if is_x86_feature_detected!("avx512f")
            && is_x86_feature_detected!("avx512bw")
            && is_x86_feature_detected!("avx512vnni")
        {
            return Kernel::Avx512Vnni;
        }
        #[cfg(target_arch = "x86_64")]
        if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
            return Kernel::Avx2;
        }
        Kernel::Portable
    }
}

/// The integer type of a packed weight. A *word* is 32 bits of one activation row, the operand
/// the VNNI instruction broadcasts: two 16-bit activations against an output's two i16 weights
/// (`vpdpwssd`), or four unsigned bytes against four i8 weights (`vpdpbusd`).
pub(crate) trait PackedWeight: Copy + Default + Sync {
    /// Weights of one output that meet one word.
    const PER_WORD: usize;
    /// `Σ activation · weight` over one word, as the instruction computes it.
    fn word_product(word: i32, weights: &[Self]) -> i32;
    /// A value already rounded and within the type's range, as the type.
    fn from_rounded(value: f32) -> Self;
}

impl PackedWeight for i16 {
    const PER_WORD: usize = 2;
    fn from_rounded(value: f32) -> i16 {
        value as i16
    }
    fn word_product(word: i32, weights: &[i16]) -> i32 {
        let [a, b, c, d] = word.to_le_bytes();
        let (x0, x1) = (i16::from_le_bytes([a, b]), i16::from_le_bytes([c, d]));
        i32::from(x0) * i32::from(weights[0]) + i32::from(x1) * i32::from(weights[1])
    }
}

impl PackedWeight for i8 {
    const PER_WORD: usize = 4;
    fn from_rounded(value: f32) -> i8 {
        value as i8
    }
    fn word_product(word: i32, weights: &[i8]) -> i32 {
        let bytes = word.to_le_bytes();
        bytes
            .iter()
            .zip(weights)
            .map(|(&x, &w)| i32::from(x) * i32::from(w))
            .sum()
    }
}

/// A weight matrix `(outputs, inputs)` quantized per output row and packed for the kernels:
/// panel by panel of 64 outputs, then word by word of inputs, each output's values of one word
/// side by side (the VNNI operand layout).
pub(crate) struct PackedWeights<T> {
    pub outputs: usize,
    pub inputs: usize,
    /// Input words: `inputs` rounded up to whole words.
    pub words: usize,
    /// Value of one quantization step of each output row; zero past `outputs`.
    pub scales: Vec<f32>,
    packed: Vec<T>,
}

impl<T: PackedWeight> PackedWeights<T> {
    /// Packs `weight`, row-major `(outputs, inputs)`; `quantize(row, out)` writes one row's
    /// integers into `out` (as long as the row) and returns the value of one step.
    pub fn new(
        weight: &[f32],
        outputs: usize,
        inputs: usize,
        mut quantize: impl FnMut(&[f32], &mut [T]) -> f32,
    ) -> Self {
        assert_eq!(weight.len(), outputs * inputs, "weight is outputs × inputs");
        let words = inputs.div_ceil(T::PER_WORD);
        let panels = outputs.div_ceil(PANEL);
        let mut scales = vec![0f32; panels * PANEL];
        let mut packed = vec![T::default(); panels * words * PANEL * T::PER_WORD];
        let mut row = vec![T::default(); inputs];
        for (n, values) in weight.chunks_exact(inputs.max(1)).enumerate() {
            scales[n] = quantize(values, &mut row);
            let (panel, column) = (n / PANEL, n % PANEL);
            for (k, &q) in row.iter().enumerate() {
                let word = panel * words + k / T::PER_WORD;
                packed[(word * PANEL + column) * T::PER_WORD + k % T::PER_WORD] = q;
            }
        }
        PackedWeights {
            outputs,
            inputs,
            words,
            scales,
            packed,
        }
    }

    /// `x · Wᵀ + bias`, plus `residual` when given (all row-major F32), on `kernel`: each task
    /// of rows quantizes its rows with `quantize_row(row, words, out row)`, which writes the
    /// row's words, may adjust the row's output (which holds bias plus residual), and returns
    /// the value of one step; then the products are added block by block of `block_words`.
    pub fn forward(
        &self,
        kernel: Kernel,
        x: &[f32],
        bias: &[f32],
        residual: Option<&[f32]>,
        block_words: usize,
        quantize_row: impl Fn(&[f32], &mut [i32], &mut [f32]) -> f32 + Sync,
    ) -> Vec<f32> {
        let (inputs, outputs, words) = (self.inputs, self.outputs, self.words);
        by_tasks(x, inputs, outputs, bias, residual, |x, out| {
            let mut rows = ActivationRows::zeroed(x.len() / inputs, words);
            for ((values, row_words), (step, out)) in x
                .chunks_exact(inputs)
                .zip(rows.words.chunks_exact_mut(words))
                .zip(rows.scales.iter_mut().zip(out.chunks_exact_mut(outputs)))
            {
                *step = quantize_row(values, row_words, out);
            }
            self.multiply(kernel, &rows, block_words, out);
        })
    }

    /// Adds `rows · Wᵀ` onto `out` (row-major, `outputs` wide), block by block of `block_words`
    /// input words (each block's 32-bit sums scaled and added), panel by panel, tile by tile.
    fn multiply(&self, kernel: Kernel, rows: &ActivationRows, block_words: usize, out: &mut [f32]) {
        let width = PANEL * T::PER_WORD;
        for first_word in (0..self.words).step_by(block_words) {
            let block = (self.words - first_word).min(block_words);
            for panel in 0..self.outputs.div_ceil(PANEL) {
                let columns = (self.outputs - panel * PANEL).min(PANEL);
                let b = &self.packed[(panel * self.words + first_word) * width..][..block * width];
                let scales = &self.scales[panel * PANEL..][..PANEL];
                for first in (0..rows.count).step_by(TILE_ROWS) {
                    let a = TileRows {
                        words: &rows.words[first * self.words + first_word..],
                        stride: self.words,
                        scales: &rows.scales[first..first + TILE_ROWS],
                        count: (rows.count - first).min(TILE_ROWS),
                    };
                    let out = &mut out[first * self.outputs + panel * PANEL..];
                    match kernel {
                        #[cfg(target_arch = "x86_64")]
                        // SAFETY: `Kernel::detect` found AVX-512F, BW and VNNI on this CPU.
                        Kernel::Avx512Vnni => unsafe {
                            avx512::tile(&a, b, block, scales, out, self.outputs, columns)
                        },
                        #[cfg(target_arch = "x86_64")]
                        // SAFETY: `Kernel::detect` found AVX2 and FMA on this CPU.
                        Kernel::Avx2 if T::PER_WORD == 2 => unsafe {
                            debug_assert!(is_x86_feature_detected!("avx2"));
                            avx2::tile(&a, b, block, scales, out, self.outputs, columns)
                        },
                        #[cfg(target_arch = "x86_64")]
                        Kernel::Avx2 => {
                            tile_portable(&a, b, block, scales, out, self.outputs, columns)
                        }
                        Kernel::Portable => {
                            tile_portable(&a, b, block, scales, out, self.outputs, columns)
                        }
                    }
                }
            }
        }
    }
}

/// Quantizes `values` onto `[-limit, limit]` (nearest, ties to even) into the front of `out`,
/// zeroes the rest of `out`, and returns the value of one step: 0 for an all-zero (or all but
/// zero) row, NaN when a value is not finite (so the product is NaN, as it would be in F32).
pub(crate) fn quantize_symmetric<T: PackedWeight>(
    values: &[f32],
    limit: f32,
    out: &mut [T],
) -> f32 {
    out.fill(T::default());
    if values.iter().any(|v| !v.is_finite()) {
        return f32::NAN;
    }
    let max = values.iter().fold(0f32, |m, v| m.max(v.abs()));
    // All zero, or so small (under about 1e-35) that `limit / max` overflows: nothing to add.
    if !(limit / max).is_finite() {
        return 0.0;
    }
    let inverse = limit / max;
    for (q, &v) in out.iter_mut().zip(values) {
        *q = T::from_rounded((v * inverse).round_ties_even());
    }
    max / limit
}

/// One task's activation rows, quantized: `count` rows of words, padded with zero rows to whole
/// tiles, and the value of one step of each row.
struct ActivationRows {
    count: usize,
    words: Vec<i32>,
    scales: Vec<f32>,
}

impl ActivationRows {
    /// `count` rows of `words` zero words each.
    fn zeroed(count: usize, words: usize) -> Self {
        let padded = count.div_ceil(TILE_ROWS) * TILE_ROWS;
        ActivationRows {
            count,
            words: vec![0; padded * words],
            scales: vec![0.0; padded],
        }
    }
}

/// The quantized rows of one tile: 6 rows `stride` words apart (rows past `count` are zero
/// padding), each with its step value.
struct TileRows<'a> {
    words: &'a [i32],
    stride: usize,
    scales: &'a [f32],
    count: usize,
}

/// `out[r][c] += step[r] · scale[c] · Σ a[r]·b[c]` over `words` input words for one tile of
/// `columns` ≤ 64 outputs, with plain integer arithmetic: the vector kernel's sums, in its
/// order. `b` is that stretch of one packed panel; `out` starts at the tile's first element,
/// with rows `stride` apart.
fn tile_portable<T: PackedWeight>(
    a: &TileRows,
    b: &[T],
    words: usize,
    column_scales: &[f32],
    out: &mut [f32],
    stride: usize,
    columns: usize,
) {
    for r in 0..a.count {
        let mut sums = [0i32; PANEL];
        for w in 0..words {
            let word = a.words[r * a.stride + w];
            let weights = &b[w * PANEL * T::PER_WORD..][..PANEL * T::PER_WORD];
            for (sum, weights) in sums.iter_mut().zip(weights.chunks_exact(T::PER_WORD)) {
                // Cannot overflow: each scheme bounds a block's sum below 2³¹.
                *sum += T::word_product(word, weights);
            }
        }
        let out = &mut out[r * stride..][..columns];
        for ((out, &sum), &scale) in out.iter_mut().zip(&sums).zip(column_scales) {
            *out += sum as f32 * (a.scales[r] * scale);
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod avx512 {
    use std::arch::x86_64::*;

    use super::{PackedWeight, TileRows, PANEL, TILE_ROWS};

    /// `tile_portable` with `vpdpwssd` (i16 weights) or `vpdpbusd` (i8 weights): 6 rows × 64
    /// outputs, four 16-sum vectors per row. AVX-512BW is left out on purpose: with it, LLVM
    /// turns each `vpdpwssd` into `vpmaddwd` plus `vpaddd`, which made int16 embedding 17 %
    /// slower on this machine's CPU.
    #[target_feature(enable = "avx512f,avx512vnni")]
    pub(super) fn tile<T: PackedWeight>(
        a: &TileRows,
        b: &[T],
        words: usize,
        column_scales: &[f32],
        out: &mut [f32],
        stride: usize,
        columns: usize,
    ) {
        let (rows, row_scales, a_stride) = (a.count, a.scales, a.stride);
        assert!(a.words.len() >= (TILE_ROWS - 1) * a_stride + words);
        assert!(b.len() >= words * PANEL * T::PER_WORD);
        assert!(row_scales.len() >= TILE_ROWS && column_scales.len() >= PANEL);
        assert!(rows <= TILE_ROWS && columns <= PANEL);
        assert!(rows == 0 || out.len() >= (rows - 1) * stride + columns);
        let (a, b) = (a.words.as_ptr(), b.as_ptr().cast::<__m512i>());
        // SAFETY: the asserts above bound every pointer offset below.
        unsafe {
            let mut sums = [[_mm512_setzero_si512(); 4]; TILE_ROWS];
            for w in 0..words {
                let weights = [
                    _mm512_loadu_si512(b.add(w * 4)),
                    _mm512_loadu_si512(b.add(w * 4 + 1)),
                    _mm512_loadu_si512(b.add(w * 4 + 2)),
                    _mm512_loadu_si512(b.add(w * 4 + 3)),
                ];
                for (r, sums) in sums.iter_mut().enumerate() {
                    let x = _mm512_set1_epi32(*a.add(r * a_stride + w));
                    for (sum, &weights) in sums.iter_mut().zip(&weights) {
                        // A constant per `T`: the branch is resolved at compile time.
                        *sum = if T::PER_WORD == 4 {
                            _mm512_dpbusd_epi32(*sum, x, weights)
                        } else {
                            _mm512_dpwssd_epi32(*sum, x, weights)
                        };
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

    /// `out[r][c] += row_scales[r] · column_scales[c] · sums[r][c]` for the first `rows` rows
    /// and `columns` ≤ 64 columns of a tile; `out` points at the tile's first element, with
    /// rows `stride` apart.
    ///
    /// # Safety
    /// The CPU has AVX-512F; `out` is valid for `(rows − 1) · stride + columns` elements;
    /// `row_scales` holds `rows` and `column_scales` 64 values.
    #[target_feature(enable = "avx512f")]
    unsafe fn add_scaled_sums(
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

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::*;

    use super::{PackedWeight, TileRows, PANEL, TILE_ROWS};

    /// `tile_portable` for 16-bit weights on AVX2: each of the panel's four groups of 16
    /// outputs is a 6 × 2 tile of 8-sum vectors (12 of the 16 vector registers), each word of
    /// a row broadcast and multiplied by `vpmaddwd` (the two products of a pair summed, as
    /// `vpdpwssd` does) and added with `vpaddd`: the portable kernel's integer sums.
    #[target_feature(enable = "avx2,fma")]
    pub(super) fn tile<T: PackedWeight>(
        a: &TileRows,
        b: &[T],
        words: usize,
        column_scales: &[f32],
        out: &mut [f32],
        stride: usize,
        columns: usize,
    ) {
        assert_eq!(T::PER_WORD, 2, "AVX2 multiplies 16-bit weights only");
        let (rows, row_scales, a_stride) = (a.count, a.scales, a.stride);
        assert!(a.words.len() >= (TILE_ROWS - 1) * a_stride + words);
        assert!(b.len() >= words * PANEL * T::PER_WORD);
        assert!(row_scales.len() >= TILE_ROWS && column_scales.len() >= PANEL);
        assert!(rows <= TILE_ROWS && columns <= PANEL);
        assert!(rows == 0 || out.len() >= (rows - 1) * stride + columns);
        // One word of the panel is 64 outputs × 2 weights: eight vectors of 16 i16.
        const VECTORS_PER_WORD: usize = PANEL * 2 / 16;
        let (a, b) = (a.words.as_ptr(), b.as_ptr().cast::<__m256i>());
        for group in 0..columns.div_ceil(16) {
            // SAFETY: the asserts above bound every pointer offset below.
            unsafe {
                let mut sums = [[_mm256_setzero_si256(); 2]; TILE_ROWS];
                for w in 0..words {
                    let at = b.add(w * VECTORS_PER_WORD + group * 2);
                    let weights = [_mm256_loadu_si256(at), _mm256_loadu_si256(at.add(1))];
                    for (r, sums) in sums.iter_mut().enumerate() {
                        let x = _mm256_set1_epi32(*a.add(r * a_stride + w));
                        for (sum, &weights) in sums.iter_mut().zip(&weights) {
                            *sum = _mm256_add_epi32(*sum, _mm256_madd_epi16(x, weights));
                        }
                    }
                }
                add_scaled_sums(
                    &sums,
                    rows,
                    row_scales,
                    &column_scales[group * 16..],
                    out.as_mut_ptr().add(group * 16),
                    stride,
                    (columns - group * 16).min(16),
                );
            }
        }
    }

    /// `out[r][c] += row_scales[r] · column_scales[c] · sums[r][c]` for the first `rows` rows
    /// and `columns` ≤ 16 columns of one group; `out` points at the group's first element, with
    /// rows `stride` apart.
    ///
    /// # Safety
    /// The CPU has AVX2 and FMA; `out` is valid for `(rows − 1) · stride + columns` elements;
    /// `row_scales` holds `rows` and `column_scales` 16 values.
    #[target_feature(enable = "avx2,fma")]
    unsafe fn add_scaled_sums(
        sums: &[[__m256i; 2]; TILE_ROWS],
        rows: usize,
        row_scales: &[f32],
        column_scales: &[f32],
        out: *mut f32,
        stride: usize,
        columns: usize,
    ) {
        for (r, sums) in sums.iter().enumerate().take(rows) {
            let row_scale = _mm256_set1_ps(row_scales[r]);
            for (j, &sum) in sums.iter().enumerate() {
                let first = j * 8;
                if first >= columns {
                    break;
                }
                // SAFETY: the caller vouches for `out` and `column_scales`; a short last
                // vector goes through a buffer so nothing past `columns` is touched.
                unsafe {
                    let scale = _mm256_mul_ps(
                        _mm256_loadu_ps(column_scales.as_ptr().add(first)),
                        row_scale,
                    );
                    let dst = out.add(r * stride + first);
                    let sum = _mm256_cvtepi32_ps(sum);
                    let n = (columns - first).min(8);
                    if n == 8 {
                        _mm256_storeu_ps(dst, _mm256_fmadd_ps(sum, scale, _mm256_loadu_ps(dst)));
                    } else {
                        let mut buffer = [0f32; 8];
                        std::ptr::copy_nonoverlapping(dst, buffer.as_mut_ptr(), n);
                        let value = _mm256_fmadd_ps(sum, scale, _mm256_loadu_ps(buffer.as_ptr()));
                        _mm256_storeu_ps(buffer.as_mut_ptr(), value);
                        std::ptr::copy_nonoverlapping(buffer.as_ptr(), dst, n);
                    }
                }
            }
        }
    }
}

/// Inputs and checks the integer products' tests share.
#[cfg(test)]
pub(crate) mod test_values {
    use super::{IntegerMatrix, Kernel};

    /// The portable kernel, and each vector kernel this CPU runs.
    pub fn kernels() -> Vec<Kernel> {
        let mut kernels = vec![Kernel::Portable];
        #[cfg(target_arch = "x86_64")]
        {
            if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
                kernels.push(Kernel::Avx2);
            }
            if Kernel::detect() == Kernel::Avx512Vnni {
                kernels.push(Kernel::Avx512Vnni);
            }
        }
        kernels
    }

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
    pub(crate) fn float_product(x: &[f32], w: &[f32], inputs: usize) -> Vec<f32> {
        x.chunks_exact(inputs)
            .flat_map(|row| {
                w.chunks_exact(inputs)
                    .map(move |col| row.iter().zip(col).map(|(a, b)| a * b).sum::<f32>())
            })
            .collect()
    }

    /// Every kernel's `x · Wᵀ + bias` equals `expected` within `relative` of each value.
    pub(crate) fn assert_every_kernel_gives(
        matrix: &impl IntegerMatrix,
        x: &[f32],
        bias: &[f32],
        expected: &[f64],
        relative: f64,
    ) {
        for kernel in kernels() {
            let out = matrix.forward_with(kernel, x, bias, None);
            assert_eq!(out.len(), expected.len(), "{kernel:?}");
            for (got, want) in out.iter().zip(expected) {
                let got = f64::from(*got);
                assert!(
                    (got - want).abs() <= relative * want.abs().max(1.0),
                    "{kernel:?}: {got} vs {want}"
                );
            }
        }
    }

    /// On a model-sized product with a residual, and on one whose last panel and group are
    /// partial, each vector kernel gives the portable kernel's values: the same integer sums,
    /// scaled and added in the same order, only the fused multiply-add rounding apart. Nothing
    /// to compare on a CPU without a vector kernel.
    pub(crate) fn assert_vector_kernel_gives_the_portable_sums<M: IntegerMatrix>(
        new: impl Fn(&[f32], usize, usize) -> M,
    ) {
        for (rows, inputs, outputs) in [(37, 1536, 384), (13, 385, 101)] {
            let x = values(rows * inputs, 3);
            let matrix = new(&values(outputs * inputs, 4), outputs, inputs);
            let (bias, residual) = (values(outputs, 5), values(rows * outputs, 6));
            let portable = matrix.forward_with(Kernel::Portable, &x, &bias, Some(&residual));
            for kernel in kernels().into_iter().skip(1) {
                let fast = matrix.forward_with(kernel, &x, &bias, Some(&residual));
                assert_eq!(portable.len(), fast.len());
                for (a, b) in portable.iter().zip(&fast) {
                    assert!(
                        (a - b).abs() <= 1e-5 * a.abs().max(1.0),
                        "{kernel:?}: {a} vs {b}"
                    );
                }
            }
        }
    }

    /// An all-zero row gets the bias alone, a row with a NaN or an infinity NaN throughout, on
    /// every kernel.
    pub(crate) fn assert_zero_rows_add_nothing_and_non_finite_rows_give_nan<M: IntegerMatrix>(
        new: impl Fn(&[f32], usize, usize) -> M,
    ) {
        let (inputs, outputs) = (20, 5);
        let matrix = new(&values(outputs * inputs, 5), outputs, inputs);
        let mut x = vec![0f32; 3 * inputs];
        x[inputs + 3] = f32::NAN;
        x[2 * inputs + 7] = f32::INFINITY;
        for kernel in kernels() {
            let out = matrix.forward_with(kernel, &x, &[1.0; 5], None);
            assert!(out[..outputs].iter().all(|&v| v == 1.0), "{kernel:?}");
            assert!(out[outputs..].iter().all(|v| v.is_nan()), "{kernel:?}");
        }
    }
}
