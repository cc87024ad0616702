#include "spak/agent/runner.h"

#include <regex>

#include "spak/agent/template.h"
#include "spak/expr/expr.h"
#include "spak/trace/store.h"
#include "spak/util/error.h"

namespace spak::agent {
namespace {

using nlohmann::json;

const char* kControl[] = {"expect", "retries"};

Effect make_effect(const PlanStep& step, const json& scope) {
  Effect e{step.action, json::object()};
  for (const auto& [key, value] : step.args.items()) {
    if (std::find(std::begin(kControl), std::end(kControl), key) != std::end(kControl)) continue;
    bool shell = step.action == "tool.run" && key == "cmd";
    e.input[key] = value.is_string() ? json(Template(value.get<std::string>()).render(scope, shell)) : value;
  }
  return e;
}

/// `name: number` and `name=number` lines of a command's output, for a check's `expect` expression.
void bind_output_numbers(const std::string& output, expr::Context& ctx) {
  static const std::regex line(R"(^\s*([A-Za-z_][A-Za-z0-9_]*)\s*[:=]\s*(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)\s*$)");
  std::istringstream in(output);
  for (std::string l; std::getline(in, l);) {
    std::smatch m;
    if (std::regex_match(l, m, line)) {
      try {
        ctx.set(m[1].str(), std::stod(m[2].str()));
      } catch (const std::exception&) {
      }
    }
  }
}

/// Whether a check passed, and why not.
std::pair<bool, std::string> judge_check(const PlanStep& step, const json& result) {
  if (step.action != "tool.run") return {true, ""};
  if (result.value("timed_out", false)) return {false, "timed out"};
  int code = result.value("exit_code", -1);
  if (code != 0) return {false, fmt::format("exit code {}", code)};
  auto expect = step.args.find("expect");
  if (expect == step.args.end() || !expect->is_string()) return {true, ""};
  std::string text = expect->get<std::string>();
  std::optional<expr::Expression> e = expr::Expression::try_parse(text);
  if (!e) return {true, ""};  // natural-language expectation: advice, not executed
  expr::Context ctx;
  ctx.set("exit_code", code);
  ctx.set("output", result.value("output", ""));
  bind_output_numbers(result.value("output", ""), ctx);
  try {
    if (e->test(ctx)) return {true, ""};
    return {false, fmt::format("expect {} is false ({})", text, e->bindings(ctx))};
  } catch (const std::exception& ex) {
    return {false, fmt::format("expect {}: {}", text, ex.what())};
  }
}

bool evaluate_success(const std::string& text, const json& checks, const json& scope) {
  bool all = true;
  for (const auto& [k, v] : checks.items()) all = all && v.get<bool>();
  if (text.empty()) return all;
  // The classic dialect writes `success: all_checks_pass()`; the expression language has no user functions,
  // so the call is read as the variable of the same name.
  std::string program = std::regex_replace(text, std::regex(R"(all_checks_pass\s*\(\s*\))"), "all_checks_pass");
  expr::Context ctx;
  for (const auto& [k, v] : scope.items()) ctx.set(k, expr::Value::from_json(v));
  ctx.set("checks", expr::Value::from_json(checks));
  ctx.set("all_checks_pass", all);
  try {
    return expr::Expression::parse(program).test(ctx);
  } catch (const std::exception& e) {
    throw Error("success: {}: {}", text, e.what());
  }
}

}  // namespace

RunOutcome run_plan(Plan plan, Handlers* handlers, Journal& journal, const RunOptions& options) {
  using Mode = RunOptions::Mode;
  RunOutcome outcome;
  json& scope = plan.scope;
  scope["run_id"] = journal.info().id;
  json outputs = json::object(), checks = json::object();
  int seq = 0;
  auto log = [&](const std::string& line) {
    if (options.log) std::fprintf(options.log, "%s\n", line.c_str());
  };

  auto fail = [&](const std::string& why) {
    outcome.failure = why;
    outputs["checks"] = checks;
    outputs["success"] = false;
    journal.finish("failed", outputs);
    throw Error("{}", why);
  };

  for (int pass = 1; pass <= std::max(1, plan.max_iterations); ++pass) {
    for (const PlanStep& step : plan.steps) {
      ++seq;
      EffectRecord rec;
      rec.seq = seq;
      rec.step = step.label;
      try {
        rec.effect = make_effect(step, scope);
      } catch (const Error& e) {
        fail(fmt::format("step '{}': {}", step.label, e.what()));
      }
      const EffectRecord* old = seq <= static_cast<int>(options.recorded.size()) ? &options.recorded[seq - 1] : nullptr;
      if (options.max_steps > 0 && outcome.performed + outcome.replayed >= options.max_steps)
        fail(fmt::format("stopped after --max-steps {} effects, before step '{}'", options.max_steps, step.label));
      bool answered = false;
      if (old && (old->ok() || options.mode == Mode::Replay)) {
        if (old->effect != rec.effect || old->step != step.label)
          fail(fmt::format("replay diverged at effect #{} (step '{}'): the recorded run did {} {} here; the DSL, "
                           "its --set values or an earlier result changed",
                           seq, step.label, old->effect.kind, old->effect.input.dump().substr(0, 200)));
        if (!old->ok()) fail(fmt::format("step '{}' (replayed): {}", step.label, old->error));
        rec = *old;
        answered = true;
        ++outcome.replayed;
      } else if (options.mode == Mode::Replay) {
        fail(fmt::format("replay: the recorded run has no result for effect #{} (step '{}'): it ended before",
                         seq, step.label));
      }
      if (!answered) {
        if (!handlers) fail("no handlers to perform effects");
        rec.started_at = trace::now_iso8601();
        try {
          rec.result = handlers->perform(rec.effect);
        } catch (const Error& e) {
          rec.error = e.what();
        }
        rec.finished_at = trace::now_iso8601();
        ++outcome.performed;
      }
      journal.append(rec);
      log(fmt::format("[{}] {} {}{}", seq, step.label, step.action,
                      answered ? " (recorded)" : rec.ok() ? "" : " FAILED"));
      if (!rec.ok()) fail(fmt::format("step '{}': {}", step.label, rec.error));

      if (step.check) {
        auto [passed, why] = judge_check(step, rec.result);
        checks[step.label] = passed;
        log(fmt::format("    check {}: {}{}", step.label, passed ? "pass" : "FAIL", why.empty() ? "" : " (" + why + ")"));
        continue;
      }
      if (step.action == "tool.run" && rec.result.value("exit_code", -1) != 0)
        fail(fmt::format("step '{}': command failed ({}): {}", step.label,
                         rec.result.value("timed_out", false) ? "timed out"
                                                              : fmt::format("exit code {}", rec.result.value("exit_code", -1)),
                         rec.result.value("output", "").substr(0, 500)));
      if (!step.output_var.empty()) outputs[step.output_var] = scope[step.output_var] = main_value(step.action, rec.result);
      if (!step.id.empty()) scope[step.id] = rec.result;
    }
    if (!plan.until.empty() && evaluate_success(plan.until, checks, scope)) break;
  }
  outputs["checks"] = checks;
  outcome.succeeded = evaluate_success(plan.success, checks, scope);
  outputs["success"] = outcome.succeeded;
  if (!outcome.succeeded) outcome.failure = plan.success.empty() ? "a check failed" : "success is false: " + plan.success;
  outcome.outputs = outputs;
  journal.finish(outcome.succeeded ? "succeeded" : "failed", outputs);
  return outcome;
}

}  // namespace spak::agent
