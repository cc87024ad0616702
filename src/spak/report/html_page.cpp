#include "spak/report/html_page.h"

#include "spak/report/escape.h"

namespace spak::report {
namespace {

// Print-friendly, readable on a laptop and a wide monitor; the SVG classes are styled here so plots carry
// no presentation attributes except their data colours.
constexpr const char* kStyle = R"css(
:root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa; --accent: #0072b2; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
header { padding: 20px 32px 12px; border-bottom: 1px solid var(--line); background: var(--panel); }
header h1 { margin: 0 0 4px; font-size: 24px; }
header p { margin: 0; color: var(--muted); }
nav { padding: 8px 32px; border-bottom: 1px solid var(--line); font-size: 13px; }
nav a { color: var(--accent); text-decoration: none; margin-right: 16px; }
main { padding: 8px 32px 32px; max-width: 1480px; }
section { margin-top: 24px; }
h2 { font-size: 20px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 20px 0 8px; }
table { border-collapse: collapse; margin: 6px 0 12px; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.notice { border-left: 4px solid #e69f00; background: #fff8e6; padding: 10px 14px; margin: 10px 0; }
.figures { display: flex; flex-wrap: wrap; gap: 16px; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 8px; background: #fff; }
figcaption { color: var(--muted); font-size: 12px; max-width: 720px; padding: 2px 4px 0; }
svg.plot { display: block; font-family: inherit; }
svg .plot-title { font-size: 14px; font-weight: 600; fill: var(--ink); }
svg .axis { stroke: #444; stroke-width: 1; }
svg .grid { stroke: #e6e9ec; stroke-width: 1; }
svg .tick { stroke: #444; }
svg .tick-label { font-size: 11px; fill: var(--muted); }
svg .axis-label { font-size: 12px; fill: var(--ink); }
svg .legend-label { font-size: 11px; fill: var(--ink); }
svg .legend-line, svg .series-line { stroke-width: 2; fill: none; }
svg .legend-reference, svg .reference { stroke-width: 2.5; stroke-dasharray: 6 3; }
svg .dot { fill-opacity: 0.75; stroke: #fff; stroke-width: 0.6; }
svg .bar { fill-opacity: 0.85; }
svg .bar-label { font-size: 11px; fill: var(--ink); }
svg .no-data { font-size: 13px; fill: var(--muted); font-style: italic; }
code { background: var(--panel); padding: 1px 4px; border-radius: 3px; }
ul.changes { margin: 4px 0; padding-left: 20px; }
details { margin: 4px 0 12px; }
summary { cursor: pointer; color: var(--accent); }
)css";

}  // namespace

HtmlPage::HtmlPage(std::string title) : title_(std::move(title)) {}

void HtmlPage::add_subtitle(std::string text) { subtitles_.push_back(std::move(text)); }

void HtmlPage::add_section(std::string id, std::string heading, std::string body_html) {
  sections_.push_back({std::move(id), std::move(heading), std::move(body_html)});
}

std::string HtmlPage::str() const {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
                    escape_xml(title_) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n<header><h1>" +
                    escape_xml(title_) + "</h1>";
  for (const std::string& line : subtitles_) out += "<p>" + escape_xml(line) + "</p>";
  out += "</header>\n<nav>";
  for (const Section& s : sections_) out += "<a href=\"#" + escape_xml(s.id) + "\">" + escape_xml(s.heading) + "</a>";
  out += "</nav>\n<main>\n";
  for (const Section& s : sections_) {
    out += "<section id=\"" + escape_xml(s.id) + "\"><h2>" + escape_xml(s.heading) + "</h2>\n" + s.body +
           "</section>\n";
  }
  return out + "</main>\n</body>\n</html>\n";
}

}  // namespace spak::report
