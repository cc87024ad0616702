#include "spak/lift/pattern_db.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "fixture.h"
#include "spak/util/error.h"
#include "spak/util/file_io.h"
#include "support/scratch.h"

namespace fs = std::filesystem;
using spak::test_support::fresh_dir;

namespace spak::lift {
namespace {

const char* kHeader = R"("language": "toy", "comments": "c", "extensions": [".toy"],
  "kernels": {"style": "c_qualifier", "marker": "\\bkernel\\b"})";

/// Loads a database made of one file with `body` and returns the error message ("" when it loads).
std::string load_error(const std::string& tag, const std::string& body) {
  fs::path dir = fresh_dir(tag);
  write_file_atomic(dir / "toy.json", body);
  try {
    load_pattern_db(dir);
    return "";
  } catch (const Error& e) {
    return e.what();
  }
}

std::string one_pattern(const std::string& fields) {
  return std::string("{") + kHeader + R"(, "patterns": [{"id": "toy.p", )" + fields + "}]}";
}

TEST(PatternDb, RepositoryDatabaseLoadsAndEveryPatternIsDocumented) {
  const PatternDb& db = testing::repository_db();
  ASSERT_NE(db.find("cutile"), nullptr);
  ASSERT_NE(db.find("cuda"), nullptr);
  for (const Language& lang : db.languages) {
    EXPECT_GE(lang.patterns.size(), 20u) << lang.name;
    for (const Pattern& p : lang.patterns) EXPECT_GE(p.meaning.size(), 40u) << p.id << " needs a real meaning";
  }
}

TEST(PatternDb, DetectsByExtensionThenByContent) {
  const PatternDb& db = testing::repository_db();
  EXPECT_EQ(db.detect("a.py", "print(1)")->name, "cutile");
  EXPECT_EQ(db.detect("k.cuh", "")->name, "cuda");
  EXPECT_EQ(db.detect("kernel.txt", "import cuda.tile as ct\n")->name, "cutile");
  EXPECT_EQ(db.detect("kernel.inc", "__global__ void k() {}\n")->name, "cuda");
  EXPECT_EQ(db.detect("notes.txt", "nothing here"), nullptr);
}

TEST(PatternDb, ProblemsNameTheFileAndThePattern) {
  std::string ok = load_error("ok", one_pattern(R"("kind": "fact", "name": "f", "match": "x", "meaning": "m")"));
  EXPECT_EQ(ok, "");
  struct Case {
    std::string fields, expect;
  } cases[] = {
      {R"("kind": "fact", "name": "f", "match": "(x", "meaning": "m")", "regex error at offset"},
      {R"("kind": "fact", "name": "${nope}", "match": "x", "meaning": "m")", "names group \"nope\""},
      {R"("kind": "fact", "name": "f", "match": "x")", "missing \"meaning\""},
      {R"("kind": "axis", "name": "f", "match": "x", "meaning": "m")", "kind \"axis\""},
      {R"("kind": "fact", "name": "f", "match": "x", "meaning": "m", "colour": 1)", "unknown key \"colour\""},
      {R"("kind": "fact", "name": "f", "scope": "call", "match": "x", "meaning": "m")", "missing \"call\""},
      {R"("kind": "fact", "name": "f", "requires": ["x"], "match": "x", "meaning": "m")", "only belongs to scope"},
      {R"("kind": "invariant", "name": "f", "match": "x", "meaning": "m")", "missing \"assert\""},
  };
  for (const Case& c : cases) {
    std::string message = load_error("bad", one_pattern(c.fields));
    EXPECT_NE(message.find("toy.json"), std::string::npos) << message;
    EXPECT_NE(message.find(c.expect), std::string::npos) << "for " << c.fields << "\ngot: " << message;
  }
  EXPECT_NE(load_error("json", "{ not json").find("not valid JSON"), std::string::npos);
}

TEST(PatternDb, ExtensionFilesAddPatternsToALanguageButMayNotRedefineIt) {
  fs::path dir = fresh_dir("extend");
  write_file_atomic(dir / "a_toy.json", one_pattern(R"("kind": "fact", "name": "f", "match": "x", "meaning": "m")"));
  write_file_atomic(dir / "b_more.json", R"({"language": "toy", "patterns": [
      {"id": "toy.q", "kind": "tuning", "name": "n", "match": "y", "meaning": "m"}]})");
  PatternDb db = load_pattern_db(dir);
  ASSERT_EQ(db.languages.size(), 1u);
  EXPECT_EQ(db.languages[0].patterns.size(), 2u);

  write_file_atomic(dir / "c_dup.json", std::string("{") + kHeader + "}");
  EXPECT_THROW(load_pattern_db(dir), Error);
  fs::remove(dir / "c_dup.json");
  write_file_atomic(dir / "d_same_id.json", one_pattern(R"("kind": "fact", "name": "f", "match": "x", "meaning": "m")")
                                                .replace(1, std::string(kHeader).size(), R"("language": "toy")"));
  try {
    load_pattern_db(dir);
    FAIL() << "a duplicate id must be refused";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("defined twice"), std::string::npos) << e.what();
  }
}

TEST(PatternDb, DirectoryLookupHonoursTheFlagAndTheEnvironment) {
  fs::path dir = fresh_dir("lookup");
  EXPECT_EQ(find_pattern_dir(dir.string()), dir);
  EXPECT_THROW(find_pattern_dir((dir / "missing").string()), Error);
  ::setenv("SPAK_PATTERNS", dir.c_str(), 1);
  EXPECT_EQ(find_pattern_dir(""), dir);
  ::unsetenv("SPAK_PATTERNS");
  EXPECT_TRUE(fs::is_directory(find_pattern_dir("")));  // the compiled-in source tree
}

}  // namespace
}  // namespace spak::lift
