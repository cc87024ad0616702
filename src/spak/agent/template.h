#pragma once
// Prompt and argument templates of agent steps: text with `{{name}}` holes. A hole is a dotted path into the
// run's scope: `{{code}}`, `{{sweep.best.tile_m}}`, `{{axiom.1}}` (lists are indexed from 1, as people number
// axioms). Holes are checked against the names a run will know before anything runs, so a typo is an error up
// front, not after an expensive model call.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace spak::agent {

/// A text parsed into literal pieces and hole paths.
class Template {
 public:
  /// Parses `text`. Throws spak::Error for an unclosed `{{` or an empty hole.
  explicit Template(std::string text);

  /// The hole paths, each once, in order of first appearance.
  std::vector<std::string> holes() const;
  /// The text with every hole replaced by its value from `scope` (strings as they are, other values as JSON),
  /// shell-quoted when `shell` (a command line must not be rewritten by what a model or a request said).
  /// Throws spak::Error naming a hole the scope cannot resolve.
  std::string render(const nlohmann::json& scope, bool shell = false) const;
  const std::string& text() const { return text_; }

 private:
  struct Piece {
    bool hole = false;
    std::string text;  ///< literal text, or the hole's path
  };
  std::string text_;
  std::vector<Piece> pieces_;
};

/// The value at a dotted path in `scope` (object keys; 1-based indices into lists), or nullptr.
const nlohmann::json* lookup(const nlohmann::json& scope, const std::string& path);

/// True when `path` can resolve once the names in `known` are bound: its first segment is one of them.
bool hole_known(const std::string& path, const std::vector<std::string>& known);

}  // namespace spak::agent
