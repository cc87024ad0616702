#pragma once
// The System IR as JSON: what `spak export` prints and what docs/ir.md documents. With `with_spans` every
// node carries {"span": {line, col, end_line, end_col}}; without it the output depends only on meaning, so a
// file and its formatted form export identically.

#include <nlohmann/json.hpp>

#include "spak/dsl/ir.h"

namespace spak::dsl {

nlohmann::json to_json(const Document& document, bool with_spans = true);
nlohmann::json to_json(const System& system, bool with_spans = true);
nlohmann::json to_json(const Parameter& parameter, bool with_spans = true);

}  // namespace spak::dsl
