#include "spak/report/legend.h"

#include "spak/report/escape.h"

namespace spak::report {

void draw_legend(Svg& svg, const PlotFrame& frame, const std::vector<LegendEntry>& entries) {
  const double x = frame.x1() + 16;
  double y = frame.y1() + 6;
  for (const LegendEntry& entry : entries) {
    switch (entry.swatch) {
      case LegendEntry::Swatch::Dot: svg.circle(x + 6, y, 4.5, "legend-swatch", entry.color); break;
      case LegendEntry::Swatch::Line: svg.line(x, y, x + 14, y, "legend-line", entry.color); break;
      case LegendEntry::Swatch::Bar: svg.rect(x, y - 6, 14, 12, "legend-swatch", entry.color); break;
      case LegendEntry::Swatch::Reference: svg.line(x, y, x + 14, y, "legend-reference", entry.color); break;
    }
    const std::string name = shorten(entry.name, 22);
        svg.text(x + 20, y + 4, name, "legend-label", Anchor::Start, 0, name == entry.name ? "" : entry.name);
    y += 18;
  }
}

}  // namespace spak::report
