// The parser: one pass over the tokens with a stack of open nodes (Document, Braces and Suite are containers of
// items; an Item is a line-like run of tokens that may end in a body).
//
// An item's head ends at a newline outside (..)/[..], at a `{` outside them (which opens its body), or at a `}`
// that closes the enclosing block. A head ending in `:` owns the following lines that are indented deeper (a
// Suite). A `{` alone on the next line still opens the body of the head above it.

#include "spak/dsl/parser.h"

#include <fmt/format.h>

#include "spak/dsl/lexer.h"
#include "spak/dsl/source_map.h"

namespace spak::dsl {
namespace {

constexpr std::uint32_t kNone = Node::kNone;

/// visual_width() of a Space token, whose bytes are all single-byte blanks: no code points to tell apart, and
/// inline, since every line's indentation is measured.
int blanks_width(std::string_view blanks) {
  int width = 0;
  for (const char c : blanks) width = c == '\t' ? (width / 8 + 1) * 8 : width + 1;
  return width;
}

class Parser {
 public:
  Parser(std::string_view text, std::vector<Diagnostic>& diagnostics) : diagnostics_(diagnostics) {
    tree_.text = text;
    tree_.tokens = lex(text, diagnostics);
    tree_.nodes.reserve(tree_.tokens.size() / 6 + 4);
    tree_.elements.reserve(tree_.tokens.size() / 2 + 4);  // about half the tokens are significant
  }

  SyntaxTree run() {
    const auto n = static_cast<std::uint32_t>(tree_.tokens.size());
    tree_.nodes.push_back(Node{NodeKind::Document});
    tree_.nodes[0].last = n;
    stack_.push_back(Frame{0, NodeKind::Document});
    start_line(0);
    std::uint32_t i = 0;
    while (i < n) i = step(i);
    finish(n);
    return std::move(tree_);
  }

 private:
  /// An open node and what the parser needs to know about it.
  struct Frame {
    std::uint32_t node;
    NodeKind kind;
    int indent = 0;                ///< Item: indentation of its line; Suite: indentation of its head
    int brackets = 0;              ///< Item: open ( and [ in the head
    std::uint32_t last_sig = kNone;///< Item: last significant token of the head
    /// Item: where the elements of its head written since it opened (or since its last inline map) start in
    /// tree_.elements; kNone once the head is recorded in its node. Inline Braces: where its items' heads start.
    std::uint32_t mark = kNone;
    std::uint32_t stacked_mark = kNone;  ///< Item: where its head's earlier part starts in heads_, if it has one
  };

  const Token& tok(std::uint32_t i) const { return tree_.tokens[i]; }
  bool is_punct(std::uint32_t i, char c) const {
    return tok(i).kind == TokenKind::Punct && tree_.text[tok(i).begin] == c;
  }

  /// Records the indentation of the line starting at token `i`.
  void start_line(std::uint32_t i) {
    first_sig_on_line_ = true;
    line_indent_ = 0;
    if (i < tree_.tokens.size() && tok(i).kind == TokenKind::Bom) ++i;
    measured_offset_ = i < tree_.tokens.size() ? tok(i).begin : tree_.text.size();
    measured_width_ = 0;
    if (i < tree_.tokens.size() && tok(i).kind == TokenKind::Space) line_indent_ = indent_width(i);
  }

  /// Width of the blanks of token `i`. An item's newline looks ahead at the next line's indentation and then
  /// the next line starts with the same token, so the last answer is kept.
  int indent_width(std::uint32_t i) const {
    if (i != measured_blanks_) {
      measured_blanks_ = i;
      measured_blanks_width_ = blanks_width(tok(i).text(tree_.text));
    }
    return measured_blanks_width_;
  }

  /// The indentation an item starting at token `i` counts for: its line's indentation when it starts the
  /// line, else its column (so `a { b:` + deeper lines gives `b` a suite only if they are deeper than `b`).
  int item_indent(std::uint32_t i) {
    if (first_sig_on_line_) return line_indent_;
    const std::size_t at = tok(i).begin;
    measured_width_ = visual_width(tree_.text.substr(measured_offset_, at - measured_offset_), measured_width_);
    measured_offset_ = at;
    return measured_width_;
  }

  /// The next token at or after `i` that is not trivia (kNone at the end), the indentation of its line, and the
  /// first token of its line (after the last newline from `i` on; kNone when there is none). The indentation is
  /// what start_line() will measure: only blanks that open the line count, so a comment before the token
  /// (`/* c */ x`) leaves its line at indentation 0.
  struct NextSignificant {
    std::uint32_t token;
    int indent;
    std::uint32_t line;
  };
  NextSignificant next_significant(std::uint32_t i) const {
    int indent = -1;
    bool line_start = false;
    std::uint32_t line = kNone;
    for (; i < tree_.tokens.size(); ++i) {
      const Token& t = tok(i);
      if (!t.is_trivia()) return {i, indent, line};
      if (t.kind == TokenKind::Newline) {
        indent = 0;
        line_start = true;
        line = i + 1;
        continue;
      }
      if (t.kind == TokenKind::Space && line_start) indent = indent_width(i);
      line_start = false;
    }
    return {kNone, 0, line};
  }

  std::uint32_t open(NodeKind kind, std::uint32_t first, bool body) {
    const std::uint32_t parent = stack_.back().node;
    const auto id = static_cast<std::uint32_t>(tree_.nodes.size());
    Node node{kind};
    node.body = body;
    node.first = first;
    node.parent = parent;
    node.depth = tree_.nodes[parent].depth + ((kind == NodeKind::Braces || kind == NodeKind::Suite) ? 1 : 0);
    tree_.nodes.push_back(node);
    Node& p = tree_.nodes[parent];
    if (p.last_child == kNone) p.first_child = id; else tree_.nodes[p.last_child].next_sibling = id;
    p.last_child = id;
    if (tree_.nodes[id].depth > kMaxDepth && !depth_reported_) {
      depth_reported_ = true;
      error(first, fmt::format("nesting deeper than {} levels", kMaxDepth),
            "flatten the structure; no system needs blocks this deep");
    }
    return id;
  }

  /// Records the head of the Item frame `f` in its node. Called when its body opens, or when it closes without
  /// one. A head is one run at the tree's end unless an inline map's items came between its elements.
  void end_head(Frame& f) {
    if (f.stacked_mark != kNone) gather_head(f);
    Node& node = tree_.nodes[f.node];
    node.head_begin = f.mark;
    node.head_size = static_cast<std::uint32_t>(tree_.elements.size()) - f.mark;
    f.mark = kNone;
  }

  /// The inline map `node`, whose items recorded their heads in the tree from `inner_mark` on, has closed inside
  /// the head of the Item frame `item`: it is the head's next element. When heads came between, the head so far
  /// moves onto heads_ (its elements in the tree stay there, unused) and goes on from the tree's end.
  void end_inline_map(Frame& item, std::uint32_t node, std::uint32_t inner_mark) {
    std::vector<Element>& elements = tree_.elements;
    if (inner_mark == elements.size()) return elements.push_back(Element{true, node});
    if (item.stacked_mark == kNone) item.stacked_mark = static_cast<std::uint32_t>(heads_.size());
    heads_.insert(heads_.end(), elements.begin() + item.mark, elements.begin() + inner_mark);
    heads_.push_back(Element{true, node});
    item.mark = static_cast<std::uint32_t>(elements.size());
  }

  /// Moves the head of the Item frame `f`, part on heads_ and part at the tree's end, to the tree's end as one run.
  /// Out of line: heads with inline maps are rare, and inlined into the token loop this made the loop spill
  /// registers (1.8 M more instructions per 2 MiB).
  [[gnu::noinline]] void gather_head(Frame& f) {
    std::vector<Element>& elements = tree_.elements;
    heads_.insert(heads_.end(), elements.begin() + f.mark, elements.end());
    elements.resize(f.mark);
    elements.insert(elements.end(), heads_.begin() + f.stacked_mark, heads_.end());
    heads_.resize(f.stacked_mark);
    f.stacked_mark = kNone;
  }

  /// Closes the top frame. Items and suites end at their last significant token or their last child's end.
  void close_top() {
    Frame f = stack_.back();
    stack_.pop_back();
    if (f.kind == NodeKind::Item && f.mark != kNone) end_head(f);
    Node& node = tree_.nodes[f.node];
    if (f.kind == NodeKind::Item || f.kind == NodeKind::Suite) {
      std::uint32_t last = f.last_sig == kNone ? node.first : f.last_sig + 1;
      if (node.last_child != kNone) last = std::max(last, tree_.nodes[node.last_child].last);
      node.last = std::max(last, node.first + 1);
    }
  }

  void error(std::uint32_t token, std::string message, Hint hint) {
    Diagnostic d;
    d.span.begin = tok(token).begin;
    d.span.end = tok(token).end;
    d.message = std::move(message);
    d.hint = hint;
    diagnostics_.push_back(std::move(d));
  }

  /// Handles token `i` in the context of the top frame; returns the next token to look at.
  std::uint32_t step(std::uint32_t i) {
    Frame& f = stack_.back();
    const Token& t = tok(i);
    if (f.kind == NodeKind::Item) return item_step(i);
    if (t.kind == TokenKind::Newline) {
      start_line(i + 1);
      return i + 1;
    }
    if (t.is_trivia()) return i + 1;
    if (t.kind == TokenKind::FrontMatter) {
      tree_.nodes[open(NodeKind::FrontMatter, i, false)].last = i + 1;
      return i + 1;
    }
    if (f.kind == NodeKind::Suite && first_sig_on_line_ && line_indent_ <= f.indent) {
      end_suite();
      return i;
    }
    if (is_punct(i, '}')) {
      if (f.kind == NodeKind::Suite) {
        end_suite();
        return i;
      }
      first_sig_on_line_ = false;
      if (f.kind == NodeKind::Document) {
        tree_.nodes[open(NodeKind::Stray, i, false)].last = i + 1;
        error(i, "unmatched `}`", "remove it, or add the `{` it was meant to close");
        return i + 1;
      }
      // Closing a Braces node: it ends here, and so does its item when it was the item's body; an inline one is
      // an element of its item's head.
      Node& braces = tree_.nodes[f.node];
      braces.last = i + 1;
      const bool body = braces.body;
      const std::uint32_t id = f.node, inner_mark = f.mark;
      stack_.pop_back();
      Frame& item = stack_.back();
      item.last_sig = i;
      if (body) close_top();
      else end_inline_map(item, id, inner_mark);
      return i + 1;
    }
    const int indent = item_indent(i);
    const auto mark = static_cast<std::uint32_t>(tree_.elements.size());
    stack_.push_back(Frame{open(NodeKind::Item, i, false), NodeKind::Item, indent, 0, kNone, mark});
    return i;
  }

  void end_suite() {
    close_top();  // the suite
    close_top();  // the item that owns it
  }

  /// At the newline token `i` in the head of the Item frame `f` (the top frame): kNone when the head goes on on
  /// the next line (inside brackets, or before a `{` that opens its body). Else the item ends or its suite opens,
  /// and the result is the next significant token (or the end), where the container loop goes on: the trivia
  /// before it are skipped, their last line started here, as the container loop would do it.
  /// Out of line: it runs once per line, and inlined into item_step()'s token loop it made the loop spill registers
  /// (3.8 M more instructions per 2 MiB).
  [[gnu::noinline]] std::uint32_t line_break(Frame& f, std::uint32_t i) {
    if (f.brackets > 0) {
      start_line(i + 1);
      return kNone;
    }
    const auto [next, indent, line] = next_significant(i);
    if (next != kNone && is_punct(next, '{')) {  // `{` on the next line opens this head's body
      start_line(i + 1);
      return kNone;
    }
    if (f.last_sig != kNone && is_punct(f.last_sig, ':') && next != kNone && indent > f.indent &&
        !is_punct(next, '}')) {
      const int head_indent = f.indent;
      end_head(f);
      stack_.push_back(Frame{open(NodeKind::Suite, next, true), NodeKind::Suite, head_indent});
    } else {
      close_top();
    }
    start_line(line);
    return next == kNone ? static_cast<std::uint32_t>(tree_.tokens.size()) : next;
  }

  /// Handles the tokens of the top frame, an Item, from `i` on, up to the first one that opens or closes a node;
  /// returns the next token to look at. Staying in this loop for the plain tokens of a head, instead of going
  /// back through step() for each one, keeps the frame and the token array at hand.
  std::uint32_t item_step(std::uint32_t i) {
    Frame& f = stack_.back();
    const Token* const tokens = tree_.tokens.data();
    const auto n = static_cast<std::uint32_t>(tree_.tokens.size());
    for (; i < n; ++i) {
      const Token& t = tokens[i];
      if (t.kind == TokenKind::Newline) {
        if (const std::uint32_t next = line_break(f, i); next != kNone) return next;
        continue;
      }
      if (t.is_trivia()) continue;
      first_sig_on_line_ = false;
      if (t.kind == TokenKind::Punct) {  // words, numbers and strings (most head tokens) skip the bracket tests
        switch (tree_.text[t.begin]) {
          case '}':
            close_top();
            return i;
          case '{': {
            const bool body = f.brackets == 0;
            if (body) end_head(f);
            const auto mark = static_cast<std::uint32_t>(tree_.elements.size());
            stack_.push_back(Frame{open(NodeKind::Braces, i, body), NodeKind::Braces, 0, 0, kNone, mark});
            return i + 1;
          }
          case '(':
          case '[':
            ++f.brackets;
            break;
          case ')':
          case ']':
            if (f.brackets > 0) --f.brackets;
            break;
          default:
            break;
        }
      }
      tree_.elements.push_back(Element{false, i});
      f.last_sig = i;
    }
    return i;
  }

  /// Closes whatever is still open at the end of the file; an open Braces is an error at its `{`.
  void finish(std::uint32_t n) {
    // Unclosed braces are reported outermost first; a cascade of them is cut short after a few.
    constexpr std::size_t kMaxReported = 10;
    std::vector<std::uint32_t> unclosed;
    while (stack_.size() > 1) {
      const Frame& f = stack_.back();
      if (f.kind == NodeKind::Braces) {
        Node& braces = tree_.nodes[f.node];
        braces.last = n;
        braces.closed = false;
        unclosed.push_back(braces.first);
        const bool body = braces.body;
        const std::uint32_t id = f.node, inner_mark = f.mark;
        stack_.pop_back();
        stack_.back().last_sig = n - 1;
        if (!body) end_inline_map(stack_.back(), id, inner_mark);
        continue;
      }
      close_top();
    }
    for (std::size_t k = unclosed.size(); k-- > 0;) {
      if (unclosed.size() - 1 - k == kMaxReported) {
        error(unclosed[k], fmt::format("{} more `{{` are never closed", k + 1), "add the matching `}`s");
        break;
      }
      error(unclosed[k], "this `{` is never closed", "add the matching `}`");
    }
  }

  SyntaxTree tree_;
  std::vector<Diagnostic>& diagnostics_;
  std::vector<Frame> stack_;
  /// The earlier parts of the heads of open items that have had an inline map, outermost first. An item writes
  /// its head straight into the tree: until its head ends it is the innermost open item, so no other head comes
  /// between its elements, unless it holds an inline map (whose items come next); its head so far then waits here.
  std::vector<Element> heads_;
  int line_indent_ = 0;
  bool first_sig_on_line_ = true;
  std::size_t measured_offset_ = 0;  ///< item_indent(): the current line is measured up to here …
  int measured_width_ = 0;           ///< … and is this wide there
  mutable std::uint32_t measured_blanks_ = kNone;  ///< indent_width(): the token last measured …
  mutable int measured_blanks_width_ = 0;          ///< … and its width

  bool depth_reported_ = false;
};

}  // namespace

SyntaxTree parse(std::string_view text, std::vector<Diagnostic>& diagnostics) {
  return Parser(text, diagnostics).run();
}

}  // namespace spak::dsl
