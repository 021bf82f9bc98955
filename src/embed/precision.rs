//! The floating-point precision the model runs at: F32 by default on CPU, F16 on a GPU.

use std::str::FromStr;

use candle_core::{DType, Device};

/// The `--precision` choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Precision {
    /// F32 on CPU (candle's half-precision CPU kernels are slower than F32), F16 on a GPU.
    #[default]
    Auto,
    F32,
    F16,
    Bf16,
}

impl Precision {
    /// The dtype this choice means on `device`.
    pub fn dtype(self, device: &Device) -> DType {
        match self {
            Precision::Auto if device.is_cpu() => DType::F32,
            Precision::Auto => DType::F16,
            Precision::F32 => DType::F32,
            Precision::F16 => DType::F16,
            Precision::Bf16 => DType::BF16,
        }
    }
}

impl FromStr for Precision {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "auto" => Ok(Precision::Auto),
            "f32" | "fp32" => Ok(Precision::F32),
            "f16" | "fp16" => Ok(Precision::F16),
            "bf16" => Ok(Precision::Bf16),
            other => Err(format!(
                "unknown precision '{other}' (auto, f32, f16, bf16)"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_is_f32_on_cpu_and_names_parse() {
        assert_eq!(Precision::Auto.dtype(&Device::Cpu), DType::F32);
        assert_eq!("FP16".parse::<Precision>().unwrap(), Precision::F16);
        assert_eq!(
            "bf16".parse::<Precision>().unwrap().dtype(&Device::Cpu),
            DType::BF16
        );
        assert!("int4".parse::<Precision>().is_err());
    }
}
