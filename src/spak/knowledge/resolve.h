#pragma once
// Inheritance resolution: follows `import "file.dsl"` (paths relative to the importing file) and
// `system B extends A` chains, and merges each ancestor into its child (merge.h), oldest first.
// Import cycles, inheritance cycles, missing files and missing parents are errors that name the file and line.

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "spak/dsl/ir.h"
#include "spak/util/error.h"

namespace spak::knowledge {

/// A resolution failure in DSL input; what() is the whole diagnostic, `file:line:col: error: …`, so the CLI
/// prints it as is instead of prefixing `spak: error:`.
class ResolveError : public Error {
 public:
  using Error::Error;
};

/// Reads and lowers one .dsl file, throwing spak::Error when the file cannot be read or does not parse.
/// The CLI passes the dsl loader; tests pass documents built in memory.
using DocumentLoader = std::function<dsl::Document(const std::filesystem::path&)>;

/// The loader of real files: dsl::load_file, turning a file with errors into a ResolveError that holds its
/// rendered diagnostics.
DocumentLoader file_loader();

/// One system of an extends chain: its name and the file it is written in.
struct Ancestor {
  std::string system;
  std::string file;
};

/// A system with its ancestors merged in.
struct ResolvedSystem {
  dsl::System system;
  std::vector<Ancestor> chain;            ///< the system itself first, then its parent, grandparent, …
};

/// Resolves `system_name` (empty: the document's first system) of the document at `path`, loading the document
/// and its imports through `load`. A parent is looked up in the child's own file first (unless it has the
/// child's name), then in the files it imports, nearest first. Throws ResolveError for a missing parent,
/// a missing import or a cycle.
ResolvedSystem resolve_system(const std::filesystem::path& path, const DocumentLoader& load,
                              std::string_view system_name = {});

/// For `spak show --resolved`: the chain ("Attn_v3 (v3.dsl) extends Attn_v2 (v2.dsl) …") and one line per
/// merged item with the file:line it came from.
std::string origins_text(const ResolvedSystem& resolved);

}  // namespace spak::knowledge
