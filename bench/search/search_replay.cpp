// spak-search-replay: how many evaluations each search strategy needs on a recorded space.
//
//   spak-search-replay SYSTEM.dsl TABLE.jsonl [--seeds 20] [--json OUT.json]
//
// TABLE.jsonl holds one exhaustive sweep, a line per trial: {"config": {...}, "design": {...}, "status": "ok",
// "objective": 21.3} (bench/search/record.sh writes it from a store). Every strategy of spak tune is replayed
// against it: proposals are answered from the table instead of running anything (a configuration missing from
// the table, or not ok, answers "no value", as a failed trial would). For each strategy and seed the program
// notes the evaluations until the best value seen reaches 95%, 97% and 99% of the table's best, and prints the
// mean over seeds (grid is deterministic, so its seeds agree).

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "spak/tune/plan.h"
#include "spak/tune/strategy.h"
#include "spak/util/error.h"
#include "spak/util/file_io.h"

namespace {

using nlohmann::json;
using spak::tune::Point;
using spak::tune::SearchSpace;

constexpr double kTargets[] = {0.95, 0.97, 0.99};

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc < 3) throw spak::Error("usage: spak-search-replay SYSTEM.dsl TABLE.jsonl [--seeds N] [--json OUT]");
    int seeds = 20;
    std::string json_out;
    for (int i = 3; i + 1 < argc; i += 2) {
      std::string flag = argv[i];
      if (flag == "--seeds") seeds = std::stoi(argv[i + 1]);
      else if (flag == "--json") json_out = argv[i + 1];
      else throw spak::Error("unknown flag {}", flag);
    }
    auto plan = spak::tune::SweepPlan::make({argv[1], "", "", {}, "."});
    const SearchSpace& space = plan->space();

    std::unordered_map<std::string, double> value;  // point key -> score
    std::ifstream in(argv[2]);
    if (!in) throw spak::Error("cannot read {}", argv[2]);
    int rows = 0;
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      json row = json::parse(line);
      if (row["design"] != plan->design() || row["status"] != "ok" || !row["objective"].is_number()) continue;
      if (auto p = space.point_of(row["config"])) {
        value[SearchSpace::key(*p)] = plan->score(row["objective"].get<double>());
        ++rows;
      }
    }
    if (value.empty()) throw spak::Error("{} has no ok trial of this space", argv[2]);
    double best = -1e300;
    for (const auto& [k, v] : value) best = std::max(best, v);
    const int cap = static_cast<int>(space.valid_points().size());
    fmt::print("space: {} valid configurations, {} ok in the table, best {:.4g}\n", cap, rows, best);

    json results = json::object();
    fmt::print("\n| strategy | evals to 95% | evals to 97% | evals to 99% |\n|---|---|---|---|\n");
    for (const std::string& name : spak::tune::strategy_names()) {
      double sum[3] = {0, 0, 0};
      json per_seed = json::array();
      for (int seed = 0; seed < seeds; ++seed) {
        auto s = spak::tune::make_strategy(name, space, {.seed = static_cast<std::uint64_t>(seed), .budget = cap, .start = {}});
        int reached[3] = {cap, cap, cap};
        double seen = -1e300;
        for (int n = 1; n <= cap; ++n) {
          auto p = s->propose();
          if (!p) break;
          auto it = value.find(SearchSpace::key(*p));
          std::optional<double> v = it == value.end() ? std::nullopt : std::optional(it->second);
          s->observe(*p, v);
          if (v) seen = std::max(seen, *v);
          for (int t = 0; t < 3; ++t)
            if (reached[t] == cap && seen >= kTargets[t] * best) reached[t] = n;
          if (reached[2] < cap) break;
        }
        for (int t = 0; t < 3; ++t) sum[t] += reached[t];
        per_seed.push_back({reached[0], reached[1], reached[2]});
      }
      fmt::print("| {} | {:.1f} | {:.1f} | {:.1f} |\n", name, sum[0] / seeds, sum[1] / seeds, sum[2] / seeds);
      results[name] = {{"mean", {sum[0] / seeds, sum[1] / seeds, sum[2] / seeds}}, {"per_seed", per_seed}};
    }
    if (!json_out.empty()) {
      json out = {{"targets", kTargets}, {"seeds", seeds}, {"valid_configs", cap}, {"ok_rows", rows},
                  {"best", best}, {"strategies", results}};
      spak::write_file_atomic(json_out, out.dump(1) + "\n");
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "spak-search-replay: error: %s\n", e.what());
    return 2;
  }
  return 0;
}
