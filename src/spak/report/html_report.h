#pragma once
// The report as one self-contained HTML page: per system, its runs, best configurations, the peer comparison,
// search progress, the objective against each parameter and training loss; then the compound history. A store
// with no runs, or runs where nothing succeeded, gives a page that says so plainly.
//
// Stable hooks for tests and readers: sections `system-N-NAME` and `compound-history`, plots
// `svg.plot.plot-{scatter,line,bar}` with ids ending in -progress, -param-NAME, -peer, -loss and history-growth,
// notices `.notice`, tables `table.runs`, `.best-configs`, `.failures`, `.peer`, `.history`.

#include <string>

#include "spak/report/report_data.h"

namespace spak::report {

/// The whole HTML document.
std::string render_html(const ReportData& report);

}  // namespace spak::report
