#include "spak/report/scatter.h"

#include <cmath>

#include "spak/report/axes.h"
#include "spak/report/legend.h"
#include "spak/report/palette.h"

namespace spak::report {

std::string render_scatter(const ScatterPlot& plot) {
  PlotFrame frame;
  if (plot.series.size() > 1) frame.width += kLegendWidth, frame.right += kLegendWidth;
  if (!plot.x_categories.empty()) frame.bottom += 16;  // room for rotated names
  Svg svg(frame.width, frame.height, plot.labels.id, "plot plot-scatter", plot.labels.title);

  std::vector<double> xs, ys;
  for (const Series& s : plot.series) {
    for (const Point& p : s.points) xs.push_back(p.x), ys.push_back(p.y);
  }
  Scale x = plot.x_categories.empty() ? Scale::fit(xs) : Scale::categories(plot.x_categories);
  Scale y = Scale::fit(ys);
  fit_to_frame(frame, x, y);
  draw_axes(svg, frame, x, y, plot.labels);
  if (ys.empty()) {
    draw_no_data(svg, frame, "no successful trial to plot");
    return svg.str();
  }

  std::vector<LegendEntry> legend;
  std::size_t k = 0;
  for (std::size_t i = 0; i < plot.series.size(); ++i) {
    const std::string color = series_color(i);
    for (const Point& p : plot.series[i].points) {
      double px = x(p.x);
      // Golden-ratio jitter: spread evenly over half a band, the same on every render.
      if (x.kind() == Scale::Kind::Category) px += (std::fmod(static_cast<double>(k++) * 0.618034, 1.0) - 0.5) * x.band() * 0.5;
      svg.circle(px, y(p.y), 3.5, "dot", color, p.tooltip);
    }
    legend.push_back({plot.series[i].name, color, LegendEntry::Swatch::Dot});
  }
  if (plot.series.size() > 1) draw_legend(svg, frame, legend);
  return svg.str();
}

}  // namespace spak::report
