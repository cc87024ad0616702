#pragma once
// The DSL form of a lift: one `system` with design_space, tuning_space, knowledge (facts and invariants, each
// with `source: "file:L<line>"`) and a trace_schema, ready for `spak check` and for a person to edit. Axes carry
// their citation in a comment above them, since the DSL gives axes no source field.

#include <string>

#include "spak/lift/lift_result.h"

namespace spak::lift {

std::string render_dsl(const LiftResult& result, const std::string& system_name);

/// `text` as a double-quoted DSL string: `\` and `"` escaped, control characters and bytes that are not UTF-8
/// replaced, `{{` broken up so source text is never taken for a template hole.
std::string dsl_string(std::string_view text);

}  // namespace spak::lift
