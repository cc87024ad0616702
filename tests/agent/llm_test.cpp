#include "spak/agent/llm.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "fake_llm.h"
#include "spak/util/error.h"

namespace spak::agent {
namespace {

using testing::FakeLlm;
using ::testing::HasSubstr;

LlmConfig config(const std::string& backend, const std::string& url) {
  LlmConfig c;
  c.backend = backend;
  c.model = "tiny";
  c.url = backend == "openai" ? url + "/v1" : url;
  c.timeout_seconds = 2;
  c.retries = 2;
  c.backoff_seconds = 0.01;
  return c;
}

std::string error_of(LlmBackend& b) {
  try {
    b.complete({{"user", "hi"}});
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(Llm, OllamaAssemblesTheStreamAndSendsTheConversation) {
  nlohmann::json seen;
  FakeLlm server([&](int, const nlohmann::json& req, httplib::Response& res) {
    seen = req;
    res.set_content(FakeLlm::ollama_stream("three bottlenecks: loads, stores, sync"), "application/x-ndjson");
  });
  auto b = make_backend(config("ollama", server.url()));
  EXPECT_EQ(b->complete({{"system", "be brief"}, {"user", "why slow?"}}), "three bottlenecks: loads, stores, sync");
  EXPECT_EQ(seen["model"], "tiny");
  EXPECT_EQ(seen["stream"], true);
  EXPECT_EQ(seen["messages"][1]["content"], "why slow?");
}

TEST(Llm, OpenAiReadsTheFirstChoiceAndSendsTheKeyFromTheNamedVariable) {
  FakeLlm server([](int, const nlohmann::json&, httplib::Response& res) {
    res.set_content(FakeLlm::openai_reply("unroll it"), "application/json");
  });
  ::setenv("SPAK_TEST_KEY", "sk-test", 1);
  LlmConfig c = config("openai", server.url());
  c.api_key_env = "SPAK_TEST_KEY";
  auto b = make_backend(c);
  EXPECT_EQ(b->complete({{"user", "hi"}}), "unroll it");
  EXPECT_EQ(server.last_authorization, "Bearer sk-test");
}

TEST(Llm, RetriesServerErrorsAnd429ThenSucceeds) {
  FakeLlm server([](int n, const nlohmann::json&, httplib::Response& res) {
    if (n == 1) res.status = 503, res.set_content("{\"error\":\"loading\"}", "application/json");
    else if (n == 2) res.status = 429, res.set_content("{\"error\":{\"message\":\"slow down\"}}", "application/json");
    else res.set_content(FakeLlm::openai_reply("ok"), "application/json");
  });
  auto b = make_backend(config("openai", server.url()));
  EXPECT_EQ(b->complete({{"user", "hi"}}), "ok");
  EXPECT_EQ(server.requests, 3);
}

TEST(Llm, GivesUpAfterTheRetriesWithTheServersMessage) {
  FakeLlm server([](int, const nlohmann::json&, httplib::Response& res) {
    res.status = 500;
    res.set_content("{\"error\":\"out of memory\"}", "application/json");
  });
  auto b = make_backend(config("ollama", server.url()));
  std::string e = error_of(*b);
  EXPECT_THAT(e, HasSubstr("HTTP 500: out of memory"));
  EXPECT_THAT(e, HasSubstr("after 3 attempts"));
  EXPECT_EQ(server.requests, 3);
}

TEST(Llm, MissingModelSaysHowToGetIt) {
  FakeLlm server([](int, const nlohmann::json&, httplib::Response& res) {
    res.status = 404;
    res.set_content("{\"error\":\"model \\\"tiny\\\" not found, try pulling it first\"}", "application/json");
  });
  auto b = make_backend(config("ollama", server.url()));
  std::string e = error_of(*b);
  EXPECT_THAT(e, HasSubstr("not found"));
  EXPECT_THAT(e, HasSubstr("ollama pull tiny"));
  EXPECT_EQ(server.requests, 1);  // a 404 is not retried
}

TEST(Llm, MalformedRepliesAreNamed) {
  FakeLlm ollama([](int, const nlohmann::json&, httplib::Response& res) { res.set_content("{\"message\": {", "x"); });
  EXPECT_THAT(error_of(*make_backend(config("ollama", ollama.url()))), HasSubstr("malformed reply from ollama"));
  FakeLlm unfinished([](int, const nlohmann::json&, httplib::Response& res) {
    res.set_content("{\"message\":{\"content\":\"half\"},\"done\":false}\n", "x");
  });
  EXPECT_THAT(error_of(*make_backend(config("ollama", unfinished.url()))), HasSubstr("without a chunk"));
  FakeLlm openai([](int, const nlohmann::json&, httplib::Response& res) { res.set_content("{\"choices\": []}", "x"); });
  EXPECT_THAT(error_of(*make_backend(config("openai", openai.url()))), HasSubstr("no choices[0].message.content"));
  FakeLlm html([](int, const nlohmann::json&, httplib::Response& res) { res.set_content("<html>", "text/html"); });
  EXPECT_THAT(error_of(*make_backend(config("openai", html.url()))), HasSubstr("not JSON"));
}

TEST(Llm, ASlowServerTimesOut) {
  FakeLlm server([](int, const nlohmann::json&, httplib::Response& res) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    res.set_content(FakeLlm::openai_reply("late"), "application/json");
  });
  LlmConfig c = config("openai", server.url());
  c.timeout_seconds = 0.3;
  EXPECT_THAT(error_of(*make_backend(c)), HasSubstr("timeout"));
}

TEST(Llm, ARefusedConnectionIsExplained) {
  LlmConfig c = config("ollama", "http://127.0.0.1:1");  // a privileged port nothing listens on
  std::string e = error_of(*make_backend(c));
  EXPECT_THAT(e, HasSubstr("cannot connect"));
  EXPECT_THAT(e, HasSubstr("--llm-url"));
}

TEST(Llm, NoBackendSaysHowToConfigureOne) {
  std::string e = error_of(*make_backend(LlmConfig{}));
  EXPECT_THAT(e, HasSubstr("--llm ollama|openai|human"));
  EXPECT_THAT(e, HasSubstr("spak.toml"));
  EXPECT_THROW(make_backend(config("gpt", "http://x")), Error);
  LlmConfig no_model = config("ollama", "http://x");
  no_model.model.clear();
  EXPECT_THROW(make_backend(no_model), Error);
}

TEST(Llm, HumanReadsUntilADotLine) {
  std::FILE* in = std::tmpfile();
  std::fputs("line one\nline two\n.\nignored\n", in);
  std::rewind(in);
  std::FILE* out = std::tmpfile();
  LlmConfig human;
  human.backend = "human";
  auto b = make_backend(human, in, out);
  EXPECT_EQ(b->complete({{"user", "plan?"}}), "line one\nline two");
  std::fclose(in);
  std::fclose(out);
}

}  // namespace
}  // namespace spak::agent
