#pragma once
// The data a scatter or line plot draws: named series of points, each point with an optional hover text.

#include <string>
#include <vector>

namespace spak::report {

/// One data point; `x` is a category index when the plot's x axis has categories.
struct Point {
  double x = 0, y = 0;
  std::string tooltip;   ///< shown on hover (the configuration, the trial); empty = none
};

/// A named set of points drawn in one colour.
struct Series {
  std::string name;
  std::vector<Point> points;
};

/// What every plot shows around its data.
struct PlotLabels {
  std::string id;        ///< the <svg> element's id (unique in a page)
  std::string title;
  std::string x_label;   ///< with its unit, e.g. "trial" or "tile_m"
  std::string y_label;   ///< with its unit, e.g. "ratio to cuBLAS (higher is better)"
};

}  // namespace spak::report
