#pragma once
// A table of plain-text cells, written once and rendered both as HTML and as Markdown.

#include <cstddef>
#include <set>
#include <string>
#include <vector>

namespace spak::report {

/// A header row and body rows of plain text (renderers escape it).
struct Table {
  std::string css_class;                        ///< the HTML class, so tests and styles can find it
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::set<std::size_t> numeric_columns;        ///< right-aligned
};

/// The table as an HTML <table>.
std::string html_table(const Table& table);

/// The table as a GitHub-flavoured Markdown table (| and newlines in cells escaped).
std::string markdown_table(const Table& table);

}  // namespace spak::report
