#pragma once
// Structural difference between two versions of a system: which axes, parameters, constraints, facts, rules,
// invariants, advice, trace cases, loops and fields were added, removed or changed, compared by name and by
// meaning (spans, origins, comments and layout are ignored). What `spak diff` prints.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "spak/dsl/ir.h"

namespace spak::knowledge {

/// One item that differs between version A and version B.
struct Change {
  enum class Kind { Added, Removed, Changed };
  Kind kind = Kind::Changed;
  std::string section;                    ///< "tuning_space", "facts", "rules", "trace_schema", "front_matter", …
  std::string name;                       ///< the item's name (a constraint's text, a trace case's Variant.Case)
  nlohmann::json before;                  ///< the item's meaning in A; null when added
  nlohmann::json after;                   ///< the item's meaning in B; null when removed
  std::vector<std::string> details;       ///< for Changed: one line per differing member, "values: [..] -> [..]"
  std::string origin_before, origin_after;
};

/// "added", "removed" or "changed".
std::string kind_name(Change::Kind kind);

/// The changes from `a` to `b`, section by section in a fixed order, items in B's order (removed ones last).
std::vector<Change> diff_systems(const dsl::System& a, const dsl::System& b);

/// The changes between two front matters, one per top-level key.
std::vector<Change> diff_front_matter(const nlohmann::json& a, const nlohmann::json& b);

/// The changes for people: grouped by section, `+` added, `-` removed, `~` changed with its details.
std::string format_text(const std::vector<Change>& changes);

/// The changes as JSON: {"changes": [{kind, section, name, before, after, details, origin_before,
/// origin_after}], "summary": {added, removed, changed}}.
nlohmann::json to_json(const std::vector<Change>& changes);

}  // namespace spak::knowledge
