//! The number format the model runs in: on CPU, BF16 products on AMX tiles where the CPU has
//! them, 16-bit integer products where it has AVX-512 VNNI or AVX2, and F32 elsewhere (8-bit
//! integers on request); F16 on a GPU.

use std::fmt;
use std::str::FromStr;

use candle_core::{DType, Device};

use super::{amx_bf16, int16};

/// The `--precision` choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Precision {
    /// Bf16Amx on a CPU with AMX-BF16 tiles, Int16 on one with AVX-512 VNNI or AVX2, F32 on
    /// other CPUs, F16 on a GPU.
    #[default]
    Auto,
    F32,
    /// F32 activations with the dense layers' products in 16-bit integers (CPU only; see
    /// `int16.rs`). Vectors stay within cosine 0.9999 of F32.
    Int16,
    /// F32 activations with the dense layers' products in 8-bit integers (CPU only; see
    /// `int8.rs`): faster than int16, further from F32, so never picked by `Auto`.
    Int8,
    F16,
    Bf16,
    /// F32 activations with the dense layers' products on AMX tiles in BF16 (CPUs with
    /// AMX-BF16 only; see `amx_bf16.rs`).
    Bf16Amx,
}

impl Precision {
    /// What this choice means on `device`: never `Auto`.
    pub fn resolve(self, device: &Device) -> Precision {
        match self {
            Precision::Auto if !device.is_cpu() => Precision::F16,
            Precision::Auto if amx_bf16::available() => Precision::Bf16Amx,
            Precision::Auto if int16::has_fast_kernel() => Precision::Int16,
            Precision::Auto => Precision::F32,
            other => other,
        }
    }

    /// The dtype of the weights and activations this choice means on `device`.
    pub(crate) fn dtype(self, device: &Device) -> DType {
        match self.resolve(device) {
            Precision::F16 => DType::F16,
            Precision::Bf16 => DType::BF16,
            _ => DType::F32,
        }
    }
}

impl fmt::Display for Precision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Precision::Auto => "auto",
            Precision::F32 => "f32",
            Precision::Int16 => "int16",
            Precision::Int8 => "int8",
            Precision::F16 => "f16",
            Precision::Bf16 => "bf16",
            Precision::Bf16Amx => "bf16-amx",
        })
    }
}

impl FromStr for Precision {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "auto" => Ok(Precision::Auto),
            "f32" | "fp32" => Ok(Precision::F32),
            "int16" | "i16" => Ok(Precision::Int16),
            "int8" | "i8" => Ok(Precision::Int8),
            "f16" | "fp16" => Ok(Precision::F16),
            "bf16" => Ok(Precision::Bf16),
            "bf16-amx" | "amx" => Ok(Precision::Bf16Amx),
            other => Err(format!(
                "unknown precision '{other}' (auto, f32, int16, int8, f16, bf16, bf16-amx)"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_follows_the_cpu_and_names_parse() {
        let auto = Precision::Auto.resolve(&Device::Cpu);
        let expected = if amx_bf16::available() {
            Precision::Bf16Amx
        } else if int16::has_fast_kernel() {
            Precision::Int16
        } else {
            Precision::F32
        };
        assert_eq!(auto, expected);
        assert_eq!(Precision::Auto.dtype(&Device::Cpu), DType::F32);
        assert_eq!(Precision::Int16.dtype(&Device::Cpu), DType::F32);
        assert_eq!("FP16".parse::<Precision>().unwrap(), Precision::F16);
        assert_eq!("int16".parse::<Precision>().unwrap().to_string(), "int16");
        assert_eq!("I8".parse::<Precision>().unwrap().to_string(), "int8");
        assert_eq!(Precision::Int8.resolve(&Device::Cpu), Precision::Int8);
        assert_eq!(Precision::Int8.dtype(&Device::Cpu), DType::F32);
        assert_eq!(
            "bf16".parse::<Precision>().unwrap().dtype(&Device::Cpu),
            DType::BF16
        );
        assert_eq!("AMX".parse::<Precision>().unwrap().to_string(), "bf16-amx");
        assert_eq!(Precision::Bf16Amx.dtype(&Device::Cpu), DType::F32);
        assert!("int4".parse::<Precision>().is_err());
    }
}
