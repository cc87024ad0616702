// The CUDA trainer against the scalar reference and the CPU trainer. Skipped (GTEST_SKIP) where this build has
// no CUDA or the machine no GPU; CI compiles it, the device run executes it.

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "run_setup.h"
#include "sampling.h"
#include "small_data.h"
#include "train_losses.h"
#include "trainer.h"

namespace spak::microgpt {
namespace {

using testing::train;

double max_abs_diff(const std::vector<double>& a, const std::vector<double>& b) {
  double diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff = std::max(diff, std::fabs(a[i] - b[i]));
  return diff;
}

class CudaTrainerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!cuda_available()) GTEST_SKIP() << "no CUDA in this build or no GPU on this machine";
  }

  /// Every step's loss of `impl` within `tolerance` (relative) of the scalar reference, in double.
  static void expect_parity(const ModelConfig& sizes, int steps, int batch, const CudaOptions& options,
                            double tolerance) {
    const RunSetup setup = prepare_run(parse_dataset(testing::kSmallNames), sizes, 7);
    auto scalar = make_trainer("scalar", Precision::f64, setup.config, setup.weights, AdamConfig{});
    auto gpu = make_trainer("cuda", Precision::f64, setup.config, setup.weights, AdamConfig{}, options);
    const std::vector<double> reference = train(*scalar, setup, steps, batch);
    const std::vector<double> losses = train(*gpu, setup, steps, batch);
    for (int s = 0; s < steps; ++s) {
      const double rel = std::fabs(losses[s] - reference[s]) / std::fabs(reference[s]);
      ASSERT_LE(rel, tolerance) << "step " << s << ": scalar " << reference[s] << ", cuda " << losses[s];
    }
    EXPECT_LT(max_abs_diff(gpu->weights(), scalar->weights()), 1e-8);
  }
};

TEST_F(CudaTrainerTest, AgreesWithScalarFor50StepsInDouble) { expect_parity(ModelConfig{}, 50, 1, {}, 1e-4); }

TEST_F(CudaTrainerTest, AgreesWithTwoLayersShortContextAndOddThreadCounts) {
  ModelConfig sizes;
  sizes.n_embd = 8;
  sizes.n_head = 2;
  sizes.n_layer = 2;
  sizes.block_size = 6;
  expect_parity(sizes, 20, 1, CudaOptions{64, "one"}, 1e-4);
  expect_parity(sizes, 20, 1, CudaOptions{512, "batch"}, 1e-4);
}

TEST_F(CudaTrainerTest, BatchesAgreeInBothGridLayouts) {
  expect_parity(ModelConfig{}, 8, 4, CudaOptions{256, "one"}, 1e-4);
  expect_parity(ModelConfig{}, 8, 4, CudaOptions{256, "batch"}, 1e-4);
}

TEST_F(CudaTrainerTest, WideModelsKeepActivationsInGlobalMemory) {
  // n_embd 128, 4 layers: too large for shared memory, so the workspace tiers live in global memory.
  ModelConfig sizes;
  sizes.n_embd = 128;
  sizes.n_layer = 4;
  const RunSetup setup = prepare_run(parse_dataset(testing::kSmallNames), sizes, 7);
  for (const char* grid : {"one", "batch"}) {
    auto gpu = make_trainer("cuda", Precision::f64, setup.config, setup.weights, AdamConfig{}, CudaOptions{256, grid});
    const std::vector<double> a = train(*gpu, setup, 3, 4);
    auto fresh = make_trainer("cpu", Precision::f64, setup.config, setup.weights, AdamConfig{});
    const std::vector<double> b = train(*fresh, setup, 3, 4);
    for (int s = 0; s < 3; ++s) EXPECT_NEAR(a[s], b[s], 1e-9 * b[s]) << grid << " step " << s;
  }
}

TEST_F(CudaTrainerTest, FloatTracksDoubleAndChunksDoNotChangeTheRun) {
  const RunSetup setup = prepare_run(parse_dataset(testing::kSmallNames), ModelConfig{}, 7);
  auto f64 = make_trainer("cuda", Precision::f64, setup.config, setup.weights, AdamConfig{});
  auto f32 = make_trainer("cuda", Precision::f32, setup.config, setup.weights, AdamConfig{});
  const std::vector<double> a = train(*f64, setup, 50), b = train(*f32, setup, 50);
  for (int s = 0; s < 50; ++s) EXPECT_NEAR(b[s], a[s], 1e-3 * a[s]) << "step " << s;
  // The same 50 steps in chunks of 7 and as single train_step calls.
  auto chunked = make_trainer("cuda", Precision::f64, setup.config, setup.weights, AdamConfig{});
  std::vector<double> c(50);
  for (int first = 0; first < 50; first += 7) {
    chunked->train_steps(setup.tokens, 1, first, 50, std::span(c).subspan(first, std::min(7, 50 - first)));
  }
  EXPECT_EQ(c, a);
  auto single = make_trainer("cuda", Precision::f64, setup.config, setup.weights, AdamConfig{});
  for (int s = 0; s < 5; ++s) EXPECT_EQ(single->train_step(Batch::of_step(setup.tokens, s, 1), s, 50), a[s]);
}

TEST_F(CudaTrainerTest, SamplesTheSameNamesAsTheCpuTrainer) {
  const RunSetup setup = prepare_run(parse_dataset(testing::kSmallNames), ModelConfig{}, 11);
  auto cpu = make_trainer("cpu", Precision::f64, setup.config, setup.weights, AdamConfig{});
  auto gpu = make_trainer("cuda", Precision::f64, setup.config, setup.weights, AdamConfig{});
  train(*cpu, setup, 30);
  train(*gpu, setup, 30);
  Rng ra = setup.rng, rb = setup.rng;
  EXPECT_EQ(sample_names(*gpu, setup.data, setup.config.block_size, 8, 0.5, ra),
            sample_names(*cpu, setup.data, setup.config.block_size, 8, 0.5, rb));
}

}  // namespace
}  // namespace spak::microgpt
