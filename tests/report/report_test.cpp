// Reports built from real stores: an empty one, one where nothing succeeded, a sweep with a peer and a training
// run, run selection, and the compound history of examples/versions.

#include <gtest/gtest.h>

#include <string>

#include "spak/report/compound_history.h"
#include "spak/report/html_report.h"
#include "spak/report/markdown_report.h"
#include "spak/report/peer_comparison.h"
#include "spak/report/report_data.h"
#include "spak/report/trial_ranking.h"
#include "support/scratch.h"

using namespace spak::report;
using spak::test_support::error_of;
using spak::test_support::fresh_dir;
using spak::trace::Status;
using spak::trace::Store;
using spak::trace::Trial;

namespace {

spak::trace::Run make_run(Store& store, const std::string& system, const std::string& strategy) {
  spak::trace::Run run;
  run.system = system;
  run.loop = "Tune";
  run.strategy = strategy;
  run.settings = {{"metric", "Performance.tflops"}, {"objective", "maximize"}};
  run.device = {{"name", "NVIDIA H100 80GB HBM3"}};
  store.begin_run(run);
  return run;
}

void add_trial(Store& store, std::int64_t run_id, nlohmann::json config, Status status, double tflops,
               nlohmann::json items = nlohmann::json::array()) {
  Trial trial;
  trial.run_id = run_id;
  trial.config = std::move(config);
  trial.status = status;
  trial.items = std::move(items);
  if (status == Status::Ok) {
    trial.objective = tflops;
  } else {
    trial.reason = "CUDA error: out of <resources>";
  }
  store.add_trial(trial);
}

int count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

TEST(Report, EmptyStoreRendersAClearPage) {
  Store store(fresh_dir("report_empty") / "s.db");
  const ReportData data = load_report(store, {});
  const std::string html = render_html(data);
  EXPECT_NE(html.find(R"(<section id="empty">)"), std::string::npos);
  EXPECT_NE(html.find("holds no runs yet"), std::string::npos);
  EXPECT_EQ(count(html, "<svg"), 0);
  EXPECT_NE(render_markdown(data).find("holds no runs yet"), std::string::npos);
}

TEST(Report, OnlyFailuresSaysWhyAndDrawsNothing) {
  Store store(fresh_dir("report_failures") / "s.db");
  const auto run = make_run(store, "Gemm", "grid");
  add_trial(store, run.id, {{"bm", 64}}, Status::Failed, 0);
  add_trial(store, run.id, {{"bm", 128}}, Status::Failed, 0);
  add_trial(store, run.id, {{"bm", 256}}, Status::Timeout, 0);
  const std::string html = render_html(load_report(store, {}));
  EXPECT_NE(html.find("No trial of run <b>#1 grid</b> succeeded"), std::string::npos) << html;
  EXPECT_NE(html.find(R"(<table class="failures">)"), std::string::npos);
  EXPECT_NE(html.find("CUDA error: out of &lt;resources&gt;"), std::string::npos);
  EXPECT_EQ(html.find("out of <resources>"), std::string::npos);
  EXPECT_NE(html.find("<td>failed</td><td class=\"num\">2</td>"), std::string::npos) << html;
  EXPECT_EQ(count(html, "<svg"), 0);
  const std::string md = render_markdown(load_report(store, {}));
  EXPECT_NE(md.find("No trial of run #1 grid succeeded"), std::string::npos) << md;
  EXPECT_NE(md.find("| timeout | 1 |"), std::string::npos) << md;
}

TEST(Report, SweepWithPeerHasEveryPlot) {
  Store store(fresh_dir("report_sweep") / "s.db");
  const auto grid = make_run(store, "Gemm<H100>", "grid");
  auto perf = [](double ours, double cublas) {
    return nlohmann::json::array({{{"type", "Performance"}, {"m", 4096}, {"n", 4096}, {"k", 4096},
                                   {"step", "08_warp_specialized"}, {"ours_tflops", ours},
                                   {"cublas_tflops", cublas}}});
  };
  add_trial(store, grid.id, {{"bm", 64}, {"order", "ikj"}}, Status::Ok, 300, perf(300, 790));
  add_trial(store, grid.id, {{"bm", 128}, {"order", "kij"}}, Status::Ok, 620, perf(620, 795));
  add_trial(store, grid.id, {{"bm", 256}, {"order", "ikj"}}, Status::Crashed, 0);
  const auto random = make_run(store, "Gemm<H100>", "random");
  add_trial(store, random.id, {{"bm", 128}, {"order", "ikj"}}, Status::Ok, 500, perf(500, 790));

  const ReportData data = load_report(store, {});
  ASSERT_EQ(data.systems.size(), 1u);
  EXPECT_EQ(data.systems[0].parameters, (std::vector<std::string>{"bm", "order"}));
  EXPECT_EQ(best_so_far(data.systems[0].runs[0]),
            (std::vector<std::pair<int, double>>{{1, 300}, {2, 620}, {3, 620}}));
  const auto peers = peer_comparisons(data.systems[0].runs[0]);
  ASSERT_EQ(peers.size(), 1u);
  EXPECT_EQ(peers[0].peer, "cuBLAS");
  EXPECT_EQ(peers[0].case_label, "4096×4096×4096");
  EXPECT_DOUBLE_EQ(peers[0].ours, 620);

  const std::string html = render_html(data);
  const std::string prefix = "system-1-gemm-h100";
  EXPECT_NE(html.find("<section id=\"" + prefix + "\">"), std::string::npos);
  for (const std::string id : {"-progress", "-param-bm", "-param-order", "-peer"}) {
    EXPECT_NE(html.find("<svg id=\"" + prefix + id + "\""), std::string::npos) << id;
  }
  EXPECT_EQ(html.find("-loss\""), std::string::npos) << "no Loss items, no loss plot";
  EXPECT_EQ(html.find("Gemm<H100>"), std::string::npos) << "names are escaped";
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos) << "no URL anywhere: the page loads nothing";
  EXPECT_NE(html.find("620 (78%)"), std::string::npos);

  const std::string md = render_markdown(data);
  EXPECT_NE(md.find("| #1 grid | 1 | 2 | 620 | bm=128 order=kij |"), std::string::npos) << md;
  EXPECT_NE(md.find("cuBLAS"), std::string::npos);
}

TEST(Report, TrainingRunGetsALossPlot) {
  Store store(fresh_dir("report_loss") / "s.db");
  const auto run = make_run(store, "MicroGPT", "grid");
  nlohmann::json items = nlohmann::json::array();
  for (int step = 1; step <= 5; ++step) items.push_back({{"type", "Loss"}, {"step", step}, {"loss", 3.3 - 0.1 * step}});
  add_trial(store, run.id, {{"impl", "tensor"}}, Status::Ok, 1.0, items);
  const std::string html = render_html(load_report(store, {}));
  EXPECT_NE(html.find("<svg id=\"system-1-microgpt-loss\" class=\"plot plot-line\""), std::string::npos);
  EXPECT_EQ(html.find("-param-impl"), std::string::npos) << "a parameter with one value gets no scatter";
  EXPECT_NE(html.find("Held at one value in every trial: <code>impl=tensor</code>"), std::string::npos);
  EXPECT_NE(render_markdown(load_report(store, {})).find("3.2 at step 1 → 2.8 at step 5"), std::string::npos);
}

TEST(Report, RunSelectionAndUnknownRuns) {
  Store store(fresh_dir("report_select") / "s.db");
  make_run(store, "A", "grid");
  const auto b = make_run(store, "B", "grid");
  const ReportData data = load_report(store, {b.id});
  ASSERT_EQ(data.systems.size(), 1u);
  EXPECT_EQ(data.systems[0].name, "B");
  EXPECT_NE(error_of([&] { load_report(store, {7}); }).find("no run 7 in"), std::string::npos);
}

TEST(CompoundHistory, VersionsOfExamples) {
  const auto history = compound_history({std::filesystem::path(SPAK_SOURCE_DIR) / "examples/versions"});
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].system, "Attn_v1");
  EXPECT_NE(history[1].file.find("attn_v2.dsl"), std::string::npos);
  bool added_fact = false;
  for (const auto& change : history[1].changes) {
    added_fact |= change.kind == spak::knowledge::Change::Kind::Added && change.section == "facts" &&
                  change.name == "best_h100_causal";
  }
  EXPECT_TRUE(added_fact);
  EXPECT_GE(history[1].facts, history[0].facts + 1);

  Store store(fresh_dir("report_history") / "s.db");
  ReportData data = load_report(store, {});
  data.history = history;
  const std::string html = render_html(data);
  EXPECT_NE(html.find(R"(<section id="compound-history">)"), std::string::npos);
  EXPECT_NE(html.find(R"(<svg id="history-growth")"), std::string::npos);
  EXPECT_NE(html.find("fact best_h100_causal"), std::string::npos);
}
