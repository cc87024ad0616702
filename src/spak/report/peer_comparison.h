#pragma once
// Our result next to a peer library's for the same case, read from the trace items of a run's best trial. A
// Performance item that carries `ours_<unit>` and another `<peer>_<unit>` field, for a unit where higher is
// better (tflops, gflops, gbps, tokens_per_s; the first one present), is such a comparison: the GEMM bench
// prints ours_tflops and cublas_tflops, the FMHA bench ours_tflops and best_sdpa_tflops.

#include <string>
#include <vector>

#include "spak/report/report_data.h"

namespace spak::report {

/// One case of the best configuration against the peer.
struct PeerComparison {
  std::string case_label;     ///< "4096×4096×4096", "b2 h8 s777 d64 causal", or the item's case/config
  std::string step;           ///< the ladder step that ran it ("08_warp_specialized"); empty when unknown
  std::string peer;           ///< "cuBLAS", "PyTorch SDPA (best backend)", or the field's prefix
  std::string unit;           ///< "TFLOP/s"
  double ours = 0, theirs = 0;
};

/// The comparisons in the best trial of `run` (none when it has no best trial or no peer fields).
std::vector<PeerComparison> peer_comparisons(const RunData& run);

}  // namespace spak::report
