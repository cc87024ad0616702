#include "spak/trace/store.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "spak/util/error.h"
#include "spak/util/file_io.h"
#include "support/scratch.h"

namespace fs = std::filesystem;
using spak::test_support::error_of;
using spak::test_support::fresh_dir;
using spak::trace::Direction;
using spak::trace::Status;
using spak::trace::Store;
using spak::trace::Trial;

namespace {

spak::trace::Run gemm_run() {
  spak::trace::Run run;
  run.system = "Gemm";
  run.loop = "tune_tiles";
  run.dsl_path = "examples/gemm.dsl";
  run.dsl_hash = "abc123";
  run.strategy = "grid";
  run.settings = {{"budget", 10}, {"seed", 1}};
  run.host = "node1";
  run.device = {{"name", "H100"}, {"sm_count", 132}};
  return run;
}

Trial trial_of(std::int64_t run_id, int tile, Status status, std::optional<double> objective) {
  Trial trial;
  trial.run_id = run_id;
  trial.config = {{"tile", tile}, {"order", "ijk"}};
  trial.status = status;
  trial.objective = objective;
  trial.exit_code = status == Status::Crashed ? std::nullopt : std::optional<int>(status == Status::Failed);
  if (status == Status::Crashed) trial.signal = SIGSEGV;
  trial.timed_out = status == Status::Timeout;
  trial.wall_seconds = 0.25;
  return trial;
}

TEST(Store, CreatesTheParentDirectoryAndRoundTripsEveryField) {
  fs::path path = fresh_dir("roundtrip") / "nested" / "spak.db";
  Store store(path);
  EXPECT_TRUE(fs::exists(path));

  auto run = gemm_run();
  std::int64_t run_id = store.begin_run(run);
  EXPECT_GT(run_id, 0);
  EXPECT_EQ(run.uid.size(), 32u);
  EXPECT_FALSE(run.started_at.empty());

  Trial trial = trial_of(run_id, 64, Status::Ok, 12.5);
  trial.design = {{"variant", "tiled"}};
  trial.command = "./gemm --tile 64";
  trial.items = {{{"type", "Performance"}, {"gflops", 12.5}}};
  trial.log_tail = "warming up\n";
  trial.host = "node1";
  trial.device = {{"name", "cpu"}};
  trial.started_at = "2026-01-01T00:00:00.000Z";
  store.add_trial(trial);
  EXPECT_EQ(trial.key, R"({"order":"ijk","tile":64})");

  auto back = store.trial(trial.id);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->uid.size(), 32u);
  EXPECT_EQ(store.trial_by_uid(back->uid)->id, trial.id);
  EXPECT_EQ(back->run_id, run_id);
  EXPECT_EQ(back->key, trial.key);
  EXPECT_EQ(back->config, trial.config);
  EXPECT_EQ(back->design, trial.design);
  EXPECT_EQ(back->command, trial.command);
  EXPECT_EQ(back->status, Status::Ok);
  EXPECT_EQ(back->exit_code, 0);
  EXPECT_EQ(back->signal, std::nullopt);
  EXPECT_EQ(back->wall_seconds, 0.25);
  EXPECT_EQ(back->items, trial.items);
  EXPECT_EQ(back->objective, 12.5);
  EXPECT_EQ(back->log_tail, "warming up\n");
  EXPECT_EQ(back->device, trial.device);
  EXPECT_EQ(back->started_at, "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(back->finished_at, trial.finished_at);

  auto stored_run = store.run(run_id);
  ASSERT_TRUE(stored_run);
  EXPECT_EQ(stored_run->settings, run.settings);
  EXPECT_EQ(stored_run->device, run.device);
  EXPECT_EQ(stored_run->finished_at, "");
  store.finish_run(run_id);
  EXPECT_NE(store.run(run_id)->finished_at, "");
  EXPECT_EQ(store.run_by_uid(run.uid)->id, run_id);
  EXPECT_EQ(store.run(run_id + 100), std::nullopt);
  EXPECT_EQ(store.trial(trial.id + 100), std::nullopt);
}

TEST(Store, KeepsEveryStatusAndCountsThem) {
  Store store(fresh_dir("statuses") / "spak.db");
  auto run = gemm_run();
  store.begin_run(run);
  int tile = 1;
  for (Status status : spak::trace::kAllStatuses) {
    Trial trial = trial_of(run.id, tile++, status, status == Status::Ok ? std::optional(1.0) : std::nullopt);
    trial.reason = status == Status::Ok ? "" : "because";
    store.add_trial(trial);
  }
  auto trials = store.trials(run.id);
  ASSERT_EQ(trials.size(), spak::trace::kAllStatuses.size());
  for (size_t i = 0; i < trials.size(); ++i) EXPECT_EQ(trials[i].status, spak::trace::kAllStatuses[i]);
  EXPECT_EQ(trials[2].signal, SIGSEGV);
  EXPECT_TRUE(trials[3].timed_out);

  auto counts = store.status_counts(run.id);
  EXPECT_EQ(counts.size(), spak::trace::kAllStatuses.size());
  auto runs = store.runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].counts, counts);
  EXPECT_EQ(runs[0].total(), static_cast<int>(spak::trace::kAllStatuses.size()));
}

TEST(Store, AnswersResumeQuestions) {
  Store store(fresh_dir("resume") / "spak.db");
  auto old_run = gemm_run(), other_loop = gemm_run(), new_run = gemm_run();
  other_loop.loop = "other";
  store.begin_run(old_run);
  store.begin_run(new_run);
  store.begin_run(other_loop);
  EXPECT_EQ(store.latest_run("Gemm", "tune_tiles")->id, new_run.id);
  EXPECT_EQ(store.latest_run("Gemm", "other")->id, other_loop.id);
  EXPECT_EQ(store.latest_run("Gemm", "missing"), std::nullopt);

  for (Trial trial : {trial_of(new_run.id, 32, Status::Ok, 3.0), trial_of(new_run.id, 64, Status::Crashed, {}),
                      trial_of(old_run.id, 128, Status::Ok, 9.0)}) {
    store.add_trial(trial);
  }
  std::set<std::string> want = {R"({"order":"ijk","tile":32})", R"({"order":"ijk","tile":64})"};
  EXPECT_EQ(store.finished_keys(new_run.id), want);
}

TEST(Store, BestTrialHonoursDirectionAndIgnoresFailures) {
  Store store(fresh_dir("best") / "spak.db");
  auto run = gemm_run();
  store.begin_run(run);
  EXPECT_EQ(store.best_trial(run.id, Direction::Maximize), std::nullopt);
  for (Trial trial : {trial_of(run.id, 1, Status::Ok, 5.0), trial_of(run.id, 2, Status::Ok, 7.0),
                      trial_of(run.id, 3, Status::Incorrect, std::nullopt), trial_of(run.id, 4, Status::Ok, 2.0),
                      trial_of(run.id, 5, Status::Ok, 7.0)}) {
    store.add_trial(trial);
  }
  // An incorrect trial with a (bogus) objective must never win.
  Trial wrong = trial_of(run.id, 6, Status::Incorrect, 100.0);
  store.add_trial(wrong);
  EXPECT_EQ(store.best_trial(run.id, Direction::Maximize)->config["tile"], 2);
  EXPECT_EQ(store.best_trial(run.id, Direction::Minimize)->config["tile"], 4);
}

TEST(Store, AddTrialToAMissingRunIsAnError) {
  Store store(fresh_dir("norun") / "spak.db");
  Trial trial = trial_of(42, 1, Status::Ok, 1.0);
  EXPECT_NE(error_of([&] { store.add_trial(trial); }).find("no run 42"), std::string::npos);
}

TEST(Store, InsightsAreAddedOnce) {
  Store store(fresh_dir("insights") / "spak.db");
  spak::trace::Insight insight{0, std::nullopt, "performance", "64x128 tiles win", "trace 41", ""};
  EXPECT_TRUE(store.add_insight(insight));
  std::int64_t first = insight.id;
  spak::trace::Insight again = insight;
  EXPECT_FALSE(store.add_insight(again));
  EXPECT_EQ(again.id, first);
  ASSERT_EQ(store.insights().size(), 1u);
  EXPECT_EQ(store.insights()[0].content, "64x128 tiles win");
}

TEST(Store, TransactionRollsBackEverythingOnError) {
  Store store(fresh_dir("rollback") / "spak.db");
  auto run = gemm_run();
  store.begin_run(run);
  EXPECT_THROW(store.transaction([&] {
    Trial trial = trial_of(run.id, 1, Status::Ok, 1.0);
    store.add_trial(trial);
    throw spak::Error("stop");
  }),
               spak::Error);
  EXPECT_TRUE(store.trials(run.id).empty());
}

TEST(Store, ReopensAndSurvivesConcurrentWriters) {
  fs::path path = fresh_dir("concurrent") / "spak.db";
  std::int64_t run_id;
  {
    Store store(path);
    auto run = gemm_run();
    run_id = store.begin_run(run);
  }
  // Four connections (as four worker processes would have) and two threads on a shared one.
  constexpr int kWriters = 4, kPerWriter = 15;
  Store shared(path);
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      std::optional<Store> own;
      if (w >= 2) own.emplace(path);
      Store& store = own ? *own : shared;
      for (int i = 0; i < kPerWriter; ++i) {
        Trial trial = trial_of(run_id, w * 1000 + i, Status::Ok, i);
        store.add_trial(trial);
      }
    });
  }
  for (auto& t : threads) t.join();
  Store reopened(path);
  EXPECT_EQ(reopened.trials(run_id).size(), static_cast<size_t>(kWriters * kPerWriter));
  EXPECT_EQ(reopened.finished_keys(run_id).size(), static_cast<size_t>(kWriters * kPerWriter));
}

TEST(Store, ALockedStoreFailsWithinTheTimeoutWithAClearMessage) {
  fs::path path = fresh_dir("locked") / "spak.db";
  Store store(path, std::chrono::milliseconds(500));
  auto run = gemm_run();
  store.begin_run(run);

  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);

  auto start = std::chrono::steady_clock::now();
  Trial trial = trial_of(run.id, 1, Status::Ok, 1.0);
  std::string message = error_of([&] { store.add_trial(trial); });
  double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_NE(message.find("spak.db: the store is locked by another process (waited 0.5 s"), std::string::npos)
      << message;
  EXPECT_GE(waited, 0.4);
  EXPECT_LT(waited, 2.0);

  // WAL lets readers on while a writer holds the lock: `spak trace list` works during a sweep.
  Store reader(path, std::chrono::milliseconds(200));
  EXPECT_EQ(reader.runs().size(), 1u);

  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  store.add_trial(trial);  // the lock is gone: the same store works again
  EXPECT_EQ(store.trials(run.id).size(), 1u);
}

TEST(Store, RefusesFilesThatAreNotStores) {
  fs::path dir = fresh_dir("notadb");
  spak::write_file_atomic(dir / "text.db", std::string(4096, 'x'));
  EXPECT_EQ(error_of([&] { Store store(dir / "text.db"); }),
            (dir / "text.db").string() + ": not a SPAK trace store (the file is not an SQLite database)");

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "other.db").c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "CREATE TABLE mine (x)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  EXPECT_NE(error_of([&] { Store store(dir / "other.db"); }).find("an SQLite database with other tables"),
            std::string::npos);

  EXPECT_NE(error_of([&] { Store store(dir); }).find("is a directory"), std::string::npos);
}

TEST(Store, RefusesANewerSchemaVersion) {
  fs::path path = fresh_dir("newer") / "spak.db";
  { Store store(path); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "PRAGMA user_version=7", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  EXPECT_NE(error_of([&] { Store store(path); }).find("written by a newer spak (schema version 7; this spak knows up "
                                                      "to 2)"),
            std::string::npos);
}

TEST(Store, ACorruptedStoreGivesAClearError) {
  fs::path path = fresh_dir("corrupt") / "spak.db";
  {
    Store store(path);
    auto run = gemm_run();
    store.begin_run(run);
    store.transaction([&] {
      for (int i = 0; i < 50; ++i) {
        Trial trial = trial_of(run.id, i, Status::Ok, i);
        trial.log_tail = std::string(1000, 'l');
        store.add_trial(trial);
      }
    });
  }
  // Closing the last connection checkpointed the WAL into the file; scribble over everything after page 1.
  std::string bytes = spak::read_file(path);
  ASSERT_GT(bytes.size(), 8192u);
  for (size_t i = 4096; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 7919 % 251);
  spak::write_file_atomic(path, bytes);

  std::string message = error_of([&] {
    Store store(path);
    store.runs();
    store.trials(1);
  });
  EXPECT_NE(message.find("spak.db: the store is corrupted"), std::string::npos) << message;
}

// The promise `--resume` rests on: a writer killed at any moment leaves every trial add_trial returned for.
TEST(Store, AKilledWriterLosesNothingItCommitted) {
  fs::path path = fresh_dir("killed") / "spak.db";
  std::int64_t run_id;
  {
    Store store(path);
    auto run = gemm_run();
    run_id = store.begin_run(run);
  }
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(pipe_fds[0]);
    Store store(path);
    for (int i = 0;; ++i) {
      Trial trial = trial_of(run_id, i, Status::Ok, i);
      store.add_trial(trial);
      if (write(pipe_fds[1], &i, sizeof i) != sizeof i) _exit(1);
    }
  }
  close(pipe_fds[1]);
  int last = -1, value;
  while (last < 30 && read(pipe_fds[0], &value, sizeof value) == sizeof value) last = value;
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  while (read(pipe_fds[0], &value, sizeof value) == sizeof value) last = value;
  close(pipe_fds[0]);

  Store store(path);
  auto keys = store.finished_keys(run_id);
  for (int i = 0; i <= last; ++i) {
    EXPECT_TRUE(keys.count(spak::trace::canonical_key({{"tile", i}, {"order", "ijk"}}))) << "lost trial " << i;
  }
  EXPECT_EQ(store.trials(run_id).size(), keys.size());  // and nothing is there twice
}

TEST(Store, CanonicalKeyIgnoresKeyOrder) {
  EXPECT_EQ(spak::trace::canonical_key(nlohmann::json::parse(R"({"b": 1, "a": [1, 2.5]})")),
            spak::trace::canonical_key(nlohmann::json::parse(R"({"a": [1, 2.5], "b": 1})")));
  EXPECT_EQ(spak::trace::default_store_path(), fs::path(".spak/spak.db"));
  EXPECT_EQ(spak::trace::now_iso8601().size(), 24u);
}

}  // namespace
