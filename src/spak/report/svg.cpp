#include "spak/report/svg.h"

#include <fmt/format.h>

#include "spak/report/escape.h"

namespace spak::report {
namespace {

// Coordinates with one decimal: enough for a screen, and the file stays small.
std::string num(double v) { return fmt::format("{:.1f}", v); }

std::string tooltip_element(std::string_view tooltip) {
  return tooltip.empty() ? "" : "<title>" + escape_xml(tooltip) + "</title>";
}

// A shape with an optional <title> child, which browsers show on hover without any script.
std::string element(std::string_view name, const std::string& attributes, std::string_view tooltip) {
  if (tooltip.empty()) return fmt::format("<{} {}/>", name, attributes);
  return fmt::format("<{} {}>{}</{}>", name, attributes, tooltip_element(tooltip), name);
}

}  // namespace

Svg::Svg(double width, double height, std::string id, std::string css_class, std::string title)
    : width_(width), height_(height), id_(std::move(id)), class_(std::move(css_class)), title_(std::move(title)) {}

void Svg::line(double x1, double y1, double x2, double y2, std::string_view css_class, std::string_view stroke) {
  std::string attributes = fmt::format(R"(x1="{}" y1="{}" x2="{}" y2="{}" class="{}")", num(x1), num(y1), num(x2),
                                       num(y2), escape_xml(css_class));
  if (!stroke.empty()) attributes += fmt::format(R"( stroke="{}")", escape_xml(stroke));
  body_ += element("line", attributes, "");
}

void Svg::rect(double x, double y, double width, double height, std::string_view css_class, std::string_view fill,
               std::string_view tooltip) {
  std::string attributes = fmt::format(R"(x="{}" y="{}" width="{}" height="{}" class="{}")", num(x), num(y),
                                       num(width), num(height), escape_xml(css_class));
  if (!fill.empty()) attributes += fmt::format(R"( fill="{}")", escape_xml(fill));
  body_ += element("rect", attributes, tooltip);
}

void Svg::circle(double cx, double cy, double r, std::string_view css_class, std::string_view fill,
                 std::string_view tooltip) {
  std::string attributes =
      fmt::format(R"(cx="{}" cy="{}" r="{}" class="{}")", num(cx), num(cy), num(r), escape_xml(css_class));
  if (!fill.empty()) attributes += fmt::format(R"( fill="{}")", escape_xml(fill));
  body_ += element("circle", attributes, tooltip);
}

void Svg::polyline(const std::vector<std::pair<double, double>>& points, std::string_view css_class,
                   std::string_view stroke) {
  std::string coordinates;
  for (const auto& [x, y] : points) {
    if (!coordinates.empty()) coordinates += ' ';
    coordinates += fmt::format("{:.1f},{:.1f}", x, y);
  }
  body_ += fmt::format(R"(<polyline points="{}" class="{}" stroke="{}" fill="none"/>)", coordinates,
                       escape_xml(css_class), escape_xml(stroke));
}

void Svg::text(double x, double y, std::string_view content, std::string_view css_class, Anchor anchor,
               double rotate, std::string_view tooltip) {
  const char* anchor_name = anchor == Anchor::Start ? "start" : anchor == Anchor::Middle ? "middle" : "end";
  std::string attributes = fmt::format(R"(x="{}" y="{}" class="{}" text-anchor="{}")", num(x), num(y),
                                       escape_xml(css_class), anchor_name);
  if (rotate != 0) attributes += fmt::format(R"svg( transform="rotate({} {} {})")svg", num(rotate), num(x), num(y));
  body_ += fmt::format("<text {}>{}{}</text>", attributes, tooltip_element(tooltip), escape_xml(content));
}

std::string Svg::str() const {
  return fmt::format(
      R"(<svg id="{}" class="{}" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="{}">)"
      "<title>{}</title>{}</svg>",
      escape_xml(id_), escape_xml(class_), num(width_), num(height_), num(width_), num(height_), escape_xml(title_),
      escape_xml(title_), body_);
}

}  // namespace spak::report
