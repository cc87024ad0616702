#include "spak/report/line_plot.h"

#include <algorithm>

#include "spak/report/axes.h"
#include "spak/report/legend.h"
#include "spak/report/palette.h"

namespace spak::report {

std::string render_line(const LinePlot& plot) {
  PlotFrame frame;
  if (plot.series.size() > 1) frame.width += kLegendWidth, frame.right += kLegendWidth;
  Svg svg(frame.width, frame.height, plot.labels.id, "plot plot-line", plot.labels.title);

  std::vector<double> xs, ys;
  for (const Series& s : plot.series) {
    for (const Point& p : s.points) xs.push_back(p.x), ys.push_back(p.y);
  }
  Scale x = Scale::categories(plot.x_categories);
  if (plot.x_categories.empty()) {
    // Trial and step numbers: linear even when they span decades, so the first trials are not stretched.
    const auto [lo, hi] = std::minmax_element(xs.begin(), xs.end());
    x = xs.empty() ? Scale::linear(0, 1) : Scale::linear(*lo, *hi);
  }
  Scale y = Scale::fit(ys, plot.y_from_zero);
  fit_to_frame(frame, x, y);
  draw_axes(svg, frame, x, y, plot.labels);
  if (ys.empty()) {
    draw_no_data(svg, frame, "nothing to plot");
    return svg.str();
  }

  std::vector<LegendEntry> legend;
  for (std::size_t i = 0; i < plot.series.size(); ++i) {
    const std::string color = series_color(i);
    std::vector<std::pair<double, double>> points;
    for (const Point& p : plot.series[i].points) {
      if (plot.staircase && !points.empty()) points.emplace_back(x(p.x), points.back().second);
      points.emplace_back(x(p.x), y(p.y));
    }
    svg.polyline(points, "series-line", color);
    if (plot.markers) {
      for (const Point& p : plot.series[i].points) svg.circle(x(p.x), y(p.y), 3, "dot", color, p.tooltip);
    }
    legend.push_back({plot.series[i].name, color, LegendEntry::Swatch::Line});
  }
  if (plot.series.size() > 1) draw_legend(svg, frame, legend);
  return svg.str();
}

}  // namespace spak::report
