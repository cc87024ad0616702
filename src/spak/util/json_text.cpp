#include "spak/util/json_text.h"

namespace spak {

std::string json_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump();  // nlohmann prints numbers shortest-round-trip: 64, 0.5, 1e-05
}

}  // namespace spak
