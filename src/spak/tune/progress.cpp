#include "spak/tune/progress.h"

#include <fmt/format.h>

#include "spak/tune/sweep.h"
#include "spak/util/json_text.h"

namespace spak::tune {
namespace {

using nlohmann::json;

// The live line is redrawn at most this often.
constexpr std::chrono::milliseconds kRedraw{250};

std::string duration_text(double seconds) {
  auto s = static_cast<long>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

std::string number_text(double v) { return fmt::format("{:.4g}", v); }

std::string size_text(double n) { return n >= 1e15 ? fmt::format("{:.3g}", n) : fmt::format("{:.0f}", n); }

json trial_event(const trace::Trial& t) {
  json j = {{"id", t.id},         {"config", t.config},  {"design", t.design},         {"status", trace::to_string(t.status)},
            {"wall_seconds", t.wall_seconds}, {"command", t.command}};
  if (t.objective) j["objective"] = *t.objective;
  if (!t.reason.empty()) j["reason"] = t.reason;
  if (t.device.contains("index")) j["device"] = t.device["index"];
  return j;
}

}  // namespace

Progress::Progress(Mode mode, std::FILE* out) : mode_(mode), out_(out) {}

void Progress::emit(const json& event) {
  fmt::print(out_, "{}\n", event.dump());
  std::fflush(out_);
}

void Progress::clear_live() {
  if (live_shown_) fmt::print(out_, "\r\033[K");
  live_shown_ = false;
}

void Progress::begin(const SweepStart& s) {
  // "Performance.gflops" reads as "gflops" next to a number; the start line names the full metric.
  metric_ = s.metric.substr(s.metric.rfind('.') + 1);
  direction_ = s.direction;
  started_ = std::chrono::steady_clock::now();
  const char* objective = s.direction == trace::Direction::Maximize ? "maximize" : "minimize";
  if (mode_ == Mode::Json) {
    emit({{"event", "start"},
          {"run", s.run.id},
          {"system", s.run.system},
          {"loop", s.run.loop},
          {"space", {{"total", s.space_total}, {"valid", s.space_valid}, {"exact", s.space_exact}}},
          {"strategy", s.strategy},
          {"budget", s.budget},
          {"resumed", s.resumed},
          {"metric", s.metric},
          {"objective", objective}});
    return;
  }
  fmt::print(out_, "spak tune: system {} loop {} (run {}{})\n", s.run.system, s.run.loop, s.run.id,
             s.resumed ? fmt::format(", resumed with {} finished trials", s.resumed) : "");
  fmt::print(out_, "space: {} configurations, {} after constraints and invariants{}\n", size_text(s.space_total),
             size_text(s.space_valid), s.space_exact ? "" : " (estimated by sampling)");
  fmt::print(out_, "strategy {}, budget {}, {} {}\n", s.strategy, s.budget, objective, s.metric);
  std::fflush(out_);
}

void Progress::note(const std::string& text) {
  if (mode_ == Mode::Json) return emit({{"event", "note"}, {"text", text}});
  clear_live();
  fmt::print(out_, "note: {}\n", text);
  std::fflush(out_);
}

void Progress::skipped(const json& config, const std::string& reason) {
  if (mode_ == Mode::Json) return emit({{"event", "skip"}, {"config", config}, {"reason", reason}});
  clear_live();
  fmt::print(out_, "skipped {}: {}\n", config_text(config), reason);
  std::fflush(out_);
}

std::string Progress::best_text(const ProgressState& state) const {
  if (!state.best) return "best -";
  return fmt::format("best {} {} ({})", number_text(*state.best->objective), metric_, config_text(state.best->config));
}

void Progress::finished(const trace::Trial& t, bool baseline, const ProgressState& state) {
  if (mode_ == Mode::Json) {
    json e = trial_event(t);
    e["event"] = "trial";
    e["baseline"] = baseline;
    e["done"] = state.done;
    e["total"] = state.total;
    if (state.best) e["best"] = {{"objective", *state.best->objective}, {"config", state.best->config}};
    return emit(e);
  }
  clear_live();
  std::string result = t.status == trace::Status::Ok ? fmt::format("{} {}", number_text(*t.objective), metric_)
                                                      : fmt::format("{}: {}", trace::to_string(t.status), t.reason);
  fmt::print(out_, "[{}/{}] {}{} -> {} ({:.2f} s){}\n", state.done, state.total, baseline ? "baseline " : "",
             config_text(t.config), result, t.wall_seconds,
             t.device.contains("index") ? fmt::format(" on device {}", t.device["index"].get<std::string>()) : "");
  if (mode_ == Mode::Plain) fmt::print(out_, "  {}\n", best_text(state));
  std::fflush(out_);
  drawn_ = {};
  tick(state);
}

void Progress::tick(const ProgressState& state) {
  if (mode_ != Mode::Live) return;
  auto now = std::chrono::steady_clock::now();
  if (now - drawn_ < kRedraw) return;
  drawn_ = now;
  double elapsed = std::chrono::duration<double>(now - started_).count();
  std::string eta = "-";
  if (state.done_here > 0 && state.total > state.done)
    eta = duration_text(elapsed / state.done_here * (state.total - state.done));
  std::string line = fmt::format("{}/{} done, {} running, {} failed, {}, ETA {}", state.done, state.total,
                                 state.running, state.failures, best_text(state), eta);
  fmt::print(out_, "\r\033[K{}", line);
  std::fflush(out_);
  live_shown_ = true;
}

void Progress::end(const SweepSummary& s) {
  if (mode_ == Mode::Json) {
    json top = json::array();
    for (const trace::Trial& t : s.top) top.push_back(trial_event(t));
    json counts = json::object();
    for (const auto& [status, n] : s.counts) counts[std::string(trace::to_string(status))] = n;
    json e = {{"event", "end"}, {"run", s.run.id}, {"ran", s.ran}, {"resumed", s.resumed}, {"counts", counts},
              {"top", top},     {"interrupted", s.interrupted}, {"exhausted", s.exhausted}};
    if (s.baseline) e["baseline"] = trial_event(*s.baseline);
    if (s.speedup) e["speedup"] = *s.speedup;
    if (!s.baseline_note.empty()) e["baseline_note"] = s.baseline_note;
    return emit(e);
  }
  clear_live();
  std::string counts;
  for (const auto& [status, n] : s.counts) counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", n, trace::to_string(status));
  if (s.interrupted)
    fmt::print(out_, "interrupted: {} trials recorded ({}); continue with --resume\n", s.ran + s.resumed, counts);
  else
    fmt::print(out_, "done: run {}, {} trials ({}){}\n", s.run.id, s.ran + s.resumed, counts,
               s.exhausted ? ", every valid configuration tried" : "");
  if (s.top.empty()) {
    fmt::print(out_, "no trial succeeded\n");
  } else {
    fmt::print(out_, "\n  {:>4}  {:>12}  {}\n", "rank", metric_, "configuration");
    for (std::size_t i = 0; i < s.top.size(); ++i)
      fmt::print(out_, "  {:>4}  {:>12}  {}\n", i + 1, number_text(*s.top[i].objective), config_text(s.top[i].config));
    fmt::print(out_, "\nbest: {} {} with {}\n", number_text(*s.top[0].objective), metric_, config_text(s.top[0].config));
  }
  if (s.speedup)
    fmt::print(out_, "speedup over the baseline ({} {} with {}{}): {:.2f}x\n", number_text(*s.baseline->objective),
               metric_, config_text(s.baseline->config),
               s.baseline->design.empty() ? "" : ", design " + config_text(s.baseline->design), *s.speedup);
  else if (!s.baseline_note.empty())
    fmt::print(out_, "{}\n", s.baseline_note);
  std::fflush(out_);
}

}  // namespace spak::tune
