#pragma once
// How compound writes what it adds: JSON values as DSL values (`{tile_m: 64, order: "ikj"}`, `[1, 2]`,
// `"text"`) and a NewFact as an indented `fact NAME { … }` block that the DSL loader reads back.

#include <string>

#include <nlohmann/json.hpp>

#include "spak/knowledge/compound_plan.h"

namespace spak::knowledge {

/// A value as DSL text: strings double-quoted with escapes, maps with bare keys where they are identifiers.
std::string dsl_value(const nlohmann::json& value);

/// The fact as a block, each line prefixed by `indent`, fields one level (two spaces) deeper; ends in "\n".
std::string fact_text(const NewFact& fact, const std::string& indent);

}  // namespace spak::knowledge
