// spak-microgpt: trains the microGPT model one name per step with a chosen implementation, prints the loss and
// time of each step, __SPAK_TRACE__ items, and sampled names (docs/microgpt.md).
//
//   spak-microgpt --impl cpu --steps 333 --sample 20          # downloads the names file on first use
//   spak-microgpt --data names.txt --impl scalar --steps 50 --double
//   spak-microgpt --data names.txt --impl cuda --n-embd 128 --n-layer 4 --batch 32
//
// Exit status: 0 done, 1 a run-time failure (unreadable data, failed download, --check failed), 2 bad flags.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <numeric>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "download.h"
#include "run_setup.h"
#include "sampling.h"
#include "spak/util/error.h"
#include "spak/util/file_io.h"
#include "trainer.h"

namespace {

using namespace spak::microgpt;

/// The command line.
struct Options {
  std::string data;  // empty: download
  std::string data_url = kNamesUrl;
  std::string cache_dir;  // empty: default_cache_dir()
  std::string impl = "cpu";
  int steps = 333;
  std::uint64_t seed = 42;
  int sample = 20;
  double temperature = 0.5;
  std::string precision = "f32";
  int log_every = 1;
  int batch = 1;
  int chunk = 0;  // 0: all steps at once for cuda, 1 otherwise
  std::string export_setup;
  bool check = false;
  CudaOptions cuda;
  ModelConfig sizes;
};

void print_trace(const nlohmann::json& item) { fmt::print("__SPAK_TRACE__{}\n", item.dump()); }

/// The run's sizes, initial weights and the documents of its steps in order, for a peer implementation
/// (bench/microgpt_torch.py) to train the same model on the same data from the same start.
void export_setup(const std::filesystem::path& path, const RunSetup& setup, const Options& o) {
  nlohmann::json docs = nlohmann::json::array();
  for (int step = 0; step < o.steps; ++step) {
    const Batch batch = Batch::of_step(setup.tokens, step, o.batch);
    for (int d = 0; d < batch.size; ++d) docs.push_back(std::vector<int>(batch[d].begin(), batch[d].end()));
  }
  const nlohmann::json json{{"vocab_size", setup.config.vocab_size}, {"n_embd", setup.config.n_embd},
                            {"n_head", setup.config.n_head},         {"n_layer", setup.config.n_layer},
                            {"block_size", setup.config.block_size}, {"batch", o.batch},
                            {"steps", o.steps},                      {"seed", o.seed},
                            {"weights", setup.weights},              {"docs", docs}};
  spak::write_file_atomic(path, json.dump());
}

/// The first steps of `impl` against the CPU tensor trainer in double from the same start: a Correctness trace
/// item (what `spak tune` requires of a trial), passed when every loss is within the precision's tolerance.
bool check_against_reference(const Options& o, const RunSetup& setup, Precision precision) {
  const int steps = std::min(3, o.steps);
  std::vector<double> got(static_cast<std::size_t>(steps)), want(got.size());
  make_trainer(o.impl, precision, setup.config, setup.weights, AdamConfig{}, o.cuda)
      ->train_steps(setup.tokens, o.batch, 0, o.steps, got);
  make_trainer("cpu", Precision::f64, setup.config, setup.weights, AdamConfig{})
      ->train_steps(setup.tokens, o.batch, 0, o.steps, want);
  double worst = 0;
  for (std::size_t i = 0; i < got.size(); ++i) worst = std::max(worst, std::fabs(got[i] - want[i]) / std::fabs(want[i]));
  const double tolerance = precision == Precision::f64 || o.impl == "scalar" ? 1e-9 : 1e-4;
  const bool passed = worst <= tolerance && std::isfinite(worst);
  print_trace({{"type", "Correctness"}, {"impl", o.impl}, {"reference", "cpu f64"}, {"steps", steps},
               {"passed", passed}, {"rel_error", worst}, {"tolerance", tolerance}});
  fmt::print("check: first {} steps against cpu f64, worst relative difference {:.3g} ({})\n", steps, worst,
             passed ? "passed" : "FAILED");
  return passed;
}

int run(const Options& o) {
  std::filesystem::path data_path = o.data;
  if (data_path.empty()) {
    const std::filesystem::path cache = o.cache_dir.empty() ? default_cache_dir() : std::filesystem::path(o.cache_dir);
    data_path = fetch_cached(o.data_url, cache, stderr);
  }
  RunSetup setup = prepare_run(load_dataset(data_path), o.sizes, o.seed);
  const Precision precision = o.precision == "f64" ? Precision::f64 : Precision::f32;
  const std::string precision_name = o.impl == "scalar" ? "f64" : o.precision;
  if (!o.export_setup.empty()) export_setup(o.export_setup, setup, o);
  if (o.check && !check_against_reference(o, setup, precision)) return 1;
  auto trainer = make_trainer(o.impl, precision, setup.config, setup.weights, AdamConfig{}, o.cuda);
  fmt::print("num docs: {} | vocab size: {} | params: {} | impl: {} ({}) | batch: {}\n", setup.data.docs.size(),
             setup.config.vocab_size, setup.weights.size(), o.impl, precision_name, o.batch);

  // Steps go to the trainer in chunks (the CUDA trainer runs a chunk in one launch); a step's time is its
  // chunk's mean.
  const int chunk = o.chunk > 0 ? o.chunk : (o.impl == "cuda" ? o.steps : 1);
  std::vector<double> losses(static_cast<std::size_t>(o.steps));
  double total_us = 0.0;
  for (int first = 0; first < o.steps; first += chunk) {
    const int count = std::min(chunk, o.steps - first);
    const auto start = std::chrono::steady_clock::now();
    trainer->train_steps(setup.tokens, o.batch, first, o.steps,
                         std::span(losses).subspan(static_cast<std::size_t>(first), static_cast<std::size_t>(count)));
    const std::chrono::duration<double, std::micro> elapsed = std::chrono::steady_clock::now() - start;
    total_us += elapsed.count();
    const double step_us = elapsed.count() / count;
    for (int step = first; step < first + count; ++step) {
      if (o.log_every > 0 && ((step + 1) % o.log_every == 0 || step + 1 == o.steps)) {
        const double loss = losses[static_cast<std::size_t>(step)];
        fmt::print("step {:4d} / {:4d} | loss {:.4f} | {:.1f} us\n", step + 1, o.steps, loss, step_us);
        print_trace({{"type", "Loss"}, {"step", step + 1}, {"loss", loss}, {"us", step_us}});
      }
    }
  }

  const std::size_t tail = std::min<std::size_t>(50, losses.size());
  const double tail_mean =
      std::accumulate(losses.end() - static_cast<long>(tail), losses.end(), 0.0) / static_cast<double>(tail);
  print_trace({{"type", "Performance"},
               {"step_name", fmt::format("microgpt {} {}", o.impl, precision_name)},
               {"impl", o.impl},
               {"precision", precision_name},
               {"steps", o.steps},
               {"batch", o.batch},
               {"n_embd", setup.config.n_embd},
               {"n_layer", setup.config.n_layer},
               {"us_per_step", total_us / o.steps},
               {"total_ms", total_us / 1000.0},
               {"final_loss", losses.back()},
               {"mean_loss_last50", tail_mean}});
  fmt::print("mean {:.2f} us/step over {} steps | mean loss of the last {} steps {:.4f}\n", total_us / o.steps,
             o.steps, tail, tail_mean);

  const auto names = sample_names(*trainer, setup.data, setup.config.block_size, o.sample, o.temperature, setup.rng);
  for (std::size_t i = 0; i < names.size(); ++i) fmt::print("sample {:2d}: {}\n", i + 1, names[i]);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"spak-microgpt — the microGPT character model trained one name per step, by a scalar-autograd "
               "reference, a CPU tensor trainer or a CUDA trainer"};
  Options o;
  app.add_option("--data", o.data, "names file, one name per line (default: download the makemore names file)")
      ->check(CLI::ExistingFile);
  app.add_option("--data-url", o.data_url, "where to download the names file from when --data is not given")
      ->capture_default_str();
  app.add_option("--cache-dir", o.cache_dir, "download cache (default: $XDG_CACHE_HOME/spak or ~/.cache/spak)");
  app.add_option("--impl", o.impl, "scalar (autograd reference, double), cpu (tensor trainer) or cuda")
      ->check(CLI::IsMember({"scalar", "cpu", "cuda"}))
      ->capture_default_str();
  app.add_option("--steps", o.steps, "training steps, one document each")
      ->check(CLI::Range(1, 10'000'000))
      ->capture_default_str();
  app.add_option("--seed", o.seed, "seed of the document order, the initial weights and sampling")->capture_default_str();
  app.add_option("--sample", o.sample, "names to sample after training")
      ->check(CLI::Range(0, 100'000))
      ->capture_default_str();
  app.add_option("--temperature", o.temperature, "sampling temperature")
      ->check(CLI::Range(1e-3, 100.0))
      ->capture_default_str();
  app.add_option("--precision", o.precision, "f32 or f64 (parity checks) for the cpu and cuda trainers; scalar is f64")
      ->check(CLI::IsMember({"f32", "f64"}))
      ->capture_default_str();
  app.add_flag_callback("--double", [&o] { o.precision = "f64"; }, "same as --precision f64");
  app.add_option("--log-every", o.log_every, "print a step line and a Loss trace item every N steps (0: none)")
      ->check(CLI::Range(0, 10'000'000))
      ->capture_default_str();
  app.add_option("--batch", o.batch, "documents per step (the loss is the mean over all their positions)")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  app.add_option("--chunk", o.chunk, "steps handed to the trainer at once (cuda: one launch); default all for cuda, 1 "
                 "otherwise")
      ->check(CLI::Range(1, 10'000'000));
  app.add_option("--cuda-threads", o.cuda.threads, "CUDA trainer: threads per block")
      ->check(CLI::IsMember({32, 64, 128, 256, 512}))
      ->capture_default_str();
  app.add_option("--cuda-grid", o.cuda.grid, "CUDA trainer: one (a persistent block), batch (a block per document) "
                 "or auto")
      ->check(CLI::IsMember({"auto", "one", "batch"}))
      ->capture_default_str();
  app.add_flag("--check", o.check, "first compare 3 steps with the CPU trainer in double (a Correctness trace item; "
               "exit 1 when they differ)");
  app.add_option("--export-setup", o.export_setup, "write sizes, initial weights and the documents of every step as "
                 "JSON (for bench/microgpt_torch.py)");
  app.add_option("--n-embd", o.sizes.n_embd, "embedding width")->check(CLI::Range(1, 4096))->capture_default_str();
  app.add_option("--n-head", o.sizes.n_head, "attention heads (must divide n-embd)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--n-layer", o.sizes.n_layer, "transformer blocks")->check(CLI::Range(1, 64))->capture_default_str();
  app.add_option("--block-size", o.sizes.block_size, "context length")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "spak-microgpt: error: {}\nRun with --help for the flags.\n", e.what());
    return 2;
  }
  try {
    return run(o);
  } catch (const spak::Error& e) {
    fmt::print(stderr, "spak-microgpt: error: {}\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "spak-microgpt: internal error: {}\n", e.what());
    return 3;
  }
}
