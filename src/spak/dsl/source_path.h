#pragma once
// The path of a source file as spans carry it. A large file has hundreds of thousands of spans; each holding its
// own std::string copy of the path cost one allocation per span (for any path longer than the string's inline
// buffer) and 32 bytes. A SourcePath is one pointer to a shared, interned copy instead.

#include <string>
#include <string_view>

#include <fmt/format.h>

namespace spak::dsl {

/// An interned file path: copying is copying a pointer, equal paths are the same pointer. Paths live as long as
/// the process (there are as many as distinct files loaded, so the table stays small).
class SourcePath {
 public:
  SourcePath() = default;
  SourcePath(std::string_view path);  // NOLINT(google-explicit-constructor): spans are assigned from strings
  SourcePath(const std::string& path) : SourcePath(std::string_view(path)) {}  // NOLINT
  SourcePath(const char* path) : SourcePath(std::string_view(path)) {}         // NOLINT

  const std::string& str() const { return text_ ? *text_ : no_path(); }
  bool empty() const { return text_ == nullptr; }

  friend bool operator==(const SourcePath& a, const SourcePath& b) { return a.text_ == b.text_; }

 private:
  static const std::string& no_path() {
    static const std::string none;
    return none;
  }
  const std::string* text_ = nullptr;  ///< an entry of the intern table; null for the empty path
};

}  // namespace spak::dsl

/// Formats as the path itself, so messages write `fmt::format("{}:{}", span.file, span.line)`.
template <>
struct fmt::formatter<spak::dsl::SourcePath> : fmt::formatter<std::string_view> {
  template <typename Context>
  auto format(const spak::dsl::SourcePath& path, Context& context) const {
    return fmt::formatter<std::string_view>::format(path.str(), context);
  }
};
