// The rule context: typed --set values, JSON context files, device facts, and which source wins.

#include "spak/knowledge/context.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "spak/util/error.h"
#include "spak/util/file_io.h"

namespace spak::knowledge {
namespace {

namespace fs = std::filesystem;

fs::path scratch_file(const std::string& name, const std::string& content) {
  fs::path dir = fs::temp_directory_path() / ("spak_context_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  write_file_atomic(dir / name, content);
  return dir / name;
}

TEST(ParseAssignment, TypesTheValue) {
  auto [name, value] = parse_assignment("tile_m=64");
  EXPECT_EQ(name, "tile_m");
  EXPECT_EQ(value.type(), expr::Value::Type::Int);
  EXPECT_TRUE(parse_assignment("causal=true").second.as_bool());
  EXPECT_EQ(parse_assignment("device=H100").second.as_string(), "H100");
  EXPECT_EQ(parse_assignment("ratio=0.5").second.as_float(), 0.5);
  EXPECT_EQ(parse_assignment("problem.m=4096").first, "problem.m");
  EXPECT_EQ(parse_assignment("name=a=b").second.as_string(), "a=b");  // only the first '=' separates
}

TEST(ParseAssignment, MalformedInputSaysWhatIsExpected) {
  try {
    parse_assignment("tile_m");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "--set expects name=value (for example --set device=H100), got 'tile_m'");
  }
  EXPECT_THROW(parse_assignment("1x=2"), Error);
  EXPECT_THROW(parse_assignment("=2"), Error);
  EXPECT_THROW(parse_assignment("a..b=2"), Error);
}

TEST(ContextBuilder, LaterSourcesWinAndKeepTheirSource) {
  ContextBuilder b;
  DeviceInfo gpu;
  gpu.present = true;
  gpu.name = "NVIDIA H100 80GB HBM3";
  gpu.model = "H100";
  gpu.gpu_count = 1;
  gpu.sm_count = 132;
  gpu.memory_mib = 81559;
  gpu.compute_capability = 9.0;
  b.add_device(gpu);
  b.add_json_file(scratch_file("ctx.json", R"({"device": "H200", "problem": {"m": 4096}, "causal": false})"));
  b.add_assignment("causal=true");
  expr::Context c = b.context();
  EXPECT_EQ(c.find("device")->as_string(), "H200");
  EXPECT_TRUE(c.find("causal")->as_bool());
  EXPECT_EQ(c.find("sm_count")->as_int(), 132);
  EXPECT_EQ(c.find("memory_gb")->as_float(), 79.6);
  EXPECT_EQ(c.find("problem")->as_map().at("m").as_int(), 4096);
  for (const ContextValue& v : b.values()) {
    if (v.name == "causal") {
      EXPECT_EQ(v.source, "--set");
    } else if (v.name == "device") {
      EXPECT_NE(v.source.find("ctx.json"), std::string::npos);
    } else if (v.name == "sm_count") {
      EXPECT_EQ(v.source, "built-in table of H100");
    }
  }
}

TEST(ContextBuilder, BadJsonFilesAreClearErrors) {
  ContextBuilder b;
  try {
    b.add_json_file(scratch_file("list.json", "[1, 2]"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("a context file must hold a JSON object"), std::string::npos);
  }
  try {
    b.add_json_file(scratch_file("broken.json", "{\"a\": "));
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("invalid JSON"), std::string::npos);
  }
  EXPECT_THROW(b.add_json_file("/nonexistent/ctx.json"), Error);
}

TEST(ContextBuilder, AbsentDeviceOnlyAddsANote) {
  ContextBuilder b;
  DeviceInfo none;
  none.note = "nvidia-smi not found: no GPU facts were added to the context";
  b.add_device(none);
  EXPECT_TRUE(b.values().empty());
  EXPECT_EQ(b.notes(), std::vector<std::string>{none.note});
}

}  // namespace
}  // namespace spak::knowledge
