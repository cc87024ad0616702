#pragma once
// A trial's process: `/bin/sh -c CMD` in a process group of its own, stdout and stderr on one pipe, stdin from
// /dev/null. The group is what gets signalled, so a timeout or an interrupt ends every process the command
// started, not just the shell.

#include <sys/types.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace spak::tune {

/// How a process ended: an exit status or the signal that killed it.
struct ExitStatus {
  std::optional<int> exit_code;
  std::optional<int> signal;
};

/// One running command and its process group. Moving is allowed; the destructor kills and reaps what is left.
class ChildProcess {
 public:
  /// Starts `command` with the current environment plus `env` (NAME, value), overriding same names.
  /// Throws spak::Error when the process cannot be created.
  static ChildProcess spawn(const std::string& command, const std::vector<std::pair<std::string, std::string>>& env);

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&&) = delete;
  ChildProcess(const ChildProcess&) = delete;
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  /// The read end of the output pipe (non-blocking), or -1 once it reached end of file.
  int output_fd() const { return fd_; }
  /// Reads what is available into `out`; closes the pipe at end of file. Returns false when nothing was read.
  bool read_output(std::string& out);

  /// Sends `sig` to every process of the group (while the shell is not reaped, its pid pins the group id).
  void signal_group(int sig);
  /// Non-blocking: once the shell has exited, kills the rest of its group (a trial must not outlive itself),
  /// reaps the shell and returns how it ended.
  std::optional<ExitStatus> poll_exit();
  bool exited() const { return status_.has_value(); }

 private:
  ChildProcess(pid_t pid, int fd) : pid_(pid), fd_(fd) {}
  pid_t pid_ = -1;
  int fd_ = -1;
  std::optional<ExitStatus> status_;
};

}  // namespace spak::tune
