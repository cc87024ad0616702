#include "spak/agent/service.h"

#include <httplib.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "spak/dsl/load.h"
#include "spak/util/file_io.h"

namespace spak::agent {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

TEST(Service, HandlersBecomeValidatedJsonEndpoints) {
  fs::path dir = fs::temp_directory_path() / ("spak_service_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  dsl::LoadResult loaded = dsl::load_file(fs::path(SPAK_SOURCE_DIR) / "examples/agent/service.dsl");
  ASSERT_TRUE(loaded.ok()) << loaded.render_diagnostics();
  trace::Store store(dir / "spak.db");
  Sandbox sandbox(dir / "work");
  auto llm = make_backend(LlmConfig{});
  Handlers handlers(sandbox, *llm, {});
  Service service({&loaded.document, "", dir / "runs", {}, &handlers, &store});
  EXPECT_THAT(service.endpoints(), ::testing::ElementsAre("POST /Scores/Record (name: string, value: int)",
                                                          "POST /Scores/Show ()"));
  int port = service.bind("127.0.0.1", 0);
  std::thread server([&] { service.run(); });
  httplib::Client client("127.0.0.1", port);
  for (int i = 0; i < 50 && !client.Get("/"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));

  auto post = [&](const std::string& path, const std::string& body) {
    auto res = client.Post(path.c_str(), body, "application/json");
    EXPECT_TRUE(res);
    return std::pair{res ? res->status : 0, res ? nlohmann::json::parse(res->body) : nlohmann::json()};
  };
  auto [s1, ok1] = post("/Scores/Record", R"({"name": "ana; touch pwned", "value": 42})");
  EXPECT_EQ(s1, 200) << ok1.dump();
  EXPECT_EQ(ok1["outputs"]["count"], "1\n");
  auto [s2, ok2] = post("/Scores/Record", R"({"name": "ben", "value": 7})");
  EXPECT_EQ(ok2["outputs"]["count"], "2\n");
  EXPECT_EQ(read_file(dir / "work/scores.txt"), "ana; touch pwned 42\nben 7\n");  // quoted: nothing ran
  EXPECT_FALSE(fs::exists(dir / "work/pwned"));
  auto [s3, shown] = post("/Scores/Show", "{}");
  EXPECT_EQ(shown["outputs"]["scores"], "ana; touch pwned 42\nben 7\n");

  auto [bad_type, e1] = post("/Scores/Record", R"({"name": "ana", "value": "many"})");
  EXPECT_EQ(bad_type, 400);
  EXPECT_THAT(e1["error"].get<std::string>(), HasSubstr("parameter 'value' must be int"));
  auto [missing, e2] = post("/Scores/Record", R"({"name": "ana"})");
  EXPECT_EQ(missing, 400);
  EXPECT_THAT(e2["error"].get<std::string>(), HasSubstr("missing parameter 'value'"));
  auto [extra, e3] = post("/Scores/Record", R"({"name": "a", "value": 1, "x": 2})");
  EXPECT_EQ(extra, 400);
  auto [not_json, e4] = post("/Scores/Record", "name=ana");
  EXPECT_EQ(not_json, 400);
  auto res = client.Post("/Scores/Nope", "{}", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);

  service.stop();
  server.join();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace spak::agent
