#pragma once
// The context rules, invariants and constraints are evaluated against: named values from the device
// (`--device auto`), from JSON files (`--context FILE.json`) and from `--set name=value`, later sources
// overriding earlier ones. Each value remembers where it came from, so reports can say why a rule saw it.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "spak/expr/context.h"
#include "spak/expr/value.h"
#include "spak/knowledge/device.h"

namespace spak::knowledge {

/// One named input value and its source ("--set", the JSON file's path, "nvidia-smi").
struct ContextValue {
  std::string name;
  expr::Value value;
  std::string source;
};

/// Collects named inputs in order of precedence (later wins) and produces an expr::Context of them.
class ContextBuilder {
 public:
  /// Adds (or overrides) one value.
  void set(std::string_view name, expr::Value value, std::string source);
  /// `name=value`, typed by expr::parse_value_text (64 → int, true → bool, H100 → string). Throws spak::Error
  /// naming the problem when the text is not `name=value` or the name is not an identifier.
  void add_assignment(std::string_view text);
  /// Every top-level key of a JSON object file; nested objects become maps, so `problem.m` reads
  /// {"problem": {"m": 4096}}. Throws spak::Error for an unreadable file, bad JSON or a non-object.
  void add_json_file(const std::filesystem::path& path);
  /// device, device_name, gpu_count, sm_count, memory_mib, memory_gb, compute_capability — those known; a
  /// missing device only adds a note.
  void add_device(const DeviceInfo& device);

  /// The values, one per name, in the order names were first given.
  const std::vector<ContextValue>& values() const { return values_; }
  /// Things the user should know about the inputs (no GPU found, …).
  const std::vector<std::string>& notes() const { return notes_; }
  /// The values as an expression context.
  expr::Context context() const;

 private:
  std::vector<ContextValue> values_;
  std::vector<std::string> notes_;
};

/// Splits `name=value` into its name and typed value; throws spak::Error (mentioning `option`, e.g. "--set")
/// when it is malformed. Shared by every command that takes `--set`.
std::pair<std::string, expr::Value> parse_assignment(std::string_view text, std::string_view option = "--set");

}  // namespace spak::knowledge
