#include "spak/util/file_io.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "spak/util/error.h"

namespace fs = std::filesystem;

namespace {

fs::path fresh_dir() {
  fs::path dir = fs::temp_directory_path() / ("spak_file_io_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(FileIo, WriteThenReadRoundTripsBytes) {
  fs::path file = fresh_dir() / "a.txt";
  std::string bytes("line\r\n\0binary\xff", 14);
  spak::write_file_atomic(file, bytes);
  EXPECT_EQ(spak::read_file(file), bytes);
}

TEST(FileIo, OverwriteKeepsPermissionsAndLeavesNoTemporaries) {
  fs::path dir = fresh_dir();
  fs::path file = dir / "script.sh";
  spak::write_file_atomic(file, "old");
  fs::permissions(file, fs::perms::owner_all);
  spak::write_file_atomic(file, "new");
  EXPECT_EQ(spak::read_file(file), "new");
  EXPECT_EQ(fs::status(file).permissions() & fs::perms::all, fs::perms::owner_all);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

TEST(FileIo, FailureLeavesTheOldFileAndNamesThePath) {
  fs::path missing_dir = fresh_dir() / "no" / "such" / "dir" / "f.txt";
  try {
    spak::write_file_atomic(missing_dir, "x");
    FAIL() << "expected an error";
  } catch (const spak::Error& e) {
    EXPECT_NE(std::string(e.what()).find("f.txt"), std::string::npos);
  }
  EXPECT_THROW(spak::read_file(missing_dir), spak::Error);
}

}  // namespace
