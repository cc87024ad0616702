#pragma once
// The command of one trial: `measure.cmd` with its `{{name}}` holes filled, each value shell-quoted, and the
// same values as environment variables SPAK_<NAME>. Holes are checked once, before a sweep starts, so a typo
// in the DSL is an error up front rather than a sweep of failed trials.

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace spak::tune {

/// A measure command template, parsed into literal text and hole names.
class CommandTemplate {
 public:
  /// Parses `text`. Throws spak::Error for an unclosed `{{` or an empty hole.
  explicit CommandTemplate(std::string text);

  /// Names of the holes, each once, in order of first appearance.
  std::vector<std::string> holes() const;
  /// Throws spak::Error naming the first hole that `known` lacks, with the names it has.
  void check_holes(const std::vector<std::string>& known) const;
  /// The command with every hole replaced by its shell-quoted value. Throws spak::Error for a missing value.
  std::string fill(const std::map<std::string, nlohmann::json>& values) const;
  const std::string& text() const { return text_; }

 private:
  struct Piece {
    bool hole = false;
    std::string text;  ///< literal text, or the hole's name
  };
  std::string text_;
  std::vector<Piece> pieces_;
};

/// `text` quoted for /bin/sh: unchanged when it holds only safe characters, else in single quotes.
std::string shell_quote(std::string_view text);

/// The environment variable of a name: SPAK_ and the name upper-cased, other characters than [A-Z0-9] as `_`.
std::string env_name(std::string_view name);

}  // namespace spak::tune
