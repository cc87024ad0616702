#include "spak/lift/regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "spak/util/error.h"

namespace spak::lift {

struct Regex::Code {
  pcre2_code* code = nullptr;
  ~Code() { pcre2_code_free(code); }
};

namespace {

std::string pcre2_message(int error_code) {
  PCRE2_UCHAR buffer[256];
  int n = pcre2_get_error_message(error_code, buffer, sizeof buffer);
  return n < 0 ? "unknown PCRE2 error" : std::string(reinterpret_cast<const char*>(buffer), n);
}

/// Owns match data for one search.
struct MatchData {
  pcre2_match_data* data;
  explicit MatchData(const pcre2_code* code) : data(pcre2_match_data_create_from_pattern(code, nullptr)) {}
  ~MatchData() { pcre2_match_data_free(data); }
};

}  // namespace

Regex::Regex(std::string_view pattern) : pattern_(pattern) {
  int error_code = 0;
  PCRE2_SIZE error_offset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                   PCRE2_MULTILINE, &error_code, &error_offset, nullptr);
  if (!code) throw Error("regex error at offset {}: {}", error_offset, pcre2_message(error_code));
  auto owned = std::make_shared<Code>();
  owned->code = code;
  // JIT is an optimisation only: a build without it still matches through the interpreter.
  pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
  code_ = owned;

  uint32_t count = 0, entry_size = 0;
  PCRE2_SPTR table = nullptr;
  pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &count);
  pcre2_pattern_info(code, PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
  pcre2_pattern_info(code, PCRE2_INFO_NAMETABLE, &table);
  for (uint32_t i = 0; i < count; ++i) {
    PCRE2_SPTR entry = table + i * entry_size;
    int number = (entry[0] << 8) | entry[1];
    names_.emplace_back(reinterpret_cast<const char*>(entry + 2), number);
  }
}

std::optional<RegexMatch> Regex::match_from(std::string_view subject, std::size_t start) const {
  MatchData match(code_->code);
  int rc = pcre2_match(code_->code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), start, 0,
                       match.data, nullptr);
  if (rc == PCRE2_ERROR_NOMATCH) return std::nullopt;
  if (rc < 0) throw Error("regex /{}/: match failed: {}", pattern_, pcre2_message(rc));
  PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(match.data);
  RegexMatch m;
  m.whole = {ovector[0], ovector[1]};
  for (const auto& [name, number] : names_) {
    if (number < rc && ovector[2 * number] != PCRE2_UNSET)
      m.groups[name] = {ovector[2 * number], ovector[2 * number + 1]};
  }
  return m;
}

std::vector<RegexMatch> Regex::find_all(std::string_view subject) const {
  std::vector<RegexMatch> matches;
  std::size_t start = 0;
  while (start <= subject.size()) {
    auto m = match_from(subject, start);
    if (!m) break;
    start = m->whole.end > m->whole.begin ? m->whole.end : m->whole.end + 1;
    matches.push_back(std::move(*m));
  }
  return matches;
}

bool Regex::has_group(std::string_view name) const {
  for (const auto& entry : names_)
    if (entry.first == name) return true;
  return false;
}

std::optional<RegexMatch> Regex::find(std::string_view subject) const { return match_from(subject, 0); }

}  // namespace spak::lift
