#pragma once
// A kernel source file as the lifter reads it. Patterns match a "code view" of the text in which comments are
// blanked to spaces (same length, newlines kept), so a commented-out `#pragma unroll` or a docstring that
// mentions `ct.exp2` is not taken for code, while byte offsets still map to the original lines for citations.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace spak::lift {

/// How a language writes comments: Python (`#`, and triple-quoted docstrings) or C (`//`, `/* */`).
enum class CommentStyle { Python, C };

/// One input file: original bytes, the comment-blanked code view and a line index.
struct SourceFile {
  std::string path;                       ///< as the user named it; citations use it verbatim
  std::string language;                   ///< pattern database language, e.g. "cutile" or "cuda"
  std::string text;                       ///< original bytes
  std::string code;                       ///< text with comments blanked; code.size() == text.size()
  std::vector<std::size_t> line_starts;   ///< byte offset where each line begins; line N is line_starts[N-1]

  /// The 1-based line holding byte `offset`.
  int line_of(std::size_t offset) const;
  /// Line `line` (1-based) of the original text, without its newline.
  std::string_view line_text(int line) const;
};

/// Builds a SourceFile from bytes already read. Throws spak::Error when the bytes are not text (a NUL byte),
/// naming the path and the offset.
SourceFile make_source(std::string path, std::string language, std::string text, CommentStyle style);

/// `text` with every comment replaced by spaces (newlines kept), strings left as they are (CUDA inline PTX
/// lives in strings). Python triple-quoted strings are blanked too: they are docstrings, not code.
std::string blank_comments(std::string_view text, CommentStyle style);

}  // namespace spak::lift
