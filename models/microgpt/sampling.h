#pragma once
// Generating names from a trained model, as the original does after training.

#include <string>
#include <vector>

#include "dataset.h"
#include "rng.h"
#include "trainer.h"

namespace spak::microgpt {

/// `count` names: each starts from BOS and draws the next token from softmax(logits / temperature) until it
/// draws BOS or fills block_size positions.
std::vector<std::string> sample_names(Trainer& trainer, const Dataset& data, int block_size, int count,
                                      double temperature, Rng& rng);

}  // namespace spak::microgpt
