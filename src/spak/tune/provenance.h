#pragma once
// What a run records about where it came from, so `spak compound` can say which code version a fact measured:
// the git commit of the DSL file's repository and whether its working tree had uncommitted changes, the spak
// version, and the host. A DSL file outside a git repository (or no git installed) simply has no commit.

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace spak::tune {

/// {"commit": sha, "commit_dirty": bool (both absent outside a repository), "spak_version": "0.1.0",
/// "host": host}: the keys a run's settings get.
nlohmann::json run_provenance(const std::filesystem::path& dsl_path, const std::string& host);

}  // namespace spak::tune
