#pragma once
// A thin RAII wrapper over PCRE2 (8-bit, byte-wise): the lifter's patterns are PCRE2 regular expressions kept
// in data files, so compile errors must come back as messages that name the pattern, and matches must report
// their named groups by offset (the lifter turns offsets into cited line numbers).

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spak::lift {

/// A half-open byte range [begin, end) of the subject that a match or a group covered.
struct Range {
  std::size_t begin = 0, end = 0;
};

/// One match: the whole match and every named group that took part in it (groups that did not are absent).
struct RegexMatch {
  Range whole;
  std::map<std::string, Range> groups;
};

/// A compiled PCRE2 pattern. Compiled with PCRE2_MULTILINE, so `^` and `$` also match at line boundaries.
class Regex {
 public:
  /// Compiles `pattern`; throws spak::Error "regex error at offset N: <reason>" when it does not compile.
  explicit Regex(std::string_view pattern);

  /// Every non-overlapping match in `subject`, left to right. An empty match advances by one byte.
  std::vector<RegexMatch> find_all(std::string_view subject) const;
  /// The first match in `subject`, if any.
  std::optional<RegexMatch> find(std::string_view subject) const;

  /// True when the pattern declares the named group `name`.
  bool has_group(std::string_view name) const;

 private:
  std::optional<RegexMatch> match_from(std::string_view subject, std::size_t start) const;

  struct Code;
  std::string pattern_;
  std::shared_ptr<const Code> code_;
  std::vector<std::pair<std::string, int>> names_;  ///< named group → group number
};

}  // namespace spak::lift
