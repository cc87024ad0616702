#pragma once
// The report as Markdown for terminals and pull requests: the same sections and tables as the HTML page, with
// each plot summarised in words (Markdown has no inline pictures that survive every viewer).

#include <string>

#include "spak/report/report_data.h"

namespace spak::report {

/// The whole Markdown document.
std::string render_markdown(const ReportData& report);

}  // namespace spak::report
