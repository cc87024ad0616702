#include "spak/knowledge/diff.h"

#include <map>
#include <set>

#include <fmt/format.h>

#include "spak/dsl/json_export.h"

namespace spak::knowledge {
namespace {
using nlohmann::json;

// ---- the meaning of each IR item as JSON: what two versions are compared on ----

/// Fields as an object; a repeated key becomes the list of its values.
json fields_json(const std::vector<dsl::Field>& fields, const std::set<std::string>& skip = {}) {
  std::map<std::string, int> count;
  for (const dsl::Field& f : fields) ++count[f.key];
  json out = json::object();
  for (const dsl::Field& f : fields) {
    if (skip.count(f.key)) continue;
    if (count[f.key] > 1) out[f.key].push_back(f.value);
    else out[f.key] = f.value;
  }
  return out;
}

json generic_json(const dsl::GenericNode& node) {
  json children = json::array();
  for (const auto& c : node.children) children.push_back(generic_json(c));
  return {{"head", node.head}, {"fields", fields_json(node.fields)}, {"children", children},
          {"statements", node.statements}};
}

json content(const dsl::DesignAxis& a) { return {{"values", a.values}}; }

json content(const dsl::Parameter& p) {
  switch (p.kind) {
    case dsl::Parameter::Kind::List: return {{"values", p.values}};
    case dsl::Parameter::Kind::Range: {
      json j = {{"range", {p.lo, p.hi}}};
      if (p.step) j["step"] = *p.step;
      return j;
    }
    case dsl::Parameter::Kind::Pow2: return {{"pow2", {p.lo, p.hi}}};
  }
  return {};
}

json content(const dsl::Constraint& c) { return {{"expr", c.expr}}; }

json content(const dsl::Fact& f) {
  json j = fields_json(f.fields);
  if (!f.params.empty()) j["(params)"] = f.params;
  if (!f.body.empty()) j["(body)"] = f.body;
  return j;
}

json content(const dsl::Rule& r) {
  json j = fields_json(r.fields, {"when", "recommend", "apply", "reason", "confidence", "source"});
  j["when"] = r.when;
  j["recommend"] = r.recommend;
  j["apply"] = r.apply;
  if (!r.reason.empty()) j["reason"] = r.reason;
  if (r.confidence) j["confidence"] = *r.confidence;
  if (!r.source.empty()) j["source"] = r.source;
  return j;
}

json content(const dsl::Invariant& i) {
  json j = fields_json(i.fields, {"assert"});
  j["assert"] = i.asserts;
  return j;
}

json content(const dsl::Advice& a) {
  json j = fields_json(a.fields);
  j["text"] = a.text;
  return j;
}

json content(const dsl::TraceCase& c) {
  json j = json::object();
  for (const dsl::TraceField& f : c.fields) j[f.name] = f.type + (f.optional ? "?" : "");
  return j;
}

json steps_json(const std::vector<dsl::Step>& steps) {
  json out = json::array();
  for (const dsl::Step& s : steps) {
    json body = json::array();
    for (const auto& n : s.body) body.push_back(generic_json(n));
    out.push_back({{"id", s.id}, {"name", s.name}, {"action", s.action}, {"args", fields_json(s.args)},
                   {"body", body}});
  }
  return out;
}

json content(const dsl::Loop& l) {
  json j = fields_json(l.fields);
  if (!l.steps.empty()) j["steps"] = steps_json(l.steps);
  if (!l.handlers.empty()) {
    json handlers = json::array();
    for (const dsl::Handler& h : l.handlers)
      handlers.push_back({{"event", h.event}, {"params", h.params}, {"steps", steps_json(h.steps)},
                          {"statements", h.statements}});
    j["handlers"] = handlers;
  }
  if (!l.parameters.empty()) {
    json params = json::object();
    for (const dsl::Parameter& p : l.parameters) params[p.name] = content(p);
    j["parameters"] = params;
  }
  if (l.measure)
    j["measure"] = {{"cmd", l.measure->cmd}, {"metric", l.measure->metric}, {"objective", l.measure->objective},
                    {"fields", fields_json(l.measure->fields)}};
  if (!l.strategy.empty()) j["strategy"] = l.strategy;
  if (l.budget) j["budget"] = *l.budget;
  if (!l.unknown.empty()) {
    json unknown = json::array();
    for (const auto& n : l.unknown) unknown.push_back(generic_json(n));
    j["unknown"] = unknown;
  }
  return j;
}

std::string loop_name(const dsl::Loop& l) {
  static const char* kinds[] = {"agent_loop", "service_loop", "engineering_loop"};
  return fmt::format("{} {}", kinds[static_cast<int>(l.kind)], l.name);
}

/// One side of a section: items by name in order, with their meaning and origin.
struct Item {
  std::string name;
  json meaning;
  std::string origin;
};
using Section = std::vector<Item>;

template <typename T, typename NameFn>
Section section_of(const std::vector<T>& items, NameFn name) {
  Section out;
  std::map<std::string, int> seen;
  for (const T& item : items) {
    std::string n = name(item);
    // A name written twice stays two items; the second is compared with the other side's second.
    if (int count = seen[n]++) n += fmt::format(" #{}", count + 1);
    out.push_back({n, content(item), item.origin});
  }
  return out;
}

/// "member: before -> after" lines for two objects, descending into nested objects.
void member_details(const json& a, const json& b, const std::string& prefix, std::vector<std::string>& out) {
  if (!a.is_object() || !b.is_object()) {
    out.push_back(fmt::format("{}: {} -> {}", prefix.empty() ? "value" : prefix, a.dump(), b.dump()));
    return;
  }
  for (auto& [key, value] : b.items()) {
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    if (!a.contains(key)) out.push_back(fmt::format("{}: added {}", path, value.dump()));
    else if (a[key] != value) member_details(a[key], value, path, out);
  }
  for (auto& [key, value] : a.items()) {
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    if (!b.contains(key)) out.push_back(fmt::format("{}: removed {}", path, value.dump()));
  }
}

void compare(const std::string& section, const Section& a, const Section& b, std::vector<Change>& out) {
  std::map<std::string, const Item*> in_a;
  for (const Item& item : a) in_a[item.name] = &item;
  std::set<std::string> in_b;
  for (const Item& item : b) {
    in_b.insert(item.name);
    auto it = in_a.find(item.name);
    if (it == in_a.end()) {
      out.push_back({Change::Kind::Added, section, item.name, nullptr, item.meaning, {}, {}, item.origin});
    } else if (it->second->meaning != item.meaning) {
      Change c{Change::Kind::Changed, section, item.name, it->second->meaning, item.meaning, {},
               it->second->origin, item.origin};
      member_details(c.before, c.after, "", c.details);
      out.push_back(std::move(c));
    }
  }
  for (const Item& item : a)
    if (!in_b.count(item.name))
      out.push_back({Change::Kind::Removed, section, item.name, item.meaning, nullptr, {}, item.origin, {}});
}

Section trace_cases(const dsl::TraceSchema& schema) {
  Section out;
  for (const dsl::TraceVariant& v : schema.variants)
    for (const dsl::TraceCase& c : v.cases) out.push_back({v.name + "." + c.name, content(c), {}});
  return out;
}

Section singleton(const std::string& name, const json& meaning) {
  if (meaning.is_null()) return {};
  return {{name, meaning, {}}};
}

}  // namespace

std::string kind_name(Change::Kind kind) {
  switch (kind) {
    case Change::Kind::Added: return "added";
    case Change::Kind::Removed: return "removed";
    case Change::Kind::Changed: return "changed";
  }
  return {};
}

std::vector<Change> diff_systems(const dsl::System& a, const dsl::System& b) {
  auto by_name = [](const auto& item) { return item.name; };
  auto field_section = [](const std::vector<dsl::Field>& fields) {
    Section out;
    const json object = fields_json(fields);
    for (auto& [key, value] : object.items()) out.push_back({key, value, {}});
    return out;
  };
  auto baseline = [](const dsl::System& s) -> json {
    if (!s.baseline) return nullptr;
    return {{"fields", fields_json(s.baseline->fields)}, {"metrics", fields_json(s.baseline->metrics)}};
  };
  auto model = [](const dsl::System& s) -> json { return s.model ? generic_json(*s.model) : json(nullptr); };
  auto artifacts = [](const dsl::System& s) {
    Section out;
    for (const std::string& art : s.artifacts) out.push_back({art, json::object(), {}});
    return out;
  };
  auto generic = [](const std::vector<dsl::GenericNode>& nodes) {
    Section out;
    for (const auto& n : nodes) out.push_back({n.head, generic_json(n), {}});
    return out;
  };

  std::vector<Change> out;
  if (a.name != b.name) out.push_back({Change::Kind::Changed, "system", "name", a.name, b.name,
                                       {fmt::format("{} -> {}", a.name, b.name)}, {}, {}});
  if (a.extends != b.extends)
    out.push_back({Change::Kind::Changed, "system", "extends", a.extends, b.extends,
                   {fmt::format("'{}' -> '{}'", a.extends, b.extends)}, {}, {}});
  compare("fields", field_section(a.fields), field_section(b.fields), out);
  compare("baseline", singleton("baseline", baseline(a)), singleton("baseline", baseline(b)), out);
  compare("design_space", section_of(a.design_space, by_name), section_of(b.design_space, by_name), out);
  compare("tuning_space", section_of(a.tuning_space, by_name), section_of(b.tuning_space, by_name), out);
  auto by_key = [](const dsl::Constraint& c) { return c.key(); };
  compare("constraints", section_of(a.constraints, by_key), section_of(b.constraints, by_key), out);
  compare("model", singleton("model", model(a)), singleton("model", model(b)), out);
  compare("facts", section_of(a.knowledge.facts, by_name), section_of(b.knowledge.facts, by_name), out);
  compare("rules", section_of(a.knowledge.rules, by_name), section_of(b.knowledge.rules, by_name), out);
  compare("invariants", section_of(a.knowledge.invariants, by_name), section_of(b.knowledge.invariants, by_name),
          out);
  auto advice_name = [](const dsl::Advice& x) { return x.kind + " " + (x.name.empty() ? x.text : x.name); };
  compare("advice", section_of(a.knowledge.advice, advice_name), section_of(b.knowledge.advice, advice_name), out);
  compare("knowledge", generic(a.knowledge.unknown), generic(b.knowledge.unknown), out);
  compare("trace_schema", trace_cases(a.trace_schema), trace_cases(b.trace_schema), out);
  compare("loops", section_of(a.loops, loop_name), section_of(b.loops, loop_name), out);
  compare("artifacts", artifacts(a), artifacts(b), out);
  compare("unknown", generic(a.unknown), generic(b.unknown), out);
  return out;
}

std::vector<Change> diff_front_matter(const json& a, const json& b) {
  Section sa, sb;
  if (a.is_object())
    for (auto& [key, value] : a.items()) sa.push_back({key, value, {}});
  if (b.is_object())
    for (auto& [key, value] : b.items()) sb.push_back({key, value, {}});
  std::vector<Change> out;
  compare("front_matter", sa, sb, out);
  return out;
}

std::string format_text(const std::vector<Change>& changes) {
  if (changes.empty()) return "no structural differences\n";
  std::string out;
  std::string section;
  for (const Change& c : changes) {
    if (c.section != section) {
      section = c.section;
      out += section + ":\n";
    }
    switch (c.kind) {
      case Change::Kind::Added:
        out += fmt::format("  + {}", c.name);
        if (c.after.is_object() && !c.after.empty()) out += " " + c.after.dump();
        else if (!c.after.is_object()) out += ": " + dsl::value_text(c.after);
        break;
      case Change::Kind::Removed: out += fmt::format("  - {}", c.name); break;
      case Change::Kind::Changed:
        out += fmt::format("  ~ {}", c.name);
        for (const std::string& d : c.details) out += "\n      " + d;
        break;
    }
    const std::string& origin = c.kind == Change::Kind::Removed ? c.origin_before : c.origin_after;
    if (!origin.empty()) out += fmt::format("   ({})", origin);
    out += "\n";
  }
  std::map<Change::Kind, int> counts;
  for (const Change& c : changes) ++counts[c.kind];
  out += fmt::format("{} added, {} removed, {} changed\n", counts[Change::Kind::Added],
                     counts[Change::Kind::Removed], counts[Change::Kind::Changed]);
  return out;
}

json to_json(const std::vector<Change>& changes) {
  json list = json::array();
  std::map<std::string, int> counts{{"added", 0}, {"removed", 0}, {"changed", 0}};
  for (const Change& c : changes) {
    ++counts[kind_name(c.kind)];
    list.push_back({{"kind", kind_name(c.kind)}, {"section", c.section}, {"name", c.name}, {"before", c.before},
                    {"after", c.after}, {"details", c.details}, {"origin_before", c.origin_before},
                    {"origin_after", c.origin_after}});
  }
  return {{"changes", list}, {"summary", counts}};
}

}  // namespace spak::knowledge
