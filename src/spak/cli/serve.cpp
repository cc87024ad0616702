// `spak serve FILE --port P`: each `on Event(params)` of the file's service loops becomes POST /<Loop>/<Event>
// (JSON parameters in, JSON out), its steps run through the agent runner and are journaled like `spak run`.

#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>

#include <fmt/format.h>

#include "spak/agent/config.h"
#include "spak/agent/handlers.h"
#include "spak/agent/service.h"
#include "spak/cli/agent_options.h"
#include "spak/cli/commands.h"
#include "spak/dsl/load.h"
#include "spak/trace/store.h"

namespace spak::cli {
namespace {

namespace fs = std::filesystem;

std::atomic<bool> g_serve_stop{false};
void on_serve_signal(int) { g_serve_stop = true; }

struct ServeOptions {
  std::string file, system, host = "127.0.0.1", workdir, store, runs_dir = "runs";
  int port = 8080;
  std::vector<std::string> set;
  agent::ConfigOverrides config;
};

}  // namespace

void add_serve_command(CLI::App& app, Invocation& invocation) {
  auto o = std::make_shared<ServeOptions>();
  CLI::App* cmd = app.add_subcommand("serve", "Serve a system's service_loop handlers as HTTP endpoints");
  cmd->footer(
      "Each `on Event(name: type, ...)` becomes POST /<Loop>/<Event> with a JSON object of its parameters\n"
      "(types int, float, string, bool, list, map are checked; 400 with a message otherwise). The reply is\n"
      "{\"event\", \"run\", \"outputs\"} (500 with \"error\" when a step fails). GET / lists the endpoints.\n"
      "Handler statements other than steps are not executed; replies list them under \"not_executed\".");
  cmd->add_option("file", o->file, "The .dsl file")->required();
  cmd->add_option("--system", o->system, "Serve only this system's service loops");
  cmd->add_option("--host", o->host, "Address to listen on (default 127.0.0.1)");
  cmd->add_option("--port", o->port, "Port (default 8080; 0 = any free port, printed)")->check(CLI::Range(0, 65535));
  cmd->add_option("--workdir", o->workdir, "Directory the tools are confined to (default: the .dsl's directory)");
  cmd->add_option("--set", o->set, "Bind a hole in every request: name=value (repeatable)");
  cmd->add_option("--runs-dir", o->runs_dir, "Where request journals go (default: runs)");
  cmd->add_option("--store", o->store, "Trace store (default: .spak/spak.db)");
  add_agent_options(cmd, o->config);

  cmd->callback([o, &invocation] {
    dsl::LoadResult loaded = dsl::load_file(o->file);
    if (!loaded.ok()) {
      fmt::print(stderr, "{}", loaded.render_diagnostics());
      invocation.exit_code = 2;
      return;
    }
    agent::AgentConfig config = agent::resolve_config(o->config);
    agent::Sandbox sandbox(o->workdir.empty() ? fs::absolute(o->file).parent_path() : fs::path(o->workdir),
                           config.tools);
    trace::Store store(o->store.empty() ? trace::default_store_path() : fs::path(o->store));
    std::unique_ptr<agent::LlmBackend> llm = agent::make_backend(config.llm);
    std::error_code ec;
    fs::path self = fs::read_symlink("/proc/self/exe", ec).parent_path();
    agent::Handlers handlers(sandbox, *llm, {o->file, o->system, self, &store});
    agent::Service service({&loaded.document, o->system, o->runs_dir, o->set, &handlers, &store});
    int port = service.bind(o->host, o->port);
    fmt::print("serving {} on http://{}:{}\n", o->file, o->host, port);
    for (const auto& e : service.endpoints()) fmt::print("  {}\n", e);
    std::fflush(stdout);

    struct sigaction sa {};
    sa.sa_handler = on_serve_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    // httplib's stop() is not async-signal-safe, so a watcher thread calls it once the handler sets the flag.
    std::thread watcher([&] {
      while (!g_serve_stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      service.stop();
    });
    service.run();
    g_serve_stop = true;
    watcher.join();
  });
}

}  // namespace spak::cli
