#include "spak/dsl/source_path.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "spak/dsl/load.h"

namespace spak::dsl {
namespace {

TEST(SourcePath, EqualPathsShareOneCopy) {
  const std::string path = "a/rather/long/path/to/some/system.dsl";
  const SourcePath a{path}, b{std::string_view(path)}, other{"b.dsl"};
  EXPECT_EQ(&a.str(), &b.str());
  EXPECT_EQ(a, b);
  EXPECT_FALSE(a == other);
  EXPECT_EQ(a.str(), path);
}

TEST(SourcePath, EmptyByDefaultAndFromEmptyText) {
  EXPECT_TRUE(SourcePath().empty());
  EXPECT_TRUE(SourcePath("").empty());
  EXPECT_EQ(SourcePath().str(), "");
  EXPECT_EQ(SourcePath(), SourcePath(""));
  EXPECT_FALSE(SourcePath("x.dsl").empty());
}

TEST(SourcePath, FormatsAsThePath) {
  EXPECT_EQ(fmt::format("{}:{}", SourcePath("dir/k.dsl"), 3), "dir/k.dsl:3");
  EXPECT_EQ(fmt::format("[{:>6}]", SourcePath("k.dsl")), "[ k.dsl]");
}

TEST(SourcePath, EverySpanOfALoadedFileSharesThePath) {
  const LoadResult r = load_string("system S {\n  a: 1\n  b: [1, 2]\n  mystery { x: 1 }\n}\n", "some/dir/file.dsl");
  const System& s = r.document.systems.at(0);
  ASSERT_EQ(s.fields.size(), 2u);
  EXPECT_EQ(s.span.file.str(), "some/dir/file.dsl");
  EXPECT_EQ(&s.fields[0].span.file.str(), &s.span.file.str());
  EXPECT_EQ(&s.fields[1].span.file.str(), &s.span.file.str());
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics[0].span.file, s.span.file);
}

}  // namespace
}  // namespace spak::dsl
