// load_file / load_string: parse, lower, then give every diagnostic its file, line and column, in source order.

#include "spak/dsl/load.h"

#include <algorithm>

#include <fmt/format.h>

#include "spak/dsl/lexer.h"
#include "spak/dsl/lower.h"
#include "spak/dsl/parser.h"
#include "spak/dsl/source_map.h"
#include "spak/util/file_io.h"

namespace spak::dsl {

std::string LoadResult::render_diagnostics() const {
  std::string out;
  for (const Diagnostic& d : diagnostics) out += render(d, source);
  return out;
}

LoadResult load_string(std::string_view text, std::string path) {
  LoadResult r;
  r.document.path = path;
  if (text.size() >= kMaxSourceBytes) {
    Diagnostic d;
    d.span.file = path;
    d.span.line = d.span.col = 1;
    d.message = fmt::format("file is too large ({} bytes; the limit is {} bytes)", text.size(), kMaxSourceBytes);
    r.diagnostics.push_back(std::move(d));
    return r;
  }
  r.source = std::string(text);
  const SourceMap map(r.source);
  if (const auto nul = r.source.find('\0'); nul != std::string::npos) {
    // Parsing a binary file would only bury the one useful message under noise.
    Diagnostic d;
    d.span.begin = d.span.end = nul;
    d.message = "this looks like a binary file (NUL byte), not a .dsl file";
    d.hint = "a .dsl file is UTF-8 text";
    r.diagnostics.push_back(std::move(d));
  } else {
    SyntaxTree tree = parse(r.source, r.diagnostics);
    r.document = lower(tree, map, path, r.diagnostics);
  }
  const SourcePath file(path);
  for (Diagnostic& d : r.diagnostics) {
    d.span.file = file;
    if (d.span.line == 0) map.locate(d.span);  // the lowering's warnings on kept nodes come located
  }
  const auto by_offset = [](const Diagnostic& a, const Diagnostic& b) { return a.span.begin < b.span.begin; };
  // Usually already in order (the lowering walks the file front to back); sorting moves every message.
  if (!std::is_sorted(r.diagnostics.begin(), r.diagnostics.end(), by_offset))
    std::stable_sort(r.diagnostics.begin(), r.diagnostics.end(), by_offset);
  return r;
}

LoadResult load_file(const std::filesystem::path& path) {
  return load_string(read_file(path), path.string());
}

const System* find_system(const Document& document, std::string_view name) {
  for (const System& s : document.systems)
    if (name.empty() || s.name == name) return &s;
  return nullptr;
}

}  // namespace spak::dsl
