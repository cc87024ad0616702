#pragma once
// SHA-256 of bytes, as lower-case hex. Identifies content: a run's .dsl file, and imported files (so importing
// the same file twice is recognised and adds nothing).

#include <string>
#include <string_view>

namespace spak::trace {

/// The SHA-256 digest of `bytes` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace spak::trace
