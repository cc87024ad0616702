// How `name = expr` and `select name = expr` statements are parsed.

#include "spak/expr/statement.h"

#include <gtest/gtest.h>

namespace spak::expr {
namespace {

TEST(Statement, Assignment) {
  Statement s = Statement::parse("k_load_latency = 2");
  EXPECT_EQ(s.kind, Statement::Kind::Assign);
  EXPECT_EQ(s.target, "k_load_latency");
  EXPECT_EQ(s.target_column, 1);
  EXPECT_TRUE(s.value.evaluate(Context()) == Value(2));
  EXPECT_EQ(s.describe_target(), "k_load_latency");
}

TEST(Statement, ConditionalValue) {
  Statement s = Statement::parse("v_load_latency = 5 if causal else 4");
  Context c;
  c.set("causal", false);
  EXPECT_TRUE(s.value.evaluate(c) == Value(4));
  EXPECT_EQ(s.value.names(), std::vector<std::string>{"causal"});
  EXPECT_EQ(s.value.text(), "5 if causal else 4");
}

TEST(Statement, Select) {
  Statement s = Statement::parse("select attention_variant = 'GQA'");
  EXPECT_EQ(s.kind, Statement::Kind::Select);
  EXPECT_EQ(s.target, "attention_variant");
  EXPECT_EQ(s.target_column, 8);
  EXPECT_EQ(s.describe_target(), "select attention_variant");
  EXPECT_TRUE(s.value.evaluate(Context()) == Value("GQA"));
}

TEST(Statement, SelectIsAnOrdinaryNameElsewhere) {
  Statement s = Statement::parse("select = 3");
  EXPECT_EQ(s.kind, Statement::Kind::Assign);
  EXPECT_EQ(s.target, "select");
}

TEST(Statement, DottedTarget) { EXPECT_EQ(Statement::parse("tile.m = 64").target, "tile.m"); }

TEST(Statement, ColumnsCountFromTheStatementStart) {
  try {
    Statement::parse("x = 1 +");
    FAIL();
  } catch (const ExprError& e) {
    EXPECT_EQ(e.column(), 8);
  }
  try {
    Statement::parse("x = 한 + y").value.evaluate(Context());
    FAIL();
  } catch (const ExprError& e) {
    EXPECT_EQ(e.column(), 5);  // the lexer rejects the Korean character where it stands
  }
  try {
    Statement::parse("x = 1 + yy").value.evaluate(Context());
    FAIL();
  } catch (const ExprError& e) {
    EXPECT_EQ(e.column(), 9);
  }
}

TEST(Statement, NotAStatement) {
  ExprError why;
  EXPECT_FALSE(Statement::try_parse("Prefer larger tiles when memory-bound", &why).has_value());
  EXPECT_EQ(why.message(), "expected '=' after 'Prefer' (name = value), found 'larger'");
  EXPECT_FALSE(Statement::try_parse("x == 2", &why).has_value());
  EXPECT_EQ(why.message(),
            "expected '=' after 'x' (name = value), found '=='; '==' compares, a statement assigns with '='");
  EXPECT_FALSE(Statement::try_parse("3 = x", &why).has_value());
  EXPECT_EQ(why.message(), "expected a name to assign (name = value), found '3'");
  EXPECT_FALSE(Statement::try_parse("x = ", &why).has_value());
  EXPECT_EQ(why.message(), "expected a value after '=', found the end of the expression");
}

}  // namespace
}  // namespace spak::expr
