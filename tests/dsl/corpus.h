#pragma once
// The .dsl files every property test runs on: examples/*.dsl and tests/dsl/data/*.dsl.

#include <algorithm>
#include <filesystem>
#include <vector>

namespace spak::dsl::testing {

inline std::vector<std::filesystem::path> corpus() {
  std::vector<std::filesystem::path> files;
  for (const char* dir : {"/examples", "/tests/dsl/data"})
    for (const auto& entry : std::filesystem::directory_iterator(std::string(SPAK_SOURCE_DIR) + dir))
      if (entry.path().extension() == ".dsl") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace spak::dsl::testing
