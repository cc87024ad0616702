#pragma once
// The frame of a plot (its size and margins) and its axes: grid lines, ticks with labels, axis titles and the
// plot's title. Plots set their scales' ranges from the frame, draw the axes, then draw their data on top.

#include "spak/report/scale.h"
#include "spak/report/series.h"
#include "spak/report/svg.h"

namespace spak::report {

/// The size of a plot and the margins around its data area (pixels).
struct PlotFrame {
  double width = 500, height = 320;
  double left = 66, right = 18, top = 34, bottom = 54;

  double x0() const { return left; }
  double x1() const { return width - right; }
  double y0() const { return height - bottom; }   ///< the bottom of the data area (SVG y grows downwards)
  double y1() const { return top; }
};

/// Fits both scales to the frame's data area.
void fit_to_frame(const PlotFrame& frame, Scale& x, Scale& y);

/// Draws the grid, both axes with ticks and labels, the axis titles and the plot title. Category labels that
/// would collide are rotated.
void draw_axes(Svg& svg, const PlotFrame& frame, const Scale& x, const Scale& y, const PlotLabels& labels);

/// The text shown in the data area of a plot that has nothing to draw.
void draw_no_data(Svg& svg, const PlotFrame& frame, std::string_view message);

}  // namespace spak::report
