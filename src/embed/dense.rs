//! A dense layer, `x·Wᵀ + b`, that can also add a residual. On the CPU in F32 the bias and the
//! residual are written into the output first and the matrix product adds onto them, so there
//! is no separate pass (and buffer) for each addition; the product is gemm's F32 one, or the
//! 16-bit or 8-bit integer one of `int16.rs` or `int8.rs` when the layer was quantized.
//! On a GPU the bias is folded into the product (see [`with_ones_column`]): candle's
//! broadcast add there works out a strided index for every element, which cost more than the
//! product itself. Elsewhere it is a matmul and two adds.

use candle_core::{CpuStorage, DType, Device, Layout, Result, Storage, Tensor};

use super::amx_bf16::AmxBf16Matrix;
use super::int16::Int16Matrix;
use super::int8::Int8Matrix;
use super::integer_products::IntegerMatrix;

/// Weights `(outputs, inputs)` and bias `(outputs)`.
pub(crate) struct Dense {
    weight: Weight,
    bias: Tensor,
}

enum Weight {
    Float(Tensor),
    /// `[W | b | 0…]`, `(outputs, inputs + FOLD)`: multiplied by `[x | 1 | 0…]` it gives
    /// `x·Wᵀ + b` in one product (GPUs).
    Folded(Tensor),
    /// Quantized for the CPU's 16-bit integer products (`int16.rs`).
    Int16(Int16Matrix),
    /// Quantized for the CPU's 8-bit integer products (`int8.rs`).
    Int8(Int8Matrix),
    /// Rounded to BF16 for the CPU's AMX tiles (`amx_bf16.rs`).
    Bf16Amx(AmxBf16Matrix),
}

/// Columns appended to fold a bias into a product: the ones column and zeros after it, so that
/// the inner dimension stays a multiple of 8 (384 → 392, 1536 → 1544, 32 → 40), which half
/// precision tensor-core products need to run at full speed.
pub(crate) const FOLD: usize = 8;

/// `(dims…, FOLD)`: on the last dimension a column of ones, then zeros.
pub(crate) fn ones_column(dims: &[usize], dtype: DType, device: &Device) -> Result<Tensor> {
    let mut shape = dims.to_vec();
    shape.push(1);
    let ones = Tensor::ones(shape.as_slice(), dtype, device)?;
    shape.pop();
    shape.push(FOLD - 1);
    let zeros = Tensor::zeros(shape.as_slice(), dtype, device)?;
    Tensor::cat(&[&ones, &zeros], dims.len())
}

/// `x` with [`ones_column`] appended on its last dimension. Multiplied by weights whose
/// matching column holds a bias, the product adds that bias.
pub(crate) fn with_ones_column(x: &Tensor) -> Result<Tensor> {
    let dims = x.dims();
    let leading = &dims[..dims.len().saturating_sub(1)];
    let pad = ones_column(leading, x.dtype(), x.device())?;
    Tensor::cat(&[x, &pad], leading.len())
}

impl Dense {
    /// A layer in the weights' dtype; on a GPU its bias is folded into the product.
    pub fn new(weight: Tensor, bias: Tensor) -> Result<Self> {
        if weight.device().is_cpu() {
            return Ok(Dense {
                weight: Weight::Float(weight),
                bias,
            });
        }
        Self::folded(weight, bias)
    }

    /// A layer whose bias is folded into its product (GPUs; any device in tests).
    fn folded(weight: Tensor, bias: Tensor) -> Result<Self> {
        let (outputs, _) = weight.dims2()?;
        let padding = Tensor::zeros((outputs, FOLD - 1), weight.dtype(), weight.device())?;
        let folded = Tensor::cat(&[&weight, &bias.unsqueeze(1)?, &padding], 1)?;
        Ok(Dense {
            weight: Weight::Folded(folded),
            bias,
        })
    }

    /// A layer whose products run in 16-bit integers on the CPU; `weight` and `bias` are F32.
    pub(crate) fn new_int16(weight: &Tensor, bias: Tensor) -> Result<Self> {
        Self::quantized(weight, bias, |values, outputs, inputs| {
            Weight::Int16(Int16Matrix::new(values, outputs, inputs))
        })
    }

    /// A layer whose products run in 8-bit integers on the CPU; `weight` and `bias` are F32.
    pub(crate) fn new_int8(weight: &Tensor, bias: Tensor) -> Result<Self> {
        Self::quantized(weight, bias, |values, outputs, inputs| {
            Weight::Int8(Int8Matrix::new(values, outputs, inputs))
        })
    }

    /// A layer whose products run on AMX tiles in BF16; `weight` and `bias` are F32.
    pub(crate) fn new_bf16_amx(weight: &Tensor, bias: Tensor) -> Result<Self> {
        Self::quantized(weight, bias, |values, outputs, inputs| {
            Weight::Bf16Amx(AmxBf16Matrix::new(values, outputs, inputs))
        })
    }

    /// A layer whose F32 `weight` `(outputs, inputs)` is handed to `quantize` as row-major
    /// values.
    fn quantized(
        weight: &Tensor,
        bias: Tensor,
        quantize: impl FnOnce(&[f32], usize, usize) -> Weight,
    ) -> Result<Self> {
        let (outputs, inputs) = weight.dims2()?;
        let values = weight.flatten_all()?.to_vec1::<f32>()?;
        Ok(Dense {
            weight: quantize(&values, outputs, inputs),
            bias: bias.to_dtype(DType::F32)?,
        })
    }

    /// `x·Wᵀ + b`, plus `residual` (same shape as the output) when given; `x` is 2-D.
    pub fn forward(&self, x: &Tensor, residual: Option<&Tensor>) -> Result<Tensor> {
        let weight = match &self.weight {
            Weight::Int16(matrix) => return self.forward_quantized(matrix, x, residual),
            Weight::Int8(matrix) => return self.forward_quantized(matrix, x, residual),
            Weight::Bf16Amx(matrix) => return self.forward_quantized(matrix, x, residual),
            Weight::Float(weight) => weight,
            Weight::Folded(folded) => {
                let y = with_ones_column(x)?.matmul(&folded.t()?)?;
                return match residual {
                    Some(r) => y + r,
                    None => Ok(y),
                };
            }
        };
        let fast = x.device().is_cpu()
            && x.dtype() == DType::F32
            && x.is_contiguous()
            && residual.is_none_or(|r| r.is_contiguous());
        if !fast {
            let y = x.matmul(&weight.t()?)?.broadcast_add(&self.bias)?;
            return match residual {
                Some(r) => y + r,
                None => Ok(y),
            };
        }
        let (rows, inputs) = x.dims2()?;
        let (outputs, weight_inputs) = weight.dims2()?;
        let mut out = self.bias_and_residual(rows, inputs, outputs, weight_inputs, residual)?;
        let (x_storage, x_layout) = x.storage_and_layout();
        let (w_storage, w_layout) = weight.storage_and_layout();
        let (x_data, w_data) = (
            f32_slice(&x_storage, x_layout)?,
            f32_slice(&w_storage, w_layout)?,
        );
        assert!(x_data.len() == rows * inputs && w_data.len() == outputs * inputs);
        let threads = rayon::current_num_threads();
        // SAFETY: `out` is rows × outputs, `x` rows × inputs and the weights outputs × inputs,
        // all contiguous and row-major as checked above; the strides below stay inside them.
        unsafe {
            // out (rows × outputs) += x (rows × inputs) · Wᵀ (inputs × outputs)
            gemm::gemm(
                rows,
                outputs,
                inputs,
                out.as_mut_ptr(),
                1,
                outputs as isize,
                true,
                x_data.as_ptr(),
                1,
                inputs as isize,
                w_data.as_ptr(),
                inputs as isize,
                1,
                1.0,
                1.0,
                false,
                false,
                false,
                if threads > 1 {
                    gemm::Parallelism::Rayon(threads)
                } else {
                    gemm::Parallelism::None
                },
            );
        }
        Tensor::from_vec(out, (rows, outputs), x.device())
    }

    /// `x·Wᵀ + b (+ residual)` through a quantized matrix's integer products.
    fn forward_quantized(
        &self,
        matrix: &impl IntegerMatrix,
        x: &Tensor,
        residual: Option<&Tensor>,
    ) -> Result<Tensor> {
        if !x.device().is_cpu() || x.dtype() != DType::F32 {
            candle_core::bail!("dense: integer products take F32 CPU tensors");
        }
        let x = x.contiguous()?;
        let residual = residual.map(Tensor::contiguous).transpose()?;
        let (rows, inputs) = x.dims2()?;
        let outputs = matrix.outputs();
        check_shapes(rows, inputs, outputs, matrix.inputs(), residual.as_ref())?;
        let (bias_storage, bias_layout) = self.bias.storage_and_layout();
        let (x_storage, x_layout) = x.storage_and_layout();
        let residual_storage = residual.as_ref().map(Tensor::storage_and_layout);
        let residual = match &residual_storage {
            Some((storage, layout)) => Some(f32_slice(storage, layout)?),
            None => None,
        };
        let out = matrix.forward(
            f32_slice(&x_storage, x_layout)?,
            f32_slice(&bias_storage, bias_layout)?,
            residual,
        );
        Tensor::from_vec(out, (rows, outputs), x.device())
    }

    /// `GELU(x·Upᵀ + b)·Downᵀ + b′ + residual` in one pass when both layers run on the AMX
    /// tiles (see [`super::amx_bf16::feed_forward`]); `None` when they do not, for the caller
    /// to go layer by layer.
    pub fn feed_forward_fused(
        up: &Dense,
        down: &Dense,
        x: &Tensor,
        residual: &Tensor,
    ) -> Option<Result<Tensor>> {
        let (Weight::Bf16Amx(up_matrix), Weight::Bf16Amx(down_matrix)) = (&up.weight, &down.weight)
        else {
            return None;
        };
        Some((|| {
            if !x.device().is_cpu() || x.dtype() != DType::F32 {
                candle_core::bail!("dense: tile products take F32 CPU tensors");
            }
            let (x, residual) = (x.contiguous()?, residual.contiguous()?);
            let (rows, inputs) = x.dims2()?;
            check_shapes(rows, inputs, up_matrix.outputs(), up_matrix.inputs(), None)?;
            check_shapes(
                rows,
                up_matrix.outputs(),
                down_matrix.outputs(),
                down_matrix.inputs(),
                Some(&residual),
            )?;
            if up.bias.dims() != [up_matrix.outputs()]
                || down.bias.dims() != [down_matrix.outputs()]
            {
                candle_core::bail!("dense: a bias is not one value per output");
            }
            let (up_bias, up_layout) = up.bias.storage_and_layout();
            let (down_bias, down_layout) = down.bias.storage_and_layout();
            let (x_storage, x_layout) = x.storage_and_layout();
            let (r_storage, r_layout) = residual.storage_and_layout();
            let out = super::amx_bf16::feed_forward(
                (up_matrix, f32_slice(&up_bias, up_layout)?),
                (down_matrix, f32_slice(&down_bias, down_layout)?),
                f32_slice(&x_storage, x_layout)?,
                f32_slice(&r_storage, r_layout)?,
            );
            Tensor::from_vec(out, (rows, down_matrix.outputs()), x.device())
        })())
    }

    /// The output buffer, `(rows, outputs)` row-major, holding the bias plus the residual:
    /// the matrix product is then added onto it. Checks the shapes on the way.
    fn bias_and_residual(
        &self,
        rows: usize,
        inputs: usize,
        outputs: usize,
        weight_inputs: usize,
        residual: Option<&Tensor>,
    ) -> Result<Vec<f32>> {
        check_shapes(rows, inputs, outputs, weight_inputs, residual)?;
        let (bias_storage, bias_layout) = self.bias.storage_and_layout();
        let bias = f32_slice(&bias_storage, bias_layout)?;
        let mut out = Vec::with_capacity(rows * outputs);
        match residual {
            Some(r) => {
                let (r_storage, r_layout) = r.storage_and_layout();
                for row in f32_slice(&r_storage, r_layout)?.chunks_exact(outputs) {
                    out.extend(row.iter().zip(bias).map(|(a, b)| a + b));
                }
            }
            None => (0..rows).for_each(|_| out.extend_from_slice(bias)),
        }
        Ok(out)
    }
}

/// Refuses an input whose width is not the weights' or a residual that is not the output's
/// shape.
fn check_shapes(
    rows: usize,
    inputs: usize,
    outputs: usize,
    weight_inputs: usize,
    residual: Option<&Tensor>,
) -> Result<()> {
    if inputs != weight_inputs {
        candle_core::bail!("dense: input width {inputs}, weights expect {weight_inputs}");
    }
    if let Some(r) = residual {
        if r.dims() != [rows, outputs] {
            candle_core::bail!("dense: residual {:?}, output ({rows}, {outputs})", r.dims());
        }
    }
    Ok(())
}

/// The elements of a contiguous F32 CPU tensor, borrowed from its storage.
fn f32_slice<'a>(storage: &'a Storage, layout: &Layout) -> Result<&'a [f32]> {
    match (storage, layout.contiguous_offsets()) {
        (Storage::Cpu(CpuStorage::F32(data)), Some((start, end))) => Ok(&data[start..end]),
        _ => candle_core::bail!("dense: expected a contiguous F32 CPU tensor"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{Device, Module};
    use candle_nn::Linear;

    #[test]
    fn fused_bias_and_residual_equal_candles_linear_plus_add() {
        let cpu = &Device::Cpu;
        let weight = Tensor::randn(0f32, 1.0, (5, 7), cpu).unwrap();
        let bias = Tensor::randn(0f32, 1.0, 5, cpu).unwrap();
        let x = Tensor::randn(0f32, 1.0, (3, 7), cpu).unwrap();
        let residual = Tensor::randn(0f32, 1.0, (3, 5), cpu).unwrap();
        let (weight_f32, bias_f32) = (weight.clone(), bias.clone());
        let dense = Dense::new(weight.clone(), bias.clone()).unwrap();
        let folded = Dense::folded(weight.clone(), bias.clone()).unwrap();
        let linear = Linear::new(weight, Some(bias));
        let close = |a: Tensor, b: Tensor| {
            let diff = (a - b).unwrap().abs().unwrap().max_all().unwrap();
            diff.to_scalar::<f32>().unwrap() < 1e-5
        };
        let plain = dense.forward(&x, None).unwrap();
        assert!(close(plain, linear.forward(&x).unwrap()));
        let with_residual = dense.forward(&x, Some(&residual)).unwrap();
        let expected = (linear.forward(&x).unwrap() + &residual).unwrap();
        assert!(close(with_residual, expected));
        // The bias folded into the product (the GPU's way) gives the same.
        assert!(close(
            folded.forward(&x, Some(&residual)).unwrap(),
            (linear.forward(&x).unwrap() + &residual).unwrap()
        ));
        assert_eq!(with_ones_column(&x).unwrap().dims(), &[3, 7 + FOLD]);
        // Folded in half precision, within its rounding of F32.
        let half = |t: &Tensor| t.to_dtype(DType::F16).unwrap();
        let folded_half = Dense::folded(half(&weight_f32), half(&bias_f32)).unwrap();
        let got = folded_half
            .forward(&half(&x), None)
            .unwrap()
            .to_dtype(DType::F32)
            .unwrap();
        let diff = (got - linear.forward(&x).unwrap()).unwrap().abs().unwrap();
        assert!(diff.max_all().unwrap().to_scalar::<f32>().unwrap() < 2e-2);
        // Non-contiguous input takes candle's path and agrees too.
        let xt = x.t().unwrap().contiguous().unwrap().t().unwrap();
        assert!(close(
            dense.forward(&xt, None).unwrap(),
            linear.forward(&x).unwrap()
        ));
    }

    #[test]
    fn integer_layers_are_close_to_candles_linear_plus_add() {
        let cpu = &Device::Cpu;
        let weight = Tensor::randn(0f32, 1.0, (70, 40), cpu).unwrap();
        let bias = Tensor::randn(0f32, 1.0, 70, cpu).unwrap();
        let x = Tensor::randn(0f32, 1.0, (9, 40), cpu).unwrap();
        let residual = Tensor::randn(0f32, 1.0, (9, 70), cpu).unwrap();
        let expected = (Linear::new(weight.clone(), Some(bias.clone()))
            .forward(&x)
            .unwrap()
            + &residual)
            .unwrap();
        // 40 inputs of about ±3: at 12 bits per value well under 0.05 off; at 8 bits (a step
        // of about 6/255 for activations, 3/127 for weights) under 0.5.
        let layers = [
            (Dense::new_int16(&weight, bias.clone()).unwrap(), 0.05),
            (Dense::new_int8(&weight, bias.clone()).unwrap(), 0.5),
        ];
        for (dense, tolerance) in layers {
            let got = dense.forward(&x, Some(&residual)).unwrap();
            let diff = (got - &expected).unwrap().abs().unwrap().max_all().unwrap();
            assert!(diff.to_scalar::<f32>().unwrap() < tolerance);
            // Non-contiguous input is made contiguous and gives the same result.
            let xt = x.t().unwrap().contiguous().unwrap().t().unwrap();
            let again = dense.forward(&xt, Some(&residual)).unwrap();
            let same = (again - dense.forward(&x, Some(&residual)).unwrap()).unwrap();
            let largest = same.abs().unwrap().max_all().unwrap();
            assert_eq!(largest.to_scalar::<f32>().unwrap(), 0.0);
        }
    }

    #[test]
    fn mismatched_widths_are_an_error() {
        let cpu = &Device::Cpu;
        let dense = Dense::new(
            Tensor::zeros((5, 7), DType::F32, cpu).unwrap(),
            Tensor::zeros(5, DType::F32, cpu).unwrap(),
        )
        .unwrap();
        let x = Tensor::zeros((3, 6), DType::F32, cpu).unwrap();
        assert!(dense.forward(&x, None).is_err());
    }
}
