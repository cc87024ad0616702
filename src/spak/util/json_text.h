#pragma once
// A JSON value as the text a person, a command line or a label reads: strings without their quotes.

#include <string>

#include <nlohmann/json.hpp>

namespace spak {

/// A string as itself; anything else as compact JSON: numbers in their shortest form (64, 0.5, 1e-05),
/// true/false, null, lists and maps as JSON ([1,2]).
std::string json_text(const nlohmann::json& value);

/// A configuration on one line, "bm=128 bn=64 order=ikj" (values as json_text, keys in the JSON's order);
/// "(no parameters)" for an empty one, and a value that is not an object as json_text.
std::string config_text(const nlohmann::json& config);

}  // namespace spak
