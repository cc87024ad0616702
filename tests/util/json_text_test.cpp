#include "spak/util/json_text.h"

#include <gtest/gtest.h>

namespace {

using nlohmann::json;

TEST(JsonText, StringsAreUnquoted) {
  EXPECT_EQ(spak::json_text(json("ikj")), "ikj");
  EXPECT_EQ(spak::json_text(json("it's \"a\" b")), "it's \"a\" b");
  EXPECT_EQ(spak::json_text(json("")), "");
}

TEST(JsonText, OtherValuesAreCompactJson) {
  EXPECT_EQ(spak::json_text(json(64)), "64");
  EXPECT_EQ(spak::json_text(json(0.5)), "0.5");
  EXPECT_EQ(spak::json_text(json(1e-5)), "1e-05");
  EXPECT_EQ(spak::json_text(json(true)), "true");
  EXPECT_EQ(spak::json_text(json(nullptr)), "null");
  EXPECT_EQ(spak::json_text(json::array({1, "a"})), "[1,\"a\"]");
  EXPECT_EQ(spak::json_text(json{{"bm", 128}}), "{\"bm\":128}");
}

TEST(ConfigText, KeyValuePairsOnOneLine) {
  EXPECT_EQ(spak::config_text(json{{"tile_m", 64}, {"order", "ikj"}}), "order=ikj tile_m=64");
  EXPECT_EQ(spak::config_text(json::object()), "(no parameters)");
  EXPECT_EQ(spak::config_text(json(3)), "3");
}

}  // namespace
