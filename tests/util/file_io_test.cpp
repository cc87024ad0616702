#include "spak/util/file_io.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "spak/util/error.h"
#include "support/scratch.h"

namespace fs = std::filesystem;
using spak::test_support::fresh_dir;

namespace {

TEST(FileIo, WriteThenReadRoundTripsBytes) {
  fs::path file = fresh_dir("round_trip") / "a.txt";
  std::string bytes("line\r\n\0binary\xff", 14);
  spak::write_file_atomic(file, bytes);
  EXPECT_EQ(spak::read_file(file), bytes);
}

TEST(FileIo, OverwriteKeepsPermissionsAndLeavesNoTemporaries) {
  fs::path dir = fresh_dir("overwrite");
  fs::path file = dir / "script.sh";
  spak::write_file_atomic(file, "old");
  fs::permissions(file, fs::perms::owner_all);
  spak::write_file_atomic(file, "new");
  EXPECT_EQ(spak::read_file(file), "new");
  EXPECT_EQ(fs::status(file).permissions() & fs::perms::all, fs::perms::owner_all);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

TEST(FileIo, FailureLeavesTheOldFileAndNamesThePath) {
  fs::path missing_dir = fresh_dir("failure") / "no" / "such" / "dir" / "f.txt";
  try {
    spak::write_file_atomic(missing_dir, "x");
    FAIL() << "expected an error";
  } catch (const spak::Error& e) {
    EXPECT_NE(std::string(e.what()).find("f.txt"), std::string::npos);
  }
  EXPECT_THROW(spak::read_file(missing_dir), spak::Error);
}

}  // namespace
