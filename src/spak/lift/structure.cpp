#include "spak/lift/structure.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace spak::lift {

namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

/// Function-like attributes that stand between a declaration's start and its name.
const std::set<std::string, std::less<>> kQualifiers = {
    "__launch_bounds__", "__cluster_dims__", "__maxnreg__", "__align__", "alignas",
    "__attribute__",     "__declspec",       "decltype",    "operator"};

std::string_view text_of(std::string_view code, Range r) { return code.substr(r.begin, r.end - r.begin); }

/// Offset just past a string or character literal opening at `i`.
std::size_t skip_literal(std::string_view code, std::size_t i) {
  char quote = code[i];
  for (std::size_t j = i + 1; j < code.size(); ++j) {
    if (code[j] == '\\') { ++j; continue; }
    if (code[j] == quote || code[j] == '\n') return j + 1;
  }
  return code.size();
}

/// Name and opening parenthesis of the first function declared in [from, limit), skipping attribute-like
/// qualifiers such as `__launch_bounds__(256)`. For a struct or class, `paren` is npos.
struct Declared {
  std::string name;
  std::size_t name_offset = npos, paren = npos;
};

Declared declared_name(std::string_view code, std::size_t from, std::size_t limit) {
  static const Regex name_re(R"(\b(?:(?:struct|class)\s+(?<type>[A-Za-z_]\w*)|(?<fn>[A-Za-z_]\w*)\s*\())");
  std::size_t pos = from;
  while (pos < limit) {
    auto m = name_re.find(code.substr(0, limit).substr(pos));
    if (!m) break;
    if (auto t = m->groups.find("type"); t != m->groups.end())
      return {std::string(code.substr(pos + t->second.begin, t->second.end - t->second.begin)),
              pos + t->second.begin, npos};
    Range fn = m->groups.at("fn");
    std::string name(code.substr(pos + fn.begin, fn.end - fn.begin));
    std::size_t paren = pos + m->whole.end - 1;
    if (!kQualifiers.count(name)) return {name, pos + fn.begin, paren};
    std::size_t close = matching_close(code, paren);
    if (close == npos) break;
    pos = close + 1;
  }
  return {};
}

bool is_literal(std::string_view s) {
  if (s == "true" || s == "false" || s == "True" || s == "False") return true;
  if (s.empty()) return false;
  std::size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i == s.size()) return false;
  bool digit = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (std::isdigit(static_cast<unsigned char>(c))) digit = true;
    else if (c != '.' && c != 'e' && c != 'E' && c != 'u' && c != 'U' && c != 'f' && c != '_') return false;
  }
  return digit;
}

bool is_type_param(std::string_view param) {
  return param.rfind("typename", 0) == 0 || param.rfind("class", 0) == 0;
}

bool is_type_name(std::string_view s) {
  return !s.empty() && !std::isdigit(static_cast<unsigned char>(s[0])) &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':'; });
}

std::vector<Param> params_of(std::string_view code, std::size_t open, const std::string& owner) {
  std::vector<Param> params;
  std::size_t close = matching_close(code, open);
  if (close == npos) return params;
  int index = 0;
  for (Range r : split_arguments(code, {open + 1, close})) {
    std::string_view t = text_of(code, r);
    if (t == "self" || t == "*" || t == "/") continue;
    params.push_back({r, owner, index++, {}});
  }
  return params;
}

/// Indentation (in characters) of the line starting at `begin`.
std::size_t indent_at(std::string_view code, std::size_t begin) {
  std::size_t i = begin;
  while (i < code.size() && (code[i] == ' ' || code[i] == '\t')) ++i;
  return i - begin;
}

void analyze_python_kernels(const SourceFile& source, const Regex& marker, Structure& out) {
  static const Regex def_re(R"(\bdef\s+(?<name>[A-Za-z_]\w*)\s*\()");
  std::string_view code = source.code;
  for (const RegexMatch& mark : marker.find_all(code)) {
    auto def = def_re.find(code.substr(mark.whole.end));
    if (!def) continue;
    std::size_t def_at = mark.whole.end + def->whole.begin;
    Range name = def->groups.at("name");
    std::string kernel_name(code.substr(mark.whole.end + name.begin, name.end - name.begin));
    std::size_t open = mark.whole.end + def->whole.end - 1;
    std::size_t close = matching_close(code, open);
    if (close == npos) continue;
    std::size_t def_line_start = source.line_starts[source.line_of(def_at) - 1];
    std::size_t def_indent = indent_at(code, def_line_start);
    // The body is every following line indented deeper than `def`; blank (or comment-only) lines belong to it.
    std::size_t end = code.size();
    for (int line = source.line_of(close) + 1; line <= static_cast<int>(source.line_starts.size()); ++line) {
      std::size_t start = source.line_starts[line - 1];
      std::size_t indent = indent_at(code, start);
      bool blank = start + indent >= code.size() || code[start + indent] == '\n' || code[start + indent] == '\r';
      if (!blank && indent <= def_indent) {
        end = start;
        break;
      }
    }
    // The marker may start on a blank line before the decorator (`^\s*` spans newlines); begin at the decorator.
    std::size_t begin = code.find_first_not_of(" \t\r\n", mark.whole.begin);
    out.kernels.push_back({kernel_name, {begin, end}, def_at});
    for (Param& p : params_of(code, open, kernel_name)) out.kernel_params.push_back(std::move(p));
  }
}

void analyze_c_kernels(const SourceFile& source, const Regex& marker, Structure& out) {
  std::string_view code = source.code;
  for (const RegexMatch& mark : marker.find_all(code)) {
    std::size_t limit = code.find_first_of("{;", mark.whole.end);
    if (limit == npos) continue;
    Declared decl = declared_name(code, mark.whole.end, limit);
    if (decl.paren == npos) continue;
    std::size_t close = matching_close(code, decl.paren);
    if (close == npos) continue;
    std::size_t brace = code.find_first_of("{;", close);
    if (brace == npos || code[brace] == ';') continue;  // a declaration, not a definition
    std::size_t end = matching_close(code, brace);
    end = end == npos ? code.size() : end + 1;
    out.kernels.push_back({decl.name, {mark.whole.begin, end}, decl.name_offset});
    for (Param& p : params_of(code, decl.paren, decl.name)) out.kernel_params.push_back(std::move(p));
  }
}

void analyze_templates(std::string_view code, Structure& out) {
  static const Regex template_re(R"(\btemplate\s*<)");
  for (const RegexMatch& t : template_re.find_all(code)) {
    std::size_t open = t.whole.end - 1;
    std::size_t close = matching_close(code, open);
    if (close == npos) continue;
    std::size_t limit = code.find_first_of("{;", close);
    if (limit == npos) limit = code.size();
    Declared decl = declared_name(code, close + 1, limit);
    if (decl.name.empty()) continue;
    std::vector<Param> params = params_of(code, open, decl.name);
    // Instantiations such as `gemm<128, 128, 32, 3><<<grid, block>>>` bind literal values by position.
    Regex use_re("\\b" + decl.name + "\\s*<");
    for (const RegexMatch& use : use_re.find_all(code)) {
      std::size_t use_open = use.whole.end - 1;
      std::size_t use_close = matching_close(code, use_open);
      if (use_close == npos) continue;
      std::vector<Range> args = split_arguments(code, {use_open + 1, use_close});
      for (std::size_t i = 0; i < args.size() && i < params.size(); ++i) {
        std::string value(text_of(code, args[i]));
        auto& bound = params[i].bound_values;
        // A type parameter binds type names; a value parameter binds literals only (a name there is another
        // template's parameter, not a value).
        bool accepted = is_type_param(text_of(code, params[i].range)) ? is_type_name(value) : is_literal(value);
        if (accepted && std::find(bound.begin(), bound.end(), value) == bound.end()) bound.push_back(value);
      }
    }
    for (Param& p : params) out.template_params.push_back(std::move(p));
  }
  // `Smem<T, BM>` inside another template passes that template's parameters on: names of parameters are not
  // values of anything.
  static const Regex param_name_re(R"((?<name>[A-Za-z_]\w*)\s*(?:=.*)?$)");
  std::set<std::string> names;
  for (const Param& p : out.template_params)
    if (auto m = param_name_re.find(text_of(code, p.range)))
      names.insert(std::string(text_of(code, p.range).substr(m->groups.at("name").begin,
                                                             m->groups.at("name").end - m->groups.at("name").begin)));
  for (Param& p : out.template_params)
    std::erase_if(p.bound_values, [&](const std::string& v) { return names.count(v) > 0; });
}

void analyze_list_bindings(std::string_view code, Structure& out) {
  // `for x in (a, b)` binds x to {a, b}; `for x, y in ((a, b), (c, d))` binds x to {a, c} and y to {b, d}.
  static const Regex for_re(R"(\bfor\s+(?<vars>[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s+in\s+[\(\[])");
  static const Regex var_re(R"([A-Za-z_]\w*)");
  for (const RegexMatch& m : for_re.find_all(code)) {
    std::vector<std::string> vars;
    for (const RegexMatch& v : var_re.find_all(text_of(code, m.groups.at("vars"))))
      vars.emplace_back(text_of(code, m.groups.at("vars")).substr(v.whole.begin, v.whole.end - v.whole.begin));
    std::size_t open = m.whole.end - 1;
    std::size_t close = matching_close(code, open);
    if (close == npos) continue;
    std::vector<std::vector<std::string>> columns(vars.size());
    bool literal = true;
    for (Range item : split_arguments(code, {open + 1, close})) {
      std::vector<Range> parts{item};
      if (vars.size() > 1) {
        char c = code[item.begin];
        std::size_t item_close = (c == '(' || c == '[') ? matching_close(code, item.begin) : npos;
        if (item_close == npos) { literal = false; break; }
        parts = split_arguments(code, {item.begin + 1, item_close});
      }
      if (parts.size() != vars.size()) { literal = false; break; }
      for (std::size_t i = 0; i < parts.size(); ++i) {
        std::string value(text_of(code, parts[i]));
        literal = literal && is_literal(value);
        columns[i].push_back(value);
      }
    }
    if (!literal) continue;
    for (std::size_t i = 0; i < vars.size(); ++i)
      if (!columns[i].empty()) out.list_bindings[vars[i]] = columns[i];
  }
}

}  // namespace

const Kernel* Structure::kernel_at(std::size_t offset) const {
  for (const Kernel& k : kernels)
    if (offset >= k.range.begin && offset < k.range.end) return &k;
  return nullptr;
}

std::size_t matching_close(std::string_view code, std::size_t open) {
  auto closer = [](char c) { return c == '(' ? ')' : c == '[' ? ']' : c == '{' ? '}' : '>'; };
  std::vector<char> stack{code[open]};
  for (std::size_t i = open + 1; i < code.size(); ++i) {
    char c = code[i];
    if (c == '"' || c == '\'') {
      i = skip_literal(code, i) - 1;
      continue;
    }
    if (c == '(' || c == '[' || c == '{') {
      stack.push_back(c);
    } else if (c == '<' && stack.back() == '<') {
      stack.push_back(c);  // angle brackets nest only directly inside angle brackets (templates)
    } else if (c == ')' || c == ']' || c == '}' || (c == '>' && stack.back() == '<')) {
      if (closer(stack.back()) != c) return npos;  // unbalanced: give up rather than guess
      stack.pop_back();
      if (stack.empty()) return i;
    }
  }
  return npos;
}

std::vector<Range> split_arguments(std::string_view code, Range inside) {
  std::vector<Range> pieces;
  auto push = [&](std::size_t b, std::size_t e) {
    while (b < e && is_space(code[b])) ++b;
    while (e > b && is_space(code[e - 1])) --e;
    if (e > b) pieces.push_back({b, e});
  };
  std::size_t start = inside.begin;
  for (std::size_t i = inside.begin; i < inside.end; ++i) {
    char c = code[i];
    if (c == '"' || c == '\'') {
      i = skip_literal(code, i) - 1;
    } else if (c == '(' || c == '[' || c == '{' || (c == '<' && code[inside.begin - 1] == '<')) {
      std::size_t close = matching_close(code, i);
      if (close == npos || close >= inside.end) break;
      i = close;
    } else if (c == ',') {
      push(start, i);
      start = i + 1;
    }
  }
  push(start, inside.end);
  return pieces;
}

std::vector<Range> find_calls(std::string_view code, const Regex& callee) {
  std::vector<Range> calls;
  for (const RegexMatch& m : callee.find_all(code)) {
    std::size_t open = code.find('(', m.whole.end - 1);
    if (open == npos) continue;
    std::size_t close = matching_close(code, open);
    calls.push_back({m.whole.begin, close == npos ? code.size() : close + 1});
  }
  return calls;
}

Structure analyze(const SourceFile& source, KernelStyle style, const Regex& marker) {
  Structure out;
  if (style == KernelStyle::PythonDecorator) analyze_python_kernels(source, marker, out);
  else analyze_c_kernels(source, marker, out);
  analyze_templates(source.code, out);
  analyze_list_bindings(source.code, out);
  return out;
}

}  // namespace spak::lift
