// How expressions are parsed and evaluated: Python semantics for numbers, comparisons, logic and calls.

#include "spak/expr/expression.h"

#include <gtest/gtest.h>

#include <cmath>

namespace spak::expr {
namespace {

Value eval(std::string_view text, const Context& context = Context()) {
  return Expression::parse(text).evaluate(context);
}

/// Asserts `text` evaluates to exactly `want`: same type and same value.
void expect_value(std::string_view text, const Value& want, const Context& context = Context()) {
  Value got = eval(text, context);
  EXPECT_EQ(got.type(), want.type()) << text << " gave " << got.repr() << ", want " << want.repr();
  EXPECT_TRUE(got == want) << text << " gave " << got.repr() << ", want " << want.repr();
}

int error_column(std::string_view text, const Context& context = Context()) {
  try {
    eval(text, context);
  } catch (const ExprError& e) {
    return e.column();
  }
  ADD_FAILURE() << text << " did not fail";
  return -1;
}

std::string error_message(std::string_view text, const Context& context = Context()) {
  try {
    eval(text, context);
  } catch (const ExprError& e) {
    return e.message();
  }
  ADD_FAILURE() << text << " did not fail";
  return "";
}

TEST(Expression, IntArithmeticStaysInt) {
  expect_value("1 + 2 * 3", 7);
  expect_value("(1 + 2) * 3", 9);
  expect_value("2 ** 10", 1024);
  expect_value("2 ** 3 ** 2", 512);       // right-associative
  expect_value("-2 ** 2", -4);            // ** binds tighter than unary minus
  expect_value("1_000 * 2", 2000);
  expect_value("0x10", 16);
  expect_value("10 - 3 - 2", 5);
}

TEST(Expression, DivisionFollowsPython) {
  expect_value("7 / 2", 3.5);
  expect_value("6 / 3", 2.0);             // true division is always float
  expect_value("7 // 2", 3);
  expect_value("-7 // 2", -4);
  expect_value("7 // -2", -4);
  expect_value("-7 % 3", 2);
  expect_value("7 % -3", -2);
  expect_value("-7 % -3", -1);
  expect_value("7.5 // 2", 3.0);
  expect_value("-7.5 // 2", -4.0);
  expect_value("-7.5 % 2", 0.5);
  expect_value("2 ** -1", 0.5);
}

TEST(Expression, MixedIntFloat) {
  expect_value("1 + 2.5", 3.5);
  expect_value("1 == 1.0", true);
  expect_value("1 != 1.0", false);
  expect_value("2 < 2.5", true);
  expect_value("1e-3 * 1000", 1.0);
  expect_value("true + 1", 2);            // bools count as ints, as in Python
}

TEST(Expression, Comparisons) {
  expect_value("1 < 2 < 3", true);
  expect_value("1 < 3 < 2", false);
  expect_value("3 > 2 == 2", true);
  expect_value("'a' < 'b'", true);
  expect_value("'H100' == 'H100'", true);
  expect_value("'1' == 1", false);        // mixed types are unequal, never an error
  expect_value("null == null", true);
  expect_value("[1, 2] == [1, 2.0]", true);
}

TEST(Expression, ChainedComparisonEvaluatesMiddleOnce) {
  // If the middle operand were evaluated twice, a failing right side would still short-circuit correctly;
  // what matters is that a false first link stops before the second link is evaluated.
  expect_value("2 < 1 < undefined_name", false);
}

TEST(Expression, LogicShortCircuitsAndReturnsOperands) {
  expect_value("true and false", false);
  expect_value("true && true", true);
  expect_value("false || true", true);
  expect_value("!true", false);
  expect_value("not 0", true);
  expect_value("0 or 64", 64);            // Python returns the deciding operand
  expect_value("'' and 1", std::string());
  expect_value("false and undefined_name", false);
  expect_value("true or undefined_name", true);
  expect_value("not 1 == 2", true);       // not binds looser than ==
}

TEST(Expression, Conditional) {
  Context c;
  c.set("causal", true);
  expect_value("5 if causal else 4", 5, c);
  c.set("causal", false);
  expect_value("5 if causal else 4", 4, c);
  expect_value("1 if false else 2 if false else 3", 3);
  expect_value("undefined_name if false else 7", 7);
}

TEST(Expression, Membership) {
  Context c;
  c.set("device", "H100");
  expect_value("device in ['H100', 'H200']", true, c);
  expect_value("device not in ['A100']", true, c);
  expect_value("'100' in device", true, c);
  expect_value("3 in [1, 2.0, 3.0]", true);
  Context m;
  m.set("m", Map{{"b", 1}});
  expect_value("'a' in m", false, m);
  expect_value("'b' in m", true, m);
}

TEST(Expression, Calls) {
  expect_value("min(3, 1, 2)", 1);
  expect_value("max([4, 9, 2])", 9);
  expect_value("max(1, 2.5)", 2.5);
  expect_value("abs(-3)", 3);
  expect_value("abs(-2.5)", 2.5);
  expect_value("log2(1024)", 10.0);
  expect_value("ceil(2.1)", 3);
  expect_value("floor(-2.1)", -3);
  expect_value("ceil(7 / 2)", 4);
  expect_value("len('한국')", 2);        // code points, not bytes
  expect_value("len([1, 2, 3])", 3);
  expect_value("sqrt(16)", 4.0);
  expect_value("round(2.5)", 2);          // halves to even
  expect_value("round(3.5)", 4);
  expect_value("round(2.675, 1)", 2.7);
  expect_value("int(3.9)", 3);
  expect_value("int('42')", 42);
  expect_value("float(2)", 2.0);
}

TEST(Expression, ListsStringsAndIndexing) {
  expect_value("[1, 2, 3][-1]", 3);
  expect_value("'abc'[0]", std::string("a"));
  expect_value("'a' + 'b'", std::string("ab"));
  expect_value("[1] + [2]", Value(List{1, 2}));
  expect_value("[]", Value(List{}));
  expect_value("[1, 2,]", Value(List{1, 2}));  // trailing comma
  expect_value("\"it's\"", std::string("it's"));
  expect_value("'a\\'b'", std::string("a'b"));
}

TEST(Expression, Literals) {
  expect_value("true", true);
  expect_value("True", true);
  expect_value("None", Value());
  expect_value("null", Value());
  expect_value("1e3", 1000.0);
  expect_value(".5", 0.5);
  expect_value("0.99", 0.99);
}

TEST(Expression, DottedNamesResolveWholeOrThroughMaps) {
  Context c;
  c.set("t.utilization", 0.4);
  c.set("Performance", Map{{"tflops", 612.0}, {"detail", Map{{"sm", 132}}}});
  expect_value("t.utilization < 0.6", true, c);
  expect_value("Performance.tflops", 612.0, c);
  expect_value("Performance.detail.sm", 132, c);
  expect_value("Performance['tflops']", 612.0, c);
}

TEST(Expression, NamesInFirstUseOrder) {
  Expression e = Expression::parse("tile_m * tile_n <= limit and tile_m > 0 and t.x");
  EXPECT_EQ(e.names(), (std::vector<std::string>{"tile_m", "tile_n", "limit", "t.x"}));
  EXPECT_EQ(e.text(), "tile_m * tile_n <= limit and tile_m > 0 and t.x");
}

TEST(Expression, EvaluatesManyTimesWithChangingContext) {
  Expression e = Expression::parse("tile_m * tile_n <= 16384");
  Context c;
  int accepted = 0;
  for (int m : {16, 32, 64, 128, 256})
    for (int n : {16, 32, 64, 128, 256}) {
      c.set("tile_m", m);
      c.set("tile_n", n);
      accepted += e.test(c);
    }
  EXPECT_EQ(accepted, 22);  // all 25 pairs but 128x256, 256x128 and 256x256
}

TEST(Expression, ContextChainsToParent) {
  Context shared;
  shared.set("device", "H100");
  shared.set("tile", 64);
  Context config(&shared);
  config.set("tile", 128);  // shadows the parent without changing it
  expect_value("device == 'H100' and tile == 128", true, config);
  expect_value("tile", 64, shared);
}

TEST(ExpressionErrors, DivisionByZeroIsAnErrorAtTheOperator) {
  EXPECT_EQ(error_column("1 / 0"), 3);
  EXPECT_EQ(error_column("10 // (2 - 2)"), 4);
  EXPECT_EQ(error_column("5 % 0"), 3);
  EXPECT_EQ(error_column("1.0 / 0.0"), 5);
  EXPECT_EQ(error_message("1 / 0"), "division by zero");
}

TEST(ExpressionErrors, IntegerOverflowIsReported) {
  EXPECT_NE(error_message("9223372036854775807 + 1").find("overflow"), std::string::npos);
  EXPECT_NE(error_message("2 ** 64").find("overflow"), std::string::npos);
  EXPECT_NE(error_message("99999999999999999999").find("too large"), std::string::npos);
}

TEST(ExpressionErrors, UnknownNameIsNamedWithSuggestion) {
  Context c;
  c.set("device", "H100");
  c.set("causal", true);
  EXPECT_EQ(error_message("devic == 'H100'", c), "unknown name 'devic' (did you mean 'device'?)");
  EXPECT_EQ(error_column("causal and zzz", c), 12);
  EXPECT_EQ(error_message("zzz", c), "unknown name 'zzz'; known names: device, causal");
  EXPECT_EQ(error_message("zzz"), "unknown name 'zzz' (no names are defined)");
}

TEST(ExpressionErrors, MissingMapMember) {
  Context c;
  c.set("t", Map{{"utilization", 0.5}});
  EXPECT_EQ(error_message("t.utilisation", c), "'t' has no member 'utilisation' (did you mean 'utilization'?)");
  c.set("n", 3);
  EXPECT_EQ(error_message("n.x", c), "'n' is int 3, which has no member 'x'");
}

TEST(ExpressionErrors, TypeMismatchesNameBothSides) {
  EXPECT_EQ(error_message("'a' - 1"), "cannot apply '-' to string 'a' and int 1");
  EXPECT_EQ(error_message("'a' < 1"), "cannot order string 'a' and int 1 with '<'");
  EXPECT_EQ(error_message("1 in 2"),
            "'in' needs a list, a string (for a substring) or a map (for a key) on its right, got int 2");
  EXPECT_EQ(error_message("log2(0)"), "log2() needs a positive number, got 0");
  EXPECT_EQ(error_message("len(3)"), "len() needs a string, list or map, got int 3");
  EXPECT_EQ(error_message("[1][5]"), "index 5 is out of range for a list of length 1");
}

TEST(ExpressionErrors, ParseErrorsCarryColumnAndActionableMessage) {
  EXPECT_EQ(error_message("(1 + 2"), "expected ')' to close the '(' at column 1, found the end of the expression");
  EXPECT_EQ(error_column("(1 + 2"), 7);
  EXPECT_EQ(error_message("1 +"), "expected a value after '+', found the end of the expression");
  EXPECT_EQ(error_column("a = 1"), 3);
  EXPECT_EQ(error_message("a = 1"), "'=' assigns, it does not compare; write '==' to test equality");
  EXPECT_EQ(error_message("foo(1)"),
            "unknown function 'foo'; the functions are min, max, abs, log2, ceil, floor, len, sqrt, round, int, "
            "float");
  EXPECT_EQ(error_message("abs(1, 2)"), "abs() takes 1 argument, got 2");
  EXPECT_EQ(error_message("min()"), "min() takes at least 1 argument, got 0");
  EXPECT_EQ(error_message("'abc"), "string starting at column 1 is not closed; add the closing '");
  EXPECT_EQ(error_message("1 if x"), "expected 'else' to complete the 'if' at column 3 (a if condition else b), "
                                     "found the end of the expression");
  EXPECT_EQ(error_message(""), "empty expression");
  EXPECT_EQ(error_message("a & b"), "unexpected '&'; write 'and' (or '&&') for a logical and");
  EXPECT_EQ(error_message("1__0"), "'_' in a number must stand between two decimal digits");
  EXPECT_EQ(error_message("[1, 2"), "expected ',' or ']' to close the '[' at column 1, found the end of the expression");
  EXPECT_EQ(error_message("1)"), "')' has no matching opening bracket");
}

TEST(ExpressionErrors, ColumnsCountCodePoints) {
  // '한국' is 8 bytes but 4 columns including quotes, so the unknown name stands at column 16.
  EXPECT_EQ(error_column("'한국' == 'x' or zz"), 16);
  EXPECT_EQ(error_message("x → y"), "unexpected character '→'");
  EXPECT_EQ(error_column("x → y"), 3);
}

TEST(ExpressionErrors, WhatIncludesTheColumn) {
  try {
    Expression::parse("(1");
    FAIL();
  } catch (const ExprError& e) {
    EXPECT_STREQ(e.what(), "column 3: expected ')' to close the '(' at column 1, found the end of the expression");
  }
}

TEST(IsExpression, TellsExpressionsFromNaturalLanguage) {
  EXPECT_TRUE(is_expression("device == 'H100' and causal"));
  EXPECT_TRUE(is_expression("num_heads % num_head_kv == 0"));
  EXPECT_TRUE(is_expression("causal"));
  EXPECT_FALSE(is_expression("Swizzle tiles for L2 reuse."));
  EXPECT_FALSE(is_expression("Use 128x128 tiles on H100"));
  EXPECT_FALSE(is_expression("Maximize SM occupancy."));
  EXPECT_FALSE(is_expression("when the kernel is memory-bound, prefer larger tiles"));
  EXPECT_FALSE(is_expression(""));
  EXPECT_FALSE(is_expression("타일을 키운다"));
}

TEST(IsExpression, TryParseReportsWhy) {
  ExprError why;
  EXPECT_FALSE(Expression::try_parse("Use TMA", &why).has_value());
  EXPECT_EQ(why.column(), 5);
  EXPECT_EQ(why.message(), "unexpected 'TMA' after a complete expression (missing operator?)");
  EXPECT_TRUE(Expression::try_parse("1 + 1", &why).has_value());
}

}  // namespace
}  // namespace spak::expr
