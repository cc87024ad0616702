#include "spak/tune/command.h"

#include <gtest/gtest.h>

#include "spak/util/error.h"

namespace spak::tune {
namespace {

using nlohmann::json;

TEST(CommandTemplate, FillsHolesShellQuoted) {
  CommandTemplate t("run --tile {{ tile }} --name {{name}} --x {{tile}}");
  EXPECT_EQ(t.holes(), (std::vector<std::string>{"tile", "name"}));
  EXPECT_EQ(t.fill({{"tile", json(64)}, {"name", json("it's a b")}}), "run --tile 64 --name 'it'\\''s a b' --x 64");
  EXPECT_EQ(t.fill({{"tile", json(0.5)}, {"name", json("ikj")}}), "run --tile 0.5 --name ikj --x 0.5");
}

TEST(CommandTemplate, BadHolesAreErrors) {
  EXPECT_THROW(CommandTemplate("run {{tile"), Error);
  EXPECT_THROW(CommandTemplate("run {{ }}"), Error);
  CommandTemplate t("run {{tiel}}");
  try {
    t.check_holes({"tile", "order"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "measure cmd: unknown hole {{tiel}} (known: tile, order)");
  }
  EXPECT_THROW(t.fill({}), Error);
}

TEST(ShellQuote, LeavesSafeTextAndQuotesTheRest) {
  EXPECT_EQ(shell_quote("build/spak-matmul-cpu"), "build/spak-matmul-cpu");
  EXPECT_EQ(shell_quote(""), "''");
  EXPECT_EQ(shell_quote("a;rm -rf /"), "'a;rm -rf /'");
  EXPECT_EQ(shell_quote("$(x)"), "'$(x)'");
}

TEST(EnvName, UpperCasesAndReplaces) {
  EXPECT_EQ(env_name("tile_m"), "SPAK_TILE_M");
  EXPECT_EQ(env_name("k-lat.v2"), "SPAK_K_LAT_V2");
}

}  // namespace
}  // namespace spak::tune
