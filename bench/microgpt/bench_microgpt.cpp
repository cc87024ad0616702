// bench-microgpt: time per training step of every microGPT implementation (CUDA too where this build has it and
// a GPU is present), on the same documents and initial weights, printed as a table and as __SPAK_TRACE__
// Performance items.
//
//   build/bench-microgpt [--data names.txt] [--steps 333] [--repeats 5]
//
// Each implementation trains a fresh model for --steps steps (the full default run, so the learning-rate
// schedule and document lengths are the real ones) --repeats times; the best repeat's mean µs/step is reported,
// because on a shared machine the slowest repeats measure the neighbours, not the code.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <exception>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "download.h"
#include "run_setup.h"
#include "spak/util/error.h"
#include "trainer.h"

namespace {

using namespace spak::microgpt;

/// One implementation to time.
struct Contender {
  std::string impl;
  Precision precision;
  std::string name;
};

/// Best-of-repeats mean µs per step (wall clock, and CPU time of the training thread, which a busy machine
/// inflates less), and the mean loss of the last 50 steps of that run.
struct Timing {
  double us_per_step;
  double cpu_us_per_step;
  double tail_loss;
};

double thread_cpu_us() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) * 1e-3;
}

Timing time_impl(const Contender& c, const RunSetup& setup, int steps, int repeats) {
  Timing best{1e300, 1e300, 0.0};
  for (int r = 0; r < repeats; ++r) {
    auto trainer = make_trainer(c.impl, c.precision, setup.config, setup.weights, AdamConfig{});
    std::vector<double> losses(static_cast<std::size_t>(steps));
    const double cpu_start = thread_cpu_us();
    const auto start = std::chrono::steady_clock::now();
    trainer->train_steps(setup.tokens, 1, 0, steps, losses);  // the CUDA trainer: one launch
    const std::chrono::duration<double, std::micro> elapsed = std::chrono::steady_clock::now() - start;
    const double cpu_us = thread_cpu_us() - cpu_start;
    const int tail = std::min(50, steps);
    double tail_loss = 0;
    for (int s = steps - tail; s < steps; ++s) tail_loss += losses[static_cast<std::size_t>(s)] / tail;
    best.us_per_step = std::min(best.us_per_step, elapsed.count() / steps);
    best.cpu_us_per_step = std::min(best.cpu_us_per_step, cpu_us / steps);
    best.tail_loss = tail_loss;  // identical in every repeat: same weights, same documents
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"bench-microgpt — µs per training step of each microGPT implementation"};
  std::string data;
  int steps = 333, repeats = 5;
  app.add_option("--data", data, "names file (default: the cached makemore download)")->check(CLI::ExistingFile);
  app.add_option("--steps", steps, "steps per timed run")->check(CLI::Range(1, 1'000'000))->capture_default_str();
  app.add_option("--repeats", repeats, "timed runs per implementation; the best counts")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "bench-microgpt: error: {}\n", e.what());
    return 2;
  }
  try {
    const std::filesystem::path path = data.empty() ? fetch_cached(kNamesUrl, default_cache_dir(), stderr)
                                                              : std::filesystem::path(data);
    const RunSetup setup = prepare_run(load_dataset(path), ModelConfig{}, 42);
    std::vector<Contender> contenders = {{"scalar", Precision::f64, "scalar autograd (f64)"},
                                         {"cpu", Precision::f64, "cpu tensor (f64)"},
                                         {"cpu", Precision::f32, "cpu tensor (f32)"}};
    if (cuda_available()) {
      contenders.push_back({"cuda", Precision::f64, "cuda (f64)"});
      contenders.push_back({"cuda", Precision::f32, "cuda (f32)"});
    }
    fmt::print("{:<24} {:>12} {:>12} {:>10} {:>12}\n", "implementation", "us/step", "cpu us/step", "speedup",
               "loss(last50)");
    double scalar_us = 0;
    for (const Contender& c : contenders) {
      // The scalar reference is ~100x slower; one repeat of it is plenty to be accurate.
      const Timing t = time_impl(c, setup, steps, c.impl == "scalar" ? 1 : repeats);
      if (c.impl == "scalar") scalar_us = t.us_per_step;
      fmt::print("{:<24} {:>12.2f} {:>12.2f} {:>9.1f}x {:>12.4f}\n", c.name, t.us_per_step, t.cpu_us_per_step,
                 scalar_us / t.us_per_step, t.tail_loss);
      fmt::print("__SPAK_TRACE__{}\n",
                 nlohmann::json{{"type", "Performance"},
                                {"step_name", "microgpt " + c.name},
                                {"impl", c.impl},
                                {"precision", c.precision == Precision::f64 ? "f64" : "f32"},
                                {"steps", steps},
                                {"us_per_step", t.us_per_step},
                                {"cpu_us_per_step", t.cpu_us_per_step},
                                {"speedup_vs_scalar", scalar_us / t.us_per_step},
                                {"mean_loss_last50", t.tail_loss}}
                     .dump());
    }
    return 0;
  } catch (const spak::Error& e) {
    fmt::print(stderr, "bench-microgpt: error: {}\n", e.what());
    return 1;
  }
}
