#include "spak/expr/context.h"

#include <unordered_set>

namespace spak::expr {

std::uint64_t Context::hash(std::string_view name) {
  std::uint64_t h = 14695981039346656037ull;  // FNV-1a: simple, stable, good enough for short names
  for (char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

std::int64_t Context::slot_of(std::string_view name, std::uint64_t name_hash) const {
  if (index_.empty()) return -1;
  std::size_t mask = index_.size() - 1;
  for (std::size_t i = name_hash & mask;; i = (i + 1) & mask) {
    std::int32_t at = index_[i];
    if (at < 0) return -1;
    const Entry& e = entries_[at];
    if (e.hash == name_hash && e.name == name) return at;
  }
}

void Context::rebuild_index() {
  std::size_t capacity = 8;
  while (capacity < entries_.size() * 2) capacity *= 2;  // load factor at most 1/2 keeps probes short
  index_.assign(capacity, -1);
  std::size_t mask = capacity - 1;
  for (std::size_t n = 0; n < entries_.size(); ++n) {
    std::size_t i = entries_[n].hash & mask;
    while (index_[i] >= 0) i = (i + 1) & mask;
    index_[i] = static_cast<std::int32_t>(n);
  }
}

void Context::set(std::string_view name, Value value) {
  std::uint64_t h = hash(name);
  if (std::int64_t at = slot_of(name, h); at >= 0) {
    entries_[at].value = std::move(value);
    return;
  }
  entries_.push_back({std::string(name), h, std::move(value)});
  if (entries_.size() * 2 > index_.size()) {
    rebuild_index();
    return;
  }
  std::size_t mask = index_.size() - 1;
  std::size_t i = h & mask;
  while (index_[i] >= 0) i = (i + 1) & mask;
  index_[i] = static_cast<std::int32_t>(entries_.size() - 1);
}

bool Context::erase(std::string_view name) {
  std::int64_t at = slot_of(name, hash(name));
  if (at < 0) return false;
  entries_.erase(entries_.begin() + at);
  rebuild_index();
  return true;
}

const Value* Context::find(std::string_view name, std::uint64_t name_hash) const {
  for (const Context* c = this; c; c = c->parent_)
    if (std::int64_t at = c->slot_of(name, name_hash); at >= 0) return &c->entries_[at].value;
  return nullptr;
}

std::vector<std::string> Context::names() const {
  std::vector<std::string> out;
  std::unordered_set<std::string_view> seen;
  for (const Context* c = this; c; c = c->parent_)
    for (const Entry& e : c->entries_)
      if (seen.insert(e.name).second) out.push_back(e.name);
  return out;
}

}  // namespace spak::expr
