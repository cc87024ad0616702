#include "spak/tune/guided_start.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_set>

#include <fmt/format.h>

#include "spak/knowledge/context.h"
#include "spak/knowledge/priors.h"
#include "spak/knowledge/recommend.h"

namespace spak::tune {
namespace {

using nlohmann::json;

// Nearest values are only searched in dimensions this small (a range of a billion values is not scanned).
constexpr std::uint64_t kSnapScanLimit = 4096;

std::optional<std::uint64_t> nearest_index(const Dimension& d, const json& value) {
  if (!d.ordered() || !value.is_number() || d.size() > kSnapScanLimit) return std::nullopt;
  const double v = value.get<double>();
  const bool log = d.log_scale() && v > 0;
  std::optional<std::uint64_t> best;
  double best_gap = 0;
  for (std::uint64_t i = 0; i < d.size(); ++i) {
    const double w = d.value(i).get<double>();
    const double gap = log && w > 0 ? std::abs(std::log2(w / v)) : std::abs(w - v);
    if (!best || gap < best_gap) best = i, best_gap = gap;
  }
  return best;
}

// The point of a fact's configuration: missing parameters from the fact's problem, else the space's first
// value; parameters this sweep fixed keep their one value; with `snap`, values outside an ordered dimension
// move to the nearest value.
std::optional<Point> point_of_fact(const SearchSpace& space, const json& config, const json& problem, bool snap) {
  Point point;
  for (const Dimension& d : space.dimensions()) {
    if (d.size() == 1) {
      point.push_back(0);
      continue;
    }
    const json* value = config.contains(d.name()) ? &config[d.name()] : problem.contains(d.name()) ? &problem[d.name()] : nullptr;
    if (!value) {
      point.push_back(0);
      continue;
    }
    std::optional<std::uint64_t> index = d.index_of(*value);
    if (!index && snap) index = nearest_index(d, *value);
    if (!index) return std::nullopt;
    point.push_back(*index);
  }
  return point;
}

std::string distance_text(const knowledge::BestPrior& p) {
  if (p.exact()) return "exact match";
  std::string where = p.same_device ? "same device" : "device " + p.device;
  return fmt::format("{}, problem {} at distance {:.3g}", where, p.problem.dump(), p.distance);
}

}  // namespace

json sweep_problem(const SweepPlan& plan) {
  json problem = plan.design();
  for (const Dimension& d : plan.space().dimensions())
    if (d.size() == 1) problem[d.name()] = d.value(0);
  return problem;
}

GuidedStart guided_start(const SweepPlan& plan, const knowledge::DeviceInfo& device, const std::string& device_label) {
  GuidedStart out;
  const SearchSpace& space = plan.space();
  const json problem = sweep_problem(plan);
  const knowledge::Priors priors = knowledge::gather_priors(plan.system(), device_label, problem);

  // Avoided points first: a nearer fact's runner-up that failed on this very problem is not a start point.
  std::unordered_set<std::string> taken;
  for (const knowledge::AvoidPrior& a : priors.avoid) {
    auto p = point_of_fact(space, a.config, problem, false);
    if (p && taken.insert(SearchSpace::key(*p)).second) out.avoid.push_back(*p);
  }
  if (!out.avoid.empty())
    out.notes.push_back(fmt::format("guided: {} configuration{} never run (failed or much slower on this problem: "
                                    "fact {})", out.avoid.size(), out.avoid.size() == 1 ? " is" : "s are",
                                    priors.avoid.front().fact));

  auto add = [&](const std::optional<Point>& p) {
    if (out.start.size() >= kMaxStart || !p || !space.valid(*p) || !taken.insert(SearchSpace::key(*p)).second) return 0;
    out.start.push_back(*p);
    return 1;
  };
  auto add_fact = [&](const knowledge::BestPrior& p, bool with_runner_ups) {
    int added = add(point_of_fact(space, p.config, p.problem, true));
    if (with_runner_ups)
      for (const json& c : p.close_runner_ups(kCloseRunnerUp)) added += add(point_of_fact(space, c, p.problem, true));
    if (added)
      out.notes.push_back(fmt::format("guided: fact {} ({}): {} start point{}", p.fact, distance_text(p), added,
                                      added == 1 ? "" : "s"));
  };

  for (const knowledge::BestPrior& p : priors.best)
    if (p.exact()) add_fact(p, true);

  // The rules' recommendation, in the context of this sweep's fixed values and the device.
  knowledge::ContextBuilder inputs;
  if (device.present) inputs.add_device(device);
  for (const auto& [name, value] : problem.items()) inputs.set(name, expr::Value::from_json(value), "sweep");
  const expr::Context context = inputs.context();
  const knowledge::Recommendation rec = knowledge::recommend(plan.system(), context);
  json recommended = json::object();
  std::vector<std::string> said;
  for (const auto* decisions : {&rec.assignments, &rec.selections}) {
    for (const knowledge::Decision& d : *decisions) {
      if (!d.applied) continue;
      const json value = d.value.to_json();
      auto dim = std::find_if(space.dimensions().begin(), space.dimensions().end(),
                              [&](const Dimension& x) { return x.name() == d.target; });
      if (dim != space.dimensions().end() && dim->size() > 1) {
        recommended[d.target] = value;
        said.push_back(fmt::format("{} = {} (rule \"{}\")", d.target, value.dump(), d.rule));
      } else if (plan.design().contains(d.target) && plan.design()[d.target] != value) {
        out.notes.push_back(fmt::format("guided: rule \"{}\" selects {} = {}; this sweep runs {} = {} (--set {}={} "
                                        "follows the rule)", d.rule, d.target, value.dump(), d.target,
                                        plan.design()[d.target].dump(), d.target, value.dump()));
      }
    }
  }
  if (!recommended.empty()) {
    // Over the best known point: an exact match's, else the nearest problem's, else the first that agrees.
    std::optional<Point> base = out.start.empty() ? std::nullopt : std::optional(out.start.front());
    for (const knowledge::BestPrior& p : priors.best)
      if (!base) base = point_of_fact(space, p.config, p.problem, true);
    if (!base && space.enumerated()) {
      for (const Point& p : space.valid_points()) {
        const json c = space.config(p);
        bool matches = true;
        for (const auto& [name, value] : recommended.items()) matches = matches && c[name] == value;
        if (matches) {
          base = p;
          break;
        }
      }
    }
    json config = base ? space.config(*base) : json::object();
    config.update(recommended);
    if (add(point_of_fact(space, config, json::object(), true)))
      out.notes.push_back(fmt::format("guided: rules recommend {}: 1 start point", fmt::join(said, ", ")));
  }

  bool nearest = true;
  for (const knowledge::BestPrior& p : priors.best) {
    if (p.exact()) continue;
    add_fact(p, nearest);
    nearest = false;
  }

  if (out.start.empty())
    out.notes.push_back(fmt::format("guided: no fact of an earlier version and no rule applies to {} on {}; "
                                    "searching as bayes", problem.dump(), device_label));
  return out;
}

}  // namespace spak::tune
