// `spak trace list | show ID | export | import FILE…`: read, move and merge the trace store that `spak tune`
// writes (.spak/spak.db by default).

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "spak/cli/commands.h"
#include "spak/trace/export.h"
#include "spak/trace/import.h"
#include "spak/trace/record_json.h"
#include "spak/trace/store.h"
#include "spak/util/error.h"
#include "spak/util/file_io.h"

namespace spak::cli {
namespace {

using trace::Run;
using trace::Status;
using trace::Store;
using trace::Trial;

std::string store_help() {
  return fmt::format("Trace store file (default: {} under the current directory)",
                     trace::default_store_path().string());
}

std::filesystem::path store_path(const std::string& option) {
  return option.empty() ? trace::default_store_path() : std::filesystem::path(option);
}

// Reading commands never create a store: a mistyped --store would otherwise leave an empty one behind.
std::unique_ptr<Store> open_existing(const std::string& option) {
  std::filesystem::path path = store_path(option);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    throw Error("no trace store at {} (run `spak tune` or `spak trace import` first, or pass --store PATH)",
                path.string());
  }
  return std::make_unique<Store>(path);
}

std::string counts_text(const std::map<Status, int>& counts) {
  std::string text;
  for (Status status : trace::kAllStatuses) {
    auto it = counts.find(status);
    if (it == counts.end()) continue;
    if (!text.empty()) text += ", ";
    text += fmt::format("{} {}", trace::to_string(status), it->second);
  }
  return text.empty() ? "-" : text;
}

// "2026-01-02T03:04:05.123Z" → "2026-01-02 03:04:05": enough for a table.
std::string short_time(const std::string& iso) {
  if (iso.size() < 19) return iso.empty() ? "-" : iso;
  std::string text = iso.substr(0, 19);
  text[10] = ' ';
  return text;
}

std::string truncate(const std::string& text, size_t width) {
  std::string flat = text.substr(0, text.find('\n'));
  return flat.size() <= width && flat.size() == text.size() ? flat : flat.substr(0, width - 1) + "…";
}

std::string objective_text(const std::optional<double>& objective) {
  return objective ? fmt::format("{:.6g}", *objective) : "-";
}

trace::Direction direction_of(const Run& run) {
  return run.settings.value("objective", "maximize") == std::string("minimize") ? trace::Direction::Minimize
                                                                                 : trace::Direction::Maximize;
}

/// A left-aligned text table; columns as wide as their widest cell.
void print_table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths;
  // Width in code points, so "…" counts as one column.
  auto width = [](const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
  };
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], width(row[i]));
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - width(row[i]) + 2, ' ');
    }
    fmt::print("{}\n", line);
  }
}

void list_runs(Store& store, const std::string& system, bool json) {
  nlohmann::json out = nlohmann::json::array();
  std::vector<std::vector<std::string>> rows = {
      {"RUN", "SYSTEM", "LOOP", "STRATEGY", "STARTED", "FINISHED", "TRIALS", "STATUS"}};
  for (const auto& summary : store.runs()) {
    const Run& run = summary.run;
    if (!system.empty() && run.system != system) continue;
    if (json) {
      nlohmann::json record = trace::to_json(run);
      record["trials"] = summary.total();
      for (const auto& [status, count] : summary.counts) record["counts"][trace::to_string(status)] = count;
      out.push_back(std::move(record));
      continue;
    }
    rows.push_back({std::to_string(run.id), run.system, run.loop, run.strategy, short_time(run.started_at),
                    run.finished_at.empty() ? "unfinished" : short_time(run.finished_at),
                    std::to_string(summary.total()), counts_text(summary.counts)});
  }
  if (json) {
    fmt::print("{}\n", out.dump(2));
  } else if (rows.size() == 1) {
    fmt::print("no runs in {}\n", store.path().string());
  } else {
    print_table(rows);
  }
}

void show_run(Store& store, const Run& run, bool json) {
  std::vector<Trial> trials = store.trials(run.id);
  auto best = store.best_trial(run.id, direction_of(run));
  if (json) {
    nlohmann::json out = trace::to_json(run);
    out["trials"] = nlohmann::json::array();
    for (const Trial& trial : trials) out["trials"].push_back(trace::to_json(trial));
    out["best_trial"] = best ? nlohmann::json(best->id) : nlohmann::json(nullptr);
    fmt::print("{}\n", out.dump(2));
    return;
  }
  fmt::print("run {}  {} / {}  ({})\n", run.id, run.system, run.loop, run.uid);
  if (!run.dsl_path.empty()) {
    fmt::print("  dsl:       {}  (sha256 {})\n", run.dsl_path, run.dsl_hash.substr(0, 12));
  }
  fmt::print("  strategy:  {}  {}\n", run.strategy, run.settings.dump());
  if (!run.host.empty() || !run.device.empty()) fmt::print("  host:      {}  {}\n", run.host, run.device.dump());
  fmt::print("  started:   {}   finished: {}\n", short_time(run.started_at),
             run.finished_at.empty() ? "unfinished" : short_time(run.finished_at));
  fmt::print("  trials:    {} ({})\n", trials.size(), counts_text(store.status_counts(run.id)));
  if (best) {
    fmt::print("  best:      trial {}  objective {}  {}\n", best->id, objective_text(best->objective),
               best->config.dump());
  }
  if (trials.empty()) return;
  fmt::print("\n");
  std::vector<std::vector<std::string>> rows = {{"TRIAL", "STATUS", "OBJECTIVE", "WALL_S", "CONFIG", "REASON"}};
  for (const Trial& trial : trials) {
    rows.push_back({std::to_string(trial.id), std::string(trace::to_string(trial.status)),
                    objective_text(trial.objective), fmt::format("{:.2f}", trial.wall_seconds),
                    truncate(trial.config.dump(), 60), truncate(trial.reason, 60)});
  }
  print_table(rows);
}

void show_trial(const Run& run, const Trial& trial, bool json) {
  if (json) {
    fmt::print("{}\n", trace::to_json(trial).dump(2));
    return;
  }
  std::string ending = trial.signal ? fmt::format("signal {}", *trial.signal)
                       : trial.exit_code ? fmt::format("exit code {}", *trial.exit_code)
                                         : std::string("-");
  fmt::print("trial {} of run {} ({} / {})  ({})\n", trial.id, run.id, run.system, run.loop, trial.uid);
  fmt::print("  status:    {}{}\n", trace::to_string(trial.status), trial.timed_out ? " (timed out)" : "");
  if (!trial.reason.empty()) fmt::print("  reason:    {}\n", trial.reason);
  fmt::print("  objective: {}\n", objective_text(trial.objective));
  fmt::print("  config:    {}\n", trial.config.dump());
  if (!trial.design.empty()) fmt::print("  design:    {}\n", trial.design.dump());
  if (!trial.command.empty()) fmt::print("  command:   {}\n", trial.command);
  fmt::print("  ended:     {}  after {:.3f} s\n", ending, trial.wall_seconds);
  if (!trial.host.empty() || !trial.device.empty()) {
    fmt::print("  host:      {}  {}\n", trial.host, trial.device.dump());
  }
  fmt::print("  started:   {}   finished: {}\n", trial.started_at, trial.finished_at);
  fmt::print("  items:     {}\n", trial.items.size());
  for (const auto& item : trial.items) fmt::print("    {}\n", item.dump());
  if (!trial.log_tail.empty()) {
    fmt::print("  log tail:\n");
    std::string_view log = trial.log_tail;
    while (!log.empty()) {
      size_t end = log.find('\n');
      fmt::print("    {}\n", log.substr(0, end));
      log = end == std::string_view::npos ? std::string_view() : log.substr(end + 1);
    }
  }
}

std::int64_t parse_id(const std::string& text, const std::string& what) {
  try {
    size_t used = 0;
    long long id = std::stoll(text, &used);
    if (used == text.size() && id > 0) return id;
  } catch (const std::exception&) {
  }
  throw Error("`{}` is not a {} id (a positive number; see `spak trace list`)", text, what);
}

void show(Store& store, const std::string& id, bool json) {
  // RUN or RUN/TRIAL, where TRIAL is the id `spak trace show RUN` lists.
  size_t slash = id.find('/');
  std::int64_t run_id = parse_id(id.substr(0, slash), "run");
  auto run = store.run(run_id);
  if (!run) throw Error("{}: no run {} (see `spak trace list`)", store.path().string(), run_id);
  if (slash == std::string::npos) {
    show_run(store, *run, json);
    return;
  }
  std::int64_t trial_id = parse_id(id.substr(slash + 1), "trial");
  auto trial = store.trial(trial_id);
  if (!trial || trial->run_id != run_id) {
    throw Error("{}: run {} has no trial {} (see `spak trace show {}`)", store.path().string(), run_id, trial_id,
                run_id);
  }
  show_trial(*run, *trial, json);
}

}  // namespace

// Every failure here is a spak::Error, so the invocation's exit code is left at success.
void add_trace_command(CLI::App& app, Invocation& /*invocation*/) {
  struct Options {
    std::string store, id, system, metric, format = "jsonl", output;
    std::optional<std::int64_t> run;
    std::vector<std::string> files;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* trace = app.add_subcommand("trace", "List, show, export and import the trace store");
  trace->require_subcommand(1);
  trace->footer("Runs are sweeps of an engineering loop; trials are single measured configurations.");

  CLI::App* list = trace->add_subcommand("list", "List runs with their trial counts by status");
  list->add_option("--store", options->store, store_help());
  list->add_option("-s,--system", options->system, "Only runs of this system");
  list->add_flag("--json", options->json, "Print JSON instead of a table");
  list->callback([options] {
    auto store = open_existing(options->store);
    list_runs(*store, options->system, options->json);
  });

  CLI::App* show_cmd = trace->add_subcommand("show", "Show a run (ID) or one trial of it (RUN/TRIAL)");
  show_cmd->add_option("id", options->id, "RUN (e.g. 3) or RUN/TRIAL (e.g. 3/17), ids as `spak trace list` and "
                                          "`spak trace show RUN` print them")
      ->required();
  show_cmd->add_option("--store", options->store, store_help());
  show_cmd->add_flag("--json", options->json, "Print the record(s) as JSON");
  show_cmd->callback([options] {
    auto store = open_existing(options->store);
    show(*store, options->id, options->json);
  });

  CLI::App* export_cmd = trace->add_subcommand("export", "Write runs and trials as JSONL (all fields) or CSV");
  export_cmd->add_option("--run", options->run, "Only this run (default: every run, and every insight)");
  export_cmd->add_option("--format", options->format, "jsonl (re-importable, every field) or csv (one row per "
                                                      "trial, one column per parameter)")
      ->check(CLI::IsMember({"jsonl", "csv"}));
  export_cmd->add_option("-o,--output", options->output, "Write to this file (default: standard output)");
  export_cmd->add_option("--store", options->store, store_help());
  export_cmd->callback([options] {
    auto store = open_existing(options->store);
    std::string text = trace::export_store(
        *store, options->run, options->format == "csv" ? trace::ExportFormat::Csv : trace::ExportFormat::Jsonl);
    if (options->output.empty()) {
      fmt::print("{}", text);
    } else {
      write_file_atomic(options->output, text);
    }
  });

  CLI::App* import_cmd = trace->add_subcommand("import", "Merge exported or prototype trace files into the store");
  import_cmd->footer("Reads spak JSONL exports and the SPAK prototype's trace.json, last_engineering_trace.json and "
                     "insights_log.jsonl, recognised by content. Each file is one transaction, and importing a file "
                     "twice adds nothing.");
  import_cmd->add_option("files", options->files, "Files to import (format recognised from the content)")
      ->required()
      ->check(CLI::ExistingFile);
  import_cmd->add_option("--store", options->store, store_help() + "; created if missing");
  import_cmd->add_option("-s,--system", options->system,
                         "System name for runs made from prototype files (default: the file's own, or `imported`)");
  import_cmd->add_option("--metric", options->metric,
                         "Trace field that is the objective of trials from prototype files, e.g. tflops or "
                         "Performance.tflops (default: none)");
  import_cmd->callback([options] {
    Store store(store_path(options->store));
    for (const std::string& file : options->files) {
      trace::ImportResult result = trace::import_file(store, file, {options->system, options->metric});
      fmt::print("{} ({}): added {} run{}, {} trial{}, {} insight{}; {} already in the store\n", file, result.format,
                 result.runs, result.runs == 1 ? "" : "s", result.trials, result.trials == 1 ? "" : "s",
                 result.insights, result.insights == 1 ? "" : "s", result.skipped);
    }
  });
}

}  // namespace spak::cli
