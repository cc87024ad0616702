#pragma once
// A bar plot against a reference: one bar per case (our value) and, across it, a dashed mark at the reference
// value (the peer library's result for the same case), so "how close to cuBLAS" reads at a glance.

#include <optional>
#include <string>
#include <vector>

#include "spak/report/series.h"

namespace spak::report {

/// One bar and its reference.
struct Bar {
  std::string label;                 ///< the case, e.g. "4096×4096×4096"
  double value = 0;
  std::optional<double> reference;   ///< the peer's value for the same case
  std::string tooltip;
};

/// What a bar plot shows.
struct BarPlot {
  PlotLabels labels;
  std::string value_name = "ours";   ///< legend name of the bars
  std::string reference_name;        ///< legend name of the reference marks ("cuBLAS"); empty: no reference
  std::vector<Bar> bars;
};

/// The plot as an <svg class="plot plot-bar"> element; the y axis starts at 0.
std::string render_bars(const BarPlot& plot);

}  // namespace spak::report
