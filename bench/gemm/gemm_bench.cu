// gemm_bench — runs steps of the GEMM ladder (kernels/cuda/gemm) and cuBLASLt on the same data in one process.
//
// For every shape: random inputs; cuBLASLt's output (spot-checked against an fp64 CPU product) is the
// reference; each selected instantiation's output (poisoned with NaN first) is compared with it
// (max |ours - ref| / max |ref| <= tolerance) before it is timed; then both are timed with CUDA events,
// L2 flushed (256 MiB memset) before every repetition, in interleaved pairs (cuBLAS, ours, cuBLAS, ours, ...)
// so that clock and power drift hits both alike; the ratio is the median of the per-pair ratios, the times
// the medians of each side. Prints a table,
// `__SPAK_TRACE__` Performance and Correctness items, and optionally a result JSON.
//
// Exit status: 0 all checks passed, 1 a check failed, 2 bad usage or CUDA error, 77 no CUDA device (skip).
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/gemm/compare.h"
#include "bench/gemm/cublas_ref.h"
#include "kernels/cuda/gemm/gemm.h"

namespace spak::gemm {
namespace {

/// A usage error: printed as `gemm_bench: error: ...`, exit status 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void cuda_check(cudaError_t e, const std::string& what) {
  if (e != cudaSuccess) throw std::runtime_error(what + ": " + cudaGetErrorString(e));
}

struct Shape {
  int m, n, k;
  std::string str() const { return std::to_string(m) + "x" + std::to_string(n) + "x" + std::to_string(k); }
};

const std::vector<Shape> kIssueShapes = {{4096, 4096, 4096}, {8192, 8192, 8192}, {2048, 2048, 2048},
                                         {4096, 4096, 1024}, {3000, 3000, 3000}, {16384, 1024, 4096}};

/// Command-line options.
struct Options {
  bool list = false;
  std::string steps = "8";
  std::string config = "default";
  int bm = 0, bn = 0, bk = 0, stages = 0, cluster = 0;  // 0 = any
  int epilogue = -1;                                    // -1 = any
  DType dtype = DType::bf16;
  std::vector<Shape> shapes = {{4096, 4096, 4096}};
  int raster = 8, sms = 0;
  int reps = 50, warmup = 5;
  double budget_s = 3.0;  // per timed case: fewer repetitions for slow steps
  bool flush = true;
  double tolerance = 1e-2;
  std::string json, commit = "unknown", command;
  uint64_t seed = 1;
};

const char* kUsage = R"(usage: gemm_bench [options]
  --list                      print the ladder and every built instantiation, then exit
  --step S[,S...]|all         steps by number (8) or name (warp_specialized); default 8
  --config NAME[,NAME...]|default|all
                              instantiations by name, the step's default, or all; default: default
  --bm N --bn N --bk N --stages N --cluster N --epilogue 0|1|2|3
                              select the instantiations with these parameters (implies --config all);
                              epilogue 0 stores from registers, 1 through shared memory and TMA,
                              2, 3 likewise through a 1/2- or 1/3-size buffer in two or three rounds
  --dtype bf16|f16            element type of A, B, C (default bf16)
  --shape MxNxK[,MxNxK...]    problem sizes (default 4096x4096x4096)
  --shapes issue              the six shapes of issue 6
  --raster G                  tile-order group width in blocks, 0 = row order (default 8)
  --sms N                     persistent grid size for step 8 (default: all multiprocessors)
  --reps N --warmup N         timed (cuBLAS, ours) pairs, interleaved (medians), and warm-up runs (default 50, 5)
  --budget SECONDS            time limit per timed case; slow steps get fewer repetitions (default 3)
  --no-flush                  do not flush L2 between repetitions
  --tolerance T               max |ours - cuBLAS| / max |cuBLAS| to pass (default 1e-2)
  --json PATH                 write the result JSON {device, date, commit, command, cases: [...]}
  --commit SHA                commit recorded in the JSON
  --seed N                    random input seed (default 1)
)";

int parse_int(const std::string& flag, const std::string& v) {
  char* end = nullptr;
  const long x = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || x < 0 || x > (1L << 30)) throw UsageError(flag + " expects a non-negative integer, got '" + v + "'");
  return int(x);
}

double parse_double(const std::string& flag, const std::string& v) {
  char* end = nullptr;
  const double x = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0' || !(x >= 0)) throw UsageError(flag + " expects a non-negative number, got '" + v + "'");
  return x;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string part; std::getline(in, part, sep);)
    if (!part.empty()) out.push_back(part);
  return out;
}

Shape parse_shape(const std::string& s) {
  const auto parts = split(s, 'x');
  if (parts.size() != 3) throw UsageError("--shape expects MxNxK, got '" + s + "'");
  Shape sh{parse_int("--shape", parts[0]), parse_int("--shape", parts[1]), parse_int("--shape", parts[2])};
  if (sh.m == 0 || sh.n == 0 || sh.k == 0) throw UsageError("--shape sizes must be positive, got '" + s + "'");
  return sh;
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 0; i < argc; ++i) {
    if (i) o.command += ' ';
    o.command += argv[i];
  }
  bool filtered = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw UsageError(a + " needs a value");
      return argv[++i];
    };
    if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    } else if (a == "--list") o.list = true;
    else if (a == "--step") o.steps = value();
    else if (a == "--config") o.config = value();
    else if (a == "--bm") o.bm = parse_int(a, value()), filtered = true;
    else if (a == "--bn") o.bn = parse_int(a, value()), filtered = true;
    else if (a == "--bk") o.bk = parse_int(a, value()), filtered = true;
    else if (a == "--stages") o.stages = parse_int(a, value()), filtered = true;
    else if (a == "--cluster") o.cluster = parse_int(a, value()), filtered = true;
    else if (a == "--epilogue") o.epilogue = parse_int(a, value()), filtered = true;
    else if (a == "--dtype") {
      const std::string v = value();
      if (v == "bf16") o.dtype = DType::bf16;
      else if (v == "f16" || v == "fp16") o.dtype = DType::f16;
      else throw UsageError("--dtype expects bf16 or f16, got '" + v + "'");
    } else if (a == "--shape") {
      o.shapes.clear();
      for (const auto& s : split(value(), ',')) o.shapes.push_back(parse_shape(s));
    } else if (a == "--shapes") {
      if (value() != "issue") throw UsageError("--shapes knows only 'issue'");
      o.shapes = kIssueShapes;
    } else if (a == "--raster") o.raster = parse_int(a, value());
    else if (a == "--sms") o.sms = parse_int(a, value());
    else if (a == "--reps") o.reps = std::max(1, parse_int(a, value()));
    else if (a == "--warmup") o.warmup = parse_int(a, value());
    else if (a == "--budget") o.budget_s = parse_double(a, value());
    else if (a == "--no-flush") o.flush = false;
    else if (a == "--tolerance") o.tolerance = parse_double(a, value());
    else if (a == "--json") o.json = value();
    else if (a == "--commit") o.commit = value();
    else if (a == "--seed") o.seed = uint64_t(parse_int(a, value()));
    else throw UsageError("unknown option '" + a + "' (see --help)");
  }
  if (filtered && o.config == "default") o.config = "all";
  return o;
}

/// One (step, instantiation) the run will measure.
struct Selected {
  const Step* step;
  const Variant* variant;
};

std::string step_label(const Step& s) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%02d_%s", s.number, s.name.c_str());
  return buf;
}

std::vector<Selected> select(const Options& o) {
  std::vector<const Step*> steps;
  for (const auto& want : split(o.steps, ',')) {
    bool found = false;
    for (const auto& s : ladder())
      if (want == "all" || want == s.name || want == std::to_string(s.number) || want == step_label(s)) {
        steps.push_back(&s);
        found = true;
      }
    if (!found) throw UsageError("no ladder step '" + want + "' (see --list)");
  }
  const auto listed = split(o.config, ',');
  const std::set<std::string> names(listed.begin(), listed.end());
  std::set<std::string> unmatched = names;  // a misspelt name is an error, not a silently smaller run
  std::vector<Selected> out;
  for (const Step* s : steps) {
    std::vector<Selected> mine;
    for (const auto& v : s->variants) {
      const Config& c = v.config;
      if (c.dtype != o.dtype) continue;
      if ((o.bm && c.bm != o.bm) || (o.bn && c.bn != o.bn) || (o.bk && c.bk != o.bk) ||
          (o.stages && c.stages != o.stages) || (o.cluster && c.cluster != o.cluster) ||
          (o.epilogue >= 0 && c.epilogue != o.epilogue))
        continue;
      if (o.config != "all" && o.config != "default" && !names.count(c.name())) continue;
      mine.push_back({s, &v});
      unmatched.erase(c.name());
      if (o.config == "default") break;
    }
    if (mine.empty()) {
      std::string built;
      for (const auto& v : s->variants) built += "\n  " + v.config.name();
      throw UsageError("step " + step_label(*s) + " has no instantiation matching the requested configuration; built:" + built);
    }
    out.insert(out.end(), mine.begin(), mine.end());
  }
  if (o.config != "all" && o.config != "default" && !unmatched.empty())
    throw UsageError("--config: no selected step has an instantiation named '" + *unmatched.begin() + "' (see --list)");
  return out;
}

void print_list() {
  for (const auto& s : ladder()) {
    std::printf("%s  %s\n", step_label(s).c_str(), s.adds.c_str());
    for (const auto& v : s.variants) std::printf("    %s\n", v.config.name().c_str());
  }
}

/// Device buffers for one shape: inputs, reference and output.
struct Buffers {
  void *a = nullptr, *b = nullptr, *ref = nullptr, *out = nullptr;
  ~Buffers() {
    cudaFree(a);
    cudaFree(b);
    cudaFree(ref);
    cudaFree(out);
  }
};

/// Medians of interleaved repetitions of ours and the reference, and the median of their per-pair ratio.
struct PairTiming {
  double ours_ms = 0, ref_ms = 0, ratio = 0;  // ratio = reference time / our time (> 1: ours is faster)
  int pairs = 0;
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

/// Times functions with CUDA events, L2 flushed before each repetition when `flush` is given.
class Timer {
 public:
  Timer(const Options& o, cudaStream_t stream) : o_(o), stream_(stream) {
    if (o.flush) cuda_check(cudaMalloc(&flush_, kFlushBytes), "allocating the L2 flush buffer");
  }
  ~Timer() { cudaFree(flush_); }

  double median_ms(const std::function<cudaError_t()>& fn) {
    const double once = time_once(fn);
    const double budget_ms = o_.budget_s * 1000.0;
    const int warmup = std::min<int>(o_.warmup, int(budget_ms / 4 / std::max(once, 1e-3)));
    for (int i = 0; i < warmup; ++i) cuda_check(fn(), "warm-up launch");
    const int reps = std::clamp(int(budget_ms / std::max(once, 1e-3)), 3, o_.reps);
    std::vector<double> t(reps);
    for (auto& x : t) x = time_once(fn);
    return median(t);
  }

  /// A/B/A/B: the reference, then ours, repeated; the power-limited clock then moves both sides of a pair alike.
  PairTiming interleaved(const std::function<cudaError_t()>& ours, const std::function<cudaError_t()>& ref) {
    const double once = time_once(ours) + time_once(ref);
    const double budget_ms = o_.budget_s * 1000.0;
    const int warmup = std::min<int>(o_.warmup, int(budget_ms / 4 / std::max(once, 1e-3)));
    for (int i = 0; i < warmup; ++i) {
      cuda_check(ref(), "warm-up launch");
      cuda_check(ours(), "warm-up launch");
    }
    const int pairs = std::clamp(int(budget_ms / std::max(once, 1e-3)), 3, o_.reps);
    std::vector<double> t_ours(pairs), t_ref(pairs), ratio(pairs);
    for (int i = 0; i < pairs; ++i) {
      t_ref[i] = time_once(ref);
      t_ours[i] = time_once(ours);
      ratio[i] = t_ref[i] / t_ours[i];
    }
    return {median(t_ours), median(t_ref), median(ratio), pairs};
  }

 private:
  double time_once(const std::function<cudaError_t()>& fn) {
    cudaEvent_t start, stop;
    cuda_check(cudaEventCreate(&start), "cudaEventCreate");
    cuda_check(cudaEventCreate(&stop), "cudaEventCreate");
    if (flush_) cuda_check(cudaMemsetAsync(flush_, 0, kFlushBytes, stream_), "L2 flush");
    cuda_check(cudaEventRecord(start, stream_), "cudaEventRecord");
    cuda_check(fn(), "timed launch");
    cuda_check(cudaEventRecord(stop, stream_), "cudaEventRecord");
    cuda_check(cudaEventSynchronize(stop), "kernel execution");
    float ms = 0;
    cuda_check(cudaEventElapsedTime(&ms, start, stop), "cudaEventElapsedTime");
    cudaEventDestroy(start);
    cudaEventDestroy(stop);
    return ms;
  }

  static constexpr size_t kFlushBytes = size_t(256) << 20;  // 5x the H100's 50 MB L2
  const Options& o_;
  cudaStream_t stream_;
  void* flush_ = nullptr;
};

float host_to_float(uint16_t bits, DType dtype) {
  if (dtype == DType::bf16) {
    const uint32_t u = uint32_t(bits) << 16;
    float f;
    std::memcpy(&f, &u, sizeof f);
    return f;
  }
  __half_raw raw;
  raw.x = bits;
  return __half2float(__half(raw));
}

/// Checks cuBLAS's output at sampled elements against an fp64 product on the CPU: proves the layout mapping.
double spot_check_reference(const Shape& sh, DType dtype, const Buffers& buf, uint64_t seed) {
  std::vector<uint16_t> arow(sh.k), brow(sh.k);
  double max_diff = 0, max_ref = 0;
  uint64_t x = seed * 2654435761u + 12345;
  for (int s = 0; s < 32; ++s) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    const int i = int((x >> 33) % uint64_t(sh.m)), j = int((x >> 13) % uint64_t(sh.n));
    cuda_check(cudaMemcpy(arow.data(), static_cast<const uint16_t*>(buf.a) + size_t(i) * sh.k, sh.k * 2, cudaMemcpyDeviceToHost), "copy A row");
    cuda_check(cudaMemcpy(brow.data(), static_cast<const uint16_t*>(buf.b) + size_t(j) * sh.k, sh.k * 2, cudaMemcpyDeviceToHost), "copy B row");
    uint16_t c = 0;
    cuda_check(cudaMemcpy(&c, static_cast<const uint16_t*>(buf.ref) + size_t(i) * sh.n + j, 2, cudaMemcpyDeviceToHost), "copy C element");
    double ref = 0;
    for (int k = 0; k < sh.k; ++k) ref += double(host_to_float(arow[k], dtype)) * double(host_to_float(brow[k], dtype));
    max_diff = std::max(max_diff, std::abs(double(host_to_float(c, dtype)) - ref));
    max_ref = std::max(max_ref, std::abs(ref));
  }
  return max_ref > 0 ? max_diff / max_ref : max_diff;
}

/// One measured (shape, step, instantiation).
struct Case {
  Shape shape;
  std::string step, config;
  double ours_ms = 0, cublas_ms = 0, ours_tflops = 0, cublas_tflops = 0, ratio = 0, max_rel_error = 0;
  int pairs = 0;  // timed (cuBLAS, ours) pairs
  bool passed = false;
  std::string note;  // why a case was not timed
};

std::string json_escape(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\', out += ch;
    else if (static_cast<unsigned char>(ch) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", ch);
      out += buf;
    } else out += ch;
  }
  return out;
}

std::string num(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", std::isfinite(x) ? x : 0.0);
  return buf;
}

void emit_traces(const Case& c, DType dtype, double tolerance) {
  const std::string name = c.step + " " + c.shape.str() + " " + c.config;
  std::printf("__SPAK_TRACE__ {\"type\": \"Correctness\", \"step_name\": \"%s\", \"passed\": %s, \"max_rel_error\": %s, \"tolerance\": %s}\n",
              json_escape(name).c_str(), c.passed ? "true" : "false", num(c.max_rel_error).c_str(), num(tolerance).c_str());
  if (!c.passed) return;
  std::printf("__SPAK_TRACE__ {\"type\": \"Performance\", \"step_name\": \"%s\", \"step\": \"%s\", \"config\": \"%s\", "
              "\"m\": %d, \"n\": %d, \"k\": %d, \"dtype\": \"%s\", \"ours_ms\": %s, \"cublas_ms\": %s, "
              "\"ours_tflops\": %s, \"cublas_tflops\": %s, \"ratio\": %s, \"tflops\": %s}\n",
              json_escape(name).c_str(), c.step.c_str(), c.config.c_str(), c.shape.m, c.shape.n, c.shape.k, dtype_name(dtype),
              num(c.ours_ms).c_str(), num(c.cublas_ms).c_str(), num(c.ours_tflops).c_str(), num(c.cublas_tflops).c_str(),
              num(c.ratio).c_str(), num(c.ours_tflops).c_str());
  std::fflush(stdout);
}

void write_json(const Options& o, const std::string& device, const std::vector<Case>& cases) {
  const std::time_t now = std::time(nullptr);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%d", std::gmtime(&now));
  std::string s = "{\n  \"device\": \"" + json_escape(device) + "\",\n  \"date\": \"" + date + "\",\n  \"commit\": \"" +
                  json_escape(o.commit) + "\",\n  \"command\": \"" + json_escape(o.command) + "\",\n  \"timing\": \"" +
                  (o.flush ? "CUDA events, median, L2 flushed (256 MiB memset) before every repetition"
                           : "CUDA events, median, L2 not flushed") +
                  "\",\n  \"ratio_method\": \"ours and cuBLAS timed in interleaved pairs (cuBLAS, ours, cuBLAS, ours, ...); "
                  "ratio = median over pairs of cuBLAS time / our time; ours_tflops and cublas_tflops from each side's median "
                  "time\",\n  \"error_metric\": \"max|ours - cuBLAS| / max|cuBLAS|\",\n  \"tolerance\": " + num(o.tolerance) +
                  ",\n  \"cases\": [";
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    s += std::string(i ? "," : "") + "\n    {\"m\": " + std::to_string(c.shape.m) + ", \"n\": " + std::to_string(c.shape.n) +
         ", \"k\": " + std::to_string(c.shape.k) + ", \"dtype\": \"" + dtype_name(o.dtype) + "\", \"step\": \"" + c.step +
         "\", \"config\": \"" + c.config + "\", \"raster\": " + std::to_string(o.raster) + ", \"ours_tflops\": " + num(c.ours_tflops) +
         ", \"cublas_tflops\": " + num(c.cublas_tflops) + ", \"ratio\": " + num(c.ratio) + ", \"ours_ms\": " + num(c.ours_ms) +
         ", \"cublas_ms\": " + num(c.cublas_ms) + ", \"pairs\": " + std::to_string(c.pairs) + ", \"max_rel_error\": " + num(c.max_rel_error) +
         ", \"passed\": " + (c.passed ? "true" : "false") + (c.note.empty() ? "" : ", \"note\": \"" + json_escape(c.note) + "\"") + "}";
  }
  s += "\n  ]\n}\n";
  const std::string tmp = o.json + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f || std::fwrite(s.data(), 1, s.size(), f) != s.size() || std::fclose(f) != 0 || std::rename(tmp.c_str(), o.json.c_str()) != 0)
    throw std::runtime_error("cannot write " + o.json);
}

int run(const Options& o) {
  if (o.list) {
    print_list();
    return 0;
  }
  const std::vector<Selected> selected = select(o);
  int devices = 0;
  if (cudaGetDeviceCount(&devices) != cudaSuccess || devices == 0) {
    std::fprintf(stderr, "gemm_bench: no CUDA device; skipping (exit 77)\n");
    return 77;
  }
  cudaDeviceProp prop{};
  cuda_check(cudaGetDeviceProperties(&prop, 0), "cudaGetDeviceProperties");
  std::printf("device: %s, %d SMs, L2 %d MiB; timing: %s\n", prop.name, prop.multiProcessorCount, prop.l2CacheSize >> 20,
              o.flush ? "median of CUDA-event times, L2 flushed before each repetition" : "median, no L2 flush");
  if (prop.major < 9)
    std::printf("note: steps 07-08 need sm_90a (Hopper); this device is sm_%d%d\n", prop.major, prop.minor);

  cudaStream_t stream;
  cuda_check(cudaStreamCreate(&stream), "cudaStreamCreate");
  cublasLtHandle_t lt;
  if (cublasLtCreate(&lt) != CUBLAS_STATUS_SUCCESS) throw std::runtime_error("cublasLtCreate failed");
  const size_t ws_bytes = size_t(32) << 20;
  void* workspace = nullptr;
  cuda_check(cudaMalloc(&workspace, ws_bytes), "allocating the cuBLAS workspace");
  Timer timer(o, stream);
  std::vector<Case> cases;
  bool all_passed = true;

  std::printf("%-22s %-34s %-18s %9s %9s %9s %7s %10s %s\n", "step", "config", "shape", "ours_ms", "ours_TF", "cublas_TF", "ratio",
              "max_rel", "ok");
  for (const Shape& sh : o.shapes) {
    Buffers buf;
    const size_t na = size_t(sh.m) * sh.k, nb = size_t(sh.n) * sh.k, nc = size_t(sh.m) * sh.n;
    cuda_check(cudaMalloc(&buf.a, na * 2), "cudaMalloc A");
    cuda_check(cudaMalloc(&buf.b, nb * 2), "cudaMalloc B");
    cuda_check(cudaMalloc(&buf.ref, nc * 2), "cudaMalloc C_ref");
    cuda_check(cudaMalloc(&buf.out, nc * 2), "cudaMalloc C");
    cuda_check(fill_random(buf.a, na, o.dtype, o.seed * 1000003 + sh.m * 31 + sh.k, stream), "fill A");
    cuda_check(fill_random(buf.b, nb, o.dtype, o.seed * 1000033 + sh.n * 37 + sh.k, stream), "fill B");
    Problem ref_problem{sh.m, sh.n, sh.k, o.dtype, buf.a, buf.b, buf.ref, o.raster, o.sms};
    CublasRef cublas(lt, ref_problem, workspace, ws_bytes, stream);
    if (cublas.run() != CUBLAS_STATUS_SUCCESS) throw std::runtime_error("cublasLtMatmul failed for " + sh.str());
    cuda_check(cudaStreamSynchronize(stream), "cuBLAS run");
    const double ref_err = spot_check_reference(sh, o.dtype, buf, o.seed);
    if (!(ref_err <= o.tolerance))
      throw std::runtime_error("cuBLAS disagrees with the fp64 CPU product at " + sh.str() + " (rel error " + num(ref_err) + ")");
    const auto run_cublas = [&] { return cublas.run() == CUBLAS_STATUS_SUCCESS ? cudaSuccess : cudaErrorUnknown; };
    const double cublas_ms = timer.median_ms(run_cublas);  // alone; each timed case re-times it interleaved with ours
    const double flops = 2.0 * sh.m * sh.n * sh.k;

    for (const Selected& sel : selected) {
      Case c;
      c.shape = sh;
      c.step = step_label(*sel.step);
      c.config = sel.variant->config.name();
      c.cublas_ms = cublas_ms;
      c.cublas_tflops = flops / cublas_ms / 1e9;
      Problem p{sh.m, sh.n, sh.k, o.dtype, buf.a, buf.b, buf.out, o.raster, o.sms};
      if (!sel.variant->supports(p)) {
        c.note = "shape unsupported (needs K % " + std::to_string(sel.variant->k_multiple) + " == 0 and N % " +
                 std::to_string(sel.variant->n_multiple) + " == 0)";
        std::printf("%-22s %-34s %-18s skipped: %s\n", c.step.c_str(), c.config.c_str(), sh.str().c_str(), c.note.c_str());
        continue;
      }
      cuda_check(poison(buf.out, nc, stream), "poison C");
      cudaError_t e = sel.variant->launch(p, stream);
      if (e == cudaSuccess) e = cudaStreamSynchronize(stream);
      if (e != cudaSuccess) throw std::runtime_error(c.step + " " + c.config + " at " + sh.str() + ": " + cudaGetErrorString(e));
      Comparison cmp;
      cuda_check(compare(buf.out, buf.ref, nc, o.dtype, cmp, stream), "compare");
      c.max_rel_error = cmp.any_nan ? INFINITY : cmp.max_rel_error();
      c.passed = !cmp.any_nan && c.max_rel_error <= o.tolerance;
      if (c.passed) {
        const PairTiming t = timer.interleaved([&] { return sel.variant->launch(p, stream); }, run_cublas);
        c.ours_ms = t.ours_ms;
        c.cublas_ms = t.ref_ms;
        c.ours_tflops = flops / c.ours_ms / 1e9;
        c.cublas_tflops = flops / c.cublas_ms / 1e9;
        c.ratio = t.ratio;
        c.pairs = t.pairs;
      } else {
        all_passed = false;
        c.note = cmp.any_nan ? "output has NaN/Inf (unwritten or overflowed elements)" : "error above tolerance";
      }
      std::printf("%-22s %-34s %-18s %9.4f %9.1f %9.1f %7.3f %10.2e %s\n", c.step.c_str(), c.config.c_str(), sh.str().c_str(),
                  c.ours_ms, c.ours_tflops, c.cublas_tflops, c.ratio, c.max_rel_error, c.passed ? "yes" : "NO");
      emit_traces(c, o.dtype, o.tolerance);
      cases.push_back(c);
    }
  }
  if (!o.json.empty()) write_json(o, prop.name, cases);
  cudaFree(workspace);
  cublasLtDestroy(lt);
  cudaStreamDestroy(stream);
  return all_passed ? 0 : 1;
}

}  // namespace
}  // namespace spak::gemm

int main(int argc, char** argv) {
  try {
    return spak::gemm::run(spak::gemm::parse(argc, argv));
  } catch (const spak::gemm::UsageError& e) {
    std::fprintf(stderr, "gemm_bench: error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gemm_bench: error: %s\n", e.what());
    return 2;
  }
}
