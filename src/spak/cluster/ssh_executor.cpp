#include "spak/cluster/ssh_executor.h"

#include <algorithm>
#include <map>
#include <thread>

#include <fmt/format.h>

#include "spak/cluster/program.h"
#include "spak/tune/command.h"
#include "spak/util/error.h"

namespace spak::cluster {
namespace {

using tune::shell_quote;

// The local ssh gets this much longer than the trial, so the host's timeout(1) ends the trial and reports it.
constexpr double kLocalTimeoutMargin = 30;
constexpr int kTimeoutExit = 124, kSshFailureExit = 255;
constexpr std::chrono::milliseconds kPollSlice{20};

std::vector<std::string> base_args(const char* tool, const HostSpec& host, const std::vector<std::string>& extra) {
  std::vector<std::string> argv = {tool, "-o", "BatchMode=yes"};
  if (host.port) argv.insert(argv.end(), {std::string(tool) == "scp" ? "-P" : "-p", std::to_string(*host.port)});
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
}

// ssh's remote side: runs `command` and returns its output, or throws naming the host.
std::string ssh_run(const HostSpec& host, const std::vector<std::string>& extra, const std::string& command,
                    const std::string& doing) {
  std::vector<std::string> argv = base_args("ssh", host, extra);
  argv.insert(argv.end(), {host.destination(), command});
  ProgramOutput out = run_program(argv);
  if (!out.ok())
    throw Error("ssh {}: cannot {}: {} (check that `ssh {}` works without a password prompt)", host.spec, doing,
                first_line(out), host.spec);
  return out.out;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  if (from.empty()) return text;
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

}  // namespace

std::string SshExecutor::ssh_command(const HostSpec& host, const std::vector<std::string>& ssh_args,
                                     const std::string& remote_command) {
  std::string line = "exec";
  for (const std::string& a : base_args("ssh", host, ssh_args)) line += fmt::format(" {}", shell_quote(a));
  return line + " " + shell_quote(host.destination()) + " " + shell_quote(remote_command);
}

SshExecutor::SshExecutor(SshOptions options) : options_(std::move(options)) {
  if (options_.hosts.empty()) throw Error("--executor ssh needs hosts: --hosts a,b or --hosts-file FILE");
  for (const HostSpec& host : options_.hosts) {
    // Copy once per host: make the directory, scp the bundle into it, unpack it there.
    std::string dir = options_.remote_root + "/" + options_.bundle_id;
    std::string out = ssh_run(host, options_.ssh_args,
                              fmt::format("mkdir -p {0} && cd {0} && pwd", shell_quote(dir)), "make " + dir);
    std::string abs = out.substr(0, out.find('\n'));
    if (abs.empty() || abs.front() != '/') throw Error("ssh {}: cannot find the bundle directory (pwd said {:?})", host.spec, out);
    std::vector<std::string> scp = base_args("scp", host, options_.ssh_args);
    std::string target = host.host.find(':') != std::string::npos ? "[" + host.host + "]" : host.host;
    if (!host.user.empty()) target = host.user + "@" + target;
    scp.insert(scp.end(), {"-q", options_.bundle.string(), target + ":" + abs + "/bundle.tar.gz"});
    ProgramOutput copied = run_program(scp);
    if (!copied.ok()) throw Error("scp {}: cannot copy the bundle: {}", host.spec, first_line(copied));
    ssh_run(host, options_.ssh_args,
            fmt::format("cd {} && tar -xzf bundle.tar.gz && rm -f bundle.tar.gz", shell_quote(abs)), "unpack the bundle");
    auto add_worker = [&](std::string gpu) {
      tune::RunnerOptions runner;
      runner.timeout_seconds = options_.timeout_seconds > 0 ? options_.timeout_seconds + kLocalTimeoutMargin : 0;
      workers_.push_back({&host, std::move(gpu), abs, std::make_unique<tune::TrialRunner>(runner)});
    };
    if (host.gpus.empty()) add_worker("");
    for (const std::string& gpu : host.gpus) add_worker(gpu);
  }
}

bool SshExecutor::has_free_slot() const {
  return std::any_of(workers_.begin(), workers_.end(), [](const Worker& w) { return w.runner->has_free_slot(); });
}

std::size_t SshExecutor::running() const {
  std::size_t n = 0;
  for (const Worker& w : workers_) n += w.runner->running();
  return n;
}

std::string SshExecutor::remote_command(const Worker& worker, const tune::TrialJob& job) const {
  std::string command = replace_all(job.command, shell_quote(options_.local_dsl_dir), shell_quote(worker.dir));
  std::string line = "cd " + shell_quote(worker.dir) + " && exec";
  if (options_.timeout_seconds > 0) line += fmt::format(" timeout -k 2 {:g}", options_.timeout_seconds);
  line += " env";
  for (const auto& [name, value] : job.env) line += fmt::format(" {}", shell_quote(name + "=" + value));
  if (!worker.gpu.empty()) line += " CUDA_VISIBLE_DEVICES=" + worker.gpu;
  return line + " /bin/sh -c " + shell_quote(command);
}

void SshExecutor::start(tune::TrialJob job) {
  auto free = std::find_if(workers_.begin(), workers_.end(), [](const Worker& w) { return w.runner->has_free_slot(); });
  if (free == workers_.end()) throw Error("internal: no free ssh worker");
  std::string remote = remote_command(*free, job);
  commands_[job.id] = job.command;
  job.env.clear();  // they travel in the remote command
  job.command = ssh_command(*free->host, options_.ssh_args, remote);
  free->runner->start(std::move(job));
}

std::vector<tune::TrialResult> SshExecutor::wait(std::chrono::milliseconds max_wait) {
  auto until = std::chrono::steady_clock::now() + max_wait;
  std::vector<tune::TrialResult> done;
  while (true) {
    for (std::size_t i = 0; i < workers_.size(); ++i) {
      Worker& w = workers_[i];
      for (tune::TrialResult& r : w.runner->wait(std::chrono::milliseconds(0))) {
        r.command = commands_.at(r.id);  // the trial's command, not the ssh line around it
        commands_.erase(r.id);
        r.slot = static_cast<int>(i);
        r.host = w.host->spec;
        if (!w.gpu.empty()) r.device = w.gpu;
        int code = r.exit.exit_code.value_or(0);
        if (options_.timeout_seconds > 0 && code == kTimeoutExit) r.timed_out = true;
        if (code == kSshFailureExit)
          r.verdict = trace::Verdict{trace::Status::Failed,
                                     fmt::format("ssh {} exited 255: the connection failed, or the command exited 255",
                                                 w.host->spec), std::nullopt};
        done.push_back(std::move(r));
      }
    }
    if (!done.empty() || running() == 0 || std::chrono::steady_clock::now() >= until) return done;
    std::this_thread::sleep_for(kPollSlice);
  }
}

void SshExecutor::stop_all() {
  for (Worker& w : workers_) w.runner->stop_all();
  commands_.clear();
}

}  // namespace spak::cluster
