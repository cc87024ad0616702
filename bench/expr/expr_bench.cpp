// Measures parsing once versus evaluating many times, on constraints of the shape the tuner checks.
//   cmake --build BUILD --target expr_bench && BUILD/bench/expr/expr_bench

#include <benchmark/benchmark.h>

#include "spak/expr/expr.h"

namespace {

using spak::expr::Context;
using spak::expr::Expression;

constexpr const char* kConstraint = "tile_m * tile_n <= 16384 and tile_k % 8 == 0 and threads in [1, 2, 4, 8]";
constexpr const char* kRuleWhen = "device == 'H100' and causal and head_dim >= 64";

void BM_Parse(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Expression::parse(kConstraint));
}
BENCHMARK(BM_Parse);

// One evaluation per configuration, with the context updated in place as the tuner does.
void BM_EvaluateConstraint(benchmark::State& state) {
  Expression e = Expression::parse(kConstraint);
  Context c;
  c.set("tile_k", 32);
  c.set("threads", 4);
  std::int64_t m = 16;
  for (auto _ : state) {
    m = m == 256 ? 16 : m * 2;
    c.set("tile_m", m);
    c.set("tile_n", 64);
    benchmark::DoNotOptimize(e.test(c));
  }
}
BENCHMARK(BM_EvaluateConstraint);

void BM_EvaluateStringCompare(benchmark::State& state) {
  Expression e = Expression::parse(kRuleWhen);
  Context c;
  c.set("device", "H100");
  c.set("causal", true);
  c.set("head_dim", 128);
  for (auto _ : state) benchmark::DoNotOptimize(e.test(c));
}
BENCHMARK(BM_EvaluateStringCompare);

void BM_EvaluateArithmetic(benchmark::State& state) {
  Expression e = Expression::parse("(m // tile_m) * (n // tile_n) >= 2 * sms");
  Context c;
  c.set("m", 4096);
  c.set("n", 4096);
  c.set("tile_m", 128);
  c.set("tile_n", 128);
  c.set("sms", 132);
  for (auto _ : state) benchmark::DoNotOptimize(e.test(c));
}
BENCHMARK(BM_EvaluateArithmetic);

}  // namespace
