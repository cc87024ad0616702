#include "spak/knowledge/merge.h"

#include <set>
#include <utility>

#include <fmt/format.h>

namespace spak::knowledge {
namespace {

// Merges `child` into `parent` by key. Where the child has entries for a key, they all take the position of the
// parent's first entry with that key and the parent's entries for it are dropped (keys may repeat, so a key's
// entries move as a group); the child's other entries follow in their own order.
template <typename T, typename KeyFn>
std::vector<T> merge_by_key(std::vector<T> parent, std::vector<T> child, KeyFn key) {
  std::set<std::string> child_keys;
  for (const T& item : child) child_keys.insert(key(item));
  std::set<std::string> placed;
  std::vector<T> out;
  for (T& item : parent) {
    const std::string k = key(item);
    if (!child_keys.count(k)) {
      out.push_back(std::move(item));
      continue;
    }
    if (!placed.insert(k).second) continue;
    for (T& c : child)
      if (key(c) == k) out.push_back(c);
  }
  for (T& item : child)
    if (!placed.count(key(item))) out.push_back(std::move(item));
  return out;
}

template <typename T>
void stamp(std::vector<T>& items, const std::string& file) {
  for (T& item : items) {
    if (!item.origin.empty()) continue;
    dsl::Span span = item.span;
    if (span.file.empty()) span.file = file;
    item.origin = origin_of(span);
  }
}

dsl::TraceSchema merge_trace_schemas(dsl::TraceSchema parent, dsl::TraceSchema child) {
  // A variant both sides define keeps the parent's cases the child does not redefine.
  for (dsl::TraceVariant& variant : child.variants) {
    for (const dsl::TraceVariant& base : parent.variants) {
      if (base.name != variant.name) continue;
      variant.cases = merge_by_key(base.cases, std::move(variant.cases),
                                   [](const dsl::TraceCase& c) { return c.name; });
    }
  }
  dsl::TraceSchema out;
  out.span = child.variants.empty() ? parent.span : child.span;
  out.variants = merge_by_key(std::move(parent.variants), std::move(child.variants),
                              [](const dsl::TraceVariant& v) { return v.name; });
  return out;
}

}  // namespace

std::string origin_of(const dsl::Span& span) {
  if (span.file.empty()) return {};
  return span.line ? fmt::format("{}:{}", span.file, span.line) : span.file.str();
}

void stamp_origins(dsl::System& system, const std::string& file) {
  stamp(system.design_space, file);
  stamp(system.tuning_space, file);
  stamp(system.constraints, file);
  stamp(system.knowledge.facts, file);
  stamp(system.knowledge.rules, file);
  stamp(system.knowledge.invariants, file);
  stamp(system.knowledge.advice, file);
  stamp(system.loops, file);
}

dsl::System merge_systems(dsl::System parent, dsl::System child) {
  stamp_origins(parent);
  stamp_origins(child);
  auto by_name = [](const auto& item) { return item.name; };
  auto by_key = [](const dsl::Field& f) { return f.key; };
  auto by_head = [](const dsl::GenericNode& n) { return n.head; };

  dsl::System out = std::move(child);
  if (!out.baseline) out.baseline = std::move(parent.baseline);
  if (!out.model) out.model = std::move(parent.model);
  out.design_space = merge_by_key(std::move(parent.design_space), std::move(out.design_space), by_name);
  out.tuning_space = merge_by_key(std::move(parent.tuning_space), std::move(out.tuning_space), by_name);
  out.constraints = merge_by_key(std::move(parent.constraints), std::move(out.constraints),
                                 [](const dsl::Constraint& c) { return c.key(); });

  dsl::Knowledge& k = out.knowledge;
  k.facts = merge_by_key(std::move(parent.knowledge.facts), std::move(k.facts), by_name);
  k.rules = merge_by_key(std::move(parent.knowledge.rules), std::move(k.rules), by_name);
  k.invariants = merge_by_key(std::move(parent.knowledge.invariants), std::move(k.invariants), by_name);
  k.advice = merge_by_key(std::move(parent.knowledge.advice), std::move(k.advice), [](const dsl::Advice& a) {
    // Unnamed advice is identified by its text, so the same hint written in both files appears once.
    return a.kind + "\n" + (a.name.empty() ? a.text : a.name);
  });
  k.unknown = merge_by_key(std::move(parent.knowledge.unknown), std::move(k.unknown), by_head);

  out.trace_schema = merge_trace_schemas(std::move(parent.trace_schema), std::move(out.trace_schema));
  out.loops = merge_by_key(std::move(parent.loops), std::move(out.loops), [](const dsl::Loop& l) {
    return fmt::format("{}\n{}", static_cast<int>(l.kind), l.name);
  });
  out.artifacts = merge_by_key(std::move(parent.artifacts), std::move(out.artifacts),
                               [](const std::string& a) { return a; });
  out.fields = merge_by_key(std::move(parent.fields), std::move(out.fields), by_key);
  out.unknown = merge_by_key(std::move(parent.unknown), std::move(out.unknown), by_head);
  return out;
}

}  // namespace spak::knowledge
