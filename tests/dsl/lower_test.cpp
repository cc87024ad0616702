// Lowering: every construct of DSL.md reaches its typed place in the IR (examples/ are the inputs).

#include "spak/dsl/lower.h"

#include <gtest/gtest.h>

#include "spak/dsl/load.h"

namespace spak::dsl {
namespace {

LoadResult example(const std::string& name) {
  LoadResult r = load_file(std::string(SPAK_SOURCE_DIR) + "/examples/" + name);
  EXPECT_TRUE(r.ok()) << r.render_diagnostics();
  return r;
}

std::size_t warnings(const LoadResult& r) {
  std::size_t n = 0;
  for (auto& d : r.diagnostics) n += d.severity == Diagnostic::Severity::Warning;
  return n;
}

TEST(Lower, ClassicDialect) {
  LoadResult r = example("classic_task.dsl");
  EXPECT_EQ(warnings(r), 0u) << r.render_diagnostics();
  ASSERT_EQ(r.document.system_models.size(), 1u);
  const SystemModel& m = r.document.system_models[0];
  EXPECT_EQ(m.name, "KernelOptimizer");
  EXPECT_EQ(m.axioms.size(), 2u);
  EXPECT_EQ(m.heuristics, std::vector<std::string>{"Swizzle tiles for L2 reuse."});
  ASSERT_EQ(r.document.tasks.size(), 1u);
  const Task& t = r.document.tasks[0];
  ASSERT_EQ(t.steps.size(), 3u);
  EXPECT_EQ(t.steps[0].id, "load");
  EXPECT_EQ(t.steps[0].action, "tool.read");
  EXPECT_EQ(t.steps[0].args.size(), 2u);
  EXPECT_EQ(t.steps[1].args[1].key, "prompt_template");
  EXPECT_NE(t.steps[1].args[1].value.get<std::string>().find("{{device.name}}"), std::string::npos);
  EXPECT_EQ(t.steps[2].name, "Rewrite");
  EXPECT_EQ(t.steps[2].action, "llm.query");
  ASSERT_EQ(t.steps[2].fields.size(), 1u);
  EXPECT_EQ(t.steps[2].fields[0].key, "retries");
  ASSERT_EQ(t.checks.size(), 2u);
  EXPECT_EQ(t.checks[0].id, "compiles");
  EXPECT_EQ(t.checks[0].action, "tool.run");
  EXPECT_EQ(t.success, "all_checks_pass()");
}

TEST(Lower, KnowledgeWithRepeatedKeysAndPredicates) {
  LoadResult r = example("attention_knowledge.dsl");
  EXPECT_EQ(warnings(r), 0u) << r.render_diagnostics();
  EXPECT_EQ(r.document.front_matter["title"], "FMHA knowledge base");
  EXPECT_EQ(r.document.front_matter["tags"].size(), 3u);
  const Knowledge& k = r.document.systems.at(0).knowledge;
  ASSERT_EQ(k.facts.size(), 3u);
  EXPECT_EQ(k.facts[0].fields.size(), 4u);
  EXPECT_EQ(k.facts[1].params, std::vector<std::string>{"t: Trace"});
  EXPECT_EQ(k.facts[1].body, "return t.utilization < 0.6");
  EXPECT_EQ(k.facts[2].params.size(), 2u);
  EXPECT_EQ(k.facts[2].body, "bound = device.peak_tflops * 0.8\nreturn t.tflops >= bound");
  ASSERT_EQ(k.rules.size(), 2u);
  EXPECT_EQ(k.rules[0].name, "TMA pipelining");
  EXPECT_EQ(k.rules[0].recommend.size(), 2u);
  EXPECT_EQ(k.rules[0].recommend[1], "v_load_latency = 5 if causal else 4");
  EXPECT_EQ(k.rules[0].apply[0], "select attention_variant = 'GQA'");
  EXPECT_DOUBLE_EQ(*k.rules[0].confidence, 0.9);
  EXPECT_EQ(k.rules[0].source, "attention.py:L120");
  ASSERT_EQ(k.invariants.size(), 2u);
  EXPECT_EQ(k.invariants[1].asserts.size(), 2u);
  ASSERT_EQ(k.advice.size(), 2u);
  EXPECT_EQ(k.advice[0].kind, "hint");
  EXPECT_EQ(k.advice[1].kind, "heuristic");
  EXPECT_EQ(k.advice[1].name, "warp_specialize");
  EXPECT_NE(k.advice[1].text.find("producer/consumer"), std::string::npos);
}

TEST(Lower, SpacesAndConstraints) {
  LoadResult r = example("tuning_spaces.dsl");
  const System& s = r.document.systems.at(0);
  ASSERT_EQ(s.design_space.size(), 3u);
  EXPECT_EQ(s.design_space[1].values.size(), 2u);  // a union lowers to its members
  ASSERT_EQ(s.tuning_space.size(), 7u);
  EXPECT_EQ(s.tuning_space[0].kind, Parameter::Kind::List);
  EXPECT_EQ(s.tuning_space[2].kind, Parameter::Kind::Pow2);
  EXPECT_EQ(s.tuning_space[2].lo, 16);
  EXPECT_EQ(s.tuning_space[3].kind, Parameter::Kind::Range);
  EXPECT_EQ(s.tuning_space[3].hi, 5);
  EXPECT_EQ(s.tuning_space[4].kind, Parameter::Kind::Range);
  EXPECT_EQ(s.tuning_space[4].step, 1.0);
  ASSERT_EQ(s.constraints.size(), 3u);
  EXPECT_EQ(s.constraints[0].expr, "tile_m * tile_n <= 16384");
  EXPECT_EQ(s.constraints[2].expr, "split_k == 1 or algorithm != 'naive'");
}

TEST(Lower, TraceSchema) {
  LoadResult r = example("trace_schema.dsl");
  const TraceSchema& t = r.document.systems.at(0).trace_schema;
  ASSERT_EQ(t.variants.size(), 2u);
  ASSERT_EQ(t.variants[0].cases.size(), 3u);
  EXPECT_EQ(t.variants[0].cases[0].fields.size(), 3u);
  const auto& correctness = t.variants[0].cases[1].fields;
  EXPECT_EQ(correctness[2].name, "note");
  EXPECT_TRUE(correctness[2].optional);
  EXPECT_EQ(t.variants[0].cases[2].fields[2].type, "string");
  EXPECT_TRUE(t.variants[0].cases[2].fields[2].optional);
}

TEST(Lower, AgentAndServiceLoops) {
  LoadResult a = example("agent_loop.dsl");
  const Loop& l = a.document.systems.at(0).loops.at(0);
  EXPECT_EQ(l.kind, Loop::Kind::Agent);
  ASSERT_EQ(l.steps.size(), 5u);
  EXPECT_EQ(l.steps[1].name, "Analyze");
  EXPECT_EQ(l.steps[1].action, "llm.query");
  EXPECT_EQ(l.steps[2].action, "tool.engineering_loop");
  EXPECT_EQ(l.fields.size(), 2u);

  LoadResult s = example("service_loop.dsl");
  const Loop& sl = s.document.systems.at(0).loops.at(0);
  EXPECT_EQ(sl.kind, Loop::Kind::Service);
  ASSERT_EQ(sl.handlers.size(), 3u);
  EXPECT_EQ(sl.handlers[0].event, "Request");
  EXPECT_EQ(sl.handlers[0].params, std::vector<std::string>{"req"});
  EXPECT_EQ(sl.handlers[0].steps.size(), 1u);
  EXPECT_EQ(sl.handlers[0].statements.size(), 2u);
  EXPECT_EQ(sl.handlers[2].event, "update");
  EXPECT_EQ(sl.handlers[2].statements.size(), 2u);  // the assignment and the nested `if … :` suite
}

TEST(Lower, EngineeringLoop) {
  LoadResult r = example("engineering_loop.dsl");
  const Loop& l = r.document.systems.at(0).loops.at(0);
  EXPECT_EQ(l.kind, Loop::Kind::Engineering);
  ASSERT_EQ(l.parameters.size(), 4u);
  EXPECT_EQ(l.parameters[0].name, "BM");
  EXPECT_EQ(l.parameters[2].kind, Parameter::Kind::Range);
  ASSERT_TRUE(l.measure);
  EXPECT_NE(l.measure->cmd.find("{{BM}}"), std::string::npos);
  EXPECT_EQ(l.measure->metric, "gflops");
  EXPECT_EQ(l.strategy, "random");
  EXPECT_EQ(l.budget, 24);
  ASSERT_EQ(l.fields.size(), 2u);
  EXPECT_EQ(l.fields[0].key, "baseline");
  EXPECT_EQ(l.fields[0].value["BM"], 32);
  EXPECT_EQ(l.fields[1].key, "timeout");
  const Loop& l2 = r.document.systems.at(0).loops.at(1);
  EXPECT_EQ(l2.measure->objective, "minimize");
  EXPECT_EQ(l2.strategy, "grid");
  EXPECT_EQ(l2.budget, 4);
}

TEST(Lower, ABudgetOutOfRangeIsAWarningNotACrash) {
  // Found by the fuzzer: digits too long for an int went to std::stoi, which threw and ended the process.
  for (const char* budget : {"budget 24000000000000000000000", "budget: 5000000000", "budget: -5000000000"}) {
    LoadResult r = load_string(std::string("system S {\n  engineering_loop L {\n    ") + budget + "\n  }\n}\n", "b.dsl");
    ASSERT_EQ(r.document.systems.at(0).loops.size(), 1u) << budget;
    EXPECT_FALSE(r.document.systems[0].loops[0].budget) << budget;
    EXPECT_EQ(warnings(r), 1u) << budget << r.render_diagnostics();
    EXPECT_NE(r.render_diagnostics().find("budget is out of range (at most 2147483647 trials)"), std::string::npos)
        << budget;
  }
  LoadResult r = load_string("system S {\n  engineering_loop L {\n    budget 2147483647\n  }\n}\n", "b.dsl");
  EXPECT_EQ(r.document.systems.at(0).loops.at(0).budget, 2147483647);
}

TEST(Lower, ValuesWithBytesThatAreNotUtf8AreWrittenWithReplacementCharacters) {
  // Found by the fuzzer: a list value holding an invalid byte went to nlohmann::json's dump(), which threw. The
  // encoding error is reported; the lowering goes on and writes U+FFFD for the byte.
  LoadResult r = load_string("system S {\n  build {\n    artifacts: [\"a\", {k: x\xA4}]\n  }\n  engineering_loop L {\n"
                             "    strategy: [\xFF]\n  }\n}\n",
                             "u.dsl");
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.render_diagnostics().find("invalid UTF-8 byte"), std::string::npos);
  const System& s = r.document.systems.at(0);
  ASSERT_EQ(s.artifacts.size(), 2u);
  EXPECT_EQ(s.artifacts[1], "{\"k\":\"x\xEF\xBF\xBD\"}");
  EXPECT_EQ(s.loops.at(0).strategy, "[\"\xEF\xBF\xBD\"]");
}

TEST(Lower, ImportsExtendsBaselineBuild) {
  LoadResult c = example("inheritance_child.dsl");
  EXPECT_EQ(c.document.imports, std::vector<std::string>{"inheritance_base.dsl"});
  EXPECT_EQ(c.document.systems.at(0).extends, "GemmBase");
  LoadResult b = example("baseline_build.dsl");
  const System& s = b.document.systems.at(0);
  ASSERT_TRUE(s.baseline);
  EXPECT_EQ(s.baseline->fields.size(), 2u);
  EXPECT_EQ(s.baseline->metrics.size(), 2u);
  EXPECT_EQ(s.artifacts.size(), 4u);
  EXPECT_EQ(s.fields.size(), 2u);
}

TEST(Lower, HeadWordsCountQuotedAndLongHeads) {
  // Heads are read by word position and count: a quoted word is its content, and a line of more words than
  // the lowering looks at is still not mistaken for a shorter one.
  LoadResult r = load_string(R"(import "a b.dsl"
import "c.dsl" "d.dsl"
system S extends "P" {
  constraints {
    "x < y"
    "x < y" "y < z" "z < w" "w < v" "v < u"
    built: "x == 0 or y == 1"
  }
  build {
    artifact "out.bin"
    artifact "a" "b" "c" "d" "e"
  }
  agent_loop L {
    strategy random
    step "Say \"hi\"" { tool.run { cmd: "echo" } }
  }
}
)",
                             "heads.dsl");
  EXPECT_EQ(r.document.imports, std::vector<std::string>{"a b.dsl"});
  const System& s = r.document.systems.at(0);
  EXPECT_EQ(s.extends, "P");
  ASSERT_EQ(s.constraints.size(), 3u);
  EXPECT_EQ(s.constraints[0].expr, "x < y");
  EXPECT_EQ(s.constraints[0].name, "");
  EXPECT_EQ(s.constraints[1].expr, R"("x < y" "y < z" "z < w" "w < v" "v < u")");
  EXPECT_EQ(s.constraints[2].name, "built");  // `name: "expr"`: a child may replace it by name
  EXPECT_EQ(s.constraints[2].expr, "x == 0 or y == 1");
  EXPECT_EQ(s.constraints[2].key(), "built:");
  EXPECT_EQ(s.constraints[0].key(), "x < y");
  EXPECT_EQ(s.artifacts, std::vector<std::string>{"out.bin"});
  ASSERT_EQ(s.loops.size(), 1u);
  EXPECT_EQ(s.loops[0].strategy, "random");
  ASSERT_EQ(s.loops[0].steps.size(), 1u);
  EXPECT_EQ(s.loops[0].steps[0].name, "Say \"hi\"");
  EXPECT_EQ(s.loops[0].steps[0].action, "tool.run");
}

TEST(Lower, UnknownSectionsAreKeptWithWarnings) {
  LoadResult r = example("unknown_sections.dsl");
  const System& s = r.document.systems.at(0);
  ASSERT_EQ(s.unknown.size(), 2u);
  EXPECT_EQ(s.unknown[0].head, "telemetry");
  EXPECT_EQ(s.unknown[0].fields.size(), 2u);
  EXPECT_EQ(s.unknown[0].children.size(), 1u);
  EXPECT_EQ(s.unknown[1].head, "roadmap");
  EXPECT_EQ(warnings(r), 2u);
  EXPECT_EQ(s.tuning_space.size(), 1u);
}

TEST(Lower, ModelKeepsPseudoCode) {
  LoadResult r = example("model_pseudocode.dsl");
  const System& s = r.document.systems.at(0);
  ASSERT_TRUE(s.model);
  EXPECT_EQ(s.model->children.size(), 3u);  // two types and the procedure suite
  EXPECT_EQ(s.model->fields.size(), 1u);    // state best: …
  EXPECT_EQ(s.model->statements.size(), 3u);
  EXPECT_EQ(s.model->statements[0], "h[L+1] ∈ ℝ[B,T,D]");
}

TEST(Lower, SpansAreLocatedInCodePoints) {
  LoadResult r = load_string("// 한국어\nsystem 노트 { x: 1 }\n", "k.dsl");
  const System& s = r.document.systems.at(0);
  EXPECT_EQ(s.span.line, 2u);
  EXPECT_EQ(s.span.col, 1u);
  EXPECT_EQ(s.fields.at(0).span.col, 13u);
  EXPECT_EQ(s.fields.at(0).span.file.str(), "k.dsl");
}

}  // namespace
}  // namespace spak::dsl
