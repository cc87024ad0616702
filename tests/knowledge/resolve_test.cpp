#include "spak/knowledge/resolve.h"

#include <map>

#include <gtest/gtest.h>

namespace spak::knowledge {
namespace {
namespace fs = std::filesystem;

/// Files that exist only in memory, keyed by normalised absolute path.
class FakeFiles {
 public:
  dsl::System& add(const std::string& file, const std::string& system, const std::string& extends,
                   std::vector<std::string> imports = {}) {
    dsl::Document& doc = docs_[key(file)];
    doc.path = file;
    for (auto& i : imports) doc.imports.push_back(i);
    dsl::System s;
    s.name = system;
    s.extends = extends;
    s.span.file = file;
    s.span.line = static_cast<std::uint32_t>(doc.systems.size() + 1);
    s.span.col = 1;
    doc.systems.push_back(s);
    return doc.systems.back();
  }
  DocumentLoader loader() {
    return [this](const fs::path& path) {
      auto it = docs_.find(key(path));
      if (it == docs_.end()) throw Error("{}: cannot open: No such file or directory", path.string());
      return it->second;
    };
  }

 private:
  static std::string key(const fs::path& p) { return fs::absolute(p).lexically_normal().string(); }
  std::map<std::string, dsl::Document> docs_;
};

dsl::Fact fact(const std::string& name, double value) {
  dsl::Fact f;
  f.name = name;
  f.fields.push_back({"value", value, "", {}});
  return f;
}

TEST(Resolve, ExtendsChainOfThreeAcrossImports) {
  FakeFiles files;
  files.add("v/attn_v1.dsl", "Attn_v1", "").knowledge.facts = {fact("peak", 1), fact("slow_path", 0)};
  files.add("v/attn_v2.dsl", "Attn_v2", "Attn_v1", {"attn_v1.dsl"}).knowledge.facts = {fact("peak", 2)};
  files.add("v/attn_v3.dsl", "Attn_v3", "Attn_v2", {"attn_v2.dsl"}).knowledge.facts = {fact("tma", 3)};

  ResolvedSystem r = resolve_system("v/attn_v3.dsl", files.loader());
  ASSERT_EQ(r.chain.size(), 3u);
  EXPECT_EQ(r.chain[0].system, "Attn_v3");
  EXPECT_EQ(r.chain[2].system, "Attn_v1");
  EXPECT_EQ(r.chain[2].file, "v/attn_v1.dsl");
  const auto& facts = r.system.knowledge.facts;
  ASSERT_EQ(facts.size(), 3u);
  EXPECT_EQ(facts[0].name, "peak");
  EXPECT_EQ(facts[0].fields[0].value, 2);
  EXPECT_EQ(facts[0].origin, "v/attn_v2.dsl");
  EXPECT_EQ(facts[1].origin, "v/attn_v1.dsl");
  EXPECT_EQ(facts[2].origin, "v/attn_v3.dsl");
  EXPECT_EQ(r.system.name, "Attn_v3");
}

TEST(Resolve, SameNameParentIsLookedUpInImportsOnly) {
  FakeFiles files;
  files.add("a.dsl", "Gemm", "").knowledge.facts = {fact("base", 1)};
  files.add("b.dsl", "Gemm", "Gemm", {"a.dsl"}).knowledge.facts = {fact("more", 2)};
  ResolvedSystem r = resolve_system("b.dsl", files.loader());
  EXPECT_EQ(r.chain.size(), 2u);
  EXPECT_EQ(r.system.knowledge.facts.size(), 2u);
}

TEST(Resolve, InheritanceCycleIsAnError) {
  FakeFiles files;
  files.add("c.dsl", "A", "C");
  files.add("c.dsl", "B", "A");
  files.add("c.dsl", "C", "B");
  try {
    resolve_system("c.dsl", files.loader(), "B");
    FAIL() << "expected a cycle error";
  } catch (const ResolveError& e) {
    EXPECT_STREQ(e.what(), "c.dsl:3:1: error: inheritance cycle: B -> A -> C -> B");
  }
}

TEST(Resolve, ImportCycleIsAnError) {
  FakeFiles files;
  files.add("x.dsl", "X", "", {"y.dsl"});
  files.add("y.dsl", "Y", "", {"x.dsl"});
  try {
    resolve_system("x.dsl", files.loader());
    FAIL() << "expected an import cycle";
  } catch (const ResolveError& e) {
    EXPECT_STREQ(e.what(), "y.dsl: error: import cycle: x.dsl -> y.dsl -> x.dsl");
  }
}

TEST(Resolve, MissingParentAndMissingImportNameTheFile) {
  FakeFiles files;
  files.add("p.dsl", "P", "Nope", {"q.dsl"});
  files.add("q.dsl", "Q", "");
  try {
    resolve_system("p.dsl", files.loader());
    FAIL() << "expected a missing parent";
  } catch (const ResolveError& e) {
    EXPECT_STREQ(e.what(), "p.dsl:1:1: error: system 'P' extends 'Nope', which is not defined in p.dsl, q.dsl");
  }
  files.add("r.dsl", "R", "", {"gone.dsl"});
  try {
    resolve_system("r.dsl", files.loader());
    FAIL() << "expected a missing import";
  } catch (const ResolveError& e) {
    EXPECT_STREQ(e.what(),
                 "r.dsl: error: cannot import \"gone.dsl\": gone.dsl: cannot open: No such file or directory");
  }
  EXPECT_THROW(resolve_system("r.dsl", files.loader(), "Missing"), ResolveError);
}

}  // namespace
}  // namespace spak::knowledge
