// Names files: trimming, vocabulary, encoding with BOS, and the empty-file error.

#include "dataset.h"

#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "spak/util/error.h"
#include "spak/util/file_io.h"

namespace spak::microgpt {
namespace {

TEST(Dataset, TrimsLinesSkipsBlanksAndSortsTheVocabulary) {
  const Dataset d = parse_dataset("  bob\r\n\n\t\nalice \ncab");
  EXPECT_EQ(d.docs, (std::vector<std::string>{"bob", "alice", "cab"}));
  EXPECT_EQ(d.chars, "abceilo");
  EXPECT_EQ(d.bos(), 7);
  EXPECT_EQ(d.vocab_size(), 8);
}

TEST(Dataset, EncodesWithBosAtBothEndsAndDecodesBack) {
  const Dataset d = parse_dataset("cab\n");
  EXPECT_EQ(d.encode("cab"), (std::vector<int>{3, 2, 0, 1, 3}));
  EXPECT_EQ(d.decode({3, 2, 0, 1, 3}), "cab");
  EXPECT_THROW(d.encode("cz"), Error);
}

TEST(Dataset, EmptyOrMissingFileIsAnError) {
  EXPECT_THROW(parse_dataset("\n  \n"), Error);
  const auto dir = std::filesystem::temp_directory_path() / ("spak-microgpt-dataset-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  write_file_atomic(dir / "empty.txt", "");
  try {
    load_dataset(dir / "empty.txt");
    FAIL() << "an empty file was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("empty.txt"), std::string::npos) << e.what();
  }
  EXPECT_THROW(load_dataset(dir / "missing.txt"), Error);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace spak::microgpt
