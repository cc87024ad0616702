#include "spak/agent/sandbox.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <regex>
#include <sstream>

#include "spak/util/error.h"
#include "spak/util/file_io.h"

namespace spak::agent {
namespace fs = std::filesystem;

namespace {

bool inside(const fs::path& root, const fs::path& p) {
  auto r = root.begin(), q = p.begin();
  for (; r != root.end(); ++r, ++q)
    if (q == p.end() || *r != *q) return false;
  return true;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

Sandbox::Sandbox(const fs::path& workdir, SandboxLimits limits) : limits_(limits) {
  std::error_code ec;
  fs::create_directories(workdir, ec);
  root_ = fs::canonical(workdir, ec);
  if (ec) throw Error("work directory {}: {}", workdir.string(), ec.message());
}

fs::path Sandbox::resolve(const std::string& relative) const {
  fs::path p(relative);
  if (relative.empty()) throw Error("sandbox: empty path");
  if (p.is_absolute())
    throw Error("sandbox: absolute path '{}' refused: tools may only touch files inside the work directory {}",
                relative, root_.string());
  for (const auto& part : p)
    if (part == "..")
      throw Error("sandbox: path '{}' refused: '..' may not leave the work directory {}", relative, root_.string());
  // weakly_canonical follows every symlink that exists, so a link pointing outside is caught here.
  fs::path full = fs::weakly_canonical(root_ / p);
  if (!inside(root_, full))
    throw Error("sandbox: path '{}' refused: it leads out of the work directory {} (to {})", relative,
                root_.string(), full.string());
  return full;
}

std::string Sandbox::read(const std::string& path) const { return read_file(resolve(path)); }

std::size_t Sandbox::write(const std::string& path, const std::string& content) const {
  fs::path full = resolve(path);
  fs::create_directories(full.parent_path());
  write_file_atomic(full, content);
  return content.size();
}

std::vector<std::string> Sandbox::list(const std::string& path) const {
  fs::path base = resolve(path.empty() ? "." : path);
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(base, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    std::string rel = fs::relative(it->path(), root_).generic_string();
    out.push_back(it->is_directory() ? rel + "/" : rel);
  }
  if (ec) throw Error("sandbox: cannot list '{}': {}", path, ec.message());
  std::sort(out.begin(), out.end());
  return out;
}

nlohmann::json Sandbox::grep(const std::string& pattern, const std::string& path) const {
  std::regex re;
  try {
    re = std::regex(pattern);
  } catch (const std::regex_error& e) {
    throw Error("tool.grep: bad pattern '{}': {}", pattern, e.what());
  }
  fs::path base = resolve(path.empty() ? "." : path);
  std::vector<std::string> files;
  if (fs::is_regular_file(base)) {
    files.push_back(fs::relative(base, root_).generic_string());
  } else {
    for (const auto& e : list(path))
      if (e.back() != '/' && fs::is_regular_file(root_ / e)) files.push_back(e);
  }
  nlohmann::json matches = nlohmann::json::array();
  for (const auto& f : files) {
    std::istringstream in(read_file(root_ / f));
    int n = 0;
    for (std::string line; std::getline(in, line);) {
      ++n;
      if (std::regex_search(line, re)) matches.push_back({{"file", f}, {"line", n}, {"text", line}});
    }
  }
  return matches;
}

CommandResult Sandbox::run(const std::string& command) const {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw Error("tool.run: pipe: {}", std::strerror(errno));
  std::string path_env = "PATH=" + std::string(getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
  std::string home_env = "HOME=" + root_.string();
  std::string tmp_env = "TMPDIR=" + root_.string();
  const char* envp[] = {path_env.c_str(), home_env.c_str(), tmp_env.c_str(), "LANG=C.UTF-8", nullptr};
  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid < 0) throw Error("tool.run: fork: {}", std::strerror(errno));
  if (pid == 0) {
    setpgid(0, 0);
    int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    if (chdir(root_.c_str()) != 0) _exit(126);
    execle("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr), envp);
    _exit(127);
  }
  setpgid(pid, pid);
  close(fds[1]);
  CommandResult result;
  char buf[65536];
  for (bool open_pipe = true; open_pipe;) {
    double left = limits_.timeout_seconds - seconds_since(start);
    if (limits_.timeout_seconds > 0 && left <= 0) {
      result.timed_out = true;
      kill(-pid, SIGKILL);
      break;
    }
    pollfd pfd{fds[0], POLLIN, 0};
    int wait_ms = limits_.timeout_seconds > 0 ? static_cast<int>(std::min(left, 1.0) * 1000) + 1 : 1000;
    if (poll(&pfd, 1, wait_ms) <= 0) continue;
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n <= 0) {
      open_pipe = false;
      continue;
    }
    std::size_t room = limits_.output_cap - std::min(limits_.output_cap, result.output.size());
    result.output.append(buf, std::min<std::size_t>(room, static_cast<std::size_t>(n)));
    if (static_cast<std::size_t>(n) > room) result.truncated = true;
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  kill(-pid, SIGKILL);  // nothing the command started may outlive it
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  result.wall_seconds = seconds_since(start);
  return result;
}

}  // namespace spak::agent
