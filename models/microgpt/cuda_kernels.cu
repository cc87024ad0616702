// The CUDA trainer's kernels and the Runner that owns their memory (docs/microgpt.md, "The CUDA trainer").
//
// Two layouts of a run:
// - one block (batch 1, the original's model): a single persistent block runs every step of a launch: each
//   document's forward and backward (cuda_step.cuh), then Adam, with weights, gradients, Adam moments and
//   activations in shared memory when they fit. A step is latency bound (n_embd 16, 16 positions), so what counts
//   is no launch, no device-memory round trip and ~25 barriers per step.
// - one block per document (large batches and models): each block runs its document with the weights in global
//   memory (L2 holds them) and adds its gradients atomically; an Adam kernel over all parameters follows. Two
//   launches per step, queued without waiting; the losses come back once at the end.

#include <cstdio>
#include <stdexcept>
#include <string>

#include "cuda_step.cuh"

namespace spak::microgpt::cuda {
namespace {

// Threads per block at most: caps registers at 128 a thread, which the step kernels use.
constexpr int kMaxThreads = 512;

void check(cudaError_t status, const char* what) {
  if (status != cudaSuccess) throw std::runtime_error(std::string("CUDA: ") + what + ": " + cudaGetErrorString(status));
}

__host__ __device__ long align16(long bytes) { return (bytes + 15) / 16 * 16; }

/// Where the kernels keep each kind of data: shared memory when it fits in the block's budget, else global
/// memory. Chosen once per layout by plan_memory().
struct MemoryPlan {
  bool scratch_in_smem, weights_in_smem, grads_in_smem, saved_in_smem, moments_in_smem;
  long smem_bytes;
};

/// Everything a kernel needs, passed by value.
template <typename T>
struct Args {
  Dims d;
  MemoryPlan mem;
  Adam adam;
  T *w, *g, *m, *v;               // global, canonical between launches
  T *scratch_global, *saved_global;  // per block: + blockIdx.x · size, used when not in shared memory
  const int* tokens;
  const long* offsets;
  long num_docs;
  int first, count, num_steps, batch;
  double* losses;  // count values
  T* doc_loss;     // batch values (block-per-document layout)
  long token_bytes;
};

/// Carves a block's dynamic shared memory (the tokens first, then each region the plan put there): the next
/// `count` values when the region is in shared memory, else `global`.
template <typename T>
__device__ T* take_region(unsigned char* raw, long& at, bool in_smem, long count, T* global) {
  if (!in_smem) return global;
  T* p = reinterpret_cast<T*>(raw + at);
  at += align16(count * static_cast<long>(sizeof(T)));
  return p;
}

/// The batch's documents: the i-th of step `step`, and 1 / (positions the loss averages over).
__device__ long doc_index(long step, int batch, int i, long num_docs) { return (step * batch + i) % num_docs; }

template <typename T>
__device__ T batch_weight(const Args<T>& a, int step) {
  int positions = 0;
  for (int i = 0; i < a.batch; ++i) {
    const long doc = doc_index(step, a.batch, i, a.num_docs);
    positions += min(a.d.block, static_cast<int>(a.offsets[doc + 1] - a.offsets[doc]) - 1);
  }
  return T(1) / T(positions);
}

/// Copies document `doc`'s first n + 1 tokens to shared memory; returns n.
template <typename T>
__device__ int load_doc(const Threads& th, const Args<T>& a, long doc, int* tokens) {
  const long begin = a.offsets[doc];
  const int n = min(a.d.block, static_cast<int>(a.offsets[doc + 1] - begin) - 1);
  for (int i = th.tid; i <= n; i += th.count) tokens[i] = a.tokens[begin + i];
  __syncthreads();
  return n;
}

/// A document fetched ahead into registers: its position count and, in thread i ≤ n, its i-th token. Issued a
/// whole document early, the global-memory latency hides behind that document's forward and backward.
struct Prefetched {
  int n, token;
};

template <typename T>
__device__ Prefetched prefetch_doc(const Threads& th, const Args<T>& a, long doc) {
  const long begin = a.offsets[doc];
  const int n = min(a.d.block, static_cast<int>(a.offsets[doc + 1] - begin) - 1);
  return Prefetched{n, th.tid <= n ? a.tokens[begin + th.tid] : 0};
}

/// The AdamStep rule, its scalars computed in double as the CPU trainers do.
struct AdamScalars {
  double lr_t, c1, c2;
  __device__ AdamScalars(const Adam& adam, int step, int num_steps)
      : lr_t(adam.lr * (1.0 - static_cast<double>(step) / num_steps)),
        c1(1.0 - pow(adam.beta1, step + 1)),
        c2(1.0 - pow(adam.beta2, step + 1)) {}
};

template <typename T>
__device__ void adam_update(const Adam& adam, const AdamScalars& s, T& param, T grad, T& m, T& v) {
  m = T(adam.beta1) * m + T(1.0 - adam.beta1) * grad;
  v = T(adam.beta2) * v + T(1.0 - adam.beta2) * grad * grad;
  const T m_hat = m / T(s.c1);
  const T v_hat = v / T(s.c2);
  param -= T(s.lr_t) * m_hat / (dev_sqrt(v_hat) + T(adam.eps));
}

template <typename T>
__global__ void __launch_bounds__(kMaxThreads) one_block_kernel(Args<T> a) {
  extern __shared__ __align__(16) unsigned char smem[];
  const Threads th;
  const Workspace ws(a.d);
  const long params = a.d.params;
  int* tokens = reinterpret_cast<int*>(smem);
  long at = a.token_bytes;
  T* scratch = take_region<T>(smem, at, a.mem.scratch_in_smem, ws.scratch_size, a.scratch_global);
  T* w = take_region<T>(smem, at, a.mem.weights_in_smem, params, a.w);
  T* g = take_region<T>(smem, at, a.mem.grads_in_smem, params, a.g);
  T* saved = take_region<T>(smem, at, a.mem.saved_in_smem, ws.layer_size * a.d.n_layer, a.saved_global);
  T* m = take_region<T>(smem, at, a.mem.moments_in_smem, params, a.m);
  T* v = take_region<T>(smem, at, a.mem.moments_in_smem, params, a.v);
  for (long i = th.tid; i < params; i += th.count) {
    if (a.mem.weights_in_smem) w[i] = a.w[i];
    if (a.mem.grads_in_smem) g[i] = T(0);  // global gradients are zero between steps already
    if (a.mem.moments_in_smem) {
      m[i] = a.m[i];
      v[i] = a.v[i];
    }
  }
  __syncthreads();

  Step<T> st{a.d, ws, w, g, scratch, saved, tokens, 0, false};
  // Documents longer than the block has threads are read when needed instead of prefetched.
  const bool prefetch = a.d.block < th.count;
  Prefetched next{};
  if (prefetch) next = prefetch_doc(th, a, doc_index(a.first, a.batch, 0, a.num_docs));
  for (int step = a.first; step < a.first + a.count; ++step) {
    const T weight = a.batch == 1 && prefetch ? T(1) / T(next.n) : batch_weight(a, step);
    T loss_sum = 0;  // thread 0's
    for (int i = 0; i < a.batch; ++i) {
      if (prefetch) {
        st.n = next.n;
        if (th.tid <= next.n) tokens[th.tid] = next.token;
        __syncthreads();
        const bool last = i + 1 == a.batch;
        next = prefetch_doc(th, a, doc_index(last ? step + 1 : step, a.batch, last ? 0 : i + 1, a.num_docs));
      } else {
        st.n = load_doc(th, a, doc_index(step, a.batch, i, a.num_docs), tokens);
      }
      forward(th, st);
      cross_entropy(th, st, weight);
      __syncthreads();
      if (th.tid == 0) {
        T doc_sum = 0;
        for (int t = 0; t < st.n; ++t) doc_sum += scratch[ws.row_loss + t];
        loss_sum += doc_sum;
      }
      backward(th, st);
    }
    if (th.tid == 0) a.losses[step - a.first] = static_cast<double>(loss_sum * weight);
    const AdamScalars s(a.adam, step, a.num_steps);
    for (long i = th.tid; i < params; i += th.count) {
      adam_update(a.adam, s, w[i], g[i], m[i], v[i]);
      g[i] = T(0);
    }
    __syncthreads();
  }
  for (long i = th.tid; i < params; i += th.count) {
    if (a.mem.weights_in_smem) a.w[i] = w[i];
    if (a.mem.moments_in_smem) {
      a.m[i] = m[i];
      a.v[i] = v[i];
    }
  }
}

template <typename T>
__global__ void __launch_bounds__(kMaxThreads) doc_kernel(Args<T> a, int step) {
  extern __shared__ __align__(16) unsigned char smem[];
  const Threads th;
  const Workspace ws(a.d);
  int* tokens = reinterpret_cast<int*>(smem);
  long at = a.token_bytes;
  T* scratch = take_region<T>(smem, at, a.mem.scratch_in_smem, ws.scratch_size,
                              a.scratch_global + blockIdx.x * ws.scratch_size);
  T* saved = take_region<T>(smem, at, a.mem.saved_in_smem, ws.layer_size * a.d.n_layer,
                            a.saved_global + blockIdx.x * ws.layer_size * a.d.n_layer);
  Step<T> st{a.d, ws, a.w, a.g, scratch, saved, tokens, 0, true};
  st.n = load_doc(th, a, doc_index(step, a.batch, blockIdx.x, a.num_docs), tokens);
  forward(th, st);
  cross_entropy(th, st, batch_weight(a, step));
  __syncthreads();
  if (th.tid == 0) {
    T doc_sum = 0;
    for (int t = 0; t < st.n; ++t) doc_sum += scratch[ws.row_loss + t];
    a.doc_loss[blockIdx.x] = doc_sum;
  }
  backward(th, st);
}

template <typename T>
__global__ void adam_kernel(Args<T> a, int step) {
  const AdamScalars s(a.adam, step, a.num_steps);
  for (long i = blockIdx.x * static_cast<long>(blockDim.x) + threadIdx.x; i < a.d.params;
       i += static_cast<long>(gridDim.x) * blockDim.x) {
    adam_update(a.adam, s, a.w[i], a.g[i], a.m[i], a.v[i]);
    a.g[i] = T(0);
  }
  if (blockIdx.x == 0 && threadIdx.x == 0) {
    T loss_sum = 0;
    for (int i = 0; i < a.batch; ++i) loss_sum += a.doc_loss[i];
    a.losses[step - a.first] = static_cast<double>(loss_sum * batch_weight(a, step));
  }
}

template <typename T>
__global__ void __launch_bounds__(kMaxThreads) logits_kernel(Args<T> a, const int* prefix, int n, double* out) {
  extern __shared__ __align__(16) unsigned char smem[];
  const Threads th;
  const Workspace ws(a.d);
  int* tokens = reinterpret_cast<int*>(smem);
  long at = a.token_bytes;
  T* scratch = take_region<T>(smem, at, a.mem.scratch_in_smem, ws.scratch_size, a.scratch_global);
  T* saved = take_region<T>(smem, at, a.mem.saved_in_smem, ws.layer_size * a.d.n_layer, a.saved_global);
  for (int i = th.tid; i < n; i += th.count) tokens[i] = prefix[i];
  __syncthreads();
  const Step<T> st{a.d, ws, a.w, a.g, scratch, saved, tokens, n, false};
  forward(th, st);
  for (int i = th.tid; i < a.d.vocab; i += th.count) out[i] = scratch[ws.logits + (n - 1) * a.d.vocab + i];
}

/// Shared-memory placement: regions in order of how often a step touches them, each in shared memory if it
/// still fits in the block's budget.
MemoryPlan plan_memory(const Dims& d, bool one_block, long elem, long token_bytes, long budget) {
  const Workspace ws(d);
  MemoryPlan mem{false, false, false, false, false, token_bytes};
  const auto fit = [&](long count, int regions = 1) {
    const long bytes = regions * align16(count * elem);
    if (mem.smem_bytes + bytes > budget) return false;
    mem.smem_bytes += bytes;
    return true;
  };
  mem.scratch_in_smem = fit(ws.scratch_size);
  if (one_block) {
    mem.weights_in_smem = fit(d.params);
    mem.grads_in_smem = fit(d.params);
  }
  mem.saved_in_smem = fit(ws.layer_size * d.n_layer);
  if (one_block) mem.moments_in_smem = fit(d.params, 2);
  return mem;
}

}  // namespace

bool device_present() {
  int count = 0;
  return cudaGetDeviceCount(&count) == cudaSuccess && count > 0;
}

template <typename T>
struct Runner<T>::State {
  Dims d;
  Adam adam;
  LaunchPlan plan;
  MemoryPlan mem_one, mem_batch;
  long token_bytes = 0;
  int sms = 0;
  T *w = nullptr, *g = nullptr, *m = nullptr, *v = nullptr;
  T *scratch = nullptr, *saved = nullptr, *doc_loss = nullptr;
  int blocks_allocated = 0;  // blocks the global workspace has room for
  int* tokens = nullptr;
  long* offsets = nullptr;
  long num_docs = 0;
  double* losses = nullptr;
  int losses_allocated = 0;
  int* prefix = nullptr;
  double* logits = nullptr;

  Args<T> args(const MemoryPlan& mem) const {
    Args<T> a{};
    a.d = d;
    a.mem = mem;
    a.adam = adam;
    a.w = w, a.g = g, a.m = m, a.v = v;
    a.scratch_global = scratch, a.saved_global = saved;
    a.tokens = tokens, a.offsets = offsets, a.num_docs = num_docs;
    a.losses = losses, a.doc_loss = doc_loss, a.token_bytes = token_bytes;
    return a;
  }

  /// Room in global memory for `blocks` blocks' workspaces (only the tiers not in shared memory).
  void reserve_blocks(int blocks) {
    if (blocks <= blocks_allocated) return;
    const Workspace ws(d);
    const long scratch_size = ws.scratch_size, saved_size = ws.layer_size * d.n_layer;
    cudaFree(scratch);
    cudaFree(saved);
    cudaFree(doc_loss);
    scratch = saved = doc_loss = nullptr;
    // Sized for whichever layout keeps a tier out of shared memory (the one-block layout uses block 0's room).
    const bool scratch_global = !mem_one.scratch_in_smem || !mem_batch.scratch_in_smem;
    const bool saved_global = !mem_one.saved_in_smem || !mem_batch.saved_in_smem;
    if (scratch_global) check(cudaMalloc(&scratch, sizeof(T) * scratch_size * blocks), "cudaMalloc scratch");
    if (saved_global) check(cudaMalloc(&saved, sizeof(T) * saved_size * blocks), "cudaMalloc activations");
    check(cudaMalloc(&doc_loss, sizeof(T) * blocks), "cudaMalloc doc_loss");
    blocks_allocated = blocks;
  }

  ~State() {
    for (void* p : {static_cast<void*>(w), static_cast<void*>(g), static_cast<void*>(m), static_cast<void*>(v),
                    static_cast<void*>(scratch), static_cast<void*>(saved), static_cast<void*>(doc_loss),
                    static_cast<void*>(tokens), static_cast<void*>(offsets), static_cast<void*>(losses),
                    static_cast<void*>(prefix), static_cast<void*>(logits)}) {
      cudaFree(p);
    }
  }
};

template <typename T>
Runner<T>::Runner(const Dims& dims, const std::vector<double>& weights, const Adam& adam, const LaunchPlan& plan)
    : s_(std::make_unique<State>()) {
  State& s = *s_;
  s.d = dims;
  s.adam = adam;
  s.plan = plan;
  if (plan.threads % 32 != 0 || plan.threads < 32 || plan.threads > kMaxThreads) {
    throw std::runtime_error("threads per block must be a multiple of 32 in [32, 512], not " +
                             std::to_string(plan.threads));
  }
  int device = 0;
  check(cudaGetDevice(&device), "cudaGetDevice");
  cudaDeviceProp prop{};
  check(cudaGetDeviceProperties(&prop, device), "cudaGetDeviceProperties");
  s.sms = prop.multiProcessorCount;
  s.token_bytes = align16(static_cast<long>(dims.block + 1) * sizeof(int));
  const long budget = static_cast<long>(prop.sharedMemPerBlockOptin);
  s.mem_one = plan_memory(dims, true, sizeof(T), s.token_bytes, budget);
  s.mem_batch = plan_memory(dims, false, sizeof(T), s.token_bytes, budget);
  const std::size_t bytes = sizeof(T) * static_cast<std::size_t>(dims.params);
  check(cudaMalloc(&s.w, bytes), "cudaMalloc weights");
  check(cudaMalloc(&s.g, bytes), "cudaMalloc gradients");
  check(cudaMalloc(&s.m, bytes), "cudaMalloc m");
  check(cudaMalloc(&s.v, bytes), "cudaMalloc v");
  std::vector<T> host(weights.begin(), weights.end());
  check(cudaMemcpy(s.w, host.data(), bytes, cudaMemcpyHostToDevice), "upload weights");
  check(cudaMemset(s.g, 0, bytes), "cudaMemset");
  check(cudaMemset(s.m, 0, bytes), "cudaMemset");
  check(cudaMemset(s.v, 0, bytes), "cudaMemset");
  check(cudaMalloc(&s.prefix, sizeof(int) * (dims.block + 1)), "cudaMalloc prefix");
  check(cudaMalloc(&s.logits, sizeof(double) * dims.vocab), "cudaMalloc logits");
  s.reserve_blocks(1);
  const auto allow_smem = [](const void* kernel, long bytes) {
    check(cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, static_cast<int>(bytes)),
          "cudaFuncSetAttribute");
  };
  allow_smem(reinterpret_cast<const void*>(one_block_kernel<T>), s.mem_one.smem_bytes);
  allow_smem(reinterpret_cast<const void*>(logits_kernel<T>), s.mem_one.smem_bytes);
  allow_smem(reinterpret_cast<const void*>(doc_kernel<T>), s.mem_batch.smem_bytes);
}

template <typename T>
Runner<T>::~Runner() = default;

template <typename T>
void Runner<T>::set_docs(const std::vector<int>& tokens, const std::vector<long>& offsets) {
  State& s = *s_;
  cudaFree(s.tokens);
  cudaFree(s.offsets);
  check(cudaMalloc(&s.tokens, sizeof(int) * tokens.size()), "cudaMalloc tokens");
  check(cudaMalloc(&s.offsets, sizeof(long) * offsets.size()), "cudaMalloc offsets");
  check(cudaMemcpy(s.tokens, tokens.data(), sizeof(int) * tokens.size(), cudaMemcpyHostToDevice), "upload tokens");
  check(cudaMemcpy(s.offsets, offsets.data(), sizeof(long) * offsets.size(), cudaMemcpyHostToDevice),
        "upload offsets");
  s.num_docs = static_cast<long>(offsets.size()) - 1;
}

template <typename T>
void Runner<T>::train(int first, int count, int num_steps, int batch, double* losses) {
  State& s = *s_;
  if (count > s.losses_allocated) {
    cudaFree(s.losses);
    s.losses = nullptr;
    check(cudaMalloc(&s.losses, sizeof(double) * count), "cudaMalloc losses");
    s.losses_allocated = count;
  }
  const bool one_block =
      s.plan.grid == Grid::one_block || (s.plan.grid == Grid::automatic && batch == 1);
  if (!one_block) s.reserve_blocks(batch);
  Args<T> a = s.args(one_block ? s.mem_one : s.mem_batch);
  a.first = first, a.count = count, a.num_steps = num_steps, a.batch = batch;
  if (one_block) {
    one_block_kernel<T><<<1, s.plan.threads, s.mem_one.smem_bytes>>>(a);
    check(cudaGetLastError(), "launch one_block_kernel");
  } else {
    const int adam_blocks = static_cast<int>(std::min<long>((s.d.params + 255) / 256, 4L * s.sms));
    for (int step = first; step < first + count; ++step) {
      doc_kernel<T><<<batch, s.plan.threads, s.mem_batch.smem_bytes>>>(a, step);
      check(cudaGetLastError(), "launch doc_kernel");
      adam_kernel<T><<<adam_blocks, 256>>>(a, step);
      check(cudaGetLastError(), "launch adam_kernel");
    }
  }
  check(cudaMemcpy(losses, s.losses, sizeof(double) * count, cudaMemcpyDeviceToHost), "download losses");
}

template <typename T>
void Runner<T>::next_logits(const int* prefix, int n, double* logits) {
  State& s = *s_;
  check(cudaMemcpy(s.prefix, prefix, sizeof(int) * n, cudaMemcpyHostToDevice), "upload prefix");
  logits_kernel<T><<<1, s.plan.threads, s.mem_one.smem_bytes>>>(s.args(s.mem_one), s.prefix, n, s.logits);
  check(cudaGetLastError(), "launch logits_kernel");
  check(cudaMemcpy(logits, s.logits, sizeof(double) * s.d.vocab, cudaMemcpyDeviceToHost), "download logits");
}

template <typename T>
std::vector<double> Runner<T>::weights() const {
  std::vector<T> host(static_cast<std::size_t>(s_->d.params));
  check(cudaMemcpy(host.data(), s_->w, sizeof(T) * host.size(), cudaMemcpyDeviceToHost), "download weights");
  return std::vector<double>(host.begin(), host.end());
}

template class Runner<float>;
template class Runner<double>;

}  // namespace spak::microgpt::cuda
