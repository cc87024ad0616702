#include "spak/trace/store.h"

#include <sqlite3.h>

#include <ctime>
#include <type_traits>

#include <fmt/format.h>

#include "spak/util/error.h"

namespace spak::trace {

namespace {

// The store's tables. Timestamps are ISO 8601 UTC text; JSON columns hold compact JSON text. Version 2 added
// the status 'cancelled' (a SLURM task cancelled before its trial finished).
constexpr const char* kSchema = R"sql(
CREATE TABLE runs (
  id          INTEGER PRIMARY KEY,
  uid         TEXT NOT NULL UNIQUE,
  system      TEXT NOT NULL,
  loop        TEXT NOT NULL,
  dsl_path    TEXT NOT NULL,
  dsl_hash    TEXT NOT NULL,
  strategy    TEXT NOT NULL,
  settings    TEXT NOT NULL,
  host        TEXT NOT NULL,
  device      TEXT NOT NULL,
  started_at  TEXT NOT NULL,
  finished_at TEXT               -- NULL while the sweep runs (or after it was killed)
);
CREATE INDEX runs_by_loop ON runs(system, loop, id);
CREATE TABLE trials (
  id           INTEGER PRIMARY KEY,
  uid          TEXT NOT NULL UNIQUE,
  run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key          TEXT NOT NULL,
  config       TEXT NOT NULL,
  design       TEXT NOT NULL,
  command      TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('ok','failed','crashed','timeout','invalid','incorrect','cancelled')),
  exit_code    INTEGER,
  signal       INTEGER,
  wall_seconds REAL NOT NULL,
  timed_out    INTEGER NOT NULL,
  items        TEXT NOT NULL,
  objective    REAL,
  reason       TEXT NOT NULL,
  log_tail     TEXT NOT NULL,
  host         TEXT NOT NULL,
  device       TEXT NOT NULL,
  started_at   TEXT NOT NULL,
  finished_at  TEXT NOT NULL
);
CREATE INDEX trials_by_key ON trials(run_id, key);
CREATE TABLE insights (
  id         INTEGER PRIMARY KEY,
  run_id     INTEGER REFERENCES runs(id) ON DELETE SET NULL,
  category   TEXT NOT NULL,
  content    TEXT NOT NULL,
  source     TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (category, content, source)
);
)sql";

// Version 1 → 2: SQLite cannot change a CHECK constraint in place, so the trials table is rebuilt with the
// version-2 definition (taken from kSchema) and its rows copied, ids and all.
constexpr const char* kMigrateV1ToV2 = R"sql(
ALTER TABLE trials RENAME TO trials_v1;
DROP INDEX trials_by_key;
)sql";
constexpr const char* kMigrateV1ToV2Copy = R"sql(
INSERT INTO trials SELECT * FROM trials_v1;
DROP TABLE trials_v1;
CREATE INDEX trials_by_key ON trials(run_id, key);
)sql";

// The CREATE TABLE statement of `table` in kSchema.
std::string create_statement(const std::string& table) {
  std::string schema = kSchema;
  auto begin = schema.find("CREATE TABLE " + table + " (");
  auto end = schema.find(");", begin);
  return schema.substr(begin, end + 2 - begin);
}

constexpr const char* kRunColumns =
    "id, uid, system, loop, dsl_path, dsl_hash, strategy, settings, host, device, started_at, finished_at";
constexpr const char* kTrialColumns =
    "id, uid, run_id, key, config, design, command, status, exit_code, signal, wall_seconds, timed_out, items, "
    "objective, reason, log_tail, host, device, started_at, finished_at";

}  // namespace

/// A prepared statement bound left to right; reading columns parses JSON columns back into values.
class Store::Statement {
 public:
  Statement(Store& store, const char* sql) : store_(store) {
    int rc = sqlite3_prepare_v2(store.db_, sql, -1, &stmt_, nullptr);
    if (rc != SQLITE_OK) store.fail("preparing a query", rc);
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  template <typename... Args>
  Statement& bind(const Args&... args) {
    (bind_one(args), ...);
    return *this;
  }

  /// Advances to the next row; false when done.
  bool step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    store_.fail("running a query", rc);
  }

  bool is_null(int column) { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::int64_t integer(int column) { return sqlite3_column_int64(stmt_, column); }
  double real(int column) { return sqlite3_column_double(stmt_, column); }
  std::string text(int column) {
    auto* bytes = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return bytes ? std::string(bytes, sqlite3_column_bytes(stmt_, column)) : std::string();
  }
  nlohmann::json json(int column) {
    try {
      return nlohmann::json::parse(text(column));
    } catch (const nlohmann::json::parse_error&) {
      throw Error("{}: the store is corrupted (column {} holds text that is not JSON)", store_.path_.string(),
                  sqlite3_column_name(stmt_, column));
    }
  }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) store_.fail("binding a query parameter", rc);
  }
  void bind_one(const std::string& value) {
    check(sqlite3_bind_text(stmt_, ++index_, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT));
  }
  void bind_one(const char* value) { bind_one(std::string(value)); }
  void bind_one(const nlohmann::json& value) { bind_one(value.dump()); }
  void bind_one(std::int64_t value) { check(sqlite3_bind_int64(stmt_, ++index_, value)); }
  void bind_one(int value) { check(sqlite3_bind_int64(stmt_, ++index_, value)); }
  void bind_one(bool value) { check(sqlite3_bind_int64(stmt_, ++index_, value ? 1 : 0)); }
  void bind_one(double value) { check(sqlite3_bind_double(stmt_, ++index_, value)); }
  void bind_one(std::nullptr_t) { check(sqlite3_bind_null(stmt_, ++index_)); }
  template <typename T>
  void bind_one(const std::optional<T>& value) {
    if (value) {
      bind_one(*value);
    } else {
      bind_one(nullptr);
    }
  }

  Store& store_;
  sqlite3_stmt* stmt_ = nullptr;
  int index_ = 0;
};

int RunSummary::total() const {
  int sum = 0;
  for (const auto& [status, count] : counts) sum += count;
  return sum;
}

std::filesystem::path default_store_path() { return std::filesystem::path(".spak") / "spak.db"; }

std::string canonical_key(const nlohmann::json& config) {
  // nlohmann's object keeps keys sorted and dump() writes numbers in their shortest round-trip form, so equal
  // configurations give equal text.
  return config.dump();
}

std::string now_iso8601() {
  auto now = std::chrono::system_clock::now();
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                     utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
}

void Store::fail(const std::string& doing, int code) {
  const std::string file = path_.string();
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw Error("{}: the store is locked by another process (waited {:.1f} s while {}); wait for the other spak "
                  "to finish, or use --store to write elsewhere",
                  file, busy_timeout_.count() / 1000.0, doing);
    case SQLITE_NOTADB:
      throw Error("{}: not a SPAK trace store (the file is not an SQLite database)", file);
    case SQLITE_CORRUPT:
      throw Error("{}: the store is corrupted ({}); move it aside and start a new one, or restore a backup", file,
                  db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(code));
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      throw Error("{}: cannot write the store ({})", file, db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(code));
    default:
      throw Error("{}: {} failed: {}", file, doing, db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(code));
  }
}

void Store::exec(const char* sql) {
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) fail(fmt::format("running `{}`", std::string_view(sql).substr(0, 40)), rc);
}

Store::Store(const std::filesystem::path& path, std::chrono::milliseconds busy_timeout)
    : path_(path), busy_timeout_(busy_timeout) {
  std::error_code ec;
  if (std::filesystem::is_directory(path_, ec)) throw Error("{}: is a directory, not a trace store", path_.string());
  if (path_.has_parent_path() && !std::filesystem::exists(path_.parent_path(), ec)) {
    std::filesystem::create_directories(path_.parent_path(), ec);
    if (ec) throw Error("{}: cannot create the directory: {}", path_.parent_path().string(), ec.message());
  }
  int rc = sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw Error("{}: cannot open the store: {}", path_.string(), message);
  }
  try {
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, static_cast<int>(busy_timeout_.count()));
    init_schema();
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

Store::~Store() { sqlite3_close(db_); }

void Store::init_schema() {
  // Reading the version reads the file header: this is where a non-SQLite file is caught.
  auto version = [this] {
    Statement st(*this, "PRAGMA user_version");
    st.step();
    return static_cast<int>(st.integer(0));
  };
  auto check_version = [&](int found) {
    if (found > kStoreSchemaVersion) {
      throw Error("{}: the store was written by a newer spak (schema version {}; this spak knows up to {}); "
                  "upgrade spak to read it",
                  path_.string(), found, kStoreSchemaVersion);
    }
  };
  check_version(version());
  // WAL lets readers (spak trace list, a report) work while a sweep writes. FULL sync makes each committed trial
  // survive power loss, not only a killed process; the cost is one fsync per trial.
  exec("PRAGMA journal_mode=WAL");
  exec("PRAGMA synchronous=FULL");
  exec("PRAGMA foreign_keys=ON");
  if (version() == kStoreSchemaVersion) return;
  transaction([&] {
    int found = version();  // another process may have created or upgraded it while we waited for the lock
    check_version(found);
    if (found == kStoreSchemaVersion) return;
    if (found == 1) {
      exec(kMigrateV1ToV2);
      exec(create_statement("trials").c_str());
      exec(kMigrateV1ToV2Copy);
    } else {
      Statement tables(*this, "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'");
      tables.step();
      if (tables.integer(0) != 0) {
        throw Error("{}: not a SPAK trace store (an SQLite database with other tables in it)", path_.string());
      }
      exec(kSchema);
    }
    exec(fmt::format("PRAGMA user_version={}", kStoreSchemaVersion).c_str());
  });
}

void Store::transaction(const std::function<void()>& body) {
  std::lock_guard lock(mutex_);
  // IMMEDIATE takes the write lock up front, so waiting for another writer happens here, under busy_timeout,
  // instead of failing later when a read lock would have to be upgraded.
  if (transaction_depth_ == 0) exec("BEGIN IMMEDIATE");
  ++transaction_depth_;
  try {
    body();
  } catch (...) {
    if (--transaction_depth_ == 0) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  if (--transaction_depth_ == 0) {
    int rc = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      fail("committing", rc);
    }
  }
}

// 128 random bits: unique across machines, so runs and trials merged from GPU nodes never collide.
std::string Store::random_uid() {
  Statement random(*this, "SELECT lower(hex(randomblob(16)))");
  random.step();
  return random.text(0);
}

std::int64_t Store::begin_run(Run& run) {
  std::lock_guard lock(mutex_);
  if (run.uid.empty()) run.uid = random_uid();
  if (run.started_at.empty()) run.started_at = now_iso8601();
  transaction([&] {
    Statement st(*this,
                 "INSERT INTO runs (uid, system, loop, dsl_path, dsl_hash, strategy, settings, host, device, "
                 "started_at, finished_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    st.bind(run.uid, run.system, run.loop, run.dsl_path, run.dsl_hash, run.strategy, run.settings, run.host,
            run.device, run.started_at,
            run.finished_at.empty() ? std::optional<std::string>() : std::optional(run.finished_at));
    st.step();
    run.id = sqlite3_last_insert_rowid(db_);
  });
  return run.id;
}

std::int64_t Store::add_trial(Trial& trial) {
  std::lock_guard lock(mutex_);
  if (trial.uid.empty()) trial.uid = random_uid();
  if (trial.key.empty()) trial.key = canonical_key(trial.config);
  if (trial.finished_at.empty()) trial.finished_at = now_iso8601();
  if (trial.started_at.empty()) trial.started_at = trial.finished_at;
  transaction([&] {
    Statement st(*this, "INSERT INTO trials (uid, run_id, key, config, design, command, status, exit_code, signal, "
                        "wall_seconds, timed_out, items, objective, reason, log_tail, host, device, started_at, "
                        "finished_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    st.bind(trial.uid, trial.run_id, trial.key, trial.config, trial.design, trial.command,
            std::string(to_string(trial.status)), trial.exit_code, trial.signal, trial.wall_seconds,
            trial.timed_out, trial.items, trial.objective, trial.reason, trial.log_tail, trial.host, trial.device,
            trial.started_at, trial.finished_at);
    try {
      st.step();
    } catch (const Error&) {
      if (!run(trial.run_id)) throw Error("{}: no run {} to add a trial to", path_.string(), trial.run_id);
      throw;
    }
    trial.id = sqlite3_last_insert_rowid(db_);
  });
  return trial.id;
}

void Store::finish_run(std::int64_t run_id) {
  std::lock_guard lock(mutex_);
  transaction([&] {
    Statement st(*this, "UPDATE runs SET finished_at = ? WHERE id = ?");
    st.bind(now_iso8601(), run_id).step();
  });
}

void Store::update_settings(std::int64_t run_id, const nlohmann::json& settings) {
  std::lock_guard lock(mutex_);
  transaction([&] {
    Statement st(*this, "UPDATE runs SET settings = ? WHERE id = ?");
    st.bind(settings, run_id).step();
  });
}

Run Store::read_run(Statement& st) {
  Run run;
  run.id = st.integer(0);
  run.uid = st.text(1);
  run.system = st.text(2);
  run.loop = st.text(3);
  run.dsl_path = st.text(4);
  run.dsl_hash = st.text(5);
  run.strategy = st.text(6);
  run.settings = st.json(7);
  run.host = st.text(8);
  run.device = st.json(9);
  run.started_at = st.text(10);
  run.finished_at = st.text(11);
  return run;
}

Trial Store::read_trial(Statement& st) {
  Trial trial;
  int column = 0;
  trial.id = st.integer(column++);
  trial.uid = st.text(column++);
  trial.run_id = st.integer(column++);
  trial.key = st.text(column++);
  trial.config = st.json(column++);
  trial.design = st.json(column++);
  trial.command = st.text(column++);
  trial.status = parse_status(st.text(column++)).value_or(Status::Invalid);  // the CHECK constraint keeps it known
  if (!st.is_null(column)) trial.exit_code = static_cast<int>(st.integer(column));
  ++column;
  if (!st.is_null(column)) trial.signal = static_cast<int>(st.integer(column));
  ++column;
  trial.wall_seconds = st.real(column++);
  trial.timed_out = st.integer(column++) != 0;
  trial.items = st.json(column++);
  if (!st.is_null(column)) trial.objective = st.real(column);
  ++column;
  trial.reason = st.text(column++);
  trial.log_tail = st.text(column++);
  trial.host = st.text(column++);
  trial.device = st.json(column++);
  trial.started_at = st.text(column++);
  trial.finished_at = st.text(column++);
  return trial;
}

std::vector<RunSummary> Store::runs() {
  std::lock_guard lock(mutex_);
  std::vector<RunSummary> result;
  Statement st(*this, fmt::format("SELECT {} FROM runs ORDER BY id", kRunColumns).c_str());
  while (st.step()) result.push_back({read_run(st), {}});
  Statement counts(*this, "SELECT run_id, status, count(*) FROM trials GROUP BY run_id, status");
  while (counts.step()) {
    std::int64_t run_id = counts.integer(0);
    auto status = parse_status(counts.text(1));
    for (auto& summary : result) {
      if (summary.run.id == run_id && status) summary.counts[*status] = static_cast<int>(counts.integer(2));
    }
  }
  return result;
}

std::optional<Run> Store::run(std::int64_t id) {
  std::lock_guard lock(mutex_);
  Statement st(*this, fmt::format("SELECT {} FROM runs WHERE id = ?", kRunColumns).c_str());
  st.bind(id);
  if (!st.step()) return std::nullopt;
  return read_run(st);
}

std::optional<Run> Store::run_by_uid(const std::string& uid) {
  std::lock_guard lock(mutex_);
  Statement st(*this, fmt::format("SELECT {} FROM runs WHERE uid = ?", kRunColumns).c_str());
  st.bind(uid);
  if (!st.step()) return std::nullopt;
  return read_run(st);
}

std::vector<Trial> Store::trials(std::int64_t run_id) {
  std::lock_guard lock(mutex_);
  std::vector<Trial> result;
  Statement st(*this, fmt::format("SELECT {} FROM trials WHERE run_id = ? ORDER BY id", kTrialColumns).c_str());
  st.bind(run_id);
  while (st.step()) result.push_back(read_trial(st));
  return result;
}

std::optional<Trial> Store::trial(std::int64_t id) {
  std::lock_guard lock(mutex_);
  Statement st(*this, fmt::format("SELECT {} FROM trials WHERE id = ?", kTrialColumns).c_str());
  st.bind(id);
  if (!st.step()) return std::nullopt;
  return read_trial(st);
}

std::optional<Trial> Store::trial_by_uid(const std::string& uid) {
  std::lock_guard lock(mutex_);
  Statement st(*this, fmt::format("SELECT {} FROM trials WHERE uid = ?", kTrialColumns).c_str());
  st.bind(uid);
  if (!st.step()) return std::nullopt;
  return read_trial(st);
}

std::map<Status, int> Store::status_counts(std::int64_t run_id) {
  std::lock_guard lock(mutex_);
  std::map<Status, int> counts;
  Statement st(*this, "SELECT status, count(*) FROM trials WHERE run_id = ? GROUP BY status");
  st.bind(run_id);
  while (st.step()) {
    if (auto status = parse_status(st.text(0))) counts[*status] = static_cast<int>(st.integer(1));
  }
  return counts;
}

std::set<std::string> Store::finished_keys(std::int64_t run_id) {
  std::lock_guard lock(mutex_);
  std::set<std::string> keys;
  Statement st(*this, "SELECT DISTINCT key FROM trials WHERE run_id = ?");
  st.bind(run_id);
  while (st.step()) keys.insert(st.text(0));
  return keys;
}

std::optional<Run> Store::latest_run(const std::string& system, const std::string& loop) {
  std::lock_guard lock(mutex_);
  Statement st(*this, fmt::format("SELECT {} FROM runs WHERE system = ? AND loop = ? ORDER BY id DESC LIMIT 1",
                                  kRunColumns)
                          .c_str());
  st.bind(system, loop);
  if (!st.step()) return std::nullopt;
  return read_run(st);
}

std::optional<Trial> Store::best_trial(std::int64_t run_id, Direction direction) {
  std::lock_guard lock(mutex_);
  Statement st(*this, fmt::format("SELECT {} FROM trials WHERE run_id = ? AND status = 'ok' AND objective IS NOT "
                                  "NULL ORDER BY objective {}, id LIMIT 1",
                                  kTrialColumns, direction == Direction::Maximize ? "DESC" : "ASC")
                          .c_str());
  st.bind(run_id);
  if (!st.step()) return std::nullopt;
  return read_trial(st);
}

bool Store::add_insight(Insight& insight) {
  std::lock_guard lock(mutex_);
  if (insight.created_at.empty()) insight.created_at = now_iso8601();
  bool added = false;
  transaction([&] {
    Statement st(*this, "INSERT OR IGNORE INTO insights (run_id, category, content, source, created_at) "
                        "VALUES (?,?,?,?,?)");
    st.bind(insight.run_id, insight.category, insight.content, insight.source, insight.created_at).step();
    added = sqlite3_changes(db_) == 1;
    Statement id(*this, "SELECT id FROM insights WHERE category = ? AND content = ? AND source = ?");
    id.bind(insight.category, insight.content, insight.source).step();
    insight.id = id.integer(0);
  });
  return added;
}

std::vector<Insight> Store::insights() {
  std::lock_guard lock(mutex_);
  std::vector<Insight> result;
  Statement st(*this, "SELECT id, run_id, category, content, source, created_at FROM insights ORDER BY id");
  while (st.step()) {
    Insight insight;
    insight.id = st.integer(0);
    if (!st.is_null(1)) insight.run_id = st.integer(1);
    insight.category = st.text(2);
    insight.content = st.text(3);
    insight.source = st.text(4);
    insight.created_at = st.text(5);
    result.push_back(std::move(insight));
  }
  return result;
}

}  // namespace spak::trace
