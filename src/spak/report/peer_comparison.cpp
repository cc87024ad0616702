#include "spak/report/peer_comparison.h"

#include <cstring>
#include <map>

#include <fmt/format.h>

#include "spak/report/labels.h"
#include "spak/util/json_text.h"

namespace spak::report {
namespace {

std::string peer_name(const std::string& prefix) {
  static const std::map<std::string, std::string> kNames = {
      {"cublas", "cuBLAS"}, {"cublaslt", "cuBLASLt"}, {"best_sdpa", "PyTorch SDPA (best backend)"},
      {"sdpa", "PyTorch SDPA"}, {"cudnn", "cuDNN"}, {"torch", "PyTorch"}};
  auto it = kNames.find(prefix);
  return it == kNames.end() ? prefix : it->second;
}

bool number(const nlohmann::json& item, const char* key) { return item.contains(key) && item[key].is_number(); }

std::string case_label(const nlohmann::json& item) {
  if (number(item, "m") && number(item, "n") && number(item, "k")) {
    return fmt::format("{}×{}×{}", item["m"].dump(), item["n"].dump(), item["k"].dump());
  }
  if (number(item, "b") && number(item, "h") && number(item, "s") && number(item, "d")) {
    std::string label = fmt::format("b{} h{} s{} d{}", item["b"].dump(), item["h"].dump(), item["s"].dump(),
                                    item["d"].dump());
    if (item.value("causal", false)) label += " causal";
    return label;
  }
  for (const char* key : {"case", "shape", "config", "step_name"}) {
    if (item.contains(key)) return json_text(item[key]);
  }
  return "case";
}

}  // namespace

std::vector<PeerComparison> peer_comparisons(const RunData& run) {
  std::vector<PeerComparison> out;
  if (!run.best || !run.best->items.is_array()) return out;
  for (const nlohmann::json& item : run.best->items) {
    if (!item.is_object() || item.value("type", "") != "Performance") continue;
    // An item may carry one comparison in several units (the GEMM bench prints TFLOP/s and ms); show the
    // first of these, where higher is better for both sides.
    for (const char* suffix : {"_tflops", "_gflops", "_gbps", "_tokens_per_s"}) {
      const std::string ours_key = std::string("ours") + suffix;
      if (!number(item, ours_key.c_str())) continue;
      const std::size_t before = out.size();
      for (const auto& [key, theirs] : item.items()) {
        if (key == ours_key || !theirs.is_number() || !key.ends_with(suffix) || key.size() == std::strlen(suffix)) {
          continue;
        }
        PeerComparison c;
        c.case_label = case_label(item);
        c.step = item.contains("step") ? json_text(item["step"]) : "";
        c.peer = peer_name(key.substr(0, key.size() - std::strlen(suffix)));
        c.unit = metric_unit(ours_key);
        c.ours = item[ours_key].get<double>();
        c.theirs = theirs.get<double>();
        out.push_back(std::move(c));
      }
      if (out.size() > before) break;
    }
  }
  return out;
}

}  // namespace spak::report
