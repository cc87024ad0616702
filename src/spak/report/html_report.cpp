#include "spak/report/html_report.h"

#include <fmt/format.h>

#include "spak/report/escape.h"
#include "spak/report/figures.h"
#include "spak/report/html_page.h"
#include "spak/report/report_tables.h"

namespace spak::report {
namespace {

constexpr std::size_t kBestConfigsPerRun = 5;

std::string figure(const std::string& svg, const std::string& caption) {
  return "<figure>" + svg + "<figcaption>" + escape_xml(caption) + "</figcaption></figure>\n";
}

std::string notice(const std::string& html) { return "<p class=\"notice\">" + html + "</p>\n"; }

int trial_count(const ReportData& report) {
  int total = 0;
  for (const SystemData& system : report.systems) {
    for (const RunData& run : system.runs) total += run.summary.total();
  }
  return total;
}

std::string system_body(const SystemData& system, const std::string& prefix) {
  std::string body = "<h3>Runs</h3>\n" + html_table(run_summary_table(system));

  bool any_success = false;
  for (const RunData& run : system.runs) {
    any_success = any_success || run.best.has_value();
    if (run.summary.total() == 0) {
      body += notice(fmt::format("Run <b>{}</b> has no trials yet (a sweep that was stopped before its first "
                                 "trial finished, or an import of an empty run).",
                                 escape_xml(run.label)));
    } else if (!run.best) {
      body += notice(fmt::format("No trial of run <b>{}</b> succeeded, so it has no best configuration and nothing "
                                 "to plot. Why its trials failed:",
                                 escape_xml(run.label))) +
              html_table(failures_table(run));
    }
  }
  if (!any_success) return body;

  if (auto peer = peer_plot(system, prefix)) {
    body += "<h3>Against the peer</h3>\n<div class=\"figures\">" +
            figure(render_bars(*peer),
                   "Bars: our best configuration per case; dashed marks: the peer library measured in the same "
                   "process on the same inputs. Percentages are ours / peer.") +
            "</div>\n<details><summary>Every case as a table</summary>" + html_table(peer_table(system)) +
            "</details>\n";
  }

  body += "<h3>Search progress</h3>\n<div class=\"figures\">" +
          figure(render_line(search_progress_plot(system, prefix)),
                 "The best objective found after each trial, one line per run: how quickly each strategy gets "
                 "near its best.") +
          "</div>\n";

  std::string scatters;
  for (const ScatterPlot& plot : parameter_plots(system, prefix)) {
    scatters += figure(render_scatter(plot), "Every successful trial; hover a dot for its configuration.");
  }
  std::string fixed;
  for (const std::string& f : fixed_parameters(system)) fixed += (fixed.empty() ? "" : ", ") + f;
  if (!scatters.empty() || !fixed.empty()) {
    body += "<h3>Objective against each parameter</h3>\n";
    if (!fixed.empty()) body += "<p>Held at one value in every trial: <code>" + escape_xml(fixed) + "</code></p>\n";
    if (!scatters.empty()) body += "<div class=\"figures\">" + scatters + "</div>\n";
  }

  if (auto loss = loss_plot(system, prefix)) {
    body += "<h3>Training loss</h3>\n<div class=\"figures\">" +
            figure(render_line(*loss), "Loss by step of each trial that printed Loss trace items.") + "</div>\n";
  }
  // Last: the tables are long for many runs, and the plots above are what a reader came for.
  body += "<h3>Best configurations</h3>\n" + html_table(best_configs_table(system, kBestConfigsPerRun));
  return body;
}

std::string history_body(const std::vector<VersionStep>& history) {
  std::string body = "<div class=\"figures\">" +
                     figure(render_line(knowledge_growth_plot(history)),
                            "Facts and rules each version holds, inherited ones included.") +
                     "</div>\n" + html_table(history_table(history));
  for (const VersionStep& step : history) {
    body += fmt::format("<h3>{}</h3>\n", escape_xml(step.file));
    if (step.changes.empty()) {
      body += "<p>No knowledge changed against the previous version.</p>\n";
      continue;
    }
    body += "<ul class=\"changes\">";
    for (const knowledge::Change& c : step.changes) {
      std::string details;
      for (const std::string& d : c.details) details += (details.empty() ? ": " : "; ") + d;
      body += fmt::format("<li>{} {} <code>{}</code>{}</li>", knowledge::kind_name(c.kind), escape_xml(c.section),
                          escape_xml(c.name), escape_xml(details));
    }
    body += "</ul>\n";
  }
  return body;
}

}  // namespace

std::string render_html(const ReportData& report) {
  HtmlPage page("SPAK report");
  int runs = 0;
  for (const SystemData& system : report.systems) runs += static_cast<int>(system.runs.size());
  page.add_subtitle(fmt::format("store {} · {} run{}, {} trial{} · generated {}", report.store_path, runs,
                                runs == 1 ? "" : "s", trial_count(report), trial_count(report) == 1 ? "" : "s",
                                report.generated_at));
  if (report.systems.empty()) {
    page.add_section("empty", "No runs",
                     notice("This store holds no runs yet. Run <code>spak tune FILE.dsl</code> or "
                            "<code>spak trace import FILE</code>, then <code>spak report</code> again."));
  }
  for (std::size_t i = 0; i < report.systems.size(); ++i) {
    const SystemData& system = report.systems[i];
    const std::string prefix = fmt::format("system-{}-{}", i + 1, slug(system.name));
    page.add_section(prefix, "System " + system.name, system_body(system, prefix));
  }
  if (!report.history.empty()) page.add_section("compound-history", "Compound history", history_body(report.history));
  return page.str();
}

}  // namespace spak::report
