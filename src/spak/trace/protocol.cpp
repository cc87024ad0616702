#include "spak/trace/protocol.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace spak::trace {

namespace {

std::string_view trim(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view json_kind(const nlohmann::json& value) {
  if (value.is_null()) return "null";
  if (value.is_boolean()) return "bool";
  if (value.is_number_integer()) return "int";
  if (value.is_number()) return "float";
  if (value.is_string()) return "string";
  if (value.is_array()) return "list";
  return "map";
}

// Does `value` fit the declared field type? nullopt when the type is not one we know (a domain type written
// in the schema, say `Tensor`): the DSL is semiformal, so an unknown type accepts anything rather than reject.
std::optional<bool> fits(const nlohmann::json& value, std::string_view declared) {
  std::string type = lower(trim(declared));
  if (type.size() > 1 && type.back() == '?') type.pop_back();
  if (auto bar = type.find('|'); bar != std::string::npos) {
    std::optional<bool> any;
    std::string_view rest = type;
    while (!rest.empty()) {
      size_t cut = rest.find('|');
      auto one = fits(value, rest.substr(0, cut));
      if (one == true) return true;
      if (one) any = false;
      rest = cut == std::string_view::npos ? std::string_view() : rest.substr(cut + 1);
    }
    return any;
  }
  if (type == "any" || type == "json") return true;
  if (type == "null" || type == "none") return value.is_null();
  if (type == "int" || type == "integer" || type == "i32" || type == "i64" || type == "int32" ||
      type == "int64" || type == "uint" || type == "u32" || type == "u64" || type == "long")
    return value.is_number_integer();
  if (type == "float" || type == "double" || type == "number" || type == "f32" || type == "f64" ||
      type == "float32" || type == "float64" || type == "real")
    return value.is_number();
  if (type == "bool" || type == "boolean") return value.is_boolean();
  if (type == "string" || type == "str" || type == "text") return value.is_string();
  if (type == "map" || type == "dict" || type == "object" || type.starts_with("map[") || type.starts_with("map<") ||
      type.starts_with("dict["))
    return value.is_object();
  if (type == "list" || type == "array") return value.is_array();
  // list[T], list<T>, [T]: a list whose elements fit T.
  std::string_view inner;
  if ((type.starts_with("list[") || type.starts_with("list<")) && type.size() > 6) {
    inner = std::string_view(type).substr(5, type.size() - 6);
  } else if (type.starts_with("[") && type.ends_with("]")) {
    inner = std::string_view(type).substr(1, type.size() - 2);
  } else {
    return std::nullopt;
  }
  if (!value.is_array()) return false;
  for (const auto& element : value) {
    if (fits(element, inner) == false) return false;
  }
  return true;
}

std::string case_names(const dsl::TraceSchema& schema) {
  std::string names;
  for (const auto& variant : schema.variants) {
    for (const auto& c : variant.cases) {
      if (!names.empty()) names += ", ";
      names += c.name;
    }
  }
  return names;
}

std::string at_line(int line) { return line > 0 ? fmt::format("line {}: ", line) : std::string(); }

// An item's type matches `type` when equal, or when either is the other with a variant prefix.
// A `passed` value that is not a clear yes (true, a non-zero number) is a failure.
bool passed_value(const nlohmann::json& passed) {
  return passed.is_boolean() ? passed.get<bool>() : passed.is_number() && passed.get<double>() != 0;
}

// The first item whose `passed` field says no, or nullptr.
const TraceLine* first_failed_check(const std::vector<TraceLine>& items) {
  for (const auto& t : items) {
    auto passed = t.item.find("passed");
    if (passed != t.item.end() && !passed_value(*passed)) return &t;
  }
  return nullptr;
}

bool type_matches(std::string_view item_type, std::string_view type) {
  auto last = [](std::string_view name) {
    auto dot = name.rfind('.');
    return dot == std::string_view::npos ? name : name.substr(dot + 1);
  };
  return item_type == type || last(item_type) == last(type);
}

}  // namespace

// nlohmann's messages read "[json.exception.parse_error.101] parse error at line 1, column 9: <what>"; the tag
// means nothing to a user and "line 1" would contradict the output line we report, so keep only <what>.
std::string describe_parse_error(const nlohmann::json::parse_error& e) {
  std::string_view what = e.what();
  if (auto colon = what.find(": ", what.find(']')); colon != std::string_view::npos) what.remove_prefix(colon + 2);
  return fmt::format("{} (at character {} of the JSON)", what, e.byte);
}

ParsedOutput parse_output(std::string_view output) {
  ParsedOutput parsed;
  int number = 0;
  while (!output.empty()) {
    size_t end = output.find('\n');
    std::string_view line = output.substr(0, end);
    output = end == std::string_view::npos ? std::string_view() : output.substr(end + 1);
    ++number;

    size_t marker = line.find(kTraceMarker);
    if (marker != std::string_view::npos) {
      std::string_view payload = trim(line.substr(marker + kTraceMarker.size()));
      std::string error;
      if (payload.empty()) {
        error = "trace marker with no JSON after it";
      } else {
        try {
          nlohmann::json item = nlohmann::json::parse(payload);
          if (item.is_object()) {
            parsed.items.push_back({number, std::move(item)});
            continue;
          }
          error = fmt::format("trace payload must be a JSON object, got {}", json_kind(item));
        } catch (const nlohmann::json::parse_error& e) {
          error = "malformed trace JSON: " + describe_parse_error(e);
        }
      }
      parsed.errors.push_back(fmt::format("line {}: {}", number, error));
    }
    // Malformed trace lines stay in the log too: the user needs to see what the program printed.
    if (line.ends_with('\r')) line.remove_suffix(1);
    parsed.log.append(line);
    parsed.log.push_back('\n');
  }
  return parsed;
}

const dsl::TraceCase* find_case(const dsl::TraceSchema& schema, std::string_view type) {
  for (const auto& variant : schema.variants) {
    for (const auto& c : variant.cases) {
      if (type == c.name || type == variant.name + "." + c.name) return &c;
    }
  }
  return nullptr;
}

std::optional<std::string> validate_item(const nlohmann::json& item, const dsl::TraceSchema& schema, int line) {
  if (!item.is_object()) return at_line(line) + "trace item must be a JSON object";
  if (schema.variants.empty()) return std::nullopt;
  auto type = item.find("type");
  if (type == item.end() || !type->is_string()) {
    return fmt::format("{}trace item has no string \"type\" field (expected one of: {})", at_line(line),
                       case_names(schema));
  }
  const std::string& name = type->get_ref<const std::string&>();
  const dsl::TraceCase* c = find_case(schema, name);
  if (!c) {
    return fmt::format("{}unknown trace type \"{}\" (expected one of: {})", at_line(line), name, case_names(schema));
  }
  for (const auto& field : c->fields) {
    auto value = item.find(field.name);
    if (value == item.end()) {
      if (field.optional) continue;
      return fmt::format("{}{} item: missing field {}", at_line(line), c->name, field.name);
    }
    if (value->is_null() && field.optional) continue;
    if (fits(*value, field.type) == false) {
      return fmt::format("{}{} item: field {} must be {}, got {} ({})", at_line(line), c->name, field.name,
                         field.type, json_kind(*value), value->dump());
    }
  }
  return std::nullopt;
}

bool schema_has_correctness(const dsl::TraceSchema& schema) {
  for (const auto& variant : schema.variants) {
    for (const auto& c : variant.cases) {
      if (c.name == "Correctness") return true;
      for (const auto& field : c.fields) {
        if (field.name == "passed") return true;
      }
    }
  }
  return false;
}

Correctness correctness(const std::vector<TraceLine>& items) {
  if (first_failed_check(items)) return Correctness::Failed;
  bool reported = std::any_of(items.begin(), items.end(), [](const TraceLine& t) { return t.item.contains("passed"); });
  return reported ? Correctness::Passed : Correctness::Unreported;
}

std::optional<double> metric_value(const std::vector<TraceLine>& items, std::string_view metric) {
  std::string_view type, field = metric;
  if (auto dot = metric.rfind('.'); dot != std::string_view::npos) {
    type = metric.substr(0, dot);
    field = metric.substr(dot + 1);
  }
  for (auto it = items.rbegin(); it != items.rend(); ++it) {
    const nlohmann::json& item = it->item;
    if (!type.empty()) {
      auto item_type = item.find("type");
      if (item_type == item.end() || !item_type->is_string() ||
          !type_matches(item_type->get_ref<const std::string&>(), type))
        continue;
    }
    auto value = item.find(std::string(field));
    if (value != item.end() && value->is_number()) return value->get<double>();
  }
  return std::nullopt;
}

Verdict judge(const ParsedOutput& output, const dsl::TraceSchema& schema, std::string_view metric) {
  auto invalid = [](std::string reason) { return Verdict{Status::Invalid, std::move(reason), std::nullopt}; };
  if (!output.errors.empty()) {
    std::string reason = output.errors.front();
    if (output.errors.size() > 1) reason += fmt::format(" (and {} more bad trace lines)", output.errors.size() - 1);
    return invalid(std::move(reason));
  }
  if (output.items.empty()) return invalid(fmt::format("printed no {} line", kTraceMarker));
  for (const auto& [line, item] : output.items) {
    if (auto reason = validate_item(item, schema, line)) return invalid(std::move(*reason));
  }
  switch (correctness(output.items)) {
    case Correctness::Failed: {
      const TraceLine* failed = first_failed_check(output.items);
      return {Status::Incorrect, fmt::format("{}correctness check failed: {}", at_line(failed->line),
                                             failed->item.dump()),
              std::nullopt};
    }
    case Correctness::Unreported:
      if (schema_has_correctness(schema)) {
        return invalid("no correctness item (the trace schema has one, so the result cannot be trusted)");
      }
      break;
    case Correctness::Passed:
      break;
  }
  Verdict verdict;
  if (!metric.empty()) {
    verdict.objective = metric_value(output.items, metric);
    if (!verdict.objective) return invalid(fmt::format("no trace item carries the metric {}", metric));
  }
  return verdict;
}

nlohmann::json items_json(const std::vector<TraceLine>& items) {
  nlohmann::json array = nlohmann::json::array();
  for (const auto& t : items) array.push_back(t.item);
  return array;
}

}  // namespace spak::trace
