// The scalar autograd engine: each operation's derivative, shared subexpressions, and truncation.

#include "value.h"

#include <cmath>
#include <functional>

#include <gtest/gtest.h>

namespace spak::microgpt {
namespace {

// d f / d x at x0, by the engine and by a central difference.
void expect_derivative(const std::function<Value(Value)>& f, double x0) {
  Graph g;
  const Value x = g.leaf(x0);
  g.backward(f(x));
  const double h = 1e-6;
  Graph gp, gm;
  const double numeric = (f(gp.leaf(x0 + h)).data() - f(gm.leaf(x0 - h)).data()) / (2 * h);
  EXPECT_NEAR(x.grad(), numeric, 1e-6 * std::max(1.0, std::fabs(numeric))) << "at x = " << x0;
}

TEST(Value, EachOperationHasTheRightDerivative) {
  expect_derivative([](Value x) { return x + x; }, 0.7);
  expect_derivative([](Value x) { return x * x * x; }, -1.3);
  expect_derivative([](Value x) { return pow(x, -0.5); }, 2.5);
  expect_derivative([](Value x) { return log(x); }, 0.3);
  expect_derivative([](Value x) { return exp(x); }, 1.1);
  expect_derivative([](Value x) { return relu(x) * x; }, 0.9);
  expect_derivative([](Value x) { return relu(x) + x; }, -0.9);
  expect_derivative([](Value x) { return (x - 2.0) / (x * 3.0 + 1.0); }, 0.4);
  expect_derivative([](Value x) { return -x * 4.0 + 2.0 * x; }, 0.4);
}

TEST(Value, SharedSubexpressionsAccumulate) {
  Graph g;
  const Value x = g.leaf(3.0);
  const Value y = x * x;       // used twice below
  const Value z = y * y + y;   // x^4 + x^2 → 4x^3 + 2x
  g.backward(z);
  EXPECT_DOUBLE_EQ(z.data(), 81.0 + 9.0);
  EXPECT_DOUBLE_EQ(x.grad(), 4 * 27.0 + 6.0);
}

TEST(Value, TruncateDropsTheStepGraphAndKeepsLeaves) {
  Graph g;
  const Value w = g.leaf(2.0);
  const int params = g.size();
  g.backward(w * w + w);
  EXPECT_GT(g.size(), params);
  g.truncate(params);
  EXPECT_EQ(g.size(), params);
  EXPECT_DOUBLE_EQ(w.data(), 2.0);
  EXPECT_DOUBLE_EQ(w.grad(), 5.0);
}

TEST(Value, DeepChainsDoNotOverflowTheStack) {
  Graph g;
  const Value x = g.leaf(1.0);
  Value sum = x;
  for (int i = 0; i < 200000; ++i) sum = sum + x;
  g.backward(sum);
  EXPECT_DOUBLE_EQ(x.grad(), 200001.0);
}

}  // namespace
}  // namespace spak::microgpt
