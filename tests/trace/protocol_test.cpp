#include "spak/trace/protocol.h"

#include <gtest/gtest.h>

namespace {

using spak::trace::Correctness;
using spak::trace::Status;

spak::dsl::TraceField field(std::string name, std::string type, bool optional = false) {
  spak::dsl::TraceField f;
  f.name = std::move(name);
  f.type = std::move(type);
  f.optional = optional;
  return f;
}

spak::dsl::TraceCase trace_case(std::string name, std::vector<spak::dsl::TraceField> fields) {
  spak::dsl::TraceCase c;
  c.name = std::move(name);
  c.fields = std::move(fields);
  return c;
}

// The schema most examples use: Performance with a float, Correctness with a bool, and a case with list and
// domain-typed fields.
spak::dsl::TraceSchema gemm_schema() {
  spak::dsl::TraceVariant variant;
  variant.name = "TraceItem";
  variant.cases = {trace_case("Performance", {field("step_name", "string"), field("tflops", "float")}),
                   trace_case("Correctness", {field("passed", "bool"), field("max_error", "float", true)}),
                   trace_case("Profile", {field("regs", "int"), field("stages", "list[int]"), field("extra", "Tensor")})};
  spak::dsl::TraceSchema schema;
  schema.variants = {variant};
  return schema;
}

TEST(ParseOutput, SplitsTraceItemsFromTheLog) {
  auto parsed = spak::trace::parse_output(
      "warming up\n"
      "__SPAK_TRACE__{\"type\": \"Performance\", \"tflops\": 1.5}\n"
      "[rank0]: __SPAK_TRACE__   {\"type\": \"Correctness\", \"passed\": true}\r\n"
      "done");
  ASSERT_EQ(parsed.items.size(), 2u);
  EXPECT_EQ(parsed.items[0].line, 2);
  EXPECT_EQ(parsed.items[0].item["tflops"], 1.5);
  EXPECT_EQ(parsed.items[1].line, 3);
  EXPECT_TRUE(parsed.errors.empty());
  EXPECT_EQ(parsed.log, "warming up\ndone\n");
}

TEST(ParseOutput, ReportsMalformedJsonWithItsLineAndKeepsItInTheLog) {
  auto parsed = spak::trace::parse_output("a\n__SPAK_TRACE__{\"tflops\": 1.5\n__SPAK_TRACE__[1,2]\n__SPAK_TRACE__\n");
  ASSERT_EQ(parsed.errors.size(), 3u);
  EXPECT_TRUE(parsed.items.empty());
  EXPECT_EQ(parsed.errors[0].rfind("line 2: malformed trace JSON: ", 0), 0u) << parsed.errors[0];
  EXPECT_EQ(parsed.errors[0].find("json.exception"), std::string::npos) << parsed.errors[0];
  EXPECT_EQ(parsed.errors[1], "line 3: trace payload must be a JSON object, got list");
  EXPECT_EQ(parsed.errors[2], "line 4: trace marker with no JSON after it");
  EXPECT_EQ(parsed.log, "a\n__SPAK_TRACE__{\"tflops\": 1.5\n__SPAK_TRACE__[1,2]\n__SPAK_TRACE__\n");
}

TEST(ParseOutput, RejectsTrailingTextAfterTheObject) {
  auto parsed = spak::trace::parse_output("__SPAK_TRACE__{\"a\": 1} and more\n");
  EXPECT_TRUE(parsed.items.empty());
  ASSERT_EQ(parsed.errors.size(), 1u);
}

TEST(ValidateItem, AcceptsItemsThatFitAndExtraFields) {
  auto schema = gemm_schema();
  EXPECT_EQ(spak::trace::validate_item({{"type", "Performance"}, {"step_name", "s"}, {"tflops", 3}, {"x", 1}},
                                       schema),
            std::nullopt);
  EXPECT_EQ(spak::trace::validate_item({{"type", "TraceItem.Correctness"}, {"passed", false}}, schema),
            std::nullopt);
  EXPECT_EQ(spak::trace::validate_item(
                {{"type", "Profile"}, {"regs", 64}, {"stages", {2, 3}}, {"extra", {{"any", "thing"}}}}, schema),
            std::nullopt);
}

TEST(ValidateItem, NamesTheProblem) {
  auto schema = gemm_schema();
  EXPECT_EQ(spak::trace::validate_item({{"type", "Performance"}, {"step_name", "s"}}, schema, 4),
            "line 4: Performance item: missing field tflops");
  EXPECT_EQ(spak::trace::validate_item({{"type", "Performance"}, {"step_name", "s"}, {"tflops", "fast"}}, schema),
            "Performance item: field tflops must be float, got string (\"fast\")");
  EXPECT_EQ(spak::trace::validate_item({{"type", "Profile"}, {"regs", 1.5}, {"stages", {1}}, {"extra", 0}}, schema),
            "Profile item: field regs must be int, got float (1.5)");
  EXPECT_EQ(
      spak::trace::validate_item({{"type", "Profile"}, {"regs", 1}, {"stages", {1, "x"}}, {"extra", 0}}, schema),
      "Profile item: field stages must be list[int], got list ([1,\"x\"])");
  EXPECT_EQ(spak::trace::validate_item({{"type", "Perf"}}, schema),
            "unknown trace type \"Perf\" (expected one of: Performance, Correctness, Profile)");
  EXPECT_EQ(spak::trace::validate_item({{"tflops", 1}}, schema),
            "trace item has no string \"type\" field (expected one of: Performance, Correctness, Profile)");
  EXPECT_EQ(spak::trace::validate_item({{"type", "Correctness"}, {"passed", true}, {"max_error", nullptr}}, schema),
            std::nullopt);
}

TEST(ValidateItem, EmptySchemaAcceptsAnyObject) {
  EXPECT_EQ(spak::trace::validate_item({{"whatever", 1}}, {}), std::nullopt);
}

TEST(Correctness, FromPassedFields) {
  using spak::trace::TraceLine;
  EXPECT_EQ(spak::trace::correctness({{1, {{"type", "Performance"}}}}), Correctness::Unreported);
  EXPECT_EQ(spak::trace::correctness({{1, {{"passed", true}}}, {2, {{"passed", 1}}}}), Correctness::Passed);
  EXPECT_EQ(spak::trace::correctness({{1, {{"passed", true}}}, {2, {{"passed", false}}}}), Correctness::Failed);
  EXPECT_EQ(spak::trace::correctness({{1, {{"passed", "yes"}}}}), Correctness::Failed);
  EXPECT_TRUE(spak::trace::schema_has_correctness(gemm_schema()));
  EXPECT_FALSE(spak::trace::schema_has_correctness({}));
}

TEST(MetricValue, TakesTheLastMatchingItem) {
  std::vector<spak::trace::TraceLine> items = {
      {1, {{"type", "Performance"}, {"tflops", 1.0}}},
      {2, {{"type", "Performance"}, {"tflops", 2.0}}},
      {3, {{"type", "Other"}, {"tflops", 9.0}}},
      {4, {{"type", "Other"}, {"tflops", "n/a"}}},
  };
  EXPECT_EQ(spak::trace::metric_value(items, "tflops"), 9.0);
  EXPECT_EQ(spak::trace::metric_value(items, "Performance.tflops"), 2.0);
  EXPECT_EQ(spak::trace::metric_value(items, "TraceItem.Performance.tflops"), 2.0);
  EXPECT_EQ(spak::trace::metric_value(items, "gflops"), std::nullopt);
}

TEST(Judge, GivesEachStatusItsReason) {
  auto schema = gemm_schema();
  auto judge = [&](const std::string& output) {
    return spak::trace::judge(spak::trace::parse_output(output), schema, "Performance.tflops");
  };
  const std::string perf = "__SPAK_TRACE__{\"type\":\"Performance\",\"step_name\":\"g\",\"tflops\":7.5}\n";
  const std::string pass = "__SPAK_TRACE__{\"type\":\"Correctness\",\"passed\":true}\n";
  const std::string fail = "__SPAK_TRACE__{\"type\":\"Correctness\",\"passed\":false,\"max_error\":0.5}\n";

  auto ok = judge(perf + pass);
  EXPECT_EQ(ok.status, Status::Ok);
  EXPECT_EQ(ok.objective, 7.5);
  EXPECT_EQ(ok.reason, "");

  auto incorrect = judge(perf + fail);
  EXPECT_EQ(incorrect.status, Status::Incorrect);
  EXPECT_EQ(incorrect.objective, std::nullopt);
  EXPECT_NE(incorrect.reason.find("line 2: correctness check failed"), std::string::npos) << incorrect.reason;

  EXPECT_EQ(judge("nothing to see\n").status, Status::Invalid);
  EXPECT_EQ(judge("nothing to see\n").reason, "printed no __SPAK_TRACE__ line");
  EXPECT_EQ(judge(perf).status, Status::Invalid);  // the schema has correctness, the program did not report it
  EXPECT_EQ(judge(perf + pass + "__SPAK_TRACE__{oops\n").reason.rfind("line 3: malformed trace JSON", 0), 0u);
  EXPECT_EQ(judge(pass + "__SPAK_TRACE__{\"type\":\"Performance\",\"step_name\":\"g\"}\n").reason,
            "line 2: Performance item: missing field tflops");

  spak::dsl::TraceSchema loose;
  auto no_metric = spak::trace::judge(spak::trace::parse_output("__SPAK_TRACE__{\"gflops\":3}\n"), loose, "tflops");
  EXPECT_EQ(no_metric.status, Status::Invalid);
  EXPECT_EQ(no_metric.reason, "no trace item carries the metric tflops");
}

TEST(Status, NamesRoundTrip) {
  for (Status status : spak::trace::kAllStatuses) {
    EXPECT_EQ(spak::trace::parse_status(spak::trace::to_string(status)), status);
  }
  EXPECT_EQ(spak::trace::parse_status("weird"), std::nullopt);
}

}  // namespace
