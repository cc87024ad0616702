// Fuzz target for the DSL front end. Beyond "no crash, no sanitizer report", it checks the properties the
// front end promises for any input: the tree prints back the input exactly; for input without errors,
// formatting is idempotent and keeps the meaning (JSON export without spans is unchanged).
//
// Built as a libFuzzer target with -DSPAK_FUZZ=ON (clang); otherwise as a replay program that runs the same
// checks over the files or directories given on its command line (the seed corpus), as a regression test.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "spak/dsl/format.h"
#include "spak/dsl/json_export.h"
#include "spak/dsl/load.h"
#include "spak/dsl/parser.h"

namespace {

void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "property violated: %s\n", what);
    std::abort();
  }
}

std::string exported(const std::string& text) {
  const spak::dsl::LoadResult r = spak::dsl::load_string(text, "fuzz.dsl");
  for (const auto& d : r.diagnostics) (void)spak::dsl::render(d, r.source);
  return spak::dsl::to_json(r.document, false).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<spak::dsl::Diagnostic> diagnostics;
  const spak::dsl::SyntaxTree tree = spak::dsl::parse(text, diagnostics);
  require(spak::dsl::print(tree) == text, "print(parse(x)) == x");
  const std::string meaning = exported(text);
  if (spak::dsl::has_errors(diagnostics)) return 0;
  const std::string once = spak::dsl::format(tree);
  std::vector<spak::dsl::Diagnostic> again;
  const spak::dsl::SyntaxTree formatted = spak::dsl::parse(once, again);
  require(!spak::dsl::has_errors(again), "formatted text parses without errors");
  require(spak::dsl::format(formatted) == once, "fmt(fmt(x)) == fmt(x)");
  require(exported(once) == meaning, "export(fmt(x)) == export(x)");
  return 0;
}

#ifndef SPAK_LIBFUZZER
#include <filesystem>

#include "spak/util/file_io.h"

int main(int argc, char** argv) {
  std::size_t files = 0;
  for (int i = 1; i < argc; ++i) {
    auto run = [&](const std::filesystem::path& p) {
      const std::string bytes = spak::read_file(p);
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      ++files;
    };
    if (std::filesystem::is_directory(argv[i])) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(argv[i]))
        if (e.is_regular_file()) run(e.path());
    } else {
      run(argv[i]);
    }
  }
  std::printf("replayed %zu inputs, all properties hold\n", files);
  return files > 0 ? 0 : 1;
}
#endif
