// The model assembled from tensor_ops.h, mirroring ScalarTrainer::gpt position for position.

#include "tensor_trainer.h"

#include <algorithm>
#include <cstring>

#include "tensor_ops.h"

namespace spak::microgpt {

template <typename T>
TensorTrainer<T>::TensorTrainer(const ModelConfig& config, const std::vector<double>& weights,
                                const AdamConfig& adam)
    : config_(config), layout_(config), adam_(adam) {
  const auto size = [](long count) { return static_cast<std::size_t>(count); };
  const long b = config.block_size, c = config.n_embd;
  params_.assign(weights.begin(), weights.end());
  grads_.assign(size(layout_.total), T(0));
  m_.assign(size(layout_.total), T(0));
  v_.assign(size(layout_.total), T(0));
  emb_.resize(size(b * c));
  x0_.resize(size(b * c));
  scale0_.resize(size(b));
  layers_.resize(size(config.n_layer));
  for (LayerActs& l : layers_) {
    for (auto* buf : {&l.x_in, &l.xn1, &l.q, &l.k, &l.v, &l.attn_out, &l.x_mid, &l.xn2}) buf->resize(size(b * c));
    l.scale1.resize(size(b));
    l.scale2.resize(size(b));
    l.att.resize(size(config.n_head * b * b));
    l.hidden.resize(size(b * config.mlp_dim()));
  }
  x_final_.resize(size(b * c));
  logits_.resize(size(b * config.vocab_size));
  dlogits_.resize(logits_.size());
  for (auto* buf : {&dx_, &dtmp_, &dq_, &dk_, &dv_, &dattn_}) buf->resize(size(b * c));
  dhidden_.resize(size(b * config.mlp_dim()));
  da_.resize(size(b));
  targets_.resize(size(b));
}

template <typename T>
void TensorTrainer<T>::forward(const int* tokens, int n) {
  const int c = config_.n_embd, mlp = config_.mlp_dim();
  const T* wte = param(layout_.wte);
  const T* wpe = param(layout_.wpe);
  for (int t = 0; t < n; ++t) {
    for (int i = 0; i < c; ++i) emb_[t * c + i] = wte[tokens[t] * c + i] + wpe[t * c + i];
  }
  ops::rmsnorm_forward(emb_.data(), x0_.data(), scale0_.data(), n, c);
  const T* x = x0_.data();
  for (std::size_t li = 0; li < layers_.size(); ++li) {
    LayerActs& a = layers_[li];
    const ParamLayout::Layer& w = layout_.layers[li];
    std::copy(x, x + n * c, a.x_in.begin());
    ops::rmsnorm_forward(a.x_in.data(), a.xn1.data(), a.scale1.data(), n, c);
    ops::linear_forward<T>(a.xn1.data(), param(w.wq), nullptr, false, a.q.data(), n, c, c);
    ops::linear_forward<T>(a.xn1.data(), param(w.wk), nullptr, false, a.k.data(), n, c, c);
    ops::linear_forward<T>(a.xn1.data(), param(w.wv), nullptr, false, a.v.data(), n, c, c);
    ops::attention_forward(a.q.data(), a.k.data(), a.v.data(), a.att.data(), a.attn_out.data(), n, config_.n_head,
                           config_.head_dim());
    ops::linear_forward<T>(a.attn_out.data(), param(w.wo), a.x_in.data(), false, a.x_mid.data(), n, c, c);
    ops::rmsnorm_forward(a.x_mid.data(), a.xn2.data(), a.scale2.data(), n, c);
    ops::linear_forward<T>(a.xn2.data(), param(w.fc1), nullptr, true, a.hidden.data(), n, c, mlp);
    ops::linear_forward<T>(a.hidden.data(), param(w.fc2), a.x_mid.data(), false, x_final_.data(), n, mlp, c);
    x = x_final_.data();
  }
  ops::linear_forward<T>(x_final_.data(), param(layout_.lm_head), nullptr, false, logits_.data(), n, c,
                         config_.vocab_size);
}

template <typename T>
void TensorTrainer<T>::backward(const int* tokens, int n) {
  const int c = config_.n_embd, mlp = config_.mlp_dim();
  const std::size_t nc = static_cast<std::size_t>(n * c);
  const auto zero = [nc](std::vector<T>& buf) { std::fill_n(buf.begin(), nc, T(0)); };

  // dx_ holds d loss / d (output of the current block) while walking the blocks backwards.
  zero(dx_);
  ops::linear_backward<T>(x_final_.data(), param(layout_.lm_head), dlogits_.data(), grad(layout_.lm_head),
                          dx_.data(), n, c, config_.vocab_size);
  for (std::size_t li = layers_.size(); li-- > 0;) {
    LayerActs& a = layers_[li];
    const ParamLayout::Layer& w = layout_.layers[li];
    const T* mlp_out_input = a.hidden.data();
    // x_out = x_mid + fc2·relu(fc1·rmsnorm(x_mid)): dx_ flows to x_mid unchanged, plus through the MLP.
    std::fill_n(dhidden_.begin(), static_cast<std::size_t>(n * mlp), T(0));
    ops::linear_backward<T>(mlp_out_input, param(w.fc2), dx_.data(), grad(w.fc2), dhidden_.data(), n, mlp, c);
    for (int i = 0; i < n * mlp; ++i) {
      if (!(a.hidden[static_cast<std::size_t>(i)] > T(0))) dhidden_[static_cast<std::size_t>(i)] = T(0);
    }
    zero(dtmp_);
    ops::linear_backward<T>(a.xn2.data(), param(w.fc1), dhidden_.data(), grad(w.fc1), dtmp_.data(), n, c, mlp);
    ops::rmsnorm_backward(a.x_mid.data(), a.scale2.data(), dtmp_.data(), dx_.data(), n, c);
    // x_mid = x_in + wo·attention(q, k, v): dx_ flows to x_in unchanged, plus through attention.
    zero(dattn_);
    ops::linear_backward<T>(a.attn_out.data(), param(w.wo), dx_.data(), grad(w.wo), dattn_.data(), n, c, c);
    zero(dq_);
    zero(dk_);
    zero(dv_);
    ops::attention_backward(a.q.data(), a.k.data(), a.v.data(), a.att.data(), dattn_.data(), dq_.data(),
                            dk_.data(), dv_.data(), da_.data(), n, config_.n_head, config_.head_dim());
    zero(dtmp_);
    ops::linear_backward<T>(a.xn1.data(), param(w.wq), dq_.data(), grad(w.wq), dtmp_.data(), n, c, c);
    ops::linear_backward<T>(a.xn1.data(), param(w.wk), dk_.data(), grad(w.wk), dtmp_.data(), n, c, c);
    ops::linear_backward<T>(a.xn1.data(), param(w.wv), dv_.data(), grad(w.wv), dtmp_.data(), n, c, c);
    ops::rmsnorm_backward(a.x_in.data(), a.scale1.data(), dtmp_.data(), dx_.data(), n, c);
  }
  // x0 = rmsnorm(wte[token] + wpe[pos]).
  zero(dtmp_);
  ops::rmsnorm_backward(emb_.data(), scale0_.data(), dx_.data(), dtmp_.data(), n, c);
  T* dwte = grad(layout_.wte);
  T* dwpe = grad(layout_.wpe);
  for (int t = 0; t < n; ++t) {
    for (int i = 0; i < c; ++i) {
      dwte[tokens[t] * c + i] += dtmp_[static_cast<std::size_t>(t * c + i)];
      dwpe[t * c + i] += dtmp_[static_cast<std::size_t>(t * c + i)];
    }
  }
}

template <typename T>
double TensorTrainer<T>::loss_and_gradients(const Batch& batch) {
  // Documents one after another, their gradients summed: the batch's activations never coexist, so the
  // buffers stay those of one document.
  std::fill(grads_.begin(), grads_.end(), T(0));
  const T weight = T(1) / T(batch.positions(config_.block_size));
  T loss_sum = 0;
  for (int d = 0; d < batch.size; ++d) {
    const std::span<const int> tokens = batch[d];
    const int n = std::min(config_.block_size, static_cast<int>(tokens.size()) - 1);
    forward(tokens.data(), n);
    std::copy(tokens.begin() + 1, tokens.begin() + 1 + n, targets_.begin());
    loss_sum += ops::softmax_cross_entropy_sum(logits_.data(), targets_.data(), dlogits_.data(), n,
                                               config_.vocab_size, weight);
    backward(tokens.data(), n);
  }
  return static_cast<double>(loss_sum * weight);
}

template <typename T>
double TensorTrainer<T>::train_step(const Batch& batch, int step, int num_steps) {
  const double loss = loss_and_gradients(batch);
  const AdamStep adam(adam_, step, num_steps);
  for (std::size_t i = 0; i < params_.size(); ++i) adam.update(params_[i], grads_[i], m_[i], v_[i]);
  return loss;
}

template <typename T>
std::vector<double> TensorTrainer<T>::gradients() const {
  return std::vector<double>(grads_.begin(), grads_.end());
}

template <typename T>
void TensorTrainer<T>::next_logits(std::span<const int> prefix, std::span<double> logits) {
  const int n = static_cast<int>(prefix.size());
  forward(prefix.data(), n);
  const T* last = logits_.data() + static_cast<std::size_t>((n - 1) * config_.vocab_size);
  std::copy(last, last + config_.vocab_size, logits.begin());
}

template <typename T>
std::vector<double> TensorTrainer<T>::weights() const {
  return std::vector<double>(params_.begin(), params_.end());
}

template class TensorTrainer<float>;
template class TensorTrainer<double>;

}  // namespace spak::microgpt
