#pragma once
// Effects as values. A step of an agent does not touch the world itself: it describes what it wants as an
// Effect (a kind and a JSON input with every hole already filled), a handler performs it, and the runner
// records effect, input and result. Because the record holds everything that came from outside, a run can be
// replayed from it exactly and resumed after a crash.

#include <string>

#include <nlohmann/json.hpp>

namespace spak::agent {

/// Something a step asks the world to do. Kinds: llm.query, tool.run, tool.read, tool.write, tool.list,
/// tool.grep, tool.engineering_loop.
struct Effect {
  std::string kind;
  nlohmann::json input = nlohmann::json::object();
  bool operator==(const Effect&) const = default;
};

/// One performed (or failed) effect as the journal keeps it.
struct EffectRecord {
  int seq = 0;                      ///< 1-based position in the run
  std::string step;                 ///< the step's label
  Effect effect;
  nlohmann::json result;            ///< null when it failed
  std::string error;                ///< why it failed; empty when it succeeded
  std::string started_at, finished_at;
  bool ok() const { return error.empty(); }
};

nlohmann::json to_json(const EffectRecord& record);
/// Throws spak::Error when `json` is not a record.
EffectRecord record_from_json(const nlohmann::json& json);

}  // namespace spak::agent
