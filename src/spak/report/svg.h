#pragma once
// A small SVG writer: shapes and text appended in drawing order, every string escaped. The result is inline SVG
// for an HTML page (no xmlns, which HTML does not need and which would put a URL in the output).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace spak::report {

/// How a text's x coordinate anchors it.
enum class Anchor { Start, Middle, End };

/// One SVG picture being drawn.
class Svg {
 public:
  /// `id` and `css_class` go on the <svg> element; `title` becomes its accessible name.
  Svg(double width, double height, std::string id, std::string css_class, std::string title);

  void line(double x1, double y1, double x2, double y2, std::string_view css_class, std::string_view stroke = "");
  void rect(double x, double y, double width, double height, std::string_view css_class, std::string_view fill,
            std::string_view tooltip = "");
  void circle(double cx, double cy, double r, std::string_view css_class, std::string_view fill,
              std::string_view tooltip = "");
  void polyline(const std::vector<std::pair<double, double>>& points, std::string_view css_class,
                std::string_view stroke);
  /// Text at (x, y) on its baseline; `rotate` in degrees around that point; a tooltip shows the full text.
  void text(double x, double y, std::string_view content, std::string_view css_class, Anchor anchor = Anchor::Start,
            double rotate = 0, std::string_view tooltip = "");

  double width() const { return width_; }
  double height() const { return height_; }
  /// The finished <svg> element.
  std::string str() const;

 private:
  double width_, height_;
  std::string id_, class_, title_;
  std::string body_;
};

}  // namespace spak::report
