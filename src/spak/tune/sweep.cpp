#include "spak/tune/sweep.h"

#include <unistd.h>

#include <algorithm>
#include <deque>
#include <map>

#include <fmt/format.h>

#include "spak/knowledge/device.h"
#include "spak/tune/guided_start.h"
#include "spak/tune/outcome.h"
#include "spak/tune/progress.h"
#include "spak/tune/provenance.h"
#include "spak/tune/strategy.h"
#include "spak/util/error.h"

namespace spak::tune {
namespace {

using nlohmann::json;

constexpr int kDefaultBudget = 50;
constexpr const char* kDefaultStrategy = "bayes";
// The live line is refreshed (and the stop flag checked) at least this often.
constexpr std::chrono::milliseconds kTick{200};

std::string host_name() {
  char name[256] = {};
  return gethostname(name, sizeof name - 1) == 0 ? name : "unknown";
}

json device_json(const knowledge::DeviceInfo& d) {
  json j = json::object();
  if (!d.present) return j;
  j["name"] = d.name;
  j["gpu_count"] = d.gpu_count;
  if (d.sm_count) j["sm_count"] = *d.sm_count;
  if (d.memory_mib) j["memory_mib"] = *d.memory_mib;
  if (d.compute_capability) j["compute_capability"] = *d.compute_capability;
  return j;
}

bool better(const trace::Trial& a, const trace::Trial& b, trace::Direction direction) {
  return direction == trace::Direction::Maximize ? *a.objective > *b.objective : *a.objective < *b.objective;
}

// A trial in flight: what it runs and where its result goes.
struct Launched {
  PlannedConfig config;
  std::optional<Point> point;  ///< none for the baseline when it lies outside the space
  bool baseline = false;
};

}  // namespace

SweepSummary run_sweep(const SweepPlan& plan, const SweepOptions& options, trace::Store& store, Progress& progress,
                       const std::atomic<bool>& stop) {
  SweepSummary summary;
  const SearchSpace& space = plan.space();
  std::vector<trace::Trial> finished;
  json settings = json::object();
  if (options.resume) {
    auto run = store.latest_run(plan.system().name, plan.loop().name);
    if (!run)
      throw Error("nothing to resume: {} has no run of system {} loop {}", store.path().string(), plan.system().name,
                  plan.loop().name);
    summary.run = *run;
    settings = run->settings;
    finished = store.trials(run->id);
    if (run->dsl_hash != plan.dsl_hash())
      progress.note(fmt::format("the DSL file changed since run {} began; configurations no longer in the space are "
                                "kept but not counted", run->id));
  }
  auto setting = [&](const char* name) -> const json* {
    auto it = settings.find(name);
    return it == settings.end() ? nullptr : &*it;
  };
  std::string strategy_name = options.strategy ? *options.strategy
                              : setting("strategy") ? setting("strategy")->get<std::string>()
                              : !plan.loop().strategy.empty() ? plan.loop().strategy : kDefaultStrategy;
  int budget = options.budget ? *options.budget
               : setting("budget") ? setting("budget")->get<int>()
               : plan.loop().budget.value_or(kDefaultBudget);
  std::uint64_t seed = options.seed ? *options.seed : setting("seed") ? setting("seed")->get<std::uint64_t>() : 0;
  if (budget < 1) throw Error("--budget must be at least 1, got {}", budget);
  knowledge::DeviceInfo device = knowledge::detect_device();
  std::string host = host_name();
  // A guided sweep starts from the facts of earlier versions and the system's rules (tune/guided_start.h).
  StrategyOptions strategy_options{.seed = seed, .budget = budget, .start = {}, .avoid = {}};
  GuidedStart guided;
  if (strategy_name == "guided") {
    guided = guided_start(plan, device, device.present ? device.name : host);
    strategy_options.start = guided.start;
    strategy_options.avoid = guided.avoid;
  }
  auto strategy = make_strategy(strategy_name, space, std::move(strategy_options));
  if (space.size().valid < 1) {
    std::string why = "every configuration is pruned";
    if (space.enumerated() && space.size().total >= 1) {
      if (auto reason = space.why_invalid(Point(space.dimensions().size(), 0))) why += "; e.g. the first: " + *reason;
    }
    throw Error("{} (system {}, loop {})", why, plan.system().name, plan.loop().name);
  }

  if (!options.resume) {
    trace::Run& run = summary.run;
    run.system = plan.system().name;
    run.loop = plan.loop().name;
    run.dsl_path = options.dsl_path;
    run.dsl_hash = plan.dsl_hash();
    run.strategy = strategy_name;
    run.settings = {{"strategy", strategy_name}, {"budget", budget},     {"seed", seed},
                    {"jobs", options.runner.jobs}, {"devices", options.runner.devices},
                    {"timeout", options.runner.timeout_seconds},       {"metric", plan.metric()},
                    {"objective", plan.direction() == trace::Direction::Maximize ? "maximize" : "minimize"},
                    {"set", options.set}, {"design", plan.design()}};
    run.settings.update(run_provenance(options.dsl_path, host));
    if (plan.baseline()) run.settings["baseline"] = {{"config", plan.baseline()->config}, {"design", plan.baseline()->design}};
    run.host = host;
    run.device = device_json(device);
    store.begin_run(run);
  }

  // Replay what the store already holds: those configurations are done, whatever their status.
  ProgressState state;
  std::string baseline_key = plan.baseline() ? SweepPlan::key(*plan.baseline()) : "";
  auto account = [&](const trace::Trial& t) {
    ++state.done;
    if (t.status != trace::Status::Ok) ++state.failures;
    else if (!state.best || better(t, *state.best, plan.direction())) state.best = t;
  };
  int counted = 0;  // trials toward the budget
  for (const trace::Trial& t : finished) {
    account(t);
    if (!baseline_key.empty() && t.key == baseline_key) {
      summary.baseline = t;
      if (auto p = space.point_of(t.config); p && t.design == plan.design()) strategy->observe(*p, std::nullopt);
      continue;
    }
    auto point = t.design == plan.design() ? space.point_of(t.config) : std::nullopt;
    if (!point) continue;
    strategy->observe(*point, t.objective ? std::optional(plan.score(*t.objective)) : std::nullopt);
    ++counted;
  }
  summary.resumed = static_cast<int>(finished.size());

  std::deque<Launched> queue;
  if (plan.baseline() && !summary.baseline) {
    const PlannedConfig& b = *plan.baseline();
    if (auto why = plan.why_invalid(b)) {
      progress.skipped(b.config, "baseline: " + *why);
      summary.baseline_note = "the baseline is not run: " + *why;
    } else {
      queue.push_back({b, space.point_of(b.config), true});
      if (queue.back().point && b.design != plan.design()) queue.back().point.reset();
    }
  } else if (!plan.baseline()) {
    summary.baseline_note = "the loop declares no baseline: {param: value, …}, so no speedup is reported";
  }
  // Planned: the budget, the baseline (done or queued), and stored trials that lie outside today's space.
  int baseline_trials = summary.baseline ? 1 : static_cast<int>(queue.size());
  int outside = state.done - counted - (summary.baseline ? 1 : 0);
  // A small space runs out before the budget; a baseline inside it takes one of its points.
  int planned = budget;
  if (space.size().exact) {
    bool baseline_inside = plan.baseline() && plan.baseline()->design == plan.design() &&
                           space.point_of(plan.baseline()->config) && !plan.why_invalid(*plan.baseline());
    planned = std::min<int>(planned, static_cast<int>(space.size().valid) - baseline_inside);
  }
  state.total = std::max(planned, counted) + baseline_trials + outside;

  SweepStart start;
  start.run = summary.run;
  start.space_total = space.size().total;
  start.space_valid = space.size().valid;
  start.space_exact = space.size().exact;
  start.budget = budget;
  start.resumed = summary.resumed;
  start.strategy = strategy_name;
  start.metric = plan.metric();
  start.direction = plan.direction();
  progress.begin(start);
  for (const std::string& n : plan.notes()) progress.note(n);
  for (const std::string& n : guided.notes) progress.note(n);

  std::shared_ptr<Executor> executor = options.executor ? options.executor : std::make_shared<TrialRunner>(options.runner);
  Executor& runner = *executor;
  std::map<std::uint64_t, Launched> in_flight;
  std::uint64_t next_id = 1;
  int launched = counted;
  // Trials an earlier spak submitted to this run (SLURM jobs still queued or done) finish before new proposals,
  // so the strategy never proposes a configuration that is already on its way.
  ExecutorState executor_state{summary.run.uid, settings.contains("executor") ? settings["executor"] : json(),
                               [&store, &summary](const json& saved) {
                                 summary.run.settings["executor"] = saved;
                                 store.update_settings(summary.run.id, summary.run.settings);
                               },
                               [&store](const std::string& uid) { return store.trial_by_uid(uid).has_value(); }};
  for (TrialJob& adopted : runner.attach(std::move(executor_state), next_id)) {
    PlannedConfig c{adopted.config, adopted.design};
    bool is_baseline = !baseline_key.empty() && SweepPlan::key(c) == baseline_key;
    if (is_baseline) std::erase_if(queue, [](const Launched& q) { return q.baseline; });
    auto point = c.design == plan.design() ? space.point_of(c.config) : std::nullopt;
    if (point && !is_baseline) ++launched;
    in_flight.emplace(adopted.id, Launched{std::move(c), point, is_baseline});
  }
  bool draining = !in_flight.empty();
  if (draining) progress.note(fmt::format("{} trials submitted before are still on their way; collecting them first",
                                          in_flight.size()));
  while (!stop) {
    draining = draining && !in_flight.empty();
    while (runner.has_free_slot() && !stop && !draining) {
      Launched l;
      if (!queue.empty()) {
        l = std::move(queue.front());
        queue.pop_front();
      } else if (launched < budget && !summary.exhausted) {
        auto p = strategy->propose();
        if (!p) {
          summary.exhausted = true;
          state.total -= std::max(0, planned - launched);
          break;
        }
        l = {plan.planned(*p), *p, false};
        ++launched;
      } else {
        break;
      }
      TrialJob job{next_id, plan.command(l.config), plan.environment(l.config), l.config.config, l.config.design};
      runner.start(std::move(job));
      in_flight.emplace(next_id++, std::move(l));
    }
    state.running = static_cast<int>(runner.running());
    if (runner.running() == 0) break;
    for (TrialResult& r : runner.wait(kTick)) {
      Launched l = std::move(in_flight.at(r.id));
      in_flight.erase(r.id);
      trace::Verdict verdict = judge_trial(r, plan.system().trace_schema, plan.metric(), options.runner.timeout_seconds);
      trace::Trial t;
      t.uid = r.uid;
      t.run_id = summary.run.id;
      t.key = SweepPlan::key(l.config);
      t.config = l.config.config;
      t.design = l.config.design;
      t.command = r.command;
      t.status = verdict.status;
      t.exit_code = r.exit.exit_code;
      t.signal = r.exit.signal;
      t.wall_seconds = r.wall_seconds;
      t.timed_out = r.timed_out;
      t.items = trace::items_json(r.output.items);
      t.objective = verdict.objective;
      t.reason = verdict.reason;
      t.log_tail = r.output.log;
      // A trial that ran elsewhere says where; this machine's GPU facts are not its.
      t.host = r.host.empty() ? host : r.host;
      t.device = r.host.empty() ? device_json(device) : json::object();
      if (r.device) t.device["index"] = *r.device, t.device["slot"] = r.slot;
      t.started_at = r.started_at;
      t.finished_at = r.finished_at;
      store.add_trial(t);
      if (l.baseline) summary.baseline = t;
      if (l.point) strategy->observe(*l.point, t.objective ? std::optional(plan.score(*t.objective)) : std::nullopt);
      account(t);
      ++state.done_here;
      ++summary.ran;
      state.running = static_cast<int>(runner.running());
      progress.finished(t, l.baseline, state);
    }
    progress.tick(state);
  }
  if (stop) {
    runner.stop_all();
    summary.interrupted = true;
  } else {
    store.finish_run(summary.run.id);
  }

  summary.counts = store.status_counts(summary.run.id);
  for (trace::Trial& t : store.trials(summary.run.id))
    if (t.status == trace::Status::Ok && t.objective) summary.top.push_back(std::move(t));
  std::stable_sort(summary.top.begin(), summary.top.end(),
                   [&](const auto& a, const auto& b) { return better(a, b, plan.direction()); });
  if (summary.top.size() > options.top) summary.top.resize(options.top);
  if (summary.baseline) {
    const trace::Trial& b = *summary.baseline;
    if (b.status != trace::Status::Ok || !b.objective || *b.objective == 0)
      summary.baseline_note = fmt::format("the baseline trial is {}{}: no speedup", trace::to_string(b.status),
                                          b.reason.empty() ? "" : " (" + b.reason + ")");
    else if (!summary.top.empty())
      summary.speedup = plan.direction() == trace::Direction::Maximize ? *summary.top[0].objective / *b.objective
                                                                       : *b.objective / *summary.top[0].objective;
  }
  progress.end(summary);
  return summary;
}

}  // namespace spak::tune
