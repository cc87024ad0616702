#pragma once
// The command-line flags of spak-matmul-cpu: one flag per dimension of the problem and of the tuning space.

#include <string>

#include <CLI/CLI.hpp>

#include "gemm.h"

namespace spak::kernels {

/// Everything one run of spak-matmul-cpu needs: the problem, which variant, its schedule, and how to time it.
struct MatmulOptions {
  GemmShape shape{384, 384, 384};
  std::string variant = "tiled";  ///< "naive" (the triple-loop baseline) or "tiled".
  GemmSchedule schedule;          ///< Used by the tiled variant only; naive ignores it and runs on one thread.
  int reps = 3;                   ///< Timed runs after one warm-up; the best one is reported.
  unsigned seed = 1;              ///< Seeds the random A and B.
};

/// Registers every flag on `app`, writing into `options`. Values outside the tuning space (vec 3, order "xyz",
/// a zero tile, a 10^9-element matrix) are rejected by CLI11 validators during app.parse with a message that
/// names the flag.
void add_matmul_options(CLI::App& app, MatmulOptions& options);

}  // namespace spak::kernels
