// Stream-K work split for persistent kernels, shared by GEMM step 09 (K iterations of output tiles) and the FMHA
// forward (key tiles of query blocks): whole tiles go round-robin to the persistent blocks for all but the last
// two waves; the iterations of the remaining tiles (the partial wave plus one full wave) are then split evenly,
// so every block does the same work, give or take one iteration, instead of a partial last wave leaving SMs idle.
// Each block's share of the split region spans at least one tile, so a tile is cut at most once: its head
// (iterations from 0) is the last unit of one block, its tail the first unit of the next block. The tail's owner
// publishes its partial result and raises a flag; the head's owner reaches that tile last, waits on the flag and
// combines the two.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <random>

namespace spak::gemm {

/// Iterations [kb, ke) of tile `tile`.
struct Unit {
  int tile, kb, ke;
};

/// The units of one persistent block (`slot` of `slots`), in order: whole tiles round-robin below `dp_tiles`,
/// then the block's equal share of the remaining tiles' iterations. Host code too, for its tests.
class Schedule {
 public:
  // The block's stream-K share is located once (64-bit: tiles x iterations can pass 2^31); stepping through it is
  // 32-bit, since with data_parallel_tiles' split a share spans less than two tiles' iterations plus one.
  __host__ __device__ Schedule(int tiles, int iterations, int dp_tiles, int slot, int slots)
      : iterations_(iterations), dp_tiles_(dp_tiles), slots_(slots), next_dp_(slot) {
    const long long total = static_cast<long long>(tiles - dp_tiles) * iterations;
    const long long begin = total * slot / slots, end = total * (slot + 1) / slots;
    tile_ = dp_tiles + int(begin / iterations);
    kb_ = int(begin % iterations);
    left_ = int(end - begin);
  }
  __host__ __device__ bool next(Unit& u) {
    if (next_dp_ < dp_tiles_) {
      u = {next_dp_, 0, iterations_};
      next_dp_ += slots_;
      return true;
    }
    if (left_ == 0) return false;
    u = {tile_, kb_, kb_ + left_ < iterations_ ? kb_ + left_ : iterations_};
    left_ -= u.ke - u.kb;
    ++tile_;
    kb_ = 0;
    return true;
  }

 private:
  int iterations_, dp_tiles_, slots_, next_dp_;
  int tile_, kb_, left_;  // the next stream-K unit's tile and first iteration; iterations of the share left
};

/// Tiles done whole: all but the partial last wave and one full wave before it, so that each block's stream-K
/// share is at least one tile (a tile is then split at most once). No stream-K without a partial wave.
inline int data_parallel_tiles(int tiles, int slots) {
  if (tiles <= slots || tiles % slots == 0) return tiles;
  return (tiles / slots - 1) * slots;
}

/// A number no earlier launch of this process used, for the ready flags: a flag is up when it holds the
/// launch's number, so flags need no clearing between launches (nor a zero-filled buffer before the first).
/// Seeded at random so that two copies of a library in one process do not share numbers; never 0, which is what
/// fresh memory holds most often.
inline uint64_t next_launch_number() {
  static std::atomic<uint64_t> number{(uint64_t(std::random_device{}()) << 32) | std::random_device{}()};
  uint64_t n = 0;
  while (n == 0) n = number.fetch_add(1) + 1;
  return n;
}

/// Bytes of `count` ready flags in a workspace, rounded up to 256 so that the partial results after them stay
/// aligned.
inline size_t flags_bytes(size_t count) { return (count * sizeof(uint64_t) + 255) / 256 * 256; }

/// Stores a warpgroup thread's partial results for the block that finishes its tile, thread-major: float4 q of
/// thread `tid` (0-127) at dst[q * 128 + tid], so each warp's accesses are contiguous; .cg keeps them in L2, where
/// the other SM reads them.
template <int N>
__device__ __forceinline__ void store_partial(const float (&values)[N], float4* dst, int tid) {
  static_assert(N % 4 == 0, "whole float4s");
#pragma unroll
  for (int q = 0; q < N / 4; ++q)
    __stcg(dst + q * 128 + tid, make_float4(values[4 * q], values[4 * q + 1], values[4 * q + 2], values[4 * q + 3]));
}

/// Raises a ready flag after the writes its warpgroup made before the preceding barrier (release, GPU scope;
/// cumulative over the warpgroup's writes that the barrier ordered before it).
__device__ __forceinline__ void flag_raise(uint64_t* flag, uint64_t launch) {
  asm volatile("st.release.gpu.global.u64 [%0], %1;\n" ::"l"(flag), "l"(launch) : "memory");
}

/// Waits until a ready flag holds this launch's number (acquire, GPU scope).
__device__ __forceinline__ void flag_wait(const uint64_t* flag, uint64_t launch) {
  uint64_t seen = 0;
  do {
    asm volatile("ld.acquire.gpu.global.u64 %0, [%1];\n" : "=l"(seen) : "l"(flag) : "memory");
  } while (seen != launch);
}

}  // namespace spak::gemm
