#pragma once
// Helpers every test suite shares: a fresh scratch directory and the message of an expected spak::Error.

#include <unistd.h>

#include <filesystem>
#include <functional>
#include <string>

#include "spak/util/error.h"

namespace spak::test_support {

/// An empty directory under the system temp dir, unique to this process and `tag` (emptied if it existed).
inline std::filesystem::path fresh_dir(const std::string& tag) {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("spak_test_" + tag + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

/// The message of the spak::Error that `body` throws, or "(no error)" when it throws none.
inline std::string error_of(const std::function<void()>& body) {
  try {
    body();
  } catch (const spak::Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace spak::test_support
