// Loading bad input: each gives a clear message or a clean parse, never a crash or a hang.

#include "spak/dsl/load.h"

#include <chrono>

#include <gtest/gtest.h>

#include "generator.h"
#include "spak/util/error.h"

namespace spak::dsl {
namespace {

TEST(Load, EmptyFileIsAnEmptyDocument) {
  LoadResult r = load_string("", "empty.dsl");
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.diagnostics.empty());
  EXPECT_TRUE(r.document.systems.empty());
  EXPECT_EQ(find_system(r.document), nullptr);
}

TEST(Load, BinaryFileIsOneClearError) {
  std::string bytes;
  for (int i = 0; i < 4096; ++i) bytes += static_cast<char>((i * 7919) & 0xFF);
  LoadResult r = load_string(bytes, "blob.bin");
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.diagnostics.at(0).message.find("binary"), std::string::npos);
  EXPECT_EQ(r.diagnostics.size(), 1u) << "a binary file must not flood the terminal";
}

TEST(Load, TenThousandNestedBraces) {
  LoadResult r = load_string("x " + std::string(10000, '{') + std::string(10000, '}') + "\n", "deep.dsl");
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.render_diagnostics().find("nesting deeper than 256 levels"), std::string::npos);
  LoadResult open = load_string(std::string(10000, '{'), "open.dsl");
  EXPECT_FALSE(open.ok());
  std::size_t errors = 0;
  for (const Diagnostic& d : open.diagnostics) errors += d.severity == Diagnostic::Severity::Error;
  EXPECT_LE(errors, 12u);
  EXPECT_NE(open.render_diagnostics().find("more `{` are never closed"), std::string::npos);
  LoadResult lists = load_string("x: " + std::string(10000, '[') + std::string(10000, ']') + "\n", "l.dsl");
  EXPECT_TRUE(lists.ok());
  std::string calls = "x: ";
  for (int i = 0; i < 100000; ++i) calls += "f(";
  LoadResult deep_calls = load_string(calls + "\n", "c.dsl");
  EXPECT_TRUE(deep_calls.ok());
}

TEST(Load, LargeInputParsesQuickly) {
  // Speed is measured by bench/parse and the 100 MB CLI test (Release); here, 1 MB must simply finish, even
  // in a sanitizer build on a busy machine.
  const std::string text = testing::Generator(3).large(1u << 20);
  const auto start = std::chrono::steady_clock::now();
  LoadResult r = load_string(text, "big.dsl");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(r.ok());
  EXPECT_GT(r.document.systems.size(), 10u);
  EXPECT_LT(seconds, 60.0);
}

TEST(Load, MissingFileThrowsSpakError) {
  EXPECT_THROW(load_file("/nonexistent/nope.dsl"), spak::Error);
}

TEST(Load, FindSystemByName) {
  LoadResult r = load_string("system A {}\nsystem B { x: 1 }\n", "two.dsl");
  ASSERT_NE(find_system(r.document, "B"), nullptr);
  EXPECT_EQ(find_system(r.document, "B")->fields.size(), 1u);
  EXPECT_EQ(find_system(r.document)->name, "A");
  EXPECT_EQ(find_system(r.document, "C"), nullptr);
}

}  // namespace
}  // namespace spak::dsl
