#include "spak/expr/parser.h"

#include <fmt/format.h>

#include "spak/expr/context.h"
#include "spak/expr/error.h"
#include "spak/expr/lexer.h"

namespace spak::expr::detail {
namespace {

/// A builtin function with how many arguments it takes (max -1 = any number).
struct BuiltinInfo {
  std::string_view name;
  Builtin fn;
  int min_args, max_args;
};

constexpr BuiltinInfo kBuiltins[] = {
    {"min", Builtin::Min, 1, -1},     {"max", Builtin::Max, 1, -1},     {"abs", Builtin::Abs, 1, 1},
    {"log2", Builtin::Log2, 1, 1},    {"ceil", Builtin::Ceil, 1, 1},    {"floor", Builtin::Floor, 1, 1},
    {"len", Builtin::Len, 1, 1},      {"sqrt", Builtin::Sqrt, 1, 1},    {"round", Builtin::Round, 1, 2},
    {"int", Builtin::Int, 1, 1},      {"float", Builtin::Float, 1, 1},
};

std::string known_functions() {
  std::string out;
  for (const BuiltinInfo& b : kBuiltins) out += (out.empty() ? "" : ", ") + std::string(b.name);
  return out;
}

class Parser {
 public:
  Parser(std::string_view text, std::size_t first_token = 0)
      : tokens_(tokenize(text)), pos_(first_token), program_(std::make_shared<Program>()) {}

  const std::vector<Token>& tokens() const { return tokens_; }
  void seek(std::size_t pos) { pos_ = pos; }

  /// Parses an expression that must run to the end of the text.
  std::shared_ptr<const Program> whole(std::string text) {
    program_->text = std::move(text);
    program_->root = expression();
    if (cur().kind != Tok::End) fail_trailing();
    return program_;
  }

 private:
  const Token& cur() const { return tokens_[pos_]; }
  const Token& next() const { return tokens_[std::min(pos_ + 1, tokens_.size() - 1)]; }
  bool at(Tok kind) const { return cur().kind == kind; }
  const Token& take() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }

  [[noreturn]] void fail_trailing() const {
    const Token& t = cur();
    if (t.kind == Tok::Assign)
      throw ExprError(t.column, "'=' assigns, it does not compare; write '==' to test equality");
    if (t.kind == Tok::RParen || t.kind == Tok::RBracket)
      throw ExprError(t.column, fmt::format("{} has no matching opening bracket", describe(t.kind)));
    throw ExprError(t.column, fmt::format("unexpected {} after a complete expression (missing operator?)",
                                          describe(t)));
  }

  /// Throws "expected X …" at the current token.
  [[noreturn]] void expected(const std::string& what) const {
    throw ExprError(cur().column, fmt::format("expected {}, found {}", what, describe(cur())));
  }

  std::int32_t add(Node node) {
    program_->nodes.push_back(node);
    return static_cast<std::int32_t>(program_->nodes.size() - 1);
  }
  std::int32_t unary(Op op, int column, std::int32_t a) {
    Node n;
    n.op = op;
    n.column = column;
    n.a = a;
    return add(n);
  }
  std::int32_t binary(Op op, int column, std::int32_t a, std::int32_t b) {
    Node n;
    n.op = op;
    n.column = column;
    n.a = a;
    n.b = b;
    return add(n);
  }
  std::int32_t constant(Value value, int column) {
    program_->constants.push_back(std::move(value));
    Node n;
    n.op = Op::Constant;
    n.column = column;
    n.index = static_cast<std::uint32_t>(program_->constants.size() - 1);
    return add(n);
  }
  std::int32_t name(const std::string& text, int column) {
    std::uint32_t index = 0;
    while (index < program_->names.size() && program_->names[index].text != text) ++index;
    if (index == program_->names.size()) {
      NameRef ref;
      ref.text = text;
      ref.hash = Context::hash(text);
      for (std::size_t dot = text.rfind('.'); dot != std::string::npos && dot > 0; dot = text.rfind('.', dot - 1))
        ref.prefixes.push_back({static_cast<std::uint32_t>(dot), Context::hash(std::string_view(text).substr(0, dot))});
      program_->names.push_back(std::move(ref));
      program_->name_list.push_back(text);
    }
    Node n;
    n.op = Op::Name;
    n.column = column;
    n.index = index;
    return add(n);
  }

  /// Stores `items` as one contiguous range of args and returns its start.
  std::uint32_t store_args(const std::vector<std::int32_t>& items) {
    auto first = static_cast<std::uint32_t>(program_->args.size());
    program_->args.insert(program_->args.end(), items.begin(), items.end());
    return first;
  }

  std::int32_t expression() {
    std::int32_t value = or_expr();
    if (at(Tok::If)) {
      int column = take().column;
      std::int32_t condition = or_expr();
      if (!at(Tok::Else))
        expected(fmt::format("'else' to complete the 'if' at column {} (a if condition else b)", column));
      take();
      std::int32_t otherwise = expression();
      Node n;
      n.op = Op::Cond;
      n.column = column;
      n.a = value;
      n.b = condition;
      n.c = otherwise;
      return add(n);
    }
    return value;
  }

  std::int32_t or_expr() {
    std::int32_t left = and_expr();
    while (at(Tok::Or)) {
      int column = take().column;
      left = binary(Op::Or, column, left, and_expr());
    }
    return left;
  }

  std::int32_t and_expr() {
    std::int32_t left = not_expr();
    while (at(Tok::And)) {
      int column = take().column;
      left = binary(Op::And, column, left, not_expr());
    }
    return left;
  }

  std::int32_t not_expr() {
    if (at(Tok::Not)) {
      int column = take().column;
      return unary(Op::Not, column, not_expr());
    }
    return comparison();
  }

  /// The comparison at the current token, consuming it, or false when there is none.
  bool comparison_op(CmpEntry& entry) {
    static constexpr std::pair<Tok, Cmp> simple[] = {{Tok::EqEq, Cmp::Eq}, {Tok::NotEq, Cmp::Ne},
                                                     {Tok::Lt, Cmp::Lt},   {Tok::Le, Cmp::Le},
                                                     {Tok::Gt, Cmp::Gt},   {Tok::Ge, Cmp::Ge},
                                                     {Tok::In, Cmp::In}};
    entry.column = cur().column;
    for (auto [tok, cmp] : simple) {
      if (at(tok)) {
        take();
        entry.cmp = cmp;
        return true;
      }
    }
    if (at(Tok::Not) && next().kind == Tok::In) {
      take();
      take();
      entry.cmp = Cmp::NotIn;
      return true;
    }
    return false;
  }

  std::int32_t comparison() {
    std::int32_t first = sum();
    CmpEntry entry{};
    if (!comparison_op(entry)) return first;
    std::vector<std::int32_t> operands{first};
    std::vector<CmpEntry> cmps;
    do {
      cmps.push_back(entry);
      operands.push_back(sum());
    } while (comparison_op(entry));
    Node n;
    n.op = Op::Compare;
    n.column = cmps.front().column;
    n.first = store_args(operands);
    n.count = static_cast<std::uint32_t>(operands.size());
    n.cmp_first = static_cast<std::uint32_t>(program_->cmps.size());
    program_->cmps.insert(program_->cmps.end(), cmps.begin(), cmps.end());
    return add(n);
  }

  std::int32_t sum() {
    std::int32_t left = term();
    while (at(Tok::Plus) || at(Tok::Minus)) {
      const Token& t = take();
      Op op = t.kind == Tok::Plus ? Op::Add : Op::Sub;
      left = binary(op, t.column, left, term());
    }
    return left;
  }

  std::int32_t term() {
    std::int32_t left = factor();
    for (;;) {
      Op op;
      switch (cur().kind) {
        case Tok::Star: op = Op::Mul; break;
        case Tok::Slash: op = Op::Div; break;
        case Tok::SlashSlash: op = Op::FloorDiv; break;
        case Tok::Percent: op = Op::Mod; break;
        default: return left;
      }
      int column = take().column;
      left = binary(op, column, left, factor());
    }
  }

  std::int32_t factor() {
    if (at(Tok::Minus) || at(Tok::Plus)) {
      const Token& t = take();
      Op op = t.kind == Tok::Minus ? Op::Neg : Op::Pos;
      return unary(op, t.column, factor());
    }
    return power();
  }

  std::int32_t power() {
    std::int32_t base = postfix();
    if (at(Tok::StarStar)) {
      int column = take().column;
      return binary(Op::Pow, column, base, factor());  // right-associative; `2 ** -1` is allowed
    }
    return base;
  }

  std::int32_t postfix() {
    std::int32_t value = atom();
    while (at(Tok::LBracket)) {
      int column = take().column;
      std::int32_t index = expression();
      if (!at(Tok::RBracket)) expected(fmt::format("']' to close the '[' at column {}", column));
      take();
      value = binary(Op::Index, column, value, index);
    }
    return value;
  }

  /// Comma-separated expressions up to `close`; the opening token was at `open_column`.
  std::vector<std::int32_t> items(Tok close, int open_column, const char* open) {
    std::vector<std::int32_t> out;
    while (!at(close)) {
      if (at(Tok::End))
        expected(fmt::format("'{}' to close the '{}' at column {}", close == Tok::RParen ? ")" : "]", open,
                             open_column));
      out.push_back(expression());
      if (at(Tok::Comma)) {
        take();
      } else if (!at(close)) {
        expected(fmt::format("',' or '{}' to close the '{}' at column {}", close == Tok::RParen ? ")" : "]",
                             open, open_column));
      }
    }
    take();
    return out;
  }

  std::int32_t call(const Token& fn_token) {
    int open_column = take().column;  // '('
    const BuiltinInfo* info = nullptr;
    for (const BuiltinInfo& b : kBuiltins)
      if (b.name == fn_token.text) info = &b;
    if (!info)
      throw ExprError(fn_token.column,
                      fmt::format("unknown function '{}'; the functions are {}", fn_token.text, known_functions()));
    std::vector<std::int32_t> args = items(Tok::RParen, open_column, "(");
    int n = static_cast<int>(args.size());
    if (n < info->min_args || (info->max_args >= 0 && n > info->max_args)) {
      std::string takes = info->max_args < 0             ? fmt::format("at least {} argument", info->min_args)
                          : info->min_args == info->max_args ? fmt::format("{} argument{}", info->min_args,
                                                                           info->min_args == 1 ? "" : "s")
                                                         : fmt::format("{} to {} arguments", info->min_args,
                                                                       info->max_args);
      throw ExprError(fn_token.column, fmt::format("{}() takes {}, got {}", info->name, takes, n));
    }
    Node node;
    node.op = Op::Call;
    node.fn = info->fn;
    node.column = fn_token.column;
    node.first = store_args(args);
    node.count = static_cast<std::uint32_t>(args.size());
    return add(node);
  }

  std::int32_t atom() {
    const Token& t = cur();
    switch (t.kind) {
      case Tok::Int: take(); return constant(Value(t.int_value), t.column);
      case Tok::Float: take(); return constant(Value(t.float_value), t.column);
      case Tok::String: take(); return constant(Value(t.text), t.column);
      case Tok::True: take(); return constant(Value(true), t.column);
      case Tok::False: take(); return constant(Value(false), t.column);
      case Tok::Null: take(); return constant(Value(), t.column);
      case Tok::Name:
        take();
        if (at(Tok::LParen)) return call(t);
        return name(t.text, t.column);
      case Tok::LParen: {
        take();
        std::int32_t inner = expression();
        if (!at(Tok::RParen)) expected(fmt::format("')' to close the '(' at column {}", t.column));
        take();
        return inner;
      }
      case Tok::LBracket: {
        take();
        std::vector<std::int32_t> elements = items(Tok::RBracket, t.column, "[");
        // A list of constants is built once here, so `x in [1, 2, 4]` does not allocate per evaluation.
        bool all_constant = true;
        for (std::int32_t e : elements) all_constant = all_constant && program_->nodes[e].op == Op::Constant;
        if (all_constant) {
          List list;
          for (std::int32_t e : elements) list.push_back(program_->constants[program_->nodes[e].index]);
          return constant(Value(std::move(list)), t.column);
        }
        Node n;
        n.op = Op::List;
        n.column = t.column;
        n.first = store_args(elements);
        n.count = static_cast<std::uint32_t>(elements.size());
        return add(n);
      }
      case Tok::End:
        if (pos_ == 0) throw ExprError(t.column, "empty expression");
        throw ExprError(t.column, fmt::format("expected a value after {}, found the end of the expression",
                                              describe(tokens_[pos_ - 1])));
      default:
        expected("a value (a number, string, name, call, '(' or '[')");
    }
  }

  std::vector<Token> tokens_;
  std::size_t pos_;
  std::shared_ptr<Program> program_;
};

}  // namespace

std::shared_ptr<const Program> parse_program(std::string_view text) {
  return Parser(text).whole(std::string(text));
}

ParsedStatement parse_statement(std::string_view text) {
  Parser parser(text);
  const std::vector<Token>& tokens = parser.tokens();
  ParsedStatement out;
  std::size_t pos = 0;
  // `select` is a keyword only in this position, so `select` stays usable as an ordinary name elsewhere.
  if (tokens[0].kind == Tok::Name && tokens[0].text == "select" && tokens[1].kind == Tok::Name) {
    out.select = true;
    pos = 1;
  }
  const Token& target = tokens[pos];
  if (target.kind != Tok::Name)
    throw ExprError(target.column, fmt::format("expected a name to assign (name = value), found {}",
                                               describe(target)));
  const Token& assign = tokens[pos + 1];
  if (assign.kind != Tok::Assign) {
    std::string hint = assign.kind == Tok::EqEq ? "; '==' compares, a statement assigns with '='" : "";
    throw ExprError(assign.column, fmt::format("expected '=' after '{}' (name = value), found {}{}", target.text,
                                               describe(assign), hint));
  }
  out.target = target.text;
  out.target_column = target.column;
  // The value's text starts after '='; its columns still count from the start of the statement.
  const Token& value_start = tokens[pos + 2];
  std::size_t byte = 0;
  for (int column = 1; column < value_start.column && byte < text.size(); ++column) {
    ++byte;
    while (byte < text.size() && (static_cast<unsigned char>(text[byte]) & 0xC0) == 0x80) ++byte;
  }
  parser.seek(pos + 2);
  out.value = parser.whole(std::string(text.substr(byte)));
  return out;
}

bool is_literal(const Program& program, std::int32_t node) {
  const Node& n = program.nodes[node];
  switch (n.op) {
    case Op::Constant: return true;
    case Op::Neg: {
      const Node& inner = program.nodes[n.a];
      return inner.op == Op::Constant && program.constants[inner.index].is_number();
    }
    case Op::List:
      for (std::uint32_t i = 0; i < n.count; ++i)
        if (!is_literal(program, program.args[n.first + i])) return false;
      return true;
    default: return false;
  }
}

}  // namespace spak::expr::detail
