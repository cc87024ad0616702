#include "spak/agent/sandbox.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "spak/util/error.h"
#include "spak/util/file_io.h"

namespace spak::agent {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class SandboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base = fs::temp_directory_path() / ("spak_sandbox_" + std::to_string(getpid()));
    fs::remove_all(base);
    fs::create_directories(base / "work");
    write_file_atomic(base / "secret.txt", "outside");
  }
  void TearDown() override { fs::remove_all(base); }
  std::string refusal(const std::function<void()>& f) {
    try {
      f();
    } catch (const Error& e) {
      return e.what();
    }
    return "not refused";
  }
  fs::path base;
};

TEST_F(SandboxTest, WritesReadsListsAndGrepsInsideTheWorkdir) {
  Sandbox box(base / "work");
  EXPECT_EQ(box.write("notes/a.md", "alpha\nbeta\n"), 11u);
  EXPECT_EQ(box.read("notes/a.md"), "alpha\nbeta\n");
  EXPECT_EQ(box.list(""), (std::vector<std::string>{"notes/", "notes/a.md"}));
  nlohmann::json m = box.grep("^be", "notes");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0]["line"], 2);
  EXPECT_EQ(m[0]["file"], "notes/a.md");
}

TEST_F(SandboxTest, EscapesAreRefused) {
  Sandbox box(base / "work");
  EXPECT_THAT(refusal([&] { box.read("../secret.txt"); }), HasSubstr("'..'"));
  EXPECT_THAT(refusal([&] { box.read((base / "secret.txt").string()); }), HasSubstr("absolute path"));
  EXPECT_THAT(refusal([&] { box.write("a/../../x", "y"); }), HasSubstr("'..'"));
  fs::create_symlink(base / "secret.txt", base / "work" / "link");
  EXPECT_THAT(refusal([&] { box.read("link"); }), HasSubstr("leads out of the work directory"));
  fs::create_directory_symlink(base, base / "work" / "up");
  EXPECT_THAT(refusal([&] { box.write("up/new.txt", "x"); }), HasSubstr("leads out"));
  EXPECT_FALSE(fs::exists(base / "new.txt"));
}

TEST_F(SandboxTest, CommandsRunInTheWorkdirWithAScrubbedEnvironment) {
  ::setenv("SPAK_SECRET_TOKEN", "hunter2", 1);
  Sandbox box(base / "work");
  CommandResult r = box.run("pwd; echo token=${SPAK_SECRET_TOKEN:-none}; echo home=$HOME; exit 3");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.output, HasSubstr(fs::canonical(base / "work").string() + "\n"));
  EXPECT_THAT(r.output, HasSubstr("token=none"));
}

TEST_F(SandboxTest, TimeoutKillsTheGroupAndTheOutputIsCapped) {
  Sandbox slow(base / "work", {0.3, 1000});
  auto start = std::chrono::steady_clock::now();
  CommandResult r = slow.run("sleep 5 & sleep 5; echo never");
  EXPECT_TRUE(r.timed_out);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 3.0);
  CommandResult big = slow.run("head -c 100000 /dev/zero | tr '\\0' x");
  EXPECT_TRUE(big.truncated);
  EXPECT_EQ(big.output.size(), 1000u);
  EXPECT_EQ(big.exit_code, 0);
}

}  // namespace
}  // namespace spak::agent
