#include "spak/agent/template.h"

#include <gtest/gtest.h>

#include "spak/util/error.h"

namespace spak::agent {
namespace {

TEST(Template, FillsNamesMembersAndOneBasedIndices) {
  nlohmann::json scope{{"code", "x+=1"}, {"sweep", {{"best", {{"tile", 64}}}}}, {"axiom", {"first", "second"}}};
  Template t("{{code}} / {{ sweep.best.tile }} / {{axiom.1}} {{axiom.2}}");
  EXPECT_EQ(t.render(scope), "x+=1 / 64 / first second");
  EXPECT_EQ(t.holes(), (std::vector<std::string>{"code", "sweep.best.tile", "axiom.1", "axiom.2"}));
}

TEST(Template, UnknownHolesAndBadTextAreErrors) {
  EXPECT_THROW(Template("{{nope}}").render(nlohmann::json::object()), Error);
  EXPECT_THROW(Template("{{axiom.3}}").render({{"axiom", {"a"}}}), Error);
  // An index past size_t is a hole that resolves to nothing, not an out-of-range abort.
  EXPECT_THROW(Template("{{axiom.99999999999999999999999}}").render({{"axiom", {"a"}}}), Error);
  EXPECT_EQ(lookup({{"axiom", {"a"}}}, "axiom.18446744073709551616"), nullptr);
  EXPECT_THROW(Template("{{open"), Error);
  EXPECT_THROW(Template("{{ }}"), Error);
}

TEST(Template, ShellRenderingQuotesValues) {
  EXPECT_EQ(Template("echo {{x}}").render({{"x", "a; rm -rf ~"}}, true), "echo 'a; rm -rf ~'");
  EXPECT_EQ(Template("echo {{x}}").render({{"x", 42}}, true), "echo 42");
}

TEST(Template, AWholeDottedNameWinsOverMembers) {
  EXPECT_EQ(Template("{{device.name}}").render({{"device.name", "H100"}}), "H100");
  EXPECT_TRUE(hole_known("device.name", {"device.name"}));
  EXPECT_TRUE(hole_known("sweep.best", {"sweep"}));
  EXPECT_FALSE(hole_known("summary", {"sweep"}));
}

}  // namespace
}  // namespace spak::agent
