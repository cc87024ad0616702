#include "spak/trace/import.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "spak/trace/export.h"
#include "spak/util/error.h"
#include "spak/util/file_io.h"
#include "support/scratch.h"

namespace fs = std::filesystem;
using spak::test_support::error_of;
using spak::test_support::fresh_dir;
using spak::trace::Direction;
using spak::trace::ImportOptions;
using spak::trace::Status;
using spak::trace::Store;

namespace {

const fs::path kFixtures = fs::path(SPAK_SOURCE_DIR) / "tests" / "trace" / "fixtures";

TEST(Import, PrototypeTraceJsonGroupsItemsByConfig) {
  Store store(fresh_dir("tracejson") / "spak.db");
  auto result = spak::trace::import_file(store, kFixtures / "trace.json", ImportOptions{"Gemm", "Performance.gflops"});
  EXPECT_EQ(result.format, "trace.json");
  EXPECT_EQ(result.runs, 1);
  EXPECT_EQ(result.trials, 4);  // tile 32, 64, 16 and the config-less note
  auto runs = store.runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].run.system, "Gemm");
  EXPECT_EQ(runs[0].run.loop, "trace");
  EXPECT_EQ(runs[0].run.strategy, "import");
  EXPECT_EQ(runs[0].run.settings["metric"], "Performance.gflops");

  auto trials = store.trials(runs[0].run.id);
  ASSERT_EQ(trials.size(), 4u);
  EXPECT_EQ(trials[0].config, nlohmann::json({{"tile", 32}}));
  EXPECT_EQ(trials[0].status, Status::Ok);
  EXPECT_EQ(trials[0].objective, 41.5);
  EXPECT_EQ(trials[0].items.size(), 2u);
  EXPECT_EQ(trials[1].status, Status::Incorrect);
  EXPECT_EQ(trials[1].objective, std::nullopt);
  EXPECT_EQ(trials[2].objective, 30.25);
  EXPECT_EQ(trials[3].status, Status::Invalid);  // the note carries no gflops
  EXPECT_EQ(trials[3].reason, "no trace item carries the metric Performance.gflops");
  EXPECT_EQ(store.best_trial(runs[0].run.id, Direction::Maximize)->config["tile"], 32);
}

TEST(Import, TraceJsonObjectTakesItsSystemName) {
  Store store(fresh_dir("traceobject") / "spak.db");
  auto result = spak::trace::import_file(store, kFixtures / "trace_object.json", ImportOptions{"", "tflops"});
  EXPECT_EQ(result.format, "trace.json");
  auto runs = store.runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].run.system, "FMHA_v4");
  auto trials = store.trials(runs[0].run.id);
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].objective, 512.0);
}

TEST(Import, LastEngineeringTraceKeepsHistoryAndBestConfig) {
  Store store(fresh_dir("engineering") / "spak.db");
  auto result = spak::trace::import_file(store, kFixtures / "last_engineering_trace.json",
                                         ImportOptions{"FMHA", "tflops"});
  EXPECT_EQ(result.format, "last_engineering_trace.json");
  EXPECT_EQ(result.trials, 5);  // the repeated config is a second measurement, kept
  auto run = store.runs().at(0).run;
  EXPECT_EQ(run.settings["best_config"]["k_load_latency"], 2);
  auto trials = store.trials(run.id);
  ASSERT_EQ(trials.size(), 5u);
  EXPECT_EQ(trials[1].objective, 612.4);
  EXPECT_EQ(trials[2].status, Status::Failed);
  EXPECT_EQ(trials[2].reason, "CUDA error: out of resources");
  EXPECT_EQ(trials[3].status, Status::Incorrect);
  EXPECT_EQ(trials[4].key, trials[0].key);
  // The incorrect 700 TFLOPS must not win.
  EXPECT_EQ(store.best_trial(run.id, Direction::Maximize)->config, run.settings["best_config"]);
}

TEST(Import, InsightsLog) {
  Store store(fresh_dir("insights") / "spak.db");
  auto result = spak::trace::import_file(store, kFixtures / "insights_log.jsonl");
  EXPECT_EQ(result.format, "insights_log.jsonl");
  EXPECT_EQ(result.insights, 3);
  auto insights = store.insights();
  ASSERT_EQ(insights.size(), 3u);
  EXPECT_EQ(insights[1].category, "failure");
  EXPECT_EQ(insights[1].source, "run 2025-11-24");
  EXPECT_EQ(insights[1].created_at, "2025-11-24T10:00:00Z");
}

TEST(Import, EveryFormatIsIdempotent) {
  Store store(fresh_dir("idempotent") / "spak.db");
  for (const char* name : {"trace.json", "trace_object.json", "last_engineering_trace.json", "insights_log.jsonl"}) {
    auto first = spak::trace::import_file(store, kFixtures / name);
    auto second = spak::trace::import_file(store, kFixtures / name);
    EXPECT_GT(first.runs + first.trials + first.insights, 0) << name;
    EXPECT_EQ(second.runs + second.trials + second.insights, 0) << name;
    EXPECT_EQ(second.skipped, first.runs + first.trials + first.insights) << name;
  }
  EXPECT_EQ(store.runs().size(), 3u);
  EXPECT_EQ(store.insights().size(), 3u);
}

// Export → import into an empty store → export gives the same bytes; importing into the source adds nothing.
TEST(Import, SpakJsonlRoundTripsThroughExport) {
  fs::path dir = fresh_dir("roundtrip");
  Store source(dir / "a.db");
  spak::trace::import_file(source, kFixtures / "last_engineering_trace.json", ImportOptions{"FMHA", "tflops"});
  spak::trace::import_file(source, kFixtures / "trace.json");
  spak::trace::Insight insight{0, 1, "performance", "tile_m 64 wins", "run 1", ""};
  source.add_insight(insight);
  source.finish_run(1);

  std::string exported = spak::trace::export_store(source, std::nullopt, spak::trace::ExportFormat::Jsonl);
  spak::write_file_atomic(dir / "export.jsonl", exported);
  Store copy(dir / "b.db");
  auto result = spak::trace::import_file(copy, dir / "export.jsonl");
  EXPECT_EQ(result.format, "spak-jsonl");
  EXPECT_EQ(result.runs, 2);
  EXPECT_EQ(result.trials, 9);
  EXPECT_EQ(result.insights, 1);
  EXPECT_EQ(spak::trace::export_store(copy, std::nullopt, spak::trace::ExportFormat::Jsonl), exported);

  auto again = spak::trace::import_file(source, dir / "export.jsonl");
  EXPECT_EQ(again.runs + again.trials + again.insights, 0);
  EXPECT_EQ(again.skipped, 12);

  // One run's export holds that run, its trials and its insights only.
  std::string one = spak::trace::export_store(source, 1, spak::trace::ExportFormat::Jsonl);
  EXPECT_EQ(std::count(one.begin(), one.end(), '\n'), 1 + 5 + 1);
  EXPECT_NE(error_of([&] { spak::trace::export_store(source, 99, spak::trace::ExportFormat::Jsonl); }).find("no run 99"),
            std::string::npos);
}

// A bundle's traces merge into the planning host's run: new trials are added, known ones skipped.
TEST(Import, JsonlMergesNewTrialsIntoAKnownRun) {
  fs::path dir = fresh_dir("merge");
  Store store(dir / "spak.db");
  spak::trace::Run run;
  run.system = "Gemm";
  run.loop = "tune";
  store.begin_run(run);
  spak::trace::Trial trial;
  trial.run_id = run.id;
  trial.config = {{"tile", 1}};
  store.add_trial(trial);
  std::string exported = spak::trace::export_store(store, run.id, spak::trace::ExportFormat::Jsonl);

  nlohmann::json extra = {{"record", "trial"}, {"run_uid", run.uid}, {"config", {{"tile", 2}}},
                          {"status", "timeout"}, {"timed_out", true}, {"started_at", "2026-01-01T00:00:00.000Z"},
                          {"finished_at", "2026-01-01T00:00:10.000Z"}};
  spak::write_file_atomic(dir / "more.jsonl", exported + extra.dump() + "\n");
  auto result = spak::trace::import_file(store, dir / "more.jsonl");
  EXPECT_EQ(result.runs, 0);
  EXPECT_EQ(result.trials, 1);
  EXPECT_EQ(result.skipped, 2);
  auto trials = store.trials(run.id);
  ASSERT_EQ(trials.size(), 2u);
  EXPECT_EQ(trials[1].status, Status::Timeout);
  EXPECT_TRUE(trials[1].timed_out);
}

TEST(Import, BadFilesNameTheLineAndChangeNothing) {
  fs::path dir = fresh_dir("bad");
  Store store(dir / "spak.db");
  auto fails_with = [&](const std::string& name, const std::string& content) {
    spak::write_file_atomic(dir / name, content);
    return error_of([&] { spak::trace::import_file(store, dir / name); });
  };
  const std::string good = R"({"category": "c", "content": "kept?", "source": "s"})" "\n";
  EXPECT_EQ(fails_with("a.jsonl", good + "{\"category\": \"c\", \"content\": \n"),
            (dir / "a.jsonl").string() +
                ":2: malformed JSON: syntax error while parsing value - unexpected end of input; expected '[', '{', "
                "or a literal (at character 30 of the JSON)");
  EXPECT_EQ(fails_with("b.jsonl", good + R"({"record": "trial", "run_uid": "nope", "status": "ok"})"),
            (dir / "b.jsonl").string() + ":2: refers to run nope, which is neither earlier in this file nor in the store");
  EXPECT_EQ(fails_with("c.jsonl", good + R"({"record": "trial", "run_uid": "x", "status": "great"})"),
            (dir / "c.jsonl").string() +
                ":2: field status: unknown status \"great\" (expected ok, failed, crashed, timeout, invalid or "
                "incorrect)");
  EXPECT_EQ(fails_with("d.jsonl", good + R"({"hello": 1})"),
            (dir / "d.jsonl").string() +
                ":2: neither a spak export record (no \"record\"), an insight ({category, content, source}) nor a "
                "trace item (no \"type\")");
  EXPECT_EQ(fails_with("e.json", "42"),
            (dir / "e.json").string() + ": not a format spak can import (a JSON number with no list of trace items)");
  EXPECT_EQ(fails_with("f.json", R"({"full_history": [{"config": 3}]})"),
            (dir / "f.json").string() + ": full_history entry 1: config must be an object");
  EXPECT_EQ(fails_with("g.jsonl", "\n\n"), (dir / "g.jsonl").string() + ": nothing to import (the file is empty)");
  EXPECT_NE(error_of([&] { spak::trace::import_file(store, dir / "missing.json"); }).find("missing.json: cannot open"),
            std::string::npos);
  // Each file was one transaction: the good first lines were rolled back with the bad ones.
  EXPECT_TRUE(store.insights().empty());
  EXPECT_TRUE(store.runs().empty());
}

TEST(Export, CsvHasOneColumnPerParameterAndQuotes) {
  fs::path dir = fresh_dir("csv");
  Store store(dir / "spak.db");
  spak::trace::Run run;
  run.system = "Gemm";
  run.loop = "tune";
  store.begin_run(run);
  spak::trace::Trial a, b;
  a.run_id = b.run_id = run.id;
  a.config = {{"tile", 32}, {"order", "ijk"}};
  a.objective = 10.5;
  a.exit_code = 0;
  a.wall_seconds = 1.5;
  a.started_at = a.finished_at = "T";
  b.config = {{"tile", 64}, {"status", "x"}};
  b.status = Status::Failed;
  b.exit_code = 1;
  b.reason = "said \"no\", twice\nthen stopped";
  b.started_at = b.finished_at = "T";
  store.add_trial(a);
  store.add_trial(b);
  std::string csv = spak::trace::export_store(store, std::nullopt, spak::trace::ExportFormat::Csv);
  EXPECT_EQ(csv,
            "run,trial,system,loop,status,objective,wall_seconds,exit_code,signal,timed_out,started_at,finished_at,"
            "order,config.status,tile,reason\n"
            "1,1,Gemm,tune,ok,10.5,1.5,0,,false,T,T,ijk,,32,\n"
            "1,2,Gemm,tune,failed,,0.0,1,,false,T,T,,x,64,\"said \"\"no\"\", twice\nthen stopped\"\n");
}

}  // namespace
