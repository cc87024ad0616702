#include "spak/expr/evaluator.h"

#include <algorithm>
#include <fmt/format.h>

#include "spak/expr/builtins.h"
#include "spak/expr/error.h"
#include "spak/expr/operators.h"

namespace spak::expr::detail {
namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = up;
    }
  }
  return row[b.size()];
}

/// "(did you mean 'device'?)" or "; known names: a, b, c" for an unknown name among `known`.
std::string suggestion(std::string_view name, const std::vector<std::string>& known, const char* what) {
  if (known.empty()) return fmt::format(" (no {} are defined)", what);
  const std::string* best = nullptr;
  std::size_t best_distance = std::max<std::size_t>(2, name.size() / 3) + 1;
  for (const std::string& k : known) {
    std::size_t d = edit_distance(name, k);
    if (d < best_distance) {
      best_distance = d;
      best = &k;
    }
  }
  if (best) return fmt::format(" (did you mean '{}'?)", *best);
  std::string list;
  std::size_t shown = std::min<std::size_t>(known.size(), 12);
  for (std::size_t i = 0; i < shown; ++i) list += (i ? ", " : "") + known[i];
  if (shown < known.size()) list += fmt::format(", … ({} in all)", known.size());
  return fmt::format("; known {}: {}", what, list);
}

class Evaluator {
 public:
  Evaluator(const Program& program, const Context& context) : p_(program), ctx_(context) {}

  Value eval(std::int32_t index) const {
    const Node& n = p_.nodes[index];
    switch (n.op) {
      case Op::Constant: return p_.constants[n.index];
      case Op::Name: return lookup(p_.names[n.index], n.column);
      case Op::List: {
        List items;
        items.reserve(n.count);
        for (std::uint32_t i = 0; i < n.count; ++i) items.push_back(eval(p_.args[n.first + i]));
        return items;
      }
      case Op::Call: return call(n);
      case Op::Index: return subscript(eval(n.a), eval(n.b), n.column);
      case Op::Neg:
      case Op::Pos: return sign(n.op, eval(n.a), n.column);
      case Op::Not: return !eval(n.a).truthy();
      case Op::And: {
        Value left = eval(n.a);
        return left.truthy() ? eval(n.b) : left;
      }
      case Op::Or: {
        Value left = eval(n.a);
        return left.truthy() ? left : eval(n.b);
      }
      case Op::Add: case Op::Sub: case Op::Mul: case Op::Div: case Op::FloorDiv: case Op::Mod: case Op::Pow:
        return arithmetic(n.op, eval(n.a), eval(n.b), n.column);
      case Op::Compare: {
        Value left = eval(p_.args[n.first]);
        for (std::uint32_t i = 1; i < n.count; ++i) {
          Value right = eval(p_.args[n.first + i]);
          const CmpEntry& c = p_.cmps[n.cmp_first + i - 1];
          if (!compare(c.cmp, left, right, c.column)) return false;
          left = std::move(right);
        }
        return true;
      }
      case Op::Cond: return eval(n.b).truthy() ? eval(n.a) : eval(n.c);
    }
    throw ExprError(n.column, "internal: unknown expression node");
  }

 private:
  Value call(const Node& n) const {
    // Builtins take few arguments; keep them on the stack unless a min/max call has many.
    constexpr std::uint32_t kInline = 4;
    if (n.count <= kInline) {
      Value args[kInline];
      for (std::uint32_t i = 0; i < n.count; ++i) args[i] = eval(p_.args[n.first + i]);
      return call_builtin(n.fn, args, n.count, n.column);
    }
    std::vector<Value> args;
    args.reserve(n.count);
    for (std::uint32_t i = 0; i < n.count; ++i) args.push_back(eval(p_.args[n.first + i]));
    return call_builtin(n.fn, args.data(), args.size(), n.column);
  }

  static Value subscript(const Value& container, const Value& key, int column) {
    if (container.is_map()) {
      if (!key.is_string())
        throw ExprError(column, fmt::format("a map is indexed by a string key, got {} {}", key.type_name(), key.repr()));
      const Map& map = container.as_map();
      auto it = map.find(key.as_string());
      if (it == map.end()) {
        std::vector<std::string> keys;
        for (const auto& entry : map) keys.push_back(entry.first);
        throw ExprError(column, fmt::format("the map has no key {}{}", key.repr(), suggestion(key.as_string(), keys, "keys")));
      }
      return it->second;
    }
    if (!container.is_list() && !container.is_string())
      throw ExprError(column, fmt::format("cannot index {} {}", container.type_name(), container.repr()));
    if (!key.is_int() && !key.is_bool())
      throw ExprError(column, fmt::format("an index must be an int, got {} {}", key.type_name(), key.repr()));
    std::int64_t size = container.is_list() ? static_cast<std::int64_t>(container.as_list().size())
                                            : static_cast<std::int64_t>(container.as_string().size());
    std::int64_t i = key.as_int();
    if (i < 0) i += size;  // Python: negative indices count from the end
    if (i < 0 || i >= size)
      throw ExprError(column, fmt::format("index {} is out of range for a {} of length {}", key.as_int(),
                                          container.type_name(), size));
    if (container.is_list()) return container.as_list()[i];
    return std::string(1, container.as_string()[i]);
  }

  Value lookup(const NameRef& ref, int column) const {
    if (const Value* v = ctx_.find(ref.text, ref.hash)) return *v;
    for (const NameRef::Prefix& prefix : ref.prefixes) {
      std::string_view base_name = std::string_view(ref.text).substr(0, prefix.length);
      const Value* base = ctx_.find(base_name, prefix.hash);
      if (!base) continue;
      return member_path(*base, base_name, std::string_view(ref.text).substr(prefix.length + 1), column);
    }
    throw ExprError(column, fmt::format("unknown name '{}'{}", ref.text, suggestion(ref.text, ctx_.names(), "names")));
  }

  /// Walks `a.b.c` through nested maps starting at the value of `base_name`.
  static Value member_path(const Value& base, std::string_view base_name, std::string_view path, int column) {
    const Value* at = &base;
    std::size_t consumed = base_name.size();
    while (!path.empty()) {
      std::size_t dot = path.find('.');
      std::string_view member = path.substr(0, dot);
      std::string_view owner = std::string_view(base_name.data(), consumed);
      if (!at->is_map())
        throw ExprError(column, fmt::format("'{}' is {} {}, which has no member '{}'", owner, at->type_name(),
                                            at->repr(), member));
      const Map& map = at->as_map();
      auto it = map.find(member);
      if (it == map.end()) {
        std::vector<std::string> keys;
        for (const auto& entry : map) keys.push_back(entry.first);
        throw ExprError(column, fmt::format("'{}' has no member '{}'{}", owner, member,
                                            suggestion(member, keys, "members")));
      }
      at = &it->second;
      consumed += 1 + member.size();
      path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
    }
    return *at;
  }

  const Program& p_;
  const Context& ctx_;
};

}  // namespace

Value evaluate(const Program& program, const Context& context) {
  return Evaluator(program, context).eval(program.root);
}

}  // namespace spak::expr::detail
