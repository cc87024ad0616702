#pragma once
// The record of one agent run: `runs/<id>/trace.jsonl` (one effect record a line), `runs/<id>/run.json` (what
// ran, how, and how it ended) and the same records in the trace store, as trials of a run whose strategy is
// "agent" (one trial per effect, its record as the trial's single item). Files are rewritten atomically after
// every effect, so a run killed at any moment leaves a journal that `--resume` can continue.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "spak/agent/effect.h"
#include "spak/trace/store.h"

namespace spak::agent {

/// What a run is, as run.json states it.
struct RunInfo {
  std::string id;                   ///< e.g. 20261125-081500-3fa2; also the store run's uid
  std::string dsl_path;
  std::string target;               ///< "task NAME", "agent_loop NAME" or "service_loop NAME/Event"
  std::string mode = "live";        ///< live, replay, resume
  std::string replay_of;            ///< for mode replay: the recorded run's id
  nlohmann::json settings = nlohmann::json::object();  ///< backend, model, workdir, --set values
  std::string status = "running";   ///< running, succeeded, failed
  nlohmann::json outputs = nlohmann::json::object();
};

/// An open journal. Not copyable.
class Journal {
 public:
  /// Starts a new run under `runs_dir` (a fresh id) and in `store`.
  static std::unique_ptr<Journal> create(const std::filesystem::path& runs_dir, RunInfo info, trace::Store& store,
                                         const std::string& system);
  /// Opens an existing run to continue it (`--resume`). Throws spak::Error when it does not exist.
  static std::unique_ptr<Journal> reopen(const std::filesystem::path& run_dir, trace::Store& store);

  /// The directory of the run `ref`: a path to one, or an id under `runs_dir`. Throws when there is none.
  static std::filesystem::path find(const std::filesystem::path& runs_dir, const std::string& ref);
  /// The records of a run directory's trace.jsonl, in order. Throws spak::Error for a missing/corrupt file.
  static std::vector<EffectRecord> read_records(const std::filesystem::path& run_dir);
  static RunInfo read_info(const std::filesystem::path& run_dir);

  const RunInfo& info() const { return info_; }
  const std::filesystem::path& dir() const { return dir_; }
  const std::vector<EffectRecord>& records() const { return records_; }

  /// Appends `record` to trace.jsonl and the store. Records with the seq of an earlier failed one replace it.
  void append(const EffectRecord& record);
  /// Marks the run ended with `status` and its outputs.
  void finish(const std::string& status, const nlohmann::json& outputs);

 private:
  Journal(std::filesystem::path dir, RunInfo info, trace::Store& store, std::int64_t store_run);
  void write_info() const;
  void write_records() const;

  std::filesystem::path dir_;
  RunInfo info_;
  trace::Store& store_;
  std::int64_t store_run_;
  std::vector<EffectRecord> records_;
};

nlohmann::json to_json(const RunInfo& info);

}  // namespace spak::agent
