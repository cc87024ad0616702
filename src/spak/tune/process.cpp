#include "spak/tune/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>

#include "spak/util/error.h"

extern char** environ;

namespace spak::tune {

ChildProcess ChildProcess::spawn(const std::string& command,
                                 const std::vector<std::pair<std::string, std::string>>& env) {
  // Everything the child needs is built before fork: after it only async-signal-safe calls are allowed.
  std::map<std::string, std::string> vars;
  for (char** e = environ; *e; ++e) {
    std::string entry = *e;
    auto eq = entry.find('=');
    if (eq != std::string::npos) vars[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [name, value] : env) vars[name] = value;
  std::vector<std::string> entries;
  for (const auto& [name, value] : vars) entries.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (std::string& entry : entries) envp.push_back(entry.data());
  envp.push_back(nullptr);
  std::string sh = "/bin/sh", dash_c = "-c", cmd = command;
  char* argv[] = {sh.data(), dash_c.data(), cmd.data(), nullptr};

  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw Error("cannot create a pipe for a trial: {}", std::strerror(errno));
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    int err = errno;
    close(fds[0]);
    close(fds[1]);
    throw Error("cannot start a trial: fork failed: {}", std::strerror(err));
  }
  if (pid == 0) {
    setpgid(0, 0);
    // If spak itself dies (even by SIGKILL), the shell goes too instead of running on unobserved.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    int null = open("/dev/null", O_RDONLY);
    if (null >= 0) dup2(null, 0);
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    execve(sh.c_str(), argv, envp.data());
    _exit(127);
  }
  setpgid(pid, pid);  // also in the parent, so the group exists before anyone signals it
  close(fds[1]);
  fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
  return ChildProcess(pid, fds[0]);
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)), fd_(std::exchange(other.fd_, -1)), status_(std::move(other.status_)) {}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !status_) {
    signal_group(SIGKILL);
    int status;
    waitpid(pid_, &status, 0);
  }
  if (fd_ >= 0) close(fd_);
}

bool ChildProcess::read_output(std::string& out) {
  if (fd_ < 0) return false;
  char buffer[65536];
  bool any = false;
  while (true) {
    ssize_t n = read(fd_, buffer, sizeof buffer);
    if (n > 0) {
      out.append(buffer, static_cast<std::size_t>(n));
      any = true;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return any;
    close(fd_);  // end of file (or an error: nothing more will come either way)
    fd_ = -1;
    return any;
  }
}

void ChildProcess::signal_group(int sig) {
  if (pid_ > 0 && !status_) kill(-pid_, sig);
}

std::optional<ExitStatus> ChildProcess::poll_exit() {
  if (status_) return status_;
  siginfo_t info{};
  // WNOWAIT leaves the shell a zombie, so its pid (the group id) cannot be reused while the group is killed.
  if (waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0 || info.si_pid == 0)
    return std::nullopt;
  kill(-pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  ExitStatus s;
  if (WIFEXITED(status)) s.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) s.signal = WTERMSIG(status);
  status_ = s;
  return status_;
}

}  // namespace spak::tune
