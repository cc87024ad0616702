#pragma once
// A plot's legend: one row per series (a swatch in its colour and its name) in a column right of the data area,
// so it never covers a point. Long names are shortened; the full name shows on hover.

#include <string>
#include <vector>

#include "spak/report/axes.h"
#include "spak/report/svg.h"

namespace spak::report {

/// One legend row.
struct LegendEntry {
  enum class Swatch { Dot, Line, Bar, Reference };
  std::string name;
  std::string color;
  Swatch swatch = Swatch::Dot;
};

/// Width of the legend column: widen PlotFrame::right by this before fitting scales when there is a legend.
inline constexpr double kLegendWidth = 160;

/// Draws the legend in the right margin of `frame` (which must have been widened by kLegendWidth).
void draw_legend(Svg& svg, const PlotFrame& frame, const std::vector<LegendEntry>& entries);

}  // namespace spak::report
