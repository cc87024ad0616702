#pragma once
// The tools' sandbox: every file a step names is resolved inside one work directory, and commands run there
// with a scrubbed environment, a timeout and a cap on the output they may return. A path that is absolute,
// contains `..`, or leads through a symlink out of the work directory is refused with a spak::Error; writes
// go through write_file_atomic.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace spak::agent {

/// What one `tool.run` command did.
struct CommandResult {
  int exit_code = -1;          ///< -1 when a signal ended it (see `signal`)
  int signal = 0;
  bool timed_out = false;
  bool truncated = false;      ///< output went past the cap; the rest was dropped
  std::string output;          ///< stdout and stderr together
  double wall_seconds = 0;
};

/// Limits of `tool.run`.
struct SandboxLimits {
  double timeout_seconds = 60;
  std::size_t output_cap = 1 << 20;
};

/// A work directory that file tools may not leave.
class Sandbox {
 public:
  /// Creates `workdir` when missing. Throws spak::Error when it cannot.
  Sandbox(const std::filesystem::path& workdir, SandboxLimits limits = {});

  const std::filesystem::path& root() const { return root_; }
  const SandboxLimits& limits() const { return limits_; }

  /// The absolute path of `relative` inside the work directory; throws spak::Error for an escape attempt.
  std::filesystem::path resolve(const std::string& relative) const;

  std::string read(const std::string& path) const;
  /// Writes atomically, creating parent directories (inside the work directory). Returns bytes written.
  std::size_t write(const std::string& path, const std::string& content) const;
  /// Entries under `path` (recursive, sorted, relative to the work directory; directories end in '/').
  std::vector<std::string> list(const std::string& path) const;
  /// Lines matching the ECMAScript regex `pattern` in the files under `path`: [{file, line, text}].
  nlohmann::json grep(const std::string& pattern, const std::string& path) const;
  /// Runs `/bin/sh -c command` in the work directory with only PATH, HOME (= the work directory), LANG and
  /// TMPDIR set; kills its whole process group at the timeout.
  CommandResult run(const std::string& command) const;

 private:
  std::filesystem::path root_;
  SandboxLimits limits_;
};

}  // namespace spak::agent
