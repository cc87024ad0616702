#include "spak/lift/capture_template.h"

#include <cctype>

namespace spak::lift {

namespace {

/// One `${…}` reference, split into its parts.
struct Reference {
  std::string group;
  std::string modifier;   ///< "", "lower" or "upper"
  std::string fallback;   ///< text after `|`
};

Reference parse_reference(std::string_view body) {
  Reference ref;
  std::size_t bar = body.find('|');
  std::string_view head = body.substr(0, bar);
  if (bar != std::string_view::npos) ref.fallback = std::string(body.substr(bar + 1));
  std::size_t colon = head.find(':');
  ref.group = std::string(head.substr(0, colon));
  if (colon != std::string_view::npos) ref.modifier = std::string(head.substr(colon + 1));
  return ref;
}

/// Calls `on_text(text)` for literal runs and `on_ref(reference)` for each `${…}`.
template <typename OnText, typename OnRef>
void scan(std::string_view tmpl, OnText on_text, OnRef on_ref) {
  std::size_t i = 0;
  while (i < tmpl.size()) {
    std::size_t open = tmpl.find("${", i);
    std::size_t close = open == std::string_view::npos ? open : tmpl.find('}', open);
    if (close == std::string_view::npos) {
      on_text(tmpl.substr(i));
      return;
    }
    on_text(tmpl.substr(i, open - i));
    on_ref(parse_reference(tmpl.substr(open + 2, close - open - 2)));
    i = close + 1;
  }
}

}  // namespace

std::string expand_template(std::string_view tmpl, const Captures& captures) {
  std::string out;
  scan(
      tmpl, [&](std::string_view text) { out += text; },
      [&](const Reference& ref) {
        auto it = captures.find(ref.group);
        std::string value = it == captures.end() || it->second.empty() ? ref.fallback : it->second;
        for (char& c : value) {
          if (ref.modifier == "lower") c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          if (ref.modifier == "upper") c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        out += value;
      });
  return out;
}

std::vector<std::string> template_groups(std::string_view tmpl) {
  std::vector<std::string> groups;
  scan(tmpl, [](std::string_view) {}, [&](const Reference& ref) { groups.push_back(ref.group); });
  return groups;
}

}  // namespace spak::lift
