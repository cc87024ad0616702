// Rendering diagnostics. The source line is found from the span's byte offset, so rendering needs no index.

#include "spak/dsl/diagnostic.h"

#include <fmt/format.h>

namespace spak::dsl {

std::string_view severity_name(Diagnostic::Severity severity) {
  switch (severity) {
    case Diagnostic::Severity::Error: return "error";
    case Diagnostic::Severity::Warning: return "warning";
    case Diagnostic::Severity::Note: return "note";
  }
  return "error";
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& d : diagnostics)
    if (d.severity == Diagnostic::Severity::Error) return true;
  return false;
}

std::string render(const Diagnostic& d, std::string_view source) {
  std::string out = fmt::format("{}:{}:{}: {}: {}\n", d.span.file, d.span.line, d.span.col,
                                severity_name(d.severity), d.message);
  if (d.span.line > 0 && d.span.begin <= source.size()) {
    const std::size_t at = d.span.begin;
    std::size_t start = at == 0 ? 0 : source.rfind('\n', at - 1);
    start = start == std::string_view::npos || at == 0 ? 0 : start + 1;
    std::size_t stop = source.find('\n', at);
    if (stop == std::string_view::npos) stop = source.size();
    std::string_view line = source.substr(start, stop - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (start == 0 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    // Long lines (minified or generated input) are cut so the message stays readable.
    constexpr std::size_t kMaxShown = 200;
    std::string caret;
    std::size_t col = 1;
    for (std::size_t i = 0; i < line.size() && col < d.span.col; ++i) {
      const unsigned char c = static_cast<unsigned char>(line[i]);
      if ((c & 0xC0) == 0x80) continue;
      caret += c == '\t' ? '\t' : ' ';
      ++col;
    }
    if (line.size() <= kMaxShown && caret.size() <= kMaxShown) {
      std::string shown;
      for (char c : line) shown += (static_cast<unsigned char>(c) < 0x20 && c != '\t') ? '?' : c;
      out += fmt::format("  {}\n  {}^\n", shown, caret);
    }
  }
  if (!d.hint.empty()) out += fmt::format("  hint: {}\n", d.hint.text());
  return out;
}

}  // namespace spak::dsl
