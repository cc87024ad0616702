#include "spak/agent/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "spak/util/error.h"
#include "spak/util/file_io.h"

namespace spak::agent {
namespace {

namespace fs = std::filesystem;

fs::path toml_file(const std::string& text) {
  fs::path p = fs::temp_directory_path() / ("spak_config_" + std::to_string(getpid()) + ".toml");
  write_file_atomic(p, text);
  return p;
}

TEST(Config, ReadsLlmAndToolSections) {
  fs::path p = toml_file("[llm]\nbackend = \"openai\"\nmodel = \"m\"\nurl = \"http://h:1/v1\"\ntimeout = 5\n"
                         "retries = 1\n[tools]\ntimeout = 2.5\noutput_cap = 4096\n");
  AgentConfig c = load_config(p);
  EXPECT_EQ(c.llm.backend, "openai");
  EXPECT_EQ(c.llm.url, "http://h:1/v1");
  EXPECT_EQ(c.llm.timeout_seconds, 5);
  EXPECT_EQ(c.llm.retries, 1);
  EXPECT_EQ(c.tools.timeout_seconds, 2.5);
  EXPECT_EQ(c.tools.output_cap, 4096u);
  fs::remove(p);
}

TEST(Config, MistakesNameTheirLine) {
  for (const auto& [text, needle] : std::vector<std::pair<std::string, std::string>>{
           {"[llm]\nmodle = \"x\"\n", ":2:9: error: unknown key llm.modle"},
           {"[llm]\nretries = \"many\"\n", ":2:"},
           {"[gpu]\nx = 1\n", "unknown section [gpu]"},
           {"[llm\n", ":1:"}}) {
    fs::path p = toml_file(text);
    try {
      load_config(p);
      ADD_FAILURE() << "accepted: " << text;
    } catch (const Error& e) {
      EXPECT_THAT(e.what(), ::testing::HasSubstr(needle)) << text;
    }
    fs::remove(p);
  }
}

}  // namespace
}  // namespace spak::agent
