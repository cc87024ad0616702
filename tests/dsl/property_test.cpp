// Properties that must hold for every input:
//   print(parse(x)) == x                       (lossless, for any bytes at all)
//   fmt(fmt(x)) == fmt(x)                      (idempotent)
//   export(fmt(x)) == export(x) without spans  (formatting never changes meaning)
// checked on every example, on generated documents, and (losslessness) on random bytes.

#include <random>

#include <gtest/gtest.h>

#include "corpus.h"
#include "generator.h"
#include "spak/dsl/format.h"
#include "spak/dsl/json_export.h"
#include "spak/dsl/load.h"
#include "spak/dsl/parser.h"
#include "spak/util/file_io.h"

namespace spak::dsl {
namespace {

std::string formatted(const std::string& text) {
  std::vector<Diagnostic> diags;
  return format(parse(text, diags));
}

std::string exported(const std::string& text) {
  LoadResult r = load_string(text, "x.dsl");
  return to_json(r.document, false).dump(1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void check_properties(const std::string& text, const std::string& what) {
  std::vector<Diagnostic> diags;
  SyntaxTree tree = parse(text, diags);
  ASSERT_EQ(print(tree), text) << what;
  if (has_errors(diags)) return;  // fmt refuses files with errors
  const std::string once = format(tree);
  EXPECT_EQ(formatted(once), once) << what << "\n--- formatted once:\n" << once;
  EXPECT_EQ(exported(once), exported(text)) << what << "\n--- formatted:\n" << once;
  std::vector<Diagnostic> again;
  parse(once, again);
  EXPECT_FALSE(has_errors(again)) << what;
}

TEST(Property, EveryExample) {
  const auto files = testing::corpus();
  ASSERT_GE(files.size(), 15u);
  for (const auto& path : files) {
    SCOPED_TRACE(path.string());
    const std::string text = read_file(path);
    check_properties(text, path.string());
    EXPECT_TRUE(load_string(text, path.string()).ok()) << load_string(text, path.string()).render_diagnostics();
  }
}

TEST(Property, GeneratedDocuments) {
  for (unsigned seed = 1; seed <= 300; ++seed) {
    testing::Generator gen(seed, seed % 5 == 0);
    const std::string text = gen.document(10 + static_cast<int>(seed % 40));
    std::vector<Diagnostic> diags;
    parse(text, diags);
    EXPECT_FALSE(has_errors(diags)) << "seed " << seed << "\n" << text;
    check_properties(text, "seed " + std::to_string(seed));
  }
}

TEST(Property, RandomBytesRoundTripAndNeverCrash) {
  std::mt19937 rng(7);
  const std::string alphabet = "{}[]():,;|=#/*\"'\n\r\t -_.ab1\\\xEC\x95\x88";
  for (int round = 0; round < 2000; ++round) {
    std::string text(std::uniform_int_distribution<int>(0, 200)(rng), ' ');
    for (char& c : text)
      c = round % 3 == 0 ? static_cast<char>(rng()) : alphabet[rng() % alphabet.size()];
    std::vector<Diagnostic> diags;
    ASSERT_EQ(print(parse(text, diags)), text);
    check_properties(text, "random round " + std::to_string(round));
    LoadResult r = load_string(text, "r.dsl");
    for (const Diagnostic& d : r.diagnostics) EXPECT_FALSE(render(d, r.source).empty());
  }
}

}  // namespace
}  // namespace spak::dsl
