#include "spak/knowledge/fact_values.h"

namespace spak::knowledge {

std::optional<nlohmann::json> fact_value(const dsl::Fact& fact, std::string_view key) {
  for (const dsl::Field& field : fact.fields)
    if (field.key == key) return field.value;
  return std::nullopt;
}

}  // namespace spak::knowledge
