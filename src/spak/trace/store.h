#pragma once
// The trace store: one SQLite file (WAL mode) holding every sweep (run), every trial of it, and insights.
//
// Written one transaction per finished trial, so a killed sweep loses nothing it finished, and `--resume` can ask
// which configurations are done. Several processes may write one store: each waits up to `busy_timeout` for a
// lock, then fails with a clear spak::Error. A Store object may be shared by threads (calls are serialised).
// Every failure (locked, corrupted, not SQLite, written by a newer spak) is a spak::Error naming the file.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "spak/trace/status.h"

struct sqlite3;

namespace spak::trace {

/// The schema version this build writes (PRAGMA user_version). A store with a newer version is refused.
inline constexpr int kStoreSchemaVersion = 2;

/// One sweep of an engineering loop over a system's tuning space.
struct Run {
  std::int64_t id = 0;                ///< assigned by the store; 0 = not stored yet
  std::string uid;                    ///< globally unique; begin_run fills a random one when empty
  std::string system;                 ///< system name
  std::string loop;                   ///< engineering loop name
  std::string dsl_path;               ///< the .dsl file as given on the command line
  std::string dsl_hash;               ///< sha256 of the .dsl file's bytes (hex)
  std::string strategy;               ///< grid, random, anneal, bayes, import, …
  nlohmann::json settings = nlohmann::json::object();  ///< budget, seed, jobs, metric, objective, …
  std::string host;                   ///< hostname of the machine that ran it
  nlohmann::json device = nlohmann::json::object();    ///< GPU name, driver, SM count … when known
  std::string started_at;             ///< ISO 8601 UTC; begin_run fills now when empty
  std::string finished_at;            ///< empty while the sweep is unfinished (or was killed)
};

/// One evaluation of one configuration, finished (whatever its status).
struct Trial {
  std::int64_t id = 0;                ///< assigned by the store
  std::string uid;                    ///< globally unique; add_trial fills a random one when empty
  std::int64_t run_id = 0;
  std::string key;                    ///< canonical_key(config); add_trial fills it when empty
  nlohmann::json config = nlohmann::json::object();   ///< parameter values
  nlohmann::json design = nlohmann::json::object();   ///< design-space choices in force
  std::string command;                ///< the command line as run (holes filled)
  Status status = Status::Ok;
  std::optional<int> exit_code;       ///< when the process exited
  std::optional<int> signal;          ///< when a signal ended it
  double wall_seconds = 0;
  bool timed_out = false;
  nlohmann::json items = nlohmann::json::array();     ///< every trace item, as printed
  std::optional<double> objective;    ///< the metric's value; only for Ok trials
  std::string reason;                 ///< why it is not Ok (empty for Ok)
  std::string log_tail;               ///< the end of its stdout/stderr (non-trace lines)
  std::string host;
  nlohmann::json device = nlohmann::json::object();
  std::string started_at;             ///< ISO 8601 UTC
  std::string finished_at;
};

/// A lesson learned, in the SPAK prototype's insights_log form; `spak compound` turns these into facts.
struct Insight {
  std::int64_t id = 0;
  std::optional<std::int64_t> run_id; ///< the run it came from, when known
  std::string category;
  std::string content;
  std::string source;
  std::string created_at;
};

/// A run with how many of its trials ended in each status.
struct RunSummary {
  Run run;
  std::map<Status, int> counts;       ///< absent statuses have no entry
  int total() const;
};

/// Which way the objective is better.
enum class Direction { Maximize, Minimize };

/// `.spak/spak.db` under the current directory (the default store).
std::filesystem::path default_store_path();

/// The canonical JSON text of a configuration (keys sorted, no spaces): the identity of a trial in a run.
std::string canonical_key(const nlohmann::json& config);

/// The current time as ISO 8601 UTC with milliseconds, e.g. "2026-01-02T03:04:05.123Z".
std::string now_iso8601();

/// An open trace store. Opening creates the file (and its parent directory) and the schema when missing.
class Store {
 public:
  /// How long a writer waits for another process's lock before failing.
  static constexpr std::chrono::milliseconds kDefaultBusyTimeout{3000};

  explicit Store(const std::filesystem::path& path,
                 std::chrono::milliseconds busy_timeout = kDefaultBusyTimeout);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::filesystem::path& path() const { return path_; }

  /// Stores a new run; fills run.id (and uid/started_at when empty). Returns the id.
  std::int64_t begin_run(Run& run);
  /// Stores one finished trial in its own transaction; fills trial.id (and key when empty). Returns the id.
  std::int64_t add_trial(Trial& trial);
  /// Marks a run finished now.
  void finish_run(std::int64_t run_id);
  /// Replaces a run's settings (an executor keeps its submitted jobs there so `--resume` can collect them).
  void update_settings(std::int64_t run_id, const nlohmann::json& settings);

  std::vector<RunSummary> runs();                   ///< every run, oldest first, with status counts
  std::optional<Run> run(std::int64_t id);
  std::optional<Run> run_by_uid(const std::string& uid);
  std::vector<Trial> trials(std::int64_t run_id);   ///< in the order they finished
  std::optional<Trial> trial(std::int64_t id);
  std::optional<Trial> trial_by_uid(const std::string& uid);
  std::map<Status, int> status_counts(std::int64_t run_id);

  /// Keys of the trials of a run that finished (any status): what `--resume` must not repeat.
  std::set<std::string> finished_keys(std::int64_t run_id);
  /// The newest run of a system's loop, for `--resume`.
  std::optional<Run> latest_run(const std::string& system, const std::string& loop);
  /// The Ok trial with the best objective, ties going to the earlier trial.
  std::optional<Trial> best_trial(std::int64_t run_id, Direction direction);

  /// Stores an insight unless an identical (category, content, source) one exists. True when added.
  bool add_insight(Insight& insight);
  std::vector<Insight> insights();

  /// Runs `body` in one write transaction (committed when it returns, rolled back when it throws). Calls to
  /// add_trial/begin_run/add_insight inside it join the transaction; used by import to add a file atomically.
  void transaction(const std::function<void()>& body);

 private:
  class Statement;
  static Run read_run(Statement& st);
  static Trial read_trial(Statement& st);
  void exec(const char* sql);
  std::string random_uid();
  void init_schema();
  [[noreturn]] void fail(const std::string& doing, int code);

  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
  std::chrono::milliseconds busy_timeout_;
  std::recursive_mutex mutex_;
  int transaction_depth_ = 0;
};

}  // namespace spak::trace
