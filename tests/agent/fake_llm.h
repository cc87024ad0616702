#pragma once
// A real HTTP server on 127.0.0.1 (cpp-httplib, any free port) that speaks the Ollama /api/chat or OpenAI
// /v1/chat/completions protocol with replies the test chooses, so backends are tested over the wire.

#include <httplib.h>

#include <atomic>
#include <functional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

namespace spak::agent::testing {

/// A server on its own thread; `reply` decides status and body for each request (its number from 1).
class FakeLlm {
 public:
  using Reply = std::function<void(int n, const nlohmann::json& request, httplib::Response& res)>;

  explicit FakeLlm(Reply reply) : reply_(std::move(reply)) {
    auto handle = [this](const httplib::Request& req, httplib::Response& res) {
      last_authorization = req.get_header_value("Authorization");
      reply_(++requests, nlohmann::json::parse(req.body, nullptr, false), res);
    };
    server_.Post("/api/chat", handle);
    server_.Post("/v1/chat/completions", handle);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~FakeLlm() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  /// An Ollama streamed reply: one NDJSON chunk per word, then the done chunk.
  static std::string ollama_stream(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += 8)
      out += nlohmann::json{{"message", {{"role", "assistant"}, {"content", text.substr(i, 8)}}}, {"done", false}}
                 .dump() + "\n";
    return out + nlohmann::json{{"message", {{"role", "assistant"}, {"content", ""}}}, {"done", true}}.dump() + "\n";
  }
  static std::string openai_reply(const std::string& text) {
    return nlohmann::json{{"choices", {{{"index", 0}, {"message", {{"role", "assistant"}, {"content", text}}}}}}}
        .dump();
  }

  std::atomic<int> requests{0};
  std::string last_authorization;

 private:
  Reply reply_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace spak::agent::testing
