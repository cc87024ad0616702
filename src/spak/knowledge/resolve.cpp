#include "spak/knowledge/resolve.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "spak/dsl/load.h"
#include "spak/knowledge/merge.h"

namespace spak::knowledge {
namespace fs = std::filesystem;
namespace {

std::string location(const dsl::Span& span, const std::string& fallback_file) {
  const std::string& file = span.file.empty() ? fallback_file : span.file.str();
  if (!span.line) return file;
  return fmt::format("{}:{}:{}", file, span.line, span.col ? span.col : 1);
}

std::string normal_path(const fs::path& path) { return fs::absolute(path).lexically_normal().string(); }

/// Loads documents once each, following imports eagerly so an import cycle is found whatever system is asked for.
class Resolver {
 public:
  explicit Resolver(const DocumentLoader& load) : load_(load) {}

  const std::string& load(const fs::path& path, const std::string& shown) {
    const std::string key = normal_path(path);
    if (docs_.count(key)) return docs_.find(key)->first;
    for (std::size_t i = 0; i < loading_.size(); ++i) {
      if (loading_[i].first != key) continue;
      std::string cycle;
      for (std::size_t j = i; j < loading_.size(); ++j) cycle += loading_[j].second + " -> ";
      throw ResolveError("{}: error: import cycle: {}{}", loading_.back().second, cycle, shown);
    }
    loading_.emplace_back(key, shown);
    dsl::Document doc = load_(path);
    std::vector<std::string> imports;
    for (const std::string& import : doc.imports) {
      const fs::path target = path.parent_path() / import;
      try {
        imports.push_back(load(target, target.lexically_normal().string()));
      } catch (const ResolveError&) {
        throw;
      } catch (const Error& e) {
        throw ResolveError("{}: error: cannot import \"{}\": {}", shown, import, e.what());
      }
    }
    loading_.pop_back();
    imports_[key] = std::move(imports);
    shown_[key] = shown;
    return docs_.emplace(key, std::move(doc)).first->first;
  }

  const dsl::Document& document(const std::string& key) const { return docs_.at(key); }
  const std::string& shown(const std::string& key) const { return shown_.at(key); }

  /// The file (key) defining system `name` as seen from `from`: `from` itself (unless `skip_self`), then its
  /// imports breadth-first. Empty when there is none.
  std::string find(const std::string& from, const std::string& name, bool skip_self) const {
    std::deque<std::string> queue{from};
    std::set<std::string> seen{from};
    bool first = true;
    while (!queue.empty()) {
      const std::string key = queue.front();
      queue.pop_front();
      if (!(first && skip_self))
        for (const dsl::System& s : docs_.at(key).systems)
          if (s.name == name) return key;
      first = false;
      for (const std::string& next : imports_.at(key))
        if (seen.insert(next).second) queue.push_back(next);
    }
    return {};
  }

  /// Every file `from` can see, for the message when a parent is missing.
  std::vector<std::string> visible(const std::string& from) const {
    std::vector<std::string> out{from};
    for (std::size_t i = 0; i < out.size(); ++i)
      for (const std::string& next : imports_.at(out[i]))
        if (std::find(out.begin(), out.end(), next) == out.end()) out.push_back(next);
    return out;
  }

 private:
  const DocumentLoader& load_;
  std::map<std::string, dsl::Document> docs_;
  std::map<std::string, std::vector<std::string>> imports_;
  std::map<std::string, std::string> shown_;
  std::vector<std::pair<std::string, std::string>> loading_;  // (key, path as shown) of the import stack
};

const dsl::System* system_named(const dsl::Document& doc, const std::string& name) {
  for (const dsl::System& s : doc.systems)
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace

DocumentLoader file_loader() {
  return [](const fs::path& path) {
    dsl::LoadResult loaded = dsl::load_file(path);
    if (!loaded.ok()) {
      std::string text = loaded.render_diagnostics();
      while (!text.empty() && text.back() == '\n') text.pop_back();
      throw ResolveError(text);
    }
    return std::move(loaded.document);
  };
}

ResolvedSystem resolve_system(const fs::path& path, const DocumentLoader& load, std::string_view system_name) {
  Resolver resolver(load);
  std::string key = resolver.load(path, path.string());
  const dsl::Document& root = resolver.document(key);
  const dsl::System* system = nullptr;
  if (system_name.empty()) {
    if (root.systems.empty()) throw ResolveError("{}: error: no `system NAME {{ … }}` block in this file", path.string());
    system = &root.systems.front();
  } else {
    system = system_named(root, std::string(system_name));
    if (!system) throw ResolveError("{}: error: no system named '{}' in this file", path.string(), system_name);
  }

  // Walk up the chain, child first; a (file, system) pair seen twice is a cycle.
  std::vector<std::pair<std::string, const dsl::System*>> lineage{{key, system}};
  while (!lineage.back().second->extends.empty()) {
    const auto& [child_key, child] = lineage.back();
    const std::string& parent_name = child->extends;
    const std::string shown = location(child->span, resolver.shown(child_key));
    const std::string parent_key = resolver.find(child_key, parent_name, parent_name == child->name);
    if (parent_key.empty()) {
      std::string searched;
      for (const std::string& file : resolver.visible(child_key))
        searched += (searched.empty() ? "" : ", ") + resolver.shown(file);
      throw ResolveError("{}: error: system '{}' extends '{}', which is not defined in {}{}", shown, child->name,
                         parent_name, searched,
                         resolver.document(child_key).imports.empty() ? " (add `import \"file.dsl\"` for it)" : "");
    }
    const dsl::System* parent = system_named(resolver.document(parent_key), parent_name);
    for (std::size_t i = 0; i < lineage.size(); ++i) {
      if (lineage[i].first != parent_key || lineage[i].second != parent) continue;
      std::string cycle;
      for (std::size_t j = i; j < lineage.size(); ++j) cycle += lineage[j].second->name + " -> ";
      throw ResolveError("{}: error: inheritance cycle: {}{}", shown, cycle, parent_name);
    }
    lineage.emplace_back(parent_key, parent);
  }

  ResolvedSystem out;
  std::vector<dsl::System> stamped;
  for (const auto& [file, s] : lineage) {
    out.chain.push_back({s->name, resolver.shown(file)});
    stamped.push_back(*s);
    stamp_origins(stamped.back(), resolver.shown(file));
  }
  dsl::System merged = std::move(stamped.back());
  for (std::size_t i = stamped.size() - 1; i-- > 0;) merged = merge_systems(std::move(merged), std::move(stamped[i]));
  out.system = std::move(merged);
  return out;
}

std::string origins_text(const ResolvedSystem& resolved) {
  std::string out = "  chain:";
  for (std::size_t i = 0; i < resolved.chain.size(); ++i)
    out += fmt::format("{} {} ({})", i ? " extends" : "", resolved.chain[i].system, resolved.chain[i].file);
  out += "\n  origins:\n";
  auto list = [&out](const char* section, const auto& items, auto name) {
    for (const auto& item : items) out += fmt::format("    {} {}  {}\n", section, name(item), item.origin);
  };
  auto by_name = [](const auto& item) { return item.name; };
  const dsl::System& s = resolved.system;
  list("design_space", s.design_space, by_name);
  list("tuning_space", s.tuning_space, by_name);
  list("constraint", s.constraints,
       [](const dsl::Constraint& c) { return (c.name.empty() ? "" : c.name + " ") + "\"" + c.expr + "\""; });
  list("fact", s.knowledge.facts, by_name);
  list("rule", s.knowledge.rules, [](const dsl::Rule& r) { return "\"" + r.name + "\""; });
  list("invariant", s.knowledge.invariants, by_name);
  list("advice", s.knowledge.advice, [](const dsl::Advice& a) { return a.kind + " " + (a.name.empty() ? a.text : a.name); });
  list("loop", s.loops, by_name);
  return out;
}

}  // namespace spak::knowledge
