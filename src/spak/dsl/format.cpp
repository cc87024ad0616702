// The formatter walks the tokens line by line with a stack of open containers (blocks and suites), which is
// all it needs to know to indent a line. Structure comes from the tree: where items and suites start and end.

#include "spak/dsl/format.h"

#include <algorithm>

#include "spak/dsl/source_map.h"

namespace spak::dsl {
namespace {

/// An open container while formatting.
struct Open {
  bool suite = false;
  int new_base = 0;     ///< indentation of the container's lines in the output
  int orig_base = 0;    ///< Suite: indentation of its first line in the input
  int close_indent = 0; ///< Braces: indentation of its `}` line
  int brackets = 0;     ///< open ( and [ of the current item
};

/// The innermost item that holds `token`, found from `item` (the last item started at or before it) outwards
/// through the containers (Braces, Suite) that items nest in; kNone when `item` is kNone.
std::uint32_t item_containing(const SyntaxTree& tree, std::uint32_t item, std::uint32_t token) {
  while (item != Node::kNone && tree.nodes[item].last <= token) {
    const std::uint32_t container = tree.nodes[item].parent;
    if (container == Node::kNone || tree.nodes[container].kind == NodeKind::Document) return Node::kNone;
    item = tree.nodes[container].parent;
  }
  return item;
}

}  // namespace

std::string format(const SyntaxTree& tree) {
  const auto n = static_cast<std::uint32_t>(tree.tokens.size());
  constexpr std::uint32_t kNone = Node::kNone;
  std::vector<std::uint32_t> item_at(n, kNone), suite_at(n, kNone);
  std::vector<std::uint16_t> suites_ending(n, 0);
  for (std::uint32_t id = 0; id < tree.nodes.size(); ++id) {
    const Node& node = tree.nodes[id];
    if (node.first >= n) continue;
    if (node.kind == NodeKind::Item) item_at[node.first] = id;
    if (node.kind == NodeKind::Suite) {
      suite_at[node.first] = id;
      ++suites_ending[node.last - 1];
    }
  }
  std::vector<int> item_indent(tree.nodes.size(), 0);

  auto is = [&](std::uint32_t i, char c) {
    return tree.tokens[i].kind == TokenKind::Punct && tree.text[tree.tokens[i].begin] == c;
  };

  std::string out;
  out.reserve(tree.text.size() + tree.text.size() / 8);
  std::vector<Open> stack{Open{}};
  bool pending_blank = false, printed = false, last_opened = false;
  // A line ending in `:` gives its item a suite when the next significant line is deeper than the item (the
  // parser's rule). Where the input had no suite there, that next line may be no deeper than this.
  int colon_cap = -1;
  std::uint32_t last_item = kNone;  // the last item started so far (an item can go on over lines)
  std::uint32_t i = 0;
  while (i < n) {
    // At a line start: measure the original indentation, skip it.
    int orig_indent = 0;
    while (i < n && (tree.tokens[i].kind == TokenKind::Space || tree.tokens[i].kind == TokenKind::Bom)) {
      if (tree.tokens[i].kind == TokenKind::Space) orig_indent = visual_width(tree.token_text(i));
      ++i;
    }
    if (i >= n) break;
    if (tree.tokens[i].kind == TokenKind::Newline) {
      pending_blank = printed;
      ++i;
      continue;
    }
    // The line's first significant token; comments may come before it (`/* … */ value`).
    std::uint32_t first = i;
    while (first < n && tree.tokens[first].kind != TokenKind::Newline && tree.tokens[first].is_trivia()) ++first;
    const bool significant = first < n && tree.tokens[first].kind != TokenKind::Newline;
    // A suite opens at its first significant token, so a line that starts with a comment opens it too.
    if (significant && suite_at[first] != kNone) {
      const std::uint32_t owner = tree.nodes[suite_at[first]].parent;
      stack.push_back(Open{true, item_indent[owner] + 2, orig_indent, 0, 0});
    }
    const Open& top = stack.back();
    int indent;
    if (is(i, '}') && stack.size() > 1 && !top.suite) {
      indent = top.close_indent;
    } else if (top.suite) {
      indent = top.new_base + std::max(0, orig_indent - top.orig_base);
    } else {
      indent = top.new_base + ((top.brackets > 0 && !is(i, ']') && !is(i, ')')) ? 2 : 0);
    }
    if (significant) {  // a significant line, not only comments
      if (colon_cap >= 0 && !is(first, '}') && !is(first, '{') && suite_at[first] == kNone)
        indent = std::min(indent, colon_cap);
      colon_cap = -1;
    }
    // A first line that would read differently at the very start of the file must stay indented: `---` that is
    // not front matter (it was indented) would open front matter, and a U+FEFF that is not a byte order mark (it
    // was not first) would become one and be dropped.
    const bool fence = i + 2 < n && is(i, '-') && is(i + 1, '-') && is(i + 2, '-');
    const bool bom_bytes = tree.text.substr(tree.tokens[i].begin, 3) == "\xEF\xBB\xBF";
    if (!printed && indent == 0 && (fence || bom_bytes)) indent = 1;
    if (pending_blank && !last_opened && !is(i, '}')) out += '\n';
    pending_blank = false;
    out.append(static_cast<std::size_t>(indent), ' ');

    // The line's content, verbatim but for trailing blanks. An item that does not start the line counts its
    // column as its indentation (as the parser does), measured on the output piecewise.
    bool last_sig_open = false, first_sig = true;
    std::uint32_t last_sig = kNone;
    const std::size_t line_start = out.size() - static_cast<std::size_t>(indent);
    std::size_t measured_to = line_start;
    int measured = 0;
    for (; i < n && tree.tokens[i].kind != TokenKind::Newline; ++i) {
      const Token& t = tree.tokens[i];
      if (t.kind == TokenKind::Space) {
        std::uint32_t j = i + 1;
        if (j >= n || tree.tokens[j].kind == TokenKind::Newline) continue;  // trailing blanks
      }
      if (item_at[i] != kNone) {
        if (!first_sig) {
          measured = visual_width(std::string_view(out).substr(measured_to), measured);
          measured_to = out.size();
        }
        item_indent[item_at[i]] = first_sig ? indent : measured;
        stack.back().brackets = 0;
        last_item = item_at[i];
      }
      if (!t.is_trivia()) first_sig = false;
      out += t.text(tree.text);
      if (t.kind == TokenKind::Punct) {
        if (is(i, '{')) {
          stack.push_back(Open{false, indent + 2, 0, indent, 0});
        } else if (is(i, '}') && stack.size() > 1 && !stack.back().suite) {
          stack.pop_back();
        } else if (is(i, '(') || is(i, '[')) {
          ++stack.back().brackets;
        } else if ((is(i, ')') || is(i, ']')) && stack.back().brackets > 0) {
          --stack.back().brackets;
        }
      }
      if (!t.is_trivia()) {
        last_sig_open = is(i, '{');
        last_sig = i;
      }
      for (std::uint16_t k = 0; k < suites_ending[i] && stack.size() > 1 && stack.back().suite; ++k) stack.pop_back();
    }
    if (last_sig != kNone && is(last_sig, ':') && stack.back().brackets == 0) {
      const std::uint32_t owner = item_containing(tree, last_item, last_sig);
      if (owner != kNone) colon_cap = item_indent[owner];
    }
    out += '\n';
    printed = true;
    last_opened = last_sig_open;
    if (i < n) ++i;  // the newline
  }
  return out;
}

}  // namespace spak::dsl
