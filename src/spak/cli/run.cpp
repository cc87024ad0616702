// `spak run FILE`: runs a classic task or an agent loop of either dialect. Every effect (model query, tool call,
// engineering loop) is performed by a handler and journaled in runs/<id>/trace.jsonl and the trace store, so
// the run can be replayed (--replay) or continued after a crash (--resume). docs/agent.md has the details.

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "spak/agent/config.h"
#include "spak/agent/handlers.h"
#include "spak/agent/journal.h"
#include "spak/agent/plan.h"
#include "spak/agent/runner.h"
#include "spak/cli/agent_options.h"
#include "spak/cli/commands.h"
#include "spak/cli/load_for_command.h"
#include "spak/dsl/load.h"
#include "spak/util/error.h"

namespace spak::cli {
namespace {

namespace fs = std::filesystem;

struct RunCommandOptions {
  std::string file, target, workdir, resume, replay, store;
  agent::ConfigOverrides config;
  std::string runs_dir = "runs";
  std::vector<std::string> set;
  int max_steps = 0;
  bool dry_run = false;
};

fs::path spak_directory() {
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::current_path() : exe.parent_path();
}

}  // namespace

void add_run_command(CLI::App& app, Invocation& invocation) {
  auto o = std::make_shared<RunCommandOptions>();
  CLI::App* cmd = app.add_subcommand("run", "Run a task or agent loop: LLM and tool steps, journaled for replay/resume");
  cmd->footer(
      "Steps: llm.query/llm.generate (role, prompt|prompt_template, output_var), tool.read/tool.write (path,\n"
      "content), tool.run (cmd), tool.list, tool.grep (pattern, path), tool.engineering_loop (loop, budget).\n"
      "{{holes}} come from --set, the system model ({{axiom.1}}), earlier output_vars and step ids; an unknown\n"
      "hole is an error before anything runs. File tools stay inside --workdir. Configuration: spak.toml\n"
      "([llm] backend/model/url/api_key_env/timeout/retries/backoff, [tools] timeout/output_cap).\n"
      "Exit: 0 success, 1 a step or check failed or the .dsl file cannot be used (unreadable, errors), 2 bad\n"
      "usage (unknown --task, unknown hole, bad spak.toml).");
  cmd->add_option("file", o->file, "The .dsl file")->required();
  cmd->add_option("--task,--loop", o->target, "Task or agent_loop to run (default: the file's first)");
  add_agent_options(cmd, o->config);
  cmd->add_option("--workdir", o->workdir, "Directory the tools are confined to (default: the .dsl's directory)");
  cmd->add_option("--set", o->set, "Bind a hole: name=value (JSON values are typed; repeatable)");
  cmd->add_option("--max-steps", o->max_steps, "Stop after this many effects (0 = no limit)");
  cmd->add_option("--runs-dir", o->runs_dir, "Where run journals go (default: runs)");
  cmd->add_option("--store", o->store, "Trace store (default: .spak/spak.db)");
  auto* dry = cmd->add_flag("--dry-run", o->dry_run, "Print the plan, check its holes, run nothing");
  auto* resume = cmd->add_option("--resume", o->resume, "Continue the run RUN (id or directory) after its last "
                                                        "finished effect");
  auto* replay = cmd->add_option("--replay", o->replay, "Re-run with the recorded results of run RUN, performing "
                                                        "nothing");
  resume->excludes(replay);
  dry->excludes(resume);

  cmd->callback([o, &invocation] {
    const std::optional<dsl::LoadResult> loaded = load_for_command(o->file, invocation);
    if (!loaded) return;
    const dsl::Document& doc = loaded->document;
    fs::path workdir = o->workdir.empty() ? fs::absolute(o->file).parent_path() : fs::path(o->workdir);

    std::unique_ptr<agent::Journal> journal;
    trace::Store* store_ptr = nullptr;
    std::unique_ptr<trace::Store> store;
    auto open_store = [&] {
      store = std::make_unique<trace::Store>(o->store.empty() ? trace::default_store_path() : fs::path(o->store));
      store_ptr = store.get();
    };
    agent::RunOptions options;
    agent::RunInfo info;
    std::vector<std::string> set = o->set;
    if (!o->resume.empty() || !o->replay.empty()) {
      // A replayed or resumed run uses the recorded target and --set values, so its effects can match.
      fs::path dir = agent::Journal::find(o->runs_dir, o->resume.empty() ? o->replay : o->resume);
      agent::RunInfo old = agent::Journal::read_info(dir);
      if (o->target.empty() && old.target.find(' ') != std::string::npos) o->target = old.target.substr(old.target.find(' ') + 1);
      if (set.empty() && old.settings.contains("set")) set = old.settings["set"].get<std::vector<std::string>>();
      if (o->workdir.empty() && old.settings.contains("workdir")) workdir = old.settings["workdir"].get<std::string>();
      options.recorded = agent::Journal::read_records(dir);
      options.mode = o->resume.empty() ? agent::RunOptions::Mode::Replay : agent::RunOptions::Mode::Resume;
      if (!o->resume.empty()) {
        open_store();
        journal = agent::Journal::reopen(dir, *store);
      }
      info.replay_of = old.id;
    }

    nlohmann::json scope = agent::base_scope(doc, set);
    scope["workdir"] = fs::absolute(workdir).lexically_normal().string();
    agent::Plan plan = agent::plan_target(doc, o->target, scope);
    agent::check_plan(plan);
    if (o->dry_run) {
      fmt::print("{}", agent::describe(plan));
      return;
    }

    agent::AgentConfig config = agent::resolve_config(o->config);
    agent::Sandbox sandbox(workdir, config.tools);
    if (!store) open_store();
    std::unique_ptr<agent::LlmBackend> llm =
        agent::make_backend(options.mode == agent::RunOptions::Mode::Replay ? agent::LlmConfig{} : config.llm);
    agent::Handlers handlers(sandbox, *llm, {o->file, plan.system, spak_directory(), store_ptr});
    if (!journal) {
      info.dsl_path = o->file;
      info.target = plan.kind + " " + plan.name;
      info.mode = options.mode == agent::RunOptions::Mode::Replay ? "replay" : "live";
      info.settings = {{"backend", llm->name()}, {"model", llm->model()}, {"workdir", sandbox.root().string()},
                       {"set", set}};
      journal = agent::Journal::create(o->runs_dir, info, *store, plan.system);
    }
    fmt::print(stderr, "run {} ({}) in {}\n", journal->info().id, journal->dir().string(), sandbox.root().string());
    agent::RunOutcome outcome;
    try {
      outcome = agent::run_plan(plan, options.mode == agent::RunOptions::Mode::Replay ? nullptr : &handlers,
                                *journal, options);
    } catch (const Error& e) {
      fmt::print(stderr, "spak: error: {}\n", e.what());
      fmt::print(stderr, "run {} failed; continue it with: spak run {} --resume {}\n", journal->info().id, o->file,
                 journal->info().id);
      invocation.exit_code = 1;
      return;
    }
    fmt::print("{}\n", outcome.outputs.dump(2));
    fmt::print(stderr, "run {} {} ({} effects performed, {} from the record)\n", journal->info().id,
               outcome.succeeded ? "succeeded" : "failed: " + outcome.failure, outcome.performed, outcome.replayed);
    invocation.exit_code = outcome.succeeded ? 0 : 1;
  });
}

}  // namespace spak::cli
