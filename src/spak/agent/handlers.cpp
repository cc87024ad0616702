#include "spak/agent/handlers.h"

#include <atomic>

#include "spak/tune/plan.h"
#include "spak/tune/progress.h"
#include "spak/tune/sweep.h"
#include "spak/util/error.h"
#include "spak/util/json_text.h"

namespace spak::agent {
namespace {

using nlohmann::json;

std::string str(const json& input, const std::string& key, const std::string& kind, bool required = true) {
  auto it = input.find(key);
  if (it == input.end() || it->is_null()) {
    if (required) throw Error("{} needs '{}'", kind, key);
    return "";
  }
  return json_text(*it);
}

}  // namespace

json Handlers::perform(const Effect& e) {
  const json& in = e.input;
  if (e.kind == "llm.query") {
    std::vector<LlmMessage> messages;
    std::string role = str(in, "role", e.kind, false);
    if (!role.empty()) messages.push_back({"system", "You are a " + role + "."});
    std::string prompt = str(in, "prompt", e.kind, false);
    if (prompt.empty()) prompt = str(in, "prompt_template", e.kind, false);
    if (prompt.empty()) throw Error("llm.query needs 'prompt' or 'prompt_template'");
    messages.push_back({"user", prompt});
    std::string text = llm_.complete(messages);
    return {{"text", text}, {"backend", llm_.name()}, {"model", llm_.model()}};
  }
  if (e.kind == "tool.read") {
    std::string path = str(in, "path", e.kind);
    return {{"path", path}, {"content", sandbox_.read(path)}};
  }
  if (e.kind == "tool.write") {
    std::string path = str(in, "path", e.kind);
    return {{"path", path}, {"bytes", sandbox_.write(path, str(in, "content", e.kind))}};
  }
  if (e.kind == "tool.list") return {{"entries", sandbox_.list(str(in, "path", e.kind, false))}};
  if (e.kind == "tool.grep")
    return {{"matches", sandbox_.grep(str(in, "pattern", e.kind), str(in, "path", e.kind, false))}};
  if (e.kind == "tool.run") {
    CommandResult r = sandbox_.run(str(in, "cmd", e.kind));
    json out{{"exit_code", r.exit_code}, {"output", r.output}, {"timed_out", r.timed_out},
             {"truncated", r.truncated}};
    if (r.signal) out["signal"] = r.signal;
    return out;
  }
  if (e.kind == "tool.engineering_loop") return engineering_loop(in);
  throw Error("no handler for effect '{}'", e.kind);
}

json Handlers::engineering_loop(const json& in) {
  if (!engineering_.store) throw Error("tool.engineering_loop needs a trace store");
  std::string loop = str(in, "loop", "tool.engineering_loop", false);
  if (loop.empty()) loop = str(in, "name", "tool.engineering_loop");
  tune::PlanRequest request{engineering_.dsl_path, engineering_.system, loop, {}, engineering_.spak_build};
  std::unique_ptr<tune::SweepPlan> plan = tune::SweepPlan::make(request);
  tune::SweepOptions options;
  if (in.contains("budget") && in["budget"].is_number_integer()) options.budget = in["budget"].get<int>();
  if (in.contains("strategy") && in["strategy"].is_string()) options.strategy = in["strategy"].get<std::string>();
  options.runner.timeout_seconds = plan->loop_timeout();
  options.dsl_path = engineering_.dsl_path.string();
  tune::Progress progress(tune::Progress::Mode::Plain, stderr);
  std::atomic<bool> stop{false};
  tune::SweepSummary s = tune::run_sweep(*plan, options, *engineering_.store, progress, stop);
  json out{{"run", s.run.uid}, {"ran", s.ran}};
  if (!s.top.empty()) {
    out["best"] = s.top.front().config;
    out["objective"] = s.top.front().objective ? json(*s.top.front().objective) : json();
  } else {
    out["best"] = nullptr;
  }
  if (s.speedup) out["speedup"] = *s.speedup;
  return out;
}

json main_value(const std::string& kind, const json& result) {
  static const std::map<std::string, std::string> key{{"llm.query", "text"},   {"tool.read", "content"},
                                                      {"tool.run", "output"},  {"tool.list", "entries"},
                                                      {"tool.grep", "matches"}, {"tool.write", "path"}};
  auto it = key.find(kind);
  return it != key.end() && result.contains(it->second) ? result[it->second] : result;
}

}  // namespace spak::agent
