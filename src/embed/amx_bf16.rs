//! Dense matrix products on AMX tiles in BF16 (Intel Sapphire Rapids and later). Weights are
//! rounded to BF16 when the model loads and packed in the tile layout `tdpbf16ps` reads (pairs
//! of inputs side by side, 16 outputs to a tile row); activations are rounded to BF16 on every
//! call; the products are summed in F32 inside the tiles. One `tdpbf16ps` does 16 × 16 × 32
//! multiply-adds. Only used where the CPU has the tiles and the kernel lets this process use
//! them (`available`); everything else keeps the int16 and F32 paths.

use std::sync::OnceLock;

use super::integer_products::{by_tasks, IntegerMatrix, Kernel};

/// Names this scheme in the model fingerprint, so vectors cached by another scheme are made
/// again rather than mixed in.
pub(crate) const SCHEME: &str = "bf16-amx";
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

/// Each of `row` rounded to BF16 into `out`, of the same length.
fn round_row(row: &[f32], out: &mut [u16]) {
    #[cfg(target_arch = "x86_64")]
    if is_x86_feature_detected!("avx512f") {
        // SAFETY: the CPU has just been checked for the features the function is built with.
        return unsafe { round_row_avx512(row, out) };
    }
    for (dst, &v) in out.iter_mut().zip(row) {
        *dst = bf16(v);
    }
}

/// [`bf16`] on 16 values at a time, in AVX-512 instructions written out (the compiler kept the
/// loop scalar at the dev profile's optimisation level): the same bits.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn round_row_avx512(row: &[f32], out: &mut [u16]) {
    use std::arch::x86_64::*;
    let mut rows = row.chunks_exact(16);
    let mut outs = out.chunks_exact_mut(16);
    for (chunk, dst) in (&mut rows).zip(&mut outs) {
        // SAFETY: the load reads the 16 floats of `chunk`, the store writes the 16 u16 of `dst`.
        let x = unsafe { _mm512_loadu_ps(chunk.as_ptr()) };
        let bits = _mm512_castps_si512(x);
        let odd = _mm512_and_si512(_mm512_srli_epi32::<16>(bits), _mm512_set1_epi32(1));
        let bias = _mm512_add_epi32(odd, _mm512_set1_epi32(0x7FFF));
        let rounded = _mm512_srli_epi32::<16>(_mm512_add_epi32(bits, bias));
        let quiet = _mm512_or_si512(_mm512_srli_epi32::<16>(bits), _mm512_set1_epi32(0x40));
        let nan = _mm512_cmp_ps_mask::<_CMP_UNORD_Q>(x, x);
        let value = _mm512_mask_blend_epi32(nan, rounded, quiet);
        unsafe { _mm256_storeu_si256(dst.as_mut_ptr().cast(), _mm512_cvtepi32_epi16(value)) };
    }
    for (dst, &v) in outs.into_remainder().iter_mut().zip(rows.remainder()) {
        *dst = bf16(v);
    }
}

/// Where input `k` of output `n` (both within one block of 16 outputs) lies in that block's run
/// of B tiles: tile `k / 32`, row `(k % 32) / 2` (an input pair), column `n`, then which of the
/// pair.
fn b_offset(k: usize, n: usize) -> usize {
    (k / TILE_K) * B_TILE + (k % TILE_K) / 2 * 2 * TILE_N + n * 2 + k % 2
}

/// A weight matrix rounded to BF16 and packed in B tiles: for each block of 16 outputs (two
/// at a time, so their count is padded to 32), each block of 32 inputs, a 1 KiB tile of 16 rows
/// of input pairs.
pub(crate) struct AmxBf16Matrix {
    outputs: usize,
    inputs: usize,
    k_blocks: usize,
    n_blocks: usize,
    packed: Vec<u16>,
}

impl AmxBf16Matrix {
    /// Rounds and packs `weight`, row-major `(outputs, inputs)`.
    pub fn new(weight: &[f32], outputs: usize, inputs: usize) -> AmxBf16Matrix {
        let k_blocks = inputs.div_ceil(TILE_K);
        let n_blocks = outputs.div_ceil(2 * TILE_N) * 2;
        let mut packed = vec![0u16; n_blocks * k_blocks * B_TILE];
        for o in 0..outputs {
            let (nb, n) = (o / TILE_N, o % TILE_N);
            for (k, &w) in weight[o * inputs..][..inputs].iter().enumerate() {
                packed[nb * k_blocks * B_TILE + b_offset(k, n)] = bf16(w);
            }
        }
        AmxBf16Matrix {
            outputs,
            inputs,
            k_blocks,
            n_blocks,
            packed,
        }
    }

    /// Adds `x · Wᵀ` onto `out`, both row-major, `x` holding `out.len() / outputs` rows.
    fn multiply(&self, x: &[f32], out: &mut [f32]) {
        let rows = out.len() / self.outputs;
        let k_pad = self.k_blocks * TILE_K;
        let row_blocks = rows.div_ceil(TILE_ROWS);
        let mut a = vec![0u16; row_blocks * TILE_ROWS * k_pad];
        for (r, row) in x.chunks_exact(self.inputs).enumerate() {
            round_row(row, &mut a[r * k_pad..][..self.inputs]);
        }
        let mut c = [[0f32; TILE_ROWS * TILE_N]; 2];
        // SAFETY: as below; the configuration holds for this thread until `release`.
        unsafe { tiles::configure() };
        for rb in 0..row_blocks {
            let a_block = &a[rb * TILE_ROWS * k_pad..][..TILE_ROWS * k_pad];
            for nb in (0..self.n_blocks).step_by(2) {
                let b0 = &self.packed[nb * self.k_blocks * B_TILE..][..self.k_blocks * B_TILE];
                let b1 =
                    &self.packed[(nb + 1) * self.k_blocks * B_TILE..][..self.k_blocks * B_TILE];
                // SAFETY: `available` found the tiles and the permission (an AmxBf16Matrix is
                // only made then); the slices hold every tile the kernel reads and writes.
                unsafe { tiles::two_blocks(a_block, k_pad, b0, b1, self.k_blocks, &mut c) };
                for r in 0..TILE_ROWS.min(rows - rb * TILE_ROWS) {
                    let out_row = &mut out[(rb * TILE_ROWS + r) * self.outputs..][..self.outputs];
                    for (half, block) in c.iter().enumerate() {
                        let first = (nb + half) * TILE_N;
                        if first >= self.outputs {
                            continue;
                        }
                        let width = TILE_N.min(self.outputs - first);
                        for (o, v) in out_row[first..first + width]
                            .iter_mut()
                            .zip(&block[r * TILE_N..][..width])
                        {
                            *o += v;
                        }
                    }
                }
            }
        }
        // SAFETY: the tiles were configured above, on this thread.
        unsafe { tiles::release() };
    }
}

impl IntegerMatrix for AmxBf16Matrix {
    fn outputs(&self) -> usize {
        self.outputs
    }

    fn inputs(&self) -> usize {
        self.inputs
    }

    /// The tiles whatever `kernel` says: this matrix exists only where they run.
    fn forward_with(
        &self,
        _kernel: Kernel,
        x: &[f32],
        bias: &[f32],
        residual: Option<&[f32]>,
    ) -> Vec<f32> {
        by_tasks(x, self.inputs, self.outputs, bias, residual, |x, out| {
            self.multiply(x, out)
        })
    }
}

#[cfg(target_arch = "x86_64")]
mod tiles {
    use std::arch::asm;

    use super::{TILE_K, TILE_N, TILE_ROWS};

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

    /// `c[0]` and `c[1]` = a 16-row block of `a` (row stride `k_pad` u16) times the weight
    /// blocks `b0` and `b1`, over `k_blocks` blocks of 32 inputs.
    ///
    /// # Safety
    /// The CPU must have AMX-TILE and AMX-BF16, this process the permission to use them, and
    /// this thread the tiles configured by [`configure`]; `a` must hold 16 rows of
    /// `k_pad ≥ 32·k_blocks` values, `b0` and `b1` `k_blocks` tiles.
    pub(super) unsafe fn two_blocks(
        a: &[u16],
        k_pad: usize,
        b0: &[u16],
        b1: &[u16],
        k_blocks: usize,
        c: &mut [[f32; TILE_ROWS * TILE_N]; 2],
    ) {
        debug_assert!(a.len() >= TILE_ROWS * k_pad && k_pad >= k_blocks * TILE_K);
        debug_assert!(b0.len() >= k_blocks * super::B_TILE && b1.len() >= k_blocks * super::B_TILE);
        if k_blocks == 0 {
            *c = [[0.0; TILE_ROWS * TILE_N]; 2];
            return;
        }
        let [c0, c1] = c;
        // SAFETY: the caller's promises; every tile load stays inside the slices (16 rows of
        // 64 bytes at the given strides), and the stores fill `c0` and `c1` exactly.
        unsafe {
            asm!(
                "tilezero tmm0",
                "tilezero tmm1",
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
                "tilestored [{c0} + {tile_stride}*1], tmm0",
                "tilestored [{c1} + {tile_stride}*1], tmm1",
                a = inout(reg) a.as_ptr() => _,
                a_stride = in(reg) k_pad * 2,
                b0 = inout(reg) b0.as_ptr() => _,
                b1 = inout(reg) b1.as_ptr() => _,
                tile_stride = in(reg) 64usize,
                blocks = inout(reg) k_blocks => _,
                c0 = in(reg) c0.as_mut_ptr(),
                c1 = in(reg) c1.as_mut_ptr(),
                options(nostack),
            );
        }
    }
}

/// The same sums in plain arithmetic, for CPUs this module never runs on (it keeps the
/// crate building there).
#[cfg(not(target_arch = "x86_64"))]
mod tiles {
    use super::{TILE_K, TILE_N, TILE_ROWS};

    pub(super) unsafe fn configure() {}

    pub(super) unsafe fn release() {}

    pub(super) unsafe fn two_blocks(
        a: &[u16],
        k_pad: usize,
        b0: &[u16],
        b1: &[u16],
        k_blocks: usize,
        c: &mut [[f32; TILE_ROWS * TILE_N]; 2],
    ) {
        let value = |bits: u16| f32::from_bits(u32::from(bits) << 16);
        for (block, b) in c.iter_mut().zip([b0, b1]) {
            for r in 0..TILE_ROWS {
                for n in 0..TILE_N {
                    let mut sum = 0.0;
                    for k in 0..k_blocks * TILE_K {
                        let w = b[super::b_offset(k, n)];
                        sum += value(a[r * k_pad + k]) * value(w);
                    }
                    block[r * TILE_N + n] = sum;
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
