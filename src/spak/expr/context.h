#pragma once
// The names an expression reads: device facts, problem sizes, design choices, tuning parameters, trace fields.
//
// A Context maps names (dotted names like `t.utilization` are ordinary names here) to Values. It may chain to a
// parent, so a per-configuration context can sit on top of a shared one without copying it. Setting an existing
// name overwrites its value in place, so the tuner can reuse one context for every configuration without
// allocating.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "spak/expr/value.h"

namespace spak::expr {

/// A table of named values with an optional parent consulted for names it does not hold itself.
class Context {
 public:
  Context() = default;
  /// Lookups that miss here fall back to `parent`, which must outlive this context.
  explicit Context(const Context* parent) : parent_(parent) {}

  /// Sets (or overwrites) a name in this context; the parent is never modified.
  void set(std::string_view name, Value value);
  /// Removes a name from this context (not from the parent). Returns whether it was there.
  bool erase(std::string_view name);

  /// The value of `name` here or in a parent, or nullptr.
  const Value* find(std::string_view name) const { return find(name, hash(name)); }
  /// Same, with the name's hash() computed once in advance (parsed expressions do this for every name).
  const Value* find(std::string_view name, std::uint64_t name_hash) const;
  bool contains(std::string_view name) const { return find(name) != nullptr; }

  /// Every visible name (this context's first, then the parents' that are not shadowed), in insertion order.
  std::vector<std::string> names() const;
  /// Names held by this context itself, in insertion order.
  std::size_t size() const { return entries_.size(); }
  const Context* parent() const { return parent_; }

  /// The hash find() uses; stable within a process.
  static std::uint64_t hash(std::string_view name);

 private:
  struct Entry {
    std::string name;
    std::uint64_t hash;
    Value value;
  };
  /// Index of `name` in entries_, or -1.
  std::int64_t slot_of(std::string_view name, std::uint64_t name_hash) const;
  void rebuild_index();

  std::vector<Entry> entries_;            ///< insertion order
  std::vector<std::int32_t> index_;       ///< open-addressing table of entries_ positions; -1 = empty
  const Context* parent_ = nullptr;
};

}  // namespace spak::expr
