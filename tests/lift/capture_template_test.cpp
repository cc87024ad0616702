#include "spak/lift/capture_template.h"

#include <gtest/gtest.h>

namespace spak::lift {
namespace {

TEST(CaptureTemplate, ExpandsGroupsModifiersAndDefaults) {
  Captures c = {{"tensor", "K"}, {"value", ""}};
  EXPECT_EQ(expand_template("${tensor:lower}_load_latency", c), "k_load_latency");
  EXPECT_EQ(expand_template("${tensor:upper}${tensor}", c), "KK");
  EXPECT_EQ(expand_template("${value|full}", c), "full");
  EXPECT_EQ(expand_template("${missing}x", c), "x");
  EXPECT_EQ(expand_template("plain ${unterminated", c), "plain ${unterminated");
}

TEST(CaptureTemplate, ListsTheGroupsItNames) {
  EXPECT_EQ(template_groups("${a:lower} % ${b|2} == 0"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(template_groups("no groups").empty());
}

}  // namespace
}  // namespace spak::lift
