#include "spak/knowledge/compound.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <regex>

#include <fmt/format.h>

#include "spak/dsl/entry.h"
#include "spak/dsl/json_export.h"
#include "spak/dsl/load.h"
#include "spak/dsl/parser.h"
#include "spak/knowledge/compound_text.h"
#include "spak/util/error.h"

namespace spak::knowledge {
namespace {
using nlohmann::json;

/// Replace [begin, end) with text; begin == end inserts.
struct Edit {
  std::size_t begin, end;
  std::string text;
};

std::string apply(std::string_view source, std::vector<Edit> edits) {
  std::stable_sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
  std::string out;
  std::size_t at = 0;
  for (const Edit& e : edits) {
    if (e.begin < at) throw Error("internal error: overlapping compound edits at byte {}", e.begin);
    out.append(source.substr(at, e.begin - at));
    out += e.text;
    at = e.end;
  }
  out.append(source.substr(at));
  return out;
}

std::size_t line_start(std::string_view s, std::size_t at) {
  while (at > 0 && s[at - 1] != '\n') --at;
  return at;
}

/// The blanks that open the line holding byte `at`.
std::string indent_at(std::string_view s, std::size_t at) {
  std::size_t i = line_start(s, at);
  std::size_t j = i;
  while (j < s.size() && (s[j] == ' ' || s[j] == '\t')) ++j;
  return std::string(s.substr(i, j - i));
}

bool only_blanks(std::string_view s) { return s.find_first_not_of(" \t") == std::string_view::npos; }

/// Text that inserts `block` (whole lines) just before the `}` at byte `close`, the lines ending in a newline.
Edit insert_before_close(std::string_view source, std::size_t close, const std::string& block,
                         const std::string& close_indent) {
  const std::size_t start = line_start(source, close);
  if (only_blanks(source.substr(start, close - start))) return {start, start, block};
  return {close, close, "\n" + block + close_indent};
}

std::optional<dsl::Entry> find_entry(const std::vector<dsl::Entry>& entries, std::size_t begin) {
  for (const dsl::Entry& e : entries)
    if (e.begin == begin) return e;
  return std::nullopt;
}

std::optional<dsl::Entry> find_section(const dsl::EntryReader& reader, const std::vector<dsl::Entry>& entries,
                                       const std::string& keyword) {
  for (const dsl::Entry& e : entries) {
    if (e.kind != dsl::Entry::Kind::Block || e.body == dsl::Node::kNone) continue;
    const std::string word = e.keyed ? e.key : (e.head.empty() ? "" : std::string(reader.word(e.head[0])));
    if (word == keyword) return e;
  }
  return std::nullopt;
}

std::optional<double> number_field(const dsl::Fact& f, const std::string& key) {
  for (const dsl::Field& field : f.fields)
    if (field.key == key && field.value.is_number()) return field.value.get<double>();
  return std::nullopt;
}

std::string domain_text(const dsl::Parameter& p, const Narrowing& n) {
  switch (p.kind) {
    case dsl::Parameter::Kind::List: return dsl_value(n.kept);
    case dsl::Parameter::Kind::Range:
      return p.step ? fmt::format("range [{}, {}, {}]", dsl_value(n.kept.front()), dsl_value(n.kept.back()),
                                  dsl_value(*p.step))
                    : fmt::format("range [{}, {}]", dsl_value(n.kept.front()), dsl_value(n.kept.back()));
    case dsl::Parameter::Kind::Pow2:
      return fmt::format("pow2 [{}, {}]", dsl_value(n.kept.front()), dsl_value(n.kept.back()));
  }
  return {};
}

std::string joined(const std::vector<json>& values) {
  std::string out;
  for (const json& v : values) out += (out.empty() ? "" : ", ") + dsl::value_text(v);
  return out;
}

/// Where the run of decimal digits that ends `text` starts; text.size() when it does not end in a digit.
std::size_t trailing_digits(std::string_view text) {
  return text.find_last_not_of("0123456789") + 1;  // npos + 1 == 0: all digits
}

/// `digits` + 1 in decimal at any length, keeping its width unless it carries out ("v009" → "v010", "99" → "100"),
/// so no version string overflows an integer type.
std::string incremented(std::string digits) {
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (*it != '9') {
      ++*it;
      return digits;
    }
    *it = '0';
  }
  return "1" + digits;
}

/// The next version after a front matter `version`: integers count up, trailing digits of text count up
/// ("v3" → "v4"), and a file without one is version 1.
std::string next_version(const json& front_matter) {
  if (!front_matter.is_object() || !front_matter.contains("version")) return "2";
  const json& v = front_matter["version"];
  // Signed integers count up here; unsigned ones and INT64_MAX, which +1 could wrap, as text below.
  if (v.is_number_integer() && !v.is_number_unsigned()) {
    const std::int64_t n = v.get<std::int64_t>();
    if (n < std::numeric_limits<std::int64_t>::max()) return std::to_string(n + 1);
  }
  if (v.is_number_float()) return fmt::format("{}", v.get<double>() + 1);
  const std::string text = dsl::value_text(v);
  const std::size_t digits = trailing_digits(text);
  if (digits == text.size()) return text + ".1";
  return text.substr(0, digits) + incremented(text.substr(digits));
}

/// Sets `version`, `derived-from` and `date` in the front matter (token [begin, end) of `source`), or writes a
/// front matter at byte `at` when the file has none.
Edit front_matter_edit(std::string_view source, std::optional<std::pair<std::size_t, std::size_t>> range,
                       std::size_t at, const std::vector<std::pair<std::string, std::string>>& settings) {
  if (!range) {
    std::string text = "---\n";
    for (const auto& [key, value] : settings) text += key + ": " + value + "\n";
    return {at, at, text + "---\n"};
  }
  std::string block(source.substr(range->first, range->second - range->first));
  const std::string newline = block.find("\r\n") != std::string::npos ? "\r\n" : "\n";
  // Lines between the fences; the closing fence is the last line.
  const std::size_t close = block.rfind(newline + "---");
  std::string body = block.substr(0, close + newline.size());
  const std::string tail = block.substr(close + newline.size());
  for (const auto& [key, value] : settings) {
    const std::regex line("(^|\n)" + key + "[ \t]*:[^\r\n]*");
    std::smatch m;
    if (std::regex_search(body, m, line)) {
      body.replace(static_cast<std::size_t>(m.position(0)), static_cast<std::size_t>(m.length(0)),
                   m[1].str() + key + ": " + value);
    } else {
      body += key + ": " + value + newline;
    }
  }
  return {range->first, range->second, body + tail};
}

}  // namespace

std::string next_version_path(const std::string& path, const std::string& version) {
  const std::filesystem::path p(path);
  const std::string stem = p.stem().string();
  static const std::regex versioned("^(.*[_-]v)\\d+$");
  std::smatch m;
  const std::size_t at = trailing_digits(version);
  const std::string digits = at == version.size() ? version : version.substr(at);
  const std::string name = std::regex_match(stem, m, versioned) ? m[1].str() + digits : stem + "_v" + digits;
  return (p.parent_path() / (name + p.extension().string())).string();
}

CompoundResult compound_text(std::string_view source, const std::string& path, const dsl::System& resolved,
                             const Plan& plan, const CompoundOptions& options) {
  const dsl::LoadResult loaded = dsl::load_string(source, path);
  const dsl::System* system = dsl::find_system(loaded.document, options.system);
  if (!system) throw Error("{}: no system{} to compound into", path, options.system.empty() ? "" : " `" + options.system + "`");

  std::vector<dsl::Diagnostic> diagnostics;
  const dsl::SyntaxTree tree = dsl::parse(source, diagnostics);
  const dsl::EntryReader reader(tree);
  const std::optional<dsl::Entry> system_entry = find_entry(reader.entries(0), system->span.begin);
  if (!system_entry || system_entry->body == dsl::Node::kNone)
    throw Error("{}: cannot locate the body of system `{}`", path, system->name);
  const std::vector<dsl::Entry> sections = reader.entries(system_entry->body);

  CompoundResult result;
  std::vector<Edit> edits;

  // ---- facts: new ones appended to knowledge, grown ones replaced where they are written ----
  std::map<std::string, const dsl::Fact*> known, local;
  for (const dsl::Fact& f : resolved.knowledge.facts) known[f.name] = &f;
  for (const dsl::Fact& f : system->knowledge.facts) local[f.name] = &f;
  std::vector<const NewFact*> to_add;
  for (const NewFact& fact : plan.facts) {
    auto it = known.find(fact.name);
    if (it == known.end()) {
      to_add.push_back(&fact);
      result.added.push_back(fact.name);
      continue;
    }
    if (fact.over_trials <= number_field(*it->second, "over_trials").value_or(0)) {
      result.unchanged.push_back(fact.name);
      continue;
    }
    auto here = local.find(fact.name);
    if (here == local.end()) {
      to_add.push_back(&fact);  // written in an ancestor: this version overrides it by name
      result.added.push_back(fact.name);
      continue;
    }
    const dsl::Span& span = here->second->span;
    std::string text = fact_text(fact, indent_at(source, span.begin));
    text = text.substr(indent_at(source, span.begin).size());
    text.pop_back();  // the span ends at `}`; the newline after it is still there
    edits.push_back({span.begin, span.end, text});
    result.replaced.push_back(fact.name);
  }

  // ---- narrowed parameters, wherever this file writes them ----
  std::vector<const dsl::Parameter*> params;
  for (const dsl::Parameter& p : system->tuning_space) params.push_back(&p);
  for (const dsl::Loop& loop : system->loops)
    for (const dsl::Parameter& p : loop.parameters) params.push_back(&p);
  for (const Narrowing& n : plan.narrowings) {
    bool done = false;
    for (const dsl::Parameter* p : params) {
      if (p->name != n.parameter) continue;
      const std::string_view entry = source.substr(p->span.begin, p->span.end - p->span.begin);
      const std::size_t colon = entry.find(':');
      if (colon == std::string_view::npos) continue;
      std::size_t value = colon + 1;
      while (value < entry.size() && (entry[value] == ' ' || entry[value] == '\t')) ++value;
      const std::size_t start = line_start(source, p->span.begin);
      edits.push_back({start, start,
                       fmt::format("{}// spak compound v{}: dropped {} ({}); was {}\n", indent_at(source, p->span.begin),
                                   next_version(loaded.document.front_matter), joined(n.dropped), n.why,
                                   std::string(entry.substr(value)))});
      edits.push_back({p->span.begin + value, p->span.end, domain_text(*p, n)});
      done = true;
    }
    if (done) {
      result.narrowed.push_back(n);
    } else {
      std::string origin;
      for (const dsl::Parameter& p : resolved.tuning_space)
        if (p.name == n.parameter) origin = p.origin;
      result.not_narrowed.push_back(fmt::format("{}: written in {}, not in this file; drop {} there by hand",
                                                n.parameter, origin.empty() ? "an ancestor" : origin, joined(n.dropped)));
    }
  }

  if (!result.changed()) {
    result.text = std::string(source);
    result.version = loaded.document.front_matter.is_object() && loaded.document.front_matter.contains("version")
                         ? loaded.document.front_matter["version"].dump()
                         : "1";
    return result;
  }
  result.version = next_version(loaded.document.front_matter);

  if (!to_add.empty()) {
    const std::optional<dsl::Entry> knowledge = find_section(reader, sections, "knowledge");
    const std::string note = fmt::format("// spak compound v{} ({}){}", result.version, options.date,
                                         options.source_note.empty() ? "" : ": from " + options.source_note);
    if (knowledge) {
      const dsl::Node& braces = tree.nodes[knowledge->body];
      const std::size_t close = tree.tokens[braces.last - 1].begin;
      const std::string outer = indent_at(source, knowledge->begin);
      const std::string inner = outer + "  ";
      std::string block = inner + note + "\n";
      for (const NewFact* f : to_add) block += fact_text(*f, inner);
      edits.push_back(insert_before_close(source, close, block, outer));
    } else {
      const dsl::Node& braces = tree.nodes[system_entry->body];
      const std::size_t close = tree.tokens[braces.last - 1].begin;
      const std::string outer = indent_at(source, system_entry->begin);
      const std::string section = outer + "  ";
      std::string block = section + "knowledge {\n" + section + "  " + note + "\n";
      for (const NewFact* f : to_add) block += fact_text(*f, section + "  ");
      block += section + "}\n";
      edits.push_back(insert_before_close(source, close, block, outer));
    }
  }

  // ---- front matter ----
  std::optional<std::pair<std::size_t, std::size_t>> fm_range;
  std::size_t fm_at = 0;
  for (const dsl::Token& t : tree.tokens) {
    if (t.kind == dsl::TokenKind::Bom) fm_at = t.end;
    if (t.kind == dsl::TokenKind::FrontMatter) fm_range = std::make_pair<std::size_t, std::size_t>(t.begin, t.end);
    if (t.kind != dsl::TokenKind::Bom) break;
  }
  std::vector<std::pair<std::string, std::string>> settings{{"version", result.version}};
  if (!options.derived_from.empty()) settings.emplace_back("derived-from", options.derived_from);
  if (!options.date.empty()) settings.emplace_back("date", options.date);
  edits.push_back(front_matter_edit(source, fm_range, fm_at, settings));

  result.text = apply(source, std::move(edits));

  const dsl::LoadResult check = dsl::load_string(result.text, path);
  if (!check.ok())
    throw Error("internal error: the compounded text of {} does not load; nothing written:\n{}", path,
                check.render_diagnostics());
  const dsl::System* written = dsl::find_system(check.document, system->name);
  for (const std::string& name : result.added) {
    const bool found = written && std::any_of(written->knowledge.facts.begin(), written->knowledge.facts.end(),
                                              [&name](const dsl::Fact& f) { return f.name == name; });
    if (!found) throw Error("internal error: fact `{}` does not read back from the compounded {}", name, path);
  }
  return result;
}

}  // namespace spak::knowledge
