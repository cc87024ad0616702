#include "spak/lift/pattern_db.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <set>

#include <fmt/format.h>

#include "spak/lift/capture_template.h"
#include "spak/util/error.h"
#include "spak/util/file_io.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace spak::lift {

namespace {

/// Reads one database file's JSON, with the file named in every error.
class FileReader {
 public:
  explicit FileReader(fs::path path) : path_(std::move(path)) {}

  [[noreturn]] void fail(const std::string& where, const std::string& what) const {
    throw Error("{}: {}{}", path_.string(), where.empty() ? "" : where + ": ", what);
  }

  void check_keys(const json& object, const std::set<std::string>& allowed, const std::string& where) const {
    if (!object.is_object()) fail(where, "expected a JSON object");
    for (const auto& item : object.items())
      if (!allowed.count(item.key()))
        fail(where, fmt::format("unknown key \"{}\" (allowed: {})", item.key(), fmt::join(allowed, ", ")));
  }

  std::string string_at(const json& object, const std::string& key, const std::string& where,
                        bool required) const {
    if (!object.contains(key)) {
      if (required) fail(where, fmt::format("missing \"{}\"", key));
      return "";
    }
    if (!object[key].is_string()) fail(where, fmt::format("\"{}\" must be a string", key));
    return object[key].get<std::string>();
  }

  Regex regex_at(const json& object, const std::string& key, const std::string& where) const {
    return compile(string_at(object, key, where, true), fmt::format("{}: \"{}\"", where, key));
  }

  Regex compile(const std::string& text, const std::string& where) const {
    try {
      return Regex(text);
    } catch (const Error& e) {
      fail(where, e.what());
    }
  }

  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

Scope parse_scope(const FileReader& reader, const std::string& text, const std::string& where) {
  if (text.empty() || text == "line") return Scope::Line;
  if (text == "file") return Scope::File;
  if (text == "call") return Scope::Call;
  if (text == "kernel") return Scope::Kernel;
  if (text == "param") return Scope::Param;
  if (text == "template_param") return Scope::TemplateParam;
  reader.fail(where, fmt::format("scope \"{}\" is not one of line, file, call, kernel, param, template_param", text));
}

ItemKind parse_kind(const FileReader& reader, const std::string& text, const std::string& where) {
  if (text == "design") return ItemKind::Design;
  if (text == "tuning") return ItemKind::Tuning;
  if (text == "fact") return ItemKind::Fact;
  if (text == "invariant") return ItemKind::Invariant;
  reader.fail(where, fmt::format("kind \"{}\" is not one of design, tuning, fact, invariant", text));
}

/// Every template group must be a named group of one of the pattern's regexes or a built-in capture.
void check_templates(const FileReader& reader, const Pattern& p, const std::string& where) {
  static const std::set<std::string> builtins = {"kernel", "callee", "line", "file"};
  auto known = [&](const std::string& group) {
    if (builtins.count(group)) return true;
    if (p.match && p.match->has_group(group)) return true;
    return std::any_of(p.requires_all.begin(), p.requires_all.end(),
                       [&](const Regex& r) { return r.has_group(group); });
  };
  for (const std::string* tmpl : {&p.name, &p.value, &p.assertion})
    for (const std::string& group : template_groups(*tmpl))
      if (!known(group))
        reader.fail(where, fmt::format("template \"{}\" names group \"{}\", which no regex of the pattern "
                                       "defines (built-ins: kernel, callee, line, file)",
                                       *tmpl, group));
  if (!p.cite.empty() && !known(p.cite)) reader.fail(where, fmt::format("cite names unknown group \"{}\"", p.cite));
}

Pattern parse_pattern(const FileReader& reader, const json& entry, std::size_t index) {
  std::string where = fmt::format("patterns[{}]", index);
  reader.check_keys(entry,
                    {"id", "scope", "call", "match", "requires", "forbids", "kind", "name", "value", "values",
                     "assert", "cite", "meaning"},
                    where);
  Pattern p;
  p.id = reader.string_at(entry, "id", where, true);
  where = fmt::format("pattern \"{}\"", p.id);
  p.scope = parse_scope(reader, reader.string_at(entry, "scope", where, false), where);
  p.kind = parse_kind(reader, reader.string_at(entry, "kind", where, true), where);
  p.name = reader.string_at(entry, "name", where, true);
  p.value = reader.string_at(entry, "value", where, false);
  p.assertion = reader.string_at(entry, "assert", where, p.kind == ItemKind::Invariant);
  p.cite = reader.string_at(entry, "cite", where, false);
  p.meaning = reader.string_at(entry, "meaning", where, true);
  if (p.meaning.empty()) reader.fail(where, "\"meaning\" must say what the pattern means for performance");
  if (entry.contains("values")) {
    if (!entry["values"].is_array()) reader.fail(where, "\"values\" must be a list");
    for (const json& v : entry["values"]) p.values.push_back(v);
  }
  if (p.scope == Scope::Call) p.call = reader.compile("(?<![\\w.])(?:" + reader.string_at(entry, "call", where, true) +
                                                          ")\\s*\\(",
                                                      where + ": \"call\"");
  else if (entry.contains("call")) reader.fail(where, "\"call\" only belongs to scope \"call\"");
  for (const char* key : {"requires", "forbids"}) {
    if (!entry.contains(key)) continue;
    if (p.scope != Scope::Kernel) reader.fail(where, fmt::format("\"{}\" only belongs to scope \"kernel\"", key));
    if (!entry[key].is_array()) reader.fail(where, fmt::format("\"{}\" must be a list of regexes", key));
    for (const json& r : entry[key]) {
      if (!r.is_string()) reader.fail(where, fmt::format("\"{}\" must be a list of regexes", key));
      (std::string(key) == "requires" ? p.requires_all : p.forbids)
          .push_back(reader.compile(r.get<std::string>(), where + ": \"" + key + "\""));
    }
  }
  if (entry.contains("match")) p.match = reader.regex_at(entry, "match", where);
  else if (p.scope != Scope::Kernel) reader.fail(where, "missing \"match\"");
  check_templates(reader, p, where);
  return p;
}

/// Applies a file's language header (extensions, detect, comments, kernels) to `lang`.
void parse_header(const FileReader& reader, const json& doc, Language& lang) {
  const std::string where = fmt::format("language \"{}\"", lang.name);
  if (!lang.defined_in.empty())
    reader.fail(where, fmt::format("the language header is already given in {}; an extension file holds only "
                                   "\"language\" and \"patterns\"",
                                   lang.defined_in));
  lang.defined_in = reader.path().string();
  lang.description = reader.string_at(doc, "description", where, false);
  if (doc.contains("extensions")) {
    if (!doc["extensions"].is_array()) reader.fail(where, "\"extensions\" must be a list like [\".cu\"]");
    for (const json& e : doc["extensions"]) {
      if (!e.is_string()) reader.fail(where, "\"extensions\" must be a list of strings");
      lang.extensions.push_back(e.get<std::string>());
    }
  }
  if (doc.contains("detect")) lang.detect = reader.regex_at(doc, "detect", where);
  std::string comments = reader.string_at(doc, "comments", where, true);
  if (comments != "python" && comments != "c") reader.fail(where, "\"comments\" must be \"python\" or \"c\"");
  lang.comments = comments == "python" ? CommentStyle::Python : CommentStyle::C;
  if (!doc.contains("kernels")) reader.fail(where, "missing \"kernels\": {\"style\": …, \"marker\": …}");
  const json& kernels = doc["kernels"];
  reader.check_keys(kernels, {"style", "marker"}, where + ": kernels");
  std::string style = reader.string_at(kernels, "style", where + ": kernels", true);
  if (style != "python_decorator" && style != "c_qualifier")
    reader.fail(where, "kernels.style must be \"python_decorator\" or \"c_qualifier\"");
  lang.kernels = style == "python_decorator" ? KernelStyle::PythonDecorator : KernelStyle::CQualifier;
  lang.kernel_marker = reader.regex_at(kernels, "marker", where + ": kernels");
}

void load_file(const fs::path& path, PatternDb& db, std::set<std::string>& ids) {
  FileReader reader(path);
  json doc;
  try {
    doc = json::parse(read_file(path));
  } catch (const json::parse_error& e) {
    reader.fail("", fmt::format("not valid JSON: {}", e.what()));
  }
  reader.check_keys(doc, {"language", "description", "extensions", "detect", "comments", "kernels", "patterns"},
                    "");
  std::string name = reader.string_at(doc, "language", "", true);
  auto it = std::find_if(db.languages.begin(), db.languages.end(),
                         [&](const Language& l) { return l.name == name; });
  if (it == db.languages.end()) {
    db.languages.push_back({});
    it = db.languages.end() - 1;
    it->name = name;
  }
  if (doc.contains("comments") || doc.contains("kernels")) parse_header(reader, doc, *it);
  if (doc.contains("patterns")) {
    if (!doc["patterns"].is_array()) reader.fail("", "\"patterns\" must be a list");
    for (std::size_t i = 0; i < doc["patterns"].size(); ++i) {
      Pattern p = parse_pattern(reader, doc["patterns"][i], i);
      if (!ids.insert(p.id).second) reader.fail("", fmt::format("pattern id \"{}\" is defined twice", p.id));
      it->patterns.push_back(std::move(p));
    }
  }
}

}  // namespace

const Language* PatternDb::find(std::string_view name) const {
  for (const Language& l : languages)
    if (l.name == name) return &l;
  return nullptr;
}

const Language* PatternDb::detect(const fs::path& path, std::string_view text) const {
  std::string ext = path.extension().string();
  for (const Language& l : languages)
    if (std::find(l.extensions.begin(), l.extensions.end(), ext) != l.extensions.end()) return &l;
  for (const Language& l : languages)
    if (l.detect && l.detect->find(text)) return &l;
  return nullptr;
}

std::string PatternDb::language_names() const {
  std::vector<std::string> names;
  for (const Language& l : languages) names.push_back(l.name);
  return fmt::format("{}", fmt::join(names, ", "));
}

PatternDb load_pattern_db(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw Error("{}: pattern directory does not exist", dir.string());
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  PatternDb db;
  db.dir = dir;
  std::set<std::string> ids;
  for (const fs::path& file : files) load_file(file, db, ids);
  for (const Language& l : db.languages)
    if (l.defined_in.empty())
      throw Error("{}: language \"{}\" has patterns but no file gives its header (comments, kernels)", dir.string(),
                  l.name);
  if (db.languages.empty()) throw Error("{}: no pattern files (*.json) found", dir.string());
  return db;
}

fs::path find_pattern_dir(const std::string& flag) {
  if (!flag.empty()) {
    if (!fs::is_directory(flag)) throw Error("--patterns {}: not a directory", flag);
    return flag;
  }
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("SPAK_PATTERNS"); env && *env) candidates.emplace_back(env);
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    candidates.push_back(exe.parent_path() / "patterns");
    candidates.push_back(exe.parent_path().parent_path() / "share" / "spak" / "patterns");
  }
#ifdef SPAK_PATTERNS_DIR
  candidates.emplace_back(SPAK_PATTERNS_DIR);
#endif
  std::vector<std::string> tried;
  for (const fs::path& c : candidates) {
    if (fs::is_directory(c, ec)) return c;
    tried.push_back(c.string());
  }
  throw Error("no pattern database found (looked in: {}); pass --patterns DIR or set SPAK_PATTERNS",
              fmt::join(tried, ", "));
}

}  // namespace spak::lift
