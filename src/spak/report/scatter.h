#pragma once
// A scatter plot: one dot per point, a colour per series, a numeric or categorical x axis. Dots in one category
// are spread sideways a little (deterministically) so equal values stay visible.

#include <string>
#include <vector>

#include "spak/report/series.h"

namespace spak::report {

/// What a scatter plot shows.
struct ScatterPlot {
  PlotLabels labels;
  std::vector<std::string> x_categories;   ///< empty: x is numeric; otherwise point.x indexes these names
  std::vector<Series> series;
};

/// The plot as an <svg class="plot plot-scatter"> element.
std::string render_scatter(const ScatterPlot& plot);

}  // namespace spak::report
