// Temperature sampling, one token at a time.

#include "sampling.h"

#include <algorithm>
#include <cmath>

namespace spak::microgpt {

std::vector<std::string> sample_names(Trainer& trainer, const Dataset& data, int block_size, int count,
                                      double temperature, Rng& rng) {
  std::vector<std::string> names;
  std::vector<double> logits(static_cast<std::size_t>(data.vocab_size()));
  std::vector<double> weights(logits.size());
  for (int s = 0; s < count; ++s) {
    std::vector<int> tokens{data.bos()};
    while (static_cast<int>(tokens.size()) <= block_size) {
      trainer.next_logits(tokens, logits);
      const double max_logit = *std::max_element(logits.begin(), logits.end());
      double total = 0.0;
      for (std::size_t i = 0; i < logits.size(); ++i) {
        total += weights[i] = std::exp((logits[i] - max_logit) / temperature);
      }
      // Draw an index with probability weights[i] / total.
      double r = rng.uniform() * total;
      std::size_t pick = 0;
      while (pick + 1 < weights.size() && r >= weights[pick]) r -= weights[pick++];
      if (static_cast<int>(pick) == data.bos()) break;
      tokens.push_back(static_cast<int>(pick));
    }
    names.push_back(data.decode(tokens));
  }
  return names;
}

}  // namespace spak::microgpt
