#pragma once
// `spak trace import`: merges files into the store, recognising each format by its content:
//   - spak JSONL (`spak trace export`): {"record": "run" | "trial" | "insight", …} lines;
//   - the SPAK prototype's insights_log.jsonl: {category, content, source} lines → insights;
//   - the prototype's trace.json: a list of trace items, or an object holding one (or the same items one per
//     line) → a run of imported trials; items carrying a `config` object are grouped into one trial per config;
//   - the prototype's last_engineering_trace.json: {best_config, full_history: [{config, metrics | result}]}
//     → a run with one trial per history entry.
// Importing is idempotent: runs and trials are known by their uids (prototype files get them from a hash of
// their content; a hand-written trial record without one, from its own), insights by (category, content,
// source). A file is imported
// in one transaction: a bad line leaves the store as it was.

#include <filesystem>
#include <string>

#include "spak/trace/store.h"

namespace spak::trace {

/// Choices for prototype files, which do not say what they measured.
struct ImportOptions {
  std::string system;   ///< system name for runs made from prototype files; empty = the file's own or "imported"
  std::string metric;   ///< trace field that is each imported trial's objective ("tflops"); empty = none
};

/// What one import did.
struct ImportResult {
  std::string format;   ///< "spak-jsonl", "insights_log.jsonl", "trace.json" or "last_engineering_trace.json";
                        ///< a JSONL file mixing kinds is "spak-jsonl"
  int runs = 0, trials = 0, insights = 0;  ///< records added
  int skipped = 0;                         ///< records that were already in the store
};

/// Imports one file. Throws spak::Error "FILE:LINE: …" (or "FILE: …") for a file it cannot read.
ImportResult import_file(Store& store, const std::filesystem::path& file, const ImportOptions& options = {});

}  // namespace spak::trace
