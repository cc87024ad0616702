#include "spak/agent/effect.h"

#include "spak/util/error.h"

namespace spak::agent {

nlohmann::json to_json(const EffectRecord& r) {
  nlohmann::json j{{"seq", r.seq},        {"step", r.step},
                   {"effect", r.effect.kind}, {"input", r.effect.input},
                   {"result", r.result},  {"started_at", r.started_at},
                   {"finished_at", r.finished_at}};
  if (!r.ok()) j["error"] = r.error;
  return j;
}

EffectRecord record_from_json(const nlohmann::json& j) {
  try {
    EffectRecord r;
    r.seq = j.at("seq").get<int>();
    r.step = j.at("step").get<std::string>();
    r.effect.kind = j.at("effect").get<std::string>();
    r.effect.input = j.at("input");
    r.result = j.value("result", nlohmann::json());
    r.error = j.value("error", "");
    r.started_at = j.value("started_at", "");
    r.finished_at = j.value("finished_at", "");
    return r;
  } catch (const nlohmann::json::exception& e) {
    throw Error("not an effect record: {}", e.what());
  }
}

}  // namespace spak::agent
