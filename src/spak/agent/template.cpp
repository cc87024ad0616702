#include "spak/agent/template.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "spak/tune/command.h"
#include "spak/util/error.h"
#include "spak/util/json_text.h"

namespace spak::agent {
namespace {

std::string trim(std::string s) {
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

std::string first_segment(const std::string& path) { return path.substr(0, path.find('.')); }

}  // namespace

Template::Template(std::string text) : text_(std::move(text)) {
  std::size_t pos = 0;
  while (pos < text_.size()) {
    std::size_t open = text_.find("{{", pos);
    if (open == std::string::npos) {
      pieces_.push_back({false, text_.substr(pos)});
      break;
    }
    if (open > pos) pieces_.push_back({false, text_.substr(pos, open - pos)});
    std::size_t close = text_.find("}}", open + 2);
    if (close == std::string::npos) throw Error("unclosed '{{{{' in template: {}", text_);
    std::string name = trim(text_.substr(open + 2, close - open - 2));
    if (name.empty()) throw Error("empty '{{{{}}}}' hole in template: {}", text_);
    pieces_.push_back({true, name});
    pos = close + 2;
  }
}

std::vector<std::string> Template::holes() const {
  std::vector<std::string> out;
  for (const auto& p : pieces_)
    if (p.hole && std::find(out.begin(), out.end(), p.text) == out.end()) out.push_back(p.text);
  return out;
}

std::string Template::render(const nlohmann::json& scope, bool shell) const {
  std::string out;
  for (const auto& p : pieces_) {
    if (!p.hole) {
      out += p.text;
      continue;
    }
    const nlohmann::json* v = lookup(scope, p.text);
    if (!v) throw Error("template hole {{{{{}}}}} has no value at this point of the run", p.text);
    out += shell ? tune::shell_quote(json_text(*v)) : json_text(*v);
  }
  return out;
}

const nlohmann::json* lookup(const nlohmann::json& scope, const std::string& path) {
  // A whole dotted name bound as one variable (from --set a.b=1) wins over member access.
  if (scope.is_object()) {
    auto it = scope.find(path);
    if (it != scope.end()) return &*it;
  }
  const nlohmann::json* cur = &scope;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    std::size_t dot = path.find('.', pos);
    std::string seg = path.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
    if (cur->is_object()) {
      auto it = cur->find(seg);
      if (it == cur->end()) return nullptr;
      cur = &*it;
    } else if (cur->is_array() && !seg.empty() && std::all_of(seg.begin(), seg.end(), ::isdigit)) {
      std::size_t index = 0;  // digits past size_t fail to parse and, like any index past the end, find nothing
      if (std::from_chars(seg.data(), seg.data() + seg.size(), index).ec != std::errc() || index < 1 ||
          index > cur->size())
        return nullptr;
      cur = &(*cur)[index - 1];
    } else {
      return nullptr;
    }
    if (dot == std::string::npos) break;
    pos = dot + 1;
  }
  return cur;
}

bool hole_known(const std::string& path, const std::vector<std::string>& known) {
  return std::find(known.begin(), known.end(), path) != known.end() ||
         std::find(known.begin(), known.end(), first_segment(path)) != known.end();
}

}  // namespace spak::agent
