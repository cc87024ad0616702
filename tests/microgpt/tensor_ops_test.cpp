// Every hand-written backward in tensor_ops.h against central differences of its forward, in double.

#include "tensor_ops.h"

#include <cmath>
#include <functional>
#include <vector>

#include <gtest/gtest.h>

#include "rng.h"

namespace spak::microgpt {
namespace {

std::vector<double> random_vector(std::size_t n, Rng& rng) {
  std::vector<double> v(n);
  for (double& x : v) x = rng.normal(0.0, 1.0);
  return v;
}

// Checks analytic[i] against d loss / d input[i], where loss() reads `input`.
void expect_gradient(std::vector<double>& input, const std::vector<double>& analytic,
                     const std::function<double()>& loss) {
  ASSERT_EQ(input.size(), analytic.size());
  for (std::size_t i = 0; i < input.size(); ++i) {
    const double saved = input[i], h = 1e-6;
    input[i] = saved + h;
    const double up = loss();
    input[i] = saved - h;
    const double down = loss();
    input[i] = saved;
    const double numeric = (up - down) / (2 * h);
    EXPECT_NEAR(analytic[i], numeric, 1e-6 * std::max(1.0, std::fabs(numeric))) << "element " << i;
  }
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

TEST(TensorOps, LinearBackward) {
  Rng rng(1);
  const int n = 3, in = 5, out = 4;
  auto x = random_vector(n * in, rng), w = random_vector(out * in, rng), r = random_vector(n * out, rng);
  std::vector<double> y(n * out), dw(w.size(), 0.0), dx(x.size(), 0.0);
  const auto loss = [&] {
    ops::linear_forward<double>(x.data(), w.data(), nullptr, false, y.data(), n, in, out);
    return dot(y, r);
  };
  ops::linear_backward(x.data(), w.data(), r.data(), dw.data(), dx.data(), n, in, out);
  expect_gradient(x, dx, loss);
  expect_gradient(w, dw, loss);
}

TEST(TensorOps, LinearFusedResidualAndRelu) {
  Rng rng(2);
  const int n = 2, in = 3, out = 3;
  const auto x = random_vector(n * in, rng), w = random_vector(out * in, rng), res = random_vector(n * out, rng);
  std::vector<double> plain(n * out), fused(n * out);
  ops::linear_forward<double>(x.data(), w.data(), nullptr, false, plain.data(), n, in, out);
  ops::linear_forward<double>(x.data(), w.data(), res.data(), true, fused.data(), n, in, out);
  for (int i = 0; i < n * out; ++i) EXPECT_DOUBLE_EQ(fused[i], std::max(0.0, plain[i] + res[i]));
}

TEST(TensorOps, RmsnormBackward) {
  Rng rng(3);
  const int n = 3, c = 6;
  auto x = random_vector(n * c, rng), r = random_vector(n * c, rng);
  std::vector<double> y(x.size()), scale(n), dx(x.size(), 0.0);
  const auto loss = [&] {
    ops::rmsnorm_forward(x.data(), y.data(), scale.data(), n, c);
    return dot(y, r);
  };
  loss();
  ops::rmsnorm_backward(x.data(), scale.data(), r.data(), dx.data(), n, c);
  expect_gradient(x, dx, loss);
}

TEST(TensorOps, AttentionBackward) {
  Rng rng(4);
  const int n = 4, heads = 2, hd = 3, c = heads * hd;
  auto q = random_vector(n * c, rng), k = random_vector(n * c, rng), v = random_vector(n * c, rng);
  const auto r = random_vector(n * c, rng);
  std::vector<double> att(heads * n * n), out(n * c), dq(q.size(), 0.0), dk(k.size(), 0.0), dv(v.size(), 0.0), da(n);
  const auto loss = [&] {
    ops::attention_forward(q.data(), k.data(), v.data(), att.data(), out.data(), n, heads, hd);
    return dot(out, r);
  };
  loss();
  ops::attention_backward(q.data(), k.data(), v.data(), att.data(), r.data(), dq.data(), dk.data(), dv.data(),
                          da.data(), n, heads, hd);
  expect_gradient(q, dq, loss);
  expect_gradient(k, dk, loss);
  expect_gradient(v, dv, loss);
}

TEST(TensorOps, AttentionIsCausal) {
  Rng rng(5);
  const int n = 3, heads = 1, hd = 2;
  auto q = random_vector(n * hd, rng), k = random_vector(n * hd, rng), v = random_vector(n * hd, rng);
  std::vector<double> att(n * n), out(n * hd), changed(n * hd);
  ops::attention_forward(q.data(), k.data(), v.data(), att.data(), out.data(), n, heads, hd);
  v[(n - 1) * hd] += 10.0;  // the last position's value must not reach earlier positions
  ops::attention_forward(q.data(), k.data(), v.data(), att.data(), changed.data(), n, heads, hd);
  for (int i = 0; i < (n - 1) * hd; ++i) EXPECT_DOUBLE_EQ(out[i], changed[i]);
  EXPECT_NE(out[(n - 1) * hd], changed[(n - 1) * hd]);
}

TEST(TensorOps, SoftmaxCrossEntropyGradient) {
  // weight 0.25: the gradient is that of the sum scaled by it, as a batch's mean over 4 positions needs.
  Rng rng(6);
  const int n = 3, vocab = 5;
  auto logits = random_vector(n * vocab, rng);
  const std::vector<int> targets = {4, 0, 2};
  std::vector<double> scratch(logits.size()), dlogits(logits.size());
  const auto loss = [&] {
    scratch = logits;
    std::vector<double> unused(logits.size());
    return 0.25 * ops::softmax_cross_entropy_sum(scratch.data(), targets.data(), unused.data(), n, vocab, 0.25);
  };
  scratch = logits;
  const double value = ops::softmax_cross_entropy_sum(scratch.data(), targets.data(), dlogits.data(), n, vocab, 0.25);
  EXPECT_GT(value, 0.0);
  expect_gradient(logits, dlogits, loss);
}

}  // namespace
}  // namespace spak::microgpt
