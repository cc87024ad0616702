#include "spak/tune/command.h"

#include <algorithm>
#include <cctype>

#include "spak/util/error.h"
#include "spak/util/json_text.h"

namespace spak::tune {

CommandTemplate::CommandTemplate(std::string text) : text_(std::move(text)) {
  std::size_t at = 0;
  while (at < text_.size()) {
    std::size_t open = text_.find("{{", at);
    if (open == std::string::npos) {
      pieces_.push_back({false, text_.substr(at)});
      break;
    }
    if (open > at) pieces_.push_back({false, text_.substr(at, open - at)});
    std::size_t close = text_.find("}}", open + 2);
    if (close == std::string::npos) throw Error("measure cmd: `{{` at character {} is never closed", open + 1);
    std::string name = text_.substr(open + 2, close - open - 2);
    auto blank = [](unsigned char c) { return std::isspace(c) != 0; };
    name.erase(name.begin(), std::find_if_not(name.begin(), name.end(), blank));
    name.erase(std::find_if_not(name.rbegin(), name.rend(), blank).base(), name.end());
    if (name.empty()) throw Error("measure cmd: empty hole `{{}}` at character {}", open + 1);
    pieces_.push_back({true, name});
    at = close + 2;
  }
}

std::vector<std::string> CommandTemplate::holes() const {
  std::vector<std::string> names;
  for (const Piece& p : pieces_)
    if (p.hole && std::find(names.begin(), names.end(), p.text) == names.end()) names.push_back(p.text);
  return names;
}

void CommandTemplate::check_holes(const std::vector<std::string>& known) const {
  for (const std::string& hole : holes()) {
    if (std::find(known.begin(), known.end(), hole) != known.end()) continue;
    std::string list;
    for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
    throw Error("measure cmd: unknown hole {{{{{}}}}} (known: {})", hole, list);
  }
}

std::string CommandTemplate::fill(const std::map<std::string, nlohmann::json>& values) const {
  std::string out;
  for (const Piece& p : pieces_) {
    if (!p.hole) {
      out += p.text;
      continue;
    }
    auto it = values.find(p.text);
    if (it == values.end()) throw Error("measure cmd: no value for hole {{{{{}}}}}", p.text);
    out += shell_quote(json_text(it->second));
  }
  return out;
}

std::string shell_quote(std::string_view text) {
  auto safe = [](unsigned char c) { return std::isalnum(c) || std::string_view("_-./:=+,@%").find(c) != std::string_view::npos; };
  if (!text.empty() && std::all_of(text.begin(), text.end(), safe)) return std::string(text);
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

std::string env_name(std::string_view name) {
  std::string out = "SPAK_";
  for (unsigned char c : name) out += std::isalnum(c) ? static_cast<char>(std::toupper(c)) : '_';
  return out;
}

}  // namespace spak::tune
