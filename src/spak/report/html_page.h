#pragma once
// An HTML page for a report: one self-contained file with its stylesheet inline, a table of contents, and
// sections of ready HTML. No script, no external resource, no URL: it opens the same offline, in a mail
// attachment, or in a review tool that blocks everything else.

#include <string>
#include <vector>

namespace spak::report {

/// A page being built.
class HtmlPage {
 public:
  explicit HtmlPage(std::string title);

  /// A line under the title (store, date, totals); plain text.
  void add_subtitle(std::string text);
  /// A section with an id (for links and tests), a heading (plain text) and an HTML body.
  void add_section(std::string id, std::string heading, std::string body_html);

  /// The whole document.
  std::string str() const;

 private:
  struct Section {
    std::string id, heading, body;
  };
  std::string title_;
  std::vector<std::string> subtitles_;
  std::vector<Section> sections_;
};

}  // namespace spak::report
