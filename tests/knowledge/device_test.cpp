// Device facts from nvidia-smi: parsing its CSV, naming the model, and running it (a fake one here).

#include "spak/knowledge/device.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "spak/util/file_io.h"

namespace spak::knowledge {
namespace {

TEST(Device, ParsesNvidiaSmiCsv) {
  DeviceInfo d = parse_nvidia_smi("NVIDIA H100 80GB HBM3, 81559, 9.0\nNVIDIA H100 80GB HBM3, 81559, 9.0\n");
  EXPECT_TRUE(d.present);
  EXPECT_EQ(d.model, "H100");
  EXPECT_EQ(d.gpu_count, 2);
  EXPECT_EQ(d.sm_count, 132);
  EXPECT_EQ(d.memory_mib, 81559);
  EXPECT_EQ(d.compute_capability, 9.0);
  EXPECT_TRUE(d.note.empty());
}

TEST(Device, OldDriversWithoutComputeCapability) {
  DeviceInfo d = parse_nvidia_smi("Tesla V100-SXM2-16GB, 16160\n");
  EXPECT_EQ(d.model, "V100");
  EXPECT_EQ(d.sm_count, 80);
  EXPECT_FALSE(d.compute_capability.has_value());
}

TEST(Device, UnknownModelSaysHowToGiveTheSmCount) {
  DeviceInfo d = parse_nvidia_smi("NVIDIA Future X9, 1000, 12.0\n");
  EXPECT_TRUE(d.present);
  EXPECT_FALSE(d.sm_count.has_value());
  EXPECT_NE(d.note.find("--set sm_count=N"), std::string::npos);
}

TEST(Device, ModelNames) {
  EXPECT_EQ(device_model("NVIDIA H100 PCIe"), "H100");
  EXPECT_EQ(device_model("NVIDIA A100-SXM4-80GB"), "A100");
  EXPECT_EQ(device_model("NVIDIA GeForce RTX 4090"), "RTX 4090");
  EXPECT_EQ(sm_count_of("NVIDIA H100 PCIe"), 114);
  EXPECT_EQ(sm_count_of("NVIDIA H100 80GB HBM3"), 132);
  EXPECT_EQ(sm_count_of("NVIDIA H200"), 132);
}

TEST(Device, NoiseIsNotAGpu) {
  EXPECT_FALSE(parse_nvidia_smi("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n")
                   .present);
  EXPECT_FALSE(parse_nvidia_smi("").present);
}

TEST(Device, DetectRunsTheCommandAndExplainsAbsence) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("spak_device_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path fake = dir / "nvidia-smi";
  write_file_atomic(fake, "#!/bin/sh\necho 'NVIDIA H200, 143771, 9.0'\n");
  fs::permissions(fake, fs::perms::owner_all);
  ::setenv("SPAK_NVIDIA_SMI", fake.c_str(), 1);
  DeviceInfo d = detect_device();
  EXPECT_TRUE(d.present);
  EXPECT_EQ(d.model, "H200");
  EXPECT_EQ(d.memory_mib, 143771);

  ::setenv("SPAK_NVIDIA_SMI", (dir / "missing-smi").c_str(), 1);
  d = detect_device();
  EXPECT_FALSE(d.present);
  EXPECT_NE(d.note.find("not found"), std::string::npos);
  ::unsetenv("SPAK_NVIDIA_SMI");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace spak::knowledge
