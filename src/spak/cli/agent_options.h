#pragma once
// The options `spak run` and `spak serve` share: the LLM backend, the configuration file and the tools' timeout.

#include <CLI/CLI.hpp>

#include "spak/agent/config.h"

namespace spak::cli {

inline void add_agent_options(CLI::App* cmd, agent::ConfigOverrides& o) {
  cmd->add_option("--llm", o.llm, "LLM backend: ollama, openai or human");
  cmd->add_option("--model", o.model, "Model name for the backend");
  cmd->add_option("--llm-url", o.url,
                  "Backend base URL (ollama default http://127.0.0.1:11434, openai default http://127.0.0.1:8000/v1)");
  cmd->add_option("--api-key-env", o.api_key_env, "Environment variable holding the openai key (default OPENAI_API_KEY)");
  cmd->add_option("--config", o.config, "Configuration file (default: ./spak.toml when present)");
  cmd->add_option("--tool-timeout", o.tool_timeout, "Seconds a tool.run command may take (default 60)");
}

}  // namespace spak::cli
