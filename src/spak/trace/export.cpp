#include "spak/trace/export.h"

#include <algorithm>
#include <map>
#include <set>

#include "spak/trace/record_json.h"
#include "spak/util/error.h"

namespace spak::trace {

namespace {

std::vector<Run> selected_runs(Store& store, std::optional<std::int64_t> run_id) {
  if (run_id) {
    auto run = store.run(*run_id);
    if (!run) throw Error("{}: no run {} (see `spak trace list`)", store.path().string(), *run_id);
    return {*run};
  }
  std::vector<Run> runs;
  for (auto& summary : store.runs()) runs.push_back(std::move(summary.run));
  return runs;
}

std::string export_jsonl(Store& store, const std::vector<Run>& runs, bool all) {
  std::string out;
  auto line = [&](const char* record, nlohmann::json body) {
    nlohmann::json object = {{"record", record}};
    object.update(body);
    out += object.dump() + "\n";
  };
  std::map<std::int64_t, std::string> uid_of;
  for (const Run& run : runs) {
    uid_of[run.id] = run.uid;
    line("run", to_json(run));
    for (const Trial& trial : store.trials(run.id)) {
      nlohmann::json body = to_json(trial);
      body["run_uid"] = run.uid;
      line("trial", std::move(body));
    }
  }
  for (const Insight& insight : store.insights()) {
    bool in_selection = insight.run_id && uid_of.count(*insight.run_id);
    if (!all && !in_selection) continue;
    nlohmann::json body = to_json(insight);
    body["run_uid"] = in_selection ? nlohmann::json(uid_of[*insight.run_id]) : nlohmann::json(nullptr);
    line("insight", std::move(body));
  }
  return out;
}

// RFC 4180: a field with a comma, quote or line break is quoted, with quotes doubled.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

// A JSON value as a cell: strings bare, null empty, everything else as JSON text.
std::string cell(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return value.dump();
}

std::string export_csv(Store& store, const std::vector<Run>& runs) {
  const std::vector<std::string> fixed = {"run",       "trial",     "system",     "loop",        "status",
                                          "objective", "wall_seconds", "exit_code", "signal", "timed_out",
                                          "started_at", "finished_at"};
  std::vector<std::pair<Run, std::vector<Trial>>> rows;
  std::set<std::string> params;
  for (const Run& run : runs) {
    rows.emplace_back(run, store.trials(run.id));
    for (const Trial& trial : rows.back().second) {
      for (const auto& [name, value] : trial.config.items()) params.insert(name);
    }
  }
  std::string out;
  auto emit = [&out](const std::vector<std::string>& fields) {
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i) out += ',';
      out += csv_field(fields[i]);
    }
    out += "\n";
  };
  std::vector<std::string> header = fixed;
  for (const std::string& name : params) {
    // A parameter named like a fixed column (say `status`) must not make the header ambiguous.
    bool clash = std::find(fixed.begin(), fixed.end(), name) != fixed.end() || name == "reason";
    header.push_back(clash ? "config." + name : name);
  }
  header.push_back("reason");
  emit(header);
  for (const auto& [run, trials] : rows) {
    for (const Trial& trial : trials) {
      std::vector<std::string> fields = {
          std::to_string(run.id),
          std::to_string(trial.id),
          run.system,
          run.loop,
          std::string(to_string(trial.status)),
          cell(trial.objective ? nlohmann::json(*trial.objective) : nlohmann::json()),
          cell(trial.wall_seconds),
          trial.exit_code ? std::to_string(*trial.exit_code) : "",
          trial.signal ? std::to_string(*trial.signal) : "",
          trial.timed_out ? "true" : "false",
          trial.started_at,
          trial.finished_at};
      for (const std::string& name : params) fields.push_back(cell(trial.config.value(name, nlohmann::json())));
      fields.push_back(trial.reason);
      emit(fields);
    }
  }
  return out;
}

}  // namespace

std::string export_store(Store& store, std::optional<std::int64_t> run_id, ExportFormat format) {
  std::vector<Run> runs = selected_runs(store, run_id);
  return format == ExportFormat::Jsonl ? export_jsonl(store, runs, !run_id) : export_csv(store, runs);
}

}  // namespace spak::trace
