// The original algorithm, function for function: linear, softmax, rmsnorm, gpt, then the training step.

#include "scalar_trainer.h"

#include <algorithm>
#include <cmath>

namespace spak::microgpt {

ScalarTrainer::ScalarTrainer(const ModelConfig& config, const std::vector<double>& weights, const AdamConfig& adam)
    : config_(config), layout_(config), adam_(adam), m_(weights.size(), 0.0), v_(weights.size(), 0.0) {
  for (double w : weights) graph_.leaf(w);
}

Value ScalarTrainer::param(const MatrixRef& m, int row, int col) const {
  return Value{&graph_, static_cast<int>(m.offset + static_cast<long>(row) * m.cols + col)};
}

ScalarTrainer::Vector ScalarTrainer::linear(const Vector& x, const MatrixRef& w) const {
  Vector out;
  out.reserve(static_cast<std::size_t>(w.rows));
  for (int o = 0; o < w.rows; ++o) {
    Value sum = param(w, o, 0) * x[0];
    for (int i = 1; i < w.cols; ++i) sum = sum + param(w, o, i) * x[static_cast<std::size_t>(i)];
    out.push_back(sum);
  }
  return out;
}

ScalarTrainer::Vector ScalarTrainer::softmax(const Vector& logits) const {
  double max_val = logits[0].data();
  for (const Value& l : logits) max_val = std::max(max_val, l.data());
  Vector exps;
  for (const Value& l : logits) exps.push_back(exp(l - max_val));
  Value total = exps[0];
  for (std::size_t i = 1; i < exps.size(); ++i) total = total + exps[i];
  Vector probs;
  for (const Value& e : exps) probs.push_back(e / total);
  return probs;
}

ScalarTrainer::Vector ScalarTrainer::rmsnorm(const Vector& x) const {
  Value ms = x[0] * x[0];
  for (std::size_t i = 1; i < x.size(); ++i) ms = ms + x[i] * x[i];
  ms = ms / static_cast<double>(x.size());
  const Value scale = pow(ms + 1e-5, -0.5);
  Vector out;
  for (const Value& xi : x) out.push_back(xi * scale);
  return out;
}

ScalarTrainer::Cache ScalarTrainer::empty_cache() const {
  Cache cache;
  cache.keys.resize(static_cast<std::size_t>(config_.n_layer));
  cache.values.resize(static_cast<std::size_t>(config_.n_layer));
  return cache;
}

ScalarTrainer::Vector ScalarTrainer::gpt(int token, int pos, Cache& cache) const {
  const int c = config_.n_embd, hd = config_.head_dim();
  Vector x;
  for (int i = 0; i < c; ++i) x.push_back(param(layout_.wte, token, i) + param(layout_.wpe, pos, i));
  x = rmsnorm(x);
  for (int li = 0; li < config_.n_layer; ++li) {
    const ParamLayout::Layer& w = layout_.layers[static_cast<std::size_t>(li)];
    auto& keys = cache.keys[static_cast<std::size_t>(li)];
    auto& values = cache.values[static_cast<std::size_t>(li)];
    Vector residual = x;
    x = rmsnorm(x);
    const Vector q = linear(x, w.wq);
    keys.push_back(linear(x, w.wk));
    values.push_back(linear(x, w.wv));
    Vector x_attn;
    for (int h = 0; h < config_.n_head; ++h) {
      const std::size_t hs = static_cast<std::size_t>(h * hd);
      Vector attn_logits;
      for (const Vector& k : keys) {
        Value dot = q[hs] * k[hs];
        for (std::size_t j = 1; j < static_cast<std::size_t>(hd); ++j) dot = dot + q[hs + j] * k[hs + j];
        attn_logits.push_back(dot / std::pow(static_cast<double>(hd), 0.5));
      }
      const Vector attn_weights = softmax(attn_logits);
      for (std::size_t j = 0; j < static_cast<std::size_t>(hd); ++j) {
        Value sum = attn_weights[0] * values[0][hs + j];
        for (std::size_t t = 1; t < values.size(); ++t) sum = sum + attn_weights[t] * values[t][hs + j];
        x_attn.push_back(sum);
      }
    }
    x = linear(x_attn, w.wo);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = x[i] + residual[i];
    residual = x;
    x = rmsnorm(x);
    x = linear(x, w.fc1);
    for (Value& xi : x) xi = relu(xi);
    x = linear(x, w.fc2);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = x[i] + residual[i];
  }
  return linear(x, layout_.lm_head);
}

double ScalarTrainer::train_step(const Batch& batch, int step, int num_steps) {
  // The original's step, document after document: one graph over the whole batch, the loss averaged over all
  // of its positions (for one document exactly the original's mean).
  Value loss_sum{};
  bool first = true;
  for (int d = 0; d < batch.size; ++d) {
    const std::span<const int> tokens = batch[d];
    const int n = std::min(config_.block_size, static_cast<int>(tokens.size()) - 1);
    Cache cache = empty_cache();
    for (int pos = 0; pos < n; ++pos) {
      const Vector probs = softmax(gpt(tokens[static_cast<std::size_t>(pos)], pos, cache));
      const Value loss_t = -log(probs[static_cast<std::size_t>(tokens[static_cast<std::size_t>(pos) + 1])]);
      loss_sum = first ? loss_t : loss_sum + loss_t;
      first = false;
    }
  }
  const Value loss = (1.0 / batch.positions(config_.block_size)) * loss_sum;
  graph_.backward(loss);

  const AdamStep adam(adam_, step, num_steps);
  for (int i = 0; i < static_cast<int>(layout_.total); ++i) {
    adam.update(graph_.data(i), graph_.grad(i), m_[static_cast<std::size_t>(i)], v_[static_cast<std::size_t>(i)]);
    graph_.grad(i) = 0.0;
  }
  const double result = loss.data();
  graph_.truncate(static_cast<int>(layout_.total));
  return result;
}

void ScalarTrainer::next_logits(std::span<const int> prefix, std::span<double> logits) {
  Cache cache = empty_cache();
  Vector out;
  for (std::size_t pos = 0; pos < prefix.size(); ++pos) out = gpt(prefix[pos], static_cast<int>(pos), cache);
  for (std::size_t i = 0; i < out.size(); ++i) logits[i] = out[i].data();
  graph_.truncate(static_cast<int>(layout_.total));
}

std::vector<double> ScalarTrainer::weights() const {
  std::vector<double> w(static_cast<std::size_t>(layout_.total));
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = graph_.data(static_cast<int>(i));
  return w;
}

}  // namespace spak::microgpt
