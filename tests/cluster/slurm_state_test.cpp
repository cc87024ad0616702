// The status a trial gets when SLURM ended its array task before the trial finished.

#include "spak/cluster/slurm_state.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace spak::cluster {
namespace {

using trace::Status;
using ::testing::HasSubstr;

Status status_of(std::string_view state) {
  auto v = verdict_for_slurm_state(state);
  EXPECT_TRUE(v.has_value()) << state;
  return v ? v->status : Status::Ok;
}

TEST(SlurmState, ActiveStatesAreNotAnEnd) {
  for (const char* state : {"PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED", "REQUEUED"})
    EXPECT_FALSE(verdict_for_slurm_state(state).has_value()) << state;
}

TEST(SlurmState, EndedStatesMapToTrialStatuses) {
  EXPECT_EQ(status_of("CANCELLED"), Status::Cancelled);
  EXPECT_EQ(status_of("CANCELLED by 0"), Status::Cancelled);  // sacct names who cancelled
  EXPECT_EQ(status_of("CANCELLED+"), Status::Cancelled);      // sacct's truncated column
  EXPECT_EQ(status_of("TIMEOUT"), Status::Timeout);
  EXPECT_EQ(status_of("DEADLINE"), Status::Timeout);
  EXPECT_EQ(status_of("NODE_FAIL"), Status::Failed);
  EXPECT_EQ(status_of("BOOT_FAIL"), Status::Failed);
  EXPECT_EQ(status_of("OUT_OF_MEMORY"), Status::Crashed);
  EXPECT_EQ(status_of("PREEMPTED"), Status::Cancelled);
  EXPECT_EQ(status_of("FAILED"), Status::Failed);
  EXPECT_EQ(status_of("COMPLETED"), Status::Failed);  // completed, yet this trial left no result
  EXPECT_EQ(status_of("SOMETHING_NEW"), Status::Failed);
}

TEST(SlurmState, ReasonNamesTheState) {
  EXPECT_THAT(verdict_for_slurm_state("NODE_FAIL")->reason, HasSubstr("node failure (NODE_FAIL)"));
  EXPECT_THAT(verdict_for_slurm_state("TIMEOUT")->reason, HasSubstr("time limit"));
  EXPECT_THAT(verdict_for_slurm_state("CANCELLED by 0")->reason, HasSubstr("cancelled"));
  EXPECT_FALSE(verdict_for_slurm_state("TIMEOUT")->objective.has_value());
}

}  // namespace
}  // namespace spak::cluster
