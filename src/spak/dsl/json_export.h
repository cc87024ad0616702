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

/// A value as text: a string as itself, anything else as compact JSON. Bytes that are not UTF-8 (a file with an
/// encoding error is still lowered, for its other diagnostics) become U+FFFD instead of making the JSON writer throw.
std::string value_text(const Value& value);

}  // namespace spak::dsl
