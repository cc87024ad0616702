// Shuffle, encode, initialize.

#include "run_setup.h"

#include <utility>

namespace spak::microgpt {

RunSetup prepare_run(Dataset data, ModelConfig sizes, std::uint64_t seed) {
  Rng rng(seed);
  rng.shuffle(data.docs);
  sizes.vocab_size = data.vocab_size();
  sizes.validate();
  std::vector<std::vector<int>> tokens;
  tokens.reserve(data.docs.size());
  for (const std::string& doc : data.docs) tokens.push_back(data.encode(doc));
  std::vector<double> weights = init_weights(ParamLayout(sizes), rng);
  return RunSetup{std::move(data), std::move(tokens), sizes, std::move(weights), rng};
}

}  // namespace spak::microgpt
