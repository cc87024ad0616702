#include "spak/trace/import.h"

#include <set>

#include <fmt/format.h>

#include "spak/trace/protocol.h"
#include "spak/trace/record_json.h"
#include "spak/trace/sha256.h"
#include "spak/util/error.h"
#include "spak/util/file_io.h"
#include "spak/util/json_text.h"

namespace spak::trace {

namespace {

bool has_string(const nlohmann::json& object, const char* key) {
  return object.is_object() && object.contains(key) && object[key].is_string();
}

// The array of trace items a trace.json holds: the document itself, or the first member that is a list of
// objects (the prototype wrote {"trace": [...]}, {"items": [...]} and similar).
const nlohmann::json* trace_items(const nlohmann::json& document) {
  if (document.is_array()) return &document;
  for (const char* key : {"items", "trace", "traces", "events"}) {
    if (document.contains(key) && document[key].is_array()) return &document[key];
  }
  for (const auto& [key, value] : document.items()) {
    if (value.is_array() && !value.empty() && value.front().is_object()) return &value;
  }
  return nullptr;
}

// Adds one file's records to the store, skipping what is already there.
class Importer {
 public:
  Importer(Store& store, const std::filesystem::path& file, const ImportOptions& options)
      : store_(store), file_(file), options_(options) {}

  ImportResult run(const std::string& content) {
    nlohmann::json document = nlohmann::json::parse(content, nullptr, /*allow_exceptions=*/false);
    bool one_record = document.is_object() && (document.contains("record") || has_string(document, "content"));
    if (!document.is_discarded() && !one_record) {
      if (document.is_object() && (document.contains("full_history") || document.contains("best_config"))) {
        engineering_trace(document);
      } else {
        const nlohmann::json* items = document.is_object() || document.is_array() ? trace_items(document) : nullptr;
        if (!items) throw Error("{}: not a format spak can import (a JSON {} with no list of trace items)", where(0),
                                document.type_name());
        items_run(*items, "trace.json", has_string(document, "system") ? document["system"].get<std::string>() : "");
      }
    } else {
      lines(content);
    }
    return result_;
  }

 private:
  std::string where(int line) const {
    return line ? fmt::format("{}:{}", file_.string(), line) : file_.string();
  }

  std::string system_name(const std::string& from_file) const {
    if (!options_.system.empty()) return options_.system;
    return from_file.empty() ? "imported" : from_file;
  }

  // A run made from a prototype file: its uid is the content's hash, so the same content imports once.
  std::optional<std::int64_t> prototype_run(const std::string& format, const nlohmann::json& content,
                                            const std::string& system, nlohmann::json settings, int trials) {
    result_.format = format;
    std::string uid = format + ":" + sha256_hex(content.dump());
    if (store_.run_by_uid(uid)) {
      result_.skipped += 1 + trials;
      return std::nullopt;
    }
    Run run;
    run.uid = uid;
    run.system = system_name(system);
    run.loop = file_.stem().string();
    run.strategy = "import";
    run.started_at = now_iso8601();
    run.finished_at = run.started_at;  // the sweep it records is over
    settings["imported_from"] = file_.filename().string();
    if (!options_.metric.empty()) settings["metric"] = options_.metric;
    run.settings = std::move(settings);
    store_.begin_run(run);
    ++result_.runs;
    prototype_uid_ = run.uid;
    return run.id;
  }

  // A trial from imported items, judged the way the runner judges a program that exited 0 (no schema: the
  // prototype's files carry none).
  Trial judged_trial(std::int64_t run_id, nlohmann::json config, const nlohmann::json& items) {
    ParsedOutput output;
    for (const auto& item : items) output.items.push_back({0, item});
    Verdict verdict = judge(output, {}, options_.metric);
    Trial trial;
    trial.run_id = run_id;
    trial.config = std::move(config);
    trial.items = items;
    trial.status = verdict.status;
    trial.reason = verdict.reason;
    trial.objective = verdict.objective;
    return trial;
  }

  void items_run(const nlohmann::json& items, const std::string& format, const std::string& system) {
    // One trial per distinct config, in order of first appearance; items without a config share one trial.
    std::vector<std::pair<nlohmann::json, nlohmann::json>> groups;
    for (size_t i = 0; i < items.size(); ++i) {
      if (!items[i].is_object()) {
        throw Error("{}: trace item {} is not a JSON object: {}", where(0), i + 1, items[i].dump().substr(0, 60));
      }
      nlohmann::json config = items[i].value("config", nlohmann::json::object());
      if (!config.is_object()) throw Error("{}: trace item {}: config must be an object", where(0), i + 1);
      auto group = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == config; });
      if (group == groups.end()) group = groups.insert(groups.end(), std::pair(config, nlohmann::json::array()));
      group->second.push_back(items[i]);
    }
    auto run_id = prototype_run(format, items, system, nlohmann::json::object(), static_cast<int>(groups.size()));
    if (!run_id) return;
    for (auto& [config, group_items] : groups) add_prototype_trial(judged_trial(*run_id, config, group_items));
  }

  void engineering_trace(const nlohmann::json& document) {
    const nlohmann::json history = document.value("full_history", nlohmann::json::array());
    if (!history.is_array()) throw Error("{}: full_history must be a list", where(0));
    nlohmann::json settings = nlohmann::json::object();
    if (document.contains("best_config")) settings["best_config"] = document["best_config"];
    auto run_id = prototype_run("last_engineering_trace.json", document,
                                has_string(document, "system") ? document["system"].get<std::string>() : "", settings,
                                static_cast<int>(history.size()));
    if (!run_id) return;
    for (size_t i = 0; i < history.size(); ++i) {
      const nlohmann::json& entry = history[i];
      auto fail = [&](const std::string& what) {
        return Error("{}: full_history entry {}: {}", where(0), i + 1, what);
      };
      if (!entry.is_object()) throw fail("not a JSON object");
      nlohmann::json config = entry.value("config", nlohmann::json::object());
      if (!config.is_object()) throw fail("config must be an object");
      const nlohmann::json metrics = entry.contains("metrics") ? entry["metrics"] : entry.value("result", nlohmann::json());
      if (!metrics.is_null() && !metrics.is_object()) throw fail("metrics must be an object");
      nlohmann::json items = metrics.is_object() && !metrics.empty() ? nlohmann::json::array({metrics})
                                                                      : nlohmann::json::array();
      Trial trial = judged_trial(*run_id, config, items);
      // The prototype recorded failures as an `error` beside (or inside) the metrics.
      for (const nlohmann::json* holder : {&entry, &metrics}) {
        if (!holder->is_object() || !holder->contains("error")) continue;
        const nlohmann::json& error = (*holder)["error"];
        if (error.is_null() || error == false || error == "") continue;
        trial.status = Status::Failed;
        trial.objective.reset();
        trial.reason = json_text(error);
      }
      if (has_string(entry, "status")) {
        if (auto status = parse_status(entry["status"].get<std::string>())) trial.status = *status;
      }
      add_prototype_trial(std::move(trial));
    }
  }

  // A JSONL file: spak records, insights, or bare trace items, one JSON object a line.
  void lines(const std::string& content) {
    nlohmann::json items = nlohmann::json::array();
    std::set<std::string> kinds;
    size_t begin = 0;
    for (int number = 1; begin < content.size(); ++number) {
      size_t end = content.find('\n', begin);
      if (end == std::string::npos) end = content.size();
      std::string_view text(content.data() + begin, end - begin);
      begin = end + 1;
      if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      nlohmann::json object;
      try {
        object = nlohmann::json::parse(text);
      } catch (const nlohmann::json::parse_error& e) {
        throw Error("{}: malformed JSON: {}", where(number), describe_parse_error(e));
      }
      try {
        if (has_string(object, "record")) {
          kinds.insert("spak-jsonl");
          record(object);
        } else if (has_string(object, "content")) {
          kinds.insert("insights_log.jsonl");
          insight(object, std::nullopt);
        } else if (has_string(object, "type")) {
          kinds.insert("trace.json");
          items.push_back(object);
        } else {
          throw Error("neither a spak export record (no \"record\"), an insight ({category, content, source}) nor "
                      "a trace item (no \"type\")");
        }
      } catch (const Error& e) {
        throw Error("{}: {}", where(number), e.what());
      }
    }
    if (kinds.empty()) throw Error("{}: nothing to import (the file is empty)", where(0));
    if (!items.empty()) items_run(items, "trace.json", "");
    result_.format = kinds.size() == 1 ? *kinds.begin() : "spak-jsonl";
  }

  void record(const nlohmann::json& object) {
    const std::string kind = object["record"];
    if (kind == "run") {
      Run run = run_from_json(object);
      if (run.uid.empty()) throw Error("run record has no uid");
      if (auto existing = store_.run_by_uid(run.uid)) {
        ++result_.skipped;
        return;
      }
      store_.begin_run(run);
      ++result_.runs;
    } else if (kind == "trial") {
      Trial trial = trial_from_json(object);
      trial.run_id = run_of(object);
      // A hand-written record without a uid gets one from its content, so importing it twice adds it once.
      if (trial.uid.empty()) trial.uid = "jsonl:" + sha256_hex(object.dump());
      if (store_.trial_by_uid(trial.uid)) {
        ++result_.skipped;
        return;
      }
      store_.add_trial(trial);
      ++result_.trials;
    } else if (kind == "insight") {
      std::optional<std::int64_t> run_id;
      if (has_string(object, "run_uid")) run_id = run_of(object);
      insight(object, run_id);
    } else {
      throw Error("unknown record \"{}\" (expected run, trial or insight)", kind);
    }
  }

  std::int64_t run_of(const nlohmann::json& object) {
    if (!has_string(object, "run_uid")) throw Error("{} record has no run_uid", object["record"].get<std::string>());
    const std::string uid = object["run_uid"];
    auto run = store_.run_by_uid(uid);
    if (!run) throw Error("refers to run {}, which is neither earlier in this file nor in the store", uid);
    return run->id;
  }

  void insight(const nlohmann::json& object, std::optional<std::int64_t> run_id) {
    Insight insight = insight_from_json(object);
    insight.run_id = run_id;
    if (insight.created_at.empty() && has_string(object, "timestamp")) insight.created_at = object["timestamp"];
    if (store_.add_insight(insight)) {
      ++result_.insights;
    } else {
      ++result_.skipped;
    }
  }

  // A prototype run is new as a whole (prototype_run checked its uid), so each of its trials is added, repeated
  // configurations included. Trial uids follow from the run's, so a re-export of this run imports once too.
  void add_prototype_trial(Trial trial) {
    trial.uid = fmt::format("{}#{}", prototype_uid_, result_.trials + 1);
    store_.add_trial(trial);
    ++result_.trials;
  }

  Store& store_;
  const std::filesystem::path& file_;
  const ImportOptions& options_;
  ImportResult result_;
  std::string prototype_uid_;  ///< uid of the run made from a prototype file
};

}  // namespace

ImportResult import_file(Store& store, const std::filesystem::path& file, const ImportOptions& options) {
  std::string content = read_file(file);
  ImportResult result;
  try {
    store.transaction([&] { result = Importer(store, file, options).run(content); });
  } catch (const nlohmann::json::exception& e) {
    // A value of a shape the importer did not check for: still the file's fault, so say which file.
    throw Error("{}: unexpected JSON value: {}", file.string(), e.what());
  }
  return result;
}

}  // namespace spak::trace
