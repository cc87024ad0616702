// spak-search-replay: how many evaluations each search strategy needs on a recorded space.
//
//   spak-search-replay SYSTEM.dsl TABLE.jsonl [--seeds 20] [--json OUT.json] [--set name=value]...
//                      [--strategies grid,random,...] [--device LABEL] [--budget N] [--trials-out DIR]
//
// TABLE.jsonl holds one exhaustive sweep, a line per trial: either `spak trace export --format jsonl` of its
// store (trial records; run and insight records are skipped) or reduced rows {"config": {...}, "design": {...},
// "status": "ok", "objective": 21.3} (bench/search/record.sh). Every strategy of spak tune is replayed
// against it: proposals are answered from the table instead of running anything (a configuration missing from
// the table, or not ok, answers "no value", as a failed trial would). For each strategy and seed the program
// notes the evaluations until the best value seen reaches 95%, 97% and 99% of the table's best (over all its ok
// rows of the design, also those outside SYSTEM.dsl's space; per_seed 0 = never reached), and prints the
// mean over the seeds that reached it (grid is deterministic, so its seeds agree). `--set` fixes parameters or picks design values as
// in spak tune (the table's rows of other designs are ignored). `guided` starts where `spak tune --strategy
// guided` would (tune/guided_start.h): from SYSTEM.dsl's facts for the device LABEL (default: this machine's
// GPU name, else its host name, as spak compound writes them) and its rules.
//
// `--budget N` stops each seed after N evaluations (default: when 99% is reached or the space runs out), as
// `spak tune --budget N` would. `--trials-out DIR` writes, per strategy and seed, the table's records of the
// trials it evaluated, in order, as a spak JSONL run (DIR/STRATEGY_seedS.jsonl: the table's run record with
// this strategy, seed and budget, marked `replayed_from` TABLE): a sweep replayed from real measurements,
// which `spak trace import` and `spak compound --traces` read like the sweep itself.

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "spak/knowledge/device.h"
#include "spak/tune/guided_start.h"
#include "spak/tune/plan.h"
#include "spak/tune/strategy.h"
#include "spak/util/error.h"
#include "spak/util/file_io.h"

namespace {

using nlohmann::json;
using spak::tune::Point;
using spak::tune::SearchSpace;

constexpr double kTargets[] = {0.95, 0.97, 0.99};

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

std::string this_device() {
  spak::knowledge::DeviceInfo device = spak::knowledge::detect_device();
  if (device.present) return device.name;
  char name[256] = {};
  return gethostname(name, sizeof name - 1) == 0 ? name : "unknown";
}

// DIR/STRATEGY_seedS.jsonl: the table's records of the trials one seed evaluated, as one spak JSONL run.
// Uids are made from the table run's uid, the strategy and the seed, so writing it again imports as the same run.
void write_replayed_run(const std::string& dir, json run, const std::string& strategy, int seed, int budget,
                        const std::string& table, const std::vector<std::string>& evaluated,
                        const std::unordered_map<std::string, json>& record) {
  const std::string uid = fmt::format("{}-{}-seed{}", run.value("uid", "replay"), strategy, seed);
  run["record"] = "run";
  run["uid"] = uid;
  run["strategy"] = strategy;
  json& settings = run["settings"];
  if (!settings.is_object()) settings = json::object();
  settings["seed"] = seed;
  if (budget > 0) settings["budget"] = budget;
  settings["replayed_from"] = table;
  std::string text = run.dump() + "\n";
  int n = 0;
  for (const std::string& key : evaluated) {
    auto it = record.find(key);
    if (it == record.end()) continue;  // not in the table: nothing was measured
    json trial = it->second;
    trial["record"] = "trial";
    trial["uid"] = fmt::format("{}-{}", uid, ++n);
    trial["run_uid"] = uid;
    text += trial.dump() + "\n";
  }
  std::filesystem::create_directories(dir);
  spak::write_file_atomic(fmt::format("{}/{}_seed{}.jsonl", dir, strategy, seed), text);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc < 3)
      throw spak::Error("usage: spak-search-replay SYSTEM.dsl TABLE.jsonl [--seeds N] [--json OUT] [--set name=value]... "
                        "[--strategies a,b] [--device LABEL] [--budget N] [--trials-out DIR]");
    int seeds = 20, budget = 0;
    std::string json_out, device_label, trials_out;
    std::vector<std::string> set, strategies = spak::tune::strategy_names();
    for (int i = 3; i + 1 < argc; i += 2) {
      std::string flag = argv[i];
      if (flag == "--seeds") seeds = std::stoi(argv[i + 1]);
      else if (flag == "--json") json_out = argv[i + 1];
      else if (flag == "--set") set.push_back(argv[i + 1]);
      else if (flag == "--device") device_label = argv[i + 1];
      else if (flag == "--strategies") strategies = split_list(argv[i + 1]);
      else if (flag == "--budget") budget = std::stoi(argv[i + 1]);
      else if (flag == "--trials-out") trials_out = argv[i + 1];
      else throw spak::Error("unknown flag {}", flag);
    }
    auto plan = spak::tune::SweepPlan::make({argv[1], "", "", set, "."});
    const SearchSpace& space = plan->space();

    std::unordered_map<std::string, double> value;  // point key -> score
    std::unordered_map<std::string, json> record;   // point key -> the table's row
    json table_run = {{"system", plan->system().name}};  // the table's run record, when it has one
    std::ifstream in(argv[2]);
    if (!in) throw spak::Error("cannot read {}", argv[2]);
    int rows = 0;
    // The target is the table's best over every ok row of this design, also rows outside this space: a DSL
    // whose space was narrowed is measured against the same optimum, and may never reach it.
    double best = -1e300;
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      json row = json::parse(line);
      const std::string kind = row.value("record", "trial");
      if (kind == "run") table_run = row;
      if (kind != "trial" || row["design"] != plan->design()) continue;
      auto p = space.point_of(row["config"]);
      if (p) record[SearchSpace::key(*p)] = row;
      if (row["status"] != "ok" || !row["objective"].is_number()) continue;
      best = std::max(best, plan->score(row["objective"].get<double>()));
      if (p) {
        value[SearchSpace::key(*p)] = plan->score(row["objective"].get<double>());
        ++rows;
      }
    }
    if (value.empty()) throw spak::Error("{} has no ok trial of this space", argv[2]);
    const int cap = static_cast<int>(space.valid_points().size());
    const int evaluations = budget > 0 ? std::min(budget, cap) : cap;
    fmt::print("space: {} valid configurations, {} ok in the table, best {:.4g}\n", cap, rows, best);

    // The guided start depends only on the facts and the rules, not on the seed.
    spak::tune::GuidedStart guided;
    if (std::find(strategies.begin(), strategies.end(), "guided") != strategies.end()) {
      if (device_label.empty()) device_label = this_device();
      guided = spak::tune::guided_start(*plan, {}, device_label);
      for (const std::string& note : guided.notes) fmt::print("{}\n", note);
    }

    json results = json::object();
    fmt::print("\n| strategy | evals to 95% | evals to 97% | evals to 99% |\n|---|---|---|---|\n");
    for (const std::string& name : strategies) {
      double sum[3] = {0, 0, 0};
      int hits[3] = {0, 0, 0};   // seeds that reached the target before the space ran out
      json per_seed = json::array(), best_seen = json::array();
      for (int seed = 0; seed < seeds; ++seed) {
        spak::tune::StrategyOptions options{.seed = static_cast<std::uint64_t>(seed), .budget = evaluations, .start = {}, .avoid = {}};
        if (name == "guided") options.start = guided.start, options.avoid = guided.avoid;
        auto s = spak::tune::make_strategy(name, space, std::move(options));
        int reached[3] = {0, 0, 0};  // 0: not reached
        double seen = -1e300;
        std::vector<std::string> evaluated;
        for (int n = 1; n <= evaluations; ++n) {
          auto p = s->propose();
          if (!p) break;
          evaluated.push_back(SearchSpace::key(*p));
          auto it = value.find(evaluated.back());
          std::optional<double> v = it == value.end() ? std::nullopt : std::optional(it->second);
          s->observe(*p, v);
          if (v) seen = std::max(seen, *v);
          for (int t = 0; t < 3; ++t)
            if (!reached[t] && seen >= kTargets[t] * best) reached[t] = n;
          if (reached[2] && budget == 0) break;
        }
        for (int t = 0; t < 3; ++t) sum[t] += reached[t], hits[t] += reached[t] > 0;
        per_seed.push_back({reached[0], reached[1], reached[2]});
        best_seen.push_back(seen / best);
        if (!trials_out.empty()) write_replayed_run(trials_out, table_run, name, seed, budget, argv[2], evaluated, record);
      }
      // The mean is over the seeds that reached the target; the others are counted, never averaged in.
      json mean = json::array();
      std::string cells;
      for (int t = 0; t < 3; ++t) {
        mean.push_back(hits[t] ? json(sum[t] / hits[t]) : json(nullptr));
        cells += hits[t] == seeds ? fmt::format(" {:.1f} |", sum[t] / hits[t])
                 : hits[t]        ? fmt::format(" {:.1f} ({} of {} seeds never) |", sum[t] / hits[t], seeds - hits[t], seeds)
                                  : fmt::format(" never ({} configs) |", evaluations);
      }
      fmt::print("| {} |{}\n", name, cells);
      results[name] = {{"mean", mean}, {"seeds_reached", {hits[0], hits[1], hits[2]}}, {"per_seed", per_seed},
                       {"best_seen", best_seen}};
    }
    if (!json_out.empty()) {
      json out = {{"targets", kTargets}, {"seeds", seeds}, {"valid_configs", cap}, {"ok_rows", rows},
                  {"best", best}, {"set", set}, {"strategies", results}};
      if (budget > 0) out["budget"] = budget;
      if (!device_label.empty()) out["device"] = device_label, out["guided_start"] = guided.start.size();
      spak::write_file_atomic(json_out, out.dump(1) + "\n");
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "spak-search-replay: error: %s\n", e.what());
    return 2;
  }
  return 0;
}
