#include "spak/tune/trial_runner.h"

#include <poll.h>
#include <signal.h>

#include <algorithm>

#include "spak/trace/store.h"
#include "spak/util/error.h"

namespace spak::tune {
namespace {

// Exits are noticed by polling at most this far apart (a pipe may close long before or after the exit).
constexpr std::chrono::milliseconds kPollSlice{20};

std::chrono::milliseconds seconds(double s) {
  return std::chrono::milliseconds(static_cast<std::int64_t>(s * 1000));
}

}  // namespace

TrialRunner::TrialRunner(RunnerOptions options) : options_(std::move(options)) {
  if (options_.jobs < 1) throw Error("--jobs must be at least 1, got {}", options_.jobs);
  if (!options_.devices.empty() && options_.devices.size() < static_cast<std::size_t>(options_.jobs))
    throw Error("--jobs {} needs {} devices, but --devices lists {}: each worker is pinned to its own device",
                options_.jobs, options_.jobs, options_.devices.size());
  slot_busy_.assign(static_cast<std::size_t>(options_.jobs), false);
}

TrialRunner::~TrialRunner() { stop_all(); }

void TrialRunner::start(TrialJob job) {
  auto free = std::find(slot_busy_.begin(), slot_busy_.end(), false);
  if (free == slot_busy_.end()) throw Error("internal: no free trial slot");
  int slot = static_cast<int>(free - slot_busy_.begin());
  auto env = job.env;
  if (!options_.devices.empty()) env.emplace_back("CUDA_VISIBLE_DEVICES", options_.devices[static_cast<std::size_t>(slot)]);
  std::string started_at = trace::now_iso8601();
  Clock::time_point started = Clock::now();
  ChildProcess process = ChildProcess::spawn(job.command, env);
  *free = true;
  running_.push_back(Running{std::move(job), slot, std::move(process), OutputCapture{}, started, started_at, {}, {}});
}

std::vector<TrialResult> TrialRunner::wait(std::chrono::milliseconds max_wait) {
  Clock::time_point until = Clock::now() + max_wait;
  while (true) {
    std::vector<pollfd> fds;
    for (Running& r : running_)
      if (r.process.output_fd() >= 0) fds.push_back({r.process.output_fd(), POLLIN, 0});
    auto slice = std::clamp(std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()),
                            std::chrono::milliseconds(0), kPollSlice);
    if (!fds.empty()) poll(fds.data(), fds.size(), static_cast<int>(slice.count()));
    else if (!running_.empty()) poll(nullptr, 0, static_cast<int>(slice.count()));

    Clock::time_point now = Clock::now();
    for (Running& r : running_) {
      std::string chunk;
      if (r.process.read_output(chunk)) r.capture.feed(chunk);
      if (!r.exited_at && r.process.poll_exit()) r.exited_at = now;
      if (r.exited_at || options_.timeout_seconds <= 0) continue;
      if (!r.term_sent && now - r.started >= seconds(options_.timeout_seconds)) {
        r.process.signal_group(SIGTERM);
        r.term_sent = now;
      } else if (r.term_sent && now - *r.term_sent >= seconds(options_.kill_grace_seconds)) {
        r.process.signal_group(SIGKILL);
      }
    }
    std::vector<TrialResult> done = collect();
    if (!done.empty() || running_.empty() || Clock::now() >= until) return done;
  }
}

std::vector<TrialResult> TrialRunner::collect() {
  std::vector<TrialResult> done;
  for (auto it = running_.begin(); it != running_.end();) {
    Running& r = *it;
    // Finished when the shell is reaped and the pipe is drained (the group was killed, so it closes soon).
    if (!r.exited_at || r.process.output_fd() >= 0) {
      ++it;
      continue;
    }
    TrialResult result;
    result.id = r.job.id;
    result.command = r.job.command;
    result.slot = r.slot;
    if (!options_.devices.empty()) result.device = options_.devices[static_cast<std::size_t>(r.slot)];
    result.exit = *r.process.poll_exit();
    result.timed_out = r.term_sent.has_value();
    result.wall_seconds = std::chrono::duration<double>(*r.exited_at - r.started).count();
    result.started_at = r.started_at;
    result.finished_at = trace::now_iso8601();
    result.output = r.capture.finish();
    slot_busy_[static_cast<std::size_t>(r.slot)] = false;
    done.push_back(std::move(result));
    it = running_.erase(it);
  }
  return done;
}

void TrialRunner::stop_all() {
  if (running_.empty()) return;
  for (Running& r : running_) r.process.signal_group(SIGTERM);
  Clock::time_point kill_at = Clock::now() + seconds(options_.kill_grace_seconds);
  while (Clock::now() < kill_at) {
    bool all = true;
    for (Running& r : running_) all = r.process.poll_exit().has_value() && all;
    if (all) break;
    poll(nullptr, 0, static_cast<int>(kPollSlice.count()));
  }
  running_.clear();  // ~ChildProcess SIGKILLs and reaps whatever is left
  std::fill(slot_busy_.begin(), slot_busy_.end(), false);
}

}  // namespace spak::tune
