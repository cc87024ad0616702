#pragma once
// Builds a dsl::System from DSL text for knowledge tests, failing the test on any DSL error.

#include <gtest/gtest.h>

#include <string>

#include "spak/dsl/load.h"
#include "spak/expr/context.h"
#include "spak/expr/value.h"

namespace spak::knowledge::testing {

inline dsl::System system_from(const std::string& text) {
  dsl::LoadResult loaded = dsl::load_string(text, "test.dsl");
  EXPECT_TRUE(loaded.ok()) << loaded.render_diagnostics();
  if (loaded.document.systems.empty()) {
    ADD_FAILURE() << "no system in the test text";
    return {};
  }
  return loaded.document.systems.front();
}

/// A context from `name=value` pairs typed like --set.
inline expr::Context context_of(std::initializer_list<std::pair<const char*, const char*>> values) {
  expr::Context c;
  for (const auto& [name, value] : values) c.set(name, expr::parse_value_text(value));
  return c;
}

}  // namespace spak::knowledge::testing
