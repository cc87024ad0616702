#pragma once
// The __SPAK_TRACE__ protocol: what a measured program prints, and what the runner makes of it.
//
// A program reports results by printing lines `__SPAK_TRACE__{"type": "Performance", "tflops": 612.4}`: the
// marker, optional spaces, then one JSON object to the end of the line. The marker may follow a prefix that
// launchers add (`[rank0]: __SPAK_TRACE__{…}`). Every other line is the program's log. Items are checked against
// the system's trace_schema: `type` names a case, the case's fields must be present with the declared types;
// extra fields are allowed (programs report more than the schema promises).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "spak/dsl/ir.h"
#include "spak/trace/status.h"

namespace spak::trace {

/// The marker that starts a trace line.
inline constexpr std::string_view kTraceMarker = "__SPAK_TRACE__";

/// One trace item as printed: a JSON object and the 1-based output line it came from.
struct TraceLine {
  int line = 0;
  nlohmann::json item;
};

/// A program's output split into trace items, protocol errors and the remaining log.
struct ParsedOutput {
  std::vector<TraceLine> items;       ///< well-formed trace objects, in output order
  std::vector<std::string> errors;    ///< "line 7: malformed trace JSON: …", one per bad trace line
  std::string log;                    ///< every line that is not a well-formed trace item, each ending in '\n'
};

/// Splits a program's combined output into trace items and log. Never throws on bad input: a trace line whose
/// payload is not one JSON object becomes an entry in `errors` naming the line.
ParsedOutput parse_output(std::string_view output);

/// Checks one item against the schema. Returns nullopt when the item fits, else a reason such as
/// "line 3: Performance item: field tflops must be float, got string". An empty schema (no variants) accepts
/// every object. `line` is only used in the message (0 = omit).
std::optional<std::string> validate_item(const nlohmann::json& item, const dsl::TraceSchema& schema, int line = 0);

/// The case an item names, or nullptr. `type` may be the case name ("Performance") or variant-qualified
/// ("TraceItem.Performance").
const dsl::TraceCase* find_case(const dsl::TraceSchema& schema, std::string_view type);

/// True when the schema can express correctness: a case named Correctness, or any case with a `passed` field.
bool schema_has_correctness(const dsl::TraceSchema& schema);

/// What the items say about correctness.
enum class Correctness {
  Unreported,  ///< no item of case Correctness and no item with a `passed` field
  Passed,      ///< at least one correctness item, and all of them passed
  Failed,      ///< some item's `passed` is false (or not a boolean/number)
};
/// Items that report correctness carry a `passed` field; a Correctness item without one reports nothing (the
/// schema check catches it when the schema declares `passed`).
Correctness correctness(const std::vector<TraceLine>& items);

/// The objective value named by `metric` in the items: "tflops" takes the last item with a numeric `tflops`
/// field; "Performance.tflops" the last such item whose type is Performance. Last, because a program that
/// reports progress prints its final measurement last. nullopt when no item carries it.
std::optional<double> metric_value(const std::vector<TraceLine>& items, std::string_view metric);

/// The protocol's verdict on a program that exited cleanly.
struct Verdict {
  Status status = Status::Ok;         ///< Ok, Invalid or Incorrect
  std::string reason;                 ///< empty for Ok; otherwise why (first problem, human-readable)
  std::optional<double> objective;    ///< the metric's value; set only when status is Ok
};

/// Judges the output of a program that exited 0: malformed or off-schema trace, no trace at all, a missing
/// correctness item when the schema has one, or a missing metric → Invalid; correctness failed → Incorrect;
/// else Ok with the objective. An empty `metric` skips the metric requirement.
Verdict judge(const ParsedOutput& output, const dsl::TraceSchema& schema, std::string_view metric);

/// A JSON parse error as a user reads it: what was wrong and at which character, without the library's tag.
std::string describe_parse_error(const nlohmann::json::parse_error& e);

/// The items' JSON values as one array (the form the store keeps).
nlohmann::json items_json(const std::vector<TraceLine>& items);

}  // namespace spak::trace
