// Entry reading: classify each item, split a line into `key: value` fields, and parse values.
//
// A value is parsed as a structured value only when it ends cleanly (at the end of the line, a separator, or
// the next `key:`); otherwise the rest of the line is the value, as text. So `when: a > b` is the text
// "a > b", and `tflops: 612.0  confidence: 1.0` is two numeric fields.

#include "spak/dsl/entry.h"

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <set>

#include "spak/dsl/parser.h"
#include "spak/dsl/string_literal.h"

namespace spak::dsl {
namespace {

/// Limit on nested lists, calls and maps inside one value, so deep brackets cannot exhaust the stack.
constexpr int kMaxValueNesting = 128;

bool word_is(std::string_view w, std::string_view a) { return w == a; }

Value number_value(std::string_view text) {
  bool separators = false, fraction = false;  // one look at the (short) text instead of a search for each
  for (const char c : text) {
    separators |= c == '_';
    fraction |= c == '.' || c == 'e' || c == 'E';
  }
  std::string digits;  // only for `1_000`: most numbers are read straight from the source
  if (separators) {
    for (char c : text) if (c != '_') digits += c;
    text = digits;
  }
  const char* const end = text.data() + text.size();
  if (!fraction) {
    std::int64_t v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (ec == std::errc() && ptr == end) return v;
  }
  // from_chars rounds exactly as strtod does; strtod is left for what it reports out of range (inf, 0).
  double d = 0;
  if (auto [ptr, ec] = std::from_chars(text.data(), end, d); ec == std::errc()) return d;
  return std::strtod(std::string(text).c_str(), nullptr);
}

/// An object of the given members, built in place: json's initializer-list form first builds each
/// `{key, value}` pair as a temporary array (two more allocations, freed at once) and copies the key.
Value object_of(std::string_view key, Value value) {
  Value object(Value::value_t::object);
  object.get_ref<Value::object_t&>().emplace(key, std::move(value));
  return object;
}
Value object_of(std::string_view key1, Value value1, std::string_view key2, Value value2) {
  Value object = object_of(key1, std::move(value1));
  object.get_ref<Value::object_t&>().emplace(key2, std::move(value2));
  return object;
}

}  // namespace

void Entries::grow() { entries_.emplace_back(); }

std::vector<Entry> Entries::take() {
  entries_.resize(size_);
  size_ = 0;
  return std::move(entries_);
}

std::string_view EntryReader::word(const Element& element) const {
  return element.is_node ? std::string_view{} : tokens_[element.index].text(text_);
}

bool EntryReader::is_punct(const Element& element, char c) const {
  if (element.is_node) return false;
  const Token& t = tokens_[element.index];
  return t.kind == TokenKind::Punct && text_[t.begin] == c;
}

std::size_t EntryReader::begin_of(const Element& e) const {
  return e.is_node ? tokens_[nodes_[e.index].first].begin : tokens_[e.index].begin;
}

std::size_t EntryReader::end_of(const Element& e) const {
  return e.is_node ? tokens_[nodes_[e.index].last - 1].end : tokens_[e.index].end;
}

std::string EntryReader::text(std::uint32_t first, std::uint32_t last) const {
  std::string out;
  assign_text(out, first, last);
  return out;
}

std::string EntryReader::text(Elements e, std::size_t from, std::size_t to) const {
  std::string out;
  assign_text(out, e, from, to);
  return out;
}

void EntryReader::assign_text(std::string& out, std::uint32_t first, std::uint32_t last) const {
  while (first < last && tokens_[first].is_trivia()) ++first;
  while (last > first && tokens_[last - 1].is_trivia()) --last;
  if (first >= last) return out.clear();
  const std::size_t begin = tokens_[first].begin, end = tokens_[last - 1].end;
  // Most texts hold no line break or comment: then they are one slice of the source, copied in one go.
  std::uint32_t i = first;
  while (i < last && (!tokens_[i].is_trivia() || tokens_[i].kind == TokenKind::Space)) ++i;
  if (i == last) return void(out.assign(text_.substr(begin, end - begin)));
  out.clear();
  out.reserve(end - begin);  // an upper bound: trivia only shrinks
  // Copies the source in slices: everything up to a trivia run that holds a line break or comment, then ' '.
  std::size_t slice = begin;
  for (; i < last; ++i) {
    const Token& t = tokens_[i];
    if (!t.is_trivia() || t.kind == TokenKind::Space) continue;
    std::uint32_t run = i;
    while (run > first && tokens_[run - 1].kind == TokenKind::Space) --run;
    while (i + 1 < last && tokens_[i + 1].is_trivia()) ++i;
    out.append(text_, slice, tokens_[run].begin - slice);
    out += ' ';
    slice = tokens_[i].end;
  }
  out.append(text_, slice, end - slice);
}

void EntryReader::assign_text(std::string& out, Elements e, std::size_t from, std::size_t to) const {
  if (from >= to) return out.clear();
  // One token (a key, a word, a number): its text as written, without the trimming and slicing.
  if (to - from == 1 && !e[from].is_node) return void(out.assign(tokens_[e[from].index].text(text_)));
  const std::uint32_t first = e[from].is_node ? nodes_[e[from].index].first : e[from].index;
  const std::uint32_t last = e[to - 1].is_node ? nodes_[e[to - 1].index].last : e[to - 1].index + 1;
  assign_text(out, first, last);
}

std::string EntryReader::string_content(std::uint32_t token) const {
  const Token& t = tokens_[token];
  return string_literal_content(t.text(text_), t.kind == TokenKind::TripleString);
}

Elements EntryReader::head_of(std::uint32_t item) const {
  const Node& node = nodes_[item];
  return {elements_ + node.head_begin, node.head_size};
}

std::uint32_t EntryReader::body_of(std::uint32_t item) const {
  const std::uint32_t last = nodes_[item].last_child;
  return last != Node::kNone && nodes_[last].body ? last : Node::kNone;
}

std::vector<Entry> EntryReader::entries(std::uint32_t container) const {
  Entries out;
  entries(container, out);
  return out.take();
}

void EntryReader::entries(std::uint32_t container, Entries& out) const {
  out.clear();
  for (std::uint32_t c = nodes_[container].first_child; c != Node::kNone; c = nodes_[c].next_sibling)
    if (nodes_[c].kind == NodeKind::Item) read_item(c, out);
}

std::optional<Value> EntryReader::map_value(std::uint32_t container) const {
  if (nodes_[container].depth > kMaxDepth) return std::nullopt;
  Value object = Value::object();
  std::set<std::string> repeated;
  Entries entries;
  this->entries(container, entries);
  for (Entry& e : entries) {
    if (e.kind != Entry::Kind::Field) return std::nullopt;
    auto it = object.find(e.key);
    if (it == object.end()) {
      object[e.key] = std::move(e.value);
    } else if (repeated.insert(e.key).second) {
      *it = Value::array({std::move(*it), std::move(e.value)});
    } else {
      it->push_back(std::move(e.value));
    }
  }
  return object;
}

void EntryReader::read_item(std::uint32_t item, Entries& out) const {
  Elements head = head_of(item);
  const std::uint32_t body = body_of(item);
  const Node& node = nodes_[item];
  std::size_t begin = tokens_[node.first].begin;
  if (body != Node::kNone) {
    const bool keyed = !head.empty() && is_punct(head.back(), ':');
    if (keyed) {
      split_leading_fields(head, item, begin, out);  // before the entry: the fields come first in `out`
      head = head.first(head.size() - 1);
    }
    // Built in place (an Entry is large; building it aside and moving it in showed in profiles). Nothing else
    // is added to `out` while `e` is in use, so the reference stays valid.
    Entry& e = out.add();
    e.kind = Entry::Kind::Block;
    e.item = item;
    e.begin = begin;
    e.end = tokens_[node.last - 1].end;
    e.keyed = keyed;
    e.body = body;
    e.head = head;
    if (!keyed) {
      assign_text(e.head_text, head, 0, head.size());
      return;
    }
    assign_text(e.key, head, 0, head.size());  // a keyed block is known by its key alone
    const Node& b = nodes_[body];
    if (b.kind == NodeKind::Braces) {
      if (auto m = map_value(body)) {
        e.kind = Entry::Kind::Field;
        e.value = std::move(*m);
      }
    } else if (b.first_child != Node::kNone && b.first_child == b.last_child) {
      // `key:` with one indented value below it is the field `key: value`.
      const Elements inner = head_of(b.first_child);
      std::size_t pos = 0;
      if (body_of(b.first_child) == Node::kNone && parse_union(inner, pos, inner.size(), e.value) &&
          pos == inner.size())
        e.kind = Entry::Kind::Field;
      else
        e.value = nullptr;
    }
    // Only a block read as a field needs its text; a section's whole body would be a large useless copy.
    if (e.kind == Entry::Kind::Field) assign_text(e.raw, b.first, b.last);
    return;
  }
  if (head.empty() || read_fields(head, item, out)) return;
  // read_fields adds nothing when it fails.
  Entry& e = out.add();
  e.kind = Entry::Kind::Statement;
  e.item = item;
  e.begin = begin;
  e.end = tokens_[node.last - 1].end;
  assign_text(e.text, head, 0, head.size());
  e.head = head;
}

void EntryReader::split_leading_fields(Elements& head, std::uint32_t item, std::size_t& begin,
                                       Entries& out) const {
  // Only a head with a `:` before its last one can hold fields in front of the key.
  std::size_t colons = 0;
  for (const Element& el : head) colons += is_punct(el, ':');
  if (colons < 2) return;
  // The fields are read into `out` and dropped again unless all but the last (the key) stay.
  const std::size_t mark = out.size();
  if (!read_fields(head, item, out) || out.size() - mark < 2 || !out.back().raw.empty()) return out.truncate(mark);
  const std::size_t key_begin = out.back().begin;
  std::size_t k = 0;
  while (k < head.size() && begin_of(head[k]) != key_begin) ++k;
  if (k == head.size()) return out.truncate(mark);
  out.truncate(out.size() - 1);
  head = head.subspan(k);
  begin = key_begin;
}

bool EntryReader::is_key_start(Elements e, std::size_t pos, std::size_t end) const {
  if (pos >= end || e[pos].is_node) return false;
  const TokenKind k = tokens_[e[pos].index].kind;
  if (k != TokenKind::Ident && k != TokenKind::String) return false;
  ++pos;
  if (pos < end && is_punct(e[pos], '?')) ++pos;
  return pos < end && is_punct(e[pos], ':') && !(pos + 1 < end && is_punct(e[pos + 1], ':'));
}

bool EntryReader::read_fields(Elements head, std::uint32_t item, Entries& out) const {
  const std::size_t n = head.size();
  // The first key may be several words (`step load`, `parameter BM`, `on update(date)`).
  std::size_t p = 0;
  int parens = 0;
  for (; p < n; ++p) {
    const Element& el = head[p];
    if (el.is_node) return false;
    const TokenKind k = tokens_[el.index].kind;
    if (is_punct(el, '(')) ++parens;
    else if (is_punct(el, ')')) --parens;
    else if (parens == 0 && is_punct(el, ':')) break;
    else if (parens == 0 && !(k == TokenKind::Ident || k == TokenKind::String || k == TokenKind::Number ||
                              is_punct(el, '?')))
      return false;
  }
  if (p == 0 || p == n || parens != 0) return false;
  const TokenKind first_kind = tokens_[head[0].index].kind;
  if (first_kind != TokenKind::Ident && first_kind != TokenKind::String) return false;
  if (p + 1 < n && is_punct(head[p + 1], ':')) return false;  // `a::b` is code, not a field

  auto is_sep = [&](std::size_t i) { return is_punct(head[i], ',') || is_punct(head[i], ';'); };
  std::size_t key_begin = 0, key_end = p, pos = p + 1;
  while (true) {
    // Built in place: an Entry is large, and moving each one into `out` showed in profiles.
    Entry& f = out.add();
    f.kind = Entry::Kind::Field;
    f.item = item;
    if (key_end - key_begin == 1 && tokens_[head[key_begin].index].kind == TokenKind::String)
      f.key = string_content(head[key_begin].index);
    else
      assign_text(f.key, head, key_begin, key_end);
    f.begin = begin_of(head[key_begin]);
    f.end = end_of(head[key_end]);
    if (pos < n) {
      std::size_t q = pos;
      const bool parsed = parse_union(head, q, n, f.value);
      std::size_t after = q;
      while (after < n && is_sep(after)) ++after;
      if (parsed && (after == n || is_key_start(head, after, n)) && (q == n || is_sep(q) || after == q)) {
        assign_text(f.raw, head, pos, q);
        f.end = end_of(head[q - 1]);
        pos = after;
      } else {
        std::size_t stop = n;
        while (stop > pos && is_sep(stop - 1)) --stop;
        assign_text(f.raw, head, pos, stop);
        f.value = f.raw;
        if (stop > pos) f.end = end_of(head[stop - 1]);
        pos = n;
      }
    }
    if (pos >= n) return true;
    key_begin = pos;
    key_end = pos + 1 + (is_punct(head[pos + 1], '?') ? 1 : 0);
    pos = key_end + 1;
  }
}

bool EntryReader::parse_union(Elements e, std::size_t& pos, std::size_t end, Value& out) const {
  if (!parse_primary(e, pos, end, out)) return false;
  if (pos >= end || !is_punct(e[pos], '|')) return true;
  const std::size_t mark = scratch_.size();
  scratch_.push_back(std::move(out));
  while (pos < end && is_punct(e[pos], '|')) {
    ++pos;
    Value next;  // not parsed in place in scratch_: a nested list grows it, which would move the element
    if (!parse_primary(e, pos, end, next)) {
      scratch_.resize(mark);
      return false;
    }
    scratch_.push_back(std::move(next));
  }
  out = object_of("union", array_from(mark));
  return true;
}

bool EntryReader::parse_primary(Elements e, std::size_t& pos, std::size_t end, Value& out) const {
  if (pos >= end) return false;
  // Lists, calls and maps nest through here; past the limit the value is read as text instead.
  thread_local int nesting = 0;
  if (nesting >= kMaxValueNesting) return false;
  struct Guard {
    int& n;
    explicit Guard(int& x) : n(++x) {}
    ~Guard() { --n; }
  } guard(nesting);
  const Element& el = e[pos];
  if (el.is_node) {
    std::optional<Value> m = map_value(el.index);
    if (!m) return false;
    out = std::move(*m);
    ++pos;
    return true;
  }
  const Token& t = tokens_[el.index];
  switch (t.kind) {
    case TokenKind::String:
    case TokenKind::TripleString:
      out = string_content(el.index);
      ++pos;
      return true;
    case TokenKind::Number:
      out = number_value(t.text(text_));
      ++pos;
      return true;
    case TokenKind::Ident: {
      const std::string_view w = t.text(text_);
      if (w == "true" || w == "false") return out = (w == "true"), ++pos, true;
      if (w == "null") return out = nullptr, ++pos, true;
      if (pos + 1 < end && is_punct(e[pos + 1], '(')) {
        std::size_t q = pos + 2;
        const std::size_t mark = scratch_.size();
        const auto fail = [&] {
          scratch_.resize(mark);
          return false;
        };
        while (q < end && !is_punct(e[q], ')')) {
          Value arg;
          if (is_key_start(e, q, end) && !is_punct(e[q + 1], '?')) {
            std::string key(word(e[q]));
            q += 2;
            if (!parse_union(e, q, end, arg)) return fail();
            scratch_.push_back(object_of("key", Value(std::move(key)), "value", std::move(arg)));
          } else {
            if (!parse_union(e, q, end, arg)) return fail();
            scratch_.push_back(std::move(arg));
          }
          if (q < end && is_punct(e[q], ',')) ++q;
          else if (q >= end || !is_punct(e[q], ')')) return fail();
        }
        if (q >= end) return fail();
        pos = q + 1;
        out = object_of("call", Value(w), "args", array_from(mark));
        return true;
      }
      if ((word_is(w, "range") || word_is(w, "pow2")) && pos + 1 < end && is_punct(e[pos + 1], '[')) {
        std::size_t q = pos + 1;
        Value list;
        if (!parse_list(e, q, end, list)) return false;
        pos = q;
        out = object_of("call", Value(w), "args", std::move(list));
        return true;
      }
      ++pos;
      out = w;
      return true;
    }
    case TokenKind::Punct: {
      const char c = text_[t.begin];
      if ((c == '-' || c == '+') && pos + 1 < end && !e[pos + 1].is_node &&
          tokens_[e[pos + 1].index].kind == TokenKind::Number &&
          tokens_[e[pos + 1].index].begin == t.end) {
        out = number_value(tokens_[e[pos + 1].index].text(text_));
        pos += 2;
        if (c == '-') out = out.is_number_integer() ? Value(-out.get<std::int64_t>()) : Value(-out.get<double>());
        return true;
      }
      if (c == '[') return parse_list(e, pos, end, out);
      return false;
    }
    default:
      return false;
  }
}

bool EntryReader::parse_list(Elements e, std::size_t& pos, std::size_t end, Value& out) const {
  std::size_t q = pos + 1;
  const std::size_t mark = scratch_.size();
  const auto fail = [&] {
    scratch_.resize(mark);
    return false;
  };
  while (true) {
    if (q >= end) return fail();
    if (is_punct(e[q], ']')) break;
    const std::size_t start = q;
    Value v;
    if (!parse_union(e, q, end, v) || q >= end || !(is_punct(e[q], ',') || is_punct(e[q], ']'))) {
      // Not a plain value: the element is its text, up to the next `,` or `]` at this level.
      q = start;
      int depth = 0;
      for (; q < end; ++q) {
        if (is_punct(e[q], '[') || is_punct(e[q], '(')) ++depth;
        else if ((is_punct(e[q], ']') || is_punct(e[q], ')')) && depth > 0) --depth;
        else if (depth == 0 && (is_punct(e[q], ',') || is_punct(e[q], ']'))) break;
      }
      if (q >= end) return fail();
      v = text(e, start, q);
    }
    scratch_.push_back(std::move(v));
    if (is_punct(e[q], ',')) ++q;
  }
  pos = q + 1;
  out = array_from(mark);
  return true;
}

Value EntryReader::array_from(std::size_t mark) const {
  Value::array_t members(std::make_move_iterator(scratch_.begin() + static_cast<std::ptrdiff_t>(mark)),
                         std::make_move_iterator(scratch_.end()));
  scratch_.resize(mark);
  return Value(std::move(members));
}

}  // namespace spak::dsl
