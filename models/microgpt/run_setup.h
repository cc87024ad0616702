#pragma once
// What makes two runs comparable: the same document order, the same initial weights, the same random stream.
// The CLI, the parity test and the benchmark all start here, so they cannot drift apart.

#include <cstdint>
#include <vector>

#include "dataset.h"
#include "model_config.h"
#include "rng.h"

namespace spak::microgpt {

/// A run's inputs before any implementation is chosen.
struct RunSetup {
  Dataset data;                          ///< Documents in training order (shuffled).
  std::vector<std::vector<int>> tokens;  ///< data.docs encoded as [BOS, …, BOS], same order.
  ModelConfig config;                    ///< Sizes, vocab_size taken from the data.
  std::vector<double> weights;           ///< Initial weights, ParamLayout order.
  Rng rng;                               ///< The stream after shuffling and initialization; sampling goes on with it.
};

/// One Rng seeded with `seed` shuffles the documents, then draws the weights (the original's order). `sizes`
/// gives every size but vocab_size. Throws spak::Error when the sizes are invalid.
RunSetup prepare_run(Dataset data, ModelConfig sizes, std::uint64_t seed);

}  // namespace spak::microgpt
