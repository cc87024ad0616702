#pragma once
// The content of a string literal token: `"…"` and `'…'` with backslash escapes decoded, `"""…"""` and `'''…'''`
// raw. The entry reader uses it for values; diagnostics use the offsets to point into the source at a character
// of the content (an expression inside a string, say).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace spak::dsl {

/// The content of `token_text`, the whole text of a String (`triple` false) or TripleString token. An
/// unterminated string (already an error) runs to its end. When `offsets` is given, it receives one entry per
/// byte of the content: the offset in `token_text` of the byte (or escape) it came from.
std::string string_literal_content(std::string_view token_text, bool triple,
                                   std::vector<std::uint32_t>* offsets = nullptr);

}  // namespace spak::dsl
