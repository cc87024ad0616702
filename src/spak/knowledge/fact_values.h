#pragma once
// Reading a fact's values the way `spak compound` wrote them: lists, numbers, strings and inline maps
// (`config: {tile_m: 64, vec: 8}`) all lower as fields, so callers see `config` and `problem` as JSON objects.

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "spak/dsl/ir.h"

namespace spak::knowledge {

/// The value of the field `key` of `fact`; nullopt when the fact has no such field.
std::optional<nlohmann::json> fact_value(const dsl::Fact& fact, std::string_view key);

}  // namespace spak::knowledge
