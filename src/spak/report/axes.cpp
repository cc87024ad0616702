#include "spak/report/axes.h"

#include <algorithm>

#include "spak/report/escape.h"

namespace spak::report {

void fit_to_frame(const PlotFrame& frame, Scale& x, Scale& y) {
  x.set_range(frame.x0(), frame.x1());
  y.set_range(frame.y0(), frame.y1());
}

void draw_axes(Svg& svg, const PlotFrame& frame, const Scale& x, const Scale& y, const PlotLabels& labels) {
  svg.text(frame.x0(), 20, labels.title, "plot-title");

  for (double tick : y.ticks()) {
    const double py = y(tick);
    svg.line(frame.x0(), py, frame.x1(), py, "grid");
    svg.line(frame.x0() - 4, py, frame.x0(), py, "tick");
    svg.text(frame.x0() - 7, py + 4, y.label(tick), "tick-label", Anchor::End);
  }

  // Category names longer than their band would overlap their neighbours: turn them 30 degrees.
  std::size_t longest = 0;
  for (double tick : x.ticks()) longest = std::max(longest, x.label(tick).size());
  const bool rotate = x.kind() == Scale::Kind::Category && static_cast<double>(longest) * 6.5 > x.band();
  for (double tick : x.ticks()) {
    const double px = x(tick);
    if (x.kind() != Scale::Kind::Category) svg.line(px, frame.y0(), px, frame.y1(), "grid");
    svg.line(px, frame.y0(), px, frame.y0() + 4, "tick");
    std::string label = x.label(tick);
    const std::string full = label;
    if (rotate) label = shorten(label, 17);
    if (rotate) {
      svg.text(px + 3, frame.y0() + 14, label, "tick-label", Anchor::End, -30, full);
    } else {
      svg.text(px, frame.y0() + 16, label, "tick-label", Anchor::Middle);
    }
  }

  svg.line(frame.x0(), frame.y0(), frame.x1(), frame.y0(), "axis");
  svg.line(frame.x0(), frame.y0(), frame.x0(), frame.y1(), "axis");
  svg.text((frame.x0() + frame.x1()) / 2, frame.height - 8, labels.x_label, "axis-label", Anchor::Middle);
  svg.text(16, (frame.y0() + frame.y1()) / 2, labels.y_label, "axis-label", Anchor::Middle, -90);
}

void draw_no_data(Svg& svg, const PlotFrame& frame, std::string_view message) {
  svg.text((frame.x0() + frame.x1()) / 2, (frame.y0() + frame.y1()) / 2, message, "no-data", Anchor::Middle);
}

}  // namespace spak::report
