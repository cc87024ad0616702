#include "spak/trace/record_json.h"

#include "spak/util/error.h"

namespace spak::trace {

namespace {

template <typename T>
nlohmann::json or_null(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

// Reads typed fields of one JSON object, naming the field in any error.
class FieldReader {
 public:
  explicit FieldReader(const nlohmann::json& object) : object_(object) {
    if (!object.is_object()) throw Error("expected a JSON object, got {}", object.dump().substr(0, 60));
  }

  std::string text(const char* key) {
    const nlohmann::json* value = find(key);
    if (!value) return {};
    if (!value->is_string()) throw Error("field {} must be a string, got {}", key, value->dump());
    return value->get<std::string>();
  }
  nlohmann::json object(const char* key) {
    const nlohmann::json* value = find(key);
    if (!value) return nlohmann::json::object();
    if (!value->is_object()) throw Error("field {} must be an object, got {}", key, value->dump());
    return *value;
  }
  nlohmann::json array(const char* key) {
    const nlohmann::json* value = find(key);
    if (!value) return nlohmann::json::array();
    if (!value->is_array()) throw Error("field {} must be a list, got {}", key, value->dump());
    return *value;
  }
  std::optional<double> number(const char* key) {
    const nlohmann::json* value = find(key);
    if (!value) return std::nullopt;
    if (!value->is_number()) throw Error("field {} must be a number, got {}", key, value->dump());
    return value->get<double>();
  }
  std::optional<std::int64_t> integer(const char* key) {
    const nlohmann::json* value = find(key);
    if (!value) return std::nullopt;
    if (!value->is_number_integer()) throw Error("field {} must be an integer, got {}", key, value->dump());
    return value->get<std::int64_t>();
  }
  bool boolean(const char* key) {
    const nlohmann::json* value = find(key);
    if (!value) return false;
    if (!value->is_boolean()) throw Error("field {} must be true or false, got {}", key, value->dump());
    return value->get<bool>();
  }

 private:
  // Absent and null both mean "not given".
  const nlohmann::json* find(const char* key) {
    auto it = object_.find(key);
    return it == object_.end() || it->is_null() ? nullptr : &*it;
  }
  const nlohmann::json& object_;
};

std::optional<int> narrow(std::optional<std::int64_t> value) {
  return value ? std::optional<int>(static_cast<int>(*value)) : std::nullopt;
}

}  // namespace

nlohmann::json to_json(const Run& run) {
  return {{"id", run.id},
          {"uid", run.uid},
          {"system", run.system},
          {"loop", run.loop},
          {"dsl_path", run.dsl_path},
          {"dsl_hash", run.dsl_hash},
          {"strategy", run.strategy},
          {"settings", run.settings},
          {"host", run.host},
          {"device", run.device},
          {"started_at", run.started_at},
          {"finished_at", run.finished_at.empty() ? nlohmann::json(nullptr) : nlohmann::json(run.finished_at)}};
}

nlohmann::json to_json(const Trial& trial) {
  return {{"id", trial.id},
          {"uid", trial.uid},
          {"run_id", trial.run_id},
          {"key", trial.key},
          {"config", trial.config},
          {"design", trial.design},
          {"command", trial.command},
          {"status", to_string(trial.status)},
          {"exit_code", or_null(trial.exit_code)},
          {"signal", or_null(trial.signal)},
          {"wall_seconds", trial.wall_seconds},
          {"timed_out", trial.timed_out},
          {"items", trial.items},
          {"objective", or_null(trial.objective)},
          {"reason", trial.reason},
          {"log_tail", trial.log_tail},
          {"host", trial.host},
          {"device", trial.device},
          {"started_at", trial.started_at},
          {"finished_at", trial.finished_at}};
}

nlohmann::json to_json(const Insight& insight) {
  return {{"id", insight.id},
          {"run_id", or_null(insight.run_id)},
          {"category", insight.category},
          {"content", insight.content},
          {"source", insight.source},
          {"created_at", insight.created_at}};
}

Run run_from_json(const nlohmann::json& object) {
  FieldReader in(object);
  Run run;
  run.uid = in.text("uid");
  run.system = in.text("system");
  run.loop = in.text("loop");
  run.dsl_path = in.text("dsl_path");
  run.dsl_hash = in.text("dsl_hash");
  run.strategy = in.text("strategy");
  run.settings = in.object("settings");
  run.host = in.text("host");
  run.device = in.object("device");
  run.started_at = in.text("started_at");
  run.finished_at = in.text("finished_at");
  return run;
}

Trial trial_from_json(const nlohmann::json& object) {
  FieldReader in(object);
  Trial trial;
  trial.uid = in.text("uid");
  trial.key = in.text("key");
  trial.config = in.object("config");
  trial.design = in.object("design");
  trial.command = in.text("command");
  std::string status = in.text("status");
  if (status.empty()) throw Error("field status is missing");
  auto parsed = parse_status(status);
  if (!parsed) throw Error("field status: unknown status \"{}\" (expected ok, failed, crashed, timeout, invalid or "
                           "incorrect)", status);
  trial.status = *parsed;
  trial.exit_code = narrow(in.integer("exit_code"));
  trial.signal = narrow(in.integer("signal"));
  trial.wall_seconds = in.number("wall_seconds").value_or(0);
  trial.timed_out = in.boolean("timed_out");
  trial.items = in.array("items");
  trial.objective = in.number("objective");
  trial.reason = in.text("reason");
  trial.log_tail = in.text("log_tail");
  trial.host = in.text("host");
  trial.device = in.object("device");
  trial.started_at = in.text("started_at");
  trial.finished_at = in.text("finished_at");
  return trial;
}

Insight insight_from_json(const nlohmann::json& object) {
  FieldReader in(object);
  Insight insight;
  insight.category = in.text("category");
  insight.content = in.text("content");
  insight.source = in.text("source");
  insight.created_at = in.text("created_at");
  if (insight.content.empty()) throw Error("field content is missing");
  return insight;
}

}  // namespace spak::trace
