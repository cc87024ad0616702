#include "spak/agent/config.h"

#include <toml++/toml.h>

#include <functional>
#include <map>

#include "spak/util/error.h"

namespace spak::agent {
namespace {

std::string where(const std::filesystem::path& path, const toml::source_region& r) {
  return fmt::format("{}:{}:{}", path.string(), r.begin.line, r.begin.column);
}

template <typename T>
T get(const std::filesystem::path& path, const toml::node& node, const std::string& key) {
  if constexpr (std::is_same_v<T, double>) {
    if (auto v = node.value<double>()) return *v;  // integers convert too
  } else if (auto v = node.value<T>()) {
    return *v;
  }
  throw Error("{}: error: {} has the wrong type", where(path, node.source()), key);
}

}  // namespace

AgentConfig load_config(const std::filesystem::path& path, AgentConfig config) {
  toml::table root;
  try {
    root = toml::parse_file(path.string());
  } catch (const toml::parse_error& e) {
    throw Error("{}: error: {}", where(path, e.source()), e.description());
  }
  using Setter = std::function<void(const toml::node&, const std::string&)>;
  LlmConfig& l = config.llm;
  SandboxLimits& t = config.tools;
  std::map<std::string, std::map<std::string, Setter>> schema{
      {"llm",
       {{"backend", [&](auto& n, auto& k) { l.backend = get<std::string>(path, n, k); }},
        {"model", [&](auto& n, auto& k) { l.model = get<std::string>(path, n, k); }},
        {"url", [&](auto& n, auto& k) { l.url = get<std::string>(path, n, k); }},
        {"api_key_env", [&](auto& n, auto& k) { l.api_key_env = get<std::string>(path, n, k); }},
        {"timeout", [&](auto& n, auto& k) { l.timeout_seconds = get<double>(path, n, k); }},
        {"retries", [&](auto& n, auto& k) { l.retries = static_cast<int>(get<std::int64_t>(path, n, k)); }},
        {"backoff", [&](auto& n, auto& k) { l.backoff_seconds = get<double>(path, n, k); }}}},
      {"tools",
       {{"timeout", [&](auto& n, auto& k) { t.timeout_seconds = get<double>(path, n, k); }},
        {"output_cap",
         [&](auto& n, auto& k) { t.output_cap = static_cast<std::size_t>(get<std::int64_t>(path, n, k)); }}}}};
  for (const auto& [section, node] : root) {
    auto s = schema.find(std::string(section.str()));
    if (s == schema.end() || !node.is_table())
      throw Error("{}: error: unknown section [{}] (known: [llm], [tools])", where(path, node.source()),
                  section.str());
    for (const auto& [key, value] : *node.as_table()) {
      std::string name = fmt::format("{}.{}", section.str(), key.str());
      auto k = s->second.find(std::string(key.str()));
      if (k == s->second.end()) throw Error("{}: error: unknown key {}", where(path, value.source()), name);
      k->second(value, name);
    }
  }
  return config;
}

}  // namespace spak::agent

namespace spak::agent {

AgentConfig resolve_config(const ConfigOverrides& o) {
  AgentConfig c;
  if (!o.config.empty()) c = load_config(o.config);
  else if (std::filesystem::is_regular_file("spak.toml")) c = load_config("spak.toml");
  if (!o.llm.empty()) c.llm.backend = o.llm;
  if (!o.model.empty()) c.llm.model = o.model;
  if (!o.url.empty()) c.llm.url = o.url;
  if (!o.api_key_env.empty()) c.llm.api_key_env = o.api_key_env;
  if (o.tool_timeout >= 0) c.tools.timeout_seconds = o.tool_timeout;
  return c;
}

}  // namespace spak::agent
