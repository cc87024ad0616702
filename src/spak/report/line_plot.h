#pragma once
// A line plot: one polyline per series over a numeric or categorical x axis, optionally as a staircase (a value
// that holds until the next point, like the best objective found so far).

#include <string>
#include <vector>

#include "spak/report/series.h"

namespace spak::report {

/// What a line plot shows.
struct LinePlot {
  PlotLabels labels;
  std::vector<std::string> x_categories;   ///< empty: x is numeric; otherwise point.x indexes these names
  std::vector<Series> series;
  bool staircase = false;                  ///< hold each value until the next point
  bool markers = false;                    ///< a dot on every point (for short series)
  bool y_from_zero = false;                ///< start the y axis at 0 (counts)
};

/// The plot as an <svg class="plot plot-line"> element.
std::string render_line(const LinePlot& plot);

}  // namespace spak::report
