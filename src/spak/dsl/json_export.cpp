// JSON export of the IR. One function per IR type; empty optional parts are left out so the output stays
// small and readable. The format is documented in docs/ir.md.

#include "spak/dsl/json_export.h"

namespace spak::dsl {
namespace {

using nlohmann::json;

class Exporter {
 public:
  explicit Exporter(bool with_spans) : spans_(with_spans) {}

  void span(json& j, const Span& s) const {
    if (spans_) j["span"] = {{"line", s.line}, {"col", s.col}, {"end_line", s.end_line}, {"end_col", s.end_col}};
  }
  static void origin(json& j, const std::string& origin) {
    if (!origin.empty()) j["origin"] = origin;
  }

  template <typename T>
  json list(const std::vector<T>& items) const {
    json a = json::array();
    for (const T& item : items) a.push_back(of(item));
    return a;
  }
  static json strings(const std::vector<std::string>& v) { return json(v); }

  json of(const Field& f) const {
    json j{{"key", f.key}, {"value", f.value}, {"raw", f.raw}};
    span(j, f.span);
    return j;
  }

  json of(const GenericNode& g) const {
    json j{{"head", g.head}};
    if (!g.fields.empty()) j["fields"] = list(g.fields);
    if (!g.statements.empty()) j["statements"] = strings(g.statements);
    if (!g.children.empty()) j["children"] = list(g.children);
    span(j, g.span);
    return j;
  }

  json of(const DesignAxis& a) const {
    json j{{"name", a.name}, {"values", a.values}};
    span(j, a.span);
    origin(j, a.origin);
    return j;
  }

  json of(const Parameter& p) const {
    json j{{"name", p.name}};
    switch (p.kind) {
      case Parameter::Kind::List: j["kind"] = "list"; j["values"] = p.values; break;
      case Parameter::Kind::Range: j["kind"] = "range"; j["lo"] = p.lo; j["hi"] = p.hi; break;
      case Parameter::Kind::Pow2: j["kind"] = "pow2"; j["lo"] = p.lo; j["hi"] = p.hi; break;
    }
    if (p.step) j["step"] = *p.step;
    span(j, p.span);
    origin(j, p.origin);
    return j;
  }

  json of(const Constraint& c) const {
    json j{{"expr", c.expr}};
    if (!c.name.empty()) j["name"] = c.name;
    span(j, c.span);
    origin(j, c.origin);
    return j;
  }

  json of(const Fact& f) const {
    json j{{"name", f.name}, {"fields", list(f.fields)}};
    if (!f.params.empty()) j["params"] = f.params;
    if (!f.body.empty()) j["body"] = f.body;
    span(j, f.span);
    origin(j, f.origin);
    return j;
  }

  json of(const Rule& r) const {
    json j{{"name", r.name}, {"when", r.when}, {"recommend", r.recommend}, {"apply", r.apply},
           {"fields", list(r.fields)}};
    if (!r.reason.empty()) j["reason"] = r.reason;
    if (r.confidence) j["confidence"] = *r.confidence;
    if (!r.source.empty()) j["source"] = r.source;
    span(j, r.span);
    origin(j, r.origin);
    return j;
  }

  json of(const Invariant& i) const {
    json j{{"name", i.name}, {"asserts", i.asserts}, {"fields", list(i.fields)}};
    span(j, i.span);
    origin(j, i.origin);
    return j;
  }

  json of(const Advice& a) const {
    json j{{"kind", a.kind}, {"name", a.name}, {"text", a.text}, {"fields", list(a.fields)}};
    span(j, a.span);
    origin(j, a.origin);
    return j;
  }

  json of(const Knowledge& k) const {
    json j{{"facts", list(k.facts)}, {"rules", list(k.rules)}, {"invariants", list(k.invariants)},
           {"advice", list(k.advice)}};
    if (!k.unknown.empty()) j["unknown"] = list(k.unknown);
    return j;
  }

  json of(const TraceField& f) const {
    json j{{"name", f.name}, {"type", f.type}, {"optional", f.optional}};
    span(j, f.span);
    return j;
  }
  json of(const TraceCase& c) const {
    json j{{"name", c.name}, {"fields", list(c.fields)}};
    span(j, c.span);
    return j;
  }
  json of(const TraceVariant& v) const {
    json j{{"name", v.name}, {"cases", list(v.cases)}};
    span(j, v.span);
    return j;
  }
  json of(const TraceSchema& t) const {
    json j{{"variants", list(t.variants)}};
    if (!t.unknown.empty()) j["unknown"] = list(t.unknown);
    return j;
  }

  json of(const Step& s) const {
    json j{{"id", s.id}, {"name", s.name}, {"action", s.action}, {"args", list(s.args)}};
    if (!s.fields.empty()) j["fields"] = list(s.fields);
    if (!s.body.empty()) j["body"] = list(s.body);
    span(j, s.span);
    return j;
  }

  json of(const Measure& m) const {
    json j{{"cmd", m.cmd}, {"metric", m.metric}, {"objective", m.objective}, {"fields", list(m.fields)}};
    span(j, m.span);
    return j;
  }

  json of(const Handler& h) const {
    json j{{"event", h.event}, {"params", h.params}, {"steps", list(h.steps)}, {"statements", h.statements}};
    span(j, h.span);
    return j;
  }

  json of(const Loop& l) const {
    static const char* kinds[] = {"agent", "service", "engineering"};
    json j{{"kind", kinds[static_cast<int>(l.kind)]}, {"name", l.name}};
    if (!l.steps.empty()) j["steps"] = list(l.steps);
    if (!l.handlers.empty()) j["handlers"] = list(l.handlers);
    if (!l.parameters.empty()) j["parameters"] = list(l.parameters);
    if (l.measure) j["measure"] = of(*l.measure);
    if (!l.strategy.empty()) j["strategy"] = l.strategy;
    if (l.budget) j["budget"] = *l.budget;
    j["fields"] = list(l.fields);
    if (!l.unknown.empty()) j["unknown"] = list(l.unknown);
    span(j, l.span);
    origin(j, l.origin);
    return j;
  }

  json of(const Baseline& b) const {
    json j{{"fields", list(b.fields)}, {"metrics", list(b.metrics)}};
    span(j, b.span);
    return j;
  }

  json of(const System& s) const {
    json j{{"name", s.name}};
    if (!s.extends.empty()) j["extends"] = s.extends;
    if (s.baseline) j["baseline"] = of(*s.baseline);
    j["design_space"] = list(s.design_space);
    j["tuning_space"] = list(s.tuning_space);
    j["constraints"] = list(s.constraints);
    if (s.model) j["model"] = of(*s.model);
    j["knowledge"] = of(s.knowledge);
    j["trace_schema"] = of(s.trace_schema);
    j["loops"] = list(s.loops);
    j["artifacts"] = s.artifacts;
    j["fields"] = list(s.fields);
    if (!s.unknown.empty()) j["unknown"] = list(s.unknown);
    span(j, s.span);
    return j;
  }

  json of(const SystemModel& m) const {
    json j{{"name", m.name}, {"axioms", m.axioms}, {"heuristics", m.heuristics}, {"predictions", m.predictions},
           {"fields", list(m.fields)}};
    if (!m.unknown.empty()) j["unknown"] = list(m.unknown);
    span(j, m.span);
    return j;
  }

  json of(const Task& t) const {
    json j{{"name", t.name}, {"steps", list(t.steps)}, {"checks", list(t.checks)}, {"success", t.success},
           {"fields", list(t.fields)}};
    if (!t.unknown.empty()) j["unknown"] = list(t.unknown);
    span(j, t.span);
    return j;
  }

  json of(const Document& d) const {
    json j = json::object();
    if (spans_) j["path"] = d.path;  // positional, like spans: left out so a moved/formatted file compares equal
    j["front_matter"] = d.front_matter;
    j["imports"] = d.imports;
    j["fields"] = list(d.fields);
    j["systems"] = list(d.systems);
    j["system_models"] = list(d.system_models);
    j["tasks"] = list(d.tasks);
    if (!d.unknown.empty()) j["unknown"] = list(d.unknown);
    return j;
  }

 private:
  bool spans_;
};

}  // namespace

nlohmann::json to_json(const Document& document, bool with_spans) { return Exporter(with_spans).of(document); }
nlohmann::json to_json(const System& system, bool with_spans) { return Exporter(with_spans).of(system); }
nlohmann::json to_json(const Parameter& parameter, bool with_spans) { return Exporter(with_spans).of(parameter); }

std::string value_text(const Value& value) {
  return value.is_string() ? value.get<std::string>()
                           : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace spak::dsl
