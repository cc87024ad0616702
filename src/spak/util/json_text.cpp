#include "spak/util/json_text.h"

namespace spak {

std::string json_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump();  // nlohmann prints numbers shortest-round-trip: 64, 0.5, 1e-05
}

std::string config_text(const nlohmann::json& config) {
  if (!config.is_object()) return json_text(config);
  std::string text;
  for (const auto& [key, value] : config.items()) {
    if (!text.empty()) text += ' ';
    text += key + "=" + json_text(value);
  }
  return text.empty() ? "(no parameters)" : text;
}

}  // namespace spak
