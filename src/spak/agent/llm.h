#pragma once
// Language-model backends behind one interface: `ollama` (its /api/chat protocol, streamed NDJSON chunks),
// `openai` (chat completions of any compatible server, key from an environment variable), `human` (asks on the
// terminal) and `none` (stops with a message that says how to configure one). Replay is not a backend: the
// runner answers recorded effects itself. HTTP backends time out, retry 429/5xx and refused connections with
// exponential backoff, and turn every failure into a spak::Error a user can act on.

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace spak::agent {

/// One chat message.
struct LlmMessage {
  std::string role;     ///< "system" or "user"
  std::string content;
};

/// What the backend is configured with (flags, then spak.toml, then defaults).
struct LlmConfig {
  std::string backend;                 ///< ollama, openai, human; empty = none configured
  std::string model;
  std::string url;                     ///< base URL; default per backend
  std::string api_key_env = "OPENAI_API_KEY";
  double timeout_seconds = 120;
  int retries = 3;                     ///< further attempts after the first on 429/5xx/refused
  double backoff_seconds = 0.5;        ///< first wait; doubles each retry
};

/// A model that answers a conversation with text.
class LlmBackend {
 public:
  virtual ~LlmBackend() = default;
  /// The reply text. Throws spak::Error on failure.
  virtual std::string complete(const std::vector<LlmMessage>& messages) = 0;
  /// "ollama", "openai", "human" or "none".
  virtual std::string name() const = 0;
  /// The model name as recorded in the trace.
  virtual std::string model() const = 0;
};

/// The backend of `config`. Throws spak::Error for an unknown backend name or a missing model.
std::unique_ptr<LlmBackend> make_backend(const LlmConfig& config, std::FILE* terminal_in = stdin,
                                         std::FILE* terminal_out = stderr);

}  // namespace spak::agent
