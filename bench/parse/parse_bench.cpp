// Parse throughput of the DSL front end on a large generated file (tests/dsl/generator.h: realistic sections,
// comments, suites, multi-line lists, CRLF-free). Run: build/bench/parse/bench_parse
// The "bytes_per_second" column is the number to compare with the goal (>= 50 MB/s for parse + lower).

#include <benchmark/benchmark.h>

#include "generator.h"
#include "spak/dsl/format.h"
#include "spak/dsl/lexer.h"
#include "spak/dsl/load.h"
#include "spak/dsl/parser.h"

namespace {

const std::string& input() {
  static const std::string text = spak::dsl::testing::Generator(42).large(32u << 20);
  return text;
}

void BM_Lex(benchmark::State& state) {
  for (auto _ : state) {
    std::vector<spak::dsl::Diagnostic> diagnostics;
    benchmark::DoNotOptimize(spak::dsl::lex(input(), diagnostics));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input().size()));
}

void BM_Parse(benchmark::State& state) {
  for (auto _ : state) {
    std::vector<spak::dsl::Diagnostic> diagnostics;
    benchmark::DoNotOptimize(spak::dsl::parse(input(), diagnostics));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input().size()));
}

void BM_ParseAndLower(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(spak::dsl::load_string(input(), "bench.dsl"));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input().size()));
}

void BM_Format(benchmark::State& state) {
  std::vector<spak::dsl::Diagnostic> diagnostics;
  const spak::dsl::SyntaxTree tree = spak::dsl::parse(input(), diagnostics);
  for (auto _ : state) benchmark::DoNotOptimize(spak::dsl::format(tree));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input().size()));
}

BENCHMARK(BM_Lex)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Parse)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_ParseAndLower)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Format)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
