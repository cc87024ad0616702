#include "spak/cluster/executor_choice.h"

#include <unistd.h>

#include <fmt/format.h>

#include "spak/cluster/bundle.h"
#include "spak/cluster/host_spec.h"
#include "spak/cluster/ssh_executor.h"
#include "spak/trace/sha256.h"
#include "spak/util/error.h"

namespace spak::cluster {
namespace {

namespace fs = std::filesystem;

constexpr int kDefaultSlurmInFlight = 8;
constexpr std::size_t kBundleIdLength = 16;

std::shared_ptr<tune::Executor> make_ssh(const ExecutorChoice& choice, const tune::SweepPlan& plan,
                                         const fs::path& dsl_path, const tune::RunnerOptions& runner, bool jobs_given) {
  if (jobs_given) throw Error("--jobs does not apply to --executor ssh: it runs one worker per host, or per GPU of "
                              "a host written host/gpus=0,1");
  if (!runner.devices.empty()) throw Error("--devices does not apply to --executor ssh: write host/gpus=0,1");
  if (choice.hosts.empty() == choice.hosts_file.empty())
    throw Error("--executor ssh needs exactly one of --hosts a,b and --hosts-file FILE");
  SshOptions options;
  options.hosts = choice.hosts.empty() ? read_hosts_file(choice.hosts_file) : parse_host_list(choice.hosts);
  options.ssh_args = choice.ssh_args;
  if (!choice.remote_dir.empty()) options.remote_root = choice.remote_dir;
  options.timeout_seconds = runner.timeout_seconds;
  options.local_dsl_dir = fs::absolute(dsl_path).parent_path().string();

  BundleRequest request;
  request.dsl = dsl_path;
  request.system = plan.system().name;
  request.loop = plan.loop().name;
  request.measure_cmd = plan.loop().measure ? plan.loop().measure->cmd : "";
  request.include = choice.include;
  Bundle bundle = collect_bundle(request);
  // The bundle is named by its files, not its creation time, so an unchanged DSL reuses the hosts' directory.
  std::string files_id = trace::sha256_hex(bundle.manifest["files"].dump());
  char temp[] = "/tmp/spak-bundle-XXXXXX";
  int fd = mkstemp(temp);
  if (fd < 0) throw Error("cannot make a temporary file for the ssh bundle");
  close(fd);
  options.bundle = temp;
  options.bundle_id = files_id.substr(0, kBundleIdLength);
  try {
    write_bundle(bundle, options.bundle);
    auto executor = std::make_shared<SshExecutor>(options);
    fs::remove(options.bundle);
    return executor;
  } catch (...) {
    std::error_code ec;
    fs::remove(options.bundle, ec);
    throw;
  }
}

}  // namespace

std::vector<std::string> executor_names() { return {"local", "slurm", "ssh"}; }

std::shared_ptr<tune::Executor> make_executor(const ExecutorChoice& choice, const tune::SweepPlan& plan,
                                              const fs::path& dsl_path, const tune::RunnerOptions& runner,
                                              bool jobs_given, const fs::path& store) {
  if (choice.kind == "local") return nullptr;
  if (choice.kind == "ssh") return make_ssh(choice, plan, dsl_path, runner, jobs_given);
  if (choice.kind != "slurm") throw Error("--executor {:?}: expected local, slurm or ssh", choice.kind);
  if (!runner.devices.empty()) throw Error("--devices does not apply to --executor slurm: ask for GPUs with --gres");
  SlurmOptions options = choice.slurm;
  options.in_flight = jobs_given ? runner.jobs : kDefaultSlurmInFlight;
  options.timeout_seconds = runner.timeout_seconds;
  options.work_root = fs::absolute(store).parent_path() / "cluster";
  options.trial_dir = fs::current_path();
  options.job_name = "spak-" + plan.system().name;
  return std::make_shared<SlurmExecutor>(options);
}

}  // namespace spak::cluster
