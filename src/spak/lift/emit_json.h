#pragma once
// The JSON form of a lift: every axis as {name, kind: design|tuning, values, observed, evidence: [{file, line,
// text}]}, plus facts and invariants with their citations. Meant for tools (and `jq`).

#include <string>

#include <nlohmann/json.hpp>

#include "spak/lift/lift_result.h"

namespace spak::lift {

nlohmann::json to_json(const LiftResult& result, const std::string& system_name);

/// to_json, pretty-printed, with bytes that are not UTF-8 replaced so any source text can be written.
std::string render_json(const LiftResult& result, const std::string& system_name);

}  // namespace spak::lift
