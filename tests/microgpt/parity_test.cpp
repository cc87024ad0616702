// The evidence that the tensor trainer computes the original algorithm: from the same weights and documents,
// its losses match the scalar-autograd reference at every step (≤ 1e-4 relative in double, the bar).

#include <cmath>
#include <memory>
#include <vector>

#include <gtest/gtest.h>

#include "run_setup.h"
#include "sampling.h"
#include "small_data.h"
#include "train_losses.h"
#include "spak/util/error.h"
#include "trainer.h"

namespace spak::microgpt {
namespace {

using testing::train;

void expect_parity(const ModelConfig& sizes, int steps, int batch = 1) {
  const RunSetup setup = prepare_run(parse_dataset(testing::kSmallNames), sizes, 7);
  auto scalar = make_trainer("scalar", Precision::f64, setup.config, setup.weights, AdamConfig{});
  auto tensor = make_trainer("cpu", Precision::f64, setup.config, setup.weights, AdamConfig{});
  const std::vector<double> reference = train(*scalar, setup, steps, batch);
  const std::vector<double> losses = train(*tensor, setup, steps, batch);
  for (int s = 0; s < steps; ++s) {
    const double rel = std::fabs(losses[s] - reference[s]) / std::fabs(reference[s]);
    ASSERT_LE(rel, 1e-4) << "step " << s << ": scalar " << reference[s] << ", tensor " << losses[s];
  }
  const std::vector<double> w_ref = scalar->weights(), w = tensor->weights();
  double max_diff = 0;
  for (std::size_t i = 0; i < w.size(); ++i) max_diff = std::max(max_diff, std::fabs(w[i] - w_ref[i]));
  EXPECT_LT(max_diff, 1e-8) << "weights drifted apart after " << steps << " steps";
}

TEST(Parity, ScalarAndTensorAgreeFor50StepsInDouble) { expect_parity(ModelConfig{}, 50); }

TEST(Parity, AgreesWithTwoLayersAndDocumentsLongerThanTheContext) {
  ModelConfig sizes;
  sizes.n_embd = 8;
  sizes.n_head = 2;
  sizes.n_layer = 2;
  sizes.block_size = 6;  // "maximiliana" and others are cut to 6 positions
  expect_parity(sizes, 20);
}

TEST(Parity, BatchesOfFourAgreeWithTheScalarReference) { expect_parity(ModelConfig{}, 10, 4); }

TEST(Parity, StepWiseAndMultiStepTrainingAreTheSame) {
  // train_steps is train_step in a loop for the CPU trainers: the CLI's chunks cannot change a run.
  const RunSetup setup = prepare_run(parse_dataset(testing::kSmallNames), ModelConfig{}, 7);
  auto a = make_trainer("cpu", Precision::f64, setup.config, setup.weights, AdamConfig{});
  auto b = make_trainer("cpu", Precision::f64, setup.config, setup.weights, AdamConfig{});
  const std::vector<double> together = train(*a, setup, 12, 3);
  for (int s = 0; s < 12; ++s) EXPECT_EQ(b->train_step(Batch::of_step(setup.tokens, s, 3), s, 12), together[s]);
  EXPECT_EQ(a->weights(), b->weights());
}

TEST(Parity, FloatTrainerTracksDouble) {
  const RunSetup setup = prepare_run(parse_dataset(testing::kSmallNames), ModelConfig{}, 7);
  auto f64 = make_trainer("cpu", Precision::f64, setup.config, setup.weights, AdamConfig{});
  auto f32 = make_trainer("cpu", Precision::f32, setup.config, setup.weights, AdamConfig{});
  const std::vector<double> a = train(*f64, setup, 50), b = train(*f32, setup, 50);
  for (int s = 0; s < 50; ++s) EXPECT_NEAR(b[s], a[s], 1e-3 * a[s]) << "step " << s;
}

TEST(Training, LossFallsFromChance) {
  const RunSetup setup = prepare_run(parse_dataset(testing::kSmallNames), ModelConfig{}, 3);
  auto trainer = make_trainer("cpu", Precision::f32, setup.config, setup.weights, AdamConfig{});
  const int steps = 300;
  const std::vector<double> losses = train(*trainer, setup, steps);
  const double chance = std::log(static_cast<double>(setup.config.vocab_size));
  EXPECT_NEAR(losses[0], chance, 0.3);  // small initial weights predict nearly uniformly
  double tail = 0;
  for (int s = steps - 50; s < steps; ++s) tail += losses[s] / 50;
  EXPECT_LT(tail, chance - 0.5);
}

TEST(Sampling, SameSeedSameNamesAndOnlyVocabularyCharacters) {
  const Dataset data = parse_dataset(testing::kSmallNames);
  const RunSetup setup = prepare_run(data, ModelConfig{}, 11);
  auto a = make_trainer("cpu", Precision::f64, setup.config, setup.weights, AdamConfig{});
  auto b = make_trainer("scalar", Precision::f64, setup.config, setup.weights, AdamConfig{});
  Rng ra = setup.rng, rb = setup.rng;
  const auto names_a = sample_names(*a, setup.data, setup.config.block_size, 5, 0.5, ra);
  const auto names_b = sample_names(*b, setup.data, setup.config.block_size, 5, 0.5, rb);
  EXPECT_EQ(names_a, names_b);
  for (const std::string& name : names_a) {
    EXPECT_LT(name.size(), static_cast<std::size_t>(setup.config.block_size) + 1);
    for (char ch : name) EXPECT_NE(data.chars.find(ch), std::string::npos);
  }
}

TEST(MakeTrainer, RejectsUnknownImplAndWrongWeightCount) {
  ModelConfig config;
  config.vocab_size = 5;
  const std::vector<double> weights(static_cast<std::size_t>(ParamLayout(config).total), 0.01);
  EXPECT_THROW(make_trainer("gpu", Precision::f32, config, weights, AdamConfig{}), Error);
  if (!cuda_available()) {
    EXPECT_THROW(make_trainer("cuda", Precision::f32, config, weights, AdamConfig{}), Error);
  }
  EXPECT_THROW(make_trainer("cpu", Precision::f32, config, std::vector<double>(3), AdamConfig{}), Error);
  config.n_head = 3;  // 16 is not a multiple of 3
  EXPECT_THROW(make_trainer("cpu", Precision::f32, config, weights, AdamConfig{}), Error);
}

}  // namespace
}  // namespace spak::microgpt
