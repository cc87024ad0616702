#include "spak/agent/service.h"

#include <httplib.h>

#include <mutex>

#include <fmt/ranges.h>

#include "spak/agent/journal.h"
#include "spak/agent/runner.h"
#include "spak/util/error.h"

namespace spak::agent {
namespace {

using nlohmann::json;

struct Endpoint {
  const dsl::System* system;
  const dsl::Loop* loop;
  const dsl::Handler* handler;
};

bool type_fits(const std::string& type, const json& v) {
  if (type == "any" || type.empty()) return true;
  if (type == "int") return v.is_number_integer();
  if (type == "float" || type == "number") return v.is_number();
  if (type == "string" || type == "str") return v.is_string();
  if (type == "bool") return v.is_boolean();
  if (type == "list") return v.is_array();
  if (type == "map") return v.is_object();
  return true;  // a domain type (e.g. Request): accepted as any JSON value
}

ServiceReply error_reply(int status, const std::string& message, json extra = json::object()) {
  extra["error"] = message;
  return {status, extra};
}

}  // namespace

struct Service::Impl {
  ServiceSetup setup;
  std::vector<Endpoint> endpoints;
  httplib::Server server;
  std::mutex one_at_a_time;
};

Service::Service(ServiceSetup setup) : impl_(std::make_unique<Impl>()) {
  impl_->setup = std::move(setup);
  for (const auto& sys : impl_->setup.document->systems) {
    if (!impl_->setup.system.empty() && sys.name != impl_->setup.system) continue;
    for (const auto& loop : sys.loops)
      if (loop.kind == dsl::Loop::Kind::Service)
        for (const auto& h : loop.handlers) impl_->endpoints.push_back({&sys, &loop, &h});
  }
  if (impl_->endpoints.empty())
    throw Error("{} has no service_loop handler to serve{}", impl_->setup.document->path,
                impl_->setup.system.empty() ? "" : " in system " + impl_->setup.system);
  for (const auto& e : impl_->endpoints) {
    std::string path = "/" + e.loop->name + "/" + e.handler->event;
    impl_->server.Post(path, [this, e](const httplib::Request& req, httplib::Response& res) {
      ServiceReply r = handle(e.loop->name, e.handler->event, req.body);
      res.status = r.status;
      res.set_content(r.body.dump(2) + "\n", "application/json");
    });
  }
  impl_->server.Get("/", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(json{{"endpoints", endpoints()}}.dump(2) + "\n", "application/json");
  });
  impl_->server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    res.set_content(json{{"error", fmt::format("no endpoint {} {} (GET / lists them)", req.method, req.path)}}.dump() +
                        "\n",
                    "application/json");
  });
}

Service::~Service() = default;

std::vector<std::string> Service::endpoints() const {
  std::vector<std::string> out;
  for (const auto& e : impl_->endpoints)
    out.push_back(fmt::format("POST /{}/{} ({})", e.loop->name, e.handler->event, fmt::join(e.handler->params, ", ")));
  return out;
}

ServiceReply Service::handle(const std::string& loop, const std::string& event, const std::string& body) {
  const Endpoint* ep = nullptr;
  for (const auto& e : impl_->endpoints)
    if (e.loop->name == loop && e.handler->event == event) ep = &e;
  if (!ep) return error_reply(404, fmt::format("no handler {}/{}", loop, event));
  json params = body.empty() ? json::object() : json::parse(body, nullptr, false);
  if (params.is_discarded() || !params.is_object())
    return error_reply(400, "the request body must be a JSON object of the handler's parameters");
  const ServiceSetup& s = impl_->setup;
  json scope = base_scope(*s.document, s.set);
  std::vector<std::string> names;
  for (const auto& p : ep->handler->params) {
    auto [name, type] = split_param(p);
    names.push_back(name);
    if (!params.contains(name)) return error_reply(400, fmt::format("missing parameter '{}' ({})", name, type));
    if (!type_fits(type, params[name]))
      return error_reply(400, fmt::format("parameter '{}' must be {}, got {}", name, type, params[name].dump()));
    scope[name] = params[name];
  }
  for (const auto& [k, v] : params.items())
    if (std::find(names.begin(), names.end(), k) == names.end())
      return error_reply(400, fmt::format("unknown parameter '{}' (the handler takes: {})", k, fmt::join(names, ", ")));

  std::lock_guard lock(impl_->one_at_a_time);
  Plan plan = plan_handler(*ep->system, *ep->loop, *ep->handler, scope);
  json extra{{"event", event}};
  if (!ep->handler->statements.empty()) extra["not_executed"] = ep->handler->statements;
  try {
    check_plan(plan);
  } catch (const Error& e) {
    return error_reply(500, e.what(), extra);
  }
  RunInfo info;
  info.dsl_path = s.document->path;
  info.target = "service_loop " + plan.name;
  info.settings = {{"params", params}};
  std::unique_ptr<Journal> journal = Journal::create(s.runs_dir, info, *s.store, ep->system->name);
  extra["run"] = journal->info().id;
  RunOptions options;
  options.log = nullptr;
  try {
    RunOutcome out = run_plan(plan, s.handlers, *journal, options);
    extra["outputs"] = out.outputs;
    return {200, extra};
  } catch (const Error& e) {
    return error_reply(500, e.what(), extra);
  }
}

int Service::bind(const std::string& host, int port) {
  int bound = port == 0 ? impl_->server.bind_to_any_port(host.c_str()) : (impl_->server.bind_to_port(host.c_str(), port) ? port : -1);
  if (bound < 0) throw Error("cannot listen on {}:{} (in use, or not allowed)", host, port);
  return bound;
}

void Service::run() { impl_->server.listen_after_bind(); }
void Service::stop() { impl_->server.stop(); }

}  // namespace spak::agent
