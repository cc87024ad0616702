#pragma once
// The one error path: code throws spak::Error with a message a user can act on; the CLI's top level prints it
// once as `spak: error: <message>` and exits non-zero. Source-located problems in .dsl files are diagnostics
// (spak/dsl/diagnostic.h), not Errors.

#include <stdexcept>
#include <string>

#include <fmt/format.h>

namespace spak {

/// A failure with a message meant for the user (what went wrong, and a hint where one helps).
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}

  template <typename... Args>
  explicit Error(fmt::format_string<Args...> format, Args&&... args)
      : std::runtime_error(fmt::format(format, std::forward<Args>(args)...)) {}
};

}  // namespace spak
