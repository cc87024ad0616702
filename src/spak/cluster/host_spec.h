#pragma once
// The hosts of `spak tune --executor ssh`: `[user@]host[:port][/gpus=0,1]`, given as `--hosts a,b` or one per
// line in a hosts file (`#` starts a comment). A host with GPUs gets one worker per GPU, pinned with
// CUDA_VISIBLE_DEVICES; a host without gets one worker.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spak::cluster {

/// One SSH host as the user named it.
struct HostSpec {
  std::string user;                 ///< empty = ssh's default (the user's config)
  std::string host;
  std::optional<int> port;          ///< none = ssh's default (the user's config)
  std::vector<std::string> gpus;    ///< empty = one worker, not pinned
  std::string spec;                 ///< as written, less the /gpus part: what trials record as their host

  /// `user@host` or `host`: ssh's destination argument.
  std::string destination() const;
};

/// Parses one spec. Throws spak::Error naming the spec and what is wrong with it.
HostSpec parse_host_spec(std::string_view text);
/// Parses `a,b,c`.
std::vector<HostSpec> parse_host_list(std::string_view text);
/// Reads a hosts file: one spec per line; blank lines and `#` comments are skipped. Errors name FILE:LINE.
std::vector<HostSpec> read_hosts_file(const std::filesystem::path& file);

}  // namespace spak::cluster
