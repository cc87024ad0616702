#pragma once
// Store records as JSON objects: the shape of `spak trace export --format jsonl` lines, `spak trace show --json`,
// and what `spak trace import` reads back. Field names match the store's columns; absent optional values are
// null. Store-local ids are written (so a reader can match `spak trace show`) but never read back.

#include <nlohmann/json.hpp>

#include "spak/trace/store.h"

namespace spak::trace {

nlohmann::json to_json(const Run& run);
nlohmann::json to_json(const Trial& trial);
nlohmann::json to_json(const Insight& insight);

// Each reads the fields it knows and throws spak::Error naming a field of the wrong type ("field status: …").
// Missing fields take their defaults, so older or hand-written records still load.
Run run_from_json(const nlohmann::json& object);
Trial trial_from_json(const nlohmann::json& object);
Insight insight_from_json(const nlohmann::json& object);

}  // namespace spak::trace
