// The lowering, one function per construct. Sections are recognised by the first word of their head (or by
// their key, for `key: { … }` and `key:` + indented lines), so both `measure { … }` and `measure: { … }` work.

#include "spak/dsl/lower.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <deque>
#include <initializer_list>
#include <limits>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "spak/dsl/entry.h"
#include "spak/dsl/json_export.h"
#include "spak/dsl/parser.h"
#include "spak/dsl/source_map.h"

namespace spak::dsl {
namespace {

/// The words of a head: identifiers, numbers and punctuation as written, strings unescaped. Only the first
/// kKept words are kept (the lowering never looks further) and unquoted words are views, so reading a head
/// allocates nothing for the common short, unquoted words.
struct Head {
  static constexpr std::size_t kKept = 4;
  std::size_t count = 0;                         ///< number of words, including those not kept
  std::array<std::string_view, kKept> written;   ///< unquoted words (views into the source or the entry's key)
  std::array<std::string, kKept> unescaped;      ///< quoted words' content
  std::array<bool, kKept> quoted{};              ///< word i was a string literal
  std::string params;        ///< text inside the first (...), if any
  bool has_parens = false;
  std::string after_colon;   ///< text after a `:` in the head (`step id: tool.run` → "tool.run")
  bool has_colon = false;

  /// Word i, or "" past the last kept word.
  std::string_view word(std::size_t i) const {
    if (i >= std::min(count, kKept)) return {};
    return quoted[i] ? std::string_view(unescaped[i]) : written[i];
  }
  bool is_quoted(std::size_t i) const { return i < std::min(count, kKept) && quoted[i]; }
  void add(std::string_view w) {
    if (count < kKept) written[count] = w;
    ++count;
  }
  void add_quoted(std::string content) {
    if (count < kKept) unescaped[count] = std::move(content), quoted[count] = true;
    ++count;
  }
};

/// The pieces one after another, in one allocation and without a call per piece (as appending costs).
std::string joined(std::initializer_list<std::string_view> pieces) {
  std::size_t size = 0;
  for (const std::string_view piece : pieces) size += piece.size();
  std::string out(size, '\0');
  char* at = out.data();
  for (const std::string_view piece : pieces) at = std::copy(piece.begin(), piece.end(), at);
  return out;
}

std::string_view first_word(std::string_view key) { return key.substr(0, key.find(' ')); }
std::string rest_words(const std::string& key) {
  const auto sp = key.find(' ');
  if (sp == std::string::npos) return {};
  const auto start = key.find_first_not_of(' ', sp);
  return start == std::string::npos ? std::string{} : key.substr(start);
}

void append_line(std::string& text, const std::string& line) {
  if (!text.empty()) text += '\n';
  text += line;
}

std::vector<std::string> split_params(const std::string& text) {
  std::vector<std::string> out;
  int depth = 0;
  std::string cur;
  auto flush = [&] {
    const auto b = cur.find_first_not_of(' '), e = cur.find_last_not_of(' ');
    if (b != std::string::npos) out.push_back(cur.substr(b, e - b + 1));
    cur.clear();
  };
  for (char c : text) {
    if (c == '(' || c == '[') ++depth;
    if (c == ')' || c == ']') --depth;
    if (c == ',' && depth == 0) flush(); else cur += c;
  }
  flush();
  return out;
}

nlohmann::json yaml_to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      nlohmann::json o = nlohmann::json::object();
      for (const auto& kv : node) o[kv.first.as<std::string>()] = yaml_to_json(kv.second);
      return o;
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json a = nlohmann::json::array();
      for (const auto& v : node) a.push_back(yaml_to_json(v));
      return a;
    }
    case YAML::NodeType::Scalar: {
      const std::string& s = node.Scalar();
      if (node.Tag() == "!") return s;  // quoted: always a string
      long long i;
      double d;
      bool b;
      if (YAML::convert<long long>::decode(node, i)) return i;
      if (YAML::convert<double>::decode(node, d)) return d;
      if (YAML::convert<bool>::decode(node, b)) return b;
      if (s == "~" || s == "null") return nullptr;
      return s;
    }
    default:
      return nullptr;
  }
}

class Lowering {
 public:
  Lowering(const SyntaxTree& tree, const SourceMap& map, const std::string& path,
           std::vector<Diagnostic>& diagnostics)
      : tree_(tree), reader_(tree), map_(map), path_(path), file_(path), diagnostics_(diagnostics) {}

  Document run() {
    Document doc;
    doc.path = path_;
    for (std::uint32_t c = tree_.root().first_child; c != Node::kNone; c = tree_.nodes[c].next_sibling)
      if (tree_.nodes[c].kind == NodeKind::FrontMatter) doc.front_matter = front_matter(tree_.nodes[c].first);
    std::vector<Entry> entries = reader_.entries(0);
    // Sized once: a System is large, and moving every one on each regrowth shows in big files.
    std::size_t systems = 0;
    for (const Entry& e : entries)
      systems += e.kind == Entry::Kind::Block && !e.keyed && first_word(e.head_text) == "system";
    doc.systems.reserve(systems);
    for (Entry& e : entries) {
      if (e.kind == Entry::Kind::Field && e.body == Node::kNone) {
        add_field(doc.fields, e);
        continue;
      }
      const Head h = head(e);
      const std::string_view kw = h.word(0);
      if (e.kind == Entry::Kind::Statement && kw == "import" && h.count == 2 && h.is_quoted(1)) {
        doc.imports.push_back(word(h, 1));
      } else if (e.kind == Entry::Kind::Block && !e.keyed && kw == "system") {
        doc.systems.push_back(system(e, h));
      } else if (e.kind == Entry::Kind::Block && !e.keyed && kw == "system_model") {
        doc.system_models.push_back(system_model(e, h));
      } else if (e.kind == Entry::Kind::Block && !e.keyed && kw == "task") {
        doc.tasks.push_back(task(e, h));
      } else {
        keep(e, doc.unknown, "the top level", "known here: system, system_model, task, import");
      }
    }
    return doc;
  }

 private:
  // ---- helpers --------------------------------------------------------------------------------------------

  Span span(std::size_t begin, std::size_t end) const {
    Span s;
    s.file = file_;
    s.begin = begin;
    s.end = end;
    map_.locate(s);
    return s;
  }
  Span span(const Entry& e) const { return span(e.begin, e.end); }

  Diagnostic& warn(const Entry& e, std::string message, Hint hint = {}) {
    Diagnostic& d = diagnostics_.emplace_back();
    d.severity = Diagnostic::Severity::Warning;
    d.span.begin = e.begin;
    d.span.end = e.begin;
    d.message = std::move(message);
    d.hint = hint;
    return d;
  }

  /// Keeps an entry nothing understands, with a warning naming where it was and (in `known`) what is known there.
  void keep(Entry& e, std::vector<GenericNode>& into, std::string_view where, Hint known) {
    // A large file has one of these per unknown line: built by joined(), not fmt::format or appends.
    const bool statement = e.kind == Entry::Kind::Statement, field = e.kind == Entry::Kind::Field;
    std::string message = joined({"unknown ", statement ? "statement" : field ? "key `" : "section `",
                                  statement ? std::string_view() : field ? e.key : label(e), statement ? "" : "`",
                                  " in ", where, "; kept but not checked"});
    GenericNode& node = into.emplace_back();
    generic(e, node);
    // The warning points at the node's first character, which generic() has just located: load_string() then
    // leaves it as it is instead of locating it again (a large file has one of these per unknown line).
    Diagnostic& d = warn(e, std::move(message), known);
    d.span.line = d.span.end_line = node.span.line;
    d.span.col = d.span.end_col = node.span.col;
  }

  static const std::string& label(const Entry& e) { return e.keyed ? e.key : e.head_text; }

  /// The words of an entry's head. For a field they are views into `e.key`: read them before moving the key.
  Head head(const Entry& e) const {
    Head h;
    if (e.kind == Entry::Kind::Field && e.head.empty()) {
      // A field (possibly keyed with a body): its key's words.
      const std::string_view key = e.key;
      for (std::size_t p = 0; p < key.size();) {
        const auto b = key.find_first_not_of(' ', p);
        if (b == std::string_view::npos) break;
        const auto sp = key.find(' ', b);
        h.add(key.substr(b, sp == std::string_view::npos ? std::string_view::npos : sp - b));
        p = sp == std::string_view::npos ? key.size() : sp;
      }
      return h;
    }
    const auto& el = e.head;
    for (std::size_t i = 0; i < el.size(); ++i) {
      if (!h.has_colon && reader_.is_punct(el[i], ':')) {
        h.has_colon = true;
        h.after_colon = reader_.text(el, i + 1, el.size());
        break;
      }
      if (reader_.is_punct(el[i], '(') && !h.has_parens) {
        std::size_t j = i + 1;
        int depth = 1;
        for (; j < el.size(); ++j) {
          if (reader_.is_punct(el[j], '(')) ++depth;
          if (reader_.is_punct(el[j], ')') && --depth == 0) break;
        }
        h.has_parens = true;
        h.params = reader_.text(el, i + 1, j);
        i = j;
        continue;
      }
      if (el[i].is_node) continue;
      const TokenKind k = tree_.tokens[el[i].index].kind;
      if (k == TokenKind::String || k == TokenKind::TripleString) {
        // Content is only needed for kept words; a long statement's later strings are just counted.
        h.add_quoted(h.count < Head::kKept ? reader_.string_content(el[i].index) : std::string{});
      } else {
        h.add(reader_.word(el[i]));
      }
    }
    return h;
  }

  static std::string word(const Head& h, std::size_t i) { return std::string(h.word(i)); }

  /// The entry as an IR field. Moves the key, value and text out of `e`: each entry becomes one field.
  Field field(Entry& e) const { return Field{std::move(e.key), std::move(e.value), std::move(e.raw), span(e)}; }
  /// The same, built in place at the end of `into` (a Field moved into a vector costs a move and a destroy).
  void add_field(std::vector<Field>& into, Entry& e) const {
#if defined(__cpp_aggregate_paren_init) && __cpp_aggregate_paren_init >= 201902L
    into.emplace_back(std::move(e.key), std::move(e.value), std::move(e.raw), span(e));
#else  // compilers without parenthesised aggregate init (clang < 16, the fuzz build)
    Field& f = into.emplace_back();
    f.key = std::move(e.key);
    f.value = std::move(e.value);
    f.raw = std::move(e.raw);
    f.span = span(e);
#endif
  }

  /// The entries of a section body, in the Entries of its nesting level, which it leaves (with its entries'
  /// storage) to the next body read at that level when it goes out of scope. Reusing them spares one large
  /// allocation (an Entry is ~200 bytes) per section, which for a large file is most of the lowering's memory
  /// traffic; bodies live and end nested, so a level is all the bookkeeping they need.
  class Body {
   public:
    /// The entries of `container` (none for Node::kNone).
    Body(std::deque<Entries>& levels, std::size_t& depth, const EntryReader& reader, std::uint32_t container)
        : depth_(depth), entries_(depth < levels.size() ? levels[depth] : levels.emplace_back()) {
      ++depth_;
      if (container != Node::kNone) reader.entries(container, entries_);
      else entries_.clear();
    }
    ~Body() { --depth_; }
    Body(const Body&) = delete;
    Body& operator=(const Body&) = delete;

    std::size_t size() const { return entries_.size(); }
    auto begin() { return entries_.begin(); }
    auto end() { return entries_.end(); }

   private:
    std::size_t& depth_;
    Entries& entries_;
  };

  /// The entries of a section's body; a keyed field without a body has none.
  Body body(const Entry& e) {
    const bool readable = e.body != Node::kNone && tree_.nodes[e.body].depth <= kMaxDepth;
    return Body(levels_, depth_, reader_, readable ? e.body : Node::kNone);
  }

  /// The section keyword of an entry: first word of a block head or of a keyed field's key.
  static std::string_view section(const Entry& e) {
    if (e.kind == Entry::Kind::Statement) return {};
    return first_word(e.kind == Entry::Kind::Block && !e.keyed ? e.head_text : e.key);
  }

  /// Fills `g`, a fresh node, with the entry kept whole. Nodes are built where they stay (the end of their
  /// vector), so none is moved: a GenericNode is a string, three vectors and a span.
  void generic(Entry& e, GenericNode& g) {
    g.span = span(e);
    if (e.kind == Entry::Kind::Statement) {
      g.statements.push_back(std::move(e.text));
      return;
    }
    if (e.kind == Entry::Kind::Field) {
      g.head = e.key;
      add_field(g.fields, e);
      return;
    }
    g.head = std::move(e.keyed ? e.key : e.head_text);
    Body entries = body(e);
    // Reserve first: growing these vectors one push at a time would move every Field and GenericNode again.
    std::size_t fields = 0, statements = 0;
    for (const Entry& c : entries) {
      fields += c.kind == Entry::Kind::Field;
      statements += c.kind == Entry::Kind::Statement;
    }
    g.fields.reserve(fields);
    g.statements.reserve(statements);
    g.children.reserve(entries.size() - fields - statements);
    for (Entry& c : entries) {
      if (c.kind == Entry::Kind::Field) add_field(g.fields, c);
      else if (c.kind == Entry::Kind::Statement) g.statements.push_back(std::move(c.text));
      else generic(c, g.children.emplace_back());
    }
  }

  nlohmann::json front_matter(std::uint32_t token) {
    std::string_view text = tree_.token_text(token);
    const std::size_t start = text.find('\n') + 1;
    const std::size_t stop = text.rfind('\n');
    const std::string yaml(text.substr(start, stop > start ? stop - start : 0));
    try {
      YAML::Node node = YAML::Load(yaml);
      if (node.IsNull()) return nlohmann::json::object();
      nlohmann::json j = yaml_to_json(node);
      if (!j.is_object()) warning_at(tree_.tokens[token].begin, "front matter is not a YAML mapping");
      return j.is_object() ? j : nlohmann::json{{"value", j}};
    } catch (const YAML::Exception& ex) {
      Diagnostic d;
      const std::size_t at = tree_.tokens[token].begin + start + (ex.mark.pos >= 0 ? ex.mark.pos : 0);
      d.span.begin = d.span.end = std::min(at, static_cast<std::size_t>(tree_.tokens[token].end));
      d.message = "front matter is not valid YAML: " + ex.msg;
      diagnostics_.push_back(std::move(d));
      return nlohmann::json::object();
    }
  }

  void warning_at(std::size_t offset, std::string message) {
    Diagnostic d;
    d.severity = Diagnostic::Severity::Warning;
    d.span.begin = d.span.end = offset;
    d.message = std::move(message);
    diagnostics_.push_back(std::move(d));
  }

  // ---- v2 system ------------------------------------------------------------------------------------------

  System system(const Entry& e, const Head& h) {
    System s;
    s.name = word(h, 1);
    if (h.word(2) == "extends") s.extends = word(h, 3);
    s.span = span(e);
    if (s.name.empty()) warn(e, "system has no name", "write `system NAME { … }`");
    const std::string where = fmt::format("system `{}`", s.name);
    Body entries = body(e);
    // Sized once: a large system grows these one push at a time otherwise, and every regrowth is a large
    // allocation (which also makes malloc consolidate its free lists).
    std::size_t fields = 0;
    for (const Entry& c : entries) fields += c.kind == Entry::Kind::Field && c.body == Node::kNone;
    s.fields.reserve(fields);
    s.unknown.reserve(entries.size() - fields);
    for (Entry& c : entries) {
      const std::string_view kw = section(c);
      if (c.kind == Entry::Kind::Field && c.body == Node::kNone) {
        add_field(s.fields, c);
      } else if (kw == "baseline" && c.body != Node::kNone) {
        s.baseline = baseline(c);
      } else if (kw == "design_space" && c.body != Node::kNone) {
        design_space(c, s);
      } else if (kw == "tuning_space" && c.body != Node::kNone) {
        for (Entry& p : body(c)) {
          if (p.kind == Entry::Kind::Field && p.body == Node::kNone) s.tuning_space.push_back(parameter(p));
          else keep(p, s.unknown, "tuning_space", "known here: NAME: [values] | range [lo, hi] | pow2 [lo, hi]");
        }
      } else if (kw == "constraints" && c.body != Node::kNone) {
        constraints(c, s);
      } else if (kw == "model" && c.body != Node::kNone) {
        generic(c, s.model.emplace());
      } else if (kw == "knowledge" && c.body != Node::kNone) {
        knowledge(c, s.knowledge);
      } else if (kw == "trace_schema" && c.body != Node::kNone) {
        trace_schema(c, s.trace_schema);
      } else if ((kw == "agent_loop" || kw == "service_loop" || kw == "engineering_loop") &&
                 c.body != Node::kNone) {
        s.loops.push_back(loop(c));
      } else if (kw == "build" && c.body != Node::kNone) {
        build(c, s);
      } else {
        keep(c, s.unknown, where,
             "known here: baseline, design_space, tuning_space, constraints, model, knowledge, trace_schema, "
             "agent_loop, service_loop, engineering_loop, build");
      }
    }
    return s;
  }

  Baseline baseline(const Entry& e) {
    Baseline b;
    b.span = span(e);
    for (Entry& c : body(e)) {
      if (section(c) == "metrics" && c.body != Node::kNone) {
        for (Entry& m : body(c)) {
          if (m.kind == Entry::Kind::Field) add_field(b.metrics, m);
          else warn(m, "only `name: value` lines belong in baseline metrics; ignored");
        }
      } else if (c.kind == Entry::Kind::Field) {
        add_field(b.fields, c);
      } else {
        // Statements and other blocks are kept as fields holding their text, so nothing is lost.
        warn(c, "only fields and `metrics { … }` belong in baseline; kept as text");
        b.fields.push_back(Field{label(c), reader_.text(tree_.nodes[c.item].first, tree_.nodes[c.item].last),
                                 reader_.text(tree_.nodes[c.item].first, tree_.nodes[c.item].last), span(c)});
      }
    }
    return b;
  }

  /// The choices a value lists (a list's or a union's members, else the value itself), moved out of `v`: the
  /// entry is consumed, and copying would duplicate every string and nested value.
  static std::vector<Value> values_of(Value&& v) {
    if (v.is_array()) return std::move(v.get_ref<Value::array_t&>());
    if (v.is_object()) {
      const auto members = v.find("union");
      if (members != v.end() && members->is_array()) return std::move(members->get_ref<Value::array_t&>());
    }
    return {std::move(v)};
  }

  void design_space(const Entry& e, System& s) {
    for (Entry& c : body(e)) {
      if (c.kind == Entry::Kind::Field && c.body == Node::kNone) {
        s.design_space.push_back(DesignAxis{c.key, values_of(std::move(c.value)), span(c), {}});
      } else {
        keep(c, s.unknown, "design_space", "known here: AXIS: [choices] or AXIS: \"a\" | \"b\"");
      }
    }
  }

  Parameter parameter(Entry& e) {
    Parameter p;
    p.name = first_word(e.key) == "parameter" ? rest_words(e.key) : e.key;
    p.span = span(e);
    const Value& v = e.value;
    if (v.is_object() && v.contains("call")) {
      const std::string fn = v["call"].get<std::string>();
      const Value& args = v["args"];
      std::vector<double> nums;
      std::optional<double> step;
      for (const Value& a : args) {
        if (a.is_number()) nums.push_back(a.get<double>());
        else if (a.is_object() && a.value("key", "") == "step" && a["value"].is_number()) step = a["value"].get<double>();
      }
      if ((fn == "range" || fn == "pow2") && (nums.size() == 2 || (fn == "range" && nums.size() == 3))) {
        p.kind = fn == "range" ? Parameter::Kind::Range : Parameter::Kind::Pow2;
        p.lo = nums[0];
        p.hi = nums[1];
        if (nums.size() == 3) step = nums[2];
        p.step = p.kind == Parameter::Kind::Range ? step : std::nullopt;
        if (p.lo > p.hi) warn(e, fmt::format("parameter `{}`: range is empty ({} > {})", p.name, p.lo, p.hi));
        if (p.step && *p.step <= 0) warn(e, fmt::format("parameter `{}`: step must be positive", p.name));
        return p;
      }
      if (fn == "range" || fn == "pow2")
        warn(e, fmt::format("parameter `{}`: {} needs two numbers", p.name, fn),
             fn == "range" ? Hint("write range [lo, hi]") : Hint("write pow2 [lo, hi]"));
    }
    p.values = values_of(std::move(e.value));
    return p;
  }

  void constraints(const Entry& e, System& s) {
    for (Entry& c : body(e)) {
      if (c.kind == Entry::Kind::Statement) {
        const Head h = head(c);
        const bool one_string = h.count == 1 && h.is_quoted(0);
        s.constraints.push_back(Constraint{one_string ? word(h, 0) : c.text, span(c), {}});
      } else if (c.kind == Entry::Kind::Field && c.body == Node::kNone) {
        const Span where = span(c);
        Field f = field(c);
        s.constraints.push_back(Constraint{f.text(), where, {}, std::move(f.key)});
      } else {
        keep(c, s.unknown, "constraints", "known here: one expression per line, e.g. \"tile_m * tile_n <= 16384\"");
      }
    }
  }

  // ---- knowledge ------------------------------------------------------------------------------------------

  void knowledge(const Entry& e, Knowledge& k) {
    for (Entry& c : body(e)) {
      const Head h = head(c);
      const std::string_view kw = h.word(0);
      const bool bodied = c.body != Node::kNone;
      if (kw == "fact" && (bodied || c.kind == Entry::Kind::Field)) {
        k.facts.push_back(fact(c, h));
      } else if (kw == "rule" && bodied) {
        k.rules.push_back(rule(c, h, k));
      } else if (kw == "invariant" && (bodied || c.kind == Entry::Kind::Field)) {
        k.invariants.push_back(invariant(c, h));
      } else if ((kw == "hint" || kw == "heuristic") && c.kind != Entry::Kind::Statement) {
        k.advice.push_back(advice(c, h, kw));
      } else {
        keep(c, k.unknown, "knowledge", "known here: fact, rule, invariant, hint, heuristic");
      }
    }
  }

  Fact fact(Entry& e, const Head& h) {
    Fact f;
    f.name = word(h, 1);
    f.span = span(e);
    if (h.has_parens) f.params = split_params(h.params);
    if (e.body == Node::kNone) {
      f.fields.push_back(Field{"value", std::move(e.value), std::move(e.raw), span(e)});
      return f;
    }
    for (Entry& c : body(e)) {
      if (c.kind == Entry::Kind::Field) {  // `key: value`, and `key: {a: 1}` (its body read as a map value)
        add_field(f.fields, c);
      } else {
        const std::string line = c.kind == Entry::Kind::Statement
                                     ? c.text
                                     : reader_.text(tree_.nodes[c.item].first, tree_.nodes[c.item].last);
        append_line(f.body, line);
      }
    }
    return f;
  }

  Rule rule(const Entry& e, const Head& h, Knowledge& k) {
    Rule r;
    r.name = word(h, 1);
    r.span = span(e);
    const std::string where = fmt::format("rule `{}`", r.name);
    for (Entry& c : body(e)) {
      if (c.kind != Entry::Kind::Field || c.body != Node::kNone) {
        keep(c, k.unknown, where, "known here: when, recommend, apply, reason, confidence, source");
        continue;
      }
      Field f = field(c);
      if (f.key == "when") r.when.push_back(f.text());
      else if (f.key == "recommend") r.recommend.push_back(f.text());
      else if (f.key == "apply") r.apply.push_back(f.text());
      else if (f.key == "reason") r.reason = f.text();
      else if (f.key == "source") r.source = f.text();
      else if (f.key == "confidence" && f.value.is_number()) r.confidence = f.value.get<double>();
      else if (f.key != "description" && f.key != "priority" && f.key != "note")
        warn(c, fmt::format("unknown key `{}` in {}; kept", f.key, where),
             "known here: when, recommend, apply, reason, confidence, source, description, priority, note");
      r.fields.push_back(std::move(f));
    }
    return r;
  }

  Invariant invariant(Entry& e, const Head& h) {
    Invariant inv;
    inv.name = word(h, 1);
    inv.span = span(e);
    if (e.body == Node::kNone) {
      Field f = field(e);
      inv.asserts.push_back(f.text());
      inv.fields.push_back(std::move(f));
      return inv;
    }
    for (Entry& c : body(e)) {
      if (c.kind == Entry::Kind::Field && c.body == Node::kNone) {
        Field f = field(c);
        if (f.key == "assert") inv.asserts.push_back(f.text());
        inv.fields.push_back(std::move(f));
      } else if (c.kind == Entry::Kind::Statement) {
        const Head sh = head(c);
        inv.asserts.push_back(sh.count == 1 && sh.is_quoted(0) ? word(sh, 0) : c.text);
      } else {
        warn(c, fmt::format("unexpected block in invariant `{}`; ignored", inv.name),
             "write `assert: \"expression\"`");
      }
    }
    return inv;
  }

  Advice advice(Entry& e, const Head& h, std::string_view kind) {
    Advice a;
    a.kind = kind;
    a.span = span(e);
    if (e.body == Node::kNone) {
      a.name = word(h, 1);
      Field f = field(e);
      a.text = f.text();
      a.fields.push_back(std::move(f));
      return a;
    }
    a.name = word(h, 1);
    for (Entry& c : body(e)) {
      if (c.kind == Entry::Kind::Field && c.body == Node::kNone) {
        Field f = field(c);
        if (a.text.empty() && (f.key == "text" || f.key == "description")) a.text = f.text();
        a.fields.push_back(std::move(f));
      } else if (c.kind == Entry::Kind::Statement) {
        const Head sh = head(c);
        const std::string line = sh.count == 1 && sh.is_quoted(0) ? word(sh, 0) : c.text;
        append_line(a.text, line);
      }
    }
    return a;
  }

  // ---- trace schema ---------------------------------------------------------------------------------------

  void trace_schema(const Entry& e, TraceSchema& t) {
    t.span = span(e);
    for (Entry& c : body(e)) {
      const Head h = head(c);
      if (h.word(0) == "variant" && c.body != Node::kNone) {
        TraceVariant v{word(h, 1), {}, span(c)};
        for (Entry& cc : body(c)) {
          if (section(cc) == "case" && cc.body != Node::kNone) v.cases.push_back(trace_case(cc, head(cc)));
          else keep(cc, t.unknown, fmt::format("variant `{}`", v.name), "known here: case NAME { field: type }");
        }
        t.variants.push_back(std::move(v));
      } else if (h.word(0) == "case" && c.body != Node::kNone) {
        if (t.variants.empty() || !t.variants.back().name.empty()) t.variants.push_back(TraceVariant{{}, {}, span(c)});
        t.variants.back().cases.push_back(trace_case(c, h));
      } else {
        keep(c, t.unknown, "trace_schema", "known here: variant NAME { case NAME { field: type } }");
      }
    }
  }

  TraceCase trace_case(const Entry& e, const Head& h) {
    TraceCase tc{word(h, 1), {}, span(e)};
    for (Entry& c : body(e)) {
      if (c.kind != Entry::Kind::Field || c.body != Node::kNone) {
        warn(c, fmt::format("case `{}` holds `name: type` fields only; ignored", tc.name));
        continue;
      }
      TraceField f;
      f.name = c.key;
      f.type = field(c).text();
      if (!f.name.empty() && f.name.back() == '?') f.name.pop_back(), f.optional = true;
      while (!f.name.empty() && f.name.back() == ' ') f.name.pop_back();
      if (!f.type.empty() && f.type.back() == '?') f.type.pop_back(), f.optional = true;
      f.span = span(c);
      tc.fields.push_back(std::move(f));
    }
    return tc;
  }

  // ---- loops and steps ------------------------------------------------------------------------------------

  Loop loop(const Entry& e) {
    const Head h = head(e);
    Loop l;
    const std::string_view kw = h.word(0);
    l.kind = kw == "agent_loop" ? Loop::Kind::Agent : kw == "service_loop" ? Loop::Kind::Service : Loop::Kind::Engineering;
    l.name = word(h, 1);
    l.span = span(e);
    const std::string where = fmt::format("{} `{}`", kw, l.name);
    for (Entry& c : body(e)) {
      const Head ch = head(c);
      const std::string_view ckw = ch.word(0);
      if ((ckw == "step" || ckw == "check") && c.kind != Entry::Kind::Statement) {
        l.steps.push_back(step(c, ch));
      } else if (ckw == "on" && c.body != Node::kNone) {
        l.handlers.push_back(handler(c, ch));
      } else if (ckw == "parameter" && c.kind == Entry::Kind::Field && c.body == Node::kNone) {
        l.parameters.push_back(parameter(c));
      } else if ((ckw == "parameters" || ckw == "tuning_space") && c.body != Node::kNone) {
        for (Entry& p : body(c)) {
          if (p.kind == Entry::Kind::Field && p.body == Node::kNone) l.parameters.push_back(parameter(p));
          else keep(p, l.unknown, where, "known here: NAME: [values] | range [lo, hi] | pow2 [lo, hi]");
        }
      } else if (ckw == "measure" && c.body != Node::kNone) {
        l.measure = measure(c);
      } else if ((ckw == "strategy" || ckw == "budget") && c.kind == Entry::Kind::Statement && ch.count == 2) {
        set_strategy_or_budget(l, c, ckw, Value(word(ch, 1)));
      } else if ((ckw == "strategy" || ckw == "budget") && c.kind == Entry::Kind::Field && c.body == Node::kNone &&
                 ch.count == 1) {
        set_strategy_or_budget(l, c, ckw, c.value);
        add_field(l.fields, c);
      } else if (c.kind == Entry::Kind::Field) {
        add_field(l.fields, c);
      } else {
        keep(c, l.unknown, where, "known here: step, on EVENT(...), parameter, measure, strategy, budget, NAME: value");
      }
    }
    return l;
  }

  void set_strategy_or_budget(Loop& l, const Entry& c, std::string_view kw, const Value& v) {
    if (kw == "strategy") {
      l.strategy = value_text(v);
      return;
    }
    // A whole number: an integer, or digits the value parser kept as text (too long for an integer). Either may not
    // fit an int, so both are read from their decimal text.
    const bool digits = v.is_string() && !v.get_ref<const std::string&>().empty() &&
                        v.get_ref<const std::string&>().find_first_not_of("0123456789") == std::string::npos;
    if (!v.is_number_integer() && !digits) {
      warn(c, "budget must be a whole number of trials");
      return;
    }
    const std::string text = value_text(v);
    std::int64_t n = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (error != std::errc() || end != text.data() + text.size() || n < std::numeric_limits<int>::min() ||
        n > std::numeric_limits<int>::max())
      warn(c, fmt::format("budget is out of range (at most {} trials)", std::numeric_limits<int>::max()));
    else
      l.budget = static_cast<int>(n);
  }

  Measure measure(const Entry& e) {
    Measure m;
    m.span = span(e);
    for (Entry& c : body(e)) {
      if (c.kind != Entry::Kind::Field || c.body != Node::kNone) {
        warn(c, "measure holds fields only (cmd, metric, objective, …); ignored");
        continue;
      }
      Field f = field(c);
      if (f.key == "cmd") m.cmd = f.text();
      else if (f.key == "metric") m.metric = f.text();
      else if (f.key == "objective") {
        m.objective = f.text();
        if (m.objective != "maximize" && m.objective != "minimize")
          warn(c, fmt::format("objective `{}` is neither maximize nor minimize", m.objective));
      }
      m.fields.push_back(std::move(f));
    }
    if (m.cmd.empty()) warning_at(e.begin, "measure has no `cmd`");
    return m;
  }

  Step step(Entry& e, const Head& h) {
    Step s;
    s.span = span(e);
    if (e.kind == Entry::Kind::Field && e.body == Node::kNone) {
      // `step id: tool.read` without a body.
      s.id = rest_words(e.key);
      s.action = field(e).text();
      return s;
    }
    const std::string name = word(h, 1);
    const bool quoted = h.is_quoted(1);
    (quoted ? s.name : s.id) = name;
    if (h.has_colon) s.action = h.after_colon;
    for (Entry& c : body(e)) {
      const bool action_block = s.action.empty() && c.kind == Entry::Kind::Block && !c.keyed &&
                                c.head.size() == 1 && reader_.word(c.head[0]).find('.') != std::string_view::npos;
      if (action_block) {
        // `step "Name" { tool.run { … } }`: the inner block is the action.
        s.action = std::move(c.head_text);
        for (Entry& a : body(c)) {
          if (a.kind == Entry::Kind::Field) add_field(s.args, a);
          else generic(a, s.body.emplace_back());
        }
      } else if (c.kind == Entry::Kind::Field) {
        add_field(h.has_colon ? s.args : s.fields, c);
      } else {
        generic(c, s.body.emplace_back());
      }
    }
    return s;
  }

  Handler handler(const Entry& e, const Head& h) {
    Handler hd;
    hd.event = word(h, 1);
    if (h.has_parens) hd.params = split_params(h.params);
    hd.span = span(e);
    for (Entry& c : body(e)) {
      const Head ch = head(c);
      if (ch.word(0) == "step" && c.kind != Entry::Kind::Statement) hd.steps.push_back(step(c, ch));
      else if (c.kind == Entry::Kind::Statement) hd.statements.push_back(c.text);
      else hd.statements.push_back(reader_.text(tree_.nodes[c.item].first, tree_.nodes[c.item].last));
    }
    return hd;
  }

  void build(const Entry& e, System& s) {
    for (Entry& c : body(e)) {
      const Head h = head(c);
      if (c.kind == Entry::Kind::Statement && h.word(0) == "artifact" && h.count == 2) {
        s.artifacts.push_back(word(h, 1));
      } else if (c.kind == Entry::Kind::Field && c.key == "artifact" && c.value.is_string()) {
        s.artifacts.push_back(c.value.get<std::string>());
      } else if (c.kind == Entry::Kind::Field && c.key == "artifacts" && c.value.is_array()) {
        for (const Value& v : c.value) s.artifacts.push_back(value_text(v));
      } else {
        keep(c, s.unknown, "build", "known here: artifact \"file\"");
      }
    }
  }

  // ---- v1 classic -----------------------------------------------------------------------------------------

  SystemModel system_model(const Entry& e, const Head& h) {
    SystemModel m;
    m.name = word(h, 1);
    m.span = span(e);
    for (Entry& c : body(e)) {
      if (c.kind == Entry::Kind::Field && c.body == Node::kNone) {
        Field f = field(c);
        if (f.key == "axiom") m.axioms.push_back(f.text());
        else if (f.key == "heuristic") m.heuristics.push_back(f.text());
        else if (f.key == "prediction") m.predictions.push_back(f.text());
        m.fields.push_back(std::move(f));
      } else {
        keep(c, m.unknown, fmt::format("system_model `{}`", m.name), "known here: axiom, heuristic, prediction");
      }
    }
    return m;
  }

  Task task(const Entry& e, const Head& h) {
    Task t;
    t.name = word(h, 1);
    t.span = span(e);
    for (Entry& c : body(e)) {
      const Head ch = head(c);
      const std::string_view kw = ch.word(0);
      if (kw == "step" && c.kind != Entry::Kind::Statement) {
        t.steps.push_back(step(c, ch));
      } else if (kw == "evaluation" && c.body != Node::kNone) {
        for (Entry& k : body(c)) {
          const Head kh = head(k);
          if (kh.word(0) == "check" && k.kind != Entry::Kind::Statement) t.checks.push_back(step(k, kh));
          else keep(k, t.unknown, "evaluation", "known here: check NAME: tool.run { … }");
        }
      } else if (c.kind == Entry::Kind::Field && c.body == Node::kNone) {
        Field f = field(c);
        if (f.key == "success") t.success = f.text();
        t.fields.push_back(std::move(f));
      } else {
        keep(c, t.unknown, fmt::format("task `{}`", t.name), "known here: step, evaluation, success");
      }
    }
    return t;
  }

  const SyntaxTree& tree_;
  EntryReader reader_;
  const SourceMap& map_;
  std::string path_;
  SourcePath file_;  ///< path_ as every span carries it
  std::vector<Diagnostic>& diagnostics_;
  std::deque<Entries> levels_;  ///< Body's entries, one per nesting level (a deque: a new level moves none)
  std::size_t depth_ = 0;       ///< the levels bodies in scope hold
};

}  // namespace

Document lower(const SyntaxTree& tree, const SourceMap& map, const std::string& path,
               std::vector<Diagnostic>& diagnostics) {
  return Lowering(tree, map, path, diagnostics).run();
}

}  // namespace spak::dsl
