// `spak run` as a user runs it, against real HTTP servers speaking the Ollama and OpenAI protocols: the example
// tasks end to end, replay equality, and a run killed with SIGKILL mid-way then resumed.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "fake_llm.h"
#include "spak/util/file_io.h"

namespace spak::agent {
namespace {

namespace fs = std::filesystem;
using testing::FakeLlm;
using ::testing::HasSubstr;

const char* kPlan = "Mon rest\nTue 8 km easy\nWed 5x1 km\nThu rest\nFri 6 km\nSat 20 km long\nSun rest";
const char* kFastSaxpy =
    "void saxpy(int n, float a, const float* x, float* y) {\n"
    "  int i = 0;\n  for (; i + 4 <= n; i += 4) {\n"
    "    y[i] = a * x[i] + y[i]; y[i+1] = a * x[i+1] + y[i+1];\n"
    "    y[i+2] = a * x[i+2] + y[i+2]; y[i+3] = a * x[i+3] + y[i+3];\n  }\n"
    "  for (; i < n; ++i) y[i] = a * x[i] + y[i];\n}\n";

struct Result {
  int code;
  std::string out, err;
};

class EndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("spak_agent_e2e_" + std::to_string(getpid()) + "_" +
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::copy(fs::path(SPAK_SOURCE_DIR) / "examples/agent", dir, fs::copy_options::recursive);
  }
  void TearDown() override { fs::remove_all(dir); }

  std::string command(const std::string& args) const {
    return "cd '" + dir.string() + "' && exec '" SPAK_BIN "' run " + args + " --workdir work --store spak.db";
  }
  Result spak(const std::string& args) const {
    std::string cmd = command(args) + " >out.txt 2>err.txt";
    int status = std::system(cmd.c_str());
    return {WEXITSTATUS(status), read_file(dir / "out.txt"), read_file(dir / "err.txt")};
  }
  std::vector<std::string> runs() const {
    std::vector<std::string> ids;
    for (const auto& e : fs::directory_iterator(dir / "runs")) ids.push_back(e.path().filename());
    std::sort(ids.begin(), ids.end());
    return ids;
  }
  int records(const std::string& id) const {
    std::istringstream in(read_file(dir / "runs" / id / "trace.jsonl"));
    int n = 0;
    for (std::string line; std::getline(in, line);) n += !line.empty();
    return n;
  }
  fs::path dir;
};

TEST_F(EndToEnd, CoachingAgentThroughOllamaThenReplayGivesTheSameOutputs) {
  nlohmann::json asked;
  FakeLlm ollama([&](int, const nlohmann::json& req, httplib::Response& res) {
    asked = req;
    res.set_content(FakeLlm::ollama_stream(kPlan), "application/x-ndjson");
  });
  Result live = spak("coach.dsl --llm ollama --model tiny --llm-url " + ollama.url());
  ASSERT_EQ(live.code, 0) << live.err;
  EXPECT_EQ(read_file(dir / "work/plans/ana.md"), kPlan);
  EXPECT_THAT(asked["messages"][1]["content"].get<std::string>(), HasSubstr("Sat 18 km long run"));
  EXPECT_EQ(asked["messages"][0]["content"], "You are a running coach.");
  std::string id = runs().at(0);
  EXPECT_EQ(records(id), 4);

  fs::remove_all(dir / "work/plans");  // replay performs nothing: the file must not come back
  Result replay = spak("coach.dsl --replay " + id);
  ASSERT_EQ(replay.code, 0) << replay.err;
  EXPECT_EQ(replay.out, live.out);
  EXPECT_THAT(replay.err, HasSubstr("0 effects performed, 4 from the record"));
  EXPECT_FALSE(fs::exists(dir / "work/plans/ana.md"));
  EXPECT_EQ(ollama.requests, 1);
}

TEST_F(EndToEnd, KernelTaskThroughOpenAiPassesItsChecksOrFailsThem) {
  std::string reply = kFastSaxpy;
  FakeLlm openai([&](int, const nlohmann::json&, httplib::Response& res) {
    res.set_content(FakeLlm::openai_reply(reply), "application/json");
  });
  std::string args = "kernel_task.dsl --llm openai --model tiny --llm-url " + openai.url() + "/v1";
  Result good = spak(args);
  ASSERT_EQ(good.code, 0) << good.err;
  nlohmann::json out = nlohmann::json::parse(good.out);
  EXPECT_EQ(out["checks"]["compiles"], true);
  EXPECT_EQ(out["checks"]["correct"], true);
  EXPECT_EQ(read_file(dir / "work/saxpy_opt.c"), kFastSaxpy);

  reply = "void saxpy(int n, float a, const float* x, float* y) { for (int i = 0; i < n; ++i) y[i] = a * x[i]; }";
  Result wrong = spak(args);
  EXPECT_EQ(wrong.code, 1) << wrong.err;
  EXPECT_THAT(wrong.err, HasSubstr("check correct: FAIL (expect max_error < 1e-6 is false"));
}

TEST_F(EndToEnd, AServerErrorStopsTheStepWithTheServersMessage) {
  FakeLlm broken([](int, const nlohmann::json&, httplib::Response& res) {
    res.status = 404;
    res.set_content("{\"error\":{\"message\":\"The model `tiny` does not exist\"}}", "application/json");
  });
  Result r = spak("kernel_task.dsl --llm openai --model tiny --llm-url " + broken.url() + "/v1");
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("does not exist"));
  EXPECT_THAT(r.err, HasSubstr("--resume"));
}

TEST_F(EndToEnd, KilledMidRunThenResumedFromTheLastFinishedStep) {
  {
    FakeLlm stalls([](int, const nlohmann::json&, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::seconds(3));
      res.set_content(FakeLlm::ollama_stream("too late"), "application/x-ndjson");
    });
    pid_t pid = fork();
    if (pid == 0) {
      std::string cmd = command("coach.dsl --llm ollama --model tiny --llm-url " + stalls.url()) + " >/dev/null 2>&1";
      execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 200 && stalls.requests == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ASSERT_EQ(stalls.requests, 1) << "the run never reached its llm step";
    kill(pid, SIGKILL);  // the shell exec'd spak, so this is spak itself, in the middle of the model call
    waitpid(pid, nullptr, 0);
  }
  std::string id = runs().at(0);
  EXPECT_EQ(records(id), 1);  // the read finished before the kill
  EXPECT_THAT(read_file(dir / "runs" / id / "run.json"), HasSubstr("\"running\""));

  FakeLlm ollama([](int, const nlohmann::json&, httplib::Response& res) {
    res.set_content(FakeLlm::ollama_stream(kPlan), "application/x-ndjson");
  });
  Result resumed = spak("coach.dsl --llm ollama --model tiny --llm-url " + ollama.url() + " --resume " + id);
  ASSERT_EQ(resumed.code, 0) << resumed.err;
  EXPECT_THAT(resumed.err, HasSubstr("3 effects performed, 1 from the record"));
  EXPECT_EQ(records(id), 4);
  EXPECT_EQ(runs().size(), 1u);
  EXPECT_EQ(read_file(dir / "work/plans/ana.md"), kPlan);
  EXPECT_THAT(read_file(dir / "runs" / id / "run.json"), HasSubstr("\"succeeded\""));
}

}  // namespace
}  // namespace spak::agent
