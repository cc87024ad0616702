// The stream-K schedule (kernels/cuda/gemm/stream_k.cuh) that GEMM step 09 and the FMHA forward share, run on the
// host: every iteration of every tile handed out once, the blocks' shares even, and each split tile cut once,
// its head the last unit of one block and its tail the first stream-K unit of the next. Both kernels rely on
// that last property: the head's owner reads the tail's partial from block + 1 after everything else it does,
// and each block publishes at most one partial.

#include "kernels/cuda/gemm/stream_k.cuh"

#include <algorithm>
#include <map>
#include <ostream>
#include <set>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

namespace spak::gemm {
namespace {

struct Split {
  int tiles, iterations, slots;
};

void PrintTo(const Split& p, std::ostream* os) {
  *os << p.tiles << " tiles x " << p.iterations << " iterations on " << p.slots << " blocks";
}

std::vector<std::vector<Unit>> units_of(const Split& p, int dp_tiles) {
  std::vector<std::vector<Unit>> per_slot(p.slots);
  for (int slot = 0; slot < p.slots; ++slot) {
    Schedule schedule(p.tiles, p.iterations, dp_tiles, slot, p.slots);
    for (Unit u; schedule.next(u);) per_slot[slot].push_back(u);
  }
  return per_slot;
}

class ScheduleTest : public ::testing::TestWithParam<Split> {};

TEST_P(ScheduleTest, HandsOutEveryIterationOnce) {
  const Split p = GetParam();
  const auto per_slot = units_of(p, data_parallel_tiles(p.tiles, p.slots));
  std::vector<int> seen(static_cast<size_t>(p.tiles) * p.iterations, 0);
  for (const auto& units : per_slot)
    for (const Unit& u : units) {
      ASSERT_GE(u.tile, 0);
      ASSERT_LT(u.tile, p.tiles);
      ASSERT_LE(0, u.kb);
      ASSERT_LT(u.kb, u.ke);
      ASSERT_LE(u.ke, p.iterations);
      for (int it = u.kb; it < u.ke; ++it) ++seen[static_cast<size_t>(u.tile) * p.iterations + it];
    }
  EXPECT_EQ(std::count(seen.begin(), seen.end(), 1), static_cast<long>(seen.size()));
}

TEST_P(ScheduleTest, SharesTheSplitTilesEvenly) {
  const Split p = GetParam();
  const int dp_tiles = data_parallel_tiles(p.tiles, p.slots);
  const auto per_slot = units_of(p, dp_tiles);
  int least = p.tiles * p.iterations, most = 0;
  for (const auto& units : per_slot) {
    int split_iterations = 0;
    for (const Unit& u : units)
      if (u.tile >= dp_tiles) split_iterations += u.ke - u.kb;
    least = std::min(least, split_iterations);
    most = std::max(most, split_iterations);
  }
  if (dp_tiles < p.tiles) EXPECT_LE(most - least, 1);
}

TEST_P(ScheduleTest, CutsATileOnceBetweenNeighbours) {
  const Split p = GetParam();
  const int dp_tiles = data_parallel_tiles(p.tiles, p.slots);
  const auto per_slot = units_of(p, dp_tiles);
  std::map<int, std::vector<std::tuple<int, int, size_t>>> pieces;  // tile -> (slot, kb, index in the slot's units)
  for (int slot = 0; slot < p.slots; ++slot) {
    int tails = 0;
    for (size_t i = 0; i < per_slot[slot].size(); ++i) {
      const Unit& u = per_slot[slot][i];
      if (u.kb > 0 || u.ke < p.iterations) pieces[u.tile].emplace_back(slot, u.kb, i);
      tails += u.kb > 0;
    }
    EXPECT_LE(tails, 1) << "slot " << slot << " would publish two partials into one place";
  }
  for (const auto& [tile, parts] : pieces) {
    ASSERT_GE(tile, dp_tiles) << "a data-parallel tile was split";
    ASSERT_EQ(parts.size(), 2u) << "tile " << tile;
    const auto [head_slot, head_kb, head_index] = parts[0];
    const auto [tail_slot, tail_kb, tail_index] = parts[1];
    EXPECT_EQ(head_kb, 0);
    EXPECT_EQ(tail_slot, head_slot + 1);
    EXPECT_EQ(head_index, per_slot[head_slot].size() - 1) << "the head is its block's last unit";
    const size_t first_split_unit = static_cast<size_t>(std::count_if(
        per_slot[tail_slot].begin(), per_slot[tail_slot].end(), [&](const Unit& u) { return u.tile < dp_tiles; }));
    EXPECT_EQ(tail_index, first_split_unit) << "the tail is its block's first stream-K unit";
  }
}

// The issue shapes' grids (FMHA D=128: 2048 tiles of 16 key tiles, D=64: 2816 of 192 rows; S=512: 4 key tiles),
// a whole number of waves, fewer tiles than blocks, one tile more than a wave, and small odd grids.
INSTANTIATE_TEST_SUITE_P(Grids, ScheduleTest,
                         ::testing::Values(Split{2048, 16, 132}, Split{2816, 16, 132}, Split{2816, 4, 132},
                                           Split{2048, 128, 132}, Split{264, 8, 132}, Split{100, 3, 132},
                                           Split{133, 1, 132}, Split{133, 5, 132}, Split{1000, 7, 13},
                                           Split{7, 3, 2}, Split{5, 1, 3}));

TEST(DataParallelTiles, LeavesThePartialWaveAndOneFullWave) {
  EXPECT_EQ(data_parallel_tiles(2048, 132), 14 * 132);  // 15.5 waves: 200 tiles split
  EXPECT_EQ(data_parallel_tiles(264, 132), 264);        // whole waves: nothing split
  EXPECT_EQ(data_parallel_tiles(100, 132), 100);        // under one wave: nothing split
  EXPECT_EQ(data_parallel_tiles(133, 132), 0);          // one wave and one tile: all of it split
}

TEST(LaunchNumber, NeverRepeats) {
  std::set<uint64_t> numbers;
  for (int i = 0; i < 1000; ++i) numbers.insert(next_launch_number());
  EXPECT_EQ(numbers.size(), 1000u);
  EXPECT_EQ(numbers.count(0), 0u) << "0 is what fresh memory holds most often";
}

}  // namespace
}  // namespace spak::gemm
