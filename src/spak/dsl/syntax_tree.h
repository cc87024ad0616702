#pragma once
// The lossless syntax tree of a .dsl file.
//
// Nodes cover contiguous token ranges and nest; every token of the file lies in the Document node, and the
// tokens a node covers that none of its children covers are its own (a block's head words, its braces, the
// blanks and comments between items). print() walks the tree and gives back the file byte for byte.
//
//   Document  := FrontMatter? (Item | Stray)*            plus the trivia between them
//   Item      := head tokens, inline Braces inside [..]/(..) of the head,
//                then optionally a body: Braces (a block) or Suite (lines indented under a head ending in `:`)
//   Braces    := `{` (Item | Stray)* `}`
//   Suite     := Item*                                      lines indented deeper than the head that owns them

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "spak/dsl/token.h"

namespace spak::dsl {

enum class NodeKind : std::uint8_t { Document, FrontMatter, Item, Braces, Suite, Stray };

/// One element of an Item's head: a significant token, or an inline `{…}` node inside brackets.
struct Element {
  bool is_node = false;
  std::uint32_t index = 0;  ///< the token, or the node
};

/// One node: its kind, the token range [first, last) it covers, and links to its parent and children.
struct Node {
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;
  NodeKind kind;
  bool body = false;             ///< Braces/Suite: this is the body of the parent Item (not a map inside brackets)
  bool closed = true;            ///< Braces: the closing `}` was found
  std::uint32_t first = 0, last = 0;
  std::uint32_t parent = kNone, first_child = kNone, next_sibling = kNone, last_child = kNone;
  std::uint32_t depth = 0;       ///< number of Braces/Suite ancestors (and itself, for those kinds)
  /// Item: its head is elements[head_begin, head_begin + head_size): the significant tokens and inline nodes
  /// before its body (a body, when there is one, is its last child).
  std::uint32_t head_begin = 0, head_size = 0;
};

/// A parsed file: the text (not owned), its tokens, the nodes (nodes[0] is the Document) and the items' heads.
/// The parser records the heads as it goes, so readers of the tree need not walk the tokens again.
struct SyntaxTree {
  std::string_view text;
  std::vector<Token> tokens;
  std::vector<Node> nodes;
  std::vector<Element> elements;

  const Node& root() const { return nodes[0]; }
  std::string_view token_text(std::uint32_t i) const { return tokens[i].text(text); }
  /// Children of node `n`, in order.
  std::vector<std::uint32_t> children(std::uint32_t n) const;
  /// Source text covered by node `n` (all its tokens).
  std::string_view node_text(std::uint32_t n) const;
};

/// Prints the tree back by walking it (own tokens interleaved with children): the original text, exactly.
std::string print(const SyntaxTree& tree);

}  // namespace spak::dsl
