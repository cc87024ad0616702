#pragma once
// The light structural analysis the lifter needs where a regular expression is not enough: which functions are
// kernels and where their bodies end, the full extent of a call whose arguments span lines, the parameters of
// kernels and templates, the values templates are instantiated with, and literal lists that loop variables
// iterate over (how a cuTile autotune config generator spells its search space).

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "spak/lift/regex.h"
#include "spak/lift/source.h"

namespace spak::lift {

/// How a language marks its kernels: a Python decorator line above `def` (`@ct.kernel`), or a C qualifier
/// before the function (`__global__`).
enum class KernelStyle { PythonDecorator, CQualifier };

/// A kernel function: `range` covers its signature and body; `head` is the offset cited for the kernel itself.
struct Kernel {
  std::string name;
  Range range;
  std::size_t head = 0;
};

/// A parameter of a kernel or a template, as a range of the code view.
struct Param {
  Range range;
  std::string owner;                      ///< kernel or template name
  int index = 0;                          ///< position in the parameter list
  std::vector<std::string> bound_values;  ///< literal arguments this position is instantiated with (templates)
};

/// What analyze() found in one file.
struct Structure {
  std::vector<Kernel> kernels;
  std::vector<Param> kernel_params;
  std::vector<Param> template_params;
  /// Loop variables bound to a literal list: `for tile_m in (64, 128):` gives tile_m → {"64", "128"}.
  std::map<std::string, std::vector<std::string>> list_bindings;

  /// The kernel whose range holds `offset`, or nullptr.
  const Kernel* kernel_at(std::size_t offset) const;
};

/// Analyses `source.code`. `marker` finds kernels: a decorator for KernelStyle::PythonDecorator, a qualifier
/// such as `__global__` for KernelStyle::CQualifier.
Structure analyze(const SourceFile& source, KernelStyle style, const Regex& marker);

/// Every call whose callee matches `callee` (e.g. `ct\.load`), as the range from the callee to its closing
/// parenthesis, so keyword arguments on later lines belong to the call.
std::vector<Range> find_calls(std::string_view code, const Regex& callee);

/// Offset of the bracket that closes the one at `open` (`(`, `[`, `{` or `<`), skipping strings; brackets of
/// other kinds nest inside. Returns npos when it is never closed.
std::size_t matching_close(std::string_view code, std::size_t open);

/// The pieces of `code[inside]` between top-level commas, each trimmed of whitespace; empty pieces dropped.
std::vector<Range> split_arguments(std::string_view code, Range inside);

}  // namespace spak::lift
