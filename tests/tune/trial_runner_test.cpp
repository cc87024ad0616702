#include "spak/tune/trial_runner.h"

#include <signal.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "spak/util/error.h"

namespace spak::tune {
namespace {

using namespace std::chrono_literals;

std::vector<TrialResult> run_all(TrialRunner& runner) {
  std::vector<TrialResult> out;
  while (runner.running() > 0)
    for (TrialResult& r : runner.wait(1000ms)) out.push_back(std::move(r));
  return out;
}

TEST(TrialRunner, CapturesOutputExitStatusAndEnvironment) {
  TrialRunner runner({});
  runner.start({7, "echo \"x=$SPAK_X\"; echo '__SPAK_TRACE__{\"type\":\"P\",\"v\":1}'; echo err >&2; exit 3",
                {{"SPAK_X", "a b"}}});
  auto results = run_all(runner);
  ASSERT_EQ(results.size(), 1u);
  const TrialResult& r = results[0];
  EXPECT_EQ(r.id, 7u);
  EXPECT_EQ(r.exit.exit_code, 3);
  EXPECT_FALSE(r.exit.signal);
  EXPECT_FALSE(r.timed_out);
  ASSERT_EQ(r.output.items.size(), 1u);
  EXPECT_EQ(r.output.items[0].line, 2);
  EXPECT_EQ(r.output.log, "x=a b\nerr\n");
}

TEST(TrialRunner, ReportsTheSignalThatKilledIt) {
  TrialRunner runner({});
  runner.start({1, "kill -SEGV $$", {}});
  auto results = run_all(runner);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].exit.signal, SIGSEGV);
}

TEST(TrialRunner, TimeoutKillsTheWholeProcessGroup) {
  std::string marker = ::testing::TempDir() + "/spak_runner_orphan";
  std::remove(marker.c_str());
  // The grandchild ignores SIGTERM and would write the marker after 2 s if it survived.
  TrialRunner runner({.jobs = 1, .devices = {}, .timeout_seconds = 0.3, .kill_grace_seconds = 0.3});
  auto start = std::chrono::steady_clock::now();
  runner.start({1, "(trap '' TERM; sleep 2; touch " + marker + ") & sleep 30", {}});
  auto results = run_all(runner);
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(results[0].timed_out);
  EXPECT_LT(took, 1500ms);
  std::this_thread::sleep_for(2500ms - took);
  EXPECT_FALSE(std::ifstream(marker).good()) << "a process of the timed-out trial survived";
}

TEST(TrialRunner, LeftoverBackgroundProcessesEndWithTheTrial) {
  TrialRunner runner({});
  auto start = std::chrono::steady_clock::now();
  runner.start({1, "sleep 30 & echo started", {}});  // the background sleep holds the pipe open
  auto results = run_all(runner);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].exit.exit_code, 0);
  EXPECT_EQ(results[0].output.log, "started\n");
}

TEST(TrialRunner, PinsOneDevicePerSlotAndRunsInParallel) {
  TrialRunner runner({.jobs = 2, .devices = {"3", "5"}, .timeout_seconds = 0, .kill_grace_seconds = 1});
  auto start = std::chrono::steady_clock::now();
  runner.start({1, "sleep 0.5; echo $CUDA_VISIBLE_DEVICES", {}});
  EXPECT_TRUE(runner.has_free_slot());
  runner.start({2, "sleep 0.5; echo $CUDA_VISIBLE_DEVICES", {}});
  EXPECT_FALSE(runner.has_free_slot());
  auto results = run_all(runner);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 950ms);
  ASSERT_EQ(results.size(), 2u);
  for (const TrialResult& r : results) {
    ASSERT_TRUE(r.device);
    EXPECT_EQ(r.output.log, *r.device + "\n");
    EXPECT_EQ(*r.device, r.slot == 0 ? "3" : "5");
  }
}

TEST(TrialRunner, MoreJobsThanDevicesIsAnError) {
  EXPECT_THROW(TrialRunner({.jobs = 3, .devices = {"0", "1"}, .timeout_seconds = 0, .kill_grace_seconds = 1}), Error);
  EXPECT_THROW(TrialRunner({.jobs = 0, .devices = {}, .timeout_seconds = 0, .kill_grace_seconds = 1}), Error);
}

TEST(OutputCapture, KeepsEveryTraceLineButOnlyTheLogTail) {
  OutputCapture capture;
  std::string noise(1000, 'x');
  for (int i = 0; i < 500; ++i) capture.feed(noise + "\n");
  capture.feed("__SPAK_TRACE__ {\"type\":\"P\"}\n__SPAK_TRACE__{oops\nlast line without newline");
  trace::ParsedOutput out = capture.finish();
  ASSERT_EQ(out.items.size(), 1u);
  EXPECT_EQ(out.items[0].line, 501);
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0].rfind("line 502: malformed trace JSON", 0), 0u) << out.errors[0];
  EXPECT_LE(out.log.size(), OutputCapture::kLogTail + 100);
  EXPECT_NE(out.log.find("bytes of earlier output dropped"), std::string::npos);
  EXPECT_NE(out.log.find("__SPAK_TRACE__{oops\nlast line without newline\n"), std::string::npos);
}

}  // namespace
}  // namespace spak::tune
