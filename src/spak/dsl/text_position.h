#pragma once
// Where a character of a value lies in the source. The IR holds expressions as text (a string's content, or a
// bare value with its layout normalised); a diagnostic about column 7 of an expression must point at the code
// point the user wrote, inside the quotes and past any escapes, on the right line.

#include <cstddef>
#include <string_view>

namespace spak::dsl {

/// Byte offset in `source` of code point `column` (1-based; 0 means the start) of `text`, a value read from the
/// source range [begin, end) (a field, statement or block). `text` is found as the content of a string literal
/// in that range (escapes mapped back), else as written; when it is not found, the result is `begin`.
std::size_t offset_of_text_column(std::string_view source, std::size_t begin, std::size_t end,
                                  std::string_view text, std::size_t column);

}  // namespace spak::dsl
