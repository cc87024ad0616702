#pragma once
// The compound writer: version N+1 of a .dsl file from version N and a Plan (compound_plan.h). The new text is
// the old text with insertions and replacements spliced in at byte offsets taken from the syntax tree and the
// IR's spans, so every byte it does not change (comments, layout, unknown constructs) survives:
//   - new facts go at the end of the system's `knowledge` section (a section is created when there is none);
//   - a fact already known by name (here or in an ancestor) is left alone unless the new one summarises more
//     trials: then it is replaced in place (or overridden in this file when an ancestor wrote it);
//   - narrowed parameters get their new domain, with a comment line above saying what was dropped and why;
//   - front matter gets `version` (N+1), `derived-from` and `date`, and is created when absent.
// Nothing is written when nothing is new. The result is loaded back and must have no errors.

#include <string>
#include <string_view>
#include <vector>

#include "spak/dsl/ir.h"
#include "spak/knowledge/compound_plan.h"

namespace spak::knowledge {

/// Choices of one compound step.
struct CompoundOptions {
  std::string system;                     ///< the system to extend; empty: the file's first system
  std::string date;                       ///< front matter `date`, YYYY-MM-DD
  std::string derived_from;               ///< front matter `derived-from`, usually the input file's name
  std::string source_note;                ///< said in the comment above the new facts, e.g. the store path
};

/// What one compound step did.
struct CompoundResult {
  std::string text;                       ///< version N+1 (equal to the input when nothing changed)
  std::string version;                    ///< the front matter version written
  std::vector<std::string> added, replaced, unchanged;  ///< fact names
  std::vector<Narrowing> narrowed;        ///< applied to a parameter written in this file
  std::vector<std::string> not_narrowed;  ///< "tile_m: defined in base.dsl, not in this file"

  bool changed() const { return !added.empty() || !replaced.empty() || !narrowed.empty(); }
};

/// Splices `plan` into `source`, the text of the file at `path`. `resolved` is the selected system with its
/// ancestors merged (resolve.h), whose facts say what is already known. Throws spak::Error when the system is
/// not in the file, or when the new text would not load without errors (a bug, reported, never written).
CompoundResult compound_text(std::string_view source, const std::string& path, const dsl::System& resolved,
                             const Plan& plan, const CompoundOptions& options);

/// The default output path of version N+1: `name_v2.dsl` → `name_v3.dsl`, `gemm.dsl` → `gemm_v<next>.dsl`.
std::string next_version_path(const std::string& path, const std::string& next_version);

}  // namespace spak::knowledge
