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
        DeviceChoice::Cuda => Device::new_cuda(0)
            .and_then(tuned)
            .map_err(|e| unavailable("cuda", e)),
        DeviceChoice::Metal => Device::new_metal(0).map_err(|e| unavailable("metal", e)),
        DeviceChoice::Auto => {
            if candle_core::utils::cuda_is_available() {
                if let Ok(d) = Device::new_cuda(0).and_then(tuned) {
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

/// Sets up a CUDA device for a stream of forward passes of changing sizes:
///
/// - the stream-ordered memory pool keeps what was freed instead of giving it back to the
///   driver at every synchronization (its default release threshold is 0), so each batch
///   reuses the memory of the one before rather than mapping gigabytes anew;
/// - cudarc's per-buffer event tracking, which guards buffers shared between streams, is off:
///   candle runs everything on this device's one stream.
///
/// The pool then holds the largest batch's memory until the process ends.
#[cfg(feature = "cuda")]
fn tuned(device: Device) -> candle_core::Result<Device> {
    use candle_core::cuda_backend::cudarc::driver::{result, sys};
    if let Device::Cuda(cuda) = &device {
        let stream = cuda.cuda_stream();
        // SAFETY: the device handle comes from the live context candle opened; the attribute
        // takes a u64 that outlives the call; candle issues all work on one stream, which is
        // the condition for turning event tracking off.
        unsafe {
            let pool = result::device::get_default_mem_pool(stream.context().cu_device())
                .map_err(candle_core::Error::wrap)?;
            let mut keep_everything = u64::MAX;
            result::mem_pool::set_attribute(
                pool,
                sys::CUmemPool_attribute::CU_MEMPOOL_ATTR_RELEASE_THRESHOLD,
                (&mut keep_everything as *mut u64).cast(),
            )
            .map_err(candle_core::Error::wrap)?;
            cuda.disable_event_tracking();
        }
    }
    Ok(device)
}

#[cfg(not(feature = "cuda"))]
fn tuned(device: Device) -> candle_core::Result<Device> {
    Ok(device)
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
