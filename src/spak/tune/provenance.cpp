#include "spak/tune/provenance.h"

#include <cstdio>
#include <optional>

#include "spak/tune/command.h"

namespace spak::tune {
namespace {

// The standard output of a git command run in `dir`, trimmed; nullopt when git fails (not a repository,
// no git). Its stderr is discarded: a DSL file outside a repository is normal.
std::optional<std::string> git_output(const std::filesystem::path& dir, const std::string& args) {
  const std::string command = "git -C " + shell_quote(dir.string()) + " " + args + " 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return std::nullopt;
  std::string out;
  char buffer[4096];
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  if (pclose(pipe) != 0) return std::nullopt;
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace

nlohmann::json run_provenance(const std::filesystem::path& dsl_path, const std::string& host) {
  nlohmann::json p = {{"spak_version", SPAK_VERSION}, {"host", host}};
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::absolute(dsl_path, ec).parent_path();
  if (auto commit = git_output(dir, "rev-parse HEAD"); commit && !commit->empty()) {
    p["commit"] = *commit;
    // Dirty: tracked files of the repository differ from the commit (untracked files do not count).
    auto status = git_output(dir, "status --porcelain --untracked-files=no");
    p["commit_dirty"] = !status || !status->empty();
  }
  return p;
}

}  // namespace spak::tune
