// The tensor trainer's promise: a training step allocates nothing. This binary counts every global operator new
// (replaced below, which is legal once per program) and checks the count does not move across steps.

#include <atomic>
#include <cstdlib>
#include <new>

#include <gtest/gtest.h>

#include "run_setup.h"
#include "small_data.h"
#include "trainer.h"

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  ++g_allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace spak::microgpt {
namespace {

TEST(TensorTrainer, StepsAllocateNothing) {
  // Batches of 1 to 3 documents: a batch is a view, and its documents reuse one document's buffers.
  const RunSetup setup = prepare_run(parse_dataset(testing::kSmallNames), ModelConfig{}, 5);
  for (Precision precision : {Precision::f32, Precision::f64}) {
    auto trainer = make_trainer("cpu", precision, setup.config, setup.weights, AdamConfig{});
    const long before = g_allocations.load();
    for (int s = 0; s < 40; ++s) trainer->train_step(Batch::of_step(setup.tokens, s, 1 + s % 3), s, 40);
    EXPECT_EQ(g_allocations.load() - before, 0) << "allocations during 40 steps";
  }
}

TEST(ScalarTrainer, AllocationCounterSeesAllocations) {
  // The counter works: the scalar reference builds vectors of nodes every step.
  const RunSetup setup = prepare_run(parse_dataset(testing::kSmallNames), ModelConfig{}, 5);
  auto trainer = make_trainer("scalar", Precision::f64, setup.config, setup.weights, AdamConfig{});
  const long before = g_allocations.load();
  trainer->train_step(Batch::single(setup.tokens[0]), 0, 1);
  EXPECT_GT(g_allocations.load() - before, 0);
}

}  // namespace
}  // namespace spak::microgpt
