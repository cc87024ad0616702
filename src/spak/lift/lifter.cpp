#include "spak/lift/lifter.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "spak/lift/capture_template.h"
#include "spak/util/error.h"
#include "spak/util/file_io.h"

namespace spak::lift {

namespace {

/// One region of the code a pattern is matched against, with the captures the structure gives it for free.
struct Region {
  Range range;
  Captures builtins;
  std::vector<std::string> bound_values;  ///< template parameters: literal instantiation arguments
  const Kernel* kernel = nullptr;         ///< kernel scope: the kernel this region is
};

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

/// Axis and fact names must be DSL identifiers: letters, digits and `_`.
std::string identifier(std::string_view s) {
  std::string out;
  for (char c : s) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (!out.empty() && std::isdigit(static_cast<unsigned char>(out[0]))) out.insert(out.begin(), '_');
  return out;
}

bool is_identifier(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

/// Runs one pattern over one file.
class PatternRun {
 public:
  PatternRun(const SourceFile& source, const Structure& structure, int file_index, LiftResult& result)
      : source_(source), structure_(structure), file_index_(file_index), result_(result) {}

  void run(const Pattern& p) {
    for (const Region& region : regions(p)) {
      std::string_view subject = std::string_view(source_.code).substr(region.range.begin,
                                                                       region.range.end - region.range.begin);
      if (p.scope == Scope::Kernel && !kernel_qualifies(p, subject)) continue;
      if (!p.match) {
        emit(p, region, region_captures(p, region, subject), kernel_evidence(p, region, subject));
        continue;
      }
      for (const RegexMatch& m : p.match->find_all(subject)) {
        Captures captures = region_captures(p, region, subject);
        for (const auto& [name, r] : m.groups)
          captures[name] = std::string(subject.substr(r.begin, r.end - r.begin));
        std::size_t cited = m.whole.begin;
        if (auto it = m.groups.find(p.cite); !p.cite.empty() && it != m.groups.end()) cited = it->second.begin;
        // Cite the first non-blank character, so a match that starts with a newline cites the code.
        while (cited < subject.size() && std::isspace(static_cast<unsigned char>(subject[cited]))) ++cited;
        emit(p, region, captures, {evidence_at(region.range.begin + cited)});
      }
    }
  }

 private:
  std::vector<Region> regions(const Pattern& p) const {
    std::vector<Region> out;
    const std::string_view code = source_.code;
    switch (p.scope) {
      case Scope::Line:
        for (std::size_t i = 0; i < source_.line_starts.size(); ++i) {
          std::size_t begin = source_.line_starts[i];
          std::size_t end = code.find('\n', begin);
          out.push_back({{begin, end == std::string_view::npos ? code.size() : end}, {}, {}});
        }
        break;
      case Scope::File:
        out.push_back({{0, code.size()}, {}, {}});
        break;
      case Scope::Call:
        for (Range call : find_calls(code, *p.call)) {
          std::size_t paren = code.find('(', call.begin);
          out.push_back({call, {{"callee", trim(code.substr(call.begin, paren - call.begin))}}, {}});
        }
        break;
      case Scope::Kernel:
        for (const Kernel& k : structure_.kernels) out.push_back({k.range, {{"kernel", k.name}}, {}, &k});
        break;
      case Scope::Param:
      case Scope::TemplateParam:
        for (const Param& param : p.scope == Scope::Param ? structure_.kernel_params : structure_.template_params)
          out.push_back({param.range, {{"kernel", param.owner}}, param.bound_values});
        break;
    }
    for (Region& r : out) {
      if (r.builtins.count("kernel")) continue;
      if (const Kernel* k = structure_.kernel_at(r.range.begin)) r.builtins["kernel"] = k->name;
    }
    return out;
  }

  bool kernel_qualifies(const Pattern& p, std::string_view body) const {
    for (const Regex& r : p.requires_all)
      if (!r.find(body)) return false;
    for (const Regex& r : p.forbids)
      if (r.find(body)) return false;
    return true;
  }

  /// Built-ins plus the named groups of a kernel pattern's `requires` (their first matches).
  Captures region_captures(const Pattern& p, const Region& region, std::string_view subject) const {
    Captures captures = region.builtins;
    captures["file"] = std::filesystem::path(source_.path).stem().string();
    for (const Regex& r : p.requires_all)
      if (auto m = r.find(subject))
        for (const auto& [name, range] : m->groups)
          captures[name] = std::string(subject.substr(range.begin, range.end - range.begin));
    return captures;
  }

  /// A kernel pattern without `match` cites the kernel's head and the first line each `requires` matched.
  std::vector<Evidence> kernel_evidence(const Pattern& p, const Region& region, std::string_view subject) const {
    std::vector<Evidence> evidence;
    if (region.kernel) evidence.push_back(evidence_at(region.kernel->head));
    for (const Regex& r : p.requires_all)
      if (auto m = r.find(subject)) evidence.push_back(evidence_at(region.range.begin + m->whole.begin));
    return evidence;
  }

  Evidence evidence_at(std::size_t offset) const {
    int line = source_.line_of(offset);
    return {source_.path, line, trim(source_.line_text(line)), file_index_};
  }

  /// The values a captured value stands for: a loop variable over a literal list stands for the list.
  std::vector<nlohmann::json> resolve(const std::string& text) const {
    std::vector<nlohmann::json> values;
    if (text.empty()) return values;
    if (auto it = structure_.list_bindings.find(text); it != structure_.list_bindings.end()) {
      for (const std::string& item : it->second) values.push_back(literal_value(item));
      return values;
    }
    values.push_back(literal_value(text));
    return values;
  }

  void emit(const Pattern& p, const Region& region, Captures captures, std::vector<Evidence> evidence) {
    if (!evidence.empty()) captures["line"] = std::to_string(evidence.front().line);
    std::string name = identifier(expand_template(p.name, captures));
    if (name.empty()) return;
    std::vector<nlohmann::json> values = resolve(expand_template(p.value, captures));
    // A tuning value captured as a bare name the file never binds to literals (`TILE_M=tile_m` with tile_m
    // computed) is not a value; a design value such as APPROX or 128B is.
    if (p.kind == ItemKind::Tuning && !template_groups(p.value).empty())
      std::erase_if(values, [](const nlohmann::json& v) { return v.is_string() && is_identifier(v.get<std::string>()); });
    for (const std::string& bound : region.bound_values) {
      nlohmann::json v = literal_value(bound);
      if (std::find(values.begin(), values.end(), v) == values.end()) values.push_back(v);
    }
    switch (p.kind) {
      case ItemKind::Design:
      case ItemKind::Tuning: {
        Axis axis;
        axis.name = name;
        axis.kind = p.kind == ItemKind::Design ? Axis::Kind::Design : Axis::Kind::Tuning;
        axis.observed = p.kind == ItemKind::Design ? values : std::vector<nlohmann::json>{};
        axis.values = values;
        for (const nlohmann::json& v : p.values)
          if (std::find(axis.values.begin(), axis.values.end(), v) == axis.values.end()) axis.values.push_back(v);
        axis.pattern = p.id;
        axis.meaning = p.meaning;
        axis.evidence = std::move(evidence);
        result_.add(std::move(axis));
        break;
      }
      case ItemKind::Fact:
        result_.add(Fact{name, p.meaning, std::move(values), p.id, std::move(evidence)});
        break;
      case ItemKind::Invariant: {
        std::string assertion = trim(expand_template(p.assertion, captures));
        if (!assertion.empty())
          result_.add(Invariant{name, assertion, p.meaning, p.id, std::move(evidence)});
        break;
      }
    }
  }

  const SourceFile& source_;
  const Structure& structure_;
  int file_index_;
  LiftResult& result_;
};

}  // namespace

nlohmann::json literal_value(std::string_view text) {
  std::string t = trim(text);
  if (t == "True" || t == "true") return true;
  if (t == "False" || t == "false") return false;
  if (t.size() >= 2 && (t.front() == '"' || t.front() == '\'') && t.back() == t.front())
    return t.substr(1, t.size() - 2);
  std::string digits = t;
  while (!digits.empty() && (digits.back() == 'u' || digits.back() == 'U')) digits.pop_back();
  long long integer = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), integer);
  if (ec == std::errc() && end == digits.data() + digits.size() && !digits.empty()) return integer;
  double real = 0;
  auto [rend, rec] = std::from_chars(t.data(), t.data() + t.size(), real);
  if (rec == std::errc() && rend == t.data() + t.size() && !t.empty()) return real;
  return t;
}

void lift_source(const SourceFile& source, const Language& language, int file_index, LiftResult& result) {
  Structure structure = analyze(source, language.kernels, *language.kernel_marker);
  PatternRun run(source, structure, file_index, result);
  for (const Pattern& p : language.patterns) run.run(p);
}

std::string system_name_for(const std::vector<std::string>& paths) {
  std::string stem = paths.empty() ? "kernel" : std::filesystem::path(paths.front()).stem().string();
  return "lifted_" + identifier(stem);
}

LiftResult lift_files(const std::vector<std::string>& paths, const PatternDb& db, const std::string& language) {
  LiftResult result;
  const Language* forced = nullptr;
  if (language != "auto") {
    forced = db.find(language);
    if (!forced)
      throw Error("--lang {}: unknown language (the pattern database in {} has: {}, or auto)", language,
                  db.dir.string(), db.language_names());
  }
  for (std::size_t i = 0; i < paths.size(); ++i) {
    std::string text = read_file(paths[i]);
    const Language* lang = forced ? forced : db.detect(paths[i], text);
    if (!lang)
      throw Error("{}: cannot tell which language this file is in (known: {}); pass --lang", paths[i],
                  db.language_names());
    SourceFile source = make_source(paths[i], lang->name, std::move(text), lang->comments);
    result.files.push_back({paths[i], lang->name});
    lift_source(source, *lang, static_cast<int>(i), result);
  }
  result.finish();
  return result;
}

}  // namespace spak::lift
