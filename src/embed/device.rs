//! Choosing where the model runs: CPU, CUDA, Metal, or the best one available.

use candle_core::Device;
use std::str::FromStr;

use super::EmbedError;

/// The `--device` choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DeviceChoice {
    #[default]
    Cpu,
    Cuda,
    Metal,
    Auto,
}

impl FromStr for DeviceChoice {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "cpu" => Ok(DeviceChoice::Cpu),
            "cuda" | "gpu" => Ok(DeviceChoice::Cuda),
            "metal" => Ok(DeviceChoice::Metal),
            "auto" => Ok(DeviceChoice::Auto),
            other => Err(format!("unknown device '{other}' (cpu, cuda, metal, auto)")),
        }
    }
}

/// Opens the chosen device; `Auto` takes CUDA, then Metal, then the CPU.
pub fn select_device(choice: DeviceChoice) -> Result<Device, EmbedError> {
    let unavailable = |name: &str, e: candle_core::Error| EmbedError::Device {
        choice: name.to_string(),
        reason: e.to_string(),
    };
    match choice {
        DeviceChoice::Cpu => Ok(Device::Cpu),
        DeviceChoice::Cuda => Device::new_cuda(0).map_err(|e| unavailable("cuda", e)),
        DeviceChoice::Metal => Device::new_metal(0).map_err(|e| unavailable("metal", e)),
        DeviceChoice::Auto => {
            if candle_core::utils::cuda_is_available() {
                if let Ok(d) = Device::new_cuda(0) {
                    return Ok(d);
                }
            }
            if candle_core::utils::metal_is_available() {
                if let Ok(d) = Device::new_metal(0) {
                    return Ok(d);
                }
            }
            Ok(Device::Cpu)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_choices_and_cpu_always_works() {
        assert_eq!("CPU".parse::<DeviceChoice>().unwrap(), DeviceChoice::Cpu);
        assert_eq!("auto".parse::<DeviceChoice>().unwrap(), DeviceChoice::Auto);
        assert!("tpu".parse::<DeviceChoice>().is_err());
        assert!(select_device(DeviceChoice::Cpu).unwrap().is_cpu());
        assert!(select_device(DeviceChoice::Auto).is_ok());
    }
}
