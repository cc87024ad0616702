#pragma once
// `spak serve`: every `on Event(params)` handler of a system's service loops becomes `POST /<Loop>/<Event>`
// taking a JSON object of its parameters. Parameters are validated against their declared types (int, float,
// string, bool, list, map; untyped = any), the handler's steps run through the same runner as `spak run`
// (journaled under runs/, one run per request, one request at a time so results do not depend on timing),
// and the reply is JSON. `GET /` lists the endpoints.

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "spak/agent/handlers.h"
#include "spak/dsl/ir.h"

namespace spak::agent {

/// Everything a request needs besides its parameters.
struct ServiceSetup {
  const dsl::Document* document = nullptr;
  std::string system;                      ///< empty = every system with a service loop
  std::filesystem::path runs_dir = "runs";
  std::vector<std::string> set;            ///< --set values, bound in every request's scope
  Handlers* handlers = nullptr;
  trace::Store* store = nullptr;
};

/// A reply: HTTP status and JSON body.
struct ServiceReply {
  int status = 200;
  nlohmann::json body;
};

/// The HTTP front of a document's service loops.
class Service {
 public:
  /// Throws spak::Error when the document has no service-loop handler.
  explicit Service(ServiceSetup setup);
  ~Service();

  /// "POST /Loop/Event (p: type, …)" for each handler.
  std::vector<std::string> endpoints() const;
  /// Handles one request without HTTP (what the server calls).
  ServiceReply handle(const std::string& loop, const std::string& event, const std::string& body);
  /// Binds host:port (port 0 = any free port) and returns the port; serving starts with run().
  int bind(const std::string& host, int port);
  /// Serves until stop() (from another thread or a signal handler's thread).
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace spak::agent
