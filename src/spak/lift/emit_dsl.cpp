#include "spak/lift/emit_dsl.h"

#include <set>

#include <fmt/format.h>

namespace spak::lift {

namespace {

/// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not one.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  return n;
}

std::string value_text(const nlohmann::json& v) {
  if (v.is_string()) return dsl_string(v.get<std::string>());
  return v.dump();
}

std::string list_text(const std::vector<nlohmann::json>& values) {
  std::vector<std::string> items;
  for (const nlohmann::json& v : values) items.push_back(value_text(v));
  return fmt::format("[{}]", fmt::join(items, ", "));
}

/// `text` as valid UTF-8 on one line: control characters become spaces, bytes that are not UTF-8 become '?'.
std::string clean_text(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t n = utf8_length(text, i);
    if (n == 0) out += '?';
    else if (n == 1 && static_cast<unsigned char>(text[i]) < 0x20) out += ' ';
    else out.append(text.substr(i, n));
    i += n == 0 ? 1 : n;
  }
  return out;
}

/// "a.py:L12 (+3 more)".
std::string cited(const std::vector<Evidence>& evidence) {
  if (evidence.empty()) return "";
  std::string out = citation(evidence.front());
  if (evidence.size() > 1) out += fmt::format(" (+{} more)", evidence.size() - 1);
  return out;
}

void write_sources(std::string& out, const std::vector<Evidence>& evidence, const char* indent) {
  if (evidence.empty()) return;
  out += fmt::format("{}source: {}\n", indent, dsl_string(citation(evidence.front())));
  if (evidence.size() > 1) {
    std::vector<std::string> also;
    for (std::size_t i = 1; i < evidence.size(); ++i) also.push_back(dsl_string(citation(evidence[i])));
    out += fmt::format("{}also: [{}]\n", indent, fmt::join(also, ", "));
  }
  out += fmt::format("{}evidence: {}\n", indent, dsl_string(evidence.front().text));
}

void write_axes(std::string& out, const LiftResult& result, Axis::Kind kind) {
  std::set<std::string> explained;  // a pattern's meaning is written once per section, at its first axis
  for (const Axis& a : result.axes) {
    if (a.kind != kind) continue;
    std::string note = explained.insert(a.pattern).second ? clean_text(a.meaning) + " " : "";
    if (kind == Axis::Kind::Design && !a.observed.empty()) note += "Observed: " + clean_text(list_text(a.observed)) + ". ";
    out += fmt::format("    // {}[{}] {}\n", note, a.pattern, cited(a.evidence));
    if (a.values.empty())
      out += fmt::format("    // {}: no values found in the source; add them to tune it\n", a.name);
    else
      out += fmt::format("    {}: {}\n", a.name, list_text(a.values));
  }
}

}  // namespace

std::string dsl_string(std::string_view text) {
  std::string out = "\"";
  for (char c : clean_text(text)) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '{' && out.back() == '{') out += ' ';
    out += c;
  }
  return out + "\"";
}

std::string render_dsl(const LiftResult& result, const std::string& system_name) {
  std::string out;
  std::vector<std::string> inputs;
  for (const LiftedFile& f : result.files) inputs.push_back(fmt::format("{} ({})", f.path, f.language));
  out += fmt::format("// Lifted by `spak lift` from {}.\n", clean_text(fmt::format("{}", fmt::join(inputs, ", "))));
  out += "// Each entry cites the source line it was found on. Review the values before tuning over them.\n";
  out += fmt::format("system {} {{\n", system_name);

  out += "  design_space {\n";
  write_axes(out, result, Axis::Kind::Design);
  out += "  }\n  tuning_space {\n";
  write_axes(out, result, Axis::Kind::Tuning);
  out += "  }\n  knowledge {\n";
  for (const Fact& f : result.facts) {
    out += fmt::format("    fact {} {{\n      description: {}\n", f.name, dsl_string(f.description));
    if (!f.values.empty()) out += fmt::format("      values: {}\n", list_text(f.values));
    write_sources(out, f.evidence, "      ");
    out += fmt::format("      pattern: {}\n    }}\n", dsl_string(f.pattern));
  }
  for (const Invariant& i : result.invariants) {
    out += fmt::format("    invariant {} {{\n      assert: {}\n      description: {}\n", i.name,
                       dsl_string(i.assertion), dsl_string(i.description));
    write_sources(out, i.evidence, "      ");
    out += fmt::format("      pattern: {}\n    }}\n", dsl_string(i.pattern));
  }
  out += "  }\n";
  // The measurements a kernel benchmark reports (docs/TRACE.md); a lift cannot see them, so it proposes the
  // standard pair.
  out += "  trace_schema {\n    variant TraceItem {\n"
         "      case Performance {\n        tflops: float\n        time_ms: float\n      }\n"
         "      case Correctness {\n        passed: bool\n        max_error: float\n      }\n"
         "    }\n  }\n}\n";
  return out;
}

}  // namespace spak::lift
