// ConfigCheck: constraints and invariants together decide whether a configuration may run.

#include "spak/knowledge/config_check.h"

#include <gtest/gtest.h>

#include "system_fixture.h"

namespace spak::knowledge {
namespace {

using testing::context_of;
using testing::system_from;

const char* kSystem = R"(
system S {
  tuning_space { tile_m: [64, 128, 256]  tile_n: [64, 128, 256] }
  constraints {
    "tile_m * tile_n <= limit"
    "tiles should be square-ish"
  }
  knowledge { invariant Even { assert: "tile_m % 128 == 0 or tile_m == 64" } }
}
)";

TEST(ConfigCheck, ConstraintsReadTheBaseContext) {
  dsl::System s = system_from(kSystem);
  expr::Context base = context_of({{"limit", "16384"}});
  ConfigCheck check(s, &base);
  EXPECT_FALSE(check.why_invalid(nlohmann::json{{"tile_m", 128}, {"tile_n", 128}}).has_value());
  EXPECT_EQ(check.why_invalid(nlohmann::json{{"tile_m", 256}, {"tile_n", 128}}).value(),
            "constraint \"tile_m * tile_n <= limit\" is false (tile_m = 256, tile_n = 128, limit = 16384)");
  EXPECT_EQ(check.unchecked(), std::vector<std::string>{"constraint: tiles should be square-ish"});
}

TEST(ConfigCheck, InvariantsAreCheckedAfterConstraints) {
  dsl::System s = system_from(kSystem);
  expr::Context base = context_of({{"limit", "100000"}});
  ConfigCheck check(s, &base);
  EXPECT_EQ(check.why_invalid(nlohmann::json{{"tile_m", 96}, {"tile_n", 64}}).value(),
            "invariant Even: `tile_m % 128 == 0 or tile_m == 64` is false (tile_m = 96)");
}

TEST(ConfigCheck, MissingNameRejectsWithTheReason) {
  ConfigCheck check(system_from(kSystem));
  EXPECT_EQ(check.why_invalid(nlohmann::json{{"tile_m", 64}, {"tile_n", 64}}).value(),
            "constraint \"tile_m * tile_n <= limit\" cannot be evaluated: column 20: unknown name 'limit'; known "
            "names: tile_m, tile_n");
}

}  // namespace
}  // namespace spak::knowledge
