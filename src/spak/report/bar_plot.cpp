#include "spak/report/bar_plot.h"

#include <algorithm>

#include <fmt/format.h>

#include "spak/report/axes.h"
#include "spak/report/legend.h"
#include "spak/report/palette.h"

namespace spak::report {

std::string render_bars(const BarPlot& plot) {
  PlotFrame frame;
  // Wide enough for every bar to keep a readable band (many FMHA cases), then room for the legend.
  frame.width = std::max(frame.width, frame.left + frame.right + 52.0 * static_cast<double>(plot.bars.size()));
  frame.width += kLegendWidth, frame.right += kLegendWidth;
  frame.bottom += 40;  // case names are often rotated
  Svg svg(frame.width, frame.height, plot.labels.id, "plot plot-bar", plot.labels.title);

  std::vector<std::string> names;
  double top = 0;
  for (const Bar& bar : plot.bars) {
    names.push_back(bar.label);
    top = std::max({top, bar.value, bar.reference.value_or(0.0)});
  }
  Scale x = Scale::categories(names);
  Scale y = Scale::linear(0, top > 0 ? top : 1, true);
  fit_to_frame(frame, x, y);
  draw_axes(svg, frame, x, y, plot.labels);
  if (plot.bars.empty()) {
    draw_no_data(svg, frame, "no case to compare");
    return svg.str();
  }

  const std::string color = series_color(0);
  const double width = std::min(x.band() * 0.6, 72.0);
  for (std::size_t i = 0; i < plot.bars.size(); ++i) {
    const Bar& bar = plot.bars[i];
    const double cx = x(static_cast<double>(i));
    svg.rect(cx - width / 2, y(bar.value), width, y(0) - y(bar.value), "bar", color, bar.tooltip);
    // A narrow band has room for the percentage of the peer only; the value is in the tooltip and the table.
    const bool narrow = x.band() < 64;
    std::string label = narrow && bar.reference ? "" : fmt::format("{:.3g}", bar.value);
    if (bar.reference && *bar.reference > 0) {
      const double percent = 100 * bar.value / *bar.reference;
      label += narrow ? fmt::format("{:.0f}%", percent) : fmt::format(" ({:.0f}%)", percent);
    }
    svg.text(cx, y(bar.value) - 5, label, "bar-label", Anchor::Middle);
    if (bar.reference) {
      const double ry = y(*bar.reference);
      svg.line(cx - width / 2 - 6, ry, cx + width / 2 + 6, ry, "reference", kReferenceColor);
    }
  }
  std::vector<LegendEntry> legend = {{plot.value_name, color, LegendEntry::Swatch::Bar}};
  if (!plot.reference_name.empty()) {
    legend.push_back({plot.reference_name, kReferenceColor, LegendEntry::Swatch::Reference});
  }
  draw_legend(svg, frame, legend);
  return svg.str();
}

}  // namespace spak::report
