#pragma once
// Pattern outputs are templates over what a match captured: `${tensor:lower}_load_latency` names an axis after
// the tensor a `ct.load` reads, `${value|full}` takes a group or a default. Kept apart from the lifter so the
// pattern loader can check, before any file is read, that every group a template names exists.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace spak::lift {

/// Captured text by name: a pattern's named groups plus the lifter's built-ins (kernel, callee, line, file).
using Captures = std::map<std::string, std::string>;

/// Expands `${group}`, `${group:lower}`, `${group:upper}` and `${group|default}` (default used when the group
/// is absent or empty). Text outside `${…}` is copied. An unknown group expands to "".
std::string expand_template(std::string_view tmpl, const Captures& captures);

/// The group names a template refers to, in order (for validation).
std::vector<std::string> template_groups(std::string_view tmpl);

}  // namespace spak::lift
