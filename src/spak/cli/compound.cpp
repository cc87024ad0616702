// `spak compound FILE --store PATH | --traces FILE…`: writes version N+1 of a system from what its sweeps
// proved: best configurations, negative results and insights as facts, a narrowed tuning space, and front matter
// version/derived-from/date. The input's bytes survive except where something is added or narrowed.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "spak/cli/commands.h"
#include "spak/cli/load_for_command.h"
#include "spak/dsl/json_export.h"
#include "spak/knowledge/compound.h"
#include "spak/knowledge/compound_evidence.h"
#include "spak/knowledge/compound_plan.h"
#include "spak/knowledge/resolve.h"
#include "spak/trace/import.h"
#include "spak/trace/store.h"
#include "spak/util/error.h"
#include "spak/util/file_io.h"

namespace spak::cli {
namespace {
namespace fs = std::filesystem;

/// Today as YYYY-MM-DD (UTC); SOURCE_DATE_EPOCH, when set, fixes it for reproducible output.
std::string today() {
  std::time_t now = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) now = static_cast<std::time_t>(std::atoll(epoch));
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &tm);
  return buffer;
}

/// A store in a fresh temporary directory, removed with it: where --traces files are imported.
class ScratchStore {
 public:
  ScratchStore() {
    std::string tmpl = (fs::temp_directory_path() / "spak-compound-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw Error("cannot create a temporary directory for --traces");
    dir_ = tmpl;
    store_ = std::make_unique<trace::Store>(dir_ / "traces.db");
  }
  ~ScratchStore() {
    store_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  trace::Store& store() { return *store_; }

 private:
  fs::path dir_;
  std::unique_ptr<trace::Store> store_;
};

std::string names(const std::vector<std::string>& list) {
  std::string out;
  for (const std::string& n : list) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

void add_compound_command(CLI::App& app, Invocation& invocation) {
  struct Options {
    std::string file, store, output, system;
    std::vector<std::string> traces;
    bool in_place = false, dry_run = false;
    knowledge::PlanOptions plan;
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("compound", "Write version N+1 of a system with the facts its traces proved");
  cmd->footer(
      "Adds per (device, problem) a best_… fact (best config, metric values, peer ratio, runner-ups) and an\n"
      "avoid_… fact (failed and much slower configs), an insight_… fact per stored insight, each with\n"
      "provenance (store, runs, trial ids, device, commit); narrows parameters whose values were never in the\n"
      "top share of any problem (a comment says what was dropped and why); sets front matter version,\n"
      "derived-from and date. Facts already present by name are kept unless the new one covers more trials,\n"
      "so running it twice on the same traces adds nothing. The output is checked before it is written,\n"
      "atomically; the input is only overwritten with -i. Default output: NAME_vN.dsl beside the input.");
  cmd->add_option("file", options->file, "The .dsl file of version N")->required();
  auto* store = cmd->add_option("--store", options->store, "Trace store to learn from (e.g. .spak/spak.db)");
  auto* traces = cmd->add_option("--traces", options->traces,
                                 "Trace files to learn from instead (spak JSONL, trace.json, "
                                 "last_engineering_trace.json, insights_log.jsonl)")
                     ->check(CLI::ExistingFile);
  store->excludes(traces);
  cmd->add_option("-o,--output", options->output, "Where to write version N+1");
  cmd->add_flag("-i,--in-place", options->in_place, "Overwrite the input file");
  cmd->add_option("-s,--system", options->system, "System to compound (default: the file's first)");
  cmd->add_flag("--dry-run", options->dry_run, "Say what would change; write nothing");
  cmd->add_option("--top", options->plan.top_fraction, "Share of a problem's best trials a value must reach to stay")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--min-trials", options->plan.narrow_min_trials, "Ok trials a problem needs to count for narrowing")
      ->capture_default_str();
  cmd->add_option("--slow-factor", options->plan.slow_factor, "How many times worse than the best is 'much slower'")
      ->capture_default_str();
  cmd->callback([options, &invocation] {
    if (options->store.empty() && options->traces.empty())
      throw Error("compound needs evidence: pass --store PATH (e.g. .spak/spak.db) or --traces FILE…");
    if (options->in_place && !options->output.empty()) throw Error("pass either -i or -o, not both");
    const std::optional<dsl::LoadResult> loaded = load_for_command(options->file, invocation);
    if (!loaded) return;
    try {
      const knowledge::ResolvedSystem resolved =
          knowledge::resolve_system(options->file, knowledge::file_loader(), options->system);
      const dsl::System& system = resolved.system;

      knowledge::EvidenceOptions evidence_options;
      evidence_options.system = system.name;
      for (const dsl::Loop& loop : system.loops) {
        if (!loop.measure || !evidence_options.metric.empty()) continue;
        evidence_options.metric = loop.measure->metric;
        if (loop.measure->objective == "minimize") evidence_options.direction = trace::Direction::Minimize;
      }
      knowledge::Evidence evidence;
      if (!options->store.empty()) {
        if (!fs::exists(options->store)) throw Error("no trace store at {}", options->store);
        trace::Store store(options->store);
        evidence = knowledge::gather_evidence(store, options->store, evidence_options);
      } else {
        ScratchStore scratch;
        trace::ImportOptions import{system.name, evidence_options.metric};
        for (const std::string& file : options->traces) trace::import_file(scratch.store(), file, import);
        std::string label;
        for (const std::string& file : options->traces) label += (label.empty() ? "" : " ") + file;
        evidence = knowledge::gather_evidence(scratch.store(), label, evidence_options);
      }

      const knowledge::Plan plan = knowledge::plan_compound(evidence, system, options->plan);
      knowledge::CompoundOptions compound;
      compound.system = system.name;
      compound.date = today();
      compound.source_note = evidence.store;
      const std::string& source = loaded->source;

      // The output path decides derived-from, which needs the version; the version needs no output path.
      std::string output = options->in_place ? options->file : options->output;
      if (output.empty()) {
        const knowledge::CompoundResult probe = knowledge::compound_text(source, options->file, system, plan, compound);
        output = knowledge::next_version_path(options->file, probe.version);
        if (probe.changed() && fs::exists(output) && !options->dry_run)
          throw Error("{} exists; pass -o PATH to choose where version {} goes (or -i to overwrite the input)",
                      output, probe.version);
      } else if (!options->in_place && fs::exists(output) && fs::equivalent(output, options->file)) {
        throw Error("-o {} is the input file; pass -i to overwrite it", output);
      }
      if (!options->in_place) {
        const fs::path out_dir = fs::absolute(output).parent_path();
        compound.derived_from = fs::absolute(options->file).lexically_relative(out_dir).string();
      }
      const knowledge::CompoundResult result =
          knowledge::compound_text(source, options->file, system, plan, compound);

      const int groups = static_cast<int>(evidence.groups.size());
      fmt::print("{}: {} from {} (device, problem) {} and {} {}\n", options->file,
                 result.changed() ? "new knowledge" : "nothing new", groups, groups == 1 ? "group" : "groups",
                 evidence.insights.size(), evidence.insights.size() == 1 ? "insight" : "insights");
      if (!result.added.empty()) fmt::print("  added {} facts: {}\n", result.added.size(), names(result.added));
      if (!result.replaced.empty()) fmt::print("  replaced (more trials now): {}\n", names(result.replaced));
      if (!result.unchanged.empty()) fmt::print("  already known: {}\n", names(result.unchanged));
      for (const knowledge::Narrowing& n : result.narrowed) {
        std::string dropped;
        for (const auto& v : n.dropped) dropped += (dropped.empty() ? "" : ", ") + dsl::value_text(v);
        fmt::print("  narrowed {}: dropped {} ({})\n", n.parameter, dropped, n.why);
      }
      for (const std::string& s : result.not_narrowed) fmt::print("  not narrowed: {}\n", s);
      if (!result.changed()) return;
      if (options->dry_run) {
        fmt::print("  would write {} (version {})\n", output, result.version);
        return;
      }
      write_file_atomic(output, result.text);
      fmt::print("  wrote {} (version {})\n", output, result.version);
    } catch (const knowledge::ResolveError& e) {
      report_bad_input(invocation, e.what());
    }
  });
}

}  // namespace spak::cli
