#include "spak/cluster/slurm_executor.h"

#include <algorithm>
#include <random>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "spak/cluster/program.h"
#include "spak/cluster/slurm_state.h"
#include "spak/trace/store.h"
#include "spak/tune/command.h"
#include "spak/tune/output_capture.h"
#include "spak/util/error.h"
#include "spak/util/file_io.h"

namespace spak::cluster {
namespace {

using nlohmann::json;

std::string random_uid() {
  std::random_device device;
  std::uniform_int_distribution<unsigned> hex(0, 15);
  std::string uid;
  for (int i = 0; i < 24; ++i) uid += "0123456789abcdef"[hex(device)];
  return uid;
}

// The array script. Each trial runs with its SPAK_<NAME> values through env(1) and, with a timeout, under
// timeout(1); its output goes to trials/UID.out, and trials/UID.done (written last, by rename) says how it
// ended. The task exits 1 when a trial did not exit 0, so sacct shows it FAILED.
constexpr const char* kScriptHead = R"sh(#!/bin/sh
# Written by spak tune --executor slurm. Array task N runs the trials of case N, one after another.
dir={dir}
timeout_s={timeout}
status=0
run_trial() {{
  uid=$1; shift
  started=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ); t0=$(date +%s%N)
  if [ "$timeout_s" != 0 ]; then timeout -k 2 "$timeout_s" "$@"; else "$@"; fi >"$dir/trials/$uid.out" 2>&1 </dev/null
  rc=$?
  t1=$(date +%s%N)
  timed_out=0
  if [ "$timeout_s" != 0 ] && {{ [ $rc = 124 ] || [ $rc = 137 ]; }} &&
     [ $(( (t1 - t0) / 1000000 )) -ge $(( ${{timeout_s%.*}} * 1000 )) ]; then timed_out=1; fi
  [ $rc = 0 ] || status=1
  printf 'exit=%s timed_out=%s nanos=%s started=%s finished=%s host=%s\n' "$rc" "$timed_out" $((t1 - t0)) \
    "$started" "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)" "$(hostname)" >"$dir/trials/$uid.done.tmp"
  mv "$dir/trials/$uid.done.tmp" "$dir/trials/$uid.done"
}}
case "$SLURM_ARRAY_TASK_ID" in
)sh";

std::string trial_line(const tune::TrialJob& job, const std::string& uid) {
  std::string line = "  run_trial " + uid + " env";
  for (const auto& [name, value] : job.env) line += fmt::format(" {}", tune::shell_quote(name + "=" + value));
  return line + " /bin/sh -c " + tune::shell_quote(job.command) + "\n";
}

// "exit=0 timed_out=0 nanos=… started=… finished=… host=…" → fields.
std::map<std::string, std::string> parse_done(const std::string& text) {
  std::map<std::string, std::string> fields;
  std::stringstream in(text);
  for (std::string word; in >> word;)
    if (auto eq = word.find('='); eq != std::string::npos) fields[word.substr(0, eq)] = word.substr(eq + 1);
  return fields;
}

}  // namespace

SlurmExecutor::SlurmExecutor(SlurmOptions options) : options_(std::move(options)) {
  if (options_.batch < 1) throw Error("--batch must be at least 1, got {}", options_.batch);
  if (options_.in_flight < 1) throw Error("--jobs must be at least 1, got {}", options_.in_flight);
}

bool SlurmExecutor::has_free_slot() const { return running() < static_cast<std::size_t>(options_.in_flight); }

void SlurmExecutor::start(tune::TrialJob job) { pending_.push_back(std::move(job)); }

std::filesystem::path SlurmExecutor::trial_file(const std::string& uid, const char* extension) const {
  return dir_ / "trials" / (uid + extension);
}

std::vector<tune::TrialJob> SlurmExecutor::attach(tune::ExecutorState state, std::uint64_t& next_id) {
  state_ = std::move(state);
  dir_ = std::filesystem::absolute(options_.work_root / state_.run_uid);
  std::filesystem::create_directories(dir_ / "trials");
  std::vector<tune::TrialJob> adopted;
  const json& saved = state_.saved;
  if (saved.is_object() && saved.value("kind", "") == "slurm") {
    next_script_ = saved.value("next_script", 0);
    if (saved.contains("dir")) dir_ = saved["dir"].get<std::string>();
    for (const json& job : saved.value("jobs", json::array())) {
      jobs_.push_back(job);
      for (const json& t : job["trials"]) {
        std::string uid = t["uid"];
        if (state_.recorded(uid)) continue;
        tune::TrialJob j{next_id++, t["command"].get<std::string>(), {}, t["config"], t["design"]};
        adopted.push_back(j);
        outstanding_.push_back({std::move(j), uid, job["id"].get<std::string>(), t["task"].get<int>()});
      }
    }
  }
  save();
  return adopted;
}

void SlurmExecutor::save() {
  // Jobs whose every trial is in the store need not be remembered.
  json remembered = json::array();
  for (const json& job : jobs_) {
    bool collected = std::all_of(job["trials"].begin(), job["trials"].end(),
                                 [&](const json& t) { return state_.recorded(t["uid"].get<std::string>()); });
    if (!collected) remembered.push_back(job);
  }
  jobs_ = std::move(remembered);
  state_.save({{"kind", "slurm"}, {"dir", dir_.string()}, {"next_script", next_script_}, {"jobs", jobs_}});
}

void SlurmExecutor::submit() {
  if (pending_.empty()) return;
  std::string script = fmt::format(fmt::runtime(kScriptHead), fmt::arg("dir", tune::shell_quote(dir_.string())),
                                   fmt::arg("timeout", options_.timeout_seconds > 0
                                                           ? fmt::format("{:g}", options_.timeout_seconds)
                                                           : "0"));
  json trials = json::array();
  int tasks = 0;
  for (std::size_t i = 0; i < pending_.size(); i += static_cast<std::size_t>(options_.batch), ++tasks) {
    script += fmt::format("{})\n", tasks);
    for (std::size_t k = i; k < std::min(pending_.size(), i + static_cast<std::size_t>(options_.batch)); ++k) {
      std::string uid = random_uid();
      script += trial_line(pending_[k], uid);
      trials.push_back({{"uid", uid}, {"task", tasks}, {"command", pending_[k].command},
                        {"config", pending_[k].config}, {"design", pending_[k].design}});
    }
    script += "  ;;\n";
  }
  script += "esac\nexit $status\n";
  std::filesystem::path file = dir_ / fmt::format("job-{}.sh", next_script_);
  write_file_atomic(file, script);

  std::vector<std::string> argv = {"sbatch", "--parsable", fmt::format("--array=0-{}", tasks - 1),
                                   "--job-name=" + options_.job_name,
                                   "--output=" + (dir_ / fmt::format("job-{}-%a.log", next_script_)).string(),
                                   "--chdir=" + options_.trial_dir.string()};
  if (!options_.partition.empty()) argv.push_back("--partition=" + options_.partition);
  if (!options_.account.empty()) argv.push_back("--account=" + options_.account);
  if (!options_.time.empty()) argv.push_back("--time=" + options_.time);
  if (!options_.gres.empty()) argv.push_back("--gres=" + options_.gres);
  argv.insert(argv.end(), options_.sbatch_args.begin(), options_.sbatch_args.end());
  argv.push_back(file.string());
  ProgramOutput out = run_program(argv);
  std::string job_id = out.out.substr(0, out.out.find_first_of(";\n"));
  if (!out.ok() || job_id.empty() || job_id.find_first_not_of("0123456789") != std::string::npos)
    throw Error("sbatch could not submit {} trials: {}; the script is {} (check --partition, --account, --time, "
                "--slurm-arg)", pending_.size(), first_line(out), file.string());
  ++next_script_;
  jobs_.push_back({{"id", job_id}, {"script", file.string()}, {"trials", trials}});
  for (std::size_t k = 0; k < pending_.size(); ++k)
    outstanding_.push_back({std::move(pending_[k]), trials[k]["uid"].get<std::string>(), job_id,
                            trials[k]["task"].get<int>()});
  pending_.clear();
  save();
}

std::map<std::string, std::string> SlurmExecutor::task_states(const std::vector<std::string>& job_ids,
                                                              std::vector<std::string>& unknown) const {
  std::map<std::string, std::string> states;
  auto read_lines = [&](const std::string& text) {
    std::stringstream in(text);
    for (std::string line; std::getline(in, line);) {
      auto bar = line.find('|');
      if (bar != std::string::npos) states[line.substr(0, bar)] = line.substr(bar + 1);
    }
  };
  for (const std::string& job : job_ids) {
    // squeue keeps finished jobs for MinJobAge (300 s by default); sacct has them for good when accounting is on.
    ProgramOutput q = run_program({"squeue", "-h", "-r", "--states=all", "-j", job, "-o", "%i|%T"});
    if (q.ok() && !q.out.empty()) {
      read_lines(q.out);
      continue;
    }
    ProgramOutput a = run_program({"sacct", "-n", "-P", "-X", "-j", job, "-o", "JobID,State"});
    if (a.ok() && !a.out.empty()) read_lines(a.out);
    else unknown.push_back(job);
  }
  return states;
}

std::optional<tune::TrialResult> SlurmExecutor::collect(const Outstanding& t,
                                                         const std::map<std::string, std::string>& states,
                                                         const std::vector<std::string>& unknown) const {
  tune::TrialResult r;
  r.id = t.job.id;
  r.command = t.job.command;
  r.slot = t.task;
  r.uid = t.uid;
  std::string task_id = fmt::format("{}_{}", t.job_id, t.task);
  tune::OutputCapture capture;
  std::error_code ec;
  if (std::filesystem::exists(trial_file(t.uid, ".out"), ec)) capture.feed(read_file(trial_file(t.uid, ".out")));
  if (std::filesystem::exists(trial_file(t.uid, ".done"), ec)) {
    auto fields = parse_done(read_file(trial_file(t.uid, ".done")));
    int code = std::stoi(fields["exit"]);
    r.exit.exit_code = code;
    r.timed_out = fields["timed_out"] == "1";
    r.wall_seconds = std::stod(fields["nanos"]) / 1e9;
    r.started_at = fields["started"];
    r.finished_at = fields["finished"];
    r.host = fields["host"];
    r.output = capture.finish();
    return r;
  }
  auto state = states.find(task_id);
  std::optional<trace::Verdict> verdict;
  if (state != states.end())
    verdict = verdict_for_slurm_state(state->second);
  else if (std::find(unknown.begin(), unknown.end(), t.job_id) != unknown.end())
    verdict = trace::Verdict{trace::Status::Failed,
                             fmt::format("slurm: neither squeue nor sacct knows job {} any more and the trial left no "
                                         "result", t.job_id), std::nullopt};
  else  // squeue lists every task of a known array (pending ones too), except those cancelled while pending
    verdict = trace::Verdict{trace::Status::Cancelled,
                             fmt::format("slurm: array task {} left the queue without running the trial (cancelled "
                                         "while pending)", task_id), std::nullopt};
  if (!verdict) return std::nullopt;
  r.verdict = verdict;
  r.host = "slurm:" + task_id;
  r.started_at = r.finished_at = trace::now_iso8601();
  r.output = capture.finish();
  return r;
}

std::vector<tune::TrialResult> SlurmExecutor::wait(std::chrono::milliseconds max_wait) {
  submit();
  Clock::time_point now = Clock::now();
  if (last_poll_ && now - *last_poll_ < options_.poll) {
    std::this_thread::sleep_for(std::min<Clock::duration>(max_wait, options_.poll - (now - *last_poll_)));
    if (Clock::now() - *last_poll_ < options_.poll) return {};
  }
  last_poll_ = Clock::now();
  std::vector<std::string> job_ids;
  for (const Outstanding& t : outstanding_)
    if (std::find(job_ids.begin(), job_ids.end(), t.job_id) == job_ids.end()) job_ids.push_back(t.job_id);
  // States first, then files: a task that ended after the query left its files before it ended.
  std::vector<std::string> unknown;
  std::map<std::string, std::string> states = task_states(job_ids, unknown);
  std::vector<tune::TrialResult> done;
  std::erase_if(outstanding_, [&](const Outstanding& t) {
    auto result = collect(t, states, unknown);
    if (result) done.push_back(std::move(*result));
    return result.has_value();
  });
  return done;
}

void SlurmExecutor::stop_all() { pending_.clear(); }

}  // namespace spak::cluster
