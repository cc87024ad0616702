// Parameter layout and initialization.

#include "model_config.h"

#include "spak/util/error.h"

namespace spak::microgpt {

void ModelConfig::validate() const {
  if (vocab_size < 2) throw Error("the data set needs at least one character besides BOS");
  if (n_embd < 1 || n_head < 1 || n_layer < 1 || block_size < 1) {
    throw Error("model sizes must be positive (n_embd {}, n_head {}, n_layer {}, block_size {})", n_embd, n_head,
                n_layer, block_size);
  }
  if (n_embd % n_head != 0) throw Error("n_embd ({}) must be a multiple of n_head ({})", n_embd, n_head);
}

ParamLayout::ParamLayout(const ModelConfig& config) {
  auto add = [this](int rows, int cols) {
    MatrixRef m{total, rows, cols};
    total += m.size();
    return m;
  };
  const int c = config.n_embd;
  wte = add(config.vocab_size, c);
  wpe = add(config.block_size, c);
  lm_head = add(config.vocab_size, c);
  for (int l = 0; l < config.n_layer; ++l) {
    Layer layer;
    layer.wq = add(c, c);
    layer.wk = add(c, c);
    layer.wv = add(c, c);
    layer.wo = add(c, c);
    layer.fc1 = add(config.mlp_dim(), c);
    layer.fc2 = add(c, config.mlp_dim());
    layers.push_back(layer);
  }
}

std::vector<double> init_weights(const ParamLayout& layout, Rng& rng) {
  std::vector<double> weights(static_cast<std::size_t>(layout.total));
  for (double& w : weights) w = rng.normal(0.0, 0.08);
  return weights;
}

}  // namespace spak::microgpt
