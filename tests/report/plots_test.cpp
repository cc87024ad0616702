// The plots as a reader meets them: each renders an <svg> with its id and kind, data marks, a legend, and
// escaped names; empty data gives a message instead of a broken picture.

#include <gtest/gtest.h>

#include <string>

#include "spak/report/bar_plot.h"
#include "spak/report/line_plot.h"
#include "spak/report/scatter.h"

using namespace spak::report;

namespace {

int count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

TEST(Scatter, OneDotPerPointAndALegendPerSeries) {
  ScatterPlot plot;
  plot.labels = {"p1", "objective vs tile_m", "tile_m", "GFLOP/s"};
  plot.series = {{"#1 bayes", {{16, 3.0, "a"}, {32, 5.0, "b"}}}, {"#2 <grid>", {{64, 9.0, "c"}}}};
  const std::string svg = render_scatter(plot);
  EXPECT_NE(svg.find(R"(id="p1" class="plot plot-scatter")"), std::string::npos);
  EXPECT_EQ(count(svg, "class=\"dot\""), 3);
  EXPECT_EQ(count(svg, "class=\"legend-label\""), 2);
  EXPECT_NE(svg.find("#2 &lt;grid&gt;"), std::string::npos);
  EXPECT_EQ(svg.find("<grid>"), std::string::npos);
  EXPECT_NE(svg.find("tile_m"), std::string::npos);
}

TEST(Scatter, CategoricalAxisNamesItsValues) {
  ScatterPlot plot;
  plot.labels = {"p2", "objective vs order", "order", "GFLOP/s"};
  plot.x_categories = {"ikj", "kij"};
  plot.series = {{"run", {{0, 3.0, ""}, {1, 5.0, ""}, {1, 6.0, ""}}}};
  const std::string svg = render_scatter(plot);
  EXPECT_NE(svg.find(">ikj</text>"), std::string::npos);
  EXPECT_NE(svg.find(">kij</text>"), std::string::npos);
  EXPECT_EQ(count(svg, "class=\"legend-label\""), 0) << "a single series needs no legend";
}

TEST(Scatter, NoDataSaysSo) {
  ScatterPlot plot;
  plot.labels = {"p3", "t", "x", "y"};
  plot.series = {{"run", {}}};
  EXPECT_NE(render_scatter(plot).find("class=\"no-data\""), std::string::npos);
}

TEST(LinePlot, StaircaseHoldsEachValue) {
  LinePlot plot;
  plot.labels = {"l1", "best so far", "trial", "ratio"};
  plot.staircase = true;
  plot.series = {{"grid", {{1, 0.5, ""}, {2, 0.7, ""}}}};
  const std::string svg = render_line(plot);
  EXPECT_NE(svg.find("class=\"plot plot-line\""), std::string::npos);
  // Two points as a staircase: three vertices (up to trial 2 at 0.5, then the step to 0.7).
  const std::size_t at = svg.find("<polyline points=\"");
  ASSERT_NE(at, std::string::npos);
  const std::string points = svg.substr(at, svg.find('"', at + 18) - at);
  EXPECT_EQ(count(points, ","), 3) << points;
}

TEST(BarPlot, ReferenceMarkAndPercentOfPeer) {
  BarPlot plot;
  plot.labels = {"b1", "ours vs cuBLAS", "case", "TFLOP/s"};
  plot.reference_name = "cuBLAS";
  plot.bars = {{"4096×4096×4096", 600, 800, "tip"}, {"2048×2048×2048", 400, std::nullopt, ""}};
  const std::string svg = render_bars(plot);
  EXPECT_EQ(count(svg, "class=\"bar\""), 2);
  EXPECT_EQ(count(svg, "class=\"reference\""), 1);
  EXPECT_NE(svg.find("600 (75%)"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">cuBLAS</text>"), std::string::npos);
}

TEST(BarPlot, NoBarsSaysSo) {
  BarPlot plot;
  plot.labels = {"b2", "t", "case", "TFLOP/s"};
  EXPECT_NE(render_bars(plot).find("class=\"no-data\""), std::string::npos);
}
