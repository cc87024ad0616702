#pragma once
// The colours of a report's series: eight that stay apart for the common colour-vision deficiencies
// (Okabe–Ito order, black left out because axes use it), then repeated.

#include <cstddef>
#include <string>

namespace spak::report {

/// The colour of series `index` as "#rrggbb".
std::string series_color(std::size_t index);

/// The colour of a reference (peer) mark: distinct from every series colour.
inline constexpr const char* kReferenceColor = "#d62728";

}  // namespace spak::report
