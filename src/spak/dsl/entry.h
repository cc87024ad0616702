#pragma once
// Reads the items of a syntax-tree container as entries: fields (`key: value`), blocks (`head { … }` or a
// head ending in `:` with an indented suite) and statements (any other line, kept as text). This is the layer
// between the untyped tree and the schema-aware lowering.
//
// Values come out typed (ir.h's Value): strings unescaped, numbers, booleans, null, lists, inline maps,
// unions {"union": […]}, calls {"call": f, "args": […]}; a value that is none of these is its text. Entry text
// never depends on layout (line breaks and comments inside it read as one space), so formatting a file never
// changes what is read from it.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "spak/dsl/ir.h"
#include "spak/dsl/syntax_tree.h"

namespace spak::dsl {

/// A run of head elements (syntax_tree.h's Element), as the readers below take them: a view into the tree.
using Elements = std::span<const Element>;

/// One field, block or statement read from an item.
struct Entry {
  enum class Kind { Field, Block, Statement };

  Kind kind = Kind::Statement;
  std::uint32_t item = 0;           ///< the Item node it came from
  std::size_t begin = 0, end = 0;   ///< byte range of the entry
  // Field
  std::string key;
  Value value;
  std::string raw;                  ///< the value's text (also set for `key: { … }` read as a map value)
  // Block
  Elements head;                    ///< significant head elements (without a final `:`), in the tree
  std::string head_text;            ///< the head as text (empty when keyed: the text is then `key`)
  std::uint32_t body = Node::kNone; ///< Braces or Suite node holding the block's items
  bool keyed = false;               ///< Block written as `key: { … }` or `key:` + suite (a field with a body)
  // Statement
  std::string text;

  /// Back to the state of a fresh entry, keeping the storage of its strings for the next item.
  void clear() {
    kind = Kind::Statement;
    item = 0;
    begin = end = 0;
    key.clear();
    if (!value.is_null()) value = nullptr;  // usually moved out, so null already: no out-of-line destructor call
    raw.clear();
    head = {};
    head_text.clear();
    body = Node::kNone;
    keyed = false;
    text.clear();
  }
};

/// The entries read from one container. Reading the next container into the same Entries reuses the entries
/// themselves: cleared, not destroyed and built again (an Entry is ~200 bytes, with a JSON value whose destructor
/// is an out-of-line call), and their strings keep their storage.
class Entries {
 public:
  std::size_t size() const { return size_; }
  Entry* begin() { return entries_.data(); }
  Entry* end() { return entries_.data() + size_; }
  Entry& back() { return entries_[size_ - 1]; }

  /// A cleared entry at the end. It stays where it is until the next add() (kept entries make regrowth rare, so
  /// a body's items are not counted first to reserve room).
  Entry& add() {
    if (size_ == entries_.size()) grow();
    else entries_[size_].clear();
    return entries_[size_++];
  }
  /// Drops the entries from the n-th on.
  void truncate(std::size_t n) { size_ = n; }
  void clear() { size_ = 0; }
  /// The entries in use, moved out into a vector.
  std::vector<Entry> take();

 private:
  /// Adds a fresh entry at the end. Out of line, so that add(), with the common path alone, is inlined.
  void grow();

  std::vector<Entry> entries_;  ///< the first size_ are in use; the rest are kept for their storage
  std::size_t size_ = 0;
};

/// Reads entries from a syntax tree. Holds no state beyond the tree and scratch storage (values being built), so
/// one reader must not be shared between threads.
class EntryReader {
 public:
  /// `tree` must stay where it is, unchanged, while the reader is used (the reader keeps pointers into it).
  explicit EntryReader(const SyntaxTree& tree)
      : tokens_(tree.tokens.data()), nodes_(tree.nodes.data()), elements_(tree.elements.data()), text_(tree.text) {}

  /// Entries of the items directly inside `container` (Document, Braces or Suite), in order.
  std::vector<Entry> entries(std::uint32_t container) const;
  /// The same into `out` (cleared first), so a caller can reuse one Entries, and its entries, for many containers.
  void entries(std::uint32_t container, Entries& out) const;
  /// Text of a token range with trivia normalised: blanks kept, runs holding a newline or comment → one space.
  std::string text(std::uint32_t first_token, std::uint32_t last_token) const;
  /// Text of head elements [from, to).
  std::string text(Elements elements, std::size_t from, std::size_t to) const;
  /// The head element's token text ("" for a node).
  std::string_view word(const Element& element) const;
  /// Whether the element is the punctuation character `c`.
  bool is_punct(const Element& element, char c) const;
  /// The whole content of a container as a value: an object when every entry is a field, else nullopt.
  std::optional<Value> map_value(std::uint32_t container) const;
  /// The string content of a String or TripleString token (unescaped / raw).
  std::string string_content(std::uint32_t token) const;

 private:
  /// text() into `out`, replacing what it held: an entry's strings are filled in place, with no temporary to move
  /// into them (a large file has several per line).
  void assign_text(std::string& out, std::uint32_t first_token, std::uint32_t last_token) const;
  void assign_text(std::string& out, Elements elements, std::size_t from, std::size_t to) const;
  /// The head elements of `item`, as the parser recorded them.
  Elements head_of(std::uint32_t item) const;
  /// The body node of `item` (its last child, when that is a body), or Node::kNone.
  std::uint32_t body_of(std::uint32_t item) const;
  void read_item(std::uint32_t item, Entries& out) const;
  bool read_fields(Elements head, std::uint32_t item, Entries& out) const;
  /// `a: 1, b: {…}`: moves the fields in front of the last key of a keyed block's head (`:` included) to `out`
  /// and drops them from `head`, so the last key alone owns the body; `begin` becomes the last key's begin.
  void split_leading_fields(Elements& head, std::uint32_t item, std::size_t& begin, Entries& out) const;
  /// Value parsers: each reads one value from e[pos, end) into `out` (where it stays: no optional or temporary
  /// to move it out of) and advances `pos` past it. False when there is none; `out` is then unspecified.
  bool parse_union(Elements e, std::size_t& pos, std::size_t end, Value& out) const;
  bool parse_primary(Elements e, std::size_t& pos, std::size_t end, Value& out) const;
  bool parse_list(Elements e, std::size_t& pos, std::size_t end, Value& out) const;
  bool is_key_start(Elements e, std::size_t pos, std::size_t end) const;
  std::size_t begin_of(const Element& element) const;
  std::size_t end_of(const Element& element) const;

  /// Moves the scratch stack's values from `mark` on into a json array of exactly that size (and pops them), so
  /// a list costs one allocation for its elements instead of one per doubling.
  Value array_from(std::size_t mark) const;

  // The tree's arrays and text, held directly: a look at a token then needs no loads of the tree and its vector
  // first (which every store in between would force again), and the reader looks at every token of every head.
  const Token* const tokens_;
  const Node* const nodes_;
  const Element* const elements_;
  const std::string_view text_;
  /// Elements of the lists, unions and call arguments being parsed, innermost last (values nest).
  mutable std::vector<Value> scratch_;
};

}  // namespace spak::dsl
