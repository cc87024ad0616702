#pragma once
// Facts about the GPU of this machine for rule contexts (`--device auto`): read from `nvidia-smi` when it is
// present. The command can be replaced through the environment variable SPAK_NVIDIA_SMI (tests use a fake).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace spak::knowledge {

/// What is known about the first GPU, or why nothing is.
struct DeviceInfo {
  bool present = false;
  std::string name;                       ///< as nvidia-smi prints it, e.g. "NVIDIA H100 80GB HBM3"
  std::string model;                      ///< the short model rules compare with, e.g. "H100", "RTX 4090"
  int gpu_count = 0;
  std::optional<int> sm_count;            ///< from the built-in table of models; nvidia-smi does not report it
  std::optional<std::int64_t> memory_mib;
  std::optional<double> compute_capability;
  std::string note;                       ///< why facts are missing (no nvidia-smi, unknown model), or empty
};

/// Parses the CSV of `nvidia-smi --query-gpu=name,memory.total,compute_cap --format=csv,noheader,nounits`
/// (compute_cap may be absent on old drivers). Lines that do not parse are ignored; no line means not present.
DeviceInfo parse_nvidia_smi(std::string_view csv);

/// "NVIDIA H100 80GB HBM3" → "H100", "Tesla V100-SXM2-16GB" → "V100", "NVIDIA GeForce RTX 4090" → "RTX 4090".
std::string device_model(std::string_view name);

/// Streaming multiprocessors of a model by name (H100 SXM 132, H100 PCIe 114, A100 108, …), when known.
std::optional<int> sm_count_of(std::string_view name);

/// Runs nvidia-smi (or $SPAK_NVIDIA_SMI) and parses its answer. Never throws: a missing or failing command
/// gives present = false with the reason in `note`.
DeviceInfo detect_device();

}  // namespace spak::knowledge
