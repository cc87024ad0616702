// The Context: a name table with overwrite-in-place, parent chaining and insertion-ordered listing.

#include "spak/expr/context.h"

#include <gtest/gtest.h>

#include <string>

namespace spak::expr {
namespace {

TEST(Context, SetFindOverwrite) {
  Context c;
  EXPECT_EQ(c.find("x"), nullptr);
  c.set("x", 1);
  c.set("x", 2);
  ASSERT_NE(c.find("x"), nullptr);
  EXPECT_EQ(c.find("x")->as_int(), 2);
  EXPECT_EQ(c.size(), 1u);
}

TEST(Context, ManyNamesSurviveRehashing) {
  Context c;
  for (int i = 0; i < 1000; ++i) c.set("name" + std::to_string(i), i);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(c.find("name" + std::to_string(i))->as_int(), i);
  EXPECT_EQ(c.find("name1000"), nullptr);
}

TEST(Context, EraseAndNamesOrder) {
  Context parent;
  parent.set("a", 1);
  parent.set("b", 2);
  Context child(&parent);
  child.set("c", 3);
  child.set("a", 10);
  EXPECT_EQ(child.names(), (std::vector<std::string>{"c", "a", "b"}));
  EXPECT_TRUE(child.erase("a"));
  EXPECT_FALSE(child.erase("a"));
  EXPECT_EQ(child.find("a")->as_int(), 1);  // the parent's value shows through again
  EXPECT_EQ(child.find("c")->as_int(), 3);
}

}  // namespace
}  // namespace spak::expr
