//! Self-attention for F32 on the CPU as one operation: scores, mask, softmax and the weighted
//! sum of values for each (window, head) pair, the pairs spread over threads.
//!
//! The tensor path (see `encoder.rs`) issues one small matrix product per pair per step, each
//! split across threads, and copies the heads in and out of place; for a 256-token window and a
//! 32-wide head that synchronisation and copying cost more than the arithmetic. Here every pair
//! reads its query, key and value straight out of the fused `qkv` projection, skips the padded
//! keys instead of masking them, and writes its rows into place. Rows of padding tokens come out
//! as zeros: no real token attends to them and pooling ignores them.

use candle_core::{bail, CpuStorage, CustomOp2, Layout, Result, Shape, Tensor};
use rayon::prelude::*;

use super::amx_bf16;

/// Attention output `(batch·seq, hidden)` from `qkv` `(batch·seq, 3·hidden)` (query already
/// scaled by 1/sqrt(head size)) and `lengths` `(batch)`, the real tokens of each window, which
/// come first in it. With `tiles`, the two products run on the AMX tiles in BF16 (sums in F32;
/// the softmax stays F32); only where `amx_bf16::available()`.
pub(crate) fn fused_attention(
    qkv: &Tensor,
    lengths: &Tensor,
    seq: usize,
    heads: usize,
    tiles: bool,
) -> Result<Tensor> {
    qkv.apply_op2_no_bwd(lengths, &FusedAttention { seq, heads, tiles })
}

struct FusedAttention {
    seq: usize,
    heads: usize,
    tiles: bool,
}

impl CustomOp2 for FusedAttention {
    fn name(&self) -> &'static str {
        "fused-attention"
    }

    fn cpu_fwd(
        &self,
        qkv: &CpuStorage,
        qkv_layout: &Layout,
        lengths: &CpuStorage,
        lengths_layout: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let (CpuStorage::F32(qkv_data), CpuStorage::U32(length_data)) = (qkv, lengths) else {
            bail!("fused-attention takes F32 qkv and U32 lengths");
        };
        let (Some((q0, q1)), Some((l0, l1))) = (
            qkv_layout.contiguous_offsets(),
            lengths_layout.contiguous_offsets(),
        ) else {
            bail!("fused-attention takes contiguous tensors only");
        };
        let (qkv_data, lengths) = (&qkv_data[q0..q1], &length_data[l0..l1]);
        let (rows, width) = qkv_layout.shape().dims2()?;
        let (seq, heads) = (self.seq, self.heads);
        let batch = lengths.len();
        if rows != batch * seq || width % 3 != 0 || (width / 3) % heads != 0 {
            bail!("fused-attention: qkv {rows}×{width} does not fit {batch}×{seq}, {heads} heads");
        }
        if lengths.iter().any(|&l| l as usize > seq) {
            bail!("fused-attention: a length exceeds the sequence length {seq}");
        }
        let hidden = width / 3;
        let head_size = hidden / heads;
        if self.tiles && !amx_bf16::available() {
            bail!("fused-attention: no AMX tiles for BF16 attention on this CPU");
        }
        let tiles = self.tiles;

        let blocks: Vec<Vec<f32>> = (0..batch * heads)
            .into_par_iter()
            .map(|pair| {
                let (window, head) = (pair / heads, pair % heads);
                let len = lengths[window] as usize;
                let base = window * seq * width + head * head_size;
                attend(&qkv_data[base..], width, hidden, len, head_size, tiles)
            })
            .collect();

        let mut out = vec![0f32; rows * hidden];
        for (pair, block) in blocks.iter().enumerate() {
            let (window, head) = (pair / heads, pair % heads);
            for (i, row) in block.chunks_exact(head_size).enumerate() {
                let at = (window * seq + i) * hidden + head * head_size;
                out[at..at + head_size].copy_from_slice(row);
            }
        }
        Ok((CpuStorage::F32(out), Shape::from((rows, hidden))))
    }
}

/// One head of one window: `qkv` starts at the head's query column of the window's first row;
/// key and value are `hidden` and `2·hidden` further along each row of `row_stride`.
/// Returns the `len × head_size` context rows; with `tiles`, both products run on the AMX
/// tiles.
fn attend(
    qkv: &[f32],
    row_stride: usize,
    hidden: usize,
    len: usize,
    head_size: usize,
    tiles: bool,
) -> Vec<f32> {
    let mut scores = vec![0f32; len * len];
    let mut context = vec![0f32; len * head_size];
    if len == 0 {
        return context;
    }
    // The last element any product reads, so the raw pointers below stay in bounds.
    let needed = (len - 1) * row_stride + 2 * hidden + head_size;
    assert!(qkv.len() >= needed, "qkv slice too short for its window");
    if tiles {
        let (q, k, v) = (qkv, &qkv[hidden..], &qkv[2 * hidden..]);
        amx_bf16::attention_scores(q, k, row_stride, len, head_size, &mut scores);
        for row in scores.chunks_exact_mut(len) {
            softmax_in_place(row);
        }
        amx_bf16::attention_context(&scores, v, row_stride, len, head_size, &mut context);
        return context;
    }
    let (q, k, v) = (
        qkv.as_ptr(),
        qkv[hidden..].as_ptr(),
        qkv[2 * hidden..].as_ptr(),
    );
    let stride = row_stride as isize;
    // SAFETY: every product reads rows 0..len of one head (columns 0..head_size from q, k or
    // v), which the assert above keeps inside `qkv`; the destinations are the local buffers of
    // exactly the written size; no two products share a destination.
    unsafe {
        // scores (len × len) = Q (len × head) · Kᵀ (head × len)
        gemm::gemm(
            len,
            len,
            head_size,
            scores.as_mut_ptr(),
            1,
            len as isize,
            false,
            q,
            1,
            stride,
            k,
            stride,
            1,
            0.0,
            1.0,
            false,
            false,
            false,
            gemm::Parallelism::None,
        );
    }
    for row in scores.chunks_exact_mut(len) {
        softmax_in_place(row);
    }
    unsafe {
        // context (len × head) = P (len × len) · V (len × head)
        gemm::gemm(
            len,
            head_size,
            len,
            context.as_mut_ptr(),
            1,
            head_size as isize,
            false,
            scores.as_ptr(),
            1,
            len as isize,
            v,
            1,
            stride,
            0.0,
            1.0,
            false,
            false,
            false,
            gemm::Parallelism::None,
        );
    }
    context
}

/// Softmax of one row of scores, with AVX-512 where the CPU has it.
fn softmax_in_place(row: &mut [f32]) {
    #[cfg(target_arch = "x86_64")]
    if is_x86_feature_detected!("avx512f") {
        // SAFETY: the CPU has just been checked for the features the function is built with.
        return unsafe { softmax_in_place_avx512(row) };
    }
    #[cfg(target_arch = "x86_64")]
    if is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has just been checked for the features the function is built with.
        return unsafe { softmax_in_place_avx2(row) };
    }
    softmax_in_place_portable(row);
}

/// The portable softmax in AVX2 instructions, each 16-lane step as two 8-lane halves: the
/// same operations in the same order (the reductions keep the portable loop's 16 lanes), so
/// it gives the same bits.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn softmax_in_place_avx2(row: &mut [f32]) {
    use std::arch::x86_64::*;
    let full = row.len() / 16 * 16;
    let (body, rest) = row.split_at_mut(full);
    let store = |lanes: [__m256; 2]| {
        let mut out = [0f32; 16];
        // SAFETY: `out` holds 16 floats, 8 for each half.
        unsafe {
            _mm256_storeu_ps(out.as_mut_ptr(), lanes[0]);
            _mm256_storeu_ps(out.as_mut_ptr().add(8), lanes[1]);
        }
        out
    };
    // SAFETY (every load and store below): each touches 8 of the 16 floats of one chunk of
    // `body`.
    let mut lanes = [_mm256_set1_ps(f32::NEG_INFINITY); 2];
    for chunk in body.chunks_exact(16) {
        for (half, lanes) in lanes.iter_mut().enumerate() {
            *lanes = _mm256_max_ps(*lanes, unsafe {
                _mm256_loadu_ps(chunk.as_ptr().add(half * 8))
            });
        }
    }
    let rest_max = rest.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b));
    let max = store(lanes).into_iter().fold(rest_max, f32::max);

    let max_lanes = _mm256_set1_ps(max);
    let mut sums = [_mm256_setzero_ps(); 2];
    for chunk in body.chunks_exact_mut(16) {
        for (half, sums) in sums.iter_mut().enumerate() {
            let at = unsafe { chunk.as_mut_ptr().add(half * 8) };
            let x = _mm256_sub_ps(unsafe { _mm256_loadu_ps(at) }, max_lanes);
            let e = exp_non_positive_avx2(x);
            unsafe { _mm256_storeu_ps(at, e) };
            *sums = _mm256_add_ps(*sums, e);
        }
    }
    rest.iter_mut()
        .for_each(|x| *x = exp_non_positive(*x - max));
    let rest_sum = rest.iter().fold(0.0, |a, &b| a + b);
    let sum = store(sums).into_iter().fold(rest_sum, |a, b| a + b);

    let scale = 1.0 / sum;
    let scale_lanes = _mm256_set1_ps(scale);
    for chunk in body.chunks_exact_mut(8) {
        let x = _mm256_mul_ps(unsafe { _mm256_loadu_ps(chunk.as_ptr()) }, scale_lanes);
        unsafe { _mm256_storeu_ps(chunk.as_mut_ptr(), x) };
    }
    rest.iter_mut().for_each(|x| *x *= scale);
}

/// [`exp_non_positive`] on 8 lanes, step for step.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn exp_non_positive_avx2(x: std::arch::x86_64::__m256) -> std::arch::x86_64::__m256 {
    use std::arch::x86_64::*;
    const ROUND: f32 = 12_582_912.0;
    let (add, mul, set) = (_mm256_add_ps, _mm256_mul_ps, _mm256_set1_ps);
    let x = _mm256_max_ps(x, set(-87.0));
    let shifted = add(mul(x, set(std::f32::consts::LOG2_E)), set(ROUND));
    let n = _mm256_sub_ps(shifted, set(ROUND));
    let r = add(
        _mm256_sub_ps(x, mul(n, set(0.693_359_4))),
        mul(n, set(2.121_944_4e-4)),
    );
    let mut p = set(1.987_569_1e-4);
    p = add(mul(p, r), set(1.398_199_9e-3));
    p = add(mul(p, r), set(8.333_452e-3));
    p = add(mul(p, r), set(4.166_579_6e-2));
    p = add(mul(p, r), set(0.166_666_65));
    p = add(mul(p, r), set(0.5));
    let e_r = add(add(mul(mul(p, r), r), r), set(1.0));
    let n_bits = _mm256_sub_epi32(
        _mm256_castps_si256(shifted),
        _mm256_set1_epi32(ROUND.to_bits() as i32),
    );
    let two_n = _mm256_slli_epi32::<23>(_mm256_add_epi32(n_bits, _mm256_set1_epi32(127)));
    mul(e_r, _mm256_castsi256_ps(two_n))
}

/// The portable softmax in 16-lane AVX-512 instructions, written out rather than left to the
/// compiler (which kept it scalar at the dev profile's optimisation level): the same
/// operations in the same order, so it gives the same bits.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn softmax_in_place_avx512(row: &mut [f32]) {
    use std::arch::x86_64::*;
    let full = row.len() / 16 * 16;
    let (body, rest) = row.split_at_mut(full);
    let store = |lanes: __m512| {
        let mut out = [0f32; 16];
        // SAFETY: `out` holds 16 floats.
        unsafe { _mm512_storeu_ps(out.as_mut_ptr(), lanes) };
        out
    };
    // SAFETY (every load and store below): each touches the 16 floats of one chunk of `body`.
    let mut lanes = _mm512_set1_ps(f32::NEG_INFINITY);
    for chunk in body.chunks_exact(16) {
        lanes = _mm512_max_ps(lanes, unsafe { _mm512_loadu_ps(chunk.as_ptr()) });
    }
    let rest_max = rest.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b));
    let max = store(lanes).into_iter().fold(rest_max, f32::max);

    let max_lanes = _mm512_set1_ps(max);
    let mut sums = _mm512_setzero_ps();
    for chunk in body.chunks_exact_mut(16) {
        let x = _mm512_sub_ps(unsafe { _mm512_loadu_ps(chunk.as_ptr()) }, max_lanes);
        let e = exp_non_positive_avx512(x);
        unsafe { _mm512_storeu_ps(chunk.as_mut_ptr(), e) };
        sums = _mm512_add_ps(sums, e);
    }
    rest.iter_mut()
        .for_each(|x| *x = exp_non_positive(*x - max));
    let rest_sum = rest.iter().fold(0.0, |a, &b| a + b);
    let sum = store(sums).into_iter().fold(rest_sum, |a, b| a + b);

    let scale = 1.0 / sum;
    let scale_lanes = _mm512_set1_ps(scale);
    for chunk in body.chunks_exact_mut(16) {
        let x = _mm512_mul_ps(unsafe { _mm512_loadu_ps(chunk.as_ptr()) }, scale_lanes);
        unsafe { _mm512_storeu_ps(chunk.as_mut_ptr(), x) };
    }
    rest.iter_mut().for_each(|x| *x *= scale);
}

/// [`exp_non_positive`] on 16 lanes, step for step.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn exp_non_positive_avx512(x: std::arch::x86_64::__m512) -> std::arch::x86_64::__m512 {
    use std::arch::x86_64::*;
    const ROUND: f32 = 12_582_912.0;
    let (add, mul, set) = (_mm512_add_ps, _mm512_mul_ps, _mm512_set1_ps);
    let x = _mm512_max_ps(x, set(-87.0));
    let shifted = add(mul(x, set(std::f32::consts::LOG2_E)), set(ROUND));
    let n = _mm512_sub_ps(shifted, set(ROUND));
    let r = add(
        _mm512_sub_ps(x, mul(n, set(0.693_359_4))),
        mul(n, set(2.121_944_4e-4)),
    );
    let mut p = set(1.987_569_1e-4);
    p = add(mul(p, r), set(1.398_199_9e-3));
    p = add(mul(p, r), set(8.333_452e-3));
    p = add(mul(p, r), set(4.166_579_6e-2));
    p = add(mul(p, r), set(0.166_666_65));
    p = add(mul(p, r), set(0.5));
    let e_r = add(add(mul(mul(p, r), r), r), set(1.0));
    let n_bits = _mm512_sub_epi32(
        _mm512_castps_si512(shifted),
        _mm512_set1_epi32(ROUND.to_bits() as i32),
    );
    let two_n = _mm512_slli_epi32::<23>(_mm512_add_epi32(n_bits, _mm512_set1_epi32(127)));
    mul(e_r, _mm512_castsi512_ps(two_n))
}

#[inline(always)]
fn softmax_in_place_portable(row: &mut [f32]) {
    let max = reduce_in_lanes(row, f32::NEG_INFINITY, f32::max);
    row.iter_mut().for_each(|x| *x = exp_non_positive(*x - max));
    let sum = reduce_in_lanes(row, 0.0, |a, b| a + b);
    let scale = 1.0 / sum;
    row.iter_mut().for_each(|x| *x *= scale);
}

/// Folds `row` with `f` in 16 independent lanes and then across them: a single running value
/// is a chain the compiler may not reorder, so it would stay scalar.
#[inline(always)]
fn reduce_in_lanes(row: &[f32], init: f32, f: impl Fn(f32, f32) -> f32) -> f32 {
    let mut lanes = [init; 16];
    let chunks = row.chunks_exact(16);
    let rest = chunks.remainder().iter().fold(init, |a, &b| f(a, b));
    for chunk in chunks {
        for (lane, &x) in lanes.iter_mut().zip(chunk) {
            *lane = f(*lane, x);
        }
    }
    lanes.into_iter().fold(rest, f)
}

/// e^x for x ≤ 0 (scores minus their row's maximum), written so the compiler vectorizes it:
/// x = n·ln 2 + r with |r| ≤ ln 2 / 2, e^r by Cephes' degree-6 polynomial, 2^n by building the
/// exponent bits. Relative error about 1e-7; inputs below -87 give e^-87 (~1.6e-38), not 0.
#[inline(always)]
fn exp_non_positive(x: f32) -> f32 {
    // Rounds to the nearest integer without a rounding instruction: 1.5·2^23 pushes the
    // fraction bits out of the mantissa.
    const ROUND: f32 = 12_582_912.0;
    let x = x.max(-87.0);
    let shifted = x * std::f32::consts::LOG2_E + ROUND;
    let n = shifted - ROUND;
    // ln 2 split in two so n·ln 2 is exact to f32 precision (Cody and Waite).
    let r = x - n * 0.693_359_4 + n * 2.121_944_4e-4;
    let mut p = 1.987_569_1e-4_f32;
    p = p * r + 1.398_199_9e-3;
    p = p * r + 8.333_452e-3;
    p = p * r + 4.166_579_6e-2;
    p = p * r + 0.166_666_65;
    p = p * r + 0.5;
    let e_r = p * r * r + r + 1.0;
    // n sits in the low mantissa bits of `shifted`: integer arithmetic, no float-to-int
    // conversion (Rust's saturating `as` would not vectorize).
    let n_bits = shifted.to_bits().wrapping_sub(ROUND.to_bits());
    let two_n = f32::from_bits(n_bits.wrapping_add(127) << 23);
    e_r * two_n
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{DType, Device, D};

    /// The same attention written with plain tensor operations, masking padded keys.
    fn reference(qkv: &Tensor, lengths: &[u32], seq: usize, heads: usize) -> Tensor {
        let (rows, width) = qkv.dims2().unwrap();
        let batch = rows / seq;
        let head_size = width / 3 / heads;
        let qkv = qkv
            .reshape((batch, seq, 3, heads, head_size))
            .unwrap()
            .permute((2, 0, 3, 1, 4))
            .unwrap()
            .contiguous()
            .unwrap();
        let (q, k, v) = (
            qkv.get(0).unwrap(),
            qkv.get(1).unwrap(),
            qkv.get(2).unwrap(),
        );
        let mask: Vec<f32> = lengths
            .iter()
            .flat_map(|&l| (0..seq).map(move |j| if j < l as usize { 0.0 } else { -1e30 }))
            .collect();
        let mask = Tensor::from_vec(mask, (batch, 1, 1, seq), &Device::Cpu).unwrap();
        let scores = q
            .matmul(&k.t().unwrap())
            .unwrap()
            .broadcast_add(&mask)
            .unwrap();
        let probs = candle_nn::ops::softmax(&scores, D::Minus1).unwrap();
        probs
            .matmul(&v)
            .unwrap()
            .transpose(1, 2)
            .unwrap()
            .reshape((rows, width / 3))
            .unwrap()
    }

    #[test]
    fn equals_masked_tensor_attention_on_real_tokens_and_zeroes_padding() {
        let (batch, seq, heads, head_size) = (3, 7, 2, 4);
        let width = 3 * heads * head_size;
        let qkv = Tensor::randn(0f32, 1.0, (batch * seq, width), &Device::Cpu).unwrap();
        let lengths = [7u32, 3, 1];
        let lengths_t = Tensor::new(&lengths, &Device::Cpu).unwrap();
        let fused = fused_attention(&qkv, &lengths_t, seq, heads, false)
            .unwrap()
            .to_vec2::<f32>()
            .unwrap();
        let expected = reference(&qkv, &lengths, seq, heads)
            .to_dtype(DType::F32)
            .unwrap()
            .to_vec2::<f32>()
            .unwrap();
        for (row, (got, want)) in fused.iter().zip(&expected).enumerate() {
            let (window, position) = (row / seq, row % seq);
            if position < lengths[window] as usize {
                for (a, b) in got.iter().zip(want) {
                    assert!((a - b).abs() < 1e-5, "row {row}: {got:?} vs {want:?}");
                }
            } else {
                assert!(got.iter().all(|&x| x == 0.0), "padding row {row} not zero");
            }
        }
    }

    #[test]
    fn exp_is_within_two_parts_in_ten_million_of_std() {
        for i in 0..=87_000 {
            let x = -(i as f32) / 1000.0;
            let (fast, exact) = (exp_non_positive(x), x.exp());
            assert!(
                (fast - exact).abs() <= 2e-7 * exact,
                "e^{x}: {fast} vs {exact}"
            );
        }
    }

    /// Scores from -30 to 10 at lengths on and around the 16 lanes.
    fn score_rows() -> Vec<Vec<f32>> {
        [1, 5, 16, 17, 33, 256, 257]
            .iter()
            .map(|&len| {
                (0..len)
                    .map(|i| ((i * 7919 % 4001) as f32) / 100.0 - 30.0)
                    .collect()
            })
            .collect()
    }

    #[test]
    fn avx512_softmax_gives_the_portable_bits() {
        if !is_x86_feature_detected!("avx512f") {
            eprintln!("no AVX-512 on this CPU: the portable softmax is the one in use");
            return;
        }
        for row in score_rows() {
            let (mut fast, mut plain) = (row.clone(), row.clone());
            // SAFETY: the CPU has just been checked for AVX-512F.
            unsafe { softmax_in_place_avx512(&mut fast) };
            softmax_in_place_portable(&mut plain);
            let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&fast), bits(&plain), "a row of {}", row.len());
            let sum: f32 = fast.iter().sum();
            assert!(
                (sum - 1.0).abs() < 1e-5,
                "a row of {} sums to {sum}",
                row.len()
            );
        }
    }

    #[test]
    fn avx2_softmax_gives_the_portable_bits() {
        if !is_x86_feature_detected!("avx2") {
            eprintln!("no AVX2 on this CPU: the portable softmax is the one in use");
            return;
        }
        for row in score_rows() {
            let (mut fast, mut plain) = (row.clone(), row.clone());
            // SAFETY: the CPU has just been checked for AVX2.
            unsafe { softmax_in_place_avx2(&mut fast) };
            softmax_in_place_portable(&mut plain);
            let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&fast), bits(&plain), "a row of {}", row.len());
            let sum: f32 = fast.iter().sum();
            assert!(
                (sum - 1.0).abs() < 1e-5,
                "a row of {} sums to {sum}",
                row.len()
            );
        }
    }

    #[test]
    fn attention_on_the_tiles_agrees_with_f32_to_bf16_precision() {
        if !amx_bf16::available() {
            eprintln!("no AMX tiles on this CPU: attention on the tiles is not run");
            return;
        }
        // Head size 32 as in MiniLM; lengths on, under and over the 16-row tiles, one odd.
        let (batch, seq, heads, head_size) = (4, 40, 3, 32);
        let width = 3 * heads * head_size;
        let qkv =
            (Tensor::randn(0f32, 1.0, (batch * seq, width), &Device::Cpu).unwrap() * 0.5).unwrap();
        let lengths = Tensor::new(&[40u32, 17, 16, 1], &Device::Cpu).unwrap();
        let run = |tiles| {
            fused_attention(&qkv, &lengths, seq, heads, tiles)
                .unwrap()
                .flatten_all()
                .unwrap()
                .to_vec1::<f32>()
                .unwrap()
        };
        let (exact, tiled) = (run(false), run(true));
        let worst = exact
            .iter()
            .zip(&tiled)
            .map(|(a, b)| (a - b).abs())
            .fold(0f32, f32::max);
        assert!(worst < 0.02, "largest difference {worst}");
        assert!(
            worst > 0.0,
            "the tiles gave F32's exact bits: were they used?"
        );
        // Padding rows stay zero on the tiles too.
        assert!(
            tiled[(seq + 17) * heads * head_size..2 * seq * heads * head_size]
                .iter()
                .all(|&x| x == 0.0)
        );
    }

    #[test]
    fn refuses_shapes_that_do_not_fit() {
        let qkv = Tensor::zeros((10, 12), DType::F32, &Device::Cpu).unwrap();
        let lengths = Tensor::new(&[5u32, 5], &Device::Cpu).unwrap();
        assert!(fused_attention(&qkv, &lengths, 4, 2, false).is_err());
        let too_long = Tensor::new(&[5u32, 6], &Device::Cpu).unwrap();
        assert!(fused_attention(&qkv, &too_long, 5, 2, false).is_err());
    }
}
