#pragma once
// Reading a fact's values the way `spak compound` wrote them. Lists, numbers and strings lower as fields, but
// a keyed inline map (`config: {tile_m: 64, vec: 8}`) lowers into the fact's body text (docs/compound.md,
// known limits); this reads both, so callers see `config` and `problem` as JSON objects either way.

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "spak/dsl/ir.h"

namespace spak::knowledge {

/// The value of `key` in `fact`: its field, else a `key: {…}` line of its body read as a map; nullopt when
/// neither is there (or the body line does not read as a map).
std::optional<nlohmann::json> fact_value(const dsl::Fact& fact, std::string_view key);

}  // namespace spak::knowledge
