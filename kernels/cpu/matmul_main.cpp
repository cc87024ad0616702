// spak-matmul-cpu: runs one GEMM configuration, checks it against a double-precision reference, and reports
// both as __SPAK_TRACE__ lines (docs: kernels/cpu/README.md).
//
//   spak-matmul-cpu --m 384 --n 384 --k 384 --tile-m 64 --tile-n 256 --tile-k 128 --order ikj --vec 8 --threads 2
//
// Exit status: 0 when the result is correct, 1 when the check fails, 2 for bad flags.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <limits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "gemm.h"
#include "gemm_check.h"
#include "matmul_options.h"

namespace {

using spak::kernels::MatmulOptions;

void print_trace(const nlohmann::json& item) { fmt::print("__SPAK_TRACE__{}\n", item.dump()); }

void run_once(const MatmulOptions& o, const float* a, const float* b, float* c) {
  if (o.variant == "naive") {
    spak::kernels::gemm_naive(o.shape, a, b, c);
  } else {
    spak::kernels::gemm_tiled(o.shape, o.schedule, a, b, c);
  }
}

int run(const MatmulOptions& o) {
  const auto& s = o.shape;
  const std::vector<float> a = spak::kernels::random_matrix(static_cast<long>(s.m) * s.k, o.seed);
  const std::vector<float> b = spak::kernels::random_matrix(static_cast<long>(s.k) * s.n, o.seed + 1);
  // C starts as NaN so an element the kernel never writes cannot pass the check.
  std::vector<float> c(static_cast<std::size_t>(s.m) * s.n, std::numeric_limits<float>::quiet_NaN());

  run_once(o, a.data(), b.data(), c.data());  // warm-up: caches, page faults, thread start-up paths
  double best_ms = std::numeric_limits<double>::infinity();
  for (int r = 0; r < o.reps; ++r) {
    const auto start = std::chrono::steady_clock::now();
    run_once(o, a.data(), b.data(), c.data());
    const std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
    best_ms = std::min(best_ms, elapsed.count());
  }

  const auto check = spak::kernels::check_gemm(s, a.data(), b.data(), c.data());
  const std::string step = fmt::format("sgemm {}x{}x{} {}", s.m, s.n, s.k, o.variant);
  const int threads = o.variant == "naive" ? 1 : o.schedule.threads;
  const double gflops = 2.0 * s.m * s.n * s.k / (best_ms * 1e6);
  print_trace({{"type", "Correctness"},
               {"step_name", step},
               {"passed", check.passed},
               {"max_rel_error", check.max_rel_error},
               {"tolerance", check.tolerance}});
  print_trace({{"type", "Performance"},
               {"step_name", step},
               {"gflops", gflops},
               {"ms", best_ms},
               {"m", s.m},
               {"n", s.n},
               {"k", s.k},
               {"threads", threads}});
  fmt::print("{}: {:.2f} GFLOP/s, best of {} in {:.3f} ms, max rel error {:.3g} (tolerance {:g}) {}\n", step,
             gflops, o.reps, best_ms, check.max_rel_error, check.tolerance, check.passed ? "ok" : "FAILED");
  return check.passed ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"spak-matmul-cpu — a tunable single-precision GEMM C = A·B that checks itself and prints "
               "__SPAK_TRACE__ lines"};
  MatmulOptions options;
  spak::kernels::add_matmul_options(app, options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "spak-matmul-cpu: error: {}\nRun with --help for the flags and their ranges.\n", e.what());
    return 2;
  }
  try {
    return run(options);
  } catch (const std::exception& e) {
    fmt::print(stderr, "spak-matmul-cpu: error: {}\n", e.what());
    return 2;
  }
}
