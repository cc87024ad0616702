#include "spak/expr/value.h"

#include <cmath>
#include <fmt/format.h>

#include "spak/expr/error.h"
#include "spak/expr/context.h"
#include "spak/expr/evaluator.h"
#include "spak/expr/parser.h"

namespace spak::expr {
namespace {

[[noreturn]] void wrong_type(const Value& v, std::string_view wanted) {
  throw ExprError(0, fmt::format("expected {}, got {} {}", wanted, v.type_name(), v.repr()));
}

std::string float_repr(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  std::string s = fmt::format("{}", d);
  // Keep floats visibly floats (2.0, not 2), as Python prints them.
  if (s.find_first_of(".en") == std::string::npos) s += ".0";
  return s;
}

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

}  // namespace

bool Value::as_bool() const {
  if (!is_bool()) wrong_type(*this, "a bool");
  return std::get<bool>(v_);
}

std::int64_t Value::as_int() const {
  if (is_bool()) return std::get<bool>(v_) ? 1 : 0;
  if (!is_int()) wrong_type(*this, "an int");
  return std::get<std::int64_t>(v_);
}

double Value::as_float() const {
  if (is_float()) return std::get<double>(v_);
  if (is_int()) return static_cast<double>(std::get<std::int64_t>(v_));
  if (is_bool()) return std::get<bool>(v_) ? 1.0 : 0.0;
  wrong_type(*this, "a number");
}

const std::string& Value::as_string() const {
  if (!is_string()) wrong_type(*this, "a string");
  return *std::get<std::shared_ptr<const std::string>>(v_);
}

const List& Value::as_list() const {
  if (!is_list()) wrong_type(*this, "a list");
  return *std::get<std::shared_ptr<const List>>(v_);
}

const Map& Value::as_map() const {
  if (!is_map()) wrong_type(*this, "a map");
  return *std::get<std::shared_ptr<const Map>>(v_);
}

bool Value::truthy() const {
  switch (type()) {
    case Type::Null: return false;
    case Type::Bool: return std::get<bool>(v_);
    case Type::Int: return std::get<std::int64_t>(v_) != 0;
    case Type::Float: return std::get<double>(v_) != 0.0;
    case Type::String: return !as_string().empty();
    case Type::List: return !as_list().empty();
    case Type::Map: return !as_map().empty();
  }
  return false;
}

bool operator==(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_float() || b.is_float()) return a.as_float() == b.as_float();
    return a.as_int() == b.as_int();
  }
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case Value::Type::Null: return true;
    case Value::Type::String: return a.as_string() == b.as_string();
    case Value::Type::List: return a.as_list() == b.as_list();
    case Value::Type::Map: return a.as_map() == b.as_map();
    default: return false;  // numbers were handled above
  }
}

std::string Value::repr() const {
  switch (type()) {
    case Type::Null: return "null";
    case Type::Bool: return std::get<bool>(v_) ? "true" : "false";
    case Type::Int: return std::to_string(std::get<std::int64_t>(v_));
    case Type::Float: return float_repr(std::get<double>(v_));
    case Type::String: return quote(as_string());
    case Type::List: {
      std::string out = "[";
      for (const Value& item : as_list()) out += (out.size() > 1 ? ", " : "") + item.repr();
      return out + "]";
    }
    case Type::Map: {
      std::string out = "{";
      for (const auto& [key, value] : as_map()) out += (out.size() > 1 ? ", " : "") + quote(key) + ": " + value.repr();
      return out + "}";
    }
  }
  return "?";
}

std::string Value::str() const { return is_string() ? as_string() : repr(); }

std::string_view Value::type_name(Type type) {
  switch (type) {
    case Type::Null: return "null";
    case Type::Bool: return "bool";
    case Type::Int: return "int";
    case Type::Float: return "float";
    case Type::String: return "string";
    case Type::List: return "list";
    case Type::Map: return "map";
  }
  return "?";
}

Value Value::from_json(const nlohmann::json& json) {
  switch (json.type()) {
    case nlohmann::json::value_t::boolean: return json.get<bool>();
    case nlohmann::json::value_t::number_integer: return json.get<std::int64_t>();
    case nlohmann::json::value_t::number_unsigned: {
      auto u = json.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(INT64_MAX)) return static_cast<double>(u);
      return static_cast<std::int64_t>(u);
    }
    case nlohmann::json::value_t::number_float: return json.get<double>();
    case nlohmann::json::value_t::string: return json.get<std::string>();
    case nlohmann::json::value_t::array: {
      List list;
      list.reserve(json.size());
      for (const auto& item : json) list.push_back(from_json(item));
      return list;
    }
    case nlohmann::json::value_t::object: {
      Map map;
      for (const auto& [key, item] : json.items()) map.emplace(key, from_json(item));
      return map;
    }
    default: return Value();
  }
}

nlohmann::json Value::to_json() const {
  switch (type()) {
    case Type::Null: return nullptr;
    case Type::Bool: return std::get<bool>(v_);
    case Type::Int: return std::get<std::int64_t>(v_);
    case Type::Float: return std::get<double>(v_);
    case Type::String: return as_string();
    case Type::List: {
      nlohmann::json out = nlohmann::json::array();
      for (const Value& item : as_list()) out.push_back(item.to_json());
      return out;
    }
    case Type::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& [key, value] : as_map()) out[key] = value.to_json();
      return out;
    }
  }
  return nullptr;
}

Value parse_value_text(std::string_view text) {
  std::size_t b = text.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return std::string();
  std::size_t e = text.find_last_not_of(" \t\r\n");
  std::string_view trimmed = text.substr(b, e - b + 1);
  try {
    auto program = detail::parse_program(trimmed);
    // Only literals are typed; `2024-01-01` or `a-b` must stay the text the user wrote, not arithmetic.
    if (detail::is_literal(*program, program->root)) return detail::evaluate(*program, Context());
  } catch (const ExprError&) {
    // Not an expression at all: the text is a plain string.
  }
  return std::string(trimmed);
}

}  // namespace spak::expr
