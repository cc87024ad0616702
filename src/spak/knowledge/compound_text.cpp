#include "spak/knowledge/compound_text.h"

#include <cctype>

#include <fmt/format.h>

namespace spak::knowledge {
namespace {

bool is_identifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (unsigned char c : s)
    if (!std::isalnum(c) && c != '_') return false;
  return true;
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
  return out + "\"";
}

}  // namespace

std::string dsl_value(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::string: return quoted(value.get<std::string>());
    case nlohmann::json::value_t::array: {
      std::string out = "[";
      for (std::size_t i = 0; i < value.size(); ++i) out += (i ? ", " : "") + dsl_value(value[i]);
      return out + "]";
    }
    case nlohmann::json::value_t::object: {
      std::string out = "{";
      bool first = true;
      for (auto& [key, v] : value.items()) {
        out += fmt::format("{}{}: {}", first ? "" : ", ", is_identifier(key) ? key : quoted(key), dsl_value(v));
        first = false;
      }
      return out + "}";
    }
    case nlohmann::json::value_t::number_float: {
      // Keep a decimal point so the value reads back as a float, not an integer.
      std::string text = value.dump();
      if (text.find_first_of(".eE") == std::string::npos && text.find_first_of("0123456789") != std::string::npos)
        text += ".0";
      return text;
    }
    default: return value.dump();
  }
}

std::string fact_text(const NewFact& fact, const std::string& indent) {
  std::string out = fmt::format("{}fact {} {{\n", indent, fact.name);
  for (const auto& [key, value] : fact.fields) out += fmt::format("{}  {}: {}\n", indent, key, dsl_value(value));
  return out + indent + "}\n";
}

}  // namespace spak::knowledge
