#include "spak/report/labels.h"

#include <map>

#include <fmt/format.h>

#include "spak/util/json_text.h"

namespace spak::report {

std::string metric_unit(const std::string& metric) {
  static const std::map<std::string, std::string> kUnits = {
      {"tflops", "TFLOP/s"}, {"gflops", "GFLOP/s"}, {"ms", "ms"},         {"us", "µs"},
      {"seconds", "s"},      {"ratio", "× peer"},   {"speedup", "×"},     {"gbps", "GB/s"},
      {"loss", "nats"},      {"bytes", "B"},        {"tokens_per_s", "tokens/s"}};
  std::string field = metric.substr(metric.rfind('.') + 1);
  for (char& c : field) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (auto it = kUnits.find(field); it != kUnits.end()) return it->second;
  // "ours_tflops", "total_ms", "us_per_step": the unit is the suffix or the prefix.
  for (const auto& [name, unit] : kUnits) {
    if (field.size() > name.size() && field.ends_with("_" + name)) return unit;
    if (field.size() > name.size() && field.starts_with(name + "_")) return unit;
  }
  return "";
}

std::string objective_axis_label(const std::string& metric, trace::Direction direction) {
  const std::string name = metric.empty() ? "objective" : metric;
  const std::string unit = metric_unit(metric);
  const char* better = direction == trace::Direction::Maximize ? "higher is better" : "lower is better";
  return unit.empty() ? fmt::format("{} ({})", name, better) : fmt::format("{} ({}, {})", name, unit, better);
}

std::string format_value(double value) { return fmt::format("{:.4g}", value); }

std::string short_date(const std::string& iso) {
  if (iso.size() < 16) return iso.empty() ? "-" : iso;
  return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

}  // namespace spak::report
