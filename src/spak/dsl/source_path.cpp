// The intern table: a node-based set (entries never move), guarded for loads on several threads.

#include "spak/dsl/source_path.h"

#include <functional>
#include <mutex>
#include <unordered_set>

namespace spak::dsl {
namespace {

/// Hashes std::string and std::string_view alike, so a lookup needs no string built first.
struct PathHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view path) const { return std::hash<std::string_view>{}(path); }
};

}  // namespace

SourcePath::SourcePath(std::string_view path) {
  if (path.empty()) return;
  // Never destroyed: spans in static objects may still point into it while the program exits.
  static auto* table = new std::unordered_set<std::string, PathHash, std::equal_to<>>;
  static std::mutex mutex;
  const std::lock_guard lock(mutex);
  auto it = table->find(path);
  if (it == table->end()) it = table->emplace(path).first;
  text_ = &*it;
}

}  // namespace spak::dsl
