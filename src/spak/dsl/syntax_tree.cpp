// Walking the syntax tree: child lists, node text, and the lossless printer.

#include "spak/dsl/syntax_tree.h"

namespace spak::dsl {

std::vector<std::uint32_t> SyntaxTree::children(std::uint32_t n) const {
  std::vector<std::uint32_t> out;
  for (std::uint32_t c = nodes[n].first_child; c != Node::kNone; c = nodes[c].next_sibling) out.push_back(c);
  return out;
}

std::string_view SyntaxTree::node_text(std::uint32_t n) const {
  const Node& node = nodes[n];
  if (node.first >= node.last) return {};
  const std::uint32_t begin = tokens[node.first].begin, end = tokens[node.last - 1].end;
  return text.substr(begin, end - begin);
}

std::string print(const SyntaxTree& tree) {
  std::string out;
  out.reserve(tree.text.size());
  // Iterative pre-order walk: emit a node's own tokens up to each child, then the child, then the rest.
  struct Frame {
    std::uint32_t node, next_token, child;
  };
  std::vector<Frame> stack{{0, tree.nodes[0].first, tree.nodes[0].first_child}};
  while (!stack.empty()) {
    Frame& f = stack.back();
    const Node& node = tree.nodes[f.node];
    const std::uint32_t stop = f.child == Node::kNone ? node.last : tree.nodes[f.child].first;
    for (; f.next_token < stop; ++f.next_token) out += tree.token_text(f.next_token);
    if (f.child == Node::kNone) {
      stack.pop_back();
      continue;
    }
    const std::uint32_t child = f.child;
    f.next_token = tree.nodes[child].last;
    f.child = tree.nodes[child].next_sibling;
    stack.push_back({child, tree.nodes[child].first, tree.nodes[child].first_child});
  }
  return out;
}

}  // namespace spak::dsl
