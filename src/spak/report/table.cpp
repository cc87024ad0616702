#include "spak/report/table.h"

#include <fmt/format.h>

#include "spak/report/escape.h"

namespace spak::report {
namespace {

std::string markdown_cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += "<br>";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string html_table(const Table& table) {
  std::string out = "<table class=\"" + escape_xml(table.css_class) + "\"><thead><tr>";
  for (std::size_t i = 0; i < table.header.size(); ++i) {
    out += table.numeric_columns.count(i) ? "<th class=\"num\">" : "<th>";
    out += escape_xml(table.header[i]) + "</th>";
  }
  out += "</tr></thead><tbody>";
  for (const auto& row : table.rows) {
    out += "<tr>";
    for (std::size_t i = 0; i < row.size(); ++i) {
      out += table.numeric_columns.count(i) ? "<td class=\"num\">" : "<td>";
      out += escape_xml(row[i]) + "</td>";
    }
    out += "</tr>";
  }
  return out + "</tbody></table>\n";
}

std::string markdown_table(const Table& table) {
  std::string out = "|";
  for (const std::string& h : table.header) out += fmt::format(" {} |", markdown_cell(h));
  out += "\n|";
  for (std::size_t i = 0; i < table.header.size(); ++i) out += table.numeric_columns.count(i) ? "---:|" : "---|";
  out += "\n";
  for (const auto& row : table.rows) {
    out += "|";
    for (const std::string& cell : row) out += fmt::format(" {} |", markdown_cell(cell));
    out += "\n";
  }
  return out;
}

}  // namespace spak::report
