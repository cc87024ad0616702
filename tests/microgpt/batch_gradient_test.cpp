// Batches: the loss is the mean over all positions of all the batch's documents, and its gradient (which the
// tensor trainer writes by hand) matches central finite differences of that loss; a batch of one is the
// original's step.

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "rng.h"
#include "run_setup.h"
#include "small_data.h"
#include "tensor_trainer.h"

namespace spak::microgpt {
namespace {

double batch_loss(const RunSetup& setup, const std::vector<double>& weights, const Batch& batch) {
  TensorTrainer<double> trainer(setup.config, weights, AdamConfig{});
  return trainer.loss_and_gradients(batch);
}

void expect_gradient_matches_finite_differences(const ModelConfig& sizes, int batch_size) {
  const RunSetup setup = prepare_run(parse_dataset(testing::kSmallNames), sizes, 13);
  const Batch batch = Batch::of_step(setup.tokens, 2, batch_size);
  TensorTrainer<double> trainer(setup.config, setup.weights, AdamConfig{});
  trainer.loss_and_gradients(batch);
  const std::vector<double> grad = trainer.gradients();
  // 40 parameters drawn across the whole layout (embeddings, attention, MLP, lm_head).
  Rng pick(99);
  const double eps = 1e-5;
  int checked_nonzero = 0;
  for (int k = 0; k < 40; ++k) {
    const auto i = static_cast<std::size_t>(pick.uniform() * static_cast<double>(grad.size()));
    std::vector<double> plus = setup.weights, minus = setup.weights;
    plus[i] += eps;
    minus[i] -= eps;
    const double numeric = (batch_loss(setup, plus, batch) - batch_loss(setup, minus, batch)) / (2 * eps);
    EXPECT_NEAR(grad[i], numeric, 1e-7 + 1e-5 * std::fabs(numeric)) << "parameter " << i;
    if (std::fabs(numeric) > 1e-6) ++checked_nonzero;
  }
  EXPECT_GT(checked_nonzero, 10) << "too few parameters with a gradient: the check would prove little";
}

TEST(BatchGradient, MatchesFiniteDifferencesForEightDocuments) {
  expect_gradient_matches_finite_differences(ModelConfig{}, 8);
}

TEST(BatchGradient, MatchesFiniteDifferencesWithTwoWideLayers) {
  ModelConfig sizes;
  sizes.n_embd = 32;
  sizes.n_layer = 2;
  expect_gradient_matches_finite_differences(sizes, 3);
}

TEST(BatchGradient, LossIsTheMeanOverAllPositions) {
  // Batch loss · positions = Σ over documents of (document loss · its positions).
  const RunSetup setup = prepare_run(parse_dataset(testing::kSmallNames), ModelConfig{}, 13);
  const Batch batch = Batch::of_step(setup.tokens, 1, 5);
  double weighted = 0;
  for (int d = 0; d < batch.size; ++d) {
    const std::vector<int> doc(batch[d].begin(), batch[d].end());
    const Batch one = Batch::single(doc);
    weighted += batch_loss(setup, setup.weights, one) * one.positions(setup.config.block_size);
  }
  EXPECT_NEAR(batch_loss(setup, setup.weights, batch) * batch.positions(setup.config.block_size), weighted, 1e-10);
}

TEST(BatchGradient, BatchOfOneIsTheDocumentOfThatStep) {
  const RunSetup setup = prepare_run(parse_dataset(testing::kSmallNames), ModelConfig{}, 13);
  for (int step : {0, 5, static_cast<int>(setup.tokens.size()) + 3}) {
    const Batch batch = Batch::of_step(setup.tokens, step, 1);
    const std::size_t doc = static_cast<std::size_t>(step) % setup.tokens.size();
    EXPECT_EQ(batch[0].data(), setup.tokens[doc].data());
    EXPECT_EQ(batch_loss(setup, setup.weights, batch), batch_loss(setup, setup.weights, Batch::single(setup.tokens[doc])));
  }
}

}  // namespace
}  // namespace spak::microgpt
