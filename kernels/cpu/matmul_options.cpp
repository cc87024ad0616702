// Flag definitions and their validators; the ranges here are the tuning space the kernel accepts.

#include "matmul_options.h"

namespace spak::kernels {
namespace {

// Sizes up to 8192 keep the three matrices (and the check's reference) within 1 GiB of memory.
constexpr int kMaxDim = 8192;

}  // namespace

void add_matmul_options(CLI::App& app, MatmulOptions& options) {
  app.add_option("--m", options.shape.m, "rows of A and C")->check(CLI::Range(1, kMaxDim))->capture_default_str();
  app.add_option("--n", options.shape.n, "columns of B and C")->check(CLI::Range(1, kMaxDim))->capture_default_str();
  app.add_option("--k", options.shape.k, "columns of A, rows of B")
      ->check(CLI::Range(1, kMaxDim))
      ->capture_default_str();
  app.add_option("--variant", options.variant, "naive (plain triple loop, the baseline) or tiled")
      ->check(CLI::IsMember({"naive", "tiled"}))
      ->capture_default_str();

  GemmSchedule& s = options.schedule;
  app.add_option("--tile-m", s.tile_m, "rows of a C tile (cache block)")
      ->check(CLI::Range(1, kMaxDim))
      ->capture_default_str();
  app.add_option("--tile-n", s.tile_n, "columns of a C tile")->check(CLI::Range(1, kMaxDim))->capture_default_str();
  app.add_option("--tile-k", s.tile_k, "depth of one A/B panel step")
      ->check(CLI::Range(1, kMaxDim))
      ->capture_default_str();
  app.add_option_function<std::string>(
         "--order",
         [&s](const std::string& text) {
           // The validator below has already accepted the text, so the parse cannot fail here.
           s.order = *parse_loop_order(text);
         },
         "order of the micro loops, outermost first [default: ikj]")
      ->check(CLI::IsMember({"ijk", "ikj", "jik", "jki", "kij", "kji"}));
  app.add_option("--unroll", s.unroll, "innermost-loop unroll factor")
      ->check(CLI::IsMember({1, 2, 4, 8}))
      ->capture_default_str();
  app.add_option("--vec", s.vec, "float lanes per vector along j")
      ->check(CLI::IsMember({1, 4, 8}))
      ->capture_default_str();
  app.add_option("--threads", s.threads, "worker threads (std::thread)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();

  app.add_option("--reps", options.reps, "timed runs after one warm-up (best is reported)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  app.add_option("--seed", options.seed, "seed of the random inputs")->capture_default_str();
}

}  // namespace spak::kernels
