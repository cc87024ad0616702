#include "spak/knowledge/fact_values.h"

#include <sstream>
#include <string>

#include "spak/dsl/entry.h"
#include "spak/dsl/parser.h"

namespace spak::knowledge {
namespace {

using nlohmann::json;

// `key: {a: 1, b: "x"}` as a map, read with the DSL's own parser so values are typed as everywhere else.
std::optional<json> keyed_map(const std::string& line, std::string_view key) {
  std::vector<dsl::Diagnostic> diagnostics;
  const dsl::SyntaxTree tree = dsl::parse(line, diagnostics);
  if (!diagnostics.empty()) return std::nullopt;
  const dsl::EntryReader reader(tree);
  // The entry reader already reads a keyed `{…}` of fields as a map value.
  for (const dsl::Entry& entry : reader.entries(0))
    if (entry.kind == dsl::Entry::Kind::Field && entry.key == key && entry.value.is_object()) return entry.value;
  return std::nullopt;
}

}  // namespace

std::optional<json> fact_value(const dsl::Fact& fact, std::string_view key) {
  for (const dsl::Field& field : fact.fields)
    if (field.key == key) return field.value;
  std::istringstream body(fact.body);
  for (std::string line; std::getline(body, line);) {
    const std::size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line.compare(start, key.size(), key) != 0) continue;
    if (auto map = keyed_map(line.substr(start), key)) return map;
  }
  return std::nullopt;
}

}  // namespace spak::knowledge
