#include "spak/report/compound_history.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "spak/knowledge/resolve.h"
#include "spak/util/error.h"

namespace spak::report {
namespace {

// Natural order: runs of digits compare as numbers, so attn_v2.dsl sorts before attn_v10.dsl.
bool natural_less(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (std::isdigit(static_cast<unsigned char>(a[i])) && std::isdigit(static_cast<unsigned char>(b[j]))) {
      std::size_t i_end = i, j_end = j;
      while (i_end < a.size() && std::isdigit(static_cast<unsigned char>(a[i_end]))) ++i_end;
      while (j_end < b.size() && std::isdigit(static_cast<unsigned char>(b[j_end]))) ++j_end;
      const std::string na = a.substr(i, i_end - i), nb = b.substr(j, j_end - j);
      if (na.size() != nb.size()) return na.size() < nb.size();
      if (na != nb) return na < nb;
      i = i_end, j = j_end;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i, ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

std::vector<std::filesystem::path> expand(const std::vector<std::filesystem::path>& inputs) {
  std::vector<std::filesystem::path> files;
  for (const std::filesystem::path& input : inputs) {
    if (!std::filesystem::is_directory(input)) {
      files.push_back(input);
      continue;
    }
    std::vector<std::filesystem::path> found;
    for (const auto& entry : std::filesystem::directory_iterator(input)) {
      if (entry.is_regular_file() && entry.path().extension() == ".dsl") found.push_back(entry.path());
    }
    if (found.empty()) throw Error("{}: no .dsl file in this directory (--dsl wants versions of a system)", input.string());
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return natural_less(a.string(), b.string()); });
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

}  // namespace

std::vector<VersionStep> compound_history(const std::vector<std::filesystem::path>& inputs) {
  static const std::set<std::string> kKnowledgeSections = {"facts", "rules", "invariants", "advice"};
  const knowledge::DocumentLoader load = knowledge::file_loader();
  std::vector<VersionStep> history;
  dsl::System previous;  // the empty system: everything the first version knows is "added"
  for (const std::filesystem::path& file : expand(inputs)) {
    const knowledge::ResolvedSystem resolved = knowledge::resolve_system(file, load, "");
    VersionStep step;
    step.file = file.string();
    step.system = resolved.system.name;
    const nlohmann::json front_matter = load(file).front_matter;
    if (front_matter.contains("title") && front_matter["title"].is_string()) step.title = front_matter["title"];
    for (knowledge::Change& change : knowledge::diff_systems(previous, resolved.system)) {
      if (kKnowledgeSections.count(change.section)) step.changes.push_back(std::move(change));
    }
    step.facts = static_cast<int>(resolved.system.knowledge.facts.size());
    step.rules = static_cast<int>(resolved.system.knowledge.rules.size());
    history.push_back(std::move(step));
    previous = resolved.system;
  }
  return history;
}

}  // namespace spak::report
