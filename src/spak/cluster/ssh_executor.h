#pragma once
// The SSH executor of `spak tune --executor ssh`: one worker per host, or per GPU of a host (`host/gpus=0,1`,
// pinned with CUDA_VISIBLE_DEVICES). Before the sweep, the job bundle is copied to each host once (scp) and
// unpacked in a directory of its own (`~/.cache/spak/bundles/<sha256 of its files>`, or under --remote-dir); each trial then runs there as
// `ssh HOST 'cd DIR && env SPAK_…=… /bin/sh -c CMD'`, its output coming back over the connection. The system
// OpenSSH is used as it is: the user's ~/.ssh/config, keys and agent apply; `--ssh-arg` adds options
// (BatchMode=yes is always set, so a host that wants a password fails instead of prompting).
//
// `{{dsl_dir}}` in the command names the local DSL directory; on a host it becomes that host's bundle directory.

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "spak/cluster/host_spec.h"
#include "spak/tune/trial_runner.h"

namespace spak::cluster {

/// Where and how trials run over SSH.
struct SshOptions {
  std::vector<HostSpec> hosts;
  std::vector<std::string> ssh_args;           ///< extra ssh/scp arguments (--ssh-arg), e.g. -oIdentityFile=KEY
  double timeout_seconds = 0;                  ///< per trial, enforced on the host with timeout(1); 0 = none
  std::filesystem::path bundle;                ///< the .tar.gz to copy to every host
  std::string bundle_id;                       ///< names the directory it is unpacked in (its SHA-256)
  std::string local_dsl_dir;                   ///< the {{dsl_dir}} value in commands, replaced per host
  std::string remote_root = ".cache/spak/bundles";  ///< bundles are unpacked in <remote_root>/<bundle_id>
};

class SshExecutor : public tune::Executor {
 public:
  /// Copies and unpacks the bundle on every host. Throws spak::Error naming the host when that fails.
  explicit SshExecutor(SshOptions options);

  bool has_free_slot() const override;
  std::size_t running() const override;
  void start(tune::TrialJob job) override;
  std::vector<tune::TrialResult> wait(std::chrono::milliseconds max_wait) override;
  void stop_all() override;
  /// Trials over SSH end with their connection: nothing to adopt.
  std::vector<tune::TrialJob> attach(tune::ExecutorState, std::uint64_t&) override { return {}; }

  /// The ssh command line (for /bin/sh) that runs `remote_command` on `host`.
  static std::string ssh_command(const HostSpec& host, const std::vector<std::string>& ssh_args,
                                 const std::string& remote_command);

 private:
  struct Worker {
    const HostSpec* host = nullptr;
    std::string gpu;                           ///< empty = not pinned
    std::string dir;                           ///< the bundle's directory on the host
    std::unique_ptr<tune::TrialRunner> runner; ///< one slot: this worker's ssh process
  };
  std::string remote_command(const Worker& worker, const tune::TrialJob& job) const;

  SshOptions options_;
  std::vector<Worker> workers_;
  std::map<std::uint64_t, std::string> commands_;  ///< running trials' own commands, by job id
};

}  // namespace spak::cluster
