#pragma once
// The CUDA trainer's device side, seen from the host: device memory for weights, gradients, Adam moments and the
// documents, and the launches of cuda_kernels.cu. Plain C++17 (nvcc compiles its implementation in that
// dialect); cuda_trainer.h adapts it to the Trainer interface.

#include <memory>
#include <string>
#include <vector>

// Dims' offsets are computed on both sides of the launch.
#ifdef __CUDACC__
#define SPAK_MICROGPT_HD __host__ __device__
#else
#define SPAK_MICROGPT_HD
#endif

namespace spak::microgpt::cuda {

/// Sizes of the model, and where each weight matrix starts in the flat parameter vector (ParamLayout order:
/// wte, wpe, lm_head, then per layer wq, wk, wv, wo, fc1, fc2).
struct Dims {
  int vocab, n_embd, n_head, n_layer, block, mlp;
  long params;

  SPAK_MICROGPT_HD int head_dim() const { return n_embd / n_head; }
  SPAK_MICROGPT_HD long wpe() const { return static_cast<long>(vocab) * n_embd; }
  SPAK_MICROGPT_HD long lm_head() const { return wpe() + static_cast<long>(block) * n_embd; }
  SPAK_MICROGPT_HD long layer_size() const { return 4L * n_embd * n_embd + 2L * mlp * n_embd; }
  SPAK_MICROGPT_HD long layer(int l) const { return lm_head() + static_cast<long>(vocab) * n_embd + l * layer_size(); }
};

/// Adam's scalars (the same rule as AdamStep).
struct Adam {
  double lr, beta1, beta2, eps;
};

/// How steps are laid out on the GPU (docs/microgpt.md, "The CUDA trainer"): one persistent block for every
/// step, or a block per document of the batch plus an Adam kernel; `automatic` takes the first for batch 1.
enum class Grid { automatic, one_block, block_per_doc };

struct LaunchPlan {
  int threads = 512;
  Grid grid = Grid::automatic;
};

/// True when a CUDA device is present and usable.
bool device_present();

/// A model and its optimizer state on the GPU, in float or double.
template <typename T>
class Runner {
 public:
  /// Uploads `weights` (params values). Throws std::runtime_error on a CUDA failure (message names the call).
  Runner(const Dims& dims, const std::vector<double>& weights, const Adam& adam, const LaunchPlan& plan);
  ~Runner();
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  /// Uploads the documents (tokens concatenated, offsets[i] … offsets[i+1] the i-th), replacing earlier ones.
  void set_docs(const std::vector<int>& tokens, const std::vector<long>& offsets);
  /// Steps first … first + count − 1 of num_steps, step s on documents s·batch … s·batch + batch − 1 (wrapping),
  /// in one launch (one block) or two launches per step; waits, then writes each step's loss to losses[0, count).
  void train(int first, int count, int num_steps, int batch, double* losses);
  /// Logits of the token after prefix[0, n), vocab values.
  void next_logits(const int* prefix, int n, double* logits);
  std::vector<double> weights() const;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

extern template class Runner<float>;
extern template class Runner<double>;

}  // namespace spak::microgpt::cuda
