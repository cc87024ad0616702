#pragma once
// Inheritance merge: `system B extends A` makes B a copy of A in which B's entries replace A's by name and B's
// new entries follow A's. Every merged item keeps an origin ("file:line") so `spak show --resolved` and
// `spak diff` can say where each item was written.

#include <string>

#include "spak/dsl/ir.h"

namespace spak::knowledge {

/// "file:line" of a span, the form every `origin` field takes.
std::string origin_of(const dsl::Span& span);

/// Sets `origin` on every item of `system` that has none, from the item's own span (`file` where the span
/// names no file).
void stamp_origins(dsl::System& system, const std::string& file = {});

/// Returns `child` with `parent` merged under it. Items match by name (axes, parameters, facts, rules,
/// invariants, loops, trace variants and cases, fields), constraints by their text, advice by kind and name;
/// a child item replaces the parent item in the parent's position, and child items the parent lacks come after
/// the parent's. Sections written once (baseline, model) come from the child when it has them. Origins of both
/// sides are stamped first, so the result says which file each item came from.
dsl::System merge_systems(dsl::System parent, dsl::System child);

}  // namespace spak::knowledge
