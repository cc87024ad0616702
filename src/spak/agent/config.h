#pragma once
// The agent's configuration file, spak.toml (docs/agent.md): the LLM backend and the tools' limits. Flags on
// the command line override it; it overrides the defaults.
//
//   [llm]                      [tools]
//   backend = "ollama"         timeout = 60          # seconds per tool.run
//   model = "llama3"           output_cap = 1048576  # bytes of output kept per tool.run
//   url = "http://127.0.0.1:11434"
//   api_key_env = "OPENAI_API_KEY"
//   timeout = 120              retries = 3           backoff = 0.5

#include <filesystem>
#include <string>

#include "spak/agent/llm.h"
#include "spak/agent/sandbox.h"

namespace spak::agent {

/// Everything spak.toml can set.
struct AgentConfig {
  LlmConfig llm;
  SandboxLimits tools;
};

/// Reads `path` over `base`. Throws spak::Error with file:line:col for bad TOML, an unknown key or a wrong type.
AgentConfig load_config(const std::filesystem::path& path, AgentConfig base = {});

}  // namespace spak::agent

namespace spak::agent {

/// What the command line says about configuration; empty/negative fields leave the file's value.
struct ConfigOverrides {
  std::string config;                 ///< explicit spak.toml; empty = ./spak.toml when present
  std::string llm, model, url, api_key_env;
  double tool_timeout = -1;
};

/// The configuration in force: defaults, then the file, then the overrides.
AgentConfig resolve_config(const ConfigOverrides& overrides);

}  // namespace spak::agent
