#include "spak/agent/llm.h"

#include <httplib.h>

#include <chrono>
#include <cstdlib>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "spak/util/error.h"

namespace spak::agent {
namespace {

using nlohmann::json;

/// A base URL split into what httplib's client wants: scheme://host:port and a path prefix.
struct Endpoint {
  std::string origin;
  std::string prefix;
};

Endpoint split_url(const std::string& url) {
  std::size_t scheme = url.find("://");
  std::size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  Endpoint e{url.substr(0, slash), slash == std::string::npos ? "" : url.substr(slash)};
  while (!e.prefix.empty() && e.prefix.back() == '/') e.prefix.pop_back();
  return e;
}

json messages_json(const std::vector<LlmMessage>& messages) {
  json out = json::array();
  for (const auto& m : messages) out.push_back({{"role", m.role}, {"content", m.content}});
  return out;
}

/// The error text a server put in its JSON body ({"error": "…"} or {"error": {"message": "…"}}), else the body.
std::string server_message(const std::string& body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_object() && j.contains("error")) {
    const json& e = j["error"];
    if (e.is_string()) return e.get<std::string>();
    if (e.is_object() && e.contains("message") && e["message"].is_string()) return e["message"].get<std::string>();
  }
  return body.size() > 300 ? body.substr(0, 300) + "…" : body;
}

/// Shared HTTP behaviour: POST JSON with timeouts and retries; returns the 2xx body.
class HttpBackend : public LlmBackend {
 public:
  HttpBackend(LlmConfig config, std::string default_url) : config_(std::move(config)) {
    if (config_.url.empty()) config_.url = std::move(default_url);
    if (config_.model.empty())
      throw Error("the {} backend needs a model: pass --model NAME or set model in spak.toml [llm]", config_.backend);
    endpoint_ = split_url(config_.url);
  }
  std::string model() const override { return config_.model; }

 protected:
  std::string post(const std::string& path, const json& body, const httplib::Headers& headers) {
    httplib::Client client(endpoint_.origin);
    auto secs = std::chrono::duration<double>(config_.timeout_seconds);
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(secs).count();
    client.set_connection_timeout(us / 1000000, us % 1000000);
    client.set_read_timeout(us / 1000000, us % 1000000);
    client.set_write_timeout(us / 1000000, us % 1000000);
    std::string url = config_.url + path;
    double wait = config_.backoff_seconds;
    for (int attempt = 0;; ++attempt) {
      httplib::Result res = client.Post((endpoint_.prefix + path).c_str(), headers, body.dump(), "application/json");
      std::string problem;
      bool retryable = false;
      if (!res) {
        httplib::Error err = res.error();
        if (err == httplib::Error::Connection) {
          problem = fmt::format("cannot connect to {} ({} backend): connection refused or host unreachable; is the "
                                "server running? (set the address with --llm-url or url in spak.toml)",
                                config_.url, name());
          retryable = true;
        } else if (err == httplib::Error::Read || err == httplib::Error::ConnectionTimeout) {
          problem = fmt::format("no complete reply from {} within {} s (timeout; raise it with timeout in spak.toml)",
                                url, config_.timeout_seconds);
        } else {
          problem = fmt::format("request to {} failed: {}", url, httplib::to_string(err));
        }
      } else if (res->status >= 200 && res->status < 300) {
        return res->body;
      } else {
        retryable = res->status == 429 || res->status >= 500;
        problem = describe_status(res->status, server_message(res->body));
      }
      if (!retryable || attempt >= config_.retries)
        throw Error("{}{}", problem, attempt ? fmt::format(" (after {} attempts)", attempt + 1) : "");
      std::this_thread::sleep_for(std::chrono::duration<double>(wait));
      wait *= 2;
    }
  }

  std::string describe_status(int status, const std::string& message) const {
    if (status == 404)
      return fmt::format("{} at {} answered 404: {} (is the model '{}' available there?{})", name(), config_.url,
                         message, config_.model, name() == "ollama" ? " try `ollama pull " + config_.model + "`" : "");
    if (status == 401 || status == 403)
      return fmt::format("{} at {} refused the request ({}): {} (check the key in ${})", name(), config_.url, status,
                         message, config_.api_key_env);
    return fmt::format("{} at {} answered HTTP {}: {}", name(), config_.url, status, message);
  }

  [[noreturn]] void malformed(const std::string& what, const std::string& body) const {
    throw Error("malformed reply from {} at {}: {} (reply began: {})", name(), config_.url, what,
                body.substr(0, 120));
  }

  LlmConfig config_;
  Endpoint endpoint_;
};

class OllamaBackend : public HttpBackend {
 public:
  explicit OllamaBackend(LlmConfig c) : HttpBackend(std::move(c), "http://127.0.0.1:11434") {}
  std::string name() const override { return "ollama"; }

  std::string complete(const std::vector<LlmMessage>& messages) override {
    json body{{"model", config_.model}, {"messages", messages_json(messages)}, {"stream", true}};
    std::string reply = post("/api/chat", body, {});
    // A streamed reply is one JSON object per line; the text is the concatenation of message.content.
    std::istringstream in(reply);
    std::string text;
    bool done = false;
    for (std::string line; std::getline(in, line);) {
      if (line.find_first_not_of(" \r\t") == std::string::npos) continue;
      json chunk = json::parse(line, nullptr, false);
      if (chunk.is_discarded() || !chunk.is_object()) malformed("a line is not a JSON object", line);
      if (chunk.contains("error")) throw Error("ollama at {}: {}", config_.url, server_message(line));
      if (chunk.contains("message") && chunk["message"].is_object() && chunk["message"].contains("content")) {
        if (!chunk["message"]["content"].is_string()) malformed("message.content is not a string", line);
        text += chunk["message"]["content"].get<std::string>();
      }
      if (chunk.value("done", false)) done = true;
    }
    if (!done) malformed("the stream ended without a chunk with \"done\": true", reply);
    return text;
  }
};

class OpenAiBackend : public HttpBackend {
 public:
  explicit OpenAiBackend(LlmConfig c) : HttpBackend(std::move(c), "http://127.0.0.1:8000/v1") {}
  std::string name() const override { return "openai"; }

  std::string complete(const std::vector<LlmMessage>& messages) override {
    httplib::Headers headers;
    if (const char* key = std::getenv(config_.api_key_env.c_str()); key && *key)
      headers.emplace("Authorization", std::string("Bearer ") + key);
    json body{{"model", config_.model}, {"messages", messages_json(messages)}};
    std::string reply = post("/chat/completions", body, headers);
    json j = json::parse(reply, nullptr, false);
    if (j.is_discarded()) malformed("not JSON", reply);
    const json* content = nullptr;
    if (j.contains("choices") && j["choices"].is_array() && !j["choices"].empty() && j["choices"][0].is_object()) {
      const json& choice = j["choices"][0];
      if (choice.contains("message") && choice["message"].is_object() && choice["message"].contains("content"))
        content = &choice["message"]["content"];
    }
    if (!content || !content->is_string()) malformed("no choices[0].message.content string", reply);
    return content->get<std::string>();
  }
};

/// Asks the person at the terminal; the answer ends at a line holding a single '.' or at end of input.
class HumanBackend : public LlmBackend {
 public:
  HumanBackend(std::FILE* in, std::FILE* out) : in_(in), out_(out) {}
  std::string name() const override { return "human"; }
  std::string model() const override { return "human"; }

  std::string complete(const std::vector<LlmMessage>& messages) override {
    for (const auto& m : messages) std::fprintf(out_, "--- %s ---\n%s\n", m.role.c_str(), m.content.c_str());
    std::fprintf(out_, "--- your answer (end with a line holding only '.') ---\n");
    std::fflush(out_);
    std::string text;
    char buf[4096];
    bool any = false;
    while (std::fgets(buf, sizeof buf, in_)) {
      any = true;
      std::string line(buf);
      if (line == ".\n" || line == ".") break;
      text += line;
    }
    if (!any) throw Error("human backend: no answer (end of input on the terminal)");
    if (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
  }

 private:
  std::FILE* in_;
  std::FILE* out_;
};

/// No backend configured: the first llm step stops here with the way to configure one.
class NoBackend : public LlmBackend {
 public:
  std::string name() const override { return "none"; }
  std::string model() const override { return ""; }
  std::string complete(const std::vector<LlmMessage>&) override {
    throw Error(
        "this step needs a language model, but none is configured: pass --llm ollama|openai|human (with --model "
        "NAME and, if needed, --llm-url URL), or put\n  [llm]\n  backend = \"ollama\"\n  model = \"llama3\"\n"
        "in spak.toml; or replay a recorded run with --replay RUN");
  }
};

}  // namespace

std::unique_ptr<LlmBackend> make_backend(const LlmConfig& config, std::FILE* terminal_in, std::FILE* terminal_out) {
  if (config.backend.empty() || config.backend == "none") return std::make_unique<NoBackend>();
  if (config.backend == "ollama") return std::make_unique<OllamaBackend>(config);
  if (config.backend == "openai") return std::make_unique<OpenAiBackend>(config);
  if (config.backend == "human") return std::make_unique<HumanBackend>(terminal_in, terminal_out);
  throw Error("unknown LLM backend '{}': use ollama, openai or human (or --replay RUN)", config.backend);
}

}  // namespace spak::agent
