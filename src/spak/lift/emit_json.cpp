#include "spak/lift/emit_json.h"

using nlohmann::json;

namespace spak::lift {

namespace {

json evidence_json(const std::vector<Evidence>& evidence) {
  json list = json::array();
  for (const Evidence& e : evidence) list.push_back({{"file", e.file}, {"line", e.line}, {"text", e.text}});
  return list;
}

std::string first_citation(const std::vector<Evidence>& evidence) {
  return evidence.empty() ? "" : citation(evidence.front());
}

}  // namespace

json to_json(const LiftResult& result, const std::string& system_name) {
  json out = {{"system", system_name}, {"generator", "spak lift"}};
  out["files"] = json::array();
  for (const LiftedFile& f : result.files) out["files"].push_back({{"path", f.path}, {"language", f.language}});
  out["axes"] = json::array();
  for (const Axis& a : result.axes)
    out["axes"].push_back({{"name", a.name},
                           {"kind", a.kind == Axis::Kind::Design ? "design" : "tuning"},
                           {"values", a.values},
                           {"observed", a.observed},
                           {"pattern", a.pattern},
                           {"meaning", a.meaning},
                           {"evidence", evidence_json(a.evidence)}});
  out["facts"] = json::array();
  for (const Fact& f : result.facts)
    out["facts"].push_back({{"name", f.name},
                            {"description", f.description},
                            {"values", f.values},
                            {"pattern", f.pattern},
                            {"source", first_citation(f.evidence)},
                            {"evidence", evidence_json(f.evidence)}});
  out["invariants"] = json::array();
  for (const Invariant& i : result.invariants)
    out["invariants"].push_back({{"name", i.name},
                                 {"assert", i.assertion},
                                 {"description", i.description},
                                 {"pattern", i.pattern},
                                 {"source", first_citation(i.evidence)},
                                 {"evidence", evidence_json(i.evidence)}});
  return out;
}

std::string render_json(const LiftResult& result, const std::string& system_name) {
  return to_json(result, system_name).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace spak::lift
