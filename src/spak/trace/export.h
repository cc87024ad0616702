#pragma once
// `spak trace export`: the store (or one run) as JSONL (every field; what `spak trace import` reads back) or CSV
// (one row per trial, one column per parameter; for spreadsheets and plotting).

#include <cstdint>
#include <optional>
#include <string>

#include "spak/trace/store.h"

namespace spak::trace {

enum class ExportFormat { Jsonl, Csv };

/// The text of the export. JSONL lines are records: {"record": "run", …}, then that run's {"record": "trial",
/// "run_uid": …, …} lines, then {"record": "insight", …}. With `run_id`, only that run and its insights.
/// Throws spak::Error for an unknown run.
std::string export_store(Store& store, std::optional<std::int64_t> run_id, ExportFormat format);

}  // namespace spak::trace
