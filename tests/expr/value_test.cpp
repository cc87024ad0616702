// Values: typing of `--set` text, JSON round trips, Python equality and truthiness, and how values print.

#include "spak/expr/value.h"

#include <gtest/gtest.h>

#include "spak/expr/error.h"

namespace spak::expr {
namespace {

TEST(ParseValueText, TypesLiteralsAndKeepsTheRestAsText) {
  EXPECT_EQ(parse_value_text("64").type(), Value::Type::Int);
  EXPECT_EQ(parse_value_text("-1").as_int(), -1);
  EXPECT_EQ(parse_value_text("1e-5").type(), Value::Type::Float);
  EXPECT_EQ(parse_value_text("0.99").as_float(), 0.99);
  EXPECT_EQ(parse_value_text("1_000").as_int(), 1000);
  EXPECT_TRUE(parse_value_text("true").as_bool());
  EXPECT_TRUE(parse_value_text("null").is_null());
  EXPECT_EQ(parse_value_text("'quoted text'").as_string(), "quoted text");
  EXPECT_TRUE(parse_value_text("[1, -2, 'a']") == Value(List{1, -2, "a"}));
  EXPECT_EQ(parse_value_text("H100").as_string(), "H100");
  EXPECT_EQ(parse_value_text("row-major").as_string(), "row-major");       // not row minus major
  EXPECT_EQ(parse_value_text("2024-01-01").as_string(), "2024-01-01");     // not arithmetic
  EXPECT_EQ(parse_value_text("NVIDIA H100 80GB HBM3").as_string(), "NVIDIA H100 80GB HBM3");
  EXPECT_EQ(parse_value_text("  7 ").as_int(), 7);
  EXPECT_EQ(parse_value_text("").as_string(), "");
}

TEST(Value, JsonRoundTrip) {
  auto json = nlohmann::json::parse(R"({"a": 1, "b": [true, 2.5, "x", null], "c": {"d": -3}})");
  Value v = Value::from_json(json);
  ASSERT_TRUE(v.is_map());
  EXPECT_EQ(v.as_map().at("a").type(), Value::Type::Int);
  EXPECT_EQ(v.as_map().at("b").as_list()[1].as_float(), 2.5);
  EXPECT_EQ(v.to_json(), json);
}

TEST(Value, EqualityAcrossNumericTypes) {
  EXPECT_TRUE(Value(1) == Value(1.0));
  EXPECT_TRUE(Value(true) == Value(1));
  EXPECT_FALSE(Value("1") == Value(1));
  EXPECT_FALSE(Value() == Value(0));
}

TEST(Value, Truthiness) {
  EXPECT_FALSE(Value().truthy());
  EXPECT_FALSE(Value(0).truthy());
  EXPECT_FALSE(Value(0.0).truthy());
  EXPECT_FALSE(Value("").truthy());
  EXPECT_FALSE(Value(List{}).truthy());
  EXPECT_TRUE(Value("x").truthy());
  EXPECT_TRUE(Value(-1).truthy());
}

TEST(Value, Repr) {
  EXPECT_EQ(Value(2.0).repr(), "2.0");
  EXPECT_EQ(Value(0.1).repr(), "0.1");
  EXPECT_EQ(Value(64).repr(), "64");
  EXPECT_EQ(Value("it's").repr(), "'it\\'s'");
  EXPECT_EQ(Value("H100").str(), "H100");
  EXPECT_EQ(Value(List{1, "a"}).repr(), "[1, 'a']");
  EXPECT_EQ(Value(Map{{"k", true}}).repr(), "{'k': true}");
}

TEST(Value, WrongTypeAccessThrowsAUserError) {
  try {
    Value("x").as_int();
    FAIL();
  } catch (const ExprError& e) {
    EXPECT_EQ(e.message(), "expected an int, got string 'x'");
  }
}

}  // namespace
}  // namespace spak::expr
