#pragma once
// Test helpers for the lifter: the fixture kernels under tests/lift/fixtures, the line numbers of their text
// (found by content, so the expected line is computed independently of the lifter), and lookups in a result.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "spak/lift/lift_result.h"
#include "spak/lift/pattern_db.h"
#include "spak/util/file_io.h"

namespace spak::lift::testing {

inline std::string fixture_path(const std::string& name) {
  return std::string(SPAK_SOURCE_DIR) + "/tests/lift/fixtures/" + name;
}

inline const PatternDb& repository_db() {
  static const PatternDb db = load_pattern_db(std::string(SPAK_SOURCE_DIR) + "/patterns");
  return db;
}

/// Every 1-based line of fixture `name` that contains `needle`.
inline std::vector<int> lines_of(const std::string& name, const std::string& needle) {
  std::istringstream in(read_file(fixture_path(name)));
  std::vector<int> lines;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n)
    if (line.find(needle) != std::string::npos) lines.push_back(n);
  return lines;
}

/// The one line of fixture `name` containing `needle` (fails the test when there is not exactly one).
inline int line_of(const std::string& name, const std::string& needle) {
  std::vector<int> lines = lines_of(name, needle);
  EXPECT_EQ(lines.size(), 1u) << "fixture " << name << " should contain [" << needle << "] exactly once";
  return lines.empty() ? -1 : lines.front();
}

template <typename T>
const T* named(const std::vector<T>& items, const std::string& name) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& item) { return item.name == name; });
  return it == items.end() ? nullptr : &*it;
}

inline bool cites(const std::vector<Evidence>& evidence, int line) {
  return std::any_of(evidence.begin(), evidence.end(), [&](const Evidence& e) { return e.line == line; });
}

inline std::vector<int> cited_lines(const std::vector<Evidence>& evidence) {
  std::vector<int> lines;
  for (const Evidence& e : evidence) lines.push_back(e.line);
  return lines;
}

}  // namespace spak::lift::testing
