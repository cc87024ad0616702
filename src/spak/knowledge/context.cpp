#include "spak/knowledge/context.h"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "spak/util/error.h"
#include "spak/util/file_io.h"

namespace spak::knowledge {
namespace {

/// Identifiers with dotted paths: `tile_m`, `problem.m`, `Performance.tflops`.
bool is_name(std::string_view name) {
  if (name.empty()) return false;
  bool segment_start = true;
  for (char c : name) {
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    if (c == '.') {
      if (segment_start) return false;
      segment_start = true;
    } else if (letter || (digit && !segment_start)) {
      segment_start = false;
    } else {
      return false;
    }
  }
  return !segment_start;
}

}  // namespace

std::pair<std::string, expr::Value> parse_assignment(std::string_view text, std::string_view option) {
  std::size_t eq = text.find('=');
  if (eq == std::string_view::npos)
    throw Error("{} expects name=value (for example {} device=H100), got '{}'", option, option, text);
  std::string name(text.substr(0, eq));
  while (!name.empty() && name.back() == ' ') name.pop_back();
  while (!name.empty() && name.front() == ' ') name.erase(name.begin());
  if (!is_name(name))
    throw Error("{} {}: '{}' is not a name (letters, digits, '_' and '.', not starting with a digit)", option,
                text, name);
  return {name, expr::parse_value_text(text.substr(eq + 1))};
}

void ContextBuilder::set(std::string_view name, expr::Value value, std::string source) {
  for (ContextValue& v : values_) {
    if (v.name == name) {
      v.value = std::move(value);
      v.source = std::move(source);
      return;
    }
  }
  values_.push_back({std::string(name), std::move(value), std::move(source)});
}

void ContextBuilder::add_assignment(std::string_view text) {
  auto [name, value] = parse_assignment(text);
  set(name, std::move(value), "--set");
}

void ContextBuilder::add_json_file(const std::filesystem::path& path) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(read_file(path));
  } catch (const nlohmann::json::parse_error& e) {
    throw Error("{}: invalid JSON: {}", path.string(), e.what());
  }
  if (!json.is_object())
    throw Error("{}: a context file must hold a JSON object such as {{\"device\": \"H100\", \"causal\": true}}",
                path.string());
  for (const auto& [key, item] : json.items()) set(key, expr::Value::from_json(item), path.string());
}

void ContextBuilder::add_device(const DeviceInfo& device) {
  if (!device.note.empty()) notes_.push_back(device.note);
  if (!device.present) return;
  set("device", device.model, "nvidia-smi");
  set("device_name", device.name, "nvidia-smi");
  set("gpu_count", device.gpu_count, "nvidia-smi");
  if (device.sm_count) set("sm_count", *device.sm_count, "built-in table of " + device.model);
  if (device.memory_mib) {
    set("memory_mib", *device.memory_mib, "nvidia-smi");
    set("memory_gb", std::round(static_cast<double>(*device.memory_mib) / 1024.0 * 10.0) / 10.0, "nvidia-smi");
  }
  if (device.compute_capability) set("compute_capability", *device.compute_capability, "nvidia-smi");
}

expr::Context ContextBuilder::context() const {
  expr::Context context;
  for (const ContextValue& v : values_) context.set(v.name, v.value);
  return context;
}

}  // namespace spak::knowledge
