//! The BERT encoder's forward pass: a small copy of candle-transformers' `models::bert`, kept
//! here because that code has a defect and several slow spots for this workload:
//!
//! - its attention mask multiplies by `f32::MIN`, which is `-inf` in F16 and BF16, so every
//!   half-precision output is NaN; here the mask uses the dtype's own finite minimum;
//! - its softmax is the generic one (max, sub, exp, sum, div as five passes); here it is
//!   candle-nn's fused `softmax_last_dim`;
//! - it runs query, key and value as three matrix products and copies each into heads; here
//!   one fused product does all three, with `1/sqrt(head size)` folded into the query weights;
//!   on the CPU in F32 attention is then one operation (`attention.rs`), elsewhere one copy
//!   splits the heads;
//! - it adds the position and token-type embeddings separately; here they are summed once at
//!   load (every window is a single segment, token type 0).
//!
//! On the CPU in F32, GELU is a vectorized, multi-threaded kernel (`gelu.rs`) and dense layers
//! add their bias and residual inside the matrix product (`dense.rs`); at int16 precision the
//! dense layers' products run in 16-bit integers (`int16.rs`). The performance page (docs/benchmarks.md)
//! section has the measured effect of each change.
//!
//! Weights load in F32 and are then cast to the chosen dtype (or quantized). Only what sentence embedding needs
//! is kept: no dropout, no pooler, no masked-LM head.

use candle_core::{DType, Device, Module, Result, Tensor};
use candle_nn::{embedding, layer_norm, Embedding, LayerNorm, VarBuilder};
use candle_transformers::models::bert::{Config, HiddenAct};

use super::attention::fused_attention;
use super::dense::{ones_column, Dense, FOLD};
use super::gelu::gelu_erf_in_place;
use super::Precision;

/// A BERT encoder that maps token ids (real tokens first, then padding) to one vector per token.
pub(crate) struct Encoder {
    word_embeddings: Embedding,
    /// Position embeddings plus the token-type-0 embedding, one row per position.
    position_embeddings: Tensor,
    embeddings_norm: LayerNorm,
    layers: Vec<Layer>,
    heads: usize,
    head_size: usize,
    /// Resolved at load: never `Auto`, so its dtype no longer depends on the device.
    precision: Precision,
}

struct Layer {
    /// Query, key and value weights stacked in one `3·hidden × hidden` matrix.
    qkv: Dense,
    attention_output: Dense,
    attention_norm: LayerNorm,
    intermediate: Dense,
    activation: HiddenAct,
    output: Dense,
    output_norm: LayerNorm,
}

impl Encoder {
    /// Loads the weights from `vb` (F32) and keeps them at `precision`.
    pub fn load(vb: VarBuilder, config: &Config, precision: Precision) -> Result<Self> {
        let precision = precision.resolve(vb.device());
        if matches!(
            precision,
            Precision::Int16 | Precision::Int8 | Precision::Bf16Amx
        ) && !vb.device().is_cpu()
        {
            candle_core::bail!(
                "precision {precision} runs on the CPU only (use f16 or bf16 on a GPU)"
            );
        }
        if precision == Precision::Bf16Amx && !super::amx_bf16::available() {
            candle_core::bail!(
                "precision bf16-amx needs a CPU with AMX-BF16 tiles, and this one has none (or the system does not let programs use them): use int16 or f32"
            );
        }
        let dtype = precision.dtype(vb.device());
        // Some checkpoints nest everything under "bert.".
        let vb = if vb.contains_tensor("embeddings.word_embeddings.weight") {
            vb
        } else {
            vb.pp("bert")
        };
        let hidden = config.hidden_size;
        let heads = config.num_attention_heads;
        if heads == 0 || !hidden.is_multiple_of(heads) {
            candle_core::bail!("hidden size {hidden} is not divisible by {heads} attention heads");
        }
        let embeddings = vb.pp("embeddings");
        let word_embeddings =
            embedding(config.vocab_size, hidden, embeddings.pp("word_embeddings"))?;
        let positions = embeddings.get(
            (config.max_position_embeddings, hidden),
            "position_embeddings.weight",
        )?;
        let token_type_0 = embeddings
            .get(
                (config.type_vocab_size, hidden),
                "token_type_embeddings.weight",
            )?
            .narrow(0, 0, 1)?;
        let position_embeddings = positions.broadcast_add(&token_type_0)?.to_dtype(dtype)?;
        let embeddings_norm = cast_norm(
            layer_norm(hidden, config.layer_norm_eps, embeddings.pp("LayerNorm"))?,
            dtype,
        )?;
        let layers = (0..config.num_hidden_layers)
            .map(|i| Layer::load(vb.pp(format!("encoder.layer.{i}")), config, precision))
            .collect::<Result<Vec<_>>>()?;
        Ok(Encoder {
            word_embeddings: Embedding::new(word_embeddings.embeddings().to_dtype(dtype)?, hidden),
            position_embeddings,
            embeddings_norm,
            layers,
            heads,
            head_size: hidden / heads,
            precision,
        })
    }

    /// The precision the model runs at (never `Auto`).
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// The dtype of the weights and activations.
    fn dtype(&self, device: &Device) -> DType {
        self.precision.dtype(device)
    }

    /// Token vectors `(batch, seq, hidden)` for `ids` `(batch, seq)`, where window `b` holds
    /// `lengths[b]` real tokens followed by padding.
    pub fn forward(&self, ids: &Tensor, lengths: &[usize]) -> Result<Tensor> {
        let (batch, seq) = ids.dims2()?;
        if lengths.len() != batch || lengths.iter().any(|&l| l > seq) {
            candle_core::bail!(
                "{} lengths for {batch} windows of {seq} tokens",
                lengths.len()
            );
        }
        let positions = self.position_embeddings.narrow(0, 0, seq)?;
        let x = self
            .word_embeddings
            .forward(ids)?
            .broadcast_add(&positions)?;
        let mut x = self
            .embeddings_norm
            .forward(&x)?
            .reshape((batch * seq, ()))?;
        let attention = if ids.device().is_cpu() && self.dtype(ids.device()) == DType::F32 {
            let lengths: Vec<u32> = lengths.iter().map(|&l| l as u32).collect();
            Attention::FusedCpu {
                lengths: Tensor::new(lengths.as_slice(), ids.device())?,
                tiles: self.precision == Precision::Bf16Amx,
            }
        } else {
            let dtype = self.dtype(ids.device());
            let key_pad = key_pad(lengths, seq, self.heads, dtype, ids.device())?;
            Attention::Tensors {
                query_pad: ones_column(&[batch, self.heads, seq], dtype, ids.device())?,
                key_pad,
            }
        };
        let shape = Shape {
            batch,
            seq,
            heads: self.heads,
            head_size: self.head_size,
        };
        for layer in &self.layers {
            x = layer.forward(&x, &attention, shape)?;
        }
        x.reshape((batch, seq, ()))
    }
}

/// `(batch, heads, seq, FOLD)`, appended to the keys so that the score product adds the
/// padding mask itself: column 0 holds 0 for a real token and a large negative number for
/// padding, the rest zeros (matched by the queries' ones column, see [`ones_column`]). On a GPU
/// this replaces a broadcast add over every score, which cost more than the product. The
/// negative number is half the dtype's most negative finite value: never -inf (0 × -inf would
/// be NaN in half precision), and no score added to it overflows to -inf.
fn key_pad(
    lengths: &[usize],
    seq: usize,
    heads: usize,
    dtype: DType,
    device: &Device,
) -> Result<Tensor> {
    let most_negative = match dtype {
        DType::F16 => f32::from(half::f16::MIN),
        DType::BF16 => f32::from(half::bf16::MIN),
        _ => f32::MIN,
    } / 2.0;
    let mut pad = vec![0f32; lengths.len() * seq * FOLD];
    for (b, &length) in lengths.iter().enumerate() {
        for j in length..seq {
            pad[(b * seq + j) * FOLD] = most_negative;
        }
    }
    Tensor::from_vec(pad, (lengths.len(), 1, seq, FOLD), device)?
        .to_dtype(dtype)?
        .broadcast_as((lengths.len(), heads, seq, FOLD))?
        .contiguous()
}

/// Attention with tensor operations, on any device and dtype: `qkv` `(batch·seq, 3·hidden)`
/// to the context `(batch·seq, hidden)`; the pads are the queries' ones column and the keys'
/// mask column (see [`key_pad`]).
fn tensor_attention(
    qkv: &Tensor,
    query_pad: &Tensor,
    key_pad: &Tensor,
    shape: Shape,
) -> Result<Tensor> {
    let Shape {
        batch,
        seq,
        heads,
        head_size,
    } = shape;
    // (batch·seq, 3·hidden) → (3, batch, heads, seq, head) in one copy.
    let qkv = qkv
        .reshape((batch, seq, 3, heads, head_size))?
        .permute((2, 0, 3, 1, 4))?
        .contiguous()?;
    let (q, k, v) = (qkv.get(0)?, qkv.get(1)?, qkv.get(2)?);
    // [q | 1 | 0…]·[k | mask | 0…]ᵀ = q·kᵀ + mask, in one product.
    let q = Tensor::cat(&[&q, query_pad], 3)?;
    let k = Tensor::cat(&[&k, key_pad], 3)?;
    let scores = q.matmul(&k.t()?)?;
    let probs = candle_nn::ops::softmax_last_dim(&scores)?;
    probs
        .matmul(&v)?
        .transpose(1, 2)?
        .contiguous()?
        .reshape((batch * seq, heads * head_size))
}

/// How a layer attends: the fused CPU operation, or tensor operations on any device and dtype.
enum Attention {
    FusedCpu {
        lengths: Tensor,
        /// Scores and weighted values on the AMX tiles in BF16 (at that precision only).
        tiles: bool,
    },
    /// The queries' and keys' appended columns, `(batch, heads, seq, FOLD)` each.
    Tensors { query_pad: Tensor, key_pad: Tensor },
}

/// The sizes a layer needs to split heads.
#[derive(Clone, Copy)]
struct Shape {
    batch: usize,
    seq: usize,
    heads: usize,
    head_size: usize,
}

impl Layer {
    fn load(vb: VarBuilder, config: &Config, precision: Precision) -> Result<Self> {
        let dtype = precision.dtype(vb.device());
        let dense = |weight: Tensor, bias: Tensor| -> Result<Dense> {
            match precision {
                Precision::Int16 => Dense::new_int16(&weight, bias),
                Precision::Int8 => Dense::new_int8(&weight, bias),
                Precision::Bf16Amx => Dense::new_bf16_amx(&weight, bias),
                _ => Dense::new(weight.to_dtype(dtype)?, bias.to_dtype(dtype)?),
            }
        };
        let hidden = config.hidden_size;
        let head_size = hidden / config.num_attention_heads;
        let attention = vb.pp("attention.self");
        let weight = |name: &str| attention.get((hidden, hidden), &format!("{name}.weight"));
        let bias = |name: &str| attention.get(hidden, &format!("{name}.bias"));
        // Scaling the query by 1/sqrt(head size) here saves a pass over every score matrix.
        let scale = 1.0 / (head_size as f64).sqrt();
        let qkv_weight = Tensor::cat(
            &[
                (weight("query")? * scale)?,
                weight("key")?,
                weight("value")?,
            ],
            0,
        )?;
        let qkv_bias = Tensor::cat(
            &[(bias("query")? * scale)?, bias("key")?, bias("value")?],
            0,
        )?;
        let linear = |vb: VarBuilder, inputs: usize, outputs: usize| -> Result<Dense> {
            dense(
                vb.get((outputs, inputs), "weight")?,
                vb.get(outputs, "bias")?,
            )
        };
        let norm =
            |vb: VarBuilder| cast_norm(layer_norm(hidden, config.layer_norm_eps, vb)?, dtype);
        Ok(Layer {
            qkv: dense(qkv_weight, qkv_bias)?,
            attention_output: linear(vb.pp("attention.output.dense"), hidden, hidden)?,
            attention_norm: norm(vb.pp("attention.output.LayerNorm"))?,
            intermediate: linear(
                vb.pp("intermediate.dense"),
                hidden,
                config.intermediate_size,
            )?,
            activation: config.hidden_act,
            output: linear(vb.pp("output.dense"), config.intermediate_size, hidden)?,
            output_norm: norm(vb.pp("output.LayerNorm"))?,
        })
    }

    /// One transformer block over `x`, `(batch·seq, hidden)`.
    fn forward(&self, x: &Tensor, attention: &Attention, shape: Shape) -> Result<Tensor> {
        let qkv = self.qkv.forward(x, None)?;
        let context = match attention {
            Attention::FusedCpu { lengths, tiles } => {
                fused_attention(&qkv, lengths, shape.seq, shape.heads, *tiles)?
            }
            Attention::Tensors { query_pad, key_pad } => {
                tensor_attention(&qkv, query_pad, key_pad, shape)?
            }
        };
        let attended = self.attention_output.forward(&context, Some(x))?;
        let attended = self.attention_norm.forward(&attended)?;
        if self.activation == HiddenAct::Gelu {
            if let Some(out) =
                Dense::feed_forward_fused(&self.intermediate, &self.output, &attended, &attended)
            {
                return self.output_norm.forward(&out?);
            }
        }
        let inner = self.intermediate.forward(&attended, None)?;
        let inner = match self.activation {
            HiddenAct::Gelu => gelu_erf_in_place(inner)?,
            HiddenAct::GeluApproximate => inner.gelu()?,
            HiddenAct::Relu => inner.relu()?,
        };
        let out = self.output.forward(&inner, Some(&attended))?;
        self.output_norm.forward(&out)
    }
}

/// A layer norm with its weight and bias cast to `dtype`.
fn cast_norm(norm: LayerNorm, dtype: DType) -> Result<LayerNorm> {
    let bias = norm
        .bias()
        .ok_or_else(|| candle_core::Error::Msg("layer norm without a bias".into()))?;
    Ok(LayerNorm::new(
        norm.weight().to_dtype(dtype)?,
        bias.to_dtype(dtype)?,
        norm.eps(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tensor_attention_with_folded_mask_equals_the_fused_cpu_attention() {
        let (batch, seq, heads, head_size) = (3, 7, 2, 4);
        let cpu = &Device::Cpu;
        let qkv = Tensor::randn(0f32, 1.0, (batch * seq, 3 * heads * head_size), cpu).unwrap();
        let lengths = [7usize, 3, 1];
        let lengths_u32: Vec<u32> = lengths.iter().map(|&l| l as u32).collect();
        let fused = fused_attention(
            &qkv,
            &Tensor::new(lengths_u32.as_slice(), cpu).unwrap(),
            seq,
            heads,
            false,
        )
        .unwrap()
        .to_vec2::<f32>()
        .unwrap();
        let shape = Shape {
            batch,
            seq,
            heads,
            head_size,
        };
        let keys = key_pad(&lengths, seq, heads, DType::F32, cpu).unwrap();
        let queries = ones_column(&[batch, heads, seq], DType::F32, cpu).unwrap();
        let folded = tensor_attention(&qkv, &queries, &keys, shape)
            .unwrap()
            .to_vec2::<f32>()
            .unwrap();
        for (row, (a, b)) in fused.iter().zip(&folded).enumerate() {
            if row % seq < lengths[row / seq] {
                for (x, y) in a.iter().zip(b) {
                    assert!((x - y).abs() < 1e-5, "row {row}: {a:?} vs {b:?}");
                }
            }
        }
        // In half precision the same folded attention stays within rounding of F32.
        let half_qkv = qkv.to_dtype(DType::F16).unwrap();
        let half_keys = key_pad(&lengths, seq, heads, DType::F16, cpu).unwrap();
        let half_queries = ones_column(&[batch, heads, seq], DType::F16, cpu).unwrap();
        let half_out = tensor_attention(&half_qkv, &half_queries, &half_keys, shape)
            .unwrap()
            .to_dtype(DType::F32)
            .unwrap()
            .to_vec2::<f32>()
            .unwrap();
        for (row, (a, b)) in fused.iter().zip(&half_out).enumerate() {
            if row % seq < lengths[row / seq] {
                for (x, y) in a.iter().zip(b) {
                    assert!((x - y).abs() < 2e-2, "row {row}: {a:?} vs {b:?}");
                }
            }
        }
        // In half precision the mask stays finite.
        let half = key_pad(&lengths, seq, heads, DType::F16, cpu).unwrap();
        let values = half
            .to_dtype(DType::F32)
            .unwrap()
            .flatten_all()
            .unwrap()
            .to_vec1::<f32>()
            .unwrap();
        assert!(values.iter().all(|v| v.is_finite()) && values.iter().any(|&v| v < -30_000.0));
    }
}
