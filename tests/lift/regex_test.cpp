#include "spak/lift/regex.h"

#include <gtest/gtest.h>

#include "spak/util/error.h"

namespace spak::lift {
namespace {

TEST(Regex, FindsEveryMatchWithNamedGroupsByOffset) {
  Regex re(R"(#define\s+(?<name>\w+)\s+(?<value>\d+))");
  std::string text = "#define A 1\n#define B 22\n";
  auto matches = re.find_all(text);
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(matches[1].groups.at("name").begin, 20u);
  EXPECT_EQ(text.substr(matches[1].groups.at("value").begin, 2), "22");
  EXPECT_TRUE(re.has_group("value"));
  EXPECT_FALSE(re.has_group("other"));
}

TEST(Regex, GroupsThatDidNotTakePartAreAbsent) {
  Regex re(R"(unroll(?:\s+(?<factor>\d+))?)");
  auto m = re.find("#pragma unroll");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->groups.count("factor"), 0u);
}

TEST(Regex, MultilineAnchorsAndEmptyMatchesTerminate) {
  EXPECT_EQ(Regex("^x").find_all("x\nx\ny").size(), 2u);
  EXPECT_EQ(Regex("a*").find_all("bab").size(), 4u);  // "", "a", "", "" at the end
}

TEST(Regex, CompileErrorSaysWhere) {
  try {
    Regex bad("(unclosed");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("regex error at offset"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace spak::lift
