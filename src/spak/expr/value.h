#pragma once
// Values of the expression language: null, bool, int (int64), float (double), string, list and map.
//
// Scalars live inline; strings, lists and maps are immutable and shared, so copying a Value never allocates.
// That keeps evaluation cheap when the tuner evaluates the same constraints for every configuration.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace spak::expr {

class Value;
using List = std::vector<Value>;
using Map = std::map<std::string, Value, std::less<>>;

/// One value of the expression language; immutable once built, cheap to copy.
class Value {
 public:
  enum class Type { Null, Bool, Int, Float, String, List, Map };

  Value() = default;  ///< null
  Value(bool b) : v_(b) {}
  Value(int i) : v_(static_cast<std::int64_t>(i)) {}
  Value(std::int64_t i) : v_(i) {}
  Value(double d) : v_(d) {}
  Value(const char* s) : Value(std::string(s)) {}
  Value(std::string s) : v_(std::make_shared<const std::string>(std::move(s))) {}
  Value(List list) : v_(std::make_shared<const List>(std::move(list))) {}
  Value(Map map) : v_(std::make_shared<const Map>(std::move(map))) {}

  Type type() const { return static_cast<Type>(v_.index()); }
  bool is_null() const { return type() == Type::Null; }
  bool is_bool() const { return type() == Type::Bool; }
  bool is_int() const { return type() == Type::Int; }
  bool is_float() const { return type() == Type::Float; }
  /// Int, float or bool: Python treats bool as a number in arithmetic and comparison.
  bool is_number() const { return is_int() || is_float() || is_bool(); }
  bool is_string() const { return type() == Type::String; }
  bool is_list() const { return type() == Type::List; }
  bool is_map() const { return type() == Type::Map; }

  // Accessors; each requires the matching type and throws ExprError (column 0) naming both types otherwise.
  bool as_bool() const;
  std::int64_t as_int() const;            ///< int or bool
  double as_float() const;                ///< any number, converted
  const std::string& as_string() const;
  const List& as_list() const;
  const Map& as_map() const;

  /// Python truthiness: null, false, 0, 0.0, '', [] and {} are false.
  bool truthy() const;

  /// Python `==`: numbers compare by value across int/float/bool, other types by content, mixed types unequal.
  friend bool operator==(const Value& a, const Value& b);

  /// How a user reads it in messages and reports: 64, 2.5, true, null, 'H100', [1, 2], {'a': 1}.
  std::string repr() const;
  /// Like repr() but strings without quotes (for `x = H100` style listings and template filling).
  std::string str() const;
  /// "null", "bool", "int", "float", "string", "list", "map".
  static std::string_view type_name(Type type);
  std::string_view type_name() const { return type_name(type()); }

  /// JSON conversion: integers that fit int64 become Int, other numbers Float; objects become maps.
  static Value from_json(const nlohmann::json& json);
  nlohmann::json to_json() const;

 private:
  std::variant<std::monostate, bool, std::int64_t, double, std::shared_ptr<const std::string>,
               std::shared_ptr<const List>, std::shared_ptr<const Map>>
      v_;
};

/// Types the text of a `--set name=value` or a DSL scalar as a user means it: `64` → int, `1e-3` / `0.5` →
/// float, `true`/`false` → bool, `null` → null, `'x'`/`"x"` → the unquoted string, `[1, 2]` → list (any
/// expression literal), anything else → the text as a string (`H100`, `row-major`).
Value parse_value_text(std::string_view text);

}  // namespace spak::expr
