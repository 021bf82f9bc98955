//! Matrix products on AMX tiles in BF16 (Intel Sapphire Rapids and later): the dense layers
//! and both products of attention (scores, weighted values). Weights are rounded to BF16 when
//! the model loads and packed in the tile layout `tdpbf16ps` reads (pairs of inputs side by
//! side, 16 outputs to a tile row); activations, keys and values are rounded to BF16 on every
//! call; the products are summed in F32 inside the tiles. One `tdpbf16ps` does 16 × 16 × 32
//! multiply-adds. Only used where the CPU has the tiles and the kernel lets this process use
//! them (`available`); everything else keeps the int16 and F32 paths.

use std::sync::OnceLock;

use super::gelu::gelu_slice;
use super::integer_products::{by_tasks, IntegerMatrix, Kernel};

/// Names this scheme in the model fingerprint, so vectors cached by another scheme (such as
/// `bf16-amx`, whose attention was F32) are made again rather than mixed in.
pub(crate) const SCHEME: &str = "bf16-amx-attention";
/// Rows of an activation (A) or result (C) tile.
const TILE_ROWS: usize = 16;
/// BF16 inputs in a row of an A tile (64 bytes), and so in a K block.
const TILE_K: usize = 32;
/// F32 outputs in a row of a C tile (64 bytes).
const TILE_N: usize = 16;
/// u16 values in one packed B tile: 16 rows of input pairs × 16 outputs × 2.
const B_TILE: usize = TILE_K * TILE_N;

/// Whether this process can run the AMX BF16 products: the CPU has the tiles and the kernel
/// granted this process their state (Linux's `ARCH_REQ_XCOMP_PERM`, asked once).
pub(crate) fn available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(detect)
}

#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
fn detect() -> bool {
    // CPUID leaf 7: EDX bit 22 is AMX-BF16, bit 24 AMX-TILE.
    let leaf = std::arch::x86_64::__cpuid_count(7, 0);
    let has_tiles = leaf.edx & (1 << 22) != 0 && leaf.edx & (1 << 24) != 0;
    if !has_tiles {
        return false;
    }
    const ARCH_REQ_XCOMP_PERM: libc::c_long = 0x1023;
    const XFEATURE_XTILEDATA: libc::c_long = 18;
    // SAFETY: arch_prctl with these arguments only asks for permission; it reads no memory.
    let granted = unsafe {
        libc::syscall(
            libc::SYS_arch_prctl,
            ARCH_REQ_XCOMP_PERM,
            XFEATURE_XTILEDATA,
        )
    };
    granted == 0
}

#[cfg(not(all(target_arch = "x86_64", target_os = "linux")))]
fn detect() -> bool {
    false
}

/// `x` rounded to BF16, to nearest, ties to even (NaN stays NaN).
fn bf16(x: f32) -> u16 {
    let bits = x.to_bits();
    if x.is_nan() {
        return ((bits >> 16) | 0x40) as u16;
    }
    let rounded = bits.wrapping_add(0x7FFF + ((bits >> 16) & 1));
    (rounded >> 16) as u16
}

/// Each of `row` rounded to BF16 into `out`, of the same length: [`bf16`] of each, except that
/// where the CPU has the BF16 conversion instruction (every CPU with AMX-BF16 does) subnormal
/// inputs, under 1.2e-38, become zero as that instruction makes them.
fn round_row(row: &[f32], out: &mut [u16]) {
    #[cfg(target_arch = "x86_64")]
    if is_x86_feature_detected!("avx512bf16") {
        // SAFETY: the CPU has just been checked for the features the function is built with.
        return unsafe { avx512::round_row_by_instruction(row, out) };
    }
    #[cfg(target_arch = "x86_64")]
    if is_x86_feature_detected!("avx512f") {
        // SAFETY: the CPU has just been checked for the features the function is built with.
        return unsafe { avx512::round_row(row, out) };
    }
    for (dst, &v) in out.iter_mut().zip(row) {
        *dst = bf16(v);
    }
}

/// `out[i]` = `first[i]` and `second[i]` (or 0 without it) rounded to BF16, as a pair in one
/// `u32` (the first in the low half), for `i` in `0..out.len()`.
fn round_pairs(first: &[f32], second: Option<&[f32]>, out: &mut [u32]) {
    #[cfg(target_arch = "x86_64")]
    if is_x86_feature_detected!("avx512f") {
        // SAFETY: the CPU has just been checked for the features the function is built with.
        return unsafe { avx512::round_pairs(first, second, out) };
    }
    for (i, dst) in out.iter_mut().enumerate() {
        *dst = bf16_pair(first, second, i);
    }
}

/// `first[i]` and `second[i]` (or 0 without it) rounded to BF16, as one pair.
fn bf16_pair(first: &[f32], second: Option<&[f32]>, i: usize) -> u32 {
    let high = second.map_or(0, |s| u32::from(bf16(s[i])));
    u32::from(bf16(first[i])) | high << 16
}

/// The rounding in AVX-512 instructions written out (the compiler kept the loops scalar at the
/// dev profile's optimisation level): the same bits as [`bf16`].
#[cfg(target_arch = "x86_64")]
mod avx512 {
    use std::arch::x86_64::*;

    use super::bf16;

    /// [`bf16`] of 16 lanes, in the low half of each 32-bit lane.
    #[target_feature(enable = "avx512f")]
    fn round16(x: __m512) -> __m512i {
        let bits = _mm512_castps_si512(x);
        let odd = _mm512_and_si512(_mm512_srli_epi32::<16>(bits), _mm512_set1_epi32(1));
        let bias = _mm512_add_epi32(odd, _mm512_set1_epi32(0x7FFF));
        let rounded = _mm512_srli_epi32::<16>(_mm512_add_epi32(bits, bias));
        let quiet = _mm512_or_si512(_mm512_srli_epi32::<16>(bits), _mm512_set1_epi32(0x40));
        let nan = _mm512_cmp_ps_mask::<_CMP_UNORD_Q>(x, x);
        _mm512_mask_blend_epi32(nan, rounded, quiet)
    }

    #[target_feature(enable = "avx512f")]
    pub(super) fn round_row(row: &[f32], out: &mut [u16]) {
        let mut rows = row.chunks_exact(16);
        let mut outs = out.chunks_exact_mut(16);
        for (chunk, dst) in (&mut rows).zip(&mut outs) {
            // SAFETY: the load reads the 16 floats of `chunk`, the store writes the 16 u16 of
            // `dst`.
            let x = unsafe { _mm512_loadu_ps(chunk.as_ptr()) };
            let value = _mm512_cvtepi32_epi16(round16(x));
            unsafe { _mm256_storeu_si256(dst.as_mut_ptr().cast(), value) };
        }
        for (dst, &v) in outs.into_remainder().iter_mut().zip(rows.remainder()) {
            *dst = bf16(v);
        }
    }

    /// [`round_row`] with `vcvtneps2bf16`, which rounds 16 floats in one instruction, to
    /// nearest, ties to even, NaN kept (quietened), as [`bf16`] does; subnormals become zero.
    #[target_feature(enable = "avx512f,avx512bf16")]
    pub(super) fn round_row_by_instruction(row: &[f32], out: &mut [u16]) {
        /// 16 floats to 16 BF16 values in one instruction.
        #[target_feature(enable = "avx512f,avx512bf16")]
        fn round16(chunk: &[f32], dst: &mut [u16]) {
            assert!(chunk.len() == 16 && dst.len() == 16);
            // SAFETY: the load reads the 16 floats of `chunk`, the store writes the 16 u16 of
            // `dst`; a __m256bh is 16 u16, as a __m256i is 256 bits.
            unsafe {
                let value = _mm512_cvtneps_pbh(_mm512_loadu_ps(chunk.as_ptr()));
                let value = std::mem::transmute::<__m256bh, __m256i>(value);
                _mm256_storeu_si256(dst.as_mut_ptr().cast(), value);
            }
        }
        let mut rows = row.chunks_exact(16);
        let mut outs = out.chunks_exact_mut(16);
        for (chunk, dst) in (&mut rows).zip(&mut outs) {
            round16(chunk, dst);
        }
        // The tail through the same instruction, so a value rounds the same wherever it falls.
        let rest = rows.remainder();
        if !rest.is_empty() {
            let mut padded = [0f32; 16];
            padded[..rest.len()].copy_from_slice(rest);
            let mut rounded = [0u16; 16];
            round16(&padded, &mut rounded);
            outs.into_remainder()
                .copy_from_slice(&rounded[..rest.len()]);
        }
    }

    #[target_feature(enable = "avx512f")]
    pub(super) fn round_pairs(first: &[f32], second: Option<&[f32]>, out: &mut [u32]) {
        let full = out.len() / 16 * 16;
        for at in (0..full).step_by(16) {
            // SAFETY: each load reads 16 floats from `at`, below `out.len()`, which both inputs
            // hold; the store writes 16 u32 of `out` from `at`.
            let low = round16(unsafe { _mm512_loadu_ps(first[at..at + 16].as_ptr()) });
            let high = match second {
                Some(s) => round16(unsafe { _mm512_loadu_ps(s[at..at + 16].as_ptr()) }),
                None => _mm512_setzero_si512(),
            };
            let pair = _mm512_or_si512(low, _mm512_slli_epi32::<16>(high));
            unsafe { _mm512_storeu_si512(out[at..at + 16].as_mut_ptr().cast(), pair) };
        }
        for (i, dst) in out.iter_mut().enumerate().skip(full) {
            *dst = super::bf16_pair(first, second, i);
        }
    }
}

/// A right-hand operand in the B-tile layout `tdpbf16ps` reads: for each block of 16 outputs
/// (two at a time, so their count is padded to 32), each block of 32 inputs, a 1 KiB tile of 16
/// rows, each row the 16 outputs' pair of inputs `2·row` and `2·row + 1` side by side. Inputs
/// and outputs past the given counts stay 0.
struct TileOperand {
    outputs: usize,
    inputs: usize,
    k_blocks: usize,
    n_blocks: usize,
    packed: Vec<u32>,
}

/// `u32` pairs in one B tile: 16 rows × 16 outputs.
const B_TILE_PAIRS: usize = B_TILE / 2;

impl TileOperand {
    fn zeroed(outputs: usize, inputs: usize) -> TileOperand {
        let k_blocks = inputs.div_ceil(TILE_K);
        let n_blocks = outputs.div_ceil(2 * TILE_N) * 2;
        TileOperand {
            outputs,
            inputs,
            k_blocks,
            n_blocks,
            packed: vec![0; n_blocks * k_blocks * B_TILE_PAIRS],
        }
    }

    /// Where the pair of inputs `2·pair`, `2·pair + 1` of output `n` lies.
    fn pair_offset(&self, n: usize, pair: usize) -> usize {
        let (block, column) = (n / TILE_N, n % TILE_N);
        block * self.k_blocks * B_TILE_PAIRS
            + (pair / TILE_ROWS) * B_TILE_PAIRS
            + (pair % TILE_ROWS) * TILE_N
            + column
    }

    /// Sets output `n`'s inputs (`values`, at most `inputs` long), as a weight matrix's row or
    /// an attention key gives them; `scratch` is reused between calls.
    fn set_output(&mut self, n: usize, values: &[f32], scratch: &mut Vec<u16>) {
        scratch.clear();
        scratch.resize(values.len().next_multiple_of(2), 0);
        round_row(values, &mut scratch[..values.len()]);
        for (pair, two) in scratch.chunks_exact(2).enumerate() {
            let at = self.pair_offset(n, pair);
            self.packed[at] = u32::from(two[0]) | u32::from(two[1]) << 16;
        }
    }

    /// Sets inputs `2·pair` (`first`) and `2·pair + 1` (`second`, 0 without it) of every
    /// output, as an attention head's values give them (a row of values per input).
    fn set_input_pair(&mut self, pair: usize, first: &[f32], second: Option<&[f32]>) {
        for block in 0..self.outputs.div_ceil(TILE_N) {
            let from = block * TILE_N;
            let width = TILE_N.min(self.outputs - from);
            let at = self.pair_offset(from, pair);
            round_pairs(
                &first[from..from + width],
                second.map(|s| &s[from..from + width]),
                &mut self.packed[at..at + width],
            );
        }
    }

    /// Adds `a · Bᵀ` onto `out` (`rows × outputs`, row-major): `a` holds `rows` rows (padded
    /// with zero rows to a multiple of 16) of `k_pad = 32·k_blocks` BF16 inputs.
    fn add_product(&self, a: &[u16], rows: usize, out: &mut [f32]) {
        let k_pad = self.k_blocks * TILE_K;
        let pairs = self.k_blocks * B_TILE_PAIRS;
        let width = self.outputs;
        let mut c = [0f32; TILE_ROWS * 2 * TILE_N];
        // SAFETY: as below; the configuration holds for this thread until `release`.
        unsafe { tiles::configure() };
        for rb in 0..rows.div_ceil(TILE_ROWS) {
            let a_block = &a[rb * TILE_ROWS * k_pad..][..TILE_ROWS * k_pad];
            let block_rows = TILE_ROWS.min(rows - rb * TILE_ROWS);
            for nb in (0..self.n_blocks).step_by(2) {
                let b0 = &self.packed[nb * pairs..][..pairs];
                let b1 = &self.packed[(nb + 1) * pairs..][..pairs];
                let first = nb * TILE_N;
                let first_out = rb * TILE_ROWS * width + first;
                // SAFETY (both calls): `available` found the tiles and the permission (a
                // TileOperand is only used then); the kernel checks the slices' sizes.
                if block_rows == TILE_ROWS && first + 2 * TILE_N <= width {
                    // A whole 16 × 32 block of `out`: the tiles add onto it in place.
                    let c_out = &mut out[first_out..][..(TILE_ROWS - 1) * width + 2 * TILE_N];
                    unsafe {
                        tiles::two_blocks_onto(a_block, k_pad, b0, b1, self.k_blocks, c_out, width)
                    };
                    continue;
                }
                // The edge of `out`: its part inside is copied to a whole block, added onto
                // there and copied back, so that every output gets the same arithmetic wherever
                // its row falls (a score must not depend on the other texts in the batch).
                c.fill(0.0);
                let inside = (2 * TILE_N).min(width - first);
                for r in 0..block_rows {
                    c[r * 2 * TILE_N..][..inside]
                        .copy_from_slice(&out[first_out + r * width..][..inside]);
                }
                unsafe {
                    tiles::two_blocks_onto(
                        a_block,
                        k_pad,
                        b0,
                        b1,
                        self.k_blocks,
                        &mut c,
                        2 * TILE_N,
                    )
                };
                for r in 0..block_rows {
                    out[first_out + r * width..][..inside]
                        .copy_from_slice(&c[r * 2 * TILE_N..][..inside]);
                }
            }
        }
        // SAFETY: the tiles were configured above, on this thread.
        unsafe { tiles::release() };
    }
}

/// `rows` rows of `k` values (row `r` at `values[r * stride..]`) rounded to BF16 as the A
/// operand of [`TileOperand::add_product`]: rows padded to 16 and inputs to `k_pad`, with 0.
fn tile_rows(values: &[f32], stride: usize, rows: usize, k: usize, k_pad: usize) -> Vec<u16> {
    let mut a = vec![0u16; rows.div_ceil(TILE_ROWS) * TILE_ROWS * k_pad];
    if stride == k && k == k_pad {
        // Rows back to back on both sides: one pass.
        round_row(&values[..rows * k], &mut a[..rows * k]);
        return a;
    }
    for r in 0..rows {
        round_row(&values[r * stride..][..k], &mut a[r * k_pad..][..k]);
    }
    a
}

/// A weight matrix rounded to BF16 and packed in B tiles (see [`TileOperand`]).
pub(crate) struct AmxBf16Matrix {
    weights: TileOperand,
}

impl AmxBf16Matrix {
    /// Rounds and packs `weight`, row-major `(outputs, inputs)`.
    pub fn new(weight: &[f32], outputs: usize, inputs: usize) -> AmxBf16Matrix {
        let mut weights = TileOperand::zeroed(outputs, inputs);
        let mut scratch = Vec::new();
        for o in 0..outputs {
            weights.set_output(o, &weight[o * inputs..][..inputs], &mut scratch);
        }
        AmxBf16Matrix { weights }
    }

    /// Adds `x · Wᵀ` onto `out`, both row-major, `x` holding `out.len() / outputs` rows.
    fn multiply(&self, x: &[f32], out: &mut [f32]) {
        let w = &self.weights;
        let rows = out.len() / w.outputs;
        let a = tile_rows(x, w.inputs, rows, w.inputs, w.k_blocks * TILE_K);
        w.add_product(&a, rows, out);
    }
}

/// One attention head on the tiles: `scores` (`len × len`, zeroed) += Q · Kᵀ, where row `r`
/// of Q and K starts at `q[r * stride]` and `k[r * stride]` and holds `head` values.
pub(crate) fn attention_scores(
    q: &[f32],
    k: &[f32],
    stride: usize,
    len: usize,
    head: usize,
    scores: &mut [f32],
) {
    let mut keys = TileOperand::zeroed(len, head);
    let mut scratch = Vec::new();
    for key in 0..len {
        keys.set_output(key, &k[key * stride..][..head], &mut scratch);
    }
    let a = tile_rows(q, stride, len, head, keys.k_blocks * TILE_K);
    keys.add_product(&a, len, scores);
}

/// One attention head on the tiles: `context` (`len × head`, zeroed) += P · V, where P is
/// `len × len` row-major and row `r` of V starts at `v[r * stride]`.
pub(crate) fn attention_context(
    p: &[f32],
    v: &[f32],
    stride: usize,
    len: usize,
    head: usize,
    context: &mut [f32],
) {
    let mut values = TileOperand::zeroed(head, len);
    for pair in 0..len.div_ceil(2) {
        let first = &v[2 * pair * stride..][..head];
        let second = (2 * pair + 1 < len).then(|| &v[(2 * pair + 1) * stride..][..head]);
        values.set_input_pair(pair, first, second);
    }
    let a = tile_rows(p, len, len, len, values.k_blocks * TILE_K);
    values.add_product(&a, len, context);
}

/// A transformer's feed-forward block on the tiles in one pass per task of rows:
/// `GELU(x·Upᵀ + up_bias)·Downᵀ + down_bias + residual`. Each task's wide intermediate
/// (rows × 1,536 for MiniLM) is made, activated, rounded and consumed while it is in the
/// core's cache, instead of going out to memory and back three times (product, GELU, rounding)
/// as it does layer by layer. The same operations on the same values in the same order as
/// [`AmxBf16Matrix::forward`], `gelu`, then `forward` again: the same bits.
pub(crate) fn feed_forward(
    up: (&AmxBf16Matrix, &[f32]),
    down: (&AmxBf16Matrix, &[f32]),
    x: &[f32],
    residual: &[f32],
) -> Vec<f32> {
    let ((up, up_bias), (down, down_bias)) = (up, down);
    let (inputs, inner, outputs) = (up.inputs(), up.outputs(), down.outputs());
    assert_eq!(
        down.inputs(),
        inner,
        "the down projection reads the up projection's outputs"
    );
    assert_eq!(up_bias.len(), inner, "one bias per intermediate value");
    by_tasks(x, inputs, outputs, down_bias, Some(residual), |x, out| {
        let rows = out.len() / outputs;
        let mut hidden = Vec::with_capacity(rows * inner);
        for _ in 0..rows {
            hidden.extend_from_slice(up_bias);
        }
        up.multiply(x, &mut hidden);
        gelu_slice(&mut hidden);
        down.multiply(&hidden, out);
    })
}

impl IntegerMatrix for AmxBf16Matrix {
    fn outputs(&self) -> usize {
        self.weights.outputs
    }

    fn inputs(&self) -> usize {
        self.weights.inputs
    }

    /// The tiles whatever `kernel` says: this matrix exists only where they run.
    fn forward_with(
        &self,
        _kernel: Kernel,
        x: &[f32],
        bias: &[f32],
        residual: Option<&[f32]>,
    ) -> Vec<f32> {
        let w = &self.weights;
        by_tasks(x, w.inputs, w.outputs, bias, residual, |x, out| {
            self.multiply(x, out)
        })
    }
}

#[cfg(target_arch = "x86_64")]
mod tiles {
    use std::arch::asm;

    use super::{B_TILE_PAIRS, TILE_K, TILE_N, TILE_ROWS};

    /// The tile configuration: palette 1, tiles 0–4 each 16 rows of 64 bytes (0 and 1 the
    /// results, 2 the activations, 3 and 4 the weights).
    #[repr(C, align(64))]
    struct Config([u8; 64]);

    const fn config() -> Config {
        let mut bytes = [0u8; 64];
        bytes[0] = 1;
        let mut t = 0;
        while t < 5 {
            bytes[16 + 2 * t] = 64;
            bytes[48 + t] = TILE_ROWS as u8;
            t += 1;
        }
        Config(bytes)
    }

    static CONFIG: Config = config();

    /// Loads the tile configuration on this thread.
    ///
    /// # Safety
    /// The CPU must have AMX-TILE, and this process the permission to use it.
    pub(super) unsafe fn configure() {
        // SAFETY: the caller's promise; the configuration is 64 aligned bytes.
        unsafe { asm!("ldtilecfg [{cfg}]", cfg = in(reg) CONFIG.0.as_ptr(), options(nostack)) };
    }

    /// Gives the tile state back.
    ///
    /// # Safety
    /// As [`configure`].
    pub(super) unsafe fn release() {
        // SAFETY: the caller's promise.
        unsafe { asm!("tilerelease", options(nostack, nomem)) };
    }

    /// Adds a 16-row block of `a` (row stride `k_pad` u16) times the weight blocks `b0` and
    /// `b1` (over `k_blocks` blocks of 32 inputs) onto 16 rows of 32 floats of `c`, row stride
    /// `c_stride` floats: columns 0–15 from `b0`, 16–31 from `b1`. The sums stay in F32 in the
    /// tiles, which start from `c`'s values.
    ///
    /// # Safety
    /// The CPU must have AMX-TILE and AMX-BF16, this process the permission to use them, and
    /// this thread the tiles configured by [`configure`]; `a` must hold 16 rows of
    /// `k_pad ≥ 32·k_blocks` values, `b0` and `b1` `k_blocks` tiles, `c` 16 rows of 32.
    pub(super) unsafe fn two_blocks_onto(
        a: &[u16],
        k_pad: usize,
        b0: &[u32],
        b1: &[u32],
        k_blocks: usize,
        c: &mut [f32],
        c_stride: usize,
    ) {
        assert!(a.len() >= TILE_ROWS * k_pad && k_pad >= k_blocks * TILE_K);
        assert!(b0.len() >= k_blocks * B_TILE_PAIRS && b1.len() >= k_blocks * B_TILE_PAIRS);
        assert!(c_stride >= 2 * TILE_N && c.len() >= (TILE_ROWS - 1) * c_stride + 2 * TILE_N);
        if k_blocks == 0 {
            return;
        }
        // SAFETY: the caller's promises; the asserts keep every tile load inside the slices
        // (16 rows of 64 bytes at the given strides) and the stores inside `c`.
        unsafe {
            asm!(
                "tileloadd tmm0, [{c0} + {c_stride}*1]",
                "tileloadd tmm1, [{c1} + {c_stride}*1]",
                "2:",
                "tileloadd tmm2, [{a} + {a_stride}*1]",
                "tileloadd tmm3, [{b0} + {tile_stride}*1]",
                "tileloadd tmm4, [{b1} + {tile_stride}*1]",
                "tdpbf16ps tmm0, tmm2, tmm3",
                "tdpbf16ps tmm1, tmm2, tmm4",
                "add {a}, 64",
                "add {b0}, 1024",
                "add {b1}, 1024",
                "dec {blocks}",
                "jnz 2b",
                "tilestored [{c0} + {c_stride}*1], tmm0",
                "tilestored [{c1} + {c_stride}*1], tmm1",
                a = inout(reg) a.as_ptr() => _,
                a_stride = in(reg) k_pad * 2,
                b0 = inout(reg) b0.as_ptr() => _,
                b1 = inout(reg) b1.as_ptr() => _,
                tile_stride = in(reg) 64usize,
                blocks = inout(reg) k_blocks => _,
                c0 = in(reg) c.as_mut_ptr(),
                c1 = in(reg) c.as_mut_ptr().add(TILE_N),
                c_stride = in(reg) c_stride * 4,
                options(nostack),
            );
        }
    }
}

/// The same sums in plain arithmetic, for CPUs this module never runs on (it keeps the
/// crate building there).
#[cfg(not(target_arch = "x86_64"))]
mod tiles {
    use super::{B_TILE_PAIRS, TILE_K, TILE_N, TILE_ROWS};

    pub(super) unsafe fn configure() {}

    pub(super) unsafe fn release() {}

    pub(super) unsafe fn two_blocks_onto(
        a: &[u16],
        k_pad: usize,
        b0: &[u32],
        b1: &[u32],
        k_blocks: usize,
        c: &mut [f32],
        c_stride: usize,
    ) {
        let value = |bits: u16| f32::from_bits(u32::from(bits) << 16);
        for (half, b) in [b0, b1].into_iter().enumerate() {
            for r in 0..TILE_ROWS {
                for n in 0..TILE_N {
                    let mut sum = 0.0;
                    for k in 0..k_blocks * TILE_K {
                        let pair = b[(k / TILE_K) * B_TILE_PAIRS + (k % TILE_K) / 2 * TILE_N + n];
                        let w = (pair >> (16 * (k % 2))) as u16;
                        sum += value(a[r * k_pad + k]) * value(w);
                    }
                    c[r * c_stride + half * TILE_N + n] += sum;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(w: &[f32], x: &[f32], outputs: usize, inputs: usize) -> Vec<f32> {
        let round = |v: f32| f32::from_bits(u32::from(bf16(v)) << 16);
        x.chunks_exact(inputs)
            .flat_map(|row| {
                (0..outputs).map(move |o| {
                    row.iter()
                        .zip(&w[o * inputs..][..inputs])
                        .map(|(a, b)| round(*a) * round(*b))
                        .sum::<f32>()
                })
            })
            .collect()
    }

    #[test]
    fn rounding_to_bf16_is_to_nearest_even() {
        assert_eq!(bf16(1.0), 0x3F80);
        // 1 + 2⁻⁸ lies halfway between 1 and 1 + 2⁻⁷: ties go to the even one, 1.
        assert_eq!(bf16(f32::from_bits(0x3F80_8000)), 0x3F80);
        assert_eq!(bf16(f32::from_bits(0x3F81_8000)), 0x3F82);
        assert_eq!(bf16(f32::from_bits(0x3F80_8001)), 0x3F81);
        assert!(f32::from_bits(u32::from(bf16(f32::NAN)) << 16).is_nan());
    }

    #[test]
    fn rounding_a_row_gives_each_values_bf16() {
        // Ties both ways, NaN, infinities, zeros, subnormals and ordinary values, with a tail
        // that is not 16 long.
        let mut row: Vec<f32> = [
            0x3F80_8000u32,
            0x3F81_8000,
            0x3F80_8001,
            0x7FC0_0000,
            0x7F80_0001,
            0x7F80_0000,
            0xFF80_0000,
            0x8000_0000,
            0x0000_0001,
            0x7F7F_FFFF,
        ]
        .into_iter()
        .map(f32::from_bits)
        .collect();
        row.extend((0..40).map(|i| (i as f32 - 20.0) * 0.123_456_7));
        let mut out = vec![0u16; row.len()];
        round_row(&row, &mut out);
        for (value, got) in row.iter().zip(&out) {
            assert_eq!(*got, bf16(*value), "{value:e} ({:#010x})", value.to_bits());
        }
        #[cfg(target_arch = "x86_64")]
        if is_x86_feature_detected!("avx512f") {
            // The integer arithmetic of CPUs with AVX-512 but no BF16 instruction.
            // SAFETY: the CPU has just been checked for AVX-512F.
            unsafe { avx512::round_row(&row, &mut out) };
            for (value, got) in row.iter().zip(&out) {
                assert_eq!(*got, bf16(*value), "{value:e} ({:#010x})", value.to_bits());
            }
        }
    }

    #[test]
    fn the_fused_feed_forward_gives_the_layer_by_layer_bits() {
        if !available() {
            eprintln!("no AMX tiles on this CPU: the tile kernel is not run");
            return;
        }
        // 300 rows: three tasks, the last one short; 96 → 200 → 80 with awkward edges.
        let (rows, inputs, inner, outputs) = (300, 96, 200, 80);
        let values = |n: usize, k: usize| -> Vec<f32> {
            (0..n)
                .map(|i| ((i * k % 113) as f32 - 56.0) / 47.0)
                .collect()
        };
        let up = AmxBf16Matrix::new(&values(inner * inputs, 31), inner, inputs);
        let down = AmxBf16Matrix::new(&values(outputs * inner, 37), outputs, inner);
        let (up_bias, down_bias) = (values(inner, 7), values(outputs, 11));
        let (x, residual) = (values(rows * inputs, 43), values(rows * outputs, 19));
        let mut hidden = up.forward(&x, &up_bias, None);
        gelu_slice(&mut hidden);
        let layered = down.forward(&hidden, &down_bias, Some(&residual));
        let fused = feed_forward((&up, &up_bias), (&down, &down_bias), &x, &residual);
        assert_eq!(fused.len(), layered.len());
        let differ = fused
            .iter()
            .zip(&layered)
            .filter(|(a, b)| a.to_bits() != b.to_bits());
        assert_eq!(differ.count(), 0);
    }

    #[test]
    fn tiles_give_the_bf16_products_at_awkward_sizes() {
        if !available() {
            eprintln!("no AMX tiles on this CPU: the tile kernel is not run");
            return;
        }
        for (rows, outputs, inputs) in [(1, 16, 32), (17, 40, 70), (50, 384, 384), (3, 33, 1)] {
            let w: Vec<f32> = (0..outputs * inputs)
                .map(|i| ((i * 37 % 101) as f32 - 50.0) / 64.0)
                .collect();
            let x: Vec<f32> = (0..rows * inputs)
                .map(|i| ((i * 53 % 89) as f32 - 44.0) / 32.0)
                .collect();
            let bias: Vec<f32> = (0..outputs).map(|o| o as f32).collect();
            let matrix = AmxBf16Matrix::new(&w, outputs, inputs);
            let got = matrix.forward(&x, &bias, None);
            let want = reference(&w, &x, outputs, inputs);
            for (i, (g, r)) in got.iter().zip(&want).enumerate() {
                let expected = r + bias[i % outputs];
                assert!(
                    (g - expected).abs() <= 1e-3 * (1.0 + expected.abs()),
                    "{rows}×{inputs}·{inputs}×{outputs} at {i}: {g} against {expected}"
                );
            }
        }
    }
}
