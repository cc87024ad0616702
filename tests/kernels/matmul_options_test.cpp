// Flags land in the right fields and anything outside the tuning space is a parse error naming the flag.

#include "matmul_options.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace spak::kernels {
namespace {

// Parses args (without the program name); returns the ParseError message, or "" on success.
std::string parse(std::vector<std::string> args, MatmulOptions& options) {
  CLI::App app;
  add_matmul_options(app, options);
  std::reverse(args.begin(), args.end());  // CLI11 takes the vector form back to front
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    return e.what();
  }
  return "";
}

TEST(MatmulOptions, ParsesEveryFlag) {
  MatmulOptions o;
  ASSERT_EQ(parse({"--m", "10", "--n", "20", "--k", "30", "--variant", "naive", "--tile-m", "8", "--tile-n", "16",
                   "--tile-k", "4", "--order", "kji", "--unroll", "2", "--vec", "4", "--threads", "2", "--reps",
                   "7", "--seed", "99"},
                  o),
            "");
  EXPECT_EQ(o.shape.m, 10);
  EXPECT_EQ(o.shape.n, 20);
  EXPECT_EQ(o.shape.k, 30);
  EXPECT_EQ(o.variant, "naive");
  EXPECT_EQ(o.schedule.tile_m, 8);
  EXPECT_EQ(o.schedule.tile_n, 16);
  EXPECT_EQ(o.schedule.tile_k, 4);
  EXPECT_EQ(o.schedule.order, LoopOrder::kji);
  EXPECT_EQ(o.schedule.unroll, 2);
  EXPECT_EQ(o.schedule.vec, 4);
  EXPECT_EQ(o.schedule.threads, 2);
  EXPECT_EQ(o.reps, 7);
  EXPECT_EQ(o.seed, 99u);
}

TEST(MatmulOptions, RejectsValuesOutsideTheSpace) {
  const std::vector<std::vector<std::string>> bad = {
      {"--vec", "3"},      {"--unroll", "16"}, {"--order", "ikk"},   {"--variant", "fast"}, {"--m", "0"},
      {"--tile-k", "-4"},  {"--threads", "0"}, {"--reps", "0"},      {"--k", "abc"},        {"--bogus", "1"},
      {"--m", "100000"},
  };
  for (const auto& args : bad) {
    MatmulOptions o;
    const std::string message = parse(args, o);
    EXPECT_FALSE(message.empty()) << args[0] << " " << args[1] << " was accepted";
  }
}

TEST(MatmulOptions, MessageNamesTheFlag) {
  MatmulOptions o;
  EXPECT_NE(parse({"--vec", "3"}, o).find("--vec"), std::string::npos);
}

}  // namespace
}  // namespace spak::kernels
