#include "spak/agent/journal.h"

#include <random>
#include <sstream>

#include <fmt/chrono.h>

#include "spak/trace/sha256.h"
#include "spak/util/error.h"
#include "spak/util/file_io.h"

namespace spak::agent {
namespace fs = std::filesystem;

namespace {

std::string fresh_id() {
  std::random_device rd;
  return fmt::format("{:%Y%m%d-%H%M%S}-{:04x}", fmt::gmtime(std::time(nullptr)), rd() & 0xffff);
}

RunInfo info_from_json(const nlohmann::json& j) {
  RunInfo i;
  i.id = j.at("id");
  i.dsl_path = j.value("dsl", "");
  i.target = j.value("target", "");
  i.mode = j.value("mode", "live");
  i.replay_of = j.value("replay_of", "");
  i.settings = j.value("settings", nlohmann::json::object());
  i.status = j.value("status", "running");
  i.outputs = j.value("outputs", nlohmann::json::object());
  return i;
}

}  // namespace

nlohmann::json to_json(const RunInfo& i) {
  nlohmann::json j{{"id", i.id},         {"dsl", i.dsl_path},         {"target", i.target},
                   {"mode", i.mode},     {"settings", i.settings},    {"status", i.status},
                   {"outputs", i.outputs}};
  if (!i.replay_of.empty()) j["replay_of"] = i.replay_of;
  return j;
}

Journal::Journal(fs::path dir, RunInfo info, trace::Store& store, std::int64_t store_run)
    : dir_(std::move(dir)), info_(std::move(info)), store_(store), store_run_(store_run) {}

std::unique_ptr<Journal> Journal::create(const fs::path& runs_dir, RunInfo info, trace::Store& store,
                                         const std::string& system) {
  info.id = fresh_id();
  fs::path dir = runs_dir / info.id;
  while (fs::exists(dir)) dir = runs_dir / (info.id = fresh_id());
  fs::create_directories(dir);
  trace::Run run;
  run.uid = info.id;
  run.system = system;
  run.loop = info.target;
  run.dsl_path = info.dsl_path;
  std::error_code ec;
  if (fs::is_regular_file(info.dsl_path, ec)) run.dsl_hash = trace::sha256_hex(read_file(info.dsl_path));
  run.strategy = "agent";
  run.settings = info.settings;
  run.settings["mode"] = info.mode;
  std::int64_t id = store.begin_run(run);
  std::unique_ptr<Journal> j(new Journal(dir, std::move(info), store, id));
  j->write_info();
  j->write_records();
  return j;
}

std::unique_ptr<Journal> Journal::reopen(const fs::path& run_dir, trace::Store& store) {
  RunInfo info = read_info(run_dir);
  std::optional<trace::Run> run = store.run_by_uid(info.id);
  if (!run) throw Error("run {} is not in the trace store {}; resume it with the --store it ran with", info.id,
                        store.path().string());
  std::unique_ptr<Journal> j(new Journal(run_dir, std::move(info), store, run->id));
  j->records_ = read_records(run_dir);
  j->info_.status = "running";
  j->write_info();
  return j;
}

fs::path Journal::find(const fs::path& runs_dir, const std::string& ref) {
  for (const fs::path& p : {fs::path(ref), runs_dir / ref})
    if (fs::is_regular_file(p / "run.json")) return p;
  throw Error("no run '{}': expected a run directory or an id under {}", ref, runs_dir.string());
}

std::vector<EffectRecord> Journal::read_records(const fs::path& run_dir) {
  fs::path file = run_dir / "trace.jsonl";
  std::istringstream in(read_file(file));
  std::vector<EffectRecord> out;
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (line.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) throw Error("{}:{}: not JSON", file.string(), n);
    try {
      out.push_back(record_from_json(j));
    } catch (const Error& e) {
      throw Error("{}:{}: {}", file.string(), n, e.what());
    }
  }
  return out;
}

RunInfo Journal::read_info(const fs::path& run_dir) {
  fs::path file = run_dir / "run.json";
  nlohmann::json j = nlohmann::json::parse(read_file(file), nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("id")) throw Error("{}: not a run record", file.string());
  return info_from_json(j);
}

void Journal::append(const EffectRecord& record) {
  while (!records_.empty() && records_.back().seq >= record.seq) records_.pop_back();
  records_.push_back(record);
  trace::Trial trial;
  trial.run_id = store_run_;
  trial.config = {{"seq", record.seq}, {"step", record.step}};
  trial.command = record.effect.kind;
  trial.status = record.ok() ? trace::Status::Ok : trace::Status::Failed;
  trial.reason = record.error;
  trial.items = nlohmann::json::array({to_json(record)});
  trial.started_at = record.started_at;
  trial.finished_at = record.finished_at;
  // A record is on disk before the store has it; a crash between the two loses only the store's copy.
  write_records();
  store_.add_trial(trial);
}

void Journal::finish(const std::string& status, const nlohmann::json& outputs) {
  info_.status = status;
  info_.outputs = outputs;
  write_info();
  store_.finish_run(store_run_);
}

void Journal::write_info() const { write_file_atomic(dir_ / "run.json", to_json(info_).dump(2) + "\n"); }

void Journal::write_records() const {
  std::string text;
  for (const auto& r : records_) text += to_json(r).dump() + "\n";
  write_file_atomic(dir_ / "trace.jsonl", text);
}

}  // namespace spak::agent
