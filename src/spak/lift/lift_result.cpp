#include "spak/lift/lift_result.h"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

namespace spak::lift {

namespace {

template <typename T>
void union_into(std::vector<T>& into, const std::vector<T>& from) {
  for (const T& v : from)
    if (std::find(into.begin(), into.end(), v) == into.end()) into.push_back(v);
}

void merge_evidence(std::vector<Evidence>& into, const std::vector<Evidence>& from) {
  for (const Evidence& e : from) {
    bool seen = std::any_of(into.begin(), into.end(),
                            [&](const Evidence& x) { return x.file == e.file && x.line == e.line; });
    if (!seen) into.push_back(e);
  }
}

auto position(const Evidence& e) { return std::make_tuple(e.file_index, e.line); }

template <typename T>
void order_by_first_evidence(std::vector<T>& items) {
  for (T& item : items)
    std::stable_sort(item.evidence.begin(), item.evidence.end(),
                     [](const Evidence& a, const Evidence& b) { return position(a) < position(b); });
  std::stable_sort(items.begin(), items.end(), [](const T& a, const T& b) {
    if (a.evidence.empty() || b.evidence.empty()) return !a.evidence.empty() && b.evidence.empty();
    return position(a.evidence.front()) < position(b.evidence.front());
  });
}

}  // namespace

std::string citation(const Evidence& evidence) { return fmt::format("{}:L{}", evidence.file, evidence.line); }

void LiftResult::add(Axis axis) {
  for (Axis& existing : axes) {
    if (existing.name != axis.name) continue;
    // Observed values lead, so a design axis reads "what the kernel chose, then the alternatives".
    union_into(existing.observed, axis.observed);
    std::vector<nlohmann::json> values = existing.observed;
    union_into(values, existing.values);
    union_into(values, axis.values);
    existing.values = std::move(values);
    merge_evidence(existing.evidence, axis.evidence);
    return;
  }
  axes.push_back(std::move(axis));
}

void LiftResult::add(Fact fact) {
  for (Fact& existing : facts) {
    if (existing.name != fact.name) continue;
    union_into(existing.values, fact.values);
    merge_evidence(existing.evidence, fact.evidence);
    return;
  }
  facts.push_back(std::move(fact));
}

void LiftResult::add(Invariant invariant) {
  int same_name = 0;
  for (Invariant& existing : invariants) {
    if (existing.assertion == invariant.assertion) {
      merge_evidence(existing.evidence, invariant.evidence);
      return;
    }
    if (existing.name == invariant.name || existing.name.rfind(invariant.name + "_", 0) == 0) ++same_name;
  }
  if (same_name > 0) invariant.name += fmt::format("_{}", same_name + 1);
  invariants.push_back(std::move(invariant));
}

void LiftResult::finish() {
  order_by_first_evidence(axes);
  order_by_first_evidence(facts);
  order_by_first_evidence(invariants);
  for (Axis& axis : axes) {
    bool numeric = std::all_of(axis.values.begin(), axis.values.end(),
                               [](const nlohmann::json& v) { return v.is_number(); });
    if (axis.kind == Axis::Kind::Tuning && numeric) std::sort(axis.values.begin(), axis.values.end());
  }
}

}  // namespace spak::lift
