#pragma once
// Splits a .dsl file into tokens that cover every byte. Lexical errors (an unterminated string or comment,
// invalid UTF-8, a binary file) become diagnostics; lexing always finishes and still covers the whole text.

#include <string_view>
#include <vector>

#include "spak/dsl/diagnostic.h"
#include "spak/dsl/token.h"

namespace spak::dsl {

/// Largest input the front end accepts (token offsets are 32-bit).
inline constexpr std::size_t kMaxSourceBytes = std::size_t{1} << 31;

/// Tokens of `text`, in order. Diagnostics carry byte offsets only (Span::begin/end); the caller fills in
/// lines and columns (see source_map.h).
std::vector<Token> lex(std::string_view text, std::vector<Diagnostic>& diagnostics);

}  // namespace spak::dsl
