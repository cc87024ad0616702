#pragma once
// The handlers that perform effects: file and command tools through the Sandbox, model queries through an
// LlmBackend, and `tool.engineering_loop` through `spak tune`'s engine. The runner never performs anything
// itself; in replay it does not call these at all.

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "spak/agent/effect.h"
#include "spak/agent/llm.h"
#include "spak/agent/sandbox.h"
#include "spak/trace/store.h"

namespace spak::agent {

/// Where `tool.engineering_loop` finds its loop and stores its sweep.
struct EngineeringContext {
  std::filesystem::path dsl_path;
  std::string system;
  std::filesystem::path spak_build;   ///< {{spak_build}} of measure commands
  trace::Store* store = nullptr;
};

/// Performs effects. Throws spak::Error when one fails.
class Handlers {
 public:
  Handlers(const Sandbox& sandbox, LlmBackend& llm, EngineeringContext engineering)
      : sandbox_(sandbox), llm_(llm), engineering_(std::move(engineering)) {}

  nlohmann::json perform(const Effect& effect);

 private:
  nlohmann::json engineering_loop(const nlohmann::json& input);

  const Sandbox& sandbox_;
  LlmBackend& llm_;
  EngineeringContext engineering_;
};

/// The part of a result that `output_var` binds: the text of a reply, the content read, a command's output …
nlohmann::json main_value(const std::string& kind, const nlohmann::json& result);

}  // namespace spak::agent
